// Package classify is the "classify" stage: a document's type from the
// ONNX document-type classifier (models/classifier) over the text the
// pipeline read, with its calibrated probability as the confidence.
package classify

import (
	"context"
	"errors"
	"math"
	"strings"

	"intake/models/classifier"
	"intake/pipeline"
)

// Classifier is what the stage needs of a model: classifier.Doctype.
type Classifier interface {
	Classify(text string) (classifier.Prediction, error)
	Model() string
}

// Second is a second opinion over the same pages, e.g. the keyword
// baseline.
type Second func(pages []pipeline.Page) Opinion

// Opinion is a probability per document type (summing to 1) and the
// language the pages are in ("" when unsure).
type Opinion struct {
	Probs    map[string]float64
	Language string
}

// Stage is the "classify" stage.
type Stage struct {
	c      Classifier
	second Second
	known  map[string]bool // languages the model was trained on
	model  string
}

var (
	_ pipeline.Stage     = (*Stage)(nil)
	_ pipeline.Versioned = (*Stage)(nil)
	_ Classifier         = (*classifier.Doctype)(nil)
)

// New returns a Stage classifying with c.
func New(c Classifier) (*Stage, error) {
	if c == nil {
		return nil, errors.New("classify: no classifier")
	}
	return &Stage{c: c, model: c.Model()}, nil
}

// NewEnsemble returns a Stage whose probabilities are the mean of c's and
// second's. The model is trained on synthetic Danish, Swedish and English
// documents; the keyword table knows seven languages. Averaging keeps the
// model's precision where it knows the language and lets the keywords carry
// a document in a language it never saw (real German invoices were read as
// "other" by the model alone), with the disagreement showing as a lower
// confidence, so such a case goes to a person rather than a robot.
// When the second opinion names a language outside modelLanguages, it
// decides alone: the model's answer there is its bias, not evidence (it
// read real German invoices as "other" with high confidence).
func NewEnsemble(c Classifier, second Second, secondName string, modelLanguages []string) (*Stage, error) {
	s, err := New(c)
	if err != nil {
		return nil, err
	}
	if second == nil {
		return nil, errors.New("classify: no second opinion")
	}
	s.second = second
	s.known = make(map[string]bool, len(modelLanguages))
	for _, l := range modelLanguages {
		s.known[l] = true
	}
	s.model = c.Model() + "+" + secondName
	return s, nil
}

// Name is "classify".
func (s *Stage) Name() string { return "classify" }

// Version is the model's name and version ("doctype-onnx/1").
func (s *Stage) Version() string { return s.model }

// Process sets doc.Type unless a reader already set it exactly (an
// e-invoice's type is in its XML, with confidence 1). A document without
// any text is "other" with the confidence of a guess among all types.
func (s *Stage) Process(ctx context.Context, doc *pipeline.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if doc.Type.Value != "" {
		return nil
	}
	text := doc.Text()
	if strings.TrimSpace(text) == "" {
		// Nothing was read (a scan no OCR has run on yet): the model
		// would still answer, from its bias alone, and sound sure. With
		// no evidence for any type, each is as likely as the next.
		conf := math.Round(1000/float64(len(pipeline.DocTypes))) / 1000
		doc.Type = pipeline.Label{Value: pipeline.TypeOther, Confidence: conf, Model: s.model}
		return nil
	}
	p, err := s.c.Classify(text)
	if err != nil {
		return err
	}
	label, conf := p.Label, p.Confidence
	if s.second != nil {
		op := s.second(doc.Pages)
		if op.Language != "" && !s.known[op.Language] {
			label, conf = argmax(op.Probs)
		} else {
			label, conf = mean(p.Probs, op.Probs)
		}
	}
	doc.Type = pipeline.Label{Value: label, Confidence: math.Round(conf*1000) / 1000, Model: s.model}
	return nil
}

// mean averages two distributions over the document types and returns the
// most likely type, ties going to the earlier type in pipeline.DocTypes.
func mean(a, b map[string]float64) (string, float64) {
	m := make(map[string]float64, len(pipeline.DocTypes))
	for _, t := range pipeline.DocTypes {
		m[t] = (a[t] + b[t]) / 2
	}
	return argmax(m)
}

// argmax is the most likely type and its probability, ties going to the
// earlier type in pipeline.DocTypes.
func argmax(p map[string]float64) (string, float64) {
	best, bestP := pipeline.TypeOther, -1.0
	for _, t := range pipeline.DocTypes {
		if p[t] > bestP {
			best, bestP = t, p[t]
		}
	}
	return best, bestP
}
