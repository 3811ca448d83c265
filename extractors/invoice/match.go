package invoice

import (
	"strings"

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
	byKey    map[string][]labelHit
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
	return m
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
		for j := i; j < len(ws) && j < i+m.maxWords+3; j++ {
			acc += ws[j].key
			if len(acc) > 64 {
				break
			}
			if ws[j].key == "" {
				continue
			}
			if _, ok := m.byKey[acc]; ok {
				best, bestKey = j, acc
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
