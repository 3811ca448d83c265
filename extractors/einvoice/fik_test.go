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
