// Package normalize turns raw values into the normalised forms of the
// case-file contract: dates YYYY-MM-DD, money "1234.50", identifiers
// without separators. Parsing of printed, locale-specific values belongs to
// the extractors; this package handles canonical input.
package normalize

import (
	"fmt"
	"math/big"
	"strings"
	"time"
	"unicode"
)

// Money formats a canonical decimal ("1234.5", "-0.125", "+12") with two
// decimals, rounding half away from zero.
func Money(dec string) (string, error) {
	s := strings.TrimSpace(dec)
	s = strings.TrimPrefix(s, "+")
	if s == "" {
		return "", fmt.Errorf("money: empty")
	}
	for i, r := range s {
		if !(unicode.IsDigit(r) || r == '.' || (r == '-' && i == 0)) {
			return "", fmt.Errorf("money: %q is not a decimal", dec)
		}
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return "", fmt.Errorf("money: %q is not a decimal", dec)
	}
	out := r.FloatString(2)
	if out == "-0.00" {
		out = "0.00"
	}
	return out, nil
}

// Decimal returns a canonical decimal for quantities and rates: an
// optional minus, digits, and the fraction as given ("25.00" stays
// "25.00", "+1" → "1", "64." → "64", ".5" → "0.5", "007" → "7").
// Exponents, fractions and locale forms ("1,5") are errors.
func Decimal(dec string) (string, error) {
	s := strings.TrimPrefix(strings.TrimSpace(dec), "+")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" && frac == "" || !digitsOnly(intPart) || !digitsOnly(frac) {
		return "", fmt.Errorf("decimal: %q is not a decimal", dec)
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	out := intPart
	if frac != "" {
		out += "." + frac
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return out, nil
}

func digitsOnly(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Date parses ISO dates (2024-03-01, with an optional time or zone suffix)
// and the compact format 102 of UN/CEFACT (20240301).
func Date(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		t, err := time.Parse("2006-01-02", s[:10])
		if err != nil {
			return "", fmt.Errorf("date: %q: %w", s, err)
		}
		return t.Format("2006-01-02"), nil
	}
	if len(s) == 8 {
		t, err := time.Parse("20060102", s)
		if err != nil {
			return "", fmt.Errorf("date: %q: %w", s, err)
		}
		return t.Format("2006-01-02"), nil
	}
	return "", fmt.Errorf("date: %q is not an ISO or 102 date", s)
}

// ID removes spaces, dashes, dots and slashes and upper-cases letters:
// "DK 12 34 56 78" → "DK12345678", "556000-0000" → "5560000000".
func ID(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '-', r == '.', r == '/', r == '\u00a0':
		default:
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// Digits keeps the digits of s: "582 22" → "58222".
func Digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Currency returns an ISO 4217 code in upper case, or "" when s is not
// three letters.
func Currency(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 3 {
		return ""
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return ""
		}
	}
	return s
}
