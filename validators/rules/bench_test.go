package rules

import (
	"fmt"
	"testing"
	"time"

	"intake/pipeline"
	"intake/validators/registers"
)

// BenchmarkValidateInvoice100k is one invoice through the built-in rules
// with facts from registers of 100,000 suppliers: register lookups, the
// fuzzy name match and every CEL expression. The target is < 1 ms.
func BenchmarkValidateInvoice100k(b *testing.B) {
	d := &registers.Data{BuyerReferences: []registers.BuyerReference{{Reference: "REF1"}}}
	for i := range 100_000 {
		id := fmt.Sprintf("%08d", 10000000+i)
		d.Suppliers = append(d.Suppliers, registers.Supplier{ID: id, Name: fmt.Sprintf("Leverandør %d Handel ApS", i), VATNumber: "DK" + id,
			Status: "active", Accounts: []registers.Account{{Kind: "iban", Value: fmt.Sprintf("DK%016d", i)}}})
		d.Invoices = append(d.Invoices, registers.BookedInvoice{SupplierID: id, InvoiceNumber: fmt.Sprint(i)})
	}
	reg := registers.NewSet(d)
	checks := map[string]CheckFunc{}
	for _, k := range []string{"cvr", "orgnr", "iban", "fik", "ocr", "rf", "cpr", "personnummer"} {
		checks[k] = func(string) bool { return true }
	}
	set, err := Load(Builtin(), checks)
	if err != nil {
		b.Fatal(err)
	}
	for name, fields := range map[string]map[string]string{
		"by_id": {"supplier_id": "10054321", "invoice_number": "A7", "iban": "DK0000000000054321", "buyer_reference": "REF1",
			"issue_date": "2025-01-07", "due_date": "2025-01-21", "amount_net": "100.00", "amount_vat": "25.00", "amount_total": "125.00",
			"payment_reference": "RF58075464"},
		"by_name": {"supplier_name": "Leverandør 54321 Handel ApS", "invoice_number": "A7", "buyer_reference": "REF1",
			"issue_date": "2025-01-07", "amount_net": "100.00", "amount_vat": "25.00", "amount_total": "125.00"},
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				in := Input{DocType: pipeline.TypeInvoice, Fields: fields, Today: time.Now(), Facts: reg.Facts(pipeline.TypeInvoice, fields, nil)}
				if f := set.Evaluate(in); len(f) != 0 {
					b.Fatalf("findings: %+v", f)
				}
			}
		})
	}
}
