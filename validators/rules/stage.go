package rules

import (
	"context"
	"fmt"
	"maps"
	"time"

	"intake/pipeline"
)

// FactSource derives facts about a document (from registers) for rule
// expressions. It returns an error only for a failure of the machinery.
type FactSource interface {
	Facts(ctx context.Context, doc *pipeline.Document) (map[string]any, error)
}

// Stage is the validate stage: it runs the rules in force over a
// document's fields with the facts of its sources and records findings.
type Stage struct {
	Rules *Store
	// Facts are merged in order; none means registers are not configured,
	// and register rules report that as info.
	Facts []FactSource
	// Now is the clock for documents without a date; nil is time.Now.
	Now func() time.Time
}

var _ pipeline.Stage = (*Stage)(nil)
var _ pipeline.Versioned = (*Stage)(nil)

func (*Stage) Name() string { return "validate" }

// Version is the versions of the rule files in force.
func (s *Stage) Version() string { return s.Rules.Current().Version() }

// Process adds the findings of the rules that do not hold.
func (s *Stage) Process(ctx context.Context, doc *pipeline.Document) error {
	set := s.Rules.Current()
	in := Input{DocType: doc.Type.Value, Fields: make(map[string]string, len(doc.Fields)), Today: time.Now()}
	if s.Now != nil {
		in.Today = s.Now()
	}
	in.Confidence = make(map[string]float64, len(doc.Fields))
	for k, f := range doc.Fields {
		in.Fields[k] = f.Value
		// min_confidence is about reading: a text layer or XML is read
		// exactly, and a native value's low confidence says it is an
		// unusual pick (amounts that do not add up), which is the very
		// fault a rule must report.
		in.Confidence[k] = 1
		if doc.ReadByOCR(f) {
			in.Confidence[k] = f.Confidence
		}
	}
	for _, l := range doc.LineItems {
		in.Lines = append(in.Lines, map[string]string{"id": l.ID, "description": l.Description, "quantity": l.Quantity,
			"unit": l.Unit, "unit_price": l.UnitPrice, "amount": l.Amount, "vat_category": l.VATCategory, "vat_rate": l.VATRate})
	}
	if len(s.Facts) > 0 {
		in.Facts = map[string]any{}
		for _, src := range s.Facts {
			f, err := src.Facts(ctx, doc)
			if err != nil {
				return fmt.Errorf("validate: facts: %w", err)
			}
			maps.Copy(in.Facts, f)
		}
	}
	for _, f := range set.Evaluate(in) {
		doc.AddFinding(f)
	}
	if doc.Versions.Rules == nil {
		doc.Versions.Rules = map[string]string{}
	}
	maps.Copy(doc.Versions.Rules, set.Versions())
	return ctx.Err()
}
