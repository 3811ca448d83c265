// Package invoice reads the fields of invoices, credit notes and payment
// reminders from positioned words, without supplier templates.
//
// It is the baseline the learned ranker must beat. Words are grouped into
// lines; labels from a multilingual table (labels.go) are found on them;
// each label proposes the value to its right or below it that fits the
// field's format (values.go, parsers.go); candidates are scored as label
// strength × format validity × position × context and the best wins.
// Totals are chosen together so that net + VAT = total where the page
// allows it, and party data is kept apart by the seller and buyer blocks
// it sits in, so the buyer's VAT number is never taken for the supplier's.
package invoice

import (
	"context"
	"errors"
	"fmt"

	"intake/pipeline"
)

// Version names this extractor in trails and case files.
const Version = "invoice-layout/1"

// Config configures the Stage.
type Config struct {
	// MaxPages bounds the pages read: the first MaxPages-1 and the last,
	// where totals are printed. 0 means 12.
	MaxPages int
	// MinConfidence drops fields scoring below it. 0 means 0.1.
	MinConfidence float64
}

func (c *Config) setDefaults() {
	if c.MaxPages == 0 {
		c.MaxPages = 12
	}
	if c.MinConfidence == 0 {
		c.MinConfidence = 0.1
	}
}

// Validate reports every out-of-range setting.
func (c Config) Validate() error {
	var errs []error
	if c.MaxPages < 0 {
		errs = append(errs, fmt.Errorf("invoice: MaxPages %d is negative", c.MaxPages))
	}
	if c.MinConfidence < 0 || c.MinConfidence > 1 {
		errs = append(errs, fmt.Errorf("invoice: MinConfidence %g is outside 0..1", c.MinConfidence))
	}
	return errors.Join(errs...)
}

// Stage is the "extract" stage for invoices, credit notes and payment
// reminders. Other document types pass through untouched.
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

// Name is "extract".
func (s *Stage) Name() string { return "extract" }

// Version is the extractor's version.
func (s *Stage) Version() string { return Version }

// Accepts reports whether the stage reads documents of type t.
func (s *Stage) Accepts(t string) bool {
	return t == pipeline.TypeInvoice || t == pipeline.TypeCreditNote || t == pipeline.TypePaymentReminder
}

// Process sets the fields it finds on doc. A document read from an exact
// e-invoice (doc.Structured, alone or embedded in a PDF) is left alone: the
// XML is the source of truth, and a guess from the print beside it would
// only add doubt. No field is replaced by a less confident one.
func (s *Stage) Process(ctx context.Context, doc *pipeline.Document) error {
	if doc.Structured || !s.Accepts(doc.Type.Value) || len(doc.Pages) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for name, f := range s.Extract(doc.Pages, doc.Language) {
		if old, ok := doc.Fields[name]; ok && (old.Confidence >= 1 || old.Confidence >= f.Confidence) {
			continue
		}
		doc.SetField(name, f)
	}
	return ctx.Err()
}

// Extract reads fields from pages; lang ("da", "de", ... or "") helps with
// dates, decimal separators and "kr.". It is Process without a Document,
// for evaluation and tests.
func (s *Stage) Extract(pages []pipeline.Page, lang string) map[string]pipeline.Field {
	fields := extract(s.pagesToRead(pages), lang)
	for name, f := range fields {
		if f.Confidence < s.cfg.MinConfidence {
			delete(fields, name)
		}
	}
	return fields
}

func (s *Stage) pagesToRead(pages []pipeline.Page) []pipeline.Page {
	if len(pages) <= s.cfg.MaxPages {
		return pages
	}
	out := append([]pipeline.Page(nil), pages[:s.cfg.MaxPages-1]...)
	return append(out, pages[len(pages)-1])
}
