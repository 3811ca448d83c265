package checkdigit

import (
	"fmt"
	"strings"
)

// IBAN validates an International Bank Account Number (ISO 13616-1) and
// returns it in electronic form: upper case, no spaces ("DK50 0040 0440
// 1162 43" and "dk5000400440116243" both give "DK5000400440116243").
//
// Rules: a country code from the SWIFT IBAN registry (ErrFormat when
// unknown), two check digits 02–98, a BBAN of letters and digits, the
// registry's total length for the country (ErrLength), and ISO 7064
// MOD 97-10: moving the first four characters to the end and reading
// letters as numbers (A=10 … Z=35) gives a number whose remainder modulo
// 97 is 1 (ErrCheckDigit). The national BBAN structure (which positions
// are digits, national check digits) is not checked.
func IBAN(s string) (string, error) {
	const scheme = "iban"
	t := strings.ToUpper(clean(s))
	if len(t) < 5 {
		return "", newErr(scheme, ErrLength, fmt.Sprintf("%d characters, too short", len(t)))
	}
	if !isUpper(t[0]) || !isUpper(t[1]) {
		return "", newErr(scheme, ErrFormat, fmt.Sprintf("%q does not start with a country code", s))
	}
	if !allDigits(t[2:4]) {
		return "", newErr(scheme, ErrFormat, "check digits are not digits")
	}
	for i := 4; i < len(t); i++ {
		if !isUpper(t[i]) && (t[i] < '0' || t[i] > '9') {
			return "", newErr(scheme, ErrFormat, fmt.Sprintf("%q holds a character other than a letter or digit", s))
		}
	}
	n, ok := ibanLengths[t[:2]]
	if !ok {
		return "", newErr(scheme, ErrFormat, fmt.Sprintf("country %s is not in the IBAN registry", t[:2]))
	}
	if len(t) != n {
		return "", newErr(scheme, ErrLength, fmt.Sprintf("%d characters, %s IBANs have %d", len(t), t[:2], n))
	}
	if cd := t[2:4]; cd == "00" || cd == "01" || cd == "99" {
		return "", newErr(scheme, ErrCheckDigit, "check digits "+cd+" are never issued (02–98)")
	}
	if r := mod97(t[4:] + t[:4]); r != 1 {
		return "", newErr(scheme, ErrCheckDigit, fmt.Sprintf("remainder mod 97 is %d, want 1", r))
	}
	return t, nil
}

// IBANCheckDigits returns the two ISO 13616 check digits for the BBAN of a
// country in the IBAN registry: 98 minus the remainder modulo 97 of
// BBAN + country + "00", letters read as numbers. Spaces are ignored and
// letters may be lower case; the BBAN must have the registry's length.
func IBANCheckDigits(country, bban string) (string, error) {
	const scheme = "iban"
	country = strings.ToUpper(strings.TrimSpace(country))
	bban = strings.ToUpper(clean(bban))
	n, ok := ibanLengths[country]
	if !ok {
		return "", newErr(scheme, ErrFormat, fmt.Sprintf("country %q is not in the IBAN registry", country))
	}
	for i := 0; i < len(bban); i++ {
		if !isUpper(bban[i]) && (bban[i] < '0' || bban[i] > '9') {
			return "", newErr(scheme, ErrFormat, "BBAN holds a character other than a letter or digit")
		}
	}
	if len(bban) != n-4 {
		return "", newErr(scheme, ErrLength, fmt.Sprintf("BBAN has %d characters, %s BBANs have %d", len(bban), country, n-4))
	}
	return fmt.Sprintf("%02d", 98-mod97(bban+country+"00")), nil
}

// IBANLength returns the registry length of IBANs of a country (upper-case
// ISO 3166 alpha-2 code) and whether the country is in the registry.
func IBANLength(country string) (int, bool) {
	n, ok := ibanLengths[country]
	return n, ok
}

// mod97 returns the remainder modulo 97 of s read as a number, letters
// counting as two digits (A=10 … Z=35). s holds only A–Z and 0–9.
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUpper(c) {
			r = (r*100 + int(c-'A') + 10) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
