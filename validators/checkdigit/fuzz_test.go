package checkdigit

import (
	"errors"
	"testing"
	"time"
)

// checkErr fails unless err is nil or an *Error of one of the four kinds.
func checkErr(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *Error", err)
	}
	switch e.Kind {
	case ErrFormat, ErrLength, ErrCheckDigit, ErrDate:
	default:
		t.Fatalf("error %v has kind %v", err, e.Kind)
	}
}

func FuzzParsePersonnummer(f *testing.F) {
	for _, s := range []string{"811218-9876", "701063-2391", "19811218-9876", "230505+1233", "000229+1235", "", "+", "--", "١٢"} {
		f.Add(s, int64(1717200000))
	}
	f.Fuzz(func(t *testing.T, s string, refUnix int64) {
		ref := time.Unix(refUnix%(1<<40), 0).UTC()
		p, err := ParsePersonnummer(s, ref)
		checkErr(t, err)
		if err != nil {
			return
		}
		if len(p.Number) != 12 || !Luhn(p.Number[2:]) || p.Century != p.BirthDate.Year()/100 {
			t.Fatalf("ParsePersonnummer(%q) = %+v", s, p)
		}
		again, err := ParsePersonnummer(p.Number, ref)
		if err != nil || again != p {
			t.Fatalf("re-parsing %s: %+v, %v; want %+v", p.Number, again, err, p)
		}
	})
}

func FuzzParseCPR(f *testing.F) {
	for _, s := range []string{"070761-4285", "0707614286", "290200-1001", "", "-", "0707614285-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCPR(s)
		checkErr(t, err)
		if err != nil {
			return
		}
		again, err := ParseCPR(c.Number)
		if err != nil || again.Number != c.Number || !again.BirthDate.Equal(c.BirthDate) || again.Mod11 != c.Mod11 {
			t.Fatalf("re-parsing %s: %+v, %v; want %+v", c.Number, again, err, c)
		}
	})
}

func FuzzIBAN(f *testing.F) {
	for _, s := range []string{"DK50 0040 0440 1162 43", "gb29nwbk60161331926819", "DK9900400000000074", "", "ZZ", "\u00a0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := IBAN(s)
		checkErr(t, err)
		if err != nil {
			return
		}
		if again, err := IBAN(got); err != nil || again != got {
			t.Fatalf("IBAN(%q) = %q, %v: not idempotent", got, again, err)
		}
		if cd, err := IBANCheckDigits(got[:2], got[4:]); err != nil || cd != got[2:4] {
			t.Fatalf("IBANCheckDigits for %s = %q, %v", got, cd, err)
		}
	})
}

func FuzzParseFIK(f *testing.F) {
	for _, s := range []string{"+71<000000000000018+12345678<", "+73<+12345678<", "75 26 85320918", "71", "+<", "", "7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fik, err := ParseFIK(s)
		checkErr(t, err)
		if err != nil {
			return
		}
		if again, err := ParseFIK(fik.String()); err != nil || again != fik {
			t.Fatalf("ParseFIK(%q) = %+v, %v; want %+v", fik.String(), again, err, fik)
		}
	})
}

// FuzzNumbers runs the validators that return a normalised string: each
// must accept its own output unchanged.
func FuzzNumbers(f *testing.F) {
	for _, s := range []string{"24256790", "DK 24 25 67 90", "556012-5790", "16556012-5790", "5798000416604",
		"5050-1055", "28 65 43-4", "1234574", "", "-", "DK", "16"} {
		f.Add(s)
	}
	validators := map[string]func(string) (string, error){
		"cvr":                 CVR,
		"organisationsnummer": Organisationsnummer,
		"gln":                 GLN,
		"gtin":                GTIN,
		"bankgiro":            Bankgiro,
		"plusgiro":            Plusgiro,
		"ocr":                 func(s string) (string, error) { return OCRReference(s, false) },
		"ocr+length":          func(s string) (string, error) { return OCRReference(s, true) },
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, v := range validators {
			got, err := v(s)
			checkErr(t, err)
			if err != nil {
				continue
			}
			if again, err := v(got); err != nil || again != got {
				t.Fatalf("%s(%q) = %q, %v: not idempotent", name, got, again, err)
			}
		}
		if d := LuhnDigit(s); d >= 0 && !Luhn(s+string(rune('0'+d))) {
			t.Fatalf("LuhnDigit(%q) = %d is not valid", s, d)
		}
		if d := GS1CheckDigit(s); d >= 0 {
			if _, err := GTIN(s + string(rune('0'+d))); err != nil && errors.Is(err, ErrCheckDigit) {
				t.Fatalf("GS1CheckDigit(%q) = %d rejected: %v", s, d, err)
			}
		}
	})
}
