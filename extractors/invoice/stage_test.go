package invoice

import (
	"context"
	"errors"
	"strings"
	"testing"

	"intake/pipeline"
)

func danishInvoice() *pipeline.Document {
	return &pipeline.Document{
		Type:     pipeline.Label{Value: pipeline.TypeInvoice, Confidence: 0.9},
		Language: "da",
		Pages:    invoiceCases[0].pages,
	}
}

func TestProcessKeepsExactFields(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	doc := danishInvoice()
	exact := pipeline.Field{Value: "EXACT-1", Raw: "EXACT-1", Confidence: 1, Path: "/Invoice/cbc:ID"}
	weak := pipeline.Field{Value: "2000-01-01", Confidence: 0.05}
	doc.SetField(fInvoiceNumber, exact)
	doc.SetField(fIssueDate, weak)
	if err := s.Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if got := doc.Fields[fInvoiceNumber]; got != exact {
		t.Errorf("an exact field was replaced: %+v", got)
	}
	if got := doc.Fields[fIssueDate].Value; got != "2024-03-01" {
		t.Errorf("issue_date = %q: a weaker earlier value should give way", got)
	}
	if doc.Fields[fTotal].Value != "12500.00" {
		t.Errorf("amount_total = %+v", doc.Fields[fTotal])
	}
}

// OCR confidence caps what can be claimed about a value read from a scan.
func TestOCRConfidenceLowersFields(t *testing.T) {
	s, _ := New(Config{})
	var pages []pipeline.Page
	for _, p := range invoiceCases[0].pages {
		q := p
		q.Source = pipeline.SourceOCR
		q.Words = append([]pipeline.Word(nil), p.Words...)
		for i := range q.Words {
			q.Words[i].Conf = 0.5
		}
		pages = append(pages, q)
	}
	got := s.Extract(pages, "da")
	if got[fInvoiceNumber].Value != "2024-0117" {
		t.Fatalf("invoice_number %+v", got[fInvoiceNumber])
	}
	for name, f := range got {
		limit := 0.55
		switch name {
		case fNet, fVAT, fTotal:
			limit = 0.85 // net + VAT = total is evidence the digits were read right
		}
		if f.Raw != "" && f.Confidence > limit {
			t.Errorf("%s: confidence %.2f from words read at 0.5", name, f.Confidence)
		}
	}
}

func TestProcessSkipsOtherTypes(t *testing.T) {
	s, _ := New(Config{})
	for _, typ := range []string{pipeline.TypeSchoolTransport, pipeline.TypeSickPayClaim, pipeline.TypeOther, ""} {
		doc := danishInvoice()
		doc.Type.Value = typ
		if err := s.Process(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Fields) != 0 {
			t.Errorf("type %q: fields set: %v", typ, doc.Fields)
		}
	}
	for _, typ := range []string{pipeline.TypeCreditNote, pipeline.TypePaymentReminder} {
		doc := danishInvoice()
		doc.Type.Value = typ
		_ = s.Process(context.Background(), doc)
		if len(doc.Fields) == 0 {
			t.Errorf("type %q: no fields", typ)
		}
	}
}

func TestProcessHonoursContext(t *testing.T) {
	s, _ := New(Config{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Process(ctx, danishInvoice()); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestProcessEmptyPages(t *testing.T) {
	s, _ := New(Config{})
	doc := &pipeline.Document{Type: pipeline.Label{Value: pipeline.TypeInvoice}}
	if err := s.Process(context.Background(), doc); err != nil || len(doc.Fields) != 0 {
		t.Errorf("no pages: err %v, fields %v", err, doc.Fields)
	}
	doc.Pages = []pipeline.Page{page(1)}
	if err := s.Process(context.Background(), doc); err != nil || len(doc.Fields) != 0 {
		t.Errorf("empty page: err %v, fields %v", err, doc.Fields)
	}
}

func TestConfigValidate(t *testing.T) {
	if _, err := New(Config{MaxPages: -1, MinConfidence: 2}); err == nil {
		t.Error("accepted negative MaxPages and MinConfidence 2")
	}
	s, err := New(Config{MaxPages: 2})
	if err != nil {
		t.Fatal(err)
	}
	pages := []pipeline.Page{page(1), page(2), page(3), page(4)}
	got := s.pagesToRead(pages)
	if len(got) != 2 || got[0].Number != 1 || got[1].Number != 4 {
		t.Errorf("pagesToRead kept %v, want pages 1 and 4", got)
	}
}

func TestLabelTable(t *testing.T) {
	known := map[string]bool{
		tStop: true, tSeller: true, tBuyer: true, tPayee: true, tBuyerID: true, tName: true, tRegNo: true, tAccountNo: true,
	}
	for _, f := range []string{fSupplierName, fSupplierID, fInvoiceNumber, fIssueDate, fDueDate, fCurrency, fNet, fVAT,
		fTotal, fDue, fBuyerReference, fOrderReference, fBuyerGLN, fIBAN, fBankgiro, fPlusgiro, fPaymentReference, fBankAccount} {
		known[f] = true
	}
	for _, set := range labelTable {
		if !known[set.target] {
			t.Errorf("label set for unknown target %q", set.target)
		}
		if set.strength <= 0 || set.strength > 1 {
			t.Errorf("%s: strength %g outside (0, 1]", set.target, set.strength)
		}
		for _, p := range set.phrases {
			if compact(p) == "" {
				t.Errorf("%s: phrase %q has no letters", set.target, p)
			}
		}
	}
}

// FuzzExtract feeds arbitrary words through the extractor: whatever a PDF
// or OCR engine produces, it must not panic and must keep its contract.
func FuzzExtract(f *testing.F) {
	f.Add("Rechnung Nr. 4711 vom 05.03.2018", "Gesamtbetrag 1.190,00 €", "USt-IdNr.: DE123456789", 10.0)
	f.Add("Fakturanr.: 12", "Total DKK 12.500,00", "+71< 000000001234567 +12345678<", 7.0)
	f.Add("Invoice #", "£1,481.40", "IBAN GB29 NWBK 6016 1331 9268 19", 0.5)
	f.Fuzz(func(t *testing.T, a, b, c string, size float64) {
		if size <= 0 || size > 100 {
			size = 10
		}
		pages := []pipeline.Page{page(1, at{40, 40, a, size}, at{40, 40 + size, b, size}, at{300, 40, c, size})}
		s, _ := New(Config{})
		for name, fl := range s.Extract(pages, "") {
			if fl.Confidence < 0 || fl.Confidence > 1 {
				t.Errorf("%s: confidence %v", name, fl.Confidence)
			}
		}
	})
}

// A creditor reference needs no label: its check digits say what it is,
// also printed in groups of four under a free-text request.
func TestUnlabelledCreditorReference(t *testing.T) {
	s, _ := New(Config{})
	p := page(1,
		at{40, 40, "Invoice", 16},
		at{40, 80, "Invoice no. 2024-118", 0},
		at{40, 300, "Please quote", 0},
		at{40, 312, "RF18 5390 0754 7034", 0},
		at{300, 312, "Total EUR 1,250.00", 0},
	)
	got := s.Extract([]pipeline.Page{p}, "en")
	if f := got[fPaymentReference]; f.Value != "RF18539007547034" || f.Raw != "RF18 5390 0754 7034" {
		t.Errorf("payment_reference %+v", f)
	}
	if w := p.Words[len(p.Words)-7]; w.Text != "RF18" {
		t.Fatalf("word %q", w.Text)
	}
	p.Words[len(p.Words)-7].Text = "RF19" // a wrong check digit is not a reference
	if f, ok := s.Extract([]pipeline.Page{p}, "en")[fPaymentReference]; ok && strings.HasPrefix(f.Value, "RF") {
		t.Errorf("invalid reference taken: %+v", f)
	}
}
