package invoice

import (
	"math/big"
	"regexp"
	"strings"

	"intake/validators/checkdigit"
)

// Check digits of the identifiers we read. Each takes the identifier
// without separators.

// validCVR checks a Danish CVR number of eight digits (checkdigit.CVR
// also takes "DK" and separators, which the callers have already split
// off).
func validCVR(s string) bool {
	_, err := checkdigit.CVR(s)
	return allDigits(s) && err == nil
}

// validOrgnr checks a Swedish organisationsnummer (ten digits, the third
// at least 2 for legal persons; Luhn over all ten).
func validOrgnr(s string) bool {
	if len(s) == 12 && (strings.HasPrefix(s, "16") || strings.HasPrefix(s, "19") || strings.HasPrefix(s, "20")) {
		s = s[2:]
	}
	return len(s) == 10 && allDigits(s) && s[2] >= '2' && checkdigit.Luhn(s)
}

// validNorwegianOrg checks a Norwegian organisasjonsnummer (nine digits,
// mod 11 with weights 3 2 7 6 5 4 3 2).
func validNorwegianOrg(s string) bool {
	if len(s) != 9 || !allDigits(s) {
		return false
	}
	w := []int{3, 2, 7, 6, 5, 4, 3, 2}
	sum := 0
	for i := range 8 {
		sum += int(s[i]-'0') * w[i]
	}
	c := 11 - sum%11
	if c == 11 {
		c = 0
	}
	return c != 10 && c == int(s[8]-'0')
}

// validIBAN checks an IBAN's length bounds, its country's letters and
// digits where known (bbanShapes), and the mod-97 check: one string in
// 97 passes that alone ("BE18 ETALLEREDEER").
func validIBAN(s string) bool {
	if len(s) < 15 || len(s) > 34 || !ibanShape.MatchString(s) {
		return false
	}
	if n, ok := ibanLengths[s[:2]]; ok && n != len(s) {
		return false
	}
	if shape, ok := bbanShapes[s[:2]]; ok {
		if len(s) != 4+len(shape) {
			return false
		}
		for i := range shape {
			if digit := s[4+i] >= '0' && s[4+i] <= '9'; digit != (shape[i] == 'n') {
				return false
			}
		}
	}
	return mod97(s[4:]+s[:4]) == 1
}

// mod97 is the ISO 7064 remainder of s with letters as 10..35, for
// validIBAN's check after its shape checks.
func mod97(s string) int64 {
	var b strings.Builder
	for _, c := range s {
		if c >= 'A' && c <= 'Z' {
			b.WriteString(big.NewInt(int64(c - 'A' + 10)).String())
		} else {
			b.WriteRune(c)
		}
	}
	n, ok := new(big.Int).SetString(b.String(), 10)
	if !ok {
		return -1
	}
	return new(big.Int).Mod(n, big.NewInt(97)).Int64()
}

var ibanShape = regexp.MustCompile(`^[A-Z]{2}[0-9]{2}[A-Z0-9]+$`)

// ibanLengths holds the lengths of the countries we are most likely to
// meet; others are accepted at any length the check digits allow.
var ibanLengths = map[string]int{
	"DK": 18, "SE": 24, "NO": 15, "FI": 18, "DE": 22, "AT": 20, "NL": 18, "BE": 16,
	"FR": 27, "GB": 22, "IE": 22, "CH": 21, "LU": 20, "PL": 28, "ES": 24, "IT": 27,
	"IS": 26, "EE": 20, "LV": 21, "LT": 20,
}

// vatFormats are the national VAT number shapes after the country prefix.
// A number that fits its country's shape (and check digits where we know
// them) is a strong supplier-id candidate even without a label.
var vatFormats = map[string]*regexp.Regexp{
	"DK": regexp.MustCompile(`^\d{8}$`),
	"SE": regexp.MustCompile(`^\d{10}01$`),
	"NO": regexp.MustCompile(`^\d{9}(MVA)?$`),
	"FI": regexp.MustCompile(`^\d{8}$`),
	"DE": regexp.MustCompile(`^\d{9}$`),
	"AT": regexp.MustCompile(`^U\d{8}$`),
	"NL": regexp.MustCompile(`^\d{9}B\d{2}$`),
	"BE": regexp.MustCompile(`^[01]?\d{9}$`),
	"FR": regexp.MustCompile(`^[0-9A-Z]{2}\d{9}$`),
	"GB": regexp.MustCompile(`^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$`),
	"XI": regexp.MustCompile(`^(\d{9}|\d{12})$`),
	"IE": regexp.MustCompile(`^\d[0-9A-Z+*]\d{5}[A-Z]{1,2}$`),
	"LU": regexp.MustCompile(`^\d{8}$`),
	"IT": regexp.MustCompile(`^\d{11}$`),
	"ES": regexp.MustCompile(`^[0-9A-Z]\d{7}[0-9A-Z]$`),
	"PL": regexp.MustCompile(`^\d{10}$`),
	"CZ": regexp.MustCompile(`^\d{8,10}$`),
	"EE": regexp.MustCompile(`^\d{9}$`),
	"LV": regexp.MustCompile(`^\d{11}$`),
	"LT": regexp.MustCompile(`^(\d{9}|\d{12})$`),
	"PT": regexp.MustCompile(`^\d{9}$`),
	"EL": regexp.MustCompile(`^\d{9}$`),
	"CH": regexp.MustCompile(`^E\d{9}(MWST|TVA|IVA)?$`),
}

// vatValidity rates a VAT number (prefix and national part, no
// separators): 1 when its shape and known check digits hold, 0 when it
// is not a VAT number at all.
func vatValidity(s string) float64 {
	if len(s) < 4 {
		return 0
	}
	cc, rest := s[:2], s[2:]
	re, ok := vatFormats[cc]
	if !ok || !re.MatchString(rest) {
		return 0
	}
	switch cc {
	case "DK":
		if !validCVR(rest) {
			return 0.3
		}
	case "SE":
		if !validOrgnr(rest[:10]) {
			return 0.3
		}
	case "NO":
		if !validNorwegianOrg(rest[:9]) {
			return 0.3
		}
	}
	return 1
}

// validGiro checks a Swedish bankgiro (7–8 digits) or plusgiro (2–8
// digits) number: both end in a Luhn digit.
func validGiro(s string, minLen, maxLen int) bool {
	return len(s) >= minLen && len(s) <= maxLen && checkdigit.Luhn(s)
}

// fikLine matches a Danish FIK/girokort payment line such as
// "+71<000000123456789 +12345678<": the card type, the payment id and the
// creditor number. Spaces inside are tolerated; OCR often adds them.
var fikLine = regexp.MustCompile(`\+\s*(01|04|15|71|73|75)\s*<\s*([0-9 ]{0,20}?)\s*\+\s*([0-9 ]{8,9})\s*<`)

// rfReference is the shape of an ISO 11649 creditor reference: RF, two
// check digits, up to 21 letters or digits.
var rfReference = regexp.MustCompile(`^RF\d{2}[0-9A-Z]{1,21}$`)

func validRF(s string) bool {
	_, err := checkdigit.RF(s)
	return rfReference.MatchString(s) && err == nil
}

// validGLN checks a GS1 global location number (EAN) of 13 digits.
func validGLN(s string) bool {
	_, err := checkdigit.GLN(s)
	return len(s) == 13 && allDigits(s) && err == nil
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// idChars keeps letters and digits, upper-cased: the contract's form of an
// identifier.
func idChars(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
