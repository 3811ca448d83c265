package checkdigit

import "testing"

// registryExamples are the example IBANs of the SWIFT IBAN Registry (ISO
// 13616), one per country in electronic format.
var registryExamples = []string{
	"AD1200012030200359100100", "AE070331234567890123456", "AL47212110090000000235698741",
	"AT611904300234573201", "AZ21NABZ00000000137010001944", "BA391290079401028494",
	"BE68539007547034", "BG80BNBG96611020345678", "BH67BMAG00001299123456",
	"BI4210000100010000332045181", "BR1800360305000010009795493C1", "BY13NBRB3600900000002Z00AB00",
	"CH9300762011623852957", "CR05015202001026284066", "CY17002001280000001200527600",
	"CZ6508000000192000145399", "DE89370400440532013000", "DJ2100010000000154000100186",
	"DK5000400440116243", "DO28BAGR00000001212453611324", "EE382200221020145685",
	"EG380019000500000000263180002", "ES9121000418450200051332", "FI2112345600000785",
	"FK88SC123456789012", "FO6264600001631634", "FR1420041010050500013M02606",
	"GB29NWBK60161331926819", "GE29NB0000000101904917", "GI75NWBK000000007099453",
	"GL8964710001000206", "GR1601101250000000012300695", "GT82TRAJ01020000001210029690",
	"HN88CABF00000000000250005469", "HR1210010051863000160", "HU42117730161111101800000000",
	"IE29AIBK93115212345678", "IL620108000000099999999", "IQ98NBIQ850123456789012",
	"IS140159260076545510730339", "IT60X0542811101000000123456", "JO94CBJO0010000000000131000302",
	"KW81CBKU0000000000001234560101", "KZ86125KZT5004100100", "LB62099900000001001901229114",
	"LC55HEMM000100010012001200023015", "LI21088100002324013AA", "LT121000011101001000",
	"LU280019400644750000", "LV80BANK0000435195001", "LY83002048000020100120361",
	"MC5811222000010123456789030", "MD24AG000225100013104168", "ME25505000012345678951",
	"MK07250120000058984", "MN121234123456789123", "MR1300020001010000123456753",
	"MT84MALT011000012345MTLCAST001S", "MU17BOMM0101101030300200000MUR", "NI45BAPR00000013000003558124",
	"NL91ABNA0417164300", "NO9386011117947", "OM810180000001299123456",
	"PK36SCBL0000001123456702", "PL61109010140000071219812874", "PS92PALS000000000400123456702",
	"PT50000201231234567890154", "QA58DOHB00001234567890ABCDEFG", "RO49AAAA1B31007593840000",
	"RS35260005601001611379", "RU0304452522540817810538091310419", "SA0380000000608010167519",
	"SC18SSCB11010000000000001497USD", "SD2129010501234001", "SE4550000000058398257466",
	"SI56263300012039086", "SK3112000000198742637541", "SM86U0322509800000000270100",
	"SO211000001001000100141", "ST23000100010051845310146", "SV62CENR00000000000000700025",
	"TL380080012345678910157", "TN5910006035183598478831", "TR330006100519786457841326",
	"UA213223130000026007233566001", "VA59001123000012345678", "VG96VPVG0000012345678901",
	"XK051212012345678906", "YE15CBYE0001018861234567891234",
}

// TestIBANRegistry checks every registry example against the length table
// and the table against the examples, so neither can drift alone.
func TestIBANRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, ex := range registryExamples {
		cc := ex[:2]
		seen[cc] = true
		if got, err := IBAN(ex); err != nil || got != ex {
			t.Errorf("IBAN(%s) = %q, %v", ex, got, err)
		}
		if n, ok := IBANLength(cc); !ok || n != len(ex) {
			t.Errorf("IBANLength(%s) = %d, %v; the example has %d", cc, n, ok, len(ex))
		}
		if cd, err := IBANCheckDigits(cc, ex[4:]); err != nil || cd != ex[2:4] {
			t.Errorf("IBANCheckDigits(%s, %s) = %q, %v; want %s", cc, ex[4:], cd, err, ex[2:4])
		}
	}
	for cc := range ibanLengths {
		if !seen[cc] {
			t.Errorf("country %s has a length but no registry example", cc)
		}
	}
}

func TestIBAN(t *testing.T) {
	tests := []struct {
		name, in, want string
		kind           error
	}{
		{"paper format", "DK50 0040 0440 1162 43", "DK5000400440116243", nil},
		{"lower case", "dk5000400440116243", "DK5000400440116243", nil},
		{"no-break spaces", "SE45\u00a05000\u00a00000\u00a00583\u00a09825\u00a07466", "SE4550000000058398257466", nil},
		{"lower-case letters in the BBAN", "gb29 nwbk 6016 1331 9268 19", "GB29NWBK60161331926819", nil},
		{"last digit wrong", "DK5000400440116244", "", ErrCheckDigit},
		{"digits swapped", "DK5000400440116234", "", ErrCheckDigit},
		{"check digits wrong", "DK5100400440116243", "", ErrCheckDigit},
		// 99 leaves the same remainder as 02; ISO 13616 issues only 02–98.
		{"check digits 02", "DK0200400000000074", "DK0200400000000074", nil},
		{"check digits 99", "DK9900400000000074", "", ErrCheckDigit},
		{"one digit short", "DK500040044011624", "", ErrLength},
		{"one digit long", "DK50004004401162430", "", ErrLength},
		{"unknown country", "XX5000400440116243", "", ErrFormat},
		{"French territory uses FR", "GP1420041010050500013M02606", "", ErrFormat},
		{"letter O in the check digits", "DK5O00400440116243", "", ErrFormat},
		{"dashes", "DK50-0040-0440-1162-43", "", ErrFormat},
		{"digits for a country", "1250004004401162", "", ErrFormat},
		{"too short", "DK5", "", ErrLength},
		{"empty", "", "", ErrLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := IBAN(tt.in)
			wantKind(t, err, tt.kind)
			if got != tt.want {
				t.Errorf("IBAN(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIBANCheckDigits(t *testing.T) {
	tests := []struct {
		country, bban, want string
		kind                error
	}{
		{"DK", "00400440116243", "50", nil},
		{"se", "5000 0000 0583 9825 7466", "45", nil},
		{"GB", "nwbk60161331926819", "29", nil},
		{"NO", "86011117947", "93", nil},
		{"DK", "0040044011624", "", ErrLength},
		{"DK", "0040044011624-", "", ErrFormat},
		{"ZZ", "00400440116243", "", ErrFormat},
		{"", "00400440116243", "", ErrFormat},
	}
	for _, tt := range tests {
		got, err := IBANCheckDigits(tt.country, tt.bban)
		wantKind(t, err, tt.kind)
		if got != tt.want {
			t.Errorf("IBANCheckDigits(%q, %q) = %q, want %q", tt.country, tt.bban, got, tt.want)
		}
	}
}
