package invoice

import (
	"slices"
	"strings"
	"unicode/utf8"

	"intake/pipeline"
)

// labelHit is one meaning of a matched label phrase.
type labelHit struct {
	target   string
	strength float64
	titled   bool
}

// labelMatch is a label found on a line: words [start, end) of the line.
type labelMatch struct {
	line       *line
	start, end int
	key        string // compact form of the matched phrase
	hits       []labelHit
	box        pipeline.Box
	// titleLine is set when a title word ("Rechnung", "Invoice") opens the
	// line before the label with no foreign label in between.
	titleLine bool
}

func (m *labelMatch) has(target string) (labelHit, bool) {
	if m == nil {
		return labelHit{}, false
	}
	for _, h := range m.hits {
		if h.target == target {
			return h, true
		}
	}
	return labelHit{}, false
}

// matcher finds labels of labelTable in lines.
type matcher struct {
	byKey map[string][]labelHit
	// near holds the long keys under each of their one-letter deletions,
	// for OCR's one-letter slips ("Fakturanummier").
	near     map[string][]string
	maxWords int
}

func newMatcher(table []labelSet) *matcher {
	m := &matcher{byKey: make(map[string][]labelHit)}
	for _, set := range table {
		for _, p := range set.phrases {
			k := compact(p)
			if k == "" {
				continue
			}
			dup := false
			for _, h := range m.byKey[k] {
				if h.target == set.target {
					dup = true
				}
			}
			if !dup {
				m.byKey[k] = append(m.byKey[k], labelHit{target: set.target, strength: set.strength, titled: set.titled})
			}
			m.maxWords = max(m.maxWords, len(strings.Fields(p)))
		}
	}
	m.near = make(map[string][]string)
	for k := range m.byKey {
		if len(k) < minFuzzyKey {
			continue
		}
		for _, d := range deletions(k) {
			if !slices.Contains(m.near[d], k) {
				m.near[d] = append(m.near[d], k)
			}
		}
	}
	return m
}

// minFuzzyKey is the shortest label (compact, in bytes) matched with one
// letter wrong: in shorter ones a letter changes the word ("Moms",
// "Mons").
const minFuzzyKey = 9

// maxFuzzyKey bounds the work: a run of words longer than any label is
// not compared letter by letter.
const maxFuzzyKey = 40

// deletions are k with one letter left out.
func deletions(k string) []string {
	out := make([]string, 0, len(k))
	for i, r := range k {
		out = append(out, k[:i]+k[i+utf8.RuneLen(r):])
	}
	return out
}

// lookup returns the label key acc stands for: itself, or on OCR text the
// one long key a letter away (one letter more, less or different).
// Two such keys are a guess between labels, and neither is taken.
func (m *matcher) lookup(acc string, ocr bool) (string, bool) {
	if _, ok := m.byKey[acc]; ok {
		return acc, true
	}
	// A digit is a value's, not a slip in a label: "Subtotal 3 450,00"
	// must not read as the label "Subtotal3" before "450,00".
	if !ocr || len(acc) < minFuzzyKey-1 || len(acc) > maxFuzzyKey || strings.ContainsAny(acc, "0123456789") {
		return "", false
	}
	found := ""
	add := func(k string) bool {
		if found != "" && found != k {
			return false
		}
		found = k
		return true
	}
	for _, k := range m.near[acc] { // a letter missing
		if !add(k) {
			return "", false
		}
	}
	for _, d := range deletions(acc) {
		if _, ok := m.byKey[d]; ok && len(d) >= minFuzzyKey { // a letter too many
			if !add(d) {
				return "", false
			}
		}
		for _, k := range m.near[d] { // a letter different
			if !add(k) {
				return "", false
			}
		}
	}
	return found, found != ""
}

// numberWords may follow any label ("Bestellung Nr.", "Order No.") and are
// absorbed into it so they are never read as its value.
var numberWords = map[string]bool{"nr": true, "no": true, "nummer": true, "number": true, "n": true, "num": true, "nro": true}

func endsInNumberWord(key string) bool {
	for w := range numberWords {
		if len(w) > 1 && strings.HasSuffix(key, w) {
			return true
		}
	}
	return numberWords[key]
}

// find returns the labels of a line, left to right, longest first at each
// word: "Gesamtbetrag der Zuschläge" wins over "Gesamtbetrag". A phrase may
// run over more words than it has ("Br uttosumme") because the comparison
// is on the compact form.
func (m *matcher) find(ln *line) []*labelMatch {
	var out []*labelMatch
	ws := ln.words
	for i := 0; i < len(ws); {
		if ws[i].key == "" {
			i++
			continue
		}
		best, bestKey := -1, ""
		acc := ""
		ocr := false
		for j := i; j < len(ws) && j < i+m.maxWords+3; j++ {
			acc += ws[j].key
			ocr = ocr || ws[j].conf < 1
			if len(acc) > 64 {
				break
			}
			if ws[j].key == "" {
				continue
			}
			if k, ok := m.lookup(acc, ocr); ok {
				best, bestKey = j, k
			}
		}
		if best < 0 {
			i++
			continue
		}
		end := best + 1
		for end < len(ws) && (ws[end].key == "" && len(ws[end].text) <= 2 || numberWords[ws[end].key] && !endsInNumberWord(bestKey)) {
			end++
		}
		lm := &labelMatch{line: ln, start: i, end: end, key: bestKey, hits: m.byKey[bestKey], box: boxOf(ws[i:end])}
		out = append(out, lm)
		i = end
	}
	markTitles(ln, out)
	return out
}

// markTitles sets titleLine on labels preceded by a title word among the
// line's first words, with only invoice-number or issue-date labels in
// between: in "Rechnung Nr. 4711 vom 05.03.2018" both "Nr." and "vom"
// qualify; in "Rechnung gemäß Bestellung Nr. 12 vom 01.03.2018" the order
// label breaks the chain, so "vom" dates the order, not the invoice.
func markTitles(ln *line, ms []*labelMatch) {
	title := -1
	for i := 0; i < len(ln.words) && i < 5; i++ {
		if titleAt(ln.words, i) > 0 {
			title = i
			break
		}
	}
	if title < 0 {
		return
	}
	for _, m := range ms {
		if m.end <= title {
			continue
		}
		if m.start < title && m.end > title {
			continue // the title word is inside this label ("Rechnung Nr")
		}
		if !m.titleOnlyMeaning() {
			if m.start > title {
				return
			}
			continue
		}
		m.titleLine = true
	}
}

// titleOnlyMeaning reports whether every meaning of the label concerns the
// title line (its number or date), so it does not end the title chain.
func (m *labelMatch) titleOnlyMeaning() bool {
	for _, h := range m.hits {
		if h.target != fInvoiceNumber && h.target != fIssueDate {
			return false
		}
	}
	return true
}

// blocks reports whether the label ends the value of a label before it.
// Party words inside a value ("Lieferant GmbH", "Kunden AG") do not,
// unless they head a block themselves.
func (m *labelMatch) blocks() bool {
	if _, ok := m.partyKind(); !ok {
		return true
	}
	for _, h := range m.hits {
		if _, party := partyTargets[h.target]; !party {
			return true
		}
	}
	return isHeading(m)
}

var partyTargets = map[string]bool{tSeller: true, tBuyer: true, tPayee: true}

// titleAt reports how many words at ws[i] name the document (1 for
// "Faktura" or "Handelsrechnung", 2 for "Credit Note"), 0 if they do not.
func titleAt(ws []word, i int) int {
	if i+1 < len(ws) && titleNouns[ws[i].key+ws[i+1].key] {
		return 2
	}
	if isTitleWord(ws[i].key) {
		return 1
	}
	return 0
}

func isTitleWord(key string) bool {
	if titleNouns[key] {
		return true
	}
	for _, t := range titleSuffixes {
		if strings.HasSuffix(key, t) {
			return true
		}
	}
	return false
}
