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

// BenchmarkConfirm100k confirms the supplier of a one-page invoice of 60
// lines, numbers everywhere, against 100,000 suppliers.
func BenchmarkConfirm100k(b *testing.B) {
	s := bigSet(100_000)
	sup := s.Data().Suppliers[54321]
	lines := []string{sup.Name, "Havnegade 12, 1058 København K", "CVR " + sup.ID, "Faktura 2024-1187", "Dato 12.03.2024"}
	for i := range 55 {
		lines = append(lines, fmt.Sprintf("%d Konsulentbistand uge %d %d,50 %d %d,00", i+1, i%52+1, 900+i, 2+i%5, 1800+17*i))
	}
	p := page(lines...)
	c := &Confirm{Registers: fixedSet{s}}
	for b.Loop() {
		doc := invoiceDoc(p, map[string]pipeline.Field{"supplier_id": {Value: sup.ID, Confidence: 0.7}, "supplier_name": {Value: "Kontakt Person", Confidence: 0.2}})
		if err := c.Process(b.Context(), doc); err != nil || doc.Fields["supplier_name"].ConfirmedBy == "" {
			b.Fatalf("not confirmed: %v %+v", err, doc.Fields)
		}
	}
}
