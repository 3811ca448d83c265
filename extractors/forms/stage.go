// Package forms reads the fields of citizens' and providers' applications
// (school transport, sick-pay claims) from positioned words, without
// templates.
//
// Forms combine a few concepts (name, personal id, date, amount) with a
// few roles (child, guardian, provider, assistant, assisted person):
// "Barnets navn", "Elevens personnummer", "Sjuk från och med". The lexicon
// (lexicon.go) lists each once; match.go finds them on lines and binds a
// role word to its concept, or takes the role from the section heading
// above ("3. Sjuk personlig assistent" → Namn, Personnummer). A label's
// value is searched to its right, in the next cell of its row, or below
// it in its column (search.go), and parsed by the concept's format with
// check digits (values.go). Candidates are scored label strength × role
// certainty × validity × position × OCR confidence; the best value per
// field wins and rivals lower its confidence.
package forms

import (
	"context"
	"errors"
	"fmt"

	"intake/pipeline"
)

// Version names this extractor in trails and case files.
const Version = "forms-layout/1"

// Config configures the Stage.
type Config struct {
	// MaxPages bounds the pages read. 0 means 6.
	MaxPages int
	// MinConfidence drops fields scoring below it. 0 means 0.05: a
	// barely legible value still helps the caseworker who checks it.
	MinConfidence float64
}

func (c *Config) setDefaults() {
	if c.MaxPages == 0 {
		c.MaxPages = 6
	}
	if c.MinConfidence == 0 {
		c.MinConfidence = 0.05
	}
}

// Validate reports every out-of-range setting.
func (c Config) Validate() error {
	var errs []error
	if c.MaxPages < 0 {
		errs = append(errs, fmt.Errorf("forms: MaxPages %d is negative", c.MaxPages))
	}
	if c.MinConfidence < 0 || c.MinConfidence > 1 {
		errs = append(errs, fmt.Errorf("forms: MinConfidence %g is outside 0..1", c.MinConfidence))
	}
	return errors.Join(errs...)
}

// Stage is the "extract" stage for school-transport applications and
// sick-pay claims. Other document types pass through untouched.
type Stage struct {
	cfg Config
}

var (
	_ pipeline.Stage     = (*Stage)(nil)
	_ pipeline.Versioned = (*Stage)(nil)
)

// New returns a Stage with cfg's zero values replaced by defaults.
func New(cfg Config) (*Stage, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Stage{cfg: cfg}, nil
}

// Name is "extract-forms".
func (s *Stage) Name() string { return "extract-forms" }

// Version is the extractor's version.
func (s *Stage) Version() string { return Version }

// Accepts reports whether the stage reads documents of type t.
func (s *Stage) Accepts(t string) bool {
	return t == pipeline.TypeSchoolTransport || t == pipeline.TypeSickPayClaim
}

// Process sets the fields it finds on doc; a field already set with a
// higher confidence is kept.
func (s *Stage) Process(ctx context.Context, doc *pipeline.Document) error {
	if !s.Accepts(doc.Type.Value) || len(doc.Pages) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for name, f := range s.Extract(doc.Pages, doc.Type.Value) {
		if old, ok := doc.Fields[name]; ok && old.Confidence >= f.Confidence {
			continue
		}
		doc.SetField(name, f)
	}
	return ctx.Err()
}

// Extract reads the fields of a document of type docType from pages. It
// is Process without a Document, for evaluation and tests.
func (s *Stage) Extract(pages []pipeline.Page, docType string) map[string]pipeline.Field {
	if len(pages) > s.cfg.MaxPages {
		pages = pages[:s.cfg.MaxPages]
	}
	x := newExtraction(pages)
	var fields map[string]pipeline.Field
	switch docType {
	case pipeline.TypeSchoolTransport:
		fields = x.school()
	case pipeline.TypeSickPayClaim:
		fields = x.sick()
	}
	for name, f := range fields {
		if f.Confidence < s.cfg.MinConfidence {
			delete(fields, name)
		}
	}
	return fields
}
