package invoice

import (
	"testing"

	"intake/pipeline"
	"intake/validators/checkdigit"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		hint rune
		want string // "" for not an amount
		cur  string
	}{
		{"1.234,50", 0, "1234.50", ""},
		{"1 234,50", 0, "1234.50", ""},
		{"1\u00a0234,50", 0, "1234.50", ""},
		{"1,234.50", 0, "1234.50", ""},
		{"1234.50", 0, "1234.50", ""},
		{"1234,5", 0, "1234.50", ""},
		{"-12,00", 0, "-12.00", ""},
		{"−12,00", 0, "-12.00", ""},
		{"7,67-", 0, "-7.67", ""},
		{"(7.67)", 0, "-7.67", ""},
		{"12,00 €", 0, "12.00", "EUR"},
		{"€12.00", 0, "12.00", "EUR"},
		{"EUR 12.00", 0, "12.00", "EUR"},
		{"kr. 1.234,50", 0, "1234.50", "kr"},
		{"1.234,50 kr", 0, "1234.50", "kr"},
		{"DKK 1.250,00", 0, "1250.00", "DKK"},
		{"£1,481.40", 0, "1481.40", "GBP"},
		{"1.234,-", 0, "1234.00", ""},
		{"1.234.567,89", 0, "1234567.89", ""},
		{"1'234.50", 0, "1234.50", ""},
		{"1.234", ',', "1234.00", ""}, // thousands in a comma-decimal document
		{"1,234", '.', "1234.00", ""},
		{"1.234", '.', "", ""}, // three decimals: a quantity, not money
		{"9,9000", 0, "", ""},
		{"163,16183,14", 0, "", ""},
		{"12.34.56", 0, "", ""},
		{"1 23,45", 0, "", ""},
		{"abc", 0, "", ""},
		{"19%", 0, "", ""},
		{"", 0, "", ""},
	}
	for _, tt := range tests {
		a, ok := parseAmount(tt.in, tt.hint)
		got := ""
		if ok {
			got = a.String()
		}
		if got != tt.want || ok && a.currency != tt.cur {
			t.Errorf("parseAmount(%q, %q) = %q %q, want %q %q", tt.in, tt.hint, got, a.currency, tt.want, tt.cur)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, lang, want string
		sure           bool // validity 1
	}{
		{"01.03.2024", "de", "2024-03-01", true},
		{"1.3.2024", "de", "2024-03-01", true},
		{"2024-03-01", "sv", "2024-03-01", true},
		{"01-03-2024", "da", "2024-03-01", true},
		{"1/3/2024", "da", "2024-03-01", false},
		{"3/15/2024", "en", "2024-03-15", true},
		{"15/3/2024", "en", "2024-03-15", true},
		{"01.03.24", "de", "2024-03-01", false},
		{"1. marts 2024", "da", "2024-03-01", true},
		{"1 mars 2024", "sv", "2024-03-01", true},
		{"1. März 2024", "de", "2024-03-01", true},
		{"1er mars 2024", "fr", "2024-03-01", true},
		{"1 maart 2024", "nl", "2024-03-01", true},
		{"March 1, 2024", "en", "2024-03-01", true},
		{"1st March 2024", "en", "2024-03-01", true},
		{"22nd of June 2024", "en", "2024-06-22", true},
		{"Mar 1 2024", "en", "2024-03-01", true},
		{"01-Mar-2024", "en", "2024-03-01", true},
		{"17. desember 2024", "no", "2024-12-17", true},
		{"04.04.2018,", "de", "2018-04-04", true},
		{"20240301", "", "2024-03-01", false},
		{"31.04.2024", "de", "", false},
		{"32.01.2024", "de", "", false},
		{"01.13.2024", "de", "", false},
		{"1.234,50", "de", "", false},
		{"2.1", "de", "", false},
		{"12345678", "", "", false},
		{"1. foo 2024", "de", "", false},
	}
	for _, tt := range tests {
		got, v, ok := parseDate(tt.in, tt.lang)
		if !ok {
			got = ""
		}
		if got != tt.want || ok && (v == 1) != tt.sure {
			t.Errorf("parseDate(%q, %q) = %q (%.2f), want %q (sure %v)", tt.in, tt.lang, got, v, tt.want, tt.sure)
		}
	}
}

func TestCheckDigits(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) bool
		in   string
		want bool
	}{
		{"cvr", validCVR, "12345674", true},
		{"cvr", validCVR, "29189722", true},
		{"cvr", validCVR, "12345678", false},
		{"cvr", validCVR, "1234567", false},
		{"orgnr", validOrgnr, "5560360793", true},
		{"orgnr", validOrgnr, "165560360793", true},
		{"orgnr", validOrgnr, "5560360794", false},
		{"orgnr personal", validOrgnr, "8112289874", false},
		{"no org", validNorwegianOrg, "923609016", true},
		{"no org", validNorwegianOrg, "923609017", false},
		{"iban", validIBAN, "DK5000400440116243", true},
		{"iban", validIBAN, "DE89370400440532013000", true},
		{"iban", validIBAN, "GB29NWBK60161331926819", true},
		{"iban", validIBAN, "FR1420041010050500013M02606", true},
		{"iban", validIBAN, "DE89370400440532013001", false},
		{"iban length", validIBAN, "DK500040044011624", false},
		{"luhn", checkdigit.Luhn, "1234567897", true},
		{"luhn", checkdigit.Luhn, "1234567898", false},
		{"bankgiro", func(s string) bool { return validGiro(s, 7, 8) }, "50501055", true},
		{"plusgiro", func(s string) bool { return validGiro(s, 2, 8) }, "1234566", true},
		{"gln", validGLN, "5798000000001", true},
		{"gln", validGLN, "5798000000002", false},
		{"rf", validRF, "RF18539007547034", true},
		{"rf", validRF, "RF19539007547034", false},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("%s(%q) = %v, want %v", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestTaxIDValidity(t *testing.T) {
	tests := []struct {
		in   string
		good bool
	}{
		{"DE123456789", true}, {"DK12345674", true}, {"SE556036079301", true}, {"NO923609016MVA", true},
		{"GB999999973", true}, {"NL123456789B01", true}, {"FR40303265045", true}, {"ATU12345678", true},
		{"12345674", true}, {"5560360793", true},
		{"DK12345678", false}, {"DE12345", false}, {"XX123456789", false}, {"DE12123456781234567890", false},
	}
	for _, tt := range tests {
		if got := taxIDValidity(tt.in) >= 0.9; got != tt.good {
			t.Errorf("taxIDValidity(%q) = %.2f, want good=%v", tt.in, taxIDValidity(tt.in), tt.good)
		}
	}
}

func TestCompact(t *testing.T) {
	for in, want := range map[string]string{
		"USt.-Id.-Nr.:":  "ustidnr",
		"Fälligkeit":     "falligkeit",
		"Beløb i alt":    "belobialt",
		"Invoice #":      "invoicenr",
		"N° facture":     "nrfacture",
		"Nº":             "nr",
		"Å betale":       "abetale",
		"Straße":         "strasse",
		"Ordrebekræftel": "ordrebekraeftel",
	} {
		if got := compact(in); got != want {
			t.Errorf("compact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKroneOfAnEnglishInvoice(t *testing.T) {
	f := func(name, v string) map[string]pipeline.Field { return map[string]pipeline.Field{name: {Value: v}} }
	tests := []struct {
		lang string
		out  map[string]pipeline.Field
		want string
	}{
		{"sv", nil, "SEK"},
		{"da", f(fIBAN, "SE4550000000058398257466"), "DKK"}, // the language decides first
		{"en", f(fIBAN, "DK5000400440116243"), "DKK"},
		{"en", f(fBankgiro, "58398257"), "SEK"},
		{"en", f(fBankAccount, "28028063310215"), "DKK"},
		{"en", f(fSupplierID, "27531660"), "DKK"},
		{"en", f(fSupplierID, "5593265688"), "SEK"},
		{"en", f(fSupplierID, "NO912345678MVA"), "NOK"},
		{"en", f(fSupplierID, "GB884706449"), ""},
		{"en", nil, ""},
	}
	for _, tc := range tests {
		if got := krone(tc.lang, tc.out); got != tc.want {
			t.Errorf("krone(%s, %v) = %q, want %q", tc.lang, tc.out, got, tc.want)
		}
	}
}

func TestAmountWithCentsSplitOff(t *testing.T) {
	x := &extraction{hint: ','}
	ws := func(texts ...string) []word {
		var out []word
		for i, s := range texts {
			out = append(out, word{text: s, box: pipeline.Box{X0: float64(35 * i), X1: float64(35*i + 30), Y1: 10}})
		}
		return out
	}
	for _, tc := range []struct {
		in   []string
		want string
		n    int
	}{
		{[]string{"456726,", "81"}, "456726.81", 2},
		{[]string{"1", "234,", "50"}, "1234.50", 3},
		{[]string{"456726,81", "12"}, "456726.81", 1}, // already whole: the next word is another value
	} {
		p, n := x.parseAmount(ws(tc.in...))
		if p.value != tc.want || n != tc.n {
			t.Errorf("%q: %q over %d words, want %q over %d", tc.in, p.value, n, tc.want, tc.n)
		}
	}
	if p, _ := x.parseAmount(ws("456726,", "81")); p.validity >= 1 {
		t.Errorf("a split amount keeps full validity %v", p.validity)
	}
}

// TestFuzzyLabels: on OCR text a long label with one letter wrong, one
// too many or one missing is still its label; on native text, in short
// labels, and between two labels a letter apart, it is not.
func TestFuzzyLabels(t *testing.T) {
	m := newMatcher([]labelSet{
		{target: fInvoiceNumber, phrases: []string{"Fakturanummer"}, strength: 1},
		{target: fDueDate, phrases: []string{"Forfaldsdato"}, strength: 1},
		{target: fOrderReference, phrases: []string{"Ordrenummer", "Ordernummer"}, strength: 1},
		{target: fVAT, phrases: []string{"Moms"}, strength: 1},
	})
	cases := []struct {
		acc  string
		ocr  bool
		want string
	}{
		{"fakturanummer", false, "fakturanummer"},
		{"fakturanummier", true, "fakturanummer"}, // one too many
		{"fakturanumer", true, "fakturanummer"},   // one missing
		{"fakturanunmer", true, "fakturanummer"},  // one different
		{"fakturanummier", false, ""},             // native text is as printed
		{"forfaldsdalo", true, "forfaldsdato"},
		{"fakturanuuier", true, ""}, // two letters
		{"mons", true, ""},          // too short to guess
		{"ordenummer", true, ""},    // a letter from two labels
	}
	for _, c := range cases {
		got, ok := m.lookup(c.acc, c.ocr)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("lookup(%q, ocr=%v) = %q, %v; want %q", c.acc, c.ocr, got, ok, c.want)
		}
	}
}

// TestOCRMendedPrefixes: an IBAN or VAT number whose country letters OCR
// read as digits is mended when its check then holds, on OCR text only.
func TestOCRMendedPrefixes(t *testing.T) {
	words := func(conf float64, toks ...string) []word {
		var ws []word
		x := 0.0
		for _, tok := range toks {
			w := 5 * float64(len(tok))
			ws = append(ws, word{text: tok, key: compact(tok), box: pipeline.Box{X0: x, Y0: 0, X1: x + w, Y1: 10}, conf: conf})
			x += w + 3
		}
		return ws
	}
	x := &extraction{}
	iban := []string{"1E56", "HZBC", "3867", "2338", "2613", "40"}
	if p, n := x.parseIBAN(words(0.9, iban...)); p.value != "IE56HZBC38672338261340" || n != 6 || p.validity != 1 {
		t.Errorf("OCR'd IBAN: got %q over %d words (validity %v)", p.value, n, p.validity)
	}
	if p, n := x.parseIBAN(words(1, iban...)); n != 0 {
		t.Errorf("native text is as printed, got %q", p.value)
	}
	bad := []string{"1E56", "HZBC", "3867", "2338", "2613", "41"} // check fails
	if p, n := x.parseIBAN(words(0.9, bad...)); n != 0 {
		t.Errorf("a mended IBAN whose check fails is no IBAN, got %q", p.value)
	}
	if p, _ := parseTaxID(words(0.9, "1E6333304T")); p.value != "IE6333304T" {
		t.Errorf("OCR'd Irish VAT number: got %q", p.value)
	}
	if p, _ := parseTaxID(words(1, "1E6333304T")); p.value == "IE6333304T" {
		t.Errorf("native text is as printed, got %q", p.value)
	}
	if p, _ := parseTaxID(words(0.9, "12345678")); p.value != "" && p.value != "12345678" {
		t.Errorf("a national number is not mended into a VAT number, got %q", p.value)
	}
}

// TestParseTextDropsBoxEdge: a scan reads a box's edge before a value as
// "|", which is not part of it.
func TestParseTextDropsBoxEdge(t *testing.T) {
	ws := []word{
		{text: "|", box: pipeline.Box{X0: 0, Y0: 0, X1: 2, Y1: 10}, conf: 0.6},
		{text: "SXX922", box: pipeline.Box{X0: 6, Y0: 0, X1: 40, Y1: 10}, conf: 0.9},
	}
	if p, n := (&extraction{}).parseText(ws); p.value != "SXX922" || n != 2 {
		t.Errorf("got %q over %d words, want SXX922", p.value, n)
	}
	ws = append(ws[1:], word{text: ".", box: pipeline.Box{X0: 44, Y0: 0, X1: 46, Y1: 10}, conf: 0.5})
	if p, n := (&extraction{}).parseText(ws); p.value != "SXX922" || n != 1 {
		t.Errorf("got %q over %d words, want SXX922 without the speck after it", p.value, n)
	}
}
