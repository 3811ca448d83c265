package en16931

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"intake/pipeline"
)

// Version names the rule sets implemented: the EN 16931 validation
// artefacts 1.3 (UBL and CII bindings) and Peppol BIS Billing 3. The
// revision r counts changes to this package's rule table.
const Version = "en16931-1.3+peppol-bis3/r1"

// Stage validates e-invoices against EN 16931 and records one finding per
// rule that does not hold. Documents that are not e-invoices pass
// untouched; a failed rule is a finding, never an error.
type Stage struct {
	// Embedded returns the e-invoice XML attached to a hybrid PDF (nil
	// when there is none). Nil means hybrid PDFs are not validated; the
	// PDF reader keeps only the fields, not the XML, on the document.
	Embedded func(ctx context.Context, pdf []byte) ([]byte, error)
	// Options select optional rule sets (Peppol rules beyond EN 16931).
	Options Options
}

var _ pipeline.Stage = (*Stage)(nil)
var _ pipeline.Versioned = (*Stage)(nil)

func (*Stage) Name() string    { return "en16931" }
func (*Stage) Version() string { return Version }

// Process validates doc when it is an e-invoice (text read from XML, or a
// PDF with an embedded invoice when Embedded is set). A finding of this
// stage replaces an earlier one with the same rule id, and a rule that
// holds removes it: the field-level rule files check BR-CO-15 too, over
// normalised fields, and the check over the XML is exact.
func (s *Stage) Process(ctx context.Context, doc *pipeline.Document) error {
	if !doc.Structured {
		return ctx.Err()
	}
	data := doc.Data
	if doc.TextSource != pipeline.SourceXML {
		if s.Embedded == nil {
			return ctx.Err()
		}
		x, err := s.Embedded(ctx, doc.Data)
		if err != nil || x == nil {
			// The reader applied the same attachment already; a second
			// read failing here is nothing the case can act on.
			return ctx.Err()
		}
		data = x
	}
	inv, err := Parse(data)
	if err != nil {
		return ctx.Err() // the text reader accepted the bytes; not ours to quarantine
	}
	found := FindingsWith(inv, doc.Type.Value, s.Options)
	// Every rule checked here supersedes an earlier finding of the same
	// id, whether it fired or held.
	profile := inv.Profile()
	checked := map[string]bool{}
	for _, r := range ruleTable {
		if r.applies(profile, s.Options) {
			checked[r.ID] = true
		}
	}
	doc.Findings = slices.DeleteFunc(doc.Findings, func(f pipeline.Finding) bool { return checked[f.Rule] })
	doc.Findings = append(doc.Findings, found...)
	if doc.Versions.Rules == nil {
		doc.Versions.Rules = map[string]string{}
	}
	maps.Copy(doc.Versions.Rules, map[string]string{"en16931": Version + "/" + profile})
	return ctx.Err()
}

// maxEvidence bounds the places one finding lists.
const maxEvidence = 5

// Findings turns the violations of inv into one finding per rule, in
// table order, with the places it fails as evidence.
func Findings(inv *Invoice, docType string) []pipeline.Finding {
	return FindingsWith(inv, docType, Options{})
}

// FindingsWith is Findings with optional rule sets.
func FindingsWith(inv *Invoice, docType string, o Options) []pipeline.Finding {
	var out []pipeline.Finding
	byRule := map[*Rule][]Violation{}
	var order []*Rule
	for _, v := range ValidateWith(inv, o) {
		if byRule[v.Rule] == nil {
			order = append(order, v.Rule)
		}
		byRule[v.Rule] = append(byRule[v.Rule], v)
	}
	for _, r := range order {
		vs := byRule[r]
		var ev []string
		for i, v := range vs {
			if i == maxEvidence {
				ev = append(ev, fmt.Sprintf("and %d more", len(vs)-maxEvidence))
				break
			}
			ev = append(ev, v.Path+": "+v.Detail)
		}
		id := r.ID
		if strings.HasPrefix(id, "invoice.") && docType == pipeline.TypeCreditNote {
			id = pipeline.TypeCreditNote + strings.TrimPrefix(id, "invoice")
		}
		out = append(out, pipeline.Finding{
			Rule:     id,
			Severity: r.Severity,
			Message:  message(r, vs[0].Detail),
			Fields:   fieldsOf(r),
			Evidence: strings.Join(ev, "; "),
		})
	}
	return out
}

// message gives the rule text in English, and in Danish and Swedish the
// translation where there is one, else a sentence naming the rule, its
// business terms and what was found (the official texts are English).
func message(r *Rule, detail string) pipeline.Message {
	terms := strings.Join(r.Terms, ", ")
	if terms == "" {
		terms = "-"
	}
	m := pipeline.Message{
		DA: fmt.Sprintf("E-fakturaen overholder ikke reglen %s (forretningsbegreber %s): %s.", r.ID, terms, detail),
		SV: fmt.Sprintf("E-fakturan uppfyller inte regeln %s (affärstermer %s): %s.", r.ID, terms, detail),
		EN: r.Text + " (" + detail + ")",
	}
	if da, sv, ok := translation(r.ID); ok {
		m.DA = da + " (" + detail + ")"
		m.SV = sv + " (" + detail + ")"
	}
	return m
}

// caseFields maps the business terms that are case-file fields.
var caseFields = map[string]string{
	"BT-1": "invoice_number", "BT-2": "issue_date", "BT-5": "currency", "BT-9": "due_date",
	"BT-10": "buyer_reference", "BT-13": "order_reference", "BT-27": "supplier_name",
	"BT-29": "supplier_id", "BT-30": "supplier_id", "BT-31": "supplier_id", "BT-83": "payment_reference",
	"BT-109": "amount_net", "BT-110": "amount_vat", "BT-112": "amount_total", "BT-115": "amount_due",
}

// fieldsOf lists the case-file fields a rule reads, then its business
// terms, so a reviewer finds both the field and the spec's term.
func fieldsOf(r *Rule) []string {
	var out []string
	for _, t := range r.Terms {
		if f, ok := caseFields[t]; ok && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return append(out, r.Terms...)
}
