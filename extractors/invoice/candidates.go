package invoice

import (
	"math"
	"strings"

	"intake/pipeline"
)

// cand is one possible value of a field with the evidence behind it.
type cand struct {
	field string
	value string // normalised
	raw   string
	page  int
	box   pipeline.Box
	score float64 // label strength × format validity × position × context
	valid float64 // the parser's format validity, for the ranker
	cents int64   // for amounts
	line  *line
	label *labelMatch // nil for values found without a label
}

func (c cand) toField() pipeline.Field {
	b := c.box
	return pipeline.Field{Value: c.value, Raw: c.raw, Confidence: round3(clamp01(c.score)), Page: c.page, Box: &b}
}

// parsed is what a value parser makes of a run of words.
type parsed struct {
	value    string
	validity float64
	cents    int64
}

// parseFunc reads a value from the first n words of ws, trying the longest
// runs first; it returns how many words it used, or 0.
type parseFunc func(ws []word) (parsed, int)

// Where a value sits relative to its label, and what that says.
const (
	posRight     = 1.0  // on the label's line, to its right
	posRightFar  = 0.9  // to the right across half the page
	posWrapped   = 0.9  // at the start of the next line, text wrapped
	posBelow     = 0.8  // in the label's column on the next line
	posBelowStep = 0.08 // lost per further line down
	maxBelow     = 3    // lines looked at below a label
)

// valuesFor finds the values a label introduces: on its line to the right
// up to the next label, or else below it in its column (a table header or
// a label above its value). rightmost picks the last value on the line,
// as totals rows print the amount at the right edge ("MwSt 19 % 37,62").
func (x *extraction) valuesFor(m *labelMatch, field string, strength float64, parse parseFunc, rightmost bool) []cand {
	ln := m.line
	stop := len(ln.words)
	for _, o := range x.labels[ln.index] {
		if o.start >= m.end && o.blocks() && !o.idPart(field) {
			stop = o.start
			break
		}
	}
	var right []cand
	for j := m.end; j < stop; j++ {
		if pctFollows(ln.words, j) {
			continue
		}
		p, n := parse(ln.words[j:stop])
		if n == 0 {
			continue
		}
		if o := labelAt(x.labels[ln.index], j); o != nil && o.end >= j+n {
			// A party word alone ("Personreference | Sælger": a header
			// row whose values are below) is another label, not a value.
			continue
		}
		ws := ln.words[j : j+n]
		pos := posRight
		if ws[0].box.X0-m.box.X1 > 0.5*x.pageWidth(ln.page) {
			pos = posRightFar
		}
		right = append(right, x.mk(field, p, ws, ln, m, strength*p.validity*pos))
		if !rightmost {
			break
		}
		j += n - 1
	}
	if len(right) > 0 {
		if rightmost {
			c := right[len(right)-1]
			if len(right) > 1 {
				c.score *= 0.9 // several amounts: less sure which is meant
			}
			return []cand{c}
		}
		return right[:1]
	}
	if m.end == len(ln.words) && m.start > 0 && segmentOf(ln, m.start).start == 0 {
		if c, ok := x.wrapped(m, field, strength, parse); ok {
			return []cand{c}
		}
	}
	// More words in its cell means running text, not a column header,
	// unless the next word starts another label: header cells set close
	// together ("Invoice number Date Payment due").
	if segmentOf(ln, m.end-1).end != m.end && stop != m.end {
		return nil
	}
	return x.below(m, field, strength, parse)
}

// wrapped reads a value that running text carried over to the start of
// the next line ("Rechnung Nr. 4711 vom" / "05.03.2018"). Only a label
// ending a line of prose qualifies, not the last cell of a header row.
func (x *extraction) wrapped(m *labelMatch, field string, strength float64, parse parseFunc) (cand, bool) {
	ln := m.line
	if ln.index+1 >= len(x.lay.lines) {
		return cand{}, false
	}
	nl := x.lay.lines[ln.index+1]
	lh := ln.height()
	if nl.page != ln.page || nl.box.Y0-ln.box.Y1 > lh || math.Abs(nl.words[0].box.X0-ln.words[0].box.X0) > 2*lh {
		return cand{}, false
	}
	for _, o := range x.labels[nl.index] {
		if o.start == 0 && o.blocks() {
			return cand{}, false
		}
	}
	p, n := parse(nl.words)
	if n == 0 {
		return cand{}, false
	}
	return x.mk(field, p, nl.words[:n], nl, m, strength*p.validity*posWrapped), true
}

// below looks for a value under a label, in the label's column.
func (x *extraction) below(m *labelMatch, field string, strength float64, parse parseFunc) []cand {
	ln := m.line
	lh := max(ln.height(), 1)
	band0, band1 := m.box.X0-max(12, 0.5*(m.box.X1-m.box.X0)), m.box.X1+max(12, 0.5*(m.box.X1-m.box.X0))
	for k, step := ln.index+1, 0; k < len(x.lay.lines) && step < maxBelow; k++ {
		nl := x.lay.lines[k]
		if nl.page != ln.page || nl.box.Y0-m.box.Y1 > (float64(step)+2.2)*lh*1.6 {
			break
		}
		step++
		// The words of nl in the label's column.
		var in []int
		for i, w := range nl.words {
			if w.box.X1 > band0 && w.box.X0 < band1 {
				in = append(in, i)
			}
		}
		if len(in) == 0 {
			continue
		}
		labels := x.labels[nl.index]
		if o := labelAt(labels, in[0]); o != nil && o.blocks() && math.Abs(o.box.X0-m.box.X0) < 2*lh {
			return nil // a label under this one: a list of labels, not a column
		}
		for _, j := range in {
			if labelAt(labels, j) != nil {
				continue
			}
			end := len(nl.words)
			for _, o := range labels {
				if o.start > j && o.blocks() {
					end = o.start
					break
				}
			}
			p, n := parse(nl.words[j:end])
			if n == 0 {
				continue
			}
			ws := nl.words[j : j+n]
			pos := posBelow - posBelowStep*float64(step-1)
			return []cand{x.mk(field, p, ws, nl, m, strength*p.validity*pos)}
		}
	}
	return nil
}

// mk makes a candidate; the OCR confidence of its words scales the score,
// so a value read from a smudged scan is never as sure as printed text.
func (x *extraction) mk(field string, p parsed, ws []word, ln *line, m *labelMatch, score float64) cand {
	return cand{field: field, value: p.value, raw: joinWords(ws), page: ln.page, box: boxOf(ws), score: score * confOf(ws), valid: p.validity, cents: p.cents, line: ln, label: m}
}

// idPart reports whether a label word may be part of an identifier that
// is the value of a field: the "NO" and "MVA" of "NO 923 609 016 MVA",
// or a weak title word off the title line.
func (m *labelMatch) idPart(field string) bool {
	titledOnly := true
	for _, h := range m.hits {
		titledOnly = titledOnly && h.titled
	}
	if titledOnly && !m.titleLine {
		return true
	}
	return field == fSupplierID && (m.key == "mva" || m.key == "mwst" || m.key == "tva")
}

// labelAt returns the label holding word j, nil if none does.
func labelAt(ms []*labelMatch, j int) *labelMatch {
	for _, m := range ms {
		if j >= m.start && j < m.end {
			return m
		}
	}
	return nil
}

// pctFollows reports whether the number at ws[j] is a percentage ("19 %").
func pctFollows(ws []word, j int) bool {
	if strings.HasSuffix(ws[j].text, "%") {
		return true
	}
	return j+1 < len(ws) && strings.HasPrefix(ws[j+1].text, "%")
}

// runs tries parse on the first n..1 words of ws (n ≤ limit) joined by
// spaces, stopping at a gap wider than maxGap line heights, and returns
// the longest that parses.
func runs(ws []word, limit int, maxGap float64, parse func(s string) (parsed, bool)) (parsed, int) {
	n := 1
	for n < len(ws) && n < limit {
		gap := ws[n].box.X0 - ws[n-1].box.X1
		if gap > maxGap*max(ws[n].height(), ws[n-1].height()) {
			break
		}
		n++
	}
	for k := n; k >= 1; k-- {
		if p, ok := parse(joinWords(ws[:k])); ok {
			return p, k
		}
	}
	return parsed{}, 0
}

func clamp01(v float64) float64 { return max(0, min(1, v)) }

func round3(v float64) float64 { return float64(int(v*1000+0.5)) / 1000 }
