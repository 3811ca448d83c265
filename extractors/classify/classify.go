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

// Stage is the "classify" stage.
type Stage struct{ c Classifier }

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
	return &Stage{c: c}, nil
}

// Name is "classify".
func (s *Stage) Name() string { return "classify" }

// Version is the model's name and version ("doctype-onnx/1").
func (s *Stage) Version() string { return s.c.Model() }

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
		doc.Type = pipeline.Label{Value: pipeline.TypeOther, Confidence: conf, Model: s.c.Model()}
		return nil
	}
	p, err := s.c.Classify(text)
	if err != nil {
		return err
	}
	doc.Type = pipeline.Label{Value: p.Label, Confidence: math.Round(p.Confidence*1000) / 1000, Model: s.c.Model()}
	return nil
}
