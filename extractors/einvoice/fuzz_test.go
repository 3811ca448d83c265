package einvoice

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"intake/pipeline"
)

// FuzzParse: no input panics; every failure is an UnreadableError; every
// success is an invoice or credit note whose fields are exact and carry
// evidence, and whose root the sniff recognises.
func FuzzParse(f *testing.F) {
	// Small real seeds, indentation removed: the fuzzer minimises every
	// new input byte by byte, which is slow on a 47 KB invoice.
	indent := regexp.MustCompile(`>\s+<`)
	for _, g := range []string{"en16931/test/testfiles/Invoice-Min_content_with_VAT.xml", "oioubl/test/data/parse/dk-bank.xml", "en16931/cii/examples/CII_example3.xml", "en16931/test/testfiles/CreditNote-Min_content_without_VAT.xml"} {
		if b, err := os.ReadFile(filepath.Join(sharedData, g)); err == nil {
			f.Add(indent.ReplaceAll(b, []byte("><")))
		}
	}
	for _, s := range []string{
		"", ublOpen + "</Invoice>",
		ublOpen + "<cbc:ID>1</cbc:ID><cbc:IssueDate>20240101</cbc:IssueDate><cac:LegalMonetaryTotal xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\"><cbc:PayableAmount>1</cbc:PayableAmount></cac:LegalMonetaryTotal></Invoice>",
		`<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"><rsm:ExchangedDocument><ram:ID>x</ram:ID><ram:TypeCode>381</ram:TypeCode></rsm:ExchangedDocument></rsm:CrossIndustryInvoice>`,
		`<!DOCTYPE x [<!ENTITY a "b">]>` + ublOpen + `</Invoice>`,
		"\xff\xfe<\x00?\x00x\x00",
		`<?xml version="1.0" encoding="ISO-8859-1"?>` + ublOpen + "<cbc:ID>\xf8</cbc:ID></Invoice>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, err := Parse(data, Limits{MaxBytes: 1 << 20, MaxDepth: 64})
		sniff := IsEInvoice(data)
		if err != nil {
			var ue *pipeline.UnreadableError
			if !errors.As(err, &ue) || ue.Code == "" {
				t.Fatalf("error %v (%T) is not an UnreadableError", err, err)
			}
			return
		}
		if inv.DocType != pipeline.TypeInvoice && inv.DocType != pipeline.TypeCreditNote {
			t.Fatalf("DocType %q", inv.DocType)
		}
		for name, fl := range inv.Fields {
			if fl.Value == "" || fl.Confidence != 1 || fl.Path == "" {
				t.Fatalf("%s = %+v", name, fl)
			}
		}
		if !sniff && len(data) < sniffLen {
			t.Fatalf("parsed, yet IsEInvoice = false")
		}
		_ = inv.Page()
	})
}
