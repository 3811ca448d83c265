package invoice

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// amount is a parsed money value.
type amount struct {
	cents    int64
	validity float64 // how typical the printed form is of a money amount
	currency string  // ISO code printed with it, if any
	decimal  rune    // decimal separator seen ('.' or ','), 0 if none
}

// String gives the contract's normalised form, "1234.50".
func (a amount) String() string {
	c := a.cents
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}

// currencyAffixes are printed next to amounts; the value is the ISO code
// or, for "kr", empty because the country decides (see currency.go).
var currencyAffixes = []struct{ text, iso string }{
	{"EUR", "EUR"}, {"DKK", "DKK"}, {"SEK", "SEK"}, {"NOK", "NOK"}, {"USD", "USD"},
	{"GBP", "GBP"}, {"CHF", "CHF"}, {"ISK", "ISK"}, {"PLN", "PLN"},
	{"€", "EUR"}, {"£", "GBP"}, {"US$", "USD"}, {"$", "USD"},
	{"kr.", "kr"}, {"Kr.", "kr"}, {"kr", "kr"}, {"Kr", "kr"}, {"SEK.", "SEK"}, {"DKK.", "DKK"},
}

// parseAmount reads a printed money amount: 1.234,50 / 1 234,50 /
// 1,234.50 / 1234.50 / -12,00 / 12,00 € / EUR 12.00 / kr. 1.234,50 /
// 1.234,- / 7,67- / (7,67). hint is the document's decimal separator, used
// only when a lone separator is followed by exactly three digits.
func parseAmount(s string, hint rune) (amount, bool) {
	var a amount
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, ";")
	// Currency before or after, with or without a space.
	for changed := true; changed; {
		changed = false
		for _, c := range currencyAffixes {
			if strings.HasPrefix(s, c.text) && a.currency == "" {
				rest := strings.TrimSpace(s[len(c.text):])
				if rest != "" && (rest[0] == '-' || rest[0] == '(' || unicode.IsDigit(rune(rest[0]))) {
					s, a.currency, changed = rest, c.iso, true
				}
			}
			if strings.HasSuffix(s, c.text) && a.currency == "" {
				rest := strings.TrimSpace(s[:len(s)-len(c.text)])
				if rest != "" && (unicode.IsDigit(rune(rest[len(rest)-1])) || strings.HasSuffix(rest, "-") || strings.HasSuffix(rest, ")")) {
					s, a.currency, changed = rest, c.iso, true
				}
			}
		}
	}
	neg := false
	switch {
	case strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")"):
		neg, s = true, s[1:len(s)-1]
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "−"), strings.HasPrefix(s, "–"):
		neg = true
		_, n := firstRune(s)
		s = strings.TrimSpace(s[n:])
	case strings.HasPrefix(s, "+"):
		s = strings.TrimSpace(s[1:])
	}
	integerDash := false
	if strings.HasSuffix(s, ",-") || strings.HasSuffix(s, ".-") || strings.HasSuffix(s, ",--") {
		integerDash = true
		s = strings.TrimRight(s, "-")
		s = s[:len(s)-1]
	} else if strings.HasSuffix(s, "-") && !neg {
		neg, s = true, s[:len(s)-1]
	}
	if s == "" || !unicode.IsDigit(rune(s[0])) || !unicode.IsDigit(rune(s[len(s)-1])) {
		return a, false
	}
	var digits strings.Builder
	seps := make([]int, 0, 4) // byte offsets of separators
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '.' || r == ',' || r == ' ' || r == '\'' || r == '\u00a0' || r == '\u202f' || r == '\u2009':
			seps = append(seps, i)
		default:
			return a, false
		}
	}
	sepAt := func(i int) rune { r, _ := firstRune(s[seps[i]:]); return r }
	// groups are the digit runs between separators.
	var groups []string
	prev := 0
	for _, off := range seps {
		groups = append(groups, s[prev:off])
		_, n := firstRune(s[off:])
		prev = off + n
	}
	groups = append(groups, s[prev:])
	for _, g := range groups {
		if g == "" {
			return a, false
		}
	}
	decimals := 0
	a.validity = 1
	if len(seps) > 0 {
		last := sepAt(len(seps) - 1)
		lastGroup := groups[len(groups)-1]
		isDecimal := false
		if last == '.' || last == ',' {
			other := false
			for i := range len(seps) - 1 {
				if sepAt(i) == last {
					other = true // repeated: a thousands separator
				}
			}
			switch {
			case other:
				isDecimal = false
			case len(lastGroup) != 3:
				isDecimal = true
			case len(seps) > 1:
				isDecimal = true // "1.234,567"? mixed: the last one is decimal
			case hint != 0:
				isDecimal = hint == last
				a.validity = 0.8
			default:
				a.validity = 0.6
			}
		}
		if isDecimal {
			decimals = len(lastGroup)
			a.decimal = last
			if decimals > 2 {
				return a, false // a unit price or a quantity, not money
			}
			// Thousands groups before the decimal part.
			if !thousandsOK(groups[:len(groups)-1]) {
				return a, false
			}
		} else if !thousandsOK(groups) {
			return a, false
		}
	}
	if integerDash {
		decimals = 0
	}
	d := digits.String()
	if len(d) > 15 {
		return a, false
	}
	v, err := strconv.ParseInt(d, 10, 64)
	if err != nil {
		return a, false
	}
	switch decimals {
	case 0:
		v *= 100
		if !integerDash {
			a.validity *= 0.6
		}
	case 1:
		v *= 10
		a.validity *= 0.8
	}
	if neg {
		v = -v
	}
	a.cents = v
	return a, true
}

// thousandsOK checks digit groups split by thousands separators: the
// first of one to three digits, the others of exactly three.
func thousandsOK(groups []string) bool {
	for i, g := range groups {
		if i == 0 && (len(g) > 3 && len(groups) > 1) || i > 0 && len(g) != 3 {
			return false
		}
	}
	return true
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// months maps folded month names and their abbreviations in the seven
// languages to their number.
var months = func() map[string]int {
	names := [][]string{
		{"januar", "januari", "january", "janvier", "jänner", "jan", "janv"},
		{"februar", "februari", "february", "fevrier", "février", "feb", "febr", "fev", "févr"},
		{"marts", "mars", "march", "märz", "maart", "mar", "mrz", "maa"},
		{"april", "avril", "apr", "avr"},
		{"maj", "mai", "may", "mei"},
		{"juni", "june", "juin", "jun"},
		{"juli", "july", "juillet", "jul", "juil"},
		{"august", "augusti", "augustus", "août", "aout", "aug"},
		{"september", "septembre", "sep", "sept"},
		{"oktober", "october", "octobre", "okt", "oct"},
		{"november", "novembre", "nov"},
		{"december", "dezember", "desember", "décembre", "decembre", "dec", "dez", "des", "déc"},
	}
	m := make(map[string]int)
	for i, ns := range names {
		for _, n := range ns {
			m[fold(n)] = i + 1
		}
	}
	return m
}()

var (
	numericDate = regexp.MustCompile(`^(\d{1,4})([./-])(\d{1,2})([./-])(\d{2,4})\.?$`)
	compactDate = regexp.MustCompile(`^(19|20)\d{6}$`)
	dayMonYear  = regexp.MustCompile(`^(\d{1,2})(?:\.|er|st|nd|rd|th)?[ -]?(?:of )?([a-z]{3,9})\.?[ ,-]*(\d{2,4})$`)
	monDayYear  = regexp.MustCompile(`^([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$`)
)

// parseDate reads a printed date in the formats of the seven languages and
// returns it as YYYY-MM-DD with a validity below 1 for forms that are
// ambiguous (1/3/2024: day or month first?) or unusual (20240301).
func parseDate(s string, lang string) (string, float64, bool) {
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ",;"))
	if m := numericDate.FindStringSubmatch(s); m != nil {
		if m[2] != m[4] {
			return "", 0, false
		}
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[3])
		c, _ := strconv.Atoi(m[5])
		if len(m[1]) == 4 {
			return mkDate(a, b, c, 1)
		}
		if len(m[1]) == 3 || len(m[5]) == 3 {
			return "", 0, false
		}
		validity := 1.0
		y := c
		if len(m[5]) == 2 {
			y += 2000
			validity = 0.9
		}
		day, mon := a, b
		if m[2] == "/" {
			switch {
			case a > 12:
			case b > 12:
				day, mon = b, a
			case a == b:
			case lang == "en":
				// British and American writers share the language; a
				// day-first reading is the European default, with doubt.
				validity *= 0.7
			default:
				validity *= 0.9
			}
		}
		return mkDate(y, mon, day, validity)
	}
	if compactDate.MatchString(s) {
		y, _ := strconv.Atoi(s[:4])
		mo, _ := strconv.Atoi(s[4:6])
		d, _ := strconv.Atoi(s[6:])
		return mkDate(y, mo, d, 0.5)
	}
	f := strings.Join(strings.Fields(fold(s)), " ")
	if m := dayMonYear.FindStringSubmatch(f); m != nil {
		mon, ok := months[m[2]]
		if !ok {
			return "", 0, false
		}
		d, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[3])
		v := 1.0
		if len(m[3]) == 2 {
			y += 2000
			v = 0.9
		} else if len(m[3]) == 3 {
			return "", 0, false
		}
		return mkDate(y, mon, d, v)
	}
	if m := monDayYear.FindStringSubmatch(f); m != nil {
		mon, ok := months[m[1]]
		if !ok {
			return "", 0, false
		}
		d, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		return mkDate(y, mon, d, 1)
	}
	return "", 0, false
}

func mkDate(y, m, d int, validity float64) (string, float64, bool) {
	if y < 1990 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31 {
		return "", 0, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return "", 0, false // 31 April
	}
	return t.Format("2006-01-02"), validity, true
}
