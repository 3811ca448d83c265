package invoice

import (
	"regexp"
	"strings"
	"unicode"

	"intake/pipeline/normalize"
	"intake/validators/checkdigit"
)

// The parsers below turn a run of words into a field value. Each returns
// the number of words it used, 0 when the words do not start with a value
// of its kind.

func (x *extraction) parseAmount(ws []word) (parsed, int) {
	return runs(ws, 4, 0.8, func(s string) (parsed, bool) {
		a, ok := parseAmount(s, x.hint)
		v := 1.0
		if m := splitCents.FindStringSubmatch(s); !ok && m != nil {
			// OCR often sets a space after the decimal comma ("456726, 81").
			a, ok = parseAmount(m[1]+m[2], x.hint)
			v = 0.8
		}
		if !ok {
			return parsed{}, false
		}
		return parsed{value: a.String(), validity: v * a.validity, cents: a.cents}, true
	})
}

// splitCents is an amount whose two decimals OCR split off as a word.
var splitCents = regexp.MustCompile(`^(.*\d[.,]) (\d\d)$`)

func (x *extraction) parseDate(ws []word) (parsed, int) {
	return runs(ws, 4, 1.2, func(s string) (parsed, bool) {
		d, v, ok := parseDate(s, x.lang)
		return parsed{value: d, validity: v}, ok
	})
}

var idToken = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}./_\-]*$`)

// parseDocNumber reads an invoice or order number: one token with a digit,
// which is not a date, an amount or a percentage.
func (x *extraction) parseDocNumber(ws []word) (parsed, int) {
	t := strings.TrimRight(ws[0].text, ".,;:)")
	t = strings.TrimLeft(t, "(#:")
	if ws[0].conf < 1 && strings.ContainsRune(t, '@') && !strings.ContainsRune(t, '.') {
		// A zero OCR read as "@" ("INV-@36591"); an e-mail address has
		// a dot after its "@".
		t = strings.ReplaceAll(t, "@", "0")
	}
	if t == "" || len([]rune(t)) > 35 || !idToken.MatchString(t) {
		return parsed{}, 0
	}
	digits, letters := 0, 0
	for _, r := range t {
		switch {
		case unicode.IsDigit(r):
			digits++
		case unicode.IsLetter(r):
			letters++
		}
	}
	if digits == 0 {
		return parsed{}, 0
	}
	if _, _, ok := parseDate(t, x.lang); ok {
		return parsed{}, 0
	}
	if strings.ContainsRune(t, ',') {
		return parsed{}, 0
	}
	v := 1.0
	if digits < 3 {
		v = 0.5
	}
	return parsed{value: t, validity: v}, 1
}

// parseText reads a free-text value (a reference, a name): the words up to
// a wide gap, at most eight.
func (x *extraction) parseText(ws []word) (parsed, int) {
	n := 1
	for n < len(ws) && n < 8 && ws[n].box.X0-ws[n-1].box.X1 < 2*max(ws[n].height(), ws[n-1].height()) {
		n++
	}
	for n > 1 && isPunct(ws[n-1].text) {
		n-- // a speck a scan read as "." after the value
	}
	skip := 0
	for skip < n-1 && boxEdge(ws[skip], ws[skip+1]) {
		skip++
	}
	// "|" is a box's edge as a scan reads it.
	t := strings.TrimSpace(strings.Trim(joinWords(ws[skip:n]), ":;,| "))
	if t == "" || isPunct(t) {
		return parsed{}, 0
	}
	return parsed{value: strings.Join(strings.Fields(t), " "), validity: 0.9}, n
}

// boxEdge reports a box's edge a scan read as a letter before a value:
// one unsure I, l, 1 or !, or one taller than the value's letters.
func boxEdge(w, next word) bool {
	if w.conf >= 1 || len([]rune(w.text)) != 1 || !strings.ContainsAny(w.text, "Il1!") {
		return false
	}
	return w.conf < 0.6 || w.height() > 1.5*next.height()
}

// parseIBAN reads an IBAN printed in one piece or in groups of four.
func (x *extraction) parseIBAN(ws []word) (parsed, int) {
	first := idChars(ws[0].text)
	repaired := false
	if !ibanStart.MatchString(strings.ToUpper(ws[0].text)) {
		// OCR reads the country's I as 1, or the check digits' 0 as O:
		// such a reading is taken only when the IBAN's check then holds.
		r, ok := ocrIBANStart(first)
		if !ok || ws[0].conf >= 1 {
			return parsed{}, 0
		}
		first, repaired = r, true
	}
	best, bestN := parsed{}, 0
	acc := ""
	for n := 1; n <= len(ws) && n <= 9; n++ {
		if n > 1 && ws[n-1].box.X0-ws[n-2].box.X1 > 1.2*ws[n-1].height() {
			break
		}
		part := idChars(ws[n-1].text)
		if n == 1 {
			part = first
		}
		if part == "" || len(acc)+len(part) > 34 {
			break
		}
		acc += part
		if validIBAN(acc) {
			best, bestN = parsed{value: acc, validity: 1}, n
		}
	}
	if bestN == 0 && !repaired {
		// A well-formed but failing IBAN is kept, weakly, so a caseworker
		// sees what was printed and the validator can say why it fails.
		acc = ""
		for n := 1; n <= len(ws) && n <= 9; n++ {
			if n > 1 && ws[n-1].box.X0-ws[n-2].box.X1 > 1.2*ws[n-1].height() {
				break
			}
			part := idChars(ws[n-1].text)
			if part == "" || len(acc)+len(part) > 34 || !allAlnumUpper(part) {
				break
			}
			acc += part
			if len(acc) < 15 || !ibanShape.MatchString(acc) {
				continue
			}
			m, ok := mendBBAN(acc)
			if !ok {
				continue
			}
			if m != acc && ws[0].conf < 1 && validIBAN(m) {
				// Its country's letters and digits put back ("IE69 0SCM"
				// for "IE69 OSCM"), and the check then holds.
				best, bestN = parsed{value: m, validity: 0.9}, n
				continue
			}
			best, bestN = parsed{value: acc, validity: 0.25}, n
		}
	}
	return best, bestN
}

// bbanShapes are where a country's IBAN (after its first four
// characters) has letters (a) and where digits (n), for the countries
// whose account part is not partly free (c).
var bbanShapes = map[string]string{
	"DK": "nnnnnnnnnnnnnn", "FI": "nnnnnnnnnnnnnn", "SE": "nnnnnnnnnnnnnnnnnnnn",
	"NO": "nnnnnnnnnnn", "DE": "nnnnnnnnnnnnnnnnnn", "AT": "nnnnnnnnnnnnnnnn",
	"BE": "nnnnnnnnnnnn", "PL": "nnnnnnnnnnnnnnnnnnnnnnnn", "ES": "nnnnnnnnnnnnnnnnnnnn",
	"EE": "nnnnnnnnnnnnnnnn", "LT": "nnnnnnnnnnnnnnnn", "IS": "nnnnnnnnnnnnnnnnnnnnnn",
	"GB": "aaaannnnnnnnnnnnnn", "IE": "aaaannnnnnnnnnnnnn", "NL": "aaaannnnnnnnnn",
}

// mendBBAN reads an IBAN's account part by its country's shape: a digit
// where the shape has a letter is the letter it looks like, and the other
// way round. It reports false when s cannot be its country's: longer than
// the shape, or with a glyph where the other kind goes that looks like
// none ("BE18 ETALLEREDEER" is a word read as an IBAN). Countries without
// a known shape come back as they are.
func mendBBAN(s string) (string, bool) {
	shape, ok := bbanShapes[s[:2]]
	if !ok {
		return s, true
	}
	if len(s) > 4+len(shape) {
		return "", false
	}
	b := []byte(s)
	for i := 4; i < len(b); i++ {
		c := b[i]
		switch {
		case shape[i-4] == 'a' && c >= '0' && c <= '9':
			if b[i], ok = digitAsLetter[c]; !ok {
				return "", false
			}
		case shape[i-4] == 'n' && c >= 'A' && c <= 'Z':
			if b[i], ok = letterAsDigit[c]; !ok {
				return "", false
			}
		}
	}
	return string(b), true
}

var ibanStart = regexp.MustCompile(`^[A-Z]{2}\d{2}`)

// Letters and digits OCR confuses, each way.
var (
	digitAsLetter = map[byte]byte{'1': 'I', '0': 'O', '5': 'S', '8': 'B', '2': 'Z', '6': 'G'}
	letterAsDigit = map[byte]byte{'O': '0', 'D': '0', 'I': '1', 'L': '1', 'S': '5', 'B': '8', 'Z': '2', 'G': '6'}
)

// ocrIBANStart mends an IBAN's first group (idChars form) as OCR may have
// misread it: letters for the country, digits for the check digits. It
// reports false when nothing needed mending or mending does not give
// that shape.
func ocrIBANStart(s string) (string, bool) {
	if len(s) < 4 {
		return "", false
	}
	r := mend(mend(s, 0, 2, digitAsLetter), 2, 4, letterAsDigit)
	return r, r != s && ibanStart.MatchString(r)
}

// ocrCountryPrefix mends the country letters of a VAT number OCR read as
// digits ("1E6333304T").
func ocrCountryPrefix(s string) (string, bool) {
	if len(s) < 4 {
		return "", false
	}
	r := mend(s, 0, 2, digitAsLetter)
	return r, r != s && r[0] >= 'A' && r[0] <= 'Z' && r[1] >= 'A' && r[1] <= 'Z'
}

// mend replaces the bytes of s in [from, to) that as holds.
func mend(s string, from, to int, as map[byte]byte) string {
	b := []byte(s)
	for i := from; i < to; i++ {
		if c, ok := as[b[i]]; ok {
			b[i] = c
		}
	}
	return string(b)
}

func allAlnumUpper(s string) bool {
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// digitRun joins up to limit words that hold only digits and the
// separators printed inside numbers (space, '-', '.').
func digitRun(ws []word, limit int) (string, int) {
	acc, n := "", 0
	for n < len(ws) && n < limit {
		t := strings.TrimRight(ws[n].text, ",;")
		ok := t != ""
		for _, r := range t {
			if !(unicode.IsDigit(r) || r == '-' || r == '.' || r == ' ') {
				ok = false
			}
		}
		if !ok || n > 0 && ws[n].box.X0-ws[n-1].box.X1 > 1.2*ws[n].height() {
			break
		}
		acc += t
		n++
	}
	return acc, n
}

// parseGiro reads a Swedish bankgiro or plusgiro number ("5050-1055",
// "12 34 56-7"); the check digit decides the validity.
func parseGiro(minLen, maxLen int) parseFunc {
	return func(ws []word) (parsed, int) {
		s, n := digitRun(ws, 4)
		d := normalize.Digits(s)
		if n == 0 || len(d) < minLen || len(d) > maxLen {
			return parsed{}, 0
		}
		if _, _, ok := parseDate(strings.TrimSpace(s), ""); ok {
			return parsed{}, 0 // "BG Levererat 2024-09-12": a date, not a giro number
		}
		v := 1.0
		if !validGiro(d, minLen, maxLen) {
			v = 0.3
		}
		return parsed{value: d, validity: v}, n
	}
}

// parsePaymentRef reads an OCR/KID number (digits, Luhn-checked), an RF
// creditor reference, or an id-like reference.
func (x *extraction) parsePaymentRef(ws []word) (parsed, int) {
	if s, n := digitRun(ws, 6); n > 0 {
		d := normalize.Digits(s)
		if len(d) >= 2 && len(d) <= 25 {
			v := 0.7
			if checkdigit.Luhn(d) {
				v = 1
			}
			return parsed{value: d, validity: v}, n
		}
	}
	if p, n := parseRF(ws); n > 0 {
		return p, n
	}
	// Remittance text naming the invoice ("Verwendungszweck: Rechnung
	// 181301674"): the text is the reference, read as one identifier.
	if len(ws) > 1 && isTitleWord(ws[0].key) && ws[1].box.X0-ws[0].box.X1 < 2*ws[0].height() {
		if p, n := x.parseDocNumber(ws[1:]); n > 0 {
			return parsed{value: idChars(ws[0].text + p.value), validity: 0.6 * p.validity}, n + 1
		}
	}
	if p, n := x.parseDocNumber(ws); n > 0 {
		return parsed{value: idChars(p.value), validity: 0.6 * p.validity}, n
	}
	return parsed{}, 0
}

// parseRF reads an ISO 11649 creditor reference, printed whole or in
// groups of four ("RF63 8546 2"), check digits valid.
func parseRF(ws []word) (parsed, int) {
	if rf := idChars(joinWords(ws[:min(len(ws), 7)])); strings.HasPrefix(rf, "RF") {
		for k := min(len(ws), 7); k >= 1; k-- {
			if c := idChars(joinWords(ws[:k])); validRF(c) {
				return parsed{value: c, validity: 1}, k
			}
		}
	}
	return parsed{}, 0
}

// parseGLN reads a 13-digit GS1 location number (a Danish EAN).
func parseGLN(ws []word) (parsed, int) {
	s, n := digitRun(ws, 4)
	d := normalize.Digits(s)
	if n == 0 || len(d) != 13 {
		return parsed{}, 0
	}
	if !validGLN(d) {
		return parsed{value: d, validity: 0.3}, n
	}
	return parsed{value: d, validity: 1}, n
}

// parseTaxID reads a VAT number (DE123456789, DK 12 34 56 78, SE
// 556000000001, NO 123 456 789 MVA) or a national company number (CVR:
// eight digits; organisationsnummer: 556000-0000).
func parseTaxID(ws []word) (parsed, int) {
	best, bestN := parsed{}, 0
	acc := ""
	for n := 1; n <= len(ws) && n <= 6; n++ {
		if n > 1 && ws[n-1].box.X0-ws[n-2].box.X1 > 1.2*ws[n-1].height() {
			break
		}
		part := idChars(ws[n-1].text)
		if part == "" {
			if isPunct(ws[n-1].text) && len(ws[n-1].text) <= 1 {
				continue
			}
			break
		}
		acc += part
		if len(acc) > 16 {
			break
		}
		if v := taxIDValidity(acc); v > 0 && v >= best.validity {
			best, bestN = parsed{value: acc, validity: v}, n
		} else if r, ok := ocrCountryPrefix(acc); ok && ws[0].conf < 1 && vatValidity(r) == 1 && best.validity < 0.97 {
			// Only a VAT number of its country's exact shape (and check
			// digits, where known) is taken from a mended prefix.
			best, bestN = parsed{value: r, validity: 0.97}, n
		}
	}
	return best, bestN
}

// taxIDValidity rates s (letters and digits only) as a company identifier.
func taxIDValidity(s string) float64 {
	if len(s) >= 4 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' {
		return 0.97 * vatValidity(s)
	}
	// A national number scores a little over the VAT number that embeds
	// it: registers are keyed by it.
	switch {
	case validCVR(s):
		return 1
	case len(s) == 10 && validOrgnr(s):
		return 1
	case validNorwegianOrg(s):
		return 0.98
	case allDigits(s) && len(s) >= 8 && len(s) <= 12:
		return 0.3
	}
	return 0
}
