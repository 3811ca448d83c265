package checkdigit

import (
	"errors"
	"testing"
	"time"
)

func TestParseCPR(t *testing.T) {
	tests := []struct {
		name, in string
		number   string
		birth    string // YYYY-MM-DD
		mod11    bool
		kind     error
	}{
		// The CPR office's modulus-11 example (Personnummeret i CPR).
		{"CPR office example", "070761-4285", "0707614285", "1961-07-07", true, nil},
		{"without dash", "0707614285", "0707614285", "1961-07-07", true, nil},
		{"spaced", "070761 4285", "0707614285", "1961-07-07", true, nil},
		{"en dash", "070761–4285", "0707614285", "1961-07-07", true, nil},
		// Issued since 2007 without modulus 11: valid, with a warning.
		{"no modulus 11", "070761-4286", "0707614286", "1961-07-07", false, nil},
		// The century table, digit 7 against the year.
		{"digit 0-3: 1900s", "311299-3001", "3112993001", "1999-12-31", true, nil},
		{"digit 4, YY 00: 2000s", "010100-4007", "0101004007", "2000-01-01", true, nil},
		{"digit 4, YY 37: 1900s", "010137-4009", "0101374009", "1937-01-01", true, nil},
		{"digit 5, YY 57: 2000s", "010157-5004", "0101575004", "2057-01-01", true, nil},
		{"digit 5, YY 58: 1800s", "010158-5018", "0101585018", "1858-01-01", true, nil},
		{"digit 9, YY 36: 2000s", "010136-9005", "0101369005", "2036-01-01", true, nil},
		{"digit 9, YY 37: 1900s", "010137-9000", "0101379000", "1937-01-01", true, nil},
		{"29 February 2000", "290200-4001", "2902004001", "2000-02-29", true, nil},
		{"29 February 1900", "290200-1001", "", "", false, ErrDate},
		{"30 February", "300201-1234", "", "", false, ErrDate},
		{"day 32", "320101-1234", "", "", false, ErrDate},
		{"month 13", "011301-1234", "", "", false, ErrDate},
		{"day 00", "000101-1234", "", "", false, ErrDate},
		{"dash misplaced", "07076-14285", "", "", false, ErrFormat},
		{"slash", "070761/4285", "", "", false, ErrFormat},
		{"letter", "070761-428S", "", "", false, ErrFormat},
		{"nine digits", "070761-428", "", "", false, ErrLength},
		{"empty", "", "", "", false, ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseCPR(tt.in)
			wantKind(t, err, tt.kind)
			if err != nil {
				return
			}
			if c.Number != tt.number || c.BirthDate.Format(time.DateOnly) != tt.birth || c.Mod11 != tt.mod11 {
				t.Errorf("ParseCPR(%q) = %s %s mod11=%v, want %s %s mod11=%v", tt.in,
					c.Number, c.BirthDate.Format(time.DateOnly), c.Mod11, tt.number, tt.birth, tt.mod11)
			}
			if c.Mod11 != (len(c.Warnings) == 0) {
				t.Errorf("warnings %v with Mod11=%v", c.Warnings, c.Mod11)
			}
			for _, w := range c.Warnings {
				if !errors.Is(w, ErrCheckDigit) {
					t.Errorf("warning %v is not ErrCheckDigit", w)
				}
			}
		})
	}
}
