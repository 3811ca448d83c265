package einvoice

import "testing"

func TestRegisterNumber(t *testing.T) {
	cases := []struct {
		id, scheme, country string
		want                string
		ok                  bool
	}{
		{"DK12345678", "0184", "", "12345678", true},
		{"12345678", "DK:CVR", "SE", "12345678", true}, // the scheme decides
		{"DK 1234 5678", "dk:cvr", "", "12345678", true},
		{"1234567", "0184", "DK", "", false}, // 7 digits is no CVR
		{"SE12345678", "0184", "", "", false},
		{"556677-8899", "0007", "", "5566778899", true},
		{"5566778899", "SE:ORGNR", "", "5566778899", true},
		{"991825827", "0192", "", "991825827", true},
		{"1111111118", "DK:CPR", "DK", "", false}, // a person, not a register
		{"7300010000001", "0088", "", "", false},  // a GLN
		{"16356706", "", "DK", "16356706", true},  // shape and country
		{"DK16356706", "", "", "16356706", true},  // its own prefix names the country
		{"57151520", "", "NL", "", false},         // a Dutch KvK number
		{"5532331183", "", "SE", "5532331183", true},
		{"123456789", "", "NO", "123456789", true},
		{"086374645", "", "HR", "", false},
		// No scheme, no country: only valid check digits count.
		{"10000009", "", "", "10000009", true}, // CVR mod 11
		{"57151520", "", "", "", false},
		{"5560000002", "", "", "", false},
		{"5566778898", "", "", "", false},          // fails Luhn
		{"5560360793", "", "", "5560360793", true}, // Luhn
		{"991825827", "", "", "991825827", true},   // NO mod 11
		{"991825828", "", "", "", false},
		{"32081330 Amersfoort", "", "NL", "", false},
	}
	for _, c := range cases {
		got, ok := registerNumber(c.id, c.scheme, c.country)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("registerNumber(%q, %q, %q) = %q, %v; want %q, %v", c.id, c.scheme, c.country, got, ok, c.want, c.ok)
		}
	}
}

func TestVATRegisterNumber(t *testing.T) {
	for vat, want := range map[string]string{
		"DK10000009": "10000009", "DK 10 00 00 09": "10000009", "SE556677889901": "5566778899",
		"NO123456789MVA": "123456789", "NO123456789": "123456789",
		"DK123456789MVA": "", "SE5566778899": "", "SE556677889902": "", "GB1232434": "", "DE123456789": "",
	} {
		got, ok := vatRegisterNumber(vat)
		if (want == "") == ok || (ok && got != want) {
			t.Errorf("vatRegisterNumber(%q) = %q, %v; want %q", vat, got, ok, want)
		}
	}
}

func TestSupplierIDPolicy(t *testing.T) {
	ref := func(v, scheme string) idRef { return idRef{value: v, scheme: scheme, n: -1} }
	cases := []struct {
		name string
		p    partyIDs
		want string
	}{
		{"register number first", partyIDs{country: "DK", legal: []idRef{ref("DK16356706", "DK:CVR")}, vat: []idRef{ref("DK16356808", "")}}, "16356706"},
		{"register inside the VAT number", partyIDs{country: "SE", vat: []idRef{ref("SE556677889901", "")}}, "5566778899"},
		{"foreign VAT before foreign legal id", partyIDs{country: "NL", legal: []idRef{ref("57151520", "")}, vat: []idRef{ref("NL8200.98.395.B.01", "")}}, "NL820098395B01"},
		{"legal id as written", partyIDs{country: "DK", legal: []idRef{ref("1111111118", "DK:CPR")}}, "1111111118"},
		{"seller identifier last", partyIDs{country: "GB", other: []idRef{ref("7300010000001", "")}}, "7300010000001"},
		{"seller identifier with register scheme", partyIDs{other: []idRef{ref("DK12345678", "0184")}}, "12345678"},
		{"nothing", partyIDs{country: "DK"}, ""},
	}
	for _, c := range cases {
		got, _, ok := supplierID(c.p)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%s: supplierID = %q, %v; want %q", c.name, got, ok, c.want)
		}
	}
}

func TestIsIBAN(t *testing.T) {
	for s, want := range map[string]bool{
		"DK50 0040 0440 1162 43": true, "NL57 RABO 0107307510": true, "DE02120300000000202051": true,
		"GB82WEST12345698765432": true, "GB82WEST12345698765433": false, "SE1212341234123412341234": false,
		"1234567890": false, "DK11-0040-9876543210": true, "": false, "NO9386011117947": true,
	} {
		if got := isIBAN(s); got != want {
			t.Errorf("isIBAN(%q) = %v", s, got)
		}
	}
}
