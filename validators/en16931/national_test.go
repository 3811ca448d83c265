package en16931

import (
	"strings"
	"testing"
)

// peppolDoc is a Peppol BIS 3 fragment with a seller and buyer in the
// given countries; extra goes inside the seller party, body after it.
func peppolDoc(seller, buyer, sellerParty, body string) string {
	return `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
 <cac:AccountingSupplierParty><cac:Party>` + sellerParty + `
  <cac:PostalAddress><cac:Country><cbc:IdentificationCode>` + seller + `</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
 </cac:Party></cac:AccountingSupplierParty>
 <cac:AccountingCustomerParty><cac:Party>
  <cac:PostalAddress><cac:Country><cbc:IdentificationCode>` + buyer + `</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
 </cac:Party></cac:AccountingCustomerParty>` + body + `</Invoice>`
}

const (
	cvr      = `<cac:PartyLegalEntity><cbc:RegistrationName>A/S</cbc:RegistrationName><cbc:CompanyID schemeID="0184">12345674</cbc:CompanyID></cac:PartyLegalEntity>`
	seVAT    = `<cac:PartyTaxScheme><cbc:CompanyID>SE556036079301</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>`
	line12   = `<cac:InvoiceLine><cac:Item><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>12</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item></cac:InvoiceLine>`
	payFIK   = `<cac:PaymentMeans><cbc:PaymentMeansCode>93</cbc:PaymentMeansCode><cbc:PaymentID>71#000000012345678</cbc:PaymentID><cac:PayeeFinancialAccount><cbc:ID>87654321</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>`
	payCheck = `<cac:PaymentMeans><cbc:PaymentMeansCode>20</cbc:PaymentMeansCode></cac:PaymentMeans>`
)

func TestNationalRules(t *testing.T) {
	tests := []struct {
		name, doc string
		fires     []string
		holds     []string
	}{
		{"danish seller without CVR", peppolDoc("DK", "DK", "", ""), []string{"DK-R-002"}, nil},
		{"danish seller with CVR, FIK", peppolDoc("DK", "DK", cvr, payFIK), nil, []string{"DK-R-002", "DK-R-005", "DK-R-010", "DK-R-011", "DK-R-014"}},
		{"danish cheque", peppolDoc("DK", "DK", cvr, payCheck), []string{"DK-R-005"}, nil},
		{"CVR without scheme", peppolDoc("DK", "DE", strings.Replace(cvr, ` schemeID="0184"`, "", 1), ""), []string{"DK-R-014"}, nil},
		{"danish 12 %", peppolDoc("DK", "DK", cvr, line12), []string{"invoice.vat_rate_country"}, nil},
		{"swedish 12 %", peppolDoc("SE", "SE", seVAT, line12), nil, []string{"SE-R-006", "invoice.vat_rate_country", "SE-R-001", "SE-R-002"}},
		{"swedish orgnr check digit", peppolDoc("SE", "SE", `<cac:PartyLegalEntity><cbc:CompanyID>5560360794</cbc:CompanyID></cac:PartyLegalEntity>`, ""), []string{"SE-R-013"}, []string{"SE-R-003", "SE-R-004"}},
		{"swedish orgnr valid", peppolDoc("SE", "SE", `<cac:PartyLegalEntity><cbc:CompanyID>5560360793</cbc:CompanyID></cac:PartyLegalEntity>`, ""), nil, []string{"SE-R-013"}},
		{"swedish VAT too short", peppolDoc("SE", "SE", strings.Replace(seVAT, "SE556036079301", "SE5560360793", 1), ""), []string{"SE-R-001"}, []string{"SE-R-002"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv, err := Parse([]byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			fired := map[string]bool{}
			for _, v := range Validate(inv) {
				fired[v.Rule.ID] = true
			}
			for _, id := range tc.fires {
				if !fired[id] {
					t.Errorf("%s did not fire", id)
				}
			}
			for _, id := range tc.holds {
				if fired[id] {
					t.Errorf("%s fired", id)
				}
			}
		})
	}
}
