package invoice

import (
	"regexp"
	"sort"
	"strings"

	"intake/pipeline"
	"intake/pipeline/normalize"
)

// extraction is the state of reading one document's fields.
type extraction struct {
	lay      *layout
	labels   [][]*labelMatch // per line index
	lang     string
	hint     rune // the document's decimal separator, 0 if unknown
	sections []*section
	cands    map[string][]cand
	buyerIDs map[string]bool // identifiers labelled as the buyer's
	amounts  []cand          // every two-decimal amount, for arithmetic checks
	// pool holds, per field, the candidates the resolvers chose from after
	// their own adjustments: what the ranker re-scores.
	pool  map[string][]cand
	dates []cand // every date printed, found on first use
	// docType is the classified type, "" when unknown (a ranker feature:
	// a reminder's numbers and dates mean other things than an invoice's).
	docType string
}

var defaultMatcher = newMatcher(labelTable)

// extract reads the fields of an invoice, credit note or reminder from its
// pages. lang is the document language ("da", "de", ...; "" if unknown).
func extract(pages []pipeline.Page, lang string) map[string]pipeline.Field {
	return newExtraction(pages, lang).resolve()
}

// newExtraction lays out the pages, finds the labels and the party blocks
// and collects every field's candidates.
func newExtraction(pages []pipeline.Page, lang string) *extraction {
	x := &extraction{
		lay:      buildLayout(pages),
		lang:     lang,
		cands:    make(map[string][]cand),
		buyerIDs: make(map[string]bool),
		pool:     make(map[string][]cand),
	}
	x.labels = make([][]*labelMatch, len(x.lay.lines))
	for i, ln := range x.lay.lines {
		x.labels[i] = defaultMatcher.find(ln)
	}
	x.continueTitles()
	x.hint = x.decimalHint()
	x.findSections()
	x.collectAmounts()
	x.labelled()
	x.titleNumbers()
	x.scanned()
	return x
}

// resolve decides each field from its candidates.
func (x *extraction) resolve() map[string]pipeline.Field {
	out := make(map[string]pipeline.Field)
	x.resolveTotals(out)
	x.resolveSupplier(out)
	x.resolveSimple(out)
	x.resolveBankAccount(out)
	x.resolveCurrency(out)
	return out
}

// continueTitles extends a title line onto the next line when the title
// wrapped: "Gutschrift (Selbst ausgestellte Rechnung) Nr. 47110818" /
// "vom 31.10.2018".
func (x *extraction) continueTitles() {
	for i := 1; i < len(x.lay.lines); i++ {
		ln, prev := x.lay.lines[i], x.lay.lines[i-1]
		ms := x.labels[i]
		if len(ms) == 0 || ms[0].start != 0 || !ms[0].titleOnlyMeaning() {
			continue
		}
		if prev.page != ln.page || ln.box.Y0-prev.box.Y1 > prev.height() {
			continue
		}
		titled := false
		for _, m := range x.labels[i-1] {
			titled = titled || m.titleLine
		}
		if !titled {
			continue
		}
		for _, m := range ms {
			if !m.titleOnlyMeaning() {
				break
			}
			m.titleLine = true
		}
	}
}

// offer records the candidates a resolver chose field from.
func (x *extraction) offer(field string, cs ...cand) {
	for _, c := range cs {
		c.field = field
		x.pool[field] = append(x.pool[field], c)
	}
}

func (x *extraction) add(cs []cand) {
	for _, c := range cs {
		if c.score > 0 && c.value != "" {
			x.cands[c.field] = append(x.cands[c.field], c)
		}
	}
}

// labelled collects the candidates that labels introduce.
func (x *extraction) labelled() {
	for _, ms := range x.labels {
		for _, m := range ms {
			opens := opensSegment(m)
			for _, h := range m.hits {
				s := h.strength
				if h.titled {
					// A bare "Nummer" heading its cell outside any party
					// block may number the document; inside one it numbers
					// the party ("Verkäufer / Nummer: 549910").
					bare := opens && (m.key == "nummer" || m.key == "number") && x.partyAt(m.line.page, m.box) == ""
					if !m.titleLine && !bare {
						continue
					}
					if !m.titleLine {
						s = 0.4 // "Nummer INV-036765" in a credit note's header block
					}
				} else if !opens {
					s *= 0.85 // a label inside a sentence or a table row is weaker
				}
				x.labelCandidates(m, h.target, s, opens)
			}
		}
	}
}

func (x *extraction) labelCandidates(m *labelMatch, target string, s float64, opens bool) {
	switch target {
	case fInvoiceNumber:
		x.add(x.valuesFor(m, target, s, x.parseDocNumber, false))
	case fIssueDate, fDueDate:
		x.add(x.valuesFor(m, target, s, x.parseDate, false))
	case fNet, fVAT, fTotal, fDue:
		if !opens {
			s *= 0.7 // a line-item row ("19 % VAT (S) 198,00"), not a total
		}
		x.add(x.valuesFor(m, target, s, x.parseAmount, true))
	case fBuyerReference:
		x.add(x.valuesFor(m, target, s, x.parseText, false))
	case fOrderReference:
		x.add(x.valuesFor(m, target, s, x.parseDocNumber, false))
	case fIBAN:
		x.add(x.valuesFor(m, target, s, x.parseIBAN, false))
	case fBankgiro:
		x.add(x.valuesFor(m, target, s, parseGiro(7, 8), false))
	case fPlusgiro:
		x.add(x.valuesFor(m, target, s, parseGiro(2, 8), false))
	case fPaymentReference:
		x.add(x.valuesFor(m, target, s, x.parsePaymentRef, false))
	case fBuyerGLN:
		x.add(x.valuesFor(m, target, s, parseGLN, false))
	case fSupplierID:
		x.add(x.valuesFor(m, target, s, parseTaxID, false))
	case fCurrency:
		x.add(x.valuesFor(m, target, s, parseCurrencyCode, false))
	case tName:
		x.add(x.valuesFor(m, target, s, x.parseText, false))
	case tRegNo:
		x.add(x.valuesFor(m, target, s, parseDigits(4, 4), false))
		x.add(x.valuesFor(m, fBankAccount, 0.9*s, parseRegAccount, false))
	case tAccountNo:
		x.add(x.valuesFor(m, target, s, parseDigits(4, 14), false))
		x.add(x.valuesFor(m, fBankAccount, 0.9*s, parseRegAccount, false))
	case tBuyerID:
		for _, c := range x.valuesFor(m, fSupplierID, s, parseTaxID, false) {
			x.buyerIDs[c.value] = true
		}
		for _, c := range x.valuesFor(m, target, s, x.parseDocNumber, false) {
			x.buyerIDs[idChars(c.value)] = true
		}
		for _, c := range x.valuesFor(m, target, s, x.parseIBAN, false) {
			x.buyerIDs[c.value] = true
		}
	}
}

// fillers may stand before a label that still heads its cell: "zzgl. 19 %
// MwSt.", "heraf moms", "+ VAT 20%".
var fillers = map[string]bool{
	"zzgl": true, "inkl": true, "incl": true, "plus": true, "heraf": true, "davon": true, "varav": true,
	"hvorav": true, "dont": true, "waarvan": true, "excl": true, "exkl": true, "ekskl": true, "eks": true,
	"ex": true, "add": true, "less": true, "abzgl": true, "enthaltene": true, "enthalten": true, "der": true,
	"die": true, "the": true, "la": true, "le": true, "de": true,
}

// opensSegment reports whether a label heads its cell of the line, with
// only fillers and percentages before it.
func opensSegment(m *labelMatch) bool {
	seg := segmentOf(m.line, m.start)
	for i := seg.start; i < m.start; i++ {
		w := m.line.words[i]
		if w.key == "" || fillers[w.key] || strings.HasSuffix(w.text, "%") || allDigits(strings.TrimSuffix(strings.ReplaceAll(w.text, ",", ""), "%")) {
			continue
		}
		return false
	}
	return true
}

// titleNumbers proposes the number printed right after a title noun in the
// upper part of the first page.
func (x *extraction) titleNumbers() {
	for _, ln := range x.lay.lines {
		if ln.page != 1 || ln.box.Y0 > 0.4*x.pageHeight(1) {
			continue
		}
		for i := 0; i+1 < len(ln.words) && i < 3; i++ {
			n := titleAt(ln.words, i)
			if n == 0 {
				continue
			}
			i += n - 1
			if i+1 >= len(ln.words) || labelAt(x.labels[ln.index], i+1) != nil {
				break
			}
			if t := ln.words[i+1].text; strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
				break // a type code ("Mietrechnung (387) Nr. ..."), not the number
			}
			if p, n := x.parseDocNumber(ln.words[i+1:]); n > 0 {
				x.add([]cand{x.mk(fInvoiceNumber, p, ln.words[i+1:i+1+n], ln, nil, 0.6*p.validity)})
			}
			break
		}
	}
}

// parseDigits reads a number of minLen to maxLen digits, possibly printed
// in groups.
func parseDigits(minLen, maxLen int) parseFunc {
	return func(ws []word) (parsed, int) {
		s, n := digitRun(ws, 4)
		d := normalize.Digits(s)
		if n == 0 || len(d) < minLen || len(d) > maxLen {
			return parsed{}, 0
		}
		return parsed{value: d, validity: 1}, n
	}
}

var twoDecimals = regexp.MustCompile(`\d[.,]\d{2}\b`)

// decimalHint finds the document's decimal separator from amounts whose
// form is unambiguous ("12,50", "1.234,50"), falling back on the language.
func (x *extraction) decimalHint() rune {
	comma, dot := 0, 0
	for _, ln := range x.lay.lines {
		for _, w := range ln.words {
			t := w.text
			if !twoDecimals.MatchString(t) {
				continue
			}
			if a, ok := parseAmount(t, 0); ok && a.decimal == ',' {
				comma++
			} else if ok && a.decimal == '.' {
				dot++
			}
		}
	}
	switch {
	case comma > dot:
		return ','
	case dot > comma:
		return '.'
	case x.lang == "en":
		return '.'
	case x.lang != "":
		return ','
	}
	return 0
}

// collectAmounts indexes every amount printed with two decimals, so that
// a missing net or VAT amount can be found by arithmetic.
func (x *extraction) collectAmounts() {
	for _, ln := range x.lay.lines {
		for j := 0; j < len(ln.words); j++ {
			p, n := x.parseAmount(ln.words[j:])
			if n == 0 || p.validity < 1 {
				continue
			}
			ws := ln.words[j : j+n]
			x.amounts = append(x.amounts, cand{value: p.value, raw: joinWords(ws), page: ln.page, box: boxOf(ws), cents: p.cents, line: ln, score: 1})
			j += n - 1
		}
	}
}

// relPos is how far down the document a line is, 0 at the top of the first
// page and 1 at the bottom of the last.
func (x *extraction) relPos(ln *line) float64 {
	n := max(x.lay.last, 1)
	h := x.pageHeight(ln.page)
	return (float64(ln.page-1) + ln.box.Y0/h) / float64(n)
}

func (x *extraction) pageWidth(n int) float64 {
	if p, ok := x.lay.pages[n]; ok && p.Width > 0 {
		return p.Width
	}
	return 595
}

func (x *extraction) pageHeight(n int) float64 {
	if p, ok := x.lay.pages[n]; ok && p.Height > 0 {
		return p.Height
	}
	return 842
}

// merge folds candidates of equal value into one: the best keeps its
// evidence and gains some confidence from each agreeing one, so a number
// printed in the header and again in the footer is surer than one seen
// once, without two weak guesses adding up to certainty.
func merge(cs []cand) []cand {
	byVal := make(map[string]int)
	var out []cand
	for _, c := range cs {
		i, ok := byVal[c.value]
		if !ok {
			byVal[c.value] = len(out)
			out = append(out, c)
			continue
		}
		hi, lo := out[i], c
		if lo.score > hi.score {
			hi, lo = lo, hi
		}
		if lo.page == hi.page && overlaps(lo.box, hi.box) {
			out[i] = hi // the same print found twice is one piece of evidence
			continue
		}
		hi.score += (1 - hi.score) * 0.3 * lo.score
		out[i] = hi
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

func overlaps(a, b pipeline.Box) bool {
	return a.X0 < b.X1 && b.X0 < a.X1 && a.Y0 < b.Y1 && b.Y0 < a.Y1
}
