// Package rules is the rule engine: versioned YAML rule files, one per
// document type (or a family of types), whose conditions are CEL
// expressions over a document's normalised fields, its line items and the
// facts that fact sources (the registers) derive. Every expression is
// compiled and type-checked when the files are loaded; a document is
// judged by the rules in force on its own date.
package rules

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"intake/pipeline"
)

// File is one rule file.
type File struct {
	// Version names the rule set in case files; bump it on every change.
	Version string `yaml:"version"`
	// DocumentTypes the rules apply to; a rule may narrow them.
	DocumentTypes []string `yaml:"document_types"`
	// DateField is the field whose date decides which rules are in force
	// (issue_date, signed_date, sick_from); without it, the day of checking.
	DateField string `yaml:"date_field"`
	// Params are constants the expressions read as params.<name>:
	// thresholds a municipality changes without touching an expression.
	Params map[string]any `yaml:"params"`
	Rules  []Rule         `yaml:"rules"`
}

// Rule is one rule. Expr must hold for the document when When holds.
type Rule struct {
	// ID is the official id (BR-CO-15) or a name that becomes
	// <doc_type>.<name> in findings.
	ID       string   `yaml:"id"`
	Severity string   `yaml:"severity"`
	Source   string   `yaml:"source"` // the legal or standard source
	From     string   `yaml:"valid_from"`
	To       string   `yaml:"valid_to"`
	Types    []string `yaml:"document_types"`
	// Registers marks a rule that needs register facts; without
	// registers it is skipped and the document says so.
	Registers bool     `yaml:"registers"`
	When      string   `yaml:"when"`
	Expr      string   `yaml:"expr"`
	Evidence  string   `yaml:"evidence"` // a CEL string expression
	Fields    []string `yaml:"fields"`
	Message   Message  `yaml:"message"`
	// MinConfidence: when a field in Fields was read with a confidence
	// below it, a failure is reported as info, not concluded: a sum over
	// a misread amount says nothing about the document. 0: always.
	MinConfidence float64 `yaml:"min_confidence"`
}

// Message is a finding's text in the three languages of the UI.
type Message struct {
	DA string `yaml:"da"`
	SV string `yaml:"sv"`
	EN string `yaml:"en"`
}

var officialID = regexp.MustCompile(`^(BR-|PEPPOL-|DK-R-|SE-R-)`)

// FindingID is the rule id findings carry for a document type.
func (r Rule) FindingID(docType string) string {
	if officialID.MatchString(r.ID) || strings.Contains(r.ID, ".") {
		return r.ID
	}
	return docType + "." + r.ID
}

// parseFile decodes a rule file, rejecting unknown keys, and returns the
// line of each rule's expressions for error messages.
func parseFile(b []byte) (File, map[int]map[string]int, error) {
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return f, nil, err
	}
	var root yaml.Node
	lines := map[int]map[string]int{}
	if yaml.Unmarshal(b, &root) == nil && len(root.Content) == 1 {
		doc := root.Content[0]
		for i := 0; i+1 < len(doc.Content); i += 2 {
			if doc.Content[i].Value != "rules" {
				continue
			}
			for ri, rn := range doc.Content[i+1].Content {
				lines[ri] = map[string]int{"": rn.Line}
				for k := 0; k+1 < len(rn.Content); k += 2 {
					lines[ri][rn.Content[k].Value] = rn.Content[k+1].Line
				}
			}
		}
	}
	f.Params = numbersAsDoubles(f.Params).(map[string]any)
	return f, lines, nil
}

// numbersAsDoubles turns YAML ints into doubles so an expression compares
// a distance with 6 and 2.5 alike.
func numbersAsDoubles(v any) any {
	switch x := v.(type) {
	case nil:
		return map[string]any{}
	case int:
		return float64(x)
	case []any:
		for i := range x {
			x[i] = numbersAsDoubles(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = numbersAsDoubles(x[k])
		}
	}
	return v
}

// validate checks what needs no compiler.
func (r Rule) validate(fileTypes []string) []string {
	var p []string
	if r.ID == "" {
		p = append(p, "id is missing")
	}
	switch pipeline.Severity(r.Severity) {
	case pipeline.SeverityError, pipeline.SeverityWarning, pipeline.SeverityInfo:
	default:
		p = append(p, fmt.Sprintf("severity %q is not error, warning or info", r.Severity))
	}
	if r.MinConfidence < 0 || r.MinConfidence > 1 {
		p = append(p, fmt.Sprintf("min_confidence %g is not between 0 and 1", r.MinConfidence))
	}
	if r.Expr == "" {
		p = append(p, "expr is missing")
	}
	if r.Message.DA == "" || r.Message.SV == "" || r.Message.EN == "" {
		p = append(p, "message needs da, sv and en")
	}
	if r.Source == "" {
		p = append(p, "source is missing")
	}
	for _, d := range []string{r.From, r.To} {
		if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
			p = append(p, fmt.Sprintf("date %q is not YYYY-MM-DD", d))
		}
	}
	if r.From == "" {
		p = append(p, "valid_from is missing")
	}
	if r.To != "" && r.To < r.From {
		p = append(p, "valid_to is before valid_from")
	}
	for _, t := range r.Types {
		if !slices.Contains(fileTypes, t) {
			p = append(p, fmt.Sprintf("document type %q is not among the file's", t))
		}
	}
	return p
}
