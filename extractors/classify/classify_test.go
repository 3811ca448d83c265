package classify

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intake/models/artifacts"
	"intake/models/classifier"
	"intake/pipeline"
)

// page lays text out one line per row, words left to right.
func page(text string) pipeline.Page {
	p := pipeline.Page{Number: 1, Width: 595, Height: 842}
	for i, line := range strings.Split(text, "\n") {
		for j, w := range strings.Fields(line) {
			x, y := float64(j*60), float64(i*12)
			p.Words = append(p.Words, pipeline.Word{Text: w, Box: pipeline.Box{X0: x, Y0: y, X1: x + 50, Y1: y + 10}, Conf: 1})
		}
	}
	return p
}

// The committed model, run by ONNX Runtime, types the committed corpus's
// visual documents, and leaves a type set exactly by a reader alone.
func TestStageWithCommittedModel(t *testing.T) {
	dt, err := classifier.LoadDoctype(artifacts.Embedded)
	if err != nil {
		t.Fatal(err)
	}
	defer dt.Close()
	st, err := New(dt)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../../fixtures/corpus/*.truth.json")
	n, right := 0, 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var tr struct {
			DocType string `json:"doc_type"`
			Format  string `json:"format"`
			Text    string `json:"text"`
		}
		if err := json.Unmarshal(b, &tr); err != nil {
			t.Fatal(err)
		}
		if tr.Format == "xml" {
			continue
		}
		doc := &pipeline.Document{Pages: []pipeline.Page{page(tr.Text)}}
		if err := st.Process(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
		if doc.Type.Model != dt.Model() || doc.Type.Confidence <= 0 || doc.Type.Confidence > 1 {
			t.Fatalf("%s: label %+v", f, doc.Type)
		}
		n++
		if doc.Type.Value == tr.DocType {
			right++
		} else {
			t.Logf("%s: got %s (%.3f), want %s", filepath.Base(f), doc.Type.Value, doc.Type.Confidence, tr.DocType)
		}
	}
	if n < 100 || float64(right) < 0.98*float64(n) {
		t.Fatalf("%d of %d right, want ≥ 98%%", right, n)
	}
	empty := &pipeline.Document{Pages: []pipeline.Page{{Number: 1}}}
	if err := st.Process(context.Background(), empty); err != nil || empty.Type.Confidence > 0.2 || empty.Type.Value != pipeline.TypeOther {
		t.Fatalf("a page without text got %+v (%v)", empty.Type, err)
	}
	exact := pipeline.Label{Value: pipeline.TypeCreditNote, Confidence: 1, Model: "einvoice"}
	doc := &pipeline.Document{Type: exact, Pages: []pipeline.Page{page("FAKTURA")}}
	if err := st.Process(context.Background(), doc); err != nil || doc.Type != exact {
		t.Fatalf("an exact type was changed to %+v (%v)", doc.Type, err)
	}
}

// fixed is a Classifier that always gives the same distribution.
type fixed map[string]float64

func (f fixed) Classify(string) (classifier.Prediction, error) {
	best := ""
	for k, v := range f {
		if best == "" || v > f[best] {
			best = k
		}
	}
	return classifier.Prediction{Label: best, Confidence: f[best], Probs: f}, nil
}
func (fixed) Model() string { return "fixed/1" }

// The ensemble's label is the mean's argmax and its confidence the mean:
// a sure model outvoted by a surer second opinion ends up unsure.
func TestEnsembleMean(t *testing.T) {
	model := fixed{pipeline.TypeOther: 0.7, pipeline.TypeInvoice: 0.3}
	lang := "da"
	keywords := func([]pipeline.Page) Opinion {
		return Opinion{Probs: map[string]float64{pipeline.TypeInvoice: 0.98, pipeline.TypeOther: 0.02}, Language: lang}
	}
	st, err := NewEnsemble(model, keywords, "kw/1", []string{"da", "sv", "en"})
	if err != nil {
		t.Fatal(err)
	}
	doc := &pipeline.Document{Pages: []pipeline.Page{page("Rechnung Nr. 1")}}
	if err := st.Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if doc.Type.Value != pipeline.TypeInvoice || doc.Type.Confidence != 0.64 || doc.Type.Model != "fixed/1+kw/1" {
		t.Fatalf("label %+v, want invoice 0.64 from fixed/1+kw/1", doc.Type)
	}
	// In a language the model never saw, the second opinion decides.
	lang = "de"
	doc = &pipeline.Document{Pages: []pipeline.Page{page("Rechnung Nr. 1")}}
	if err := st.Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if doc.Type.Value != pipeline.TypeInvoice || doc.Type.Confidence != 0.98 {
		t.Fatalf("German: %+v, want invoice 0.98 from the keywords alone", doc.Type)
	}
	if _, err := NewEnsemble(model, nil, "x", nil); err == nil {
		t.Fatal("an ensemble without a second opinion was accepted")
	}
}
