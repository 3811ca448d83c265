package main

import (
	"path/filepath"
	"strings"
	"testing"

	"intake/pipeline"
	"intake/pipeline/eval"
)

// TestApplicationsOverCorpus runs the whole pipeline over the committed
// native school-transport applications and sick-pay claims: their fields
// must be read (≥ 97 %) and the domain rules must then report every
// injected fault and nothing on clean documents.
func TestApplicationsOverCorpus(t *testing.T) {
	var paths []string
	var truths []eval.Truth
	for _, kind := range []string{pipeline.TypeSchoolTransport, pipeline.TypeSickPayClaim} {
		files, _ := filepath.Glob("../../fixtures/corpus/*-" + kind + "-native.pdf")
		for _, f := range files {
			tr, err := eval.ReadTruth(strings.TrimSuffix(f, ".pdf") + ".truth.json")
			if err != nil {
				t.Fatal(err)
			}
			paths, truths = append(paths, f), append(truths, tr)
		}
	}
	if len(paths) < 10 {
		t.Fatalf("only %d native applications in the corpus", len(paths))
	}
	o := &pipelineOptions{workers: 2, maxBytes: pipeline.DefaultIngestConfig().MaxBytes, registers: "../../fixtures/corpus/registers"}
	a, err := o.build()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	sc := eval.NewScorer()
	i := 0
	err = processAll(t.Context(), a.runner, paths, 2, func(r result) error {
		if r.err != nil {
			t.Errorf("%s: %v", r.path, r.err)
		} else {
			sc.Add(r.doc, truths[i])
		}
		i++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rep := sc.Report()
	for _, m := range rep.Errors {
		t.Logf("%s: %s", filepath.Base(m.Source), strings.Join(m.Wrong, "; "))
	}
	if rep.FieldAccuracy < 0.97 {
		t.Errorf("field accuracy %.1f%%, want ≥ 97%%", 100*rep.FieldAccuracy)
	}
	if rep.FindingFP > 0 || rep.FindingFN > 0 {
		t.Errorf("findings: %d unexpected, %d missing", rep.FindingFP, rep.FindingFN)
	}
	t.Logf("%d documents, field accuracy %.1f%%, findings tp %d fp %d fn %d", rep.Documents, 100*rep.FieldAccuracy, rep.FindingTP, rep.FindingFP, rep.FindingFN)
}
