package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intake/pipeline"
	"intake/pipeline/eval"
)

// TestFormatScoresByLayout: field accuracy is broken down by format and
// by whether the layout was held out of training.
func TestFormatScoresByLayout(t *testing.T) {
	dir := t.TempDir()
	s := newFormatScores()
	for _, d := range []struct {
		name, truth string
		got         string
	}{
		{"a", `{"format":"native","held_out":false}`, "F-1"},
		{"b", `{"format":"native","held_out":true}`, "F-9"},
		{"c", `{"format":"scanned","held_out":true}`, "F-1"},
	} {
		if err := os.WriteFile(filepath.Join(dir, d.name+".truth.json"), []byte(d.truth), 0o644); err != nil {
			t.Fatal(err)
		}
		doc := &pipeline.Document{Fields: map[string]pipeline.Field{"invoice_number": {Value: d.got}}}
		s.add(filepath.Join(dir, d.name+".pdf"), doc, eval.Truth{Fields: map[string]string{"invoice_number": "F-1"}})
	}
	out := s.Format()
	for _, want := range []string{"native          2     50.0%", "scanned         1    100.0%", "seen            1    100.0%", "held out        2     50.0%"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

// TestFormatScoresCERParts: the OCR formats' errors are summed over their
// documents' characters by part, beside the mean per document.
func TestFormatScoresCERParts(t *testing.T) {
	dir := t.TempDir()
	s := newFormatScores()
	for _, d := range []struct{ name, truth, read string }{
		// 20 characters: one misread, nothing else.
		{"a", `{"format":"scanned","text":"Faktura 2024-0476\nSEK"}`, "Faktura 2O24-0476\nSEK"},
		// 20 characters: a line of 3 never read, 2 marks read.
		{"b", `{"format":"scanned","text":"Faktura 2024-0476\nSEK"}`, "Faktura 2024-0476\n| ~"},
	} {
		if err := os.WriteFile(filepath.Join(dir, d.name+".truth.json"), []byte(d.truth), 0o644); err != nil {
			t.Fatal(err)
		}
		doc := &pipeline.Document{Pages: []pipeline.Page{{Number: 1, Words: words(d.read)}}}
		s.add(filepath.Join(dir, d.name+".pdf"), doc, eval.Truth{})
	}
	out := s.Format()
	worst := s.Worst()
	if !strings.Contains(worst, "25.00%     0 /    3 /    2  "+filepath.Join(dir, "b.pdf")+"\n  5.00%     1 /    0 /    0  "+filepath.Join(dir, "a.pdf")) {
		t.Errorf("worst first, with parts:\n%s", worst)
	}
	// Means per document: 1/20 and 5/20; parts over the 40 characters.
	for _, want := range []string{"scanned         2      0.0%     15.00%     25.00%", "scanned        2.50%       7.50%        5.00%    15.00%"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

// words lays text out as a page's words, a line of text to a line.
func words(text string) []pipeline.Word {
	var out []pipeline.Word
	for i, line := range strings.Split(text, "\n") {
		x := 50.0
		for _, w := range strings.Fields(line) {
			out = append(out, pipeline.Word{Text: w, Box: pipeline.Box{X0: x, Y0: 50 + 20*float64(i), X1: x + 6*float64(len(w)), Y1: 60 + 20*float64(i)}, Conf: 1})
			x += 6*float64(len(w)) + 6
		}
	}
	return out
}

func TestFormatScoresHeld(t *testing.T) {
	dir := t.TempDir()
	s := newFormatScores()
	clean := eval.Truth{DocType: pipeline.TypeInvoice, HasFindings: true}
	low := pipeline.Reason{Code: "field.low_confidence", Field: "invoice_number"}
	for _, d := range []struct {
		name, format string
		truth        eval.Truth
		route        pipeline.Route
	}{
		{"a", "native", clean, pipeline.Route{To: pipeline.ToRobot}},
		{"b", "native", clean, pipeline.Route{To: pipeline.ToCaseworker, Reasons: []pipeline.Reason{low}}},
		// One reason twice counts once; the second reason counts too.
		{"c", "scanned", clean, pipeline.Route{To: pipeline.ToCaseworker, Reasons: []pipeline.Reason{low, low, {Code: "field.missing", Field: "due_date"}}}},
		{"d", "scanned", clean, pipeline.Route{To: pipeline.ToCaseworker, Reasons: []pipeline.Reason{low}}},
		// Not clean: a finding is expected, so it is not counted.
		{"e", "scanned", eval.Truth{DocType: pipeline.TypeInvoice, HasFindings: true, Findings: []string{"BR-CO-15"}}, pipeline.Route{To: pipeline.ToCaseworker, Reasons: []pipeline.Reason{low}}},
		// Applications are never clean in this sense.
		{"f", "native", eval.Truth{DocType: pipeline.TypeSickPayClaim, HasFindings: true}, pipeline.Route{To: pipeline.ToCaseworker, Reasons: []pipeline.Reason{low}}},
	} {
		if err := os.WriteFile(filepath.Join(dir, d.name+".truth.json"), []byte(`{"format":"`+d.format+`"}`), 0o644); err != nil {
			t.Fatal(err)
		}
		s.add(filepath.Join(dir, d.name+".pdf"), &pipeline.Document{Route: d.route}, d.truth)
	}
	out := s.Format()
	for _, want := range []string{
		"to robot                                          1/2      0/2\n",
		"held: field.low_confidence invoice_number           1        2\n" +
			"held: field.missing due_date                        0        1\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}
