package einvoice

import (
	"strings"

	"intake/pipeline/normalize"
)

// idRef is one party identifier as written, with its scheme and node.
type idRef struct {
	value, scheme string
	n             int32
}

// partyIDs are the identifiers of the seller, gathered per syntax.
type partyIDs struct {
	country string  // BT-40, ISO 3166 alpha-2 as written
	legal   []idRef // BT-30 legal registration identifier
	vat     []idRef // BT-31 VAT identifier
	other   []idRef // BT-29 seller identifier
}

// supplierID chooses supplier_id by the policy in the package
// documentation (section "supplier_id"): a national business register
// number from the legal registration identifier (BT-30), then one embedded
// in a Nordic VAT identifier, then the VAT identifier (BT-31), the legal
// identifier and the seller identifier (BT-29) as written. ok is false
// when the party has no identifier at all.
func supplierID(p partyIDs) (value string, from idRef, ok bool) {
	for _, r := range p.legal {
		if v, ok := registerNumber(r.value, r.scheme, p.country); ok {
			return v, r, true
		}
	}
	for _, r := range p.vat {
		if v, ok := vatRegisterNumber(r.value); ok {
			return v, r, true
		}
	}
	for _, list := range [][]idRef{p.vat, p.legal} {
		for _, r := range list {
			if v := normalize.ID(r.value); v != "" {
				return v, r, true
			}
		}
	}
	for _, r := range p.other {
		if v, ok := registerNumber(r.value, r.scheme, p.country); ok {
			return v, r, true
		}
		if v := normalize.ID(r.value); v != "" {
			return v, r, true
		}
	}
	return "", idRef{n: -1}, false
}

// Register kinds by scheme: ISO 6523 ICDs of Peppol, and the older
// OIOUBL/Peppol scheme names.
var registerSchemes = map[string]string{
	"0184": "DK", "9902": "DK", "DK:CVR": "DK",
	"0007": "SE", "SE:ORGNR": "SE",
	"0192": "NO", "9908": "NO", "NO:ORGNR": "NO",
}

// registerLength is the digit count of each national register number.
var registerLength = map[string]int{"DK": 8, "SE": 10, "NO": 9}

// registerNumber returns id as a national business register number, or
// false when it is not one (see supplierID for the rules).
func registerNumber(id, scheme, country string) (string, bool) {
	v := normalize.ID(id)
	prefix, digits := splitCountryPrefix(v)
	if !allDigits(digits) || digits == "" {
		return "", false
	}
	if scheme = strings.ToUpper(strings.TrimSpace(scheme)); scheme != "" {
		kind, ok := registerSchemes[scheme]
		if !ok || (prefix != "" && prefix != kind) || len(digits) != registerLength[kind] {
			return "", false
		}
		return digits, true
	}
	cc := prefix
	if cc == "" {
		cc = strings.ToUpper(strings.TrimSpace(country))
	}
	switch len(digits) {
	case 8:
		return digits, cc == "DK" || (cc == "" && cvrValid(digits))
	case 10:
		return digits, cc == "SE" || (cc == "" && luhnValid(digits))
	case 9:
		return digits, cc == "NO" || (cc == "" && noOrgValid(digits))
	}
	return "", false
}

// vatRegisterNumber extracts the register number from a Danish, Swedish or
// Norwegian VAT identifier.
func vatRegisterNumber(vat string) (string, bool) {
	v := normalize.ID(vat)
	prefix, rest := splitCountryPrefix(v)
	switch prefix {
	case "DK":
		return rest, len(rest) == 8 && allDigits(rest)
	case "SE":
		return strings.TrimSuffix(rest, "01"), len(rest) == 12 && allDigits(rest) && strings.HasSuffix(rest, "01")
	case "NO":
		rest = strings.TrimSuffix(rest, "MVA")
		return rest, len(rest) == 9 && allDigits(rest)
	}
	return "", false
}

// splitCountryPrefix splits "DK12345678" into "DK" and "12345678"; an
// identifier without two leading letters has no prefix.
func splitCountryPrefix(v string) (prefix, rest string) {
	if len(v) > 2 && isUpper(v[0]) && isUpper(v[1]) {
		return v[:2], v[2:]
	}
	return "", v
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// cvrValid checks the modulus-11 digit of a Danish CVR number.
func cvrValid(d string) bool {
	weights := [8]int{2, 7, 6, 5, 4, 3, 2, 1}
	sum := 0
	for i := range 8 {
		sum += int(d[i]-'0') * weights[i]
	}
	return sum%11 == 0
}

// luhnValid checks the Luhn digit of a Swedish organisationsnummer.
func luhnValid(d string) bool {
	sum := 0
	for i := range len(d) {
		x := int(d[len(d)-1-i] - '0')
		if i%2 == 1 {
			if x *= 2; x > 9 {
				x -= 9
			}
		}
		sum += x
	}
	return sum%10 == 0
}

// noOrgValid checks the modulus-11 digit of a Norwegian
// organisasjonsnummer.
func noOrgValid(d string) bool {
	weights := [8]int{3, 2, 7, 6, 5, 4, 3, 2}
	sum := 0
	for i := range 8 {
		sum += int(d[i]-'0') * weights[i]
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(d[8]-'0')
}

// isIBAN reports whether s (separators allowed) is an IBAN: two letters,
// two check digits, up to 30 letters or digits, and modulus 97 equal to 1.
func isIBAN(s string) bool {
	v := normalize.ID(s)
	if len(v) < 15 || len(v) > 34 || !isUpper(v[0]) || !isUpper(v[1]) || !allDigits(v[2:4]) {
		return false
	}
	rem := 0
	for i := range len(v) {
		c := v[(i+4)%len(v)] // the first four characters move to the end
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return false
		}
	}
	return rem == 1
}
