package einvoice

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"intake/pipeline"
)

// gobl is the part of another library's reading of the OIOUBL examples
// (invopop/gobl.dk.oioubl, test/data/parse/out) compared here by meaning.
type gobl struct {
	Type      string `json:"type"`
	Code      string `json:"code"`
	IssueDate string `json:"issue_date"`
	Currency  string `json:"currency"`
	Supplier  struct {
		Identities []goblID `json:"identities"`
	} `json:"supplier"`
	Payment struct {
		Instructions struct {
			CreditTransfer []struct {
				IBAN     string `json:"iban"`
				Number   string `json:"number"`
				Clearing string `json:"clearing"`
			} `json:"credit_transfer"`
		} `json:"instructions"`
	} `json:"payment"`
	Lines []json.RawMessage `json:"lines"`
}

type goblID struct {
	Code string `json:"code"`
}

// TestOIOUBLAgreesWithGOBL: the invoice number, date, type, currency,
// supplier and first bank account read here agree with an independent
// OIOUBL implementation's results.
func TestOIOUBLAgreesWithGOBL(t *testing.T) {
	outs := corpus(t, "oioubl/test/data/parse/out/*.json")
	for _, out := range outs {
		name := strings.TrimSuffix(filepath.Base(out), ".json")
		t.Run(name, func(t *testing.T) {
			var g gobl
			if err := json.Unmarshal(readFile(t, out), &g); err != nil {
				t.Fatal(err)
			}
			inv, err := Parse(readFile(t, filepath.Join(filepath.Dir(filepath.Dir(out)), name+".xml")), DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			f := func(n string) string { return inv.Fields[n].Value }
			if f(FieldInvoiceNumber) != g.Code || f(FieldIssueDate) != g.IssueDate || f(FieldCurrency) != g.Currency {
				t.Errorf("number/date/currency %q %q %q, gobl %q %q %q", f(FieldInvoiceNumber), f(FieldIssueDate), f(FieldCurrency), g.Code, g.IssueDate, g.Currency)
			}
			if (g.Type == "credit-note") != (inv.DocType == pipeline.TypeCreditNote) {
				t.Errorf("DocType %q, gobl type %q", inv.DocType, g.Type)
			}
			if !slices.Contains(g.Supplier.Identities, goblID{Code: f(FieldSupplierID)}) {
				t.Errorf("supplier_id %q not among gobl's supplier identities %v", f(FieldSupplierID), g.Supplier.Identities)
			}
			if ct := g.Payment.Instructions.CreditTransfer; len(ct) > 0 {
				if ct[0].IBAN != "" && f(FieldIBAN) != ct[0].IBAN {
					t.Errorf("iban %q, gobl %q", f(FieldIBAN), ct[0].IBAN)
				}
				if ct[0].Clearing != "" && f(FieldBankAccount) != ct[0].Clearing+ct[0].Number {
					t.Errorf("bank_account %q, gobl %s + %s", f(FieldBankAccount), ct[0].Clearing, ct[0].Number)
				}
			}
			if len(inv.LineItems) != len(g.Lines) {
				t.Errorf("%d lines, gobl %d", len(inv.LineItems), len(g.Lines))
			}
		})
	}
}
