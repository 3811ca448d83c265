package forms

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"intake/validators/checkdigit"
)

// parsed is a value read from a run of words: the words it used (from
// start, n of them), its normalised form and how typical the printed form
// is of the field (1 = a valid check digit or an unambiguous format).
type parsed struct {
	value    string
	value2   string // the end of a period
	validity float64
	start, n int
	cents    int64
}

// parser reads a value from the start of ws (or, for some, a little
// later); ok is false when nothing fits.
type parser func(ws []word) (parsed, bool)

// trimPunct drops the punctuation that sentences and OCR put around values.
func trimPunct(s string) string {
	return strings.Trim(s, " ,;:.()[]{}|\"'«»")
}

// digitFix reads the letters OCR confuses with digits inside a token that
// is mostly digits ("17O1O9-8893").
func digitFix(s string) string {
	d, o := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			d++
		case strings.ContainsRune("OoIl|", r):
			o++
		}
	}
	if o == 0 || d < 4 || o > 2 {
		return s
	}
	return strings.NewReplacer("O", "0", "o", "0", "I", "1", "l", "1", "|", "1").Replace(s)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// personID reads a CPR number (DDMMYY-SSSS) or a personnummer
// (YYMMDD-NNNC, YYYYMMDD-NNNC), as one word or split after the date.
// Eight-digit phone numbers and dates never fit the shapes; a number whose
// date does not exist is rejected, one whose check digit fails is kept
// with low validity, because a wrong check digit is a finding to report,
// not a reason to lose the field.
func personID(ws []word) (parsed, bool) {
	for start := 0; start < min(len(ws), 2); start++ {
		a := digitFix(trimPunct(ws[start].text))
		cands := []struct {
			s string
			n int
		}{{a, 1}}
		if start+2 < len(ws) && ws[start+1].text == "-" {
			// "19790123 - 9918"
			if head, b := strings.TrimRight(a, "-"), digitFix(trimPunct(ws[start+2].text)); (len(head) == 6 || len(head) == 8) && isDigits(head) && len(b) == 4 && isDigits(b) {
				cands = append(cands, struct {
					s string
					n int
				}{head + "-" + b, 3})
			}
		}
		if start+1 < len(ws) {
			b := strings.TrimLeft(digitFix(trimPunct(ws[start+1].text)), "-+")
			if head := strings.TrimRight(a, "-+"); (len(head) == 6 || len(head) == 8) && isDigits(head) && len(b) == 4 && isDigits(b) {
				cands = append([]struct {
					s string
					n int
				}{{head + "-" + b, 2}}, cands...)
			} else if isDigits(a) && len(a) >= 2 && strings.Contains(ws[start+1].text, "-") {
				// a scan split the date part: "1979111" "7-9989", "201"
				// "20922-9911" (the check digit vouches for the join)
				cands = append(cands, struct {
					s string
					n int
				}{a + digitFix(trimPunct(ws[start+1].text)), 2})
			}
		}
		for _, c := range cands {
			if v, validity, ok := checkPersonID(c.s); ok {
				return parsed{value: v, validity: validity, start: start, n: c.n}, true
			}
		}
	}
	return parsed{}, false
}

// checkPersonID returns the digits of a personal id and its validity.
func checkPersonID(s string) (string, float64, bool) {
	d := strings.NewReplacer("-", "", "+", "").Replace(s)
	if !isDigits(d) || (len(d) != 10 && len(d) != 12) {
		return "", 0, false
	}
	if i := strings.IndexAny(s, "-+"); i >= 0 && i != len(s)-5 {
		return "", 0, false
	}
	now := time.Now()
	if len(d) == 12 {
		_, err := checkdigit.ParsePersonnummer(d, now)
		switch {
		case err == nil:
			return d, 1, true
		case errors.Is(err, checkdigit.ErrCheckDigit):
			return d, 0.6, true
		}
		return "", 0, false
	}
	cpr, errC := checkdigit.ParseCPR(d)
	_, errP := checkdigit.ParsePersonnummer(s, now)
	switch {
	case errC == nil && cpr.Mod11, errP == nil:
		return d, 1, true
	case errC == nil, errors.Is(errP, checkdigit.ErrCheckDigit):
		return d, 0.6, true
	}
	return "", 0, false
}

// orgID reads a Swedish organisationsnummer or a Danish CVR number.
func orgID(ws []word) (parsed, bool) {
	for start := 0; start < min(len(ws), 2); start++ {
		s := digitFix(trimPunct(ws[start].text))
		n := 1
		if strings.EqualFold(s, "DK") || strings.EqualFold(s, "SE") {
			continue
		}
		if start+1 < len(ws) && len(s) == 6 && isDigits(s) {
			next := 1
			if ws[start+1].text == "-" && start+2 < len(ws) {
				next = 2 // "559696 - 2299"
			}
			if b := strings.TrimLeft(trimPunct(ws[start+next].text), "-"); len(b) == 4 && isDigits(b) {
				s, n = s+"-"+b, next+1
			}
		}
		s = strings.TrimPrefix(strings.TrimPrefix(strings.ToUpper(s), "DK"), "SE")
		d := strings.ReplaceAll(strings.ReplaceAll(s, "-", ""), " ", "")
		if !isDigits(d) {
			continue
		}
		switch len(d) {
		case 10, 12:
			if len(d) == 12 && !strings.HasPrefix(d, "16") {
				continue
			}
			d = d[len(d)-10:]
			if d[2] < '2' {
				continue // a personnummer's month: a sole trader, read as a person
			}
			if _, err := checkdigit.Organisationsnummer(d); err == nil {
				return parsed{value: d, validity: 1, start: start, n: n}, true
			}
			return parsed{value: d, validity: 0.6, start: start, n: n}, true
		case 8:
			if _, err := checkdigit.CVR(d); err == nil {
				return parsed{value: d, validity: 1, start: start, n: n}, true
			}
			return parsed{value: d, validity: 0.5, start: start, n: n}, true
		}
	}
	return parsed{}, false
}

var months = map[string]int{
	"januar": 1, "januari": 1, "january": 1, "jan": 1,
	"februar": 2, "februari": 2, "february": 2, "feb": 2,
	"marts": 3, "mars": 3, "march": 3, "mar": 3,
	"april": 4, "apr": 4,
	"maj": 5, "may": 5, "mai": 5,
	"juni": 6, "june": 6, "jun": 6,
	"juli": 7, "july": 7, "jul": 7,
	"august": 8, "augusti": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "october": 10, "okt": 10, "oct": 10,
	"november": 11, "nov": 11,
	"december": 12, "desember": 12, "dec": 12, "des": 12,
}

// dateAt reads a date at ws[0]: 2024-08-12, 12.08.2024, 12-08-2024,
// 12/08/2024, 12.8.2024, 12. august 2024, 12 augusti 2024, August 12, 2024.
func dateAt(ws []word) (string, int, bool) {
	if len(ws) == 0 {
		return "", 0, false
	}
	t := digitFix(strings.Trim(ws[0].text, " ,;:()[]|\"'’”"))
	t = strings.Trim(t, ".-–") // "2024-08-22-", "--2025-06-13": a scan glued the range's dash
	if y, m, d, ok := numericDate(t); ok {
		if v, ok := mkDate(y, m, d); ok {
			return v, 1, true
		}
	}
	if len(ws) >= 3 {
		// 12. august 2024 / 12 augusti 2024
		d, err1 := strconv.Atoi(strings.TrimSuffix(t, "."))
		m, okM := months[strings.Trim(fold(ws[1].text), ".,/|")]
		y, err2 := strconv.Atoi(strings.Trim(ws[2].text, ".,;)"))
		if err1 == nil && okM && err2 == nil {
			if v, ok := mkDate(y, m, d); ok {
				return v, 3, true
			}
		}
		// August 12, 2024
		m, okM = months[strings.Trim(fold(ws[0].text), ".,")]
		d, err1 = strconv.Atoi(strings.Trim(ws[1].text, ".,"))
		if okM && err1 == nil && err2 == nil {
			if v, ok := mkDate(y, m, d); ok {
				return v, 3, true
			}
		}
	}
	return "", 0, false
}

func numericDate(t string) (y, m, d int, ok bool) {
	if i, j := strings.IndexByte(t, '/'), strings.LastIndexByte(t, '-'); i > 0 && j > i && strings.Count(t, "/") == 1 {
		t = strings.ReplaceAll(t, "-", "/") // Danish "1/8-2024"
	}
	for _, sep := range []string{"-", ".", "/"} {
		p := strings.Split(t, sep)
		if len(p) != 3 || !isDigits(p[0]) || !isDigits(p[1]) || !isDigits(p[2]) {
			continue
		}
		a, _ := strconv.Atoi(p[0])
		b, _ := strconv.Atoi(p[1])
		c, _ := strconv.Atoi(p[2])
		switch {
		case len(p[0]) == 4:
			return a, b, c, true
		case len(p[2]) == 4:
			return c, b, a, true
		case len(p[2]) == 2 && sep == ".":
			return 2000 + c, b, a, true
		}
	}
	if len(t) == 8 && isDigits(t) && (strings.HasPrefix(t, "19") || strings.HasPrefix(t, "20")) {
		y, _ := strconv.Atoi(t[:4])
		m, _ := strconv.Atoi(t[4:6])
		d, _ := strconv.Atoi(t[6:])
		return y, m, d, true
	}
	return 0, 0, 0, false
}

func mkDate(y, m, d int) (string, bool) {
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
		return "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// date finds the first date among the first words of ws ("Sjöhamra
// 2024-05-15", "den 3. maj 2024"), a little less sure the later it sits.
func date(ws []word) (parsed, bool) {
	for i := 0; i < min(len(ws), 4); i++ {
		if v, n, ok := dateAt(ws[i:]); ok {
			return parsed{value: v, validity: 1 - 0.05*float64(i), start: i, n: n}, true
		}
	}
	return parsed{}, false
}

// period reads two dates close together: "12.08.2024 – 27.06.2025",
// "fra 1. maj 2024 til 30. juni 2024".
func period(ws []word) (parsed, bool) {
	if p, ok := sharedMonth(ws); ok {
		return p, true
	}
	first, ok := date(ws)
	if !ok {
		return parsed{}, false
	}
	rest := ws[first.start+first.n:]
	for i := 0; i < min(len(rest), 3); i++ {
		if v, n, ok := dateAt(rest[i:]); ok {
			if v < first.value {
				return parsed{}, false
			}
			return parsed{value: first.value, value2: v, validity: first.validity, start: first.start, n: first.n + i + n}, true
		}
	}
	return parsed{}, false
}

// sharedMonth reads "5.–8. maj 2024", "5–8 maj 2024" and "5 – 8 maj 2024",
// where both days share one month and year.
func sharedMonth(ws []word) (parsed, bool) {
	for i := 0; i < min(len(ws), 3); i++ {
		var days []string
		n := 0
		if p := strings.FieldsFunc(ws[i].text, func(r rune) bool { return r == '-' || r == '–' }); len(p) == 2 {
			days, n = p, 1
		} else if i+2 < len(ws) && (ws[i+1].text == "-" || ws[i+1].text == "–") {
			days, n = []string{ws[i].text, ws[i+2].text}, 3
		}
		if days == nil || i+n+1 >= len(ws) {
			continue
		}
		var out [2]string
		ok := true
		for k, d := range days {
			v, m, good := dateAt([]word{{text: strings.TrimSuffix(d, ".")}, ws[i+n], ws[i+n+1]})
			ok = ok && good && m == 3
			out[k] = v
		}
		if ok && out[0] <= out[1] {
			return parsed{value: out[0], value2: out[1], validity: 1, start: i, n: n + 2}, true
		}
	}
	return parsed{}, false
}

// money reads the rightmost amount of ws: table rows print the amount at
// the right edge, after rates and hours ("Sjuklön 80 % (24 tim à 188,24
// kr) 3 614,21"). Percentages are skipped.
func money(orig []word) (parsed, bool) {
	ws, at := joinDecimals(orig)
	var best parsed
	found := false
	for j := 0; j < len(ws); j++ {
		t := ws[j].text
		if j+1 < len(ws) && strings.HasPrefix(ws[j+1].text, "%") || strings.HasSuffix(t, "%") || strings.HasPrefix(t, "(") {
			continue
		}
		for n := min(4, len(ws)-j); n >= 1; n-- {
			ok := true
			for k := 1; k < n; k++ { // continuation groups: 3 digits, the last with decimals
				g := strings.TrimRight(ws[j+k].text, ".;")
				if len(g) < 3 || !isDigits(g[:3]) || !(len(g) == 3 || len(g) == 6 && (g[3] == ',' || g[3] == '.') && isDigits(g[4:])) {
					ok = false
				}
			}
			if !ok {
				continue
			}
			if c, v, ok := parseMoney(joinWords(ws[j : j+n])); ok {
				// start and n count the words as printed
				best, found = parsed{value: fmtCents(c), cents: c, validity: v, start: at[j], n: at[j+n] - at[j]}, true
				j += n - 1
				break
			}
		}
	}
	return best, found
}

// joinDecimals mends amounts a scan split at the decimal comma ("16686 ,
// 98", "16195, 71", "6849 ,00"). at[i] is the index in ws of joined word
// i; at[len] is len(ws).
func joinDecimals(ws []word) ([]word, []int) {
	out := make([]word, 0, len(ws))
	at := make([]int, 0, len(ws)+1)
	two := func(s string) bool { return len(s) == 2 && isDigits(s) }
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		t := w.text
		at = append(at, i)
		k := 0 // words joined to this one
		switch {
		case isDigits(t) && i+2 < len(ws) && (ws[i+1].text == "," || ws[i+1].text == ".") && two(ws[i+2].text):
			w.text, k = t+","+ws[i+2].text, 2
		case isDigits(t) && i+1 < len(ws) && len(ws[i+1].text) == 3 && strings.ContainsAny(ws[i+1].text[:1], ",.") && two(ws[i+1].text[1:]):
			w.text, k = t+ws[i+1].text, 1
		case len(t) > 1 && strings.ContainsAny(t[len(t)-1:], ",.") && isDigits(t[:len(t)-1]) && i+1 < len(ws) && two(ws[i+1].text):
			w.text, k = t+ws[i+1].text, 1
		}
		for _, o := range ws[i+1 : i+1+k] {
			w.box, w.conf = union(w.box, o.box), min(w.conf, o.conf)
		}
		i += k
		out = append(out, w)
	}
	return out, append(at, len(ws))
}

// parseMoney reads 1.234,56 / 1 234,56 / 1,234.56 / 1234,56 / -939,69 /
// 1 234 kr; whole numbers are less typical of a claimed amount, and so
// is 2652-75 or 2652:75.
func parseMoney(s string) (int64, float64, bool) {
	s = strings.TrimSpace(s)
	for _, suf := range []string{"kr.", "kr", "SEK", "DKK", "NOK", "EUR", ":-", ",-", ")"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, suf))
	}
	for _, pre := range []string{"kr.", "kr", "SEK", "DKK", "NOK", "EUR"} {
		s = strings.TrimSpace(strings.TrimPrefix(s, pre))
	}
	s = strings.TrimLeft(s, ".,;:")
	neg := false
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−") || strings.HasPrefix(s, "–") {
		neg = true
		s = strings.TrimLeft(s, "-−– ")
	} else {
		s = strings.TrimLeft(s, "+ ")
	}
	if strings.HasSuffix(s, ".") && !strings.ContainsAny(s[:len(s)-1], ".,") {
		return 0, 0, false // "5.": a section number or an ordinal
	}
	s = strings.TrimRight(s, ".;")
	if s == "" || !unicode.IsDigit(rune(s[0])) {
		return 0, 0, false
	}
	s = strings.ReplaceAll(s, "&", " ") // a scan's reading of a thin space: "8&976,00"
	intPart, frac := s, ""
	misread := false
	if i := strings.LastIndexAny(s, ",."); i >= 0 && len(s)-i-1 == 2 && isDigits(s[i+1:]) {
		intPart, frac = s[:i], s[i+1:]
	} else if i := strings.LastIndexAny(s, "-:"); i > 0 && len(s)-i-1 == 2 && isDigits(s[:i]) && isDigits(s[i+1:]) {
		// A scan's reading of the decimal comma ("2652-75"), or the
		// Swedish colon ("2652:75"), in a number of digits alone.
		intPart, frac, misread = s[:i], s[i+1:], true
	}
	var digits strings.Builder
	groups := strings.FieldsFunc(intPart, func(r rune) bool { return r == ' ' || r == '.' || r == ',' || r == '\u00a0' })
	for i, g := range groups {
		if !isDigits(g) || i > 0 && len(g) != 3 || i == 0 && len(groups) > 1 && len(g) > 3 {
			return 0, 0, false
		}
		digits.WriteString(g)
	}
	if digits.Len() == 0 || digits.Len() > 12 {
		return 0, 0, false
	}
	whole, _ := strconv.ParseInt(digits.String(), 10, 64)
	validity := 1.0
	var cents int64
	if frac != "" {
		f, _ := strconv.ParseInt(frac, 10, 64)
		cents = whole*100 + f
		if misread {
			validity = 0.8
		}
	} else {
		cents = whole * 100
		validity = 0.7
	}
	if neg {
		cents = -cents
	}
	return cents, validity, true
}

func fmtCents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// nameParticles may sit lower-case inside a person's name.
var nameParticles = map[string]bool{"von": true, "van": true, "af": true, "de": true, "da": true, "la": true, "le": true, "du": true, "der": true}

// personName reads two to five capitalised words (or a name in block
// letters): "Alva Tove Ekborg", "JESPER EGETOFT", "Anna-Lena af Klint".
func personName(ws []word) (parsed, bool) {
	skip := 0
	for skip < len(ws)-2 && len([]rune(ws[skip].text)) <= 2 && !unicode.IsUpper([]rune(ws[skip].text)[0]) {
		skip++ // a scan's stray marks before the name ("åj Per Ekling")
	}
	p, ok := personNameAt(ws[skip:])
	p.start = skip
	return p, ok
}

func personNameAt(ws []word) (parsed, bool) {
	n := 0
	for n < len(ws) && n < 5 {
		t := strings.TrimRight(ws[n].text, ",;")
		r := []rune(t)
		if len(r) == 0 {
			break
		}
		if nameParticles[t] && n > 0 {
			n++
			continue
		}
		if !unicode.IsUpper(r[0]) || !nameWord(t) {
			break
		}
		n++
		if strings.HasSuffix(ws[n-1].text, ",") {
			break
		}
	}
	for n > 0 && nameParticles[ws[n-1].text] {
		n--
	}
	if n == 0 {
		return parsed{}, false
	}
	v := strings.TrimRight(joinWords(ws[:n]), ",;")
	validity := 1.0
	if n == 1 {
		validity = 0.5
	}
	return parsed{value: v, validity: validity, n: n}, true
}

func nameWord(t string) bool {
	for _, r := range t {
		if !unicode.IsLetter(r) && r != '-' && r != '\'' && r != '’' && r != '.' {
			return false
		}
	}
	return true
}

// legalForms end the names of organisations.
var legalForms = map[string]bool{"ab": true, "hb": true, "kb": true, "aps": true, "as": true, "a/s": true, "i/s": true, "asa": true,
	"ltd": true, "oy": true, "gmbh": true, "ek. för.": true, "aktiebolag": true, "handelsbolag": true, "kommanditbolag": true,
	"stiftelse": true, "stiftelsen": true, "förening": true, "ekonomisk förening": true, "kooperativ": true, "ivs": true}

// hasLegalForm reports whether a name ends in a company form ("... AB").
func hasLegalForm(s string) bool {
	f := strings.Fields(strings.ToLower(strings.TrimRight(s, ".,")))
	return len(f) > 1 && legalForms[f[len(f)-1]]
}

// text reads the whole run as free text (a school, an address, an
// organisation's name): at most a dozen words.
func text(ws []word) (parsed, bool) {
	n := min(len(ws), 12)
	v := strings.TrimSpace(strings.Trim(joinWords(ws[:n]), ",;:'’\"|"))
	if v == "" || isPunctOnly(v) {
		return parsed{}, false
	}
	return parsed{value: v, validity: 0.8, n: n}, true
}

func isPunctOnly(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// orgName is text, surer when it ends in a company form.
func orgName(ws []word) (parsed, bool) {
	if p, ok := companyName(ws); ok {
		return p, true // cut after the company form: what follows is another cell's
	}
	p, ok := text(ws)
	if !ok || !hasLetters(p.value) {
		return parsed{}, false
	}
	if p.n == 1 {
		p.validity = 0.6
	}
	return p, true
}

// companyName is an organisation's name that ends in its company form.
func companyName(ws []word) (parsed, bool) {
	for n := min(len(ws), 8); n >= 2; n-- {
		if t := strings.Trim(joinWords(ws[:n]), ",;:."); hasLegalForm(t) {
			return parsed{value: t, validity: 1, n: n}, true
		}
	}
	return parsed{}, false
}

func hasLetters(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// address reads a street address: a street with a number and, when the
// cell holds it, a postcode and town ("Rosehaven 28, st., 5000 Holmbæk C",
// "Skolgränd 3, 703 65 Granåsa").
func address(ws []word) (parsed, bool) {
	skip := 0
	for skip < len(ws)-1 && len([]rune(trimPunct(ws[skip].text))) <= 1 {
		skip++ // a scan's stray mark before the street
	}
	// An address fills one cell: what lies past the cell's gap is another
	// cell, or a received stamp beside the box.
	// A wrapped address goes on below (its next line's cells count anew).
	end := skip + 1
	for end < len(ws) && (ws[end].seg == ws[end-1].seg || ws[end].box.Y0 >= ws[end-1].box.Y1) {
		end++
	}
	p, ok := text(ws[skip:end])
	p.start = skip
	if !ok || !hasLetters(p.value) {
		return parsed{}, false
	}
	hasNum, hasPost := false, false
	// Swedish flats: "lgh 1102", which scans read as "Igh".
	p.value = strings.ReplaceAll(" "+p.value+" ", " Igh ", " lgh ")
	p.value = strings.ReplaceAll(p.value, ";", ",") // a scan's comma
	p.value = strings.TrimSpace(p.value)
	for i, w := range ws[skip : skip+p.n] {
		t := strings.Trim(w.text, ",.")
		if isDigits(t) || len(t) > 1 && isDigits(t[:len(t)-1]) {
			if i > 0 {
				hasNum = true
			}
			if len(t) == 4 || len(t) == 5 || len(t) == 3 && i+1 < p.n && len(strings.Trim(ws[skip+i+1].text, ",")) == 2 {
				hasPost = true
			}
		}
	}
	switch {
	case hasNum && hasPost:
		p.validity = 1
	case hasNum:
		p.validity = 0.75
	default:
		p.validity = 0.4
	}
	return p, true
}

// schoolName is text, surer when it names a school.
func schoolName(ws []word) (parsed, bool) {
	// A name stays in its cell: the next cell's words are another's.
	for i := 1; i < len(ws); i++ {
		if ws[i].seg != ws[i-1].seg {
			ws = ws[:i]
			break
		}
	}
	for len(ws) > 1 && len([]rune(ws[len(ws)-1].text)) <= 2 && isUpperLetters(ws[len(ws)-1].text) {
		ws = ws[:len(ws)-1] // a scan's stray marks after the name
	}
	p, ok := text(ws)
	if !ok || !hasLetters(p.value) {
		return parsed{}, false
	}
	// A name begins with a capital: a word in lower case is another
	// cell's label a stamp cut short ("i perioden" of Klassetrin i
	// perioden), not a school.
	if r := []rune(p.value); !unicode.IsUpper(r[0]) && !unicode.IsDigit(r[0]) {
		return parsed{}, false
	}
	f := fold(p.value)
	for _, k := range []string{"skole", "skola", "skolan", "school", "gymnas", "akademi", "friskole", "efterskole", "realskol"} {
		if strings.Contains(f, k) {
			p.validity = 1
		}
	}
	return p, true
}

// grade reads a school grade: "9. klasse", "Årskurs 6", "klass 3",
// "0. klasse (børnehaveklasse)", "Förskoleklass" (0), "F" (0), "Grade 4".
func grade(ws []word) (parsed, bool) {
	for i := 0; i < min(len(ws), 3); i++ {
		f := fold(strings.Trim(ws[i].text, ",;()"))
		switch {
		case strings.Contains(f, "forskoleklass") || strings.Contains(f, "bornehaveklasse") || strings.Contains(f, "forskole") ||
			f == "f" || f == "fk" || f == "f-klass" || f == "0.klasse" || f == "kindergarten":
			return parsed{value: "0", validity: 1, start: i, n: 1}, true
		}
		t := strings.TrimSuffix(strings.TrimSuffix(f, "."), "th")
		t = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(t, "st"), "nd"), "rd")
		if g, err := strconv.Atoi(t); err == nil && g >= 0 && g <= 10 && len(t) <= 2 {
			return parsed{value: strconv.Itoa(g), validity: 1, start: i, n: 1}, true
		}
		if len(t) >= 2 && t[len(t)-1] >= 'a' && t[len(t)-1] <= 'e' { // "3b", "7.a"
			if g, err := strconv.Atoi(strings.TrimSuffix(t[:len(t)-1], ".")); err == nil && g >= 0 && g <= 10 {
				return parsed{value: strconv.Itoa(g), validity: 0.9, start: i, n: 1}, true
			}
		}
	}
	return parsed{}, false
}

// reference reads a case or decision reference: "SN 2022/2973",
// "BUN 2023/133", "17.04.10-G01-123-23", "SJL-2024-0042". It must hold a
// digit and a separator, and not be a date or a personal id.
func reference(ws []word) (parsed, bool) {
	for start := 0; start < min(len(ws), 2); start++ {
		for n := min(3, len(ws)-start); n >= 1; n-- {
			raw := strings.TrimRight(strings.Trim(joinWords(ws[start:start+n]), " ,;:()[]"), ".")
			if ok, v := isReference(raw, n); ok {
				return parsed{value: raw, validity: v, start: start, n: n}, true
			}
		}
	}
	return parsed{}, false
}

func isReference(s string, words int) (bool, float64) {
	if len(s) < 4 || len(s) > 40 || !strings.ContainsAny(s, "0123456789") {
		return false, 0
	}
	if _, _, _, ok := numericDate(s); ok {
		return false, 0
	}
	if _, _, ok := checkPersonID(s); ok {
		return false, 0
	}
	f := strings.Fields(s)
	last := f[len(f)-1]
	if !strings.ContainsAny(last, "0123456789") || !strings.ContainsAny(last, "/-.") {
		return false, 0
	}
	for _, w := range f[:len(f)-1] { // a prefix is letters: "SN", "BUN", "Dnr"
		if !isUpperLetters(w) {
			return false, 0
		}
	}
	for _, r := range last {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("/-.", r) {
			return false, 0
		}
	}
	if words > 1 || strings.Count(last, "/")+strings.Count(last, "-") >= 1 {
		return true, 1
	}
	return true, 0.8
}

func isUpperLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return s != "" && len(s) <= 6
}

// bankgiro reads NNN-NNNN or NNNN-NNNN, checked by Luhn.
func bankgiro(ws []word) (parsed, bool) {
	for start := 0; start < min(len(ws), 2); start++ {
		s := digitFix(trimPunct(ws[start].text))
		n := 1
		if start+1 < len(ws) && isDigits(s) && len(s) <= 4 && isDigits(trimPunct(ws[start+1].text)) && len(trimPunct(ws[start+1].text)) == 4 {
			s, n = s+"-"+trimPunct(ws[start+1].text), 2
		}
		d := strings.ReplaceAll(s, "-", "")
		if !isDigits(d) || len(d) < 7 || len(d) > 8 {
			continue
		}
		if i := strings.IndexByte(s, '-'); i >= 0 && i != len(s)-5 {
			continue
		}
		if v, err := checkdigit.Bankgiro(d); err == nil {
			return parsed{value: v, validity: 1, start: start, n: n}, true
		}
		return parsed{value: d, validity: 0.5, start: start, n: n}, true
	}
	return parsed{}, false
}

// iban reads an IBAN printed whole or in groups of four.
func iban(ws []word) (parsed, bool) {
	for start := 0; start < min(len(ws), 2); start++ {
		first := strings.ToUpper(trimPunct(ws[start].text))
		if len(first) < 2 || first[0] < 'A' || first[0] > 'Z' || first[1] < 'A' || first[1] > 'Z' {
			continue
		}
		s := ""
		best := parsed{}
		for n := 1; start+n <= len(ws) && n <= 9; n++ {
			s += strings.ToUpper(trimPunct(ws[start+n-1].text))
			if len(s) > 34 {
				break
			}
			if v, err := checkdigit.IBAN(s); err == nil {
				return parsed{value: v, validity: 1, start: start, n: n}, true
			}
			if l, ok := checkdigit.IBANLength(s[:2]); ok && len(s) == l {
				best = parsed{value: s, validity: 0.5, start: start, n: n}
			}
		}
		if best.n > 0 {
			return best, true
		}
	}
	return parsed{}, false
}
