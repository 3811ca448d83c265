package registers

import (
	"fmt"
	"testing"

	"intake/pipeline"
)

// bigSet is a register of n suppliers with names drawn from syllables, so
// tokens repeat as they do in a real register.
func bigSet(n int) *Set {
	syl := []string{"bro", "vik", "holm", "dal", "sten", "berg", "lund", "strand", "skov", "gaard", "tor", "ås", "fjord", "mose", "hus"}
	trades := []string{"Kontorforsyning", "Bygg", "Rengøring", "Konsult", "Transport", "IT", "El", "VVS", "Catering", "Tryk"}
	d := &Data{}
	for i := range n {
		name := fmt.Sprintf("%s%s%s %s %s", syl[i%15], syl[(i/15)%15], syl[(i/225)%15], trades[(i/3375)%10], []string{"ApS", "A/S", "AB"}[i%3])
		id := fmt.Sprintf("%08d", 10000000+i)
		d.Suppliers = append(d.Suppliers, Supplier{ID: id, Name: name, VATNumber: "DK" + id, Status: "active",
			Accounts: []Account{{Kind: "iban", Value: fmt.Sprintf("DK00%014d", i)}}})
		d.Invoices = append(d.Invoices, BookedInvoice{SupplierID: id, InvoiceNumber: fmt.Sprint(i)})
	}
	d.BuyerReferences = []BuyerReference{{Reference: "REF1"}}
	return NewSet(d)
}

func BenchmarkFactsInvoice100k(b *testing.B) {
	s := bigSet(100_000)
	byID := map[string]string{"supplier_id": "10054321", "invoice_number": "7", "iban": "DK0000000000054321", "buyer_reference": "REF1"}
	byName := map[string]string{"supplier_name": s.Data().Suppliers[54321].Name, "invoice_number": "7"}
	b.Run("by_id", func(b *testing.B) {
		for b.Loop() {
			s.Facts(pipeline.TypeInvoice, byID, nil)
		}
	})
	b.Run("by_name", func(b *testing.B) {
		for b.Loop() {
			if f := s.Facts(pipeline.TypeInvoice, byName, nil); f["supplier_known"] != true {
				b.Fatalf("not found: %v", f)
			}
		}
	})
}
