package en16931

import (
	"fmt"
	"strings"

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
	t = append(t, syntaxRules()...)
	t = append(t, nationalRules()...)
	t = append(t, peppolRules()...)
	return t
}

// Profiles: which rule sets apply to a document, from its specification
// identifier (BT-24).
const (
	// ProfileEN16931 is any EN 16931 document (CIUS or extension):
	// the EN 16931 rules apply.
	ProfileEN16931 = "en16931"
	// ProfilePeppol is Peppol BIS Billing 3: the EN 16931 rules, the
	// Peppol rules (PEPPOL-EN16931-R*) and the national rules of the
	// Peppol rule set (DK-R-*, SE-R-*).
	ProfilePeppol = "peppol"
	// ProfileOIOUBL is Danish OIOUBL 2.x. It predates EN 16931 and binds
	// UBL differently (TaxExclusiveAmount is the tax total, categories
	// are OIOUBL codes under tax scheme 63), so only the rules that mean
	// the same in OIOUBL apply: oioublRules.
	ProfileOIOUBL = "oioubl"
	// ProfileNone is a document that declares itself below EN 16931:
	// the Factur-X/ZUGFeRD MINIMUM and BASIC WL profiles carry no lines
	// and are meant for bookkeeping only. No rule applies.
	ProfileNone = "none"
)

// oioublRules hold in OIOUBL 2.x as written: mandatory header terms and
// the sums whose elements OIOUBL defines as EN 16931 does.
var oioublRules = set("BR-02 BR-03 BR-05 BR-16 BR-21 BR-24 BR-CO-10 BR-CO-11 BR-CO-12 BR-CO-14 BR-CO-16 BR-CL-04 invoice.vat_rate_country")

// Profile says which rule sets apply to inv.
func (inv *Invoice) Profile() string {
	id := strings.TrimSpace(inv.CustomizationID.Text)
	switch {
	case strings.HasPrefix(strings.ToUpper(id), "OIOUBL"):
		return ProfileOIOUBL
	case strings.HasSuffix(id, ":minimum") || strings.HasSuffix(id, ":basicwl"):
		return ProfileNone
	case strings.Contains(id, "urn:fdc:peppol.eu:2017:poacc:billing:3.0"):
		return ProfilePeppol
	}
	return ProfileEN16931
}

// Options select optional rule sets.
type Options struct {
	// Peppol adds the Peppol BIS 3 rules beyond EN 16931
	// (PEPPOL-EN16931-R*) for documents of the Peppol profile. They check
	// the Peppol envelope and line arithmetic that a Peppol access point
	// validates before delivery; e-invoices reach intake by other routes
	// too, and many that declare Peppol BIS 3 without travelling over
	// Peppol (ZUGFeRD's UBL twins: no electronic addresses) break them.
	Peppol bool
}

// applies reports whether rule r is part of the rule sets of profile.
func (r *Rule) applies(profile string, o Options) bool {
	national := strings.HasPrefix(r.ID, "DK-") || strings.HasPrefix(r.ID, "SE-")
	peppol := strings.HasPrefix(r.ID, "PEPPOL-")
	switch profile {
	case ProfileOIOUBL:
		return oioublRules[r.ID]
	case ProfileEN16931:
		return !national && !peppol
	case ProfileNone:
		return false
	}
	return !peppol || o.Peppol
}

// Validate runs the rules of inv's profile over inv and returns the
// violations in table order. Rules whose context is absent (a fragment,
// an optional group) do not fire, as in the Schematron.
func Validate(inv *Invoice) []Violation {
	return ValidateWith(inv, Options{})
}

// ValidateWith is Validate with optional rule sets.
func ValidateWith(inv *Invoice, o Options) []Violation {
	return validate(inv, inv.Profile(), o)
}

func validate(inv *Invoice, profile string, o Options) []Violation {
	var out []Violation
	for _, r := range ruleTable {
		if !r.applies(profile, o) {
			continue
		}
		c := checker{inv: inv, rule: r}
		r.check(&c)
		out = append(out, c.out...)
	}
	return out
}
