package checkdigit

import "testing"

// CVR numbers of registered companies and authorities, as published in
// the CVR register (datacvr.virk.dk).
func TestCVR(t *testing.T) {
	tests := []struct {
		name, in, want string
		kind           error
	}{
		{"Novo Nordisk A/S", "24256790", "24256790", nil},
		{"A.P. Møller - Mærsk A/S", "22756214", "22756214", nil},
		{"Carlsberg A/S", "61056416", "61056416", nil},
		{"LEGO A/S", "54562519", "54562519", nil},
		{"Danske Bank A/S", "61126228", "61126228", nil},
		{"Erhvervsstyrelsen", "10150817", "10150817", nil},
		{"printed in pairs", "24 25 67 90", "24256790", nil},
		{"VAT number", "DK24256790", "24256790", nil},
		{"VAT number spaced, lower case", "dk 24 25 67 90", "24256790", nil},
		{"digits swapped", "24256709", "", ErrCheckDigit},
		{"one digit wrong", "24256791", "", ErrCheckDigit},
		{"leading zero", "01234567", "", ErrFormat},
		{"seven digits", "2425679", "", ErrLength},
		{"nine digits", "242567900", "", ErrLength},
		{"letter O for zero", "2425679O", "", ErrFormat},
		{"other country prefix", "SE24256790", "", ErrFormat},
		{"empty", "", "", ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CVR(tt.in)
			wantKind(t, err, tt.kind)
			if got != tt.want {
				t.Errorf("CVR(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
