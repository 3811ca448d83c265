// Package eval scores case files against ground truth: document-type
// accuracy, per-field accuracy, the share routed straight to robots, the
// error rate among auto-accepted fields and the precision and recall of
// rule findings.
package eval

import (
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"sort"
	"strings"

	"intake/pipeline"
	"intake/pipeline/normalize"
)

// Truth is the ground truth beside a fixture (X.truth.json).
type Truth struct {
	DocType   string              `json:"doc_type"`
	Fields    map[string]string   `json:"fields"`
	LineItems []pipeline.LineItem `json:"line_items,omitempty"`
	// Findings are the rule ids a validator must report (errors and
	// warnings); info findings are not scored.
	Findings []string `json:"findings"`
	// HasFindings tells an empty findings list (a clean document) from a
	// truth that does not label findings at all.
	HasFindings bool `json:"-"`
}

// ReadTruth loads a truth file, rejecting unknown document types.
func ReadTruth(path string) (Truth, error) {
	var t Truth
	b, err := os.ReadFile(path)
	if err != nil {
		return t, fmt.Errorf("truth: %w", err)
	}
	if err := json.Unmarshal(b, &t); err != nil {
		return t, fmt.Errorf("truth: %s: %w", path, err)
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(b, &keys) == nil {
		_, t.HasFindings = keys["findings"]
	}
	known := false
	for _, d := range pipeline.DocTypes {
		known = known || d == t.DocType
	}
	if !known {
		return t, fmt.Errorf("truth: %s: unknown doc_type %q", path, t.DocType)
	}
	return t, nil
}

// FieldScore counts one field over the documents whose truth has it.
type FieldScore struct {
	Field    string  `json:"field"`
	Total    int     `json:"total"`
	Correct  int     `json:"correct"`
	Missing  int     `json:"missing"`
	Accuracy float64 `json:"accuracy"`
}

// Report is the outcome of one evaluation.
type Report struct {
	Documents       int          `json:"documents"`
	Quarantined     int          `json:"quarantined"`
	TypeCorrect     int          `json:"doc_type_correct"`
	TypeAccuracy    float64      `json:"doc_type_accuracy"`
	TypeECE         float64      `json:"doc_type_ece"`       // calibration error of the doc_type confidence
	Confusion       Confusion    `json:"doc_type_confusion"` // truth → predicted → documents
	Fields          []FieldScore `json:"fields"`
	FieldAccuracy   float64      `json:"field_accuracy"` // micro average over all truth fields
	ToRobot         int          `json:"to_robot"`
	StraightThrough float64      `json:"straight_through"`
	// Straight is the share to robots per truth document type, and for
	// invoices and credit notes also over the clean ones: those whose
	// truth lists no finding, which are the only ones a robot should get.
	Straight      []StraightScore `json:"straight_by_type,omitempty"`
	AutoAccepted  int             `json:"auto_accepted_fields"`
	AutoWrong     int             `json:"auto_accepted_wrong"`
	AutoErrorRate float64         `json:"auto_accepted_error_rate"`
	Findings      []RuleScore     `json:"findings,omitempty"`
	FindingTP     int             `json:"finding_tp"`
	FindingFP     int             `json:"finding_fp"`
	FindingFN     int             `json:"finding_fn"`
	FindingPrec   float64         `json:"finding_precision"`
	FindingRecall float64         `json:"finding_recall"`
	Errors        []DocumentMiss  `json:"misses,omitempty"`
}

// StraightScore counts the documents of one kind that went to a robot.
type StraightScore struct {
	Kind    string  `json:"kind"`
	Total   int     `json:"total"`
	ToRobot int     `json:"to_robot"`
	Share   float64 `json:"share"`
}

// RuleScore counts one rule's findings over the documents whose truth
// labels findings.
type RuleScore struct {
	Rule      string  `json:"rule"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
}

// DocumentMiss lists what one document got wrong, for reading.
type DocumentMiss struct {
	Source string   `json:"source"`
	Wrong  []string `json:"wrong"`
}

// Scorer accumulates documents.
type Scorer struct {
	straight map[string]*StraightScore
	fields   map[string]*FieldScore
	rules    map[string]*RuleScore
	types    typeScore
	r        Report
}

// NewScorer returns an empty scorer.
func NewScorer() *Scorer {
	return &Scorer{fields: map[string]*FieldScore{}, rules: map[string]*RuleScore{}, straight: map[string]*StraightScore{}}
}

// Add scores one processed document against its truth. A field counts as
// auto-accepted when its case went to a robot: that is what nobody checks.
func (s *Scorer) Add(doc *pipeline.Document, t Truth) {
	s.r.Documents++
	if doc.Route.To == pipeline.ToQuarantine {
		s.r.Quarantined++
	}
	if doc.Type.Value == t.DocType {
		s.r.TypeCorrect++
	}
	s.types.add(doc.Type, t.DocType)
	robot := doc.Route.To == pipeline.ToRobot
	if robot {
		s.r.ToRobot++
	}
	s.countStraight(t.DocType, robot)
	if t.HasFindings && len(t.Findings) == 0 && (t.DocType == pipeline.TypeInvoice || t.DocType == pipeline.TypeCreditNote) {
		s.countStraight(t.DocType+" (clean)", robot)
	}
	var wrong []string
	if doc.Type.Value != t.DocType {
		wrong = append(wrong, fmt.Sprintf("doc_type: got %q want %q", doc.Type.Value, t.DocType))
	}
	for name, want := range t.Fields {
		fs := s.fields[name]
		if fs == nil {
			fs = &FieldScore{Field: name}
			s.fields[name] = fs
		}
		fs.Total++
		got, ok := doc.Fields[name]
		switch {
		case !ok:
			fs.Missing++
			wrong = append(wrong, fmt.Sprintf("%s: missing, want %q", name, want))
		case Equal(name, got.Value, want):
			fs.Correct++
		default:
			wrong = append(wrong, fmt.Sprintf("%s: got %q want %q", name, got.Value, want))
		}
		if ok && robot {
			s.r.AutoAccepted++
			if !Equal(name, got.Value, want) {
				s.r.AutoWrong++
			}
		}
	}
	if t.HasFindings {
		wrong = append(wrong, s.addFindings(doc, t)...)
	}
	if len(wrong) > 0 {
		sort.Strings(wrong)
		s.r.Errors = append(s.r.Errors, DocumentMiss{Source: doc.Origin.Source, Wrong: wrong})
	}
}

func (s *Scorer) countStraight(kind string, robot bool) {
	st := s.straight[kind]
	if st == nil {
		st = &StraightScore{Kind: kind}
		s.straight[kind] = st
	}
	st.Total++
	if robot {
		st.ToRobot++
	}
}

// addFindings scores the error and warning findings of doc against the
// truth's rule ids and returns the differences.
func (s *Scorer) addFindings(doc *pipeline.Document, t Truth) []string {
	rule := func(id string) *RuleScore {
		if s.rules[id] == nil {
			s.rules[id] = &RuleScore{Rule: id}
		}
		return s.rules[id]
	}
	got := map[string]bool{}
	for _, f := range doc.Findings {
		if f.Severity != pipeline.SeverityInfo {
			got[f.Rule] = true
		}
	}
	want := map[string]bool{}
	for _, id := range t.Findings {
		want[id] = true
	}
	var wrong []string
	for id := range got {
		if want[id] {
			rule(id).TP++
		} else {
			rule(id).FP++
			wrong = append(wrong, "finding: unexpected "+id)
		}
	}
	for id := range want {
		if !got[id] {
			rule(id).FN++
			wrong = append(wrong, "finding: missing "+id)
		}
	}
	return wrong
}

// Report returns the totals so far.
func (s *Scorer) Report() Report {
	r := s.r
	r.Fields = nil
	total, correct := 0, 0
	for _, fs := range s.fields {
		f := *fs
		f.Accuracy = ratio(f.Correct, f.Total)
		r.Fields = append(r.Fields, f)
		total += f.Total
		correct += f.Correct
	}
	sort.Slice(r.Fields, func(i, j int) bool { return r.Fields[i].Field < r.Fields[j].Field })
	r.Findings = nil
	for _, rs := range s.rules {
		x := *rs
		x.Precision, x.Recall = ratio(x.TP, x.TP+x.FP), ratio(x.TP, x.TP+x.FN)
		r.Findings = append(r.Findings, x)
		r.FindingTP, r.FindingFP, r.FindingFN = r.FindingTP+x.TP, r.FindingFP+x.FP, r.FindingFN+x.FN
	}
	sort.Slice(r.Findings, func(i, j int) bool { return r.Findings[i].Rule < r.Findings[j].Rule })
	r.FindingPrec = ratio(r.FindingTP, r.FindingTP+r.FindingFP)
	r.FindingRecall = ratio(r.FindingTP, r.FindingTP+r.FindingFN)
	r.TypeAccuracy = ratio(r.TypeCorrect, r.Documents)
	r.TypeECE, r.Confusion = s.types.report()
	r.FieldAccuracy = ratio(correct, total)
	r.StraightThrough = ratio(r.ToRobot, r.Documents)
	r.Straight = nil
	for _, st := range s.straight {
		x := *st
		x.Share = ratio(x.ToRobot, x.Total)
		r.Straight = append(r.Straight, x)
	}
	sort.Slice(r.Straight, func(i, j int) bool { return r.Straight[i].Kind < r.Straight[j].Kind })
	r.AutoErrorRate = ratio(r.AutoWrong, r.AutoAccepted)
	sort.Slice(r.Errors, func(i, j int) bool { return r.Errors[i].Source < r.Errors[j].Source })
	return r
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Equal compares a field value with its truth after normalisation: money
// by value, identifiers without separators, text case- and space-insensitive.
func Equal(field, got, want string) bool {
	if got == want {
		return true
	}
	if isMoney(field) {
		a, okA := new(big.Rat).SetString(got)
		b, okB := new(big.Rat).SetString(want)
		return okA && okB && a.Cmp(b) == 0
	}
	if strings.HasSuffix(field, "_id") || field == "iban" || field == "bankgiro" || field == "plusgiro" ||
		field == "bank_account" || field == "payment_reference" || field == "buyer_gln" {
		return normalize.ID(got) == normalize.ID(want)
	}
	return strings.Join(strings.Fields(strings.ToLower(got)), " ") == strings.Join(strings.Fields(strings.ToLower(want)), " ")
}

func isMoney(field string) bool { return strings.HasPrefix(field, "amount_") }

// Format renders the report as a plain table.
func (r Report) Format() string {
	var b strings.Builder
	fmt.Fprintf(&b, "documents            %d (quarantined %d)\n", r.Documents, r.Quarantined)
	fmt.Fprintf(&b, "doc_type accuracy    %.1f%% (%d/%d)\n", 100*r.TypeAccuracy, r.TypeCorrect, r.Documents)
	fmt.Fprintf(&b, "field accuracy       %.1f%% (all fields, micro average)\n", 100*r.FieldAccuracy)
	fmt.Fprintf(&b, "straight to robot    %.1f%% (%d/%d)\n", 100*r.StraightThrough, r.ToRobot, r.Documents)
	fmt.Fprintf(&b, "auto-accepted wrong  %.2f%% (%d/%d fields)\n\n", 100*r.AutoErrorRate, r.AutoWrong, r.AutoAccepted)
	fmt.Fprintf(&b, "%-32s %6s %8s %7s\n", "straight to robot by type", "docs", "to robot", "share")
	for _, st := range r.Straight {
		fmt.Fprintf(&b, "%-32s %6d %8d %6.1f%%\n", st.Kind, st.Total, st.ToRobot, 100*st.Share)
	}
	b.WriteByte('\n')
	fmt.Fprintf(&b, "doc_type ECE         %.3f (confidence against accuracy, %d bins)\n", r.TypeECE, eceBins)
	b.WriteString(r.Confusion.Format())
	b.WriteByte('\n')
	fmt.Fprintf(&b, "%-20s %8s %8s %8s %9s\n", "field", "total", "correct", "missing", "accuracy")
	for _, f := range r.Fields {
		fmt.Fprintf(&b, "%-20s %8d %8d %8d %8.1f%%\n", f.Field, f.Total, f.Correct, f.Missing, 100*f.Accuracy)
	}
	if len(r.Findings) > 0 {
		fmt.Fprintf(&b, "\nfindings (errors and warnings) precision %.1f%% recall %.1f%% (tp %d, fp %d, fn %d)\n",
			100*r.FindingPrec, 100*r.FindingRecall, r.FindingTP, r.FindingFP, r.FindingFN)
		fmt.Fprintf(&b, "%-55s %4s %4s %4s %9s %7s\n", "rule", "tp", "fp", "fn", "precision", "recall")
		for _, f := range r.Findings {
			fmt.Fprintf(&b, "%-55s %4d %4d %4d %8.1f%% %6.1f%%\n", f.Rule, f.TP, f.FP, f.FN, 100*f.Precision, 100*f.Recall)
		}
	}
	return b.String()
}
