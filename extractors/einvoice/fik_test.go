package einvoice

import (
	"os"
	"testing"
)

// An OIOUBL FI-card payment becomes the whole FIK code line.
func TestOIOUBLFIKLine(t *testing.T) {
	data, err := os.ReadFile("../../fixtures/corpus/0007-invoice-xml.xml")
	if err != nil {
		t.Fatal(err)
	}
	inv, err := Parse(data, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	f := inv.Fields[FieldPaymentReference]
	if want := "+71<061356250307826+89710701<"; f.Value != want {
		t.Fatalf("payment_reference = %q, want %q", f.Value, want)
	}
	if f.Path == "" || f.Confidence != 1 {
		t.Fatalf("evidence missing: %+v", f)
	}
}

// A Peppol DK FIK payment (code 93, PaymentID "71#id", the creditor as
// the payee account; DK-R-010) becomes the same code line, and the
// creditor is not taken for a bank account.
func TestPeppolFIKLine(t *testing.T) {
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
 <cbc:ID>F-1</cbc:ID>
 <cbc:IssueDate>2025-01-10</cbc:IssueDate>
 <cbc:DocumentCurrencyCode>DKK</cbc:DocumentCurrencyCode>
 <cac:PaymentMeans>
  <cbc:PaymentMeansCode>93</cbc:PaymentMeansCode>
  <cbc:PaymentID>71#061356250307826</cbc:PaymentID>
  <cac:PayeeFinancialAccount><cbc:ID>89710701</cbc:ID></cac:PayeeFinancialAccount>
 </cac:PaymentMeans>
</Invoice>`
	inv, err := Parse([]byte(doc), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	f := inv.Fields[FieldPaymentReference]
	if want := "+71<061356250307826+89710701<"; f.Value != want || f.Path == "" {
		t.Fatalf("payment_reference = %+v, want %q", f, want)
	}
	if f, ok := inv.Fields[FieldBankAccount]; ok {
		t.Errorf("bank_account %+v from the FIK creditor", f)
	}
}
