package tokenizer

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// corpusTexts reads the text of the committed corpus's truth files.
func corpusTexts(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../fixtures/corpus/*.truth.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v struct{ Text string }
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, v.Text)
	}
	return texts
}

// Training is deterministic, and what it writes loads back and encodes
// every byte, Danish and Swedish letters included, within the vocabulary.
func TestTrainDeterministicAndLoads(t *testing.T) {
	texts := corpusTexts(t)
	a, err := Train(texts, TrainConfig{VocabSize: 1500})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(texts, TrainConfig{VocabSize: 1500})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.JSON(), b.JSON()) {
		t.Fatal("two trainings on the same text differ")
	}
	if a.VocabSize() != 1500 {
		t.Fatalf("vocabulary %d, want 1500", a.VocabSize())
	}
	path := filepath.Join(t.TempDir(), "tokenizer.json")
	if err := os.WriteFile(path, a.JSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	text := "FAKTURA nr 123\nKreditnota – Påmindelse om betaling, Förfallodag ÆØÅ äö €\x01"
	ids, err := c.Encode(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) == 0 {
		t.Fatal("no ids")
	}
	for _, id := range ids {
		if id < 0 || id >= c.VocabSize() {
			t.Fatalf("id %d outside the vocabulary of %d", id, c.VocabSize())
		}
	}
	toks, err := c.Tokens("Faktura faktura FAKTURA")
	if err != nil {
		t.Fatal(err)
	}
	if len(toks) != 3 || toks[0] != toks[1] || toks[1] != toks[2] {
		t.Fatalf("case should not matter: %q", toks)
	}
	if strings.Contains(string(a.JSON()), `"merges": []`) {
		t.Fatal("no merges learnt")
	}
}

// The fast pre-tokenizer gives the ids the library's own pipeline gives.
func TestWordsMatchLibrary(t *testing.T) {
	texts := corpusTexts(t)
	tk, err := Train(texts, TrainConfig{VocabSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	texts = append(texts[:40], "  Øre  ÆØÅ åäö it's we'll\tTAB – € 1.234,50 kr.\n\n")
	for i, text := range texts {
		got, err := tk.Encode(text)
		if err != nil {
			t.Fatal(err)
		}
		want, err := tk.encodeLibrary(text)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("text %d: fast %v\nlibrary %v", i, got[:min(20, len(got))], want[:min(20, len(want))])
		}
	}
}
