package classifier

import (
	"fmt"
	"io/fs"

	"intake/models/artifacts"
	"intake/models/tokenizer"
)

// Artifact names of the document-type classifier and its tokenizer.
const (
	DoctypeName   = "doctype-onnx"
	TokenizerName = "tokenizer"
)

// Doctype classifies document text: tokenizer, then the ONNX model.
type Doctype struct {
	tok      *tokenizer.Tokenizer
	sess     *Session
	manifest artifacts.Manifest
}

// Prediction is the most likely label with its calibrated probability and
// the whole distribution.
type Prediction struct {
	Label      string
	Confidence float64
	Probs      map[string]float64
}

// LoadDoctype reads the classifier and tokenizer artifacts from fsys
// (artifacts.Embedded in production) and starts an ONNX Runtime session.
func LoadDoctype(fsys fs.FS) (*Doctype, error) {
	tj, _, err := artifacts.Read(fsys, TokenizerName)
	if err != nil {
		return nil, err
	}
	tok, err := tokenizer.FromJSON(tj)
	if err != nil {
		return nil, err
	}
	onnx, m, err := artifacts.Read(fsys, DoctypeName)
	if err != nil {
		return nil, err
	}
	if len(m.Labels) < 2 {
		return nil, fmt.Errorf("classifier: %s: manifest has %d labels", m.File, len(m.Labels))
	}
	s, err := NewSession(onnx, m.Labels)
	if err != nil {
		return nil, err
	}
	return &Doctype{tok: tok, sess: s, manifest: m}, nil
}

// Model is the name and version recorded on labels ("doctype-onnx/3").
func (d *Doctype) Model() string { return d.manifest.Model() }

// Manifest describes the loaded model.
func (d *Doctype) Manifest() artifacts.Manifest { return d.manifest }

// Classify predicts the type of a document from its text.
func (d *Doctype) Classify(text string) (Prediction, error) {
	ids, err := d.tok.Encode(text)
	if err != nil {
		return Prediction{}, err
	}
	// The embedding has one row per tokenizer id plus the document token.
	p, err := d.sess.Probs(Input(ids, d.tok.VocabSize()))
	if err != nil {
		return Prediction{}, err
	}
	pr := Prediction{Probs: make(map[string]float64, len(p))}
	for i, l := range d.sess.Labels() {
		pr.Probs[l] = float64(p[i])
		if i == 0 || float64(p[i]) > pr.Confidence {
			pr.Label, pr.Confidence = l, float64(p[i])
		}
	}
	return pr, nil
}

// Close ends the ONNX Runtime session; a nil Doctype has none.
func (d *Doctype) Close() error {
	if d == nil {
		return nil
	}
	return d.sess.Close()
}
