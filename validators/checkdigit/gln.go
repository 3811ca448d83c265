package checkdigit

import "fmt"

// GS1CheckDigit returns the GS1 check digit to append to digits, or -1
// when digits is empty or holds anything but ASCII digits (GS1 General
// Specifications, section 7.9.1): from the rightmost digit leftwards the
// weights are 3, 1, 3, 1, …; the check digit brings the weighted sum up to
// the next multiple of ten. The same rule serves GTIN-8, -12, -13, -14,
// GLN and SSCC.
func GS1CheckDigit(digits string) int {
	if digits == "" {
		return -1
	}
	sum, w := 0, 3
	for i := len(digits) - 1; i >= 0; i-- {
		c := digits[i]
		if c < '0' || c > '9' {
			return -1
		}
		sum += int(c-'0') * w
		w = 4 - w
	}
	return (10 - sum%10) % 10
}

// GLN validates a GS1 Global Location Number, the 13-digit "EAN-nummer"
// that Danish public buyers require on e-invoices, and returns its digits.
// Spaces are ignored.
func GLN(s string) (string, error) {
	return gs1("gln", s, 13)
}

// GTIN validates a GS1 Global Trade Item Number (EAN-8, UPC-A as GTIN-12,
// EAN-13, GTIN-14) and returns its digits. Spaces are ignored.
func GTIN(s string) (string, error) {
	return gs1("gtin", s, 8, 12, 13, 14)
}

func gs1(scheme, s string, lengths ...int) (string, error) {
	t := clean(s)
	if !allDigits(t) {
		return "", newErr(scheme, ErrFormat, fmt.Sprintf("%q is not all digits", s))
	}
	okLen := false
	for _, n := range lengths {
		okLen = okLen || len(t) == n
	}
	if !okLen {
		return "", newErr(scheme, ErrLength, fmt.Sprintf("%d digits, want %v", len(t), lengths))
	}
	if d := GS1CheckDigit(t[:len(t)-1]); int(t[len(t)-1]-'0') != d {
		return "", newErr(scheme, ErrCheckDigit, fmt.Sprintf("check digit is %c, want %d", t[len(t)-1], d))
	}
	return t, nil
}
