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
