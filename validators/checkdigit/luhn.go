package checkdigit

import (
	"strings"
	"unicode"
)

// Luhn reports whether digits (ASCII digits only, at least one) end in a
// valid Luhn check digit: ISO/IEC 7812-1 annex B, the "modulus 10 with
// weights 2 and 1" of Skatteverket (personnummer), Bankgirot, PlusGirot
// and Nets (FIK). From the rightmost digit leftwards every second digit is
// doubled, the digits of the products are added (12 counts as 1+2), and
// the total must be a multiple of 10.
func Luhn(digits string) bool {
	if digits == "" {
		return false
	}
	sum, ok := luhnSum(digits, false)
	return ok && sum%10 == 0
}

// LuhnDigit returns the Luhn check digit to append to digits, or -1 when
// digits is empty or holds anything but ASCII digits.
func LuhnDigit(digits string) int {
	if digits == "" {
		return -1
	}
	sum, ok := luhnSum(digits, true)
	if !ok {
		return -1
	}
	return (10 - sum%10) % 10
}

// luhnSum adds the digits with every second one, counted from the right,
// doubled; doubleLast says whether the rightmost digit is among the doubled
// ones (true when the check digit is not yet appended).
func luhnSum(digits string, doubleLast bool) (int, bool) {
	sum, double := 0, doubleLast
	for i := len(digits) - 1; i >= 0; i-- {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum, true
}

// Mod11 returns the weighted sum of digits modulo 11, weights[i] applying
// to digits[i]; a number passes a modulus-11 check when the result is 0
// (CVR, CPR). It returns -1 when the lengths differ or digits holds
// anything but ASCII digits.
func Mod11(digits string, weights []int) int {
	if len(digits) != len(weights) {
		return -1
	}
	sum := 0
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return -1
		}
		sum += int(c-'0') * weights[i]
	}
	return sum % 11
}

// clean removes white space (including no-break and thin spaces, which
// PDFs use as digit-group separators) and turns the dash look-alikes that
// PDF text and OCR produce (hyphen, en and em dash, minus sign) into '-'.
func clean(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
		case r >= '\u2010' && r <= '\u2015', r == '\u2212':
			b.WriteByte('-')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dropDash removes one '-' at index at (counted in s); any other dash
// fails.
func dropDash(s string, at int) (string, bool) {
	i := strings.IndexByte(s, '-')
	if i < 0 {
		return s, true
	}
	if i != at || strings.Count(s, "-") != 1 {
		return "", false
	}
	return s[:i] + s[i+1:], true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi converts a short run of ASCII digits already checked by allDigits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
