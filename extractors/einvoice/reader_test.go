package einvoice

import (
	"context"
	"errors"
	"strings"
	"testing"

	"intake/pipeline"
)

func TestReaderAccepts(t *testing.T) {
	r := &Reader{}
	for mt, want := range map[string]bool{
		"application/xml": true, "text/xml": true, "Application/XML; charset=utf-8": true,
		"application/pdf": false, "image/svg+xml": false, "": false,
	} {
		if got := r.Accepts(mt); got != want {
			t.Errorf("Accepts(%q) = %v", mt, got)
		}
	}
}

func TestReaderRead(t *testing.T) {
	data := readFile(t, corpus(t, "oioubl/test/data/parse/dk-bank.xml")[0])
	doc := &pipeline.Document{Data: data, MediaType: "application/xml"}
	if err := (&Reader{}).Read(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if doc.TextSource != pipeline.SourceXML || !doc.Structured || doc.PageCount != 0 {
		t.Errorf("TextSource %q, Structured %v, PageCount %d", doc.TextSource, doc.Structured, doc.PageCount)
	}
	if doc.Type != (pipeline.Label{Value: pipeline.TypeInvoice, Confidence: 1, Model: "xml/ubl"}) {
		t.Errorf("Type = %+v", doc.Type)
	}
	if f := doc.Fields[FieldSupplierID]; f.Value != "10000009" || f.Confidence != 1 || f.Path == "" {
		t.Errorf("supplier_id = %+v", f)
	}
	if len(doc.LineItems) != 2 || doc.LineItems[0].Description != "Booking Fee (Fixed Rate)" || doc.LineItems[0].VATCategory != "S" {
		t.Errorf("line items = %+v", doc.LineItems)
	}
	if len(doc.Pages) != 1 {
		t.Fatalf("%d pages", len(doc.Pages))
	}
	p := doc.Pages[0]
	if p.Number != 1 || p.Source != pipeline.SourceXML || len(p.Words) == 0 || p.Width <= 0 || p.Height <= 0 {
		t.Errorf("page = %+v", p)
	}
	inv, _ := Parse(data, DefaultLimits())
	if got := p.Text(); got != inv.Text {
		t.Errorf("page text:\n%s\nwant the invoice text:\n%s", got, inv.Text)
	}
	for _, w := range p.Words {
		if w.Conf != 1 || w.Box.X1 <= w.Box.X0 || w.Box.Y1 <= w.Box.Y0 {
			t.Fatalf("word %+v", w)
		}
	}
	// "Supplier ID: 10000009" is line 5 (0-based 4): the value starts at column 13.
	var found bool
	for _, w := range p.Words {
		if w.Text == "10000009" {
			found = true
			if w.Box != (pipeline.Box{X0: 13 * 6, Y0: 5 * 12, X1: 21 * 6, Y1: 6 * 12}) {
				t.Errorf("box of the supplier ID = %+v", w.Box)
			}
		}
	}
	if !found {
		t.Errorf("supplier ID not on the page:\n%s", inv.Text)
	}
}

// Apply is for an invoice embedded in a PDF: the PDF's pages and text
// source stay.
func TestApplyKeepsPages(t *testing.T) {
	data := readFile(t, corpus(t, "zugferd/XML-Rechnung/CII/EN16931_Einfach.cii.xml")[0])
	pages := []pipeline.Page{{Number: 1, Source: pipeline.SourceNative, Words: []pipeline.Word{{Text: "Rechnung"}}}}
	doc := &pipeline.Document{MediaType: "application/pdf", PageCount: 1, Pages: pages, TextSource: pipeline.SourceNative}
	doc.SetField(FieldInvoiceNumber, pipeline.Field{Value: "visual guess", Confidence: 0.4})
	if err := (&Reader{}).ApplyEmbedded(doc, data, "factur-x.xml"); err != nil {
		t.Fatal(err)
	}
	inv, _ := Parse(data, DefaultLimits())
	if doc.TextSource != pipeline.SourceNative || doc.PageCount != 1 || len(doc.Pages) != 1 || doc.Pages[0].Words[0].Text != "Rechnung" {
		t.Errorf("pages or text source changed: %+v", doc)
	}
	if !doc.Structured || doc.Type.Model != "xml/cii" || doc.Fields[FieldInvoiceNumber] != inv.Fields[FieldInvoiceNumber] {
		t.Errorf("not applied: %+v", doc.Fields[FieldInvoiceNumber])
	}
	if doc.Fields[FieldInvoiceNumber].Confidence != 1 {
		t.Error("the exact value did not replace the visual one")
	}
}

func TestApplyEmbeddedError(t *testing.T) {
	doc := &pipeline.Document{}
	err := (&Reader{}).ApplyEmbedded(doc, []byte("<Invoice"), "zugferd-invoice.xml")
	wantUnreadable(t, err, CodeMalformed, pipeline.ErrCorrupt)
	if !strings.HasPrefix(err.Error(), "zugferd-invoice.xml: ") {
		t.Errorf("err = %v, want the attachment name", err)
	}
	if doc.Structured || doc.Fields != nil {
		t.Error("document changed by a failed apply")
	}
}

func TestReaderErrors(t *testing.T) {
	doc := &pipeline.Document{Data: []byte(`<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>`)}
	err := (&Reader{}).Read(context.Background(), doc)
	wantUnreadable(t, err, CodeNotEInvoice, pipeline.ErrUnsupportedMedia)
	if doc.Structured || doc.Pages != nil {
		t.Error("document changed by a failed read")
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	doc.Data = readFile(t, corpus(t, "peppol-bis3/examples/base-example.xml")[0])
	if err := (&Reader{}).Read(ctx, doc); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

// A cancelled context stops a long decode and returns ctx.Err() as is.
func TestParseHonoursContext(t *testing.T) {
	big := ublOpen + strings.Repeat("<cbc:Note>x</cbc:Note>", 100000) + "</Invoice>"
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := parse(ctx, []byte(big), DefaultLimits()); err != context.Canceled {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestTextRendering(t *testing.T) {
	data := readFile(t, corpus(t, "en16931/ubl/examples/guide-example2.xml")[0])
	inv, err := Parse(data, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"Document: Invoice (UBL)",
		"Invoice number: TOSL108",
		"Issue date: 2013-06-30",
		"Total with VAT: 1801.78",
		"Lines:",
		"1 Laptop computer 2 EA x 1273.00 = 1273.00 VAT S 25%",
		`2 Returned "Advanced computing" book -1 EA x 3.96 = -3.96 VAT S 15%`,
	} {
		if !strings.Contains(inv.Text, line+"\n") {
			t.Errorf("text lacks %q:\n%s", line, inv.Text)
		}
	}
}
