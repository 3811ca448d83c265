package invoice

import (
	"strings"

	"intake/pipeline"
)

// isoCurrencies are the codes we accept as currencies when printed alone:
// a three-letter word is otherwise too often something else.
var isoCurrencies = map[string]bool{
	"EUR": true, "DKK": true, "SEK": true, "NOK": true, "ISK": true, "USD": true, "GBP": true, "CHF": true,
	"PLN": true, "CZK": true, "HUF": true, "RON": true, "BGN": true, "JPY": true, "CNY": true, "CAD": true,
	"AUD": true, "NZD": true,
}

// parseCurrencyCode reads the value of a currency label: an ISO code or a
// symbol.
func parseCurrencyCode(ws []word) (parsed, int) {
	t := strings.Trim(ws[0].text, ".,:;()")
	if c := symbolCurrency(t); c != "" {
		return parsed{value: c, validity: 1}, 1
	}
	return parsed{}, 0
}

func symbolCurrency(t string) string {
	u := strings.ToUpper(t)
	switch {
	case isoCurrencies[u]:
		return u
	case t == "€":
		return "EUR"
	case t == "£":
		return "GBP"
	}
	return ""
}

// localKrone resolves "kr." by the document language.
func localKrone(lang string) string {
	switch lang {
	case "sv":
		return "SEK"
	case "no":
		return "NOK"
	case "da":
		return "DKK"
	}
	return ""
}

// krone resolves "kr." by the language, or on an invoice in another
// language (a Danish supplier writing English) by the country of the
// supplier's account or id read so far.
func krone(lang string, out map[string]pipeline.Field) string {
	if k := localKrone(lang); k != "" {
		return k
	}
	country := ""
	if v := out[fIBAN].Value; len(v) >= 2 {
		country = v[:2]
	} else if out[fBankgiro].Value != "" || out[fPlusgiro].Value != "" {
		country = "SE"
	} else if out[fBankAccount].Value != "" {
		country = "DK"
	} else if v := out[fSupplierID].Value; len(v) >= 2 && v[0] >= 'A' {
		country = v[:2]
	} else {
		// National ids are kept without prefix: CVR 8 digits, organisationsnummer 10.
		country = map[int]string{8: "DK", 10: "SE", 9: "NO"}[len(v)]
	}
	switch country {
	case "DK", "FO", "GL":
		return "DKK"
	case "SE":
		return "SEK"
	case "NO":
		return "NOK"
	}
	return ""
}

// resolveCurrency decides the currency: a labelled code is near certain;
// otherwise codes and symbols printed with amounts vote; otherwise the
// language suggests one, with a confidence that says it is a guess.
func (x *extraction) resolveCurrency(out map[string]pipeline.Field) {
	x.offer(fCurrency, x.cands[fCurrency]...)
	if cs := merge(x.cands[fCurrency]); len(cs) > 0 {
		c := cs[0]
		c.score = min(0.97, c.score)
		out[fCurrency] = c.toField()
		return
	}
	votes := make(map[string]int)
	first := make(map[string]cand)
	for _, ln := range x.lay.lines {
		for j, w := range ln.words {
			code := symbolCurrency(strings.Trim(w.text, ".,:;()"))
			if code == "" {
				code = embeddedSymbol(w.text, krone(x.lang, out))
			}
			if code == "" && (w.key == "kr" || strings.HasPrefix(w.key, "kr") && len(w.key) <= 3) && nearAmount(x, ln, j) {
				code = krone(x.lang, out)
			}
			if code == "" {
				continue
			}
			votes[code]++
			if _, ok := first[code]; !ok {
				first[code] = cand{field: fCurrency, value: code, raw: w.text, page: ln.page, box: w.box, line: ln, score: w.conf}
			}
		}
	}
	for _, c := range first {
		c.score = min(0.9, 0.5+0.1*float64(votes[c.value])) * c.score
		x.offer(fCurrency, c)
	}
	best, n := "", 0
	for code, v := range votes {
		if v > n || v == n && code < best {
			best, n = code, v
		}
	}
	if best != "" {
		c := first[best]
		c.score *= min(0.9, 0.5+0.1*float64(n)) // score held the word's OCR confidence
		if len(votes) > 1 {
			c.score *= 0.8
		}
		out[fCurrency] = c.toField()
		return
	}
	var guess string
	switch x.lang {
	case "da":
		guess = "DKK"
	case "sv":
		guess = "SEK"
	case "no":
		guess = "NOK"
	case "de", "fr", "nl":
		guess = "EUR"
	}
	if guess != "" {
		out[fCurrency] = pipeline.Field{Value: guess, Confidence: 0.3}
	}
}

// embeddedSymbol finds a currency glued to an amount ("12,00€", "€12.00");
// kr is the krone "kr" stands for here.
func embeddedSymbol(t, kr string) string {
	switch {
	case strings.Contains(t, "€"):
		return "EUR"
	case strings.Contains(t, "£"):
		return "GBP"
	}
	if a, ok := parseAmount(t, 0); ok && a.currency != "" {
		if a.currency == "kr" {
			return kr
		}
		return a.currency
	}
	return ""
}

func nearAmount(x *extraction, ln *line, j int) bool {
	for _, k := range []int{j - 1, j + 1} {
		if k >= 0 && k < len(ln.words) {
			if _, ok := parseAmount(ln.words[k].text, x.hint); ok {
				return true
			}
		}
	}
	return false
}
