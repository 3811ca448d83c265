package en16931

import (
	"fmt"

	"intake/pipeline"
)

// Rule is one business rule of EN 16931-1 or of a national rule set, with
// the official identifier, the flag the Schematron gives it (fatal is an
// error finding, warning a warning), the business terms it reads and its
// text as published.
type Rule struct {
	ID       string
	Severity pipeline.Severity
	Terms    []string
	Text     string
	// check reports every place the rule does not hold through c.fail.
	check func(c *checker)
}

// Violation is one place a rule does not hold.
type Violation struct {
	Rule   *Rule
	Path   string // XML path of the element in the context, "" for the whole document
	Detail string // what was found, e.g. "100.00 != 99.00"
}

type checker struct {
	inv  *Invoice
	rule *Rule
	out  []Violation
}

// fail records a violation at n (the document root when n is nil).
func (c *checker) fail(n *node, format string, args ...any) {
	if n == nil {
		n = c.inv.root
	}
	c.out = append(c.out, Violation{Rule: c.rule, Path: n.path(), Detail: fmt.Sprintf(format, args...)})
}

// must fails at n unless ok.
func (c *checker) must(ok bool, n *node, format string, args ...any) {
	if !ok {
		c.fail(n, format, args...)
	}
}

const (
	fatal   = pipeline.SeverityError
	warning = pipeline.SeverityWarning
)

// Rules is the rule table, in the order findings are reported.
func Rules() []*Rule { return ruleTable }

var ruleTable = buildTable()

func buildTable() []*Rule {
	var t []*Rule
	t = append(t, coreRules()...)
	t = append(t, calcRules()...)
	t = append(t, vatRules()...)
	t = append(t, decimalRules()...)
	t = append(t, codeRules()...)
	t = append(t, nationalRules()...)
	return t
}

// Validate runs every rule over inv and returns the violations in table
// order. Rules whose context is absent (a fragment, an optional group)
// do not fire, as in the Schematron.
func Validate(inv *Invoice) []Violation {
	var out []Violation
	for _, r := range ruleTable {
		c := checker{inv: inv, rule: r}
		r.check(&c)
		out = append(out, c.out...)
	}
	return out
}
