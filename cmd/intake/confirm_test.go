package main

import (
	"path/filepath"
	"strings"
	"testing"

	"intake/pipeline"
	"intake/pipeline/eval"
)

// TestConfirmOverCorpus runs the pipeline with the corpus registers over
// the committed native invoices: the confirm stage must confirm the
// supplier of most clean ones, every confirmed value must be the truth,
// and the case files must carry confirmed_by within the schema.
func TestConfirmOverCorpus(t *testing.T) {
	files, _ := filepath.Glob("../../fixtures/corpus/*-invoice-native.pdf")
	if len(files) < 20 {
		t.Fatalf("only %d native invoices in the corpus", len(files))
	}
	out := t.TempDir()
	args := append([]string{"process", "--out", out, "--registers", "../../fixtures/corpus/registers"}, files...)
	if code, _, stderr := runCLI(t, args...); code != 0 {
		t.Fatalf("process: exit %d: %s", code, stderr)
	}
	cases := readCases(t, out) // schema-checked
	clean, confirmed := 0, 0
	for _, f := range files {
		tr, err := eval.ReadTruth(strings.TrimSuffix(f, ".pdf") + ".truth.json")
		if err != nil {
			t.Fatal(err)
		}
		c, ok := cases[f]
		if !ok {
			t.Fatalf("no case for %s", f)
		}
		if len(tr.Findings) == 0 {
			clean++
		}
		for name, fl := range c.Fields {
			if fl.ConfirmedBy == "" {
				continue
			}
			if !eval.Equal(name, fl.Value, tr.Fields[name]) {
				t.Errorf("%s: %s confirmed as %q (%s), truth %q", filepath.Base(f), name, fl.Value, fl.ConfirmedBy, tr.Fields[name])
			}
			if fl.Confidence < 0.99 || fl.Page == 0 {
				t.Errorf("%s: confirmed %s without its confidence or page: %+v", filepath.Base(f), name, fl)
			}
			if name == "supplier_id" && len(tr.Findings) == 0 {
				confirmed++
			}
		}
		if c.DocType.Value != pipeline.TypeInvoice {
			t.Errorf("%s: typed %s", filepath.Base(f), c.DocType.Value)
		}
	}
	if confirmed < clean*9/10 {
		t.Errorf("supplier confirmed on %d of %d clean native invoices, want ≥ 90 %%", confirmed, clean)
	}
	t.Logf("supplier confirmed on %d of %d clean native invoices", confirmed, clean)
}
