package classifier

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

var labelSet = []string{"invoice", "credit_note", "payment_reminder", "school_transport_application", "sick_pay_claim", "other"}

// corpus reads the committed corpus's truth texts and types, leaving out
// e-invoice XML (typed exactly by its reader, never by this model).
func corpus(t testing.TB) (texts, labels []string) {
	t.Helper()
	files, err := filepath.Glob("../../fixtures/corpus/*.truth.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v struct {
			DocType string `json:"doc_type"`
			Format  string `json:"format"`
			Text    string `json:"text"`
		}
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		if v.Format != "xml" {
			texts, labels = append(texts, v.Text), append(labels, v.DocType)
		}
	}
	return texts, labels
}

func build(t *testing.T) *Built {
	t.Helper()
	texts, labels := corpus(t)
	b, err := Build(texts, labels, labelSet, BuildConfig{Seed: 3, VocabSize: 800, Train: TrainConfig{Dim: 16, Epochs: 8}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The same data and seed give the same artifact bytes; the ONNX graph run
// by ONNX Runtime gives what the Go forward pass gives; the artifacts load
// back through their manifests and classify.
func TestBuildDeterministicAndRuntimeAgrees(t *testing.T) {
	a, b := build(t), build(t)
	for name, data := range a.Files {
		if !bytes.Equal(data, b.Files[name]) {
			t.Fatalf("%s differs between two builds", name)
		}
	}
	if acc := a.Doctype.Metrics["test_accuracy"]; acc < 0.8 {
		t.Errorf("test accuracy %.3f on the small corpus, want ≥ 0.8", acc)
	}
	s, err := NewSession(a.Files["doctype.onnx"], labelSet)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	worst := 0.0
	for _, e := range append(a.Test, Example{IDs: nil}) { // nil: an empty document
		in := a.Model.Input(e.IDs)
		got, err := s.Probs(in)
		if err != nil {
			t.Fatal(err)
		}
		for k, p := range a.Model.Probs(in) {
			worst = max(worst, math.Abs(p-float64(got[k])))
		}
	}
	if worst > 1e-5 {
		t.Fatalf("ONNX Runtime and Go differ by %g", worst)
	}
	fsys := fstest.MapFS{}
	for name, data := range a.Files {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	d, err := LoadDoctype(fsys)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	p, err := d.Classify("KREDITNOTA\nKreditnota nr 7 vedrørende faktura 12\nAt modregne DKK 1.200,00")
	if err != nil {
		t.Fatal(err)
	}
	if p.Confidence <= 0 || p.Confidence > 1 || d.Model() != "doctype-onnx/1" {
		t.Fatalf("prediction %+v from %s", p, d.Model())
	}
	fsys["doctype.onnx"] = &fstest.MapFile{Data: append([]byte("x"), a.Files["doctype.onnx"]...)}
	if _, err := LoadDoctype(fsys); err == nil {
		t.Fatal("a damaged model loaded")
	}
}

func TestECE(t *testing.T) {
	if e := ECE([]float64{0.9, 0.9, 0.6, 0.6}, []bool{true, false, true, true}, 10); math.Abs(e-0.4) > 1e-9 {
		t.Fatalf("ECE %g, want 0.4", e)
	}
}
