package checkdigit

import (
	"fmt"
	"strings"
)

// cvrWeights are the modulus-11 weights of the Danish Business Authority
// (Erhvervsstyrelsen) for the eight digits of a CVR number.
var cvrWeights = []int{2, 7, 6, 5, 4, 3, 2, 1}

// CVR validates a Danish CVR number (Det Centrale Virksomhedsregister) and
// returns its eight digits. The rule: eight digits, the first not 0, and
// the sum of the digits weighted 2, 7, 6, 5, 4, 3, 2, 1 divisible by 11.
//
// Spaces and dashes are ignored ("24 25 67 90"), and the "DK" prefix of the
// Danish VAT number is accepted ("DK24256790"), since a VAT-registered
// company's VAT number is its CVR number with that prefix.
func CVR(s string) (string, error) {
	const scheme = "cvr"
	t := strings.ReplaceAll(clean(s), "-", "")
	if len(t) >= 2 && strings.EqualFold(t[:2], "DK") {
		t = t[2:]
	}
	if !allDigits(t) {
		return "", newErr(scheme, ErrFormat, fmt.Sprintf("%q is not all digits", s))
	}
	if len(t) != 8 {
		return "", newErr(scheme, ErrLength, fmt.Sprintf("%d digits, want 8", len(t)))
	}
	if t[0] == '0' {
		return "", newErr(scheme, ErrFormat, "first digit is 0")
	}
	if r := Mod11(t, cvrWeights); r != 0 {
		return "", newErr(scheme, ErrCheckDigit, fmt.Sprintf("weighted sum mod 11 is %d, want 0", r))
	}
	return t, nil
}
