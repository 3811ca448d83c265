// Package tokenizer turns document text into token ids with a byte-level
// BPE tokenizer (github.com/sugarme/tokenizer) whose vocabulary is trained
// on the corpus here, in Go, deterministically.
//
// The library's own BPE trainer breaks ties between equally frequent pairs
// by wall-clock time and map order, so two runs give different merges; the
// trainer in train.go breaks them by the pair's text instead. Encoding uses
// the library, loaded from the tokenizer.json that Train writes, so what
// production runs is exactly what the file says.
package tokenizer

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"

	sugar "github.com/sugarme/tokenizer"
	"github.com/sugarme/tokenizer/pretrained"
)

// Tokenizer encodes text into ids. It is safe for concurrent use.
type Tokenizer struct {
	mu   sync.Mutex // the library does not promise concurrent Encode
	tk   *sugar.Tokenizer
	size int
	json []byte
}

// Load reads a tokenizer.json written by Train.
func Load(path string) (*Tokenizer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: %w", err)
	}
	return FromJSON(b)
}

// FromJSON builds a Tokenizer from the bytes of a tokenizer.json.
func FromJSON(b []byte) (*Tokenizer, error) {
	tk, err := pretrained.FromReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("tokenizer: load: %w", err)
	}
	return &Tokenizer{tk: tk, size: tk.GetVocabSize(true), json: b}, nil
}

// VocabSize is the number of ids; every id Encode returns is below it.
func (t *Tokenizer) VocabSize() int { return t.size }

// JSON returns the tokenizer.json the Tokenizer was built from.
func (t *Tokenizer) JSON() []byte { return t.json }

// Encode returns the ids of text: each line normalised and split into
// words here, each word split into BPE tokens by the library's model
// (which caches words it has seen).
func (t *Tokenizer) Encode(text string) ([]int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	m := t.tk.GetModel()
	var ids []int
	for _, line := range strings.Split(text, "\n") {
		for _, w := range words(line) {
			toks, err := m.Tokenize(w)
			if err != nil {
				return nil, fmt.Errorf("tokenizer: encode: %w", err)
			}
			for _, tk := range toks {
				ids = append(ids, tk.Id)
			}
		}
	}
	return ids, nil
}

// encodeLibrary is Encode through the library's whole pipeline: the
// reference TestWordsMatchLibrary compares with.
func (t *Tokenizer) encodeLibrary(text string) ([]int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var ids []int
	for _, line := range strings.Split(text, "\n") {
		if line = squeeze(line); line == "" {
			continue
		}
		enc, err := t.tk.EncodeSingle(line, false)
		if err != nil {
			return nil, fmt.Errorf("tokenizer: encode: %w", err)
		}
		ids = append(ids, enc.Ids...)
	}
	return ids, nil
}

// Tokens returns the token strings of text, for reading and tests.
func (t *Tokenizer) Tokens(text string) ([]string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	enc, err := t.tk.EncodeSingle(squeeze(text), false)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: encode: %w", err)
	}
	return enc.Tokens, nil
}
