package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"intake/pipeline"
)

var noChecks = map[string]CheckFunc{"any": func(string) bool { return true }}

func TestBuiltinCompiles(t *testing.T) {
	checks := map[string]CheckFunc{}
	for _, k := range []string{"cvr", "orgnr", "iban", "fik", "ocr", "rf", "cpr", "personnummer"} {
		checks[k] = func(string) bool { return true }
	}
	st, err := OpenFS(Builtin(), checks)
	if err != nil {
		t.Fatal(err)
	}
	if v := st.Current().Version(); !strings.Contains(v, "invoice@") || !strings.Contains(v, "school_transport@") {
		t.Errorf("Version = %q", v)
	}
}

const ruleTmpl = `version: "1"
document_types: [invoice]
date_field: issue_date
params: {limit: LIMIT}
rules:
  - id: under_limit
    severity: error
    source: "test §1"
    valid_from: "2020-01-01"
    when: "has(fields.amount_total)"
    expr: "money(fields.amount_total) <= int(params.limit) * 100"
    fields: [amount_total]
    message: {da: "for stort", sv: "för stort", en: "too large"}
`

func TestLoadReportsEveryProblemWithPlace(t *testing.T) {
	fsys := fstest.MapFS{
		"a.yaml": {Data: []byte(`version: "1"
document_types: [invoice]
rules:
  - id: x
    severity: fatal
    source: s
    valid_from: "2020-01-01"
    expr: "fields.amount + 1"
    message: {da: a, sv: b, en: c}
  - id: y
    severity: error
    source: s
    valid_from: "2020-01-01"
    expr: "nosuch.value == 1"
    message: {da: a, sv: b, en: c}
`)},
		"b.yaml": {Data: []byte("version: \"1\"\ndocument_types: [invoice]\ncolour: red\n")},
	}
	_, err := Load(fsys, noChecks)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{`a.yaml:4: rule "x": severity "fatal"`, `a.yaml:4: rule "x": expr (line 8)`, `a.yaml:10: rule "y": expr (line 14)`, "undeclared reference to 'nosuch'", "b.yaml", "colour"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not say %q:\n%s", want, msg)
		}
	}
}

func TestEffectiveDates(t *testing.T) {
	src := strings.Replace(ruleTmpl, "LIMIT", "100", 1)
	src = strings.Replace(src, `valid_from: "2020-01-01"`, "valid_from: \"2020-01-01\"\n    valid_to: \"2020-12-31\"", 1)
	s, err := Load(fstest.MapFS{"r.yaml": {Data: []byte(src)}}, noChecks)
	if err != nil {
		t.Fatal(err)
	}
	for date, want := range map[string]int{"2019-12-31": 0, "2020-06-01": 1, "2021-01-01": 0} {
		got := s.Evaluate(Input{DocType: "invoice", Fields: map[string]string{"amount_total": "500.00", "issue_date": date}})
		if len(got) != want {
			t.Errorf("%s: %d findings, want %d: %v", date, len(got), want, got)
		}
	}
	got := s.Evaluate(Input{DocType: "invoice", Fields: map[string]string{"amount_total": "500.00", "issue_date": "2020-06-01"}})
	if f := got[0]; f.Rule != "invoice.under_limit" || f.Severity != pipeline.SeverityError || f.Message.SV != "för stort" ||
		!strings.Contains(f.Evidence, "amount_total=500.00") || !strings.Contains(f.Evidence, "test §1") {
		t.Errorf("finding = %+v", f)
	}
}

func TestRegistersNotConfigured(t *testing.T) {
	src := strings.Replace(strings.Replace(ruleTmpl, "LIMIT", "100", 1), "    severity: error\n", "    severity: error\n    registers: true\n", 1)
	s, err := Load(fstest.MapFS{"r.yaml": {Data: []byte(src)}}, noChecks)
	if err != nil {
		t.Fatal(err)
	}
	got := s.Evaluate(Input{DocType: "invoice", Fields: map[string]string{"amount_total": "500.00", "issue_date": "2024-01-01"}})
	if len(got) != 1 || got[0].Severity != pipeline.SeverityInfo || !strings.Contains(got[0].Message.EN, "not configured") {
		t.Errorf("findings = %+v", got)
	}
}

func TestReloadChangedThreshold(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.yaml")
	write := func(limit string, mtime time.Time) {
		if err := os.WriteFile(path, []byte(strings.Replace(ruleTmpl, "LIMIT", limit, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(path, mtime, mtime)
	}
	write("100", time.Now().Add(-time.Minute))
	st, err := OpenDir(dir, noChecks)
	if err != nil {
		t.Fatal(err)
	}
	stage := &Stage{Rules: st}
	run := func() int {
		doc := &pipeline.Document{Type: pipeline.Label{Value: "invoice"}}
		doc.SetField("amount_total", pipeline.Field{Value: "500.00"})
		doc.SetField("issue_date", pipeline.Field{Value: "2024-01-01"})
		if err := stage.Process(t.Context(), doc); err != nil {
			t.Fatal(err)
		}
		if doc.Versions.Rules["r"] != "1" {
			t.Errorf("Versions.Rules = %v", doc.Versions.Rules)
		}
		return len(doc.Findings)
	}
	if n := run(); n != 1 {
		t.Fatalf("limit 100: %d findings, want 1", n)
	}
	write("1000", time.Now())
	if changed, err := st.Reload(); !changed || err != nil {
		t.Fatalf("Reload = %v, %v", changed, err)
	}
	if n := run(); n != 0 {
		t.Errorf("limit 1000 after reload: %d findings, want 0", n)
	}
	os.WriteFile(path, []byte("version: [broken"), 0o644)
	if _, err := st.Reload(); err == nil {
		t.Error("a broken file was accepted")
	}
	if n := run(); n != 0 {
		t.Errorf("a broken file replaced the rules in force: %d findings", n)
	}
}

// A failure over a value read below min_confidence is info, not concluded;
// the same failure over values read with confidence stays an error.
func TestLowConfidenceIsNotConcluded(t *testing.T) {
	src := strings.Replace(ruleTmpl, "LIMIT", "100", 1)
	src = strings.Replace(src, "    fields: [amount_total]", "    fields: [amount_total]\n    min_confidence: 0.5", 1)
	s, err := Load(fstest.MapFS{"r.yaml": {Data: []byte(src)}}, noChecks)
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]string{"amount_total": "500.00", "issue_date": "2024-06-01"}
	for conf, want := range map[float64]pipeline.Severity{0.3: pipeline.SeverityInfo, 0.5: pipeline.SeverityError, 0.97: pipeline.SeverityError} {
		got := s.Evaluate(Input{DocType: "invoice", Fields: fields, Confidence: map[string]float64{"amount_total": conf}})
		if len(got) != 1 || got[0].Severity != want {
			t.Fatalf("confidence %g: %+v, want one %s", conf, got, want)
		}
		if want == pipeline.SeverityInfo && !strings.Contains(got[0].Evidence, "not concluded") {
			t.Errorf("evidence %q", got[0].Evidence)
		}
	}
	bad := strings.Replace(src, "min_confidence: 0.5", "min_confidence: 1.5", 1)
	if _, err := Load(fstest.MapFS{"r.yaml": {Data: []byte(bad)}}, noChecks); err == nil || !strings.Contains(err.Error(), "min_confidence") {
		t.Errorf("min_confidence 1.5 accepted: %v", err)
	}
}

// min_confidence is about reading: the stage applies it to values read by
// OCR; a native value's low confidence (an odd pick) leaves the error.
func TestStageLowConfidenceOnlyForOCR(t *testing.T) {
	src := strings.Replace(ruleTmpl, "LIMIT", "100", 1)
	src = strings.Replace(src, "    fields: [amount_total]", "    fields: [amount_total]\n    min_confidence: 0.5", 1)
	st, err := OpenFS(fstest.MapFS{"r.yaml": {Data: []byte(src)}}, noChecks)
	if err != nil {
		t.Fatal(err)
	}
	for src, want := range map[pipeline.TextSource]pipeline.Severity{pipeline.SourceOCR: pipeline.SeverityInfo, pipeline.SourceNative: pipeline.SeverityError} {
		doc := &pipeline.Document{Type: pipeline.Label{Value: "invoice"}, Pages: []pipeline.Page{{Number: 1, Source: src}}}
		doc.SetField("amount_total", pipeline.Field{Value: "500.00", Confidence: 0.3, Page: 1})
		doc.SetField("issue_date", pipeline.Field{Value: "2024-01-01", Confidence: 1})
		if err := (&Stage{Rules: st}).Process(t.Context(), doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Findings) != 1 || doc.Findings[0].Severity != want {
			t.Errorf("%s page: %+v, want one %s", src, doc.Findings, want)
		}
	}
}
