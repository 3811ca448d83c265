package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"intake/pipeline"
)

// Set is the compiled content of a folder of rule files. It is immutable:
// a reload builds a new one.
type Set struct {
	rules    map[string][]*compiled // by document type
	versions map[string]string      // file stem → version
}

// Load compiles every *.yaml file in fsys. Every problem of every file is
// reported at once, each naming file, rule and position.
func Load(fsys fs.FS, checks map[string]CheckFunc) (*Set, error) {
	env, err := newEnv(checks)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	if len(names) == 0 {
		return nil, errors.New("rules: no *.yaml rule files")
	}
	s := &Set{rules: map[string][]*compiled{}, versions: map[string]string{}}
	var errs []error
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			errs = append(errs, fmt.Errorf("rules: %w", err))
			continue
		}
		cs, _, err := compileFile(env, n, b)
		if err != nil {
			errs = append(errs, fmt.Errorf("rules: %w", err))
			continue
		}
		for _, c := range cs {
			for _, t := range c.types {
				s.rules[t] = append(s.rules[t], c)
			}
			s.versions[strings.TrimSuffix(path.Base(n), ".yaml")] = c.version
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}

// Version names every rule file's version: "invoice@2025.1,sick_pay@3".
func (s *Set) Version() string {
	var b []string
	for _, k := range sortedKeys(s.versions) {
		b = append(b, k+"@"+s.versions[k])
	}
	return strings.Join(b, ",")
}

// Versions is the version of each rule file, for doc.Versions.Rules.
func (s *Set) Versions() map[string]string { return s.versions }

// Input is what the rules of one document see.
type Input struct {
	DocType string
	Fields  map[string]string
	Lines   []map[string]string
	Facts   map[string]any // nil: no registers configured
	// Confidence of each field as read; absent means certain (1).
	Confidence map[string]float64
	Today      time.Time // the date of checking, for documents without a date
}

// Evaluate runs the rules in force for in's document type and date and
// returns the findings of those that do not hold.
func (s *Set) Evaluate(in Input) []pipeline.Finding {
	rules := s.rules[in.DocType]
	if len(rules) == 0 {
		return nil
	}
	vars := map[string]any{"doc_type": in.DocType, "fields": in.Fields, "lines": in.Lines, "facts": in.Facts}
	if in.Facts == nil {
		vars["facts"] = map[string]any{}
	}
	if in.Lines == nil {
		vars["lines"] = []map[string]string{}
	}
	var out []pipeline.Finding
	var skipped []string
	seen := map[string]bool{}
	for _, r := range rules {
		day := in.Fields[r.dateOf]
		if day == "" {
			day = in.Today.Format(time.DateOnly)
		}
		if day < r.From || r.To != "" && day > r.To {
			continue
		}
		id := r.FindingID(in.DocType)
		if r.Registers && in.Facts == nil {
			if !slices.Contains(skipped, id) {
				skipped = append(skipped, id)
			}
			continue
		}
		vars["params"] = r.params
		f, ok := r.run(vars)
		if ok || seen[id] {
			continue
		}
		seen[id] = true
		f.Rule = id
		r.unsure(&f, in.Confidence)
		out = append(out, f)
	}
	if len(skipped) > 0 {
		out = append(out, pipeline.Finding{
			Rule: in.DocType + ".registers_configured", Severity: pipeline.SeverityInfo,
			Message: pipeline.Message{
				DA: "Registre er ikke konfigureret; registerreglerne er ikke kontrolleret.",
				SV: "Register är inte konfigurerade; registerreglerna är inte kontrollerade.",
				EN: "Register not configured; the register rules were not checked.",
			},
			Evidence: "skipped: " + strings.Join(skipped, ", "),
		})
	}
	return out
}

// run evaluates one rule: ok when it holds or does not apply. A rule that
// cannot be evaluated (a value of the wrong form) is reported as info,
// never as a verdict on the document.
func (r *compiled) run(vars map[string]any) (pipeline.Finding, bool) {
	f := pipeline.Finding{
		Severity: pipeline.Severity(r.Severity),
		Message:  pipeline.Message{DA: r.Message.DA, SV: r.Message.SV, EN: r.Message.EN},
		Fields:   r.Fields,
	}
	if r.when != nil {
		v, _, err := r.when.Eval(vars)
		if err != nil || v.Value() != true {
			return f, true // not applicable: a field it needs is absent
		}
	}
	v, _, err := r.expr.Eval(vars)
	if err != nil {
		f.Severity = pipeline.SeverityInfo
		f.Evidence = fmt.Sprintf("could not be evaluated (%s): %v", r.Source, err)
		return f, false
	}
	if v.Value() == true {
		return f, true
	}
	f.Evidence = r.evidenceOf(vars)
	return f, false
}

// unsure turns a failure into info when a field it rests on was read
// below the rule's min_confidence: the case goes to a person for that
// field anyway, and a verdict on a misread value would mislead them.
func (r *compiled) unsure(f *pipeline.Finding, conf map[string]float64) {
	if r.MinConfidence <= 0 || f.Severity == pipeline.SeverityInfo {
		return
	}
	var low []string
	for _, k := range r.Fields {
		if c, ok := conf[k]; ok && c < r.MinConfidence {
			low = append(low, fmt.Sprintf("%s %.2f", k, c))
		}
	}
	if len(low) == 0 {
		return
	}
	f.Severity = pipeline.SeverityInfo
	f.Evidence = fmt.Sprintf("not concluded, read with low confidence (%s; below %g): %s", strings.Join(low, ", "), r.MinConfidence, f.Evidence)
}

func (r *compiled) evidenceOf(vars map[string]any) string {
	src := " (" + r.Source + ")"
	if r.evidence != nil {
		if v, _, err := r.evidence.Eval(vars); err == nil {
			if s, ok := v.Value().(string); ok {
				return s + src
			}
		}
	}
	fields := vars["fields"].(map[string]string)
	var parts []string
	for _, n := range r.Fields {
		parts = append(parts, n+"="+fields[n])
	}
	return strings.Join(parts, ", ") + src
}
