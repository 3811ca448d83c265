package eval

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intake/pipeline"
)

func doc(route pipeline.Destination, typ string, fields map[string]string) *pipeline.Document {
	d := &pipeline.Document{Type: pipeline.Label{Value: typ}, Route: pipeline.Route{To: route}}
	for k, v := range fields {
		d.SetField(k, pipeline.Field{Value: v})
	}
	return d
}

func TestScorer(t *testing.T) {
	s := NewScorer()
	truth := Truth{DocType: "invoice", Fields: map[string]string{"amount_total": "100.00", "invoice_number": "A1", "supplier_id": "DK12345678"}}
	s.Add(doc(pipeline.ToRobot, "invoice", map[string]string{"amount_total": "100.0", "invoice_number": "A1", "supplier_id": "dk 1234 5678"}), truth)
	s.Add(doc(pipeline.ToRobot, "invoice", map[string]string{"amount_total": "99.00", "invoice_number": "A1"}), truth)
	s.Add(doc(pipeline.ToCaseworker, "other", nil), truth)
	r := s.Report()
	if r.Documents != 3 || r.TypeCorrect != 2 || r.ToRobot != 2 {
		t.Fatalf("counts: %+v", r)
	}
	// 9 truth fields, 4 correct (3 + invoice_number of the second + none of the third).
	if got, want := r.FieldAccuracy, 4.0/9; got != want {
		t.Fatalf("field accuracy %v, want %v", got, want)
	}
	// Auto-accepted: 3 + 2 fields of robot cases; one wrong (99.00).
	if r.AutoAccepted != 5 || r.AutoWrong != 1 {
		t.Fatalf("auto-accepted %d wrong %d, want 5 and 1", r.AutoAccepted, r.AutoWrong)
	}
	if len(r.Errors) != 2 {
		t.Fatalf("misses: %+v", r.Errors)
	}
	if out := r.Format(); !strings.Contains(out, "amount_total") || !strings.Contains(out, "66.7%") {
		t.Fatalf("table:\n%s", out)
	}
}

func TestEqual(t *testing.T) {
	yes := [][3]string{{"amount_due", "10.5", "10.50"}, {"iban", "dk50 0040 0440 1162 43", "DK5000400440116243"}, {"supplier_name", "ACME  A/S", "acme a/s"}}
	no := [][3]string{{"amount_due", "10.51", "10.50"}, {"invoice_number", "A-1", "A1"}, {"issue_date", "2024-03-02", "2024-03-01"}}
	for _, c := range yes {
		if !Equal(c[0], c[1], c[2]) {
			t.Errorf("Equal%v = false", c)
		}
	}
	for _, c := range no {
		if Equal(c[0], c[1], c[2]) {
			t.Errorf("Equal%v = true", c)
		}
	}
}

func TestReadTruthRejectsUnknownType(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.truth.json")
	os.WriteFile(p, []byte(`{"doc_type":"invoize","fields":{}}`), 0o644)
	if _, err := ReadTruth(p); err == nil || !strings.Contains(err.Error(), "invoize") {
		t.Fatalf("err = %v", err)
	}
}

func TestFindingScores(t *testing.T) {
	s := NewScorer()
	withFindings := func(fs ...pipeline.Finding) *pipeline.Document {
		d := doc(pipeline.ToCaseworker, "invoice", nil)
		d.Findings = fs
		return d
	}
	truth := Truth{DocType: "invoice", Findings: []string{"BR-CO-15", "invoice.supplier_known"}, HasFindings: true}
	s.Add(withFindings(
		pipeline.Finding{Rule: "BR-CO-15", Severity: pipeline.SeverityError},
		pipeline.Finding{Rule: "invoice.not_duplicate", Severity: pipeline.SeverityWarning},
		pipeline.Finding{Rule: "invoice.order_open", Severity: pipeline.SeverityInfo}), truth)
	// A truth without a findings label is not scored.
	s.Add(withFindings(pipeline.Finding{Rule: "BR-CO-15", Severity: pipeline.SeverityError}), Truth{DocType: "invoice"})
	r := s.Report()
	if r.FindingTP != 1 || r.FindingFP != 1 || r.FindingFN != 1 || r.FindingPrec != 0.5 || r.FindingRecall != 0.5 {
		t.Fatalf("findings: tp %d fp %d fn %d p %.2f r %.2f", r.FindingTP, r.FindingFP, r.FindingFN, r.FindingPrec, r.FindingRecall)
	}
	if len(r.Findings) != 3 || !strings.Contains(r.Format(), "invoice.supplier_known") {
		t.Errorf("per rule: %+v\n%s", r.Findings, r.Format())
	}
}

func TestReadTruthFindings(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"a.truth.json": `{"doc_type":"invoice","fields":{},"findings":[]}`,
		"b.truth.json": `{"doc_type":"invoice","fields":{}}`,
	} {
		os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
	}
	a, err := ReadTruth(filepath.Join(dir, "a.truth.json"))
	if err != nil || !a.HasFindings {
		t.Errorf("a: %+v %v", a, err)
	}
	b, err := ReadTruth(filepath.Join(dir, "b.truth.json"))
	if err != nil || b.HasFindings {
		t.Errorf("b: %+v %v", b, err)
	}
}

func TestConfusionAndECE(t *testing.T) {
	sc := NewScorer()
	for _, c := range []struct {
		got  string
		conf float64
		want string
	}{{"invoice", 0.9, "invoice"}, {"invoice", 0.9, "credit_note"}, {"other", 0.6, "other"}, {"other", 0.6, "other"}} {
		sc.Add(&pipeline.Document{Type: pipeline.Label{Value: c.got, Confidence: c.conf}}, Truth{DocType: c.want})
	}
	r := sc.Report()
	if r.Confusion["credit_note"]["invoice"] != 1 || r.Confusion["other"]["other"] != 2 {
		t.Fatalf("confusion %v", r.Confusion)
	}
	if math.Abs(r.TypeECE-0.4) > 1e-9 { // |1.8-1|/4 + |1.2-2|/4
		t.Fatalf("ECE %g, want 0.4", r.TypeECE)
	}
	if !strings.Contains(r.Format(), "credit_note                           1        0") {
		t.Fatalf("matrix not in the report:\n%s", r.Format())
	}
}

func TestStraightByType(t *testing.T) {
	s := NewScorer()
	clean := Truth{DocType: "invoice", Findings: []string{}, HasFindings: true}
	faulty := Truth{DocType: "invoice", Findings: []string{"invoice.supplier_known"}, HasFindings: true}
	app := Truth{DocType: "sick_pay_claim", Findings: []string{}, HasFindings: true}
	s.Add(doc(pipeline.ToRobot, "invoice", nil), clean)
	s.Add(doc(pipeline.ToCaseworker, "invoice", nil), clean)
	s.Add(doc(pipeline.ToCaseworker, "invoice", nil), faulty)
	s.Add(doc(pipeline.ToCaseworker, "sick_pay_claim", nil), app)
	got := map[string]StraightScore{}
	for _, st := range s.Report().Straight {
		got[st.Kind] = st
	}
	want := map[string][2]int{"invoice": {3, 1}, "invoice (clean)": {2, 1}, "sick_pay_claim": {1, 0}}
	if len(got) != len(want) {
		t.Fatalf("kinds %+v, want %v", got, want)
	}
	for k, w := range want {
		if g := got[k]; g.Total != w[0] || g.ToRobot != w[1] {
			t.Errorf("%s: %d/%d, want %d/%d", k, g.ToRobot, g.Total, w[1], w[0])
		}
	}
	if g := got["invoice (clean)"].Share; g != 0.5 {
		t.Errorf("clean share %v, want 0.5", g)
	}
}
