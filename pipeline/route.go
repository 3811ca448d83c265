package pipeline

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed routing.yaml
var defaultRouting []byte

// RoutingConfig is the routing rule file: thresholds and required fields
// that decide robot or caseworker.
type RoutingConfig struct {
	Version            string              `yaml:"version"`
	MinTypeConfidence  float64             `yaml:"min_type_confidence"`
	MinFieldConfidence float64             `yaml:"min_field_confidence"`
	FieldConfidence    map[string]float64  `yaml:"field_confidence"`
	Required           map[string][]string `yaml:"required"`
	AlwaysPerson       map[string]string   `yaml:"always_person"`
}

// DefaultRouting returns the routing file shipped with intake.
func DefaultRouting() RoutingConfig {
	c, err := ParseRouting(defaultRouting)
	if err != nil {
		panic("pipeline: embedded routing.yaml: " + err.Error())
	}
	return c
}

// ParseRouting decodes a routing file, rejecting unknown keys, and
// validates it.
func ParseRouting(b []byte) (RoutingConfig, error) {
	var c RoutingConfig
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("routing: %w", err)
	}
	return c, c.Validate()
}

// Validate reports every problem of the file at once.
func (c RoutingConfig) Validate() error {
	var errs []error
	if c.Version == "" {
		errs = append(errs, errors.New("routing: version is missing"))
	}
	inRange := func(name string, v float64) {
		if v < 0 || v > 1 {
			errs = append(errs, fmt.Errorf("routing: %s: %v is outside 0..1", name, v))
		}
	}
	inRange("min_type_confidence", c.MinTypeConfidence)
	inRange("min_field_confidence", c.MinFieldConfidence)
	for f, v := range c.FieldConfidence {
		inRange("field_confidence."+f, v)
	}
	for t := range c.Required {
		if !slices.Contains(DocTypes, t) {
			errs = append(errs, fmt.Errorf("routing: required: unknown document type %q", t))
		}
	}
	for t := range c.AlwaysPerson {
		if !slices.Contains(DocTypes, t) {
			errs = append(errs, fmt.Errorf("routing: always_person: unknown document type %q", t))
		}
	}
	return errors.Join(errs...)
}

// OCRSuffix names a field's threshold for values read by OCR
// ("invoice_number@ocr"); without one the field's own threshold holds.
const OCRSuffix = "@ocr"

// FieldThreshold is the confidence a field needs to be auto-accepted.
func (c RoutingConfig) FieldThreshold(field string) float64 {
	if v, ok := c.FieldConfidence[field]; ok {
		return v
	}
	return c.MinFieldConfidence
}

// threshold is FieldThreshold for a value read by OCR or not.
func (c RoutingConfig) threshold(field string, ocr bool) float64 {
	if v, ok := c.FieldConfidence[field+OCRSuffix]; ok && ocr {
		return v
	}
	return c.FieldThreshold(field)
}

// WithLearnedThresholds returns c with learned per-field thresholds (from
// the field ranker's calibration) for every field the file does not set
// itself: a threshold written in the file is a decision that wins.
func (c RoutingConfig) WithLearnedThresholds(learned map[string]float64) RoutingConfig {
	fc := make(map[string]float64, len(c.FieldConfidence)+len(learned))
	for f, v := range learned {
		_, byFile := c.FieldConfidence[strings.TrimSuffix(f, OCRSuffix)]
		if !byFile {
			fc[f] = v
		}
	}
	for f, v := range c.FieldConfidence {
		fc[f] = v
	}
	c.FieldConfidence = fc
	return c
}

// Router decides where a processed document goes. It never decides the
// case itself: robot means "complete and consistent enough for automatic
// handling", caseworker means "a person must look", with every reason.
type Router struct{ Config RoutingConfig }

func (Router) Name() string      { return "route" }
func (r Router) Version() string { return r.Config.Version }

// Process sets doc.Route. Quarantine is set by the runner, not here.
func (r Router) Process(_ context.Context, doc *Document) error {
	c := r.Config
	var reasons []Reason
	add := func(code, field, format string, args ...any) {
		reasons = append(reasons, Reason{Code: code, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	t := doc.Type.Value
	if why, ok := c.AlwaysPerson[t]; ok {
		add("doc_type.needs_person", "", "%s: %s", t, why)
	}
	if t == "" {
		add("doc_type.unknown", "", "the document type was not decided")
	} else if doc.Type.Confidence < c.MinTypeConfidence {
		add("doc_type.low_confidence", "", "document type %s has confidence %.3f, below %.3f", t, doc.Type.Confidence, c.MinTypeConfidence)
	}
	for _, f := range c.Required[t] {
		if _, ok := doc.Fields[f]; !ok {
			add("field.missing", f, "%s was not found", f)
		}
	}
	names := make([]string, 0, len(doc.Fields))
	for n := range doc.Fields {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		f := doc.Fields[n]
		// A value a register confirmed is judged as printed text is: the
		// register, not the reading, vouches for its characters.
		if min := c.threshold(n, doc.ReadByOCR(f) && f.ConfirmedBy == ""); f.Confidence < min {
			add("field.low_confidence", n, "%s has confidence %.3f, below %.3f", n, f.Confidence, min)
		}
	}
	for _, fd := range doc.Findings {
		if fd.Severity == SeverityError {
			add("finding.error", "", "%s: %s", fd.Rule, fd.Message.EN)
		}
	}
	for _, w := range doc.Warnings {
		add(w.Code, w.Field, "%s", w.Message)
	}
	if len(reasons) == 0 {
		doc.Route = Route{To: ToRobot, Reasons: []Reason{{Code: "checks.passed", Message: "type, required fields and rules hold with confidence above the thresholds"}}}
		return nil
	}
	doc.Route = Route{To: ToCaseworker, Reasons: reasons}
	return nil
}
