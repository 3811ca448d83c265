package checkdigit

import (
	"fmt"
	"strings"
)

// Bankgiro validates a Swedish bankgiro number and returns its digits
// (Bankgirot): seven or eight digits, printed NNN-NNNN or NNNN-NNNN, the
// last the Luhn digit of the others. Spaces and dashes are ignored.
func Bankgiro(s string) (string, error) {
	return giro("bankgiro", s, 7, 8)
}

// Plusgiro validates a Swedish plusgiro (formerly postgiro) number and
// returns its digits (PlusGirot, Nordea): two to eight digits, printed in
// pairs from the right with a dash before the check digit ("28 65 43-4"),
// the last the Luhn digit of the others. Spaces and dashes are ignored.
func Plusgiro(s string) (string, error) {
	return giro("plusgiro", s, 2, 8)
}

func giro(scheme, s string, min, max int) (string, error) {
	t := strings.ReplaceAll(clean(s), "-", "")
	if !allDigits(t) {
		return "", newErr(scheme, ErrFormat, fmt.Sprintf("%q is not all digits", s))
	}
	if len(t) < min || len(t) > max {
		return "", newErr(scheme, ErrLength, fmt.Sprintf("%d digits, want %d to %d", len(t), min, max))
	}
	if !Luhn(t) {
		return "", newErr(scheme, ErrCheckDigit, fmt.Sprintf("Luhn digit of %s is %d, not %c",
			t[:len(t)-1], LuhnDigit(t[:len(t)-1]), t[len(t)-1]))
	}
	return t, nil
}
