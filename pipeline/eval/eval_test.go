package eval

import (
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
