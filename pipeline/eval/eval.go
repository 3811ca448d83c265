// Package eval scores case files against ground truth: document-type
// accuracy, per-field accuracy, the share routed straight to robots and the
// error rate among auto-accepted fields.
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
	Documents       int            `json:"documents"`
	Quarantined     int            `json:"quarantined"`
	TypeCorrect     int            `json:"doc_type_correct"`
	TypeAccuracy    float64        `json:"doc_type_accuracy"`
	Fields          []FieldScore   `json:"fields"`
	FieldAccuracy   float64        `json:"field_accuracy"` // micro average over all truth fields
	ToRobot         int            `json:"to_robot"`
	StraightThrough float64        `json:"straight_through"`
	AutoAccepted    int            `json:"auto_accepted_fields"`
	AutoWrong       int            `json:"auto_accepted_wrong"`
	AutoErrorRate   float64        `json:"auto_accepted_error_rate"`
	Errors          []DocumentMiss `json:"misses,omitempty"`
}

// DocumentMiss lists what one document got wrong, for reading.
type DocumentMiss struct {
	Source string   `json:"source"`
	Wrong  []string `json:"wrong"`
}

// Scorer accumulates documents.
type Scorer struct {
	fields map[string]*FieldScore
	r      Report
}

// NewScorer returns an empty scorer.
func NewScorer() *Scorer { return &Scorer{fields: map[string]*FieldScore{}} }

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
	robot := doc.Route.To == pipeline.ToRobot
	if robot {
		s.r.ToRobot++
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
	if len(wrong) > 0 {
		sort.Strings(wrong)
		s.r.Errors = append(s.r.Errors, DocumentMiss{Source: doc.Origin.Source, Wrong: wrong})
	}
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
	r.TypeAccuracy = ratio(r.TypeCorrect, r.Documents)
	r.FieldAccuracy = ratio(correct, total)
	r.StraightThrough = ratio(r.ToRobot, r.Documents)
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
	fmt.Fprintf(&b, "%-20s %8s %8s %8s %9s\n", "field", "total", "correct", "missing", "accuracy")
	for _, f := range r.Fields {
		fmt.Fprintf(&b, "%-20s %8d %8d %8d %8.1f%%\n", f.Field, f.Total, f.Correct, f.Missing, 100*f.Accuracy)
	}
	return b.String()
}
