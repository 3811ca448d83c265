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
	"strings"

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
	// Ranker, when set, re-scores every field's candidates and its
	// calibrated probability becomes the field's confidence; nil keeps
	// the heuristic scores.
	Ranker Scorer
	// MinKeep drops a ranked field whose best candidate is less likely
	// than this. 0 means 0.35.
	MinKeep float64
}

func (c *Config) setDefaults() {
	if c.MaxPages == 0 {
		c.MaxPages = 12
	}
	if c.MinConfidence == 0 {
		c.MinConfidence = 0.1
	}
	if c.MinKeep == 0 {
		c.MinKeep = 0.35
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
	if c.MinKeep < 0 || c.MinKeep > 1 {
		errs = append(errs, fmt.Errorf("invoice: MinKeep %g is outside 0..1", c.MinKeep))
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
	fields, err := s.fields(doc.Pages, doc.Language, doc.Type.Value)
	if err != nil {
		return err
	}
	if doc.Type.Value == pipeline.TypeCreditNote {
		CreditAmounts(fields)
	}
	for name, f := range fields {
		if old, ok := doc.Fields[name]; ok && (old.Confidence >= 1 || old.Confidence >= f.Confidence) {
			continue
		}
		doc.SetField(name, f)
	}
	return ctx.Err()
}

// Extract reads fields from pages; lang ("da", "de", ... or "") helps with
// dates, decimal separators and "kr.". It is Process without a Document,
// for evaluation and tests; should the ranker fail, it gives the
// heuristic's fields.
func (s *Stage) Extract(pages []pipeline.Page, lang string) map[string]pipeline.Field {
	fields, err := s.fields(pages, lang, "")
	if err != nil {
		fields = extract(s.pagesToRead(pages), lang)
		s.dropWeak(fields)
	}
	return fields
}

func (s *Stage) fields(pages []pipeline.Page, lang, docType string) (map[string]pipeline.Field, error) {
	x := newExtraction(s.pagesToRead(pages), lang)
	x.docType = docType
	fields := x.resolve()
	if s.cfg.Ranker != nil {
		cands := x.candidates(fields)
		if len(cands) > 0 {
			rows := make([][]float32, len(cands))
			for i, c := range cands {
				rows[i] = c.Features
			}
			probs, err := s.cfg.Ranker.Score(rows)
			if err != nil {
				return nil, fmt.Errorf("invoice: ranker: %w", err)
			}
			if len(probs) != len(rows) {
				return nil, fmt.Errorf("invoice: ranker: %d scores for %d candidates", len(probs), len(rows))
			}
			fields = rank(cands, probs, fields, s.cfg.MinKeep)
			x.mend(fields)
			return fields, nil
		}
	}
	s.dropWeak(fields)
	x.mend(fields)
	return fields, nil
}

func (s *Stage) dropWeak(fields map[string]pipeline.Field) {
	for name, f := range fields {
		if f.Confidence < s.cfg.MinConfidence {
			delete(fields, name)
		}
	}
}

// Candidates lists the values proposed for each ranked field with their
// feature rows, as the ranker sees them: what `intake train` learns from.
// docType is the classified type ("" if unknown).
func (s *Stage) Candidates(pages []pipeline.Page, lang, docType string) []Candidate {
	x := newExtraction(s.pagesToRead(pages), lang)
	x.docType = docType
	return x.candidates(x.resolve())
}

func (s *Stage) pagesToRead(pages []pipeline.Page) []pipeline.Page {
	if len(pages) <= s.cfg.MaxPages {
		return pages
	}
	out := append([]pipeline.Page(nil), pages[:s.cfg.MaxPages-1]...)
	return append(out, pages[len(pages)-1])
}

// CreditAmounts turns a credit note's amounts positive: the print often
// shows them negative ("-1.234,50"), while the contract, like EN 16931's
// CreditNote, states what is credited as a positive amount.
func CreditAmounts(fields map[string]pipeline.Field) {
	for name, f := range fields {
		if strings.HasPrefix(name, "amount_") && strings.HasPrefix(f.Value, "-") {
			f.Value = strings.TrimPrefix(f.Value, "-")
			fields[name] = f
		}
	}
}
