package forms

import (
	"math"
	"sort"
	"strings"

	"intake/pipeline"
)

// cand is one possible value of a field with the evidence behind it.
type cand struct {
	field string
	value string
	raw   string
	page  int
	box   pipeline.Box
	score float64 // label strength × role × format validity × position × OCR confidence
}

// run is a stretch of words that may hold a label's value, and what its
// place says about it.
type run struct {
	ln  *line
	ws  []word
	pos float64
}

// Where a value sits relative to its label.
const (
	posRight    = 1.0  // on the label's line, in its cell
	posNextCell = 0.95 // in the next cell of the line (a receipt's value column)
	posBelow    = 0.9  // under the label in its column (a box form)
	posStep     = 0.1  // lost per further line down
	maxBelow    = 3
)

// extraction holds one document's lines and labels while it is read.
type extraction struct {
	lines   []*line
	labels  [][]*label
	widths  map[int]float64
	heights map[int]float64
	cands   []cand
	// costLines are the rows of a claim's costs, by part, for checking
	// each amount against the rate printed beside it.
	costLines map[string]string
	// read is true when a page was read by OCR: a value may be misread.
	read bool
}

func newExtraction(pages []pipeline.Page) *extraction {
	x := &extraction{lines: buildLines(pages), widths: map[int]float64{}, heights: map[int]float64{}, costLines: map[string]string{}}
	for _, p := range pages {
		x.widths[p.Number], x.heights[p.Number] = p.Width, p.Height
		x.read = x.read || p.Source == pipeline.SourceOCR
	}
	x.labels = labelled(x.lines)
	return x
}

// labelAt returns the label holding word j of line i, nil if none does.
func (x *extraction) labelAt(i, j int) *label {
	for _, l := range x.labels[i] {
		if j >= l.start && j < l.end {
			return l
		}
	}
	return nil
}

// moneyConcept: amounts sit at the right edge of their row, past rates
// and hours, often across a wide gap.
func moneyConcept(c concept) bool {
	return c == cAmount || c == cGross || c == cKarens || c == cHoliday || c == cSocial
}

// right is the rest of the label's cell, or the next cell when the label
// is alone in its own (a receipt: "Skole      Roseskolen"), or with
// wholeLine the rest of the line; it ends at the next label of another
// concept.
func (x *extraction) right(l *label, wholeLine bool) (run, bool) {
	ln := l.ln
	if l.end >= len(ln.words) {
		return run{}, false
	}
	pos := posRight
	seg := ln.words[l.end].seg
	if seg != ln.words[l.end-1].seg {
		if l.start > 0 && ln.words[l.start-1].seg == ln.words[l.end-1].seg {
			return run{}, false // the label ends a cell of prose: its value is not across the gap
		}
		pos = posNextCell
	}
	var ws []word
	// A receipt's value column may hold a stray mark first: read on.
	wholeLine = wholeLine || pos == posNextCell
	for j := l.end; j < len(ln.words) && (wholeLine || ln.words[j].seg == seg); j++ {
		if o := x.labelAt(ln.index, j); o != nil && o.concept != l.concept && blocks(o) {
			break
		}
		ws = append(ws, ln.words[j])
	}
	for len(ws) > 0 && isPunctOnly(ws[0].text) {
		ws = ws[1:] // a leader of dots or a box edge: "Navn: ........ Jens"
	}
	if len(ws) == 0 {
		return run{}, false
	}
	return run{ln: ln, ws: ws, pos: pos}, true
}

// blocks reports whether a label ends the value of another: every label
// does except a role word standing in for a name (a relation printed as a
// value, "forælder").
func blocks(o *label) bool {
	return !(o.ownRole && o.end-o.start == 1 && o.concept == cName && o.implied == cName)
}

// band is the column under a label: from its left edge to the next cell
// or label on its line.
func (x *extraction) band(l *label) (float64, float64) {
	ln := l.ln
	h := ln.height()
	x1 := x.widths[ln.page]
	if x1 == 0 {
		x1 = math.Inf(1)
	}
	for j := l.end; j < len(ln.words); j++ {
		if x.labelAt(ln.index, j) != nil {
			x1 = ln.words[j].box.X0 - 0.3*h
			break
		}
	}
	// The column starts with the label's cell, which may begin with a
	// word a scan garbled ("Smk från och med").
	x0 := l.box.X0
	for j := l.start - 1; j >= 0 && ln.words[j].seg == ln.words[l.start].seg && x.labelAt(ln.index, j) == nil; j-- {
		x0 = ln.words[j].box.X0
	}
	return x0 - 1.2*h, x1
}

// below returns up to max lines of words under the label in its column;
// it stops at a line whose first word there is another label.
func (x *extraction) below(l *label, max int) []run {
	ln := l.ln
	h := ln.height()
	x0, x1 := x.band(l)
	var out []run
	last := ln.box.Y1
	for k, step := ln.index+1, 0; k < len(x.lines) && step < maxBelow && len(out) < max; k++ {
		nl := x.lines[k]
		if nl.page != ln.page || nl.box.Y0-last > 2.8*math.Max(h, nl.height()) {
			break
		}
		var ws []word
		first := -1
		for j, w := range nl.words {
			if w.box.X0 >= x0 && w.box.X0 < x1 {
				if first < 0 {
					first = j
				} else if j != first+len(ws) {
					break // not contiguous
				}
				ws = append(ws, w)
			}
		}
		if len(ws) == 0 || len(ws) == 1 && len(ws[0].key) <= 1 && !hasDigit(ws[0].text) {
			continue // a speck a scan read as a letter ("i")
		}
		step++
		last = nl.box.Y1
		// Another label first: a list of labels, not a column; the same
		// label again only when a value follows it ("Årskurs 6").
		if o := x.labelAt(nl.index, first); o != nil && o.start == first && blocks(o) && (o.concept != l.concept || o.end >= first+len(ws)) {
			break
		}
		// a label further along the run ends it
		for j := range ws {
			if o := x.labelAt(nl.index, first+j); j > 0 && o != nil && o.concept != l.concept && o.start == first+j && blocks(o) {
				ws = ws[:j]
				break
			}
		}
		if o := x.labelAt(nl.index, first); o != nil && o.start == first && blocks(o) && o.end >= first+len(ws) {
			break // nothing but the label itself
		}
		for len(ws) > 1 && isPunctOnly(ws[0].text) {
			ws = ws[1:] // a box's edge read as "|"
		}
		out = append(out, run{ln: nl, ws: ws, pos: posBelow - posStep*float64(step-1)})
	}
	return out
}

// values runs parse over a label's candidate runs: its right, and the
// lines below when the label opens its cell and its right is empty or
// holds nothing convincing. A label inside prose may have its value
// carried over to the start of the next line.
func (x *extraction) values(l *label, parse parser) []hit {
	var out []hit
	prose := !l.startsCell()
	// Prose runs on across gaps a scan opened between words.
	r, ok := x.right(l, moneyConcept(l.concept) || prose)
	if prose {
		if proseless(l.concept) {
			return nil // "Afstanden til skolen er for lang": a word, not a label
		}
		if (!ok || r.ws[len(r.ws)-1].box.X1 >= l.ln.box.X1) && !freeText(l.concept) {
			if next, ok2 := x.wrapped(l); ok2 {
				if ok {
					next.ws = append(append([]word(nil), r.ws...), next.ws...)
				}
				r, ok = next, true
			}
		}
		if ok {
			if p, ok := parse(r.ws); ok {
				out = append(out, hit{p, r})
			}
		}
		return out
	}
	if ok {
		if p, ok := parse(r.ws); ok {
			out = append(out, hit{p, r})
			if p.validity >= 0.9 {
				return out
			}
		} else if moneyConcept(l.concept) {
			return out // an amount row whose amount is illegible: the row below is another's
		}
	}
	// The first line below that parses: a scan may leave a speck first.
	for _, r := range x.below(l, 2) {
		if p, ok := parse(r.ws); ok {
			out = append(out, hit{p, r})
			break
		}
	}
	if l.concept == cAddress {
		for i, h := range out {
			if h.p.validity >= 1 {
				continue
			}
			// "Rosehaven 28, st.," / "5000 Holmbæk C": a value column wraps.
			if r2, ok := x.continued(h.r); ok {
				if p, ok := parse(r2.ws); ok && p.validity > h.p.validity {
					out[i] = hit{p, r2}
				}
			}
		}
	}
	if len(out) == 0 && (l.role == rSign || l.concept == cSignDate || l.concept == cSigner) {
		// Paper forms print "Dato" and "Underskrift" under the line that
		// is written on.
		if r, ok := x.above(l); ok {
			if p, ok := parse(r.ws); ok {
				out = append(out, hit{p, r})
			}
		}
	}
	return out
}

// continued appends the next line's words that start in the run's
// column, when no label starts there.
func (x *extraction) continued(r run) (run, bool) {
	ln := r.ln
	if ln.index+1 >= len(x.lines) {
		return run{}, false
	}
	nl := x.lines[ln.index+1]
	h := ln.height()
	if nl.page != ln.page || nl.box.Y0-ln.box.Y1 > h {
		return run{}, false
	}
	x0 := r.ws[0].box.X0
	for j, w := range nl.words {
		if math.Abs(w.box.X0-x0) > 1.5*h {
			continue
		}
		if x.labelAt(nl.index, j) != nil {
			return run{}, false
		}
		k := j
		for k < len(nl.words) && x.labelAt(nl.index, k) == nil && nl.words[k].seg == w.seg {
			k++
		}
		ws := append(append([]word(nil), r.ws...), nl.words[j:k]...)
		return run{ln: ln, ws: ws, pos: r.pos * 0.95}, true
	}
	return run{}, false
}

// above returns the words over a label in its column, across a ruled
// line of underscores, when no label sits there.
func (x *extraction) above(l *label) (run, bool) {
	ln := l.ln
	x0, x1 := x.band(l)
	next := ln.box.Y0
	for k := ln.index - 1; k >= 0 && k >= ln.index-3; k-- {
		pl := x.lines[k]
		if pl.page != ln.page || next-pl.box.Y1 > 2.8*max(ln.height(), pl.height()) {
			break
		}
		next = pl.box.Y0
		var ws []word
		first := -1
		for j, w := range pl.words {
			if w.box.X0 >= x0 && w.box.X0 < x1 && !isPunctOnly(w.text) {
				if first < 0 {
					first = j
				}
				ws = append(ws, w)
			}
		}
		if len(ws) == 0 {
			continue // the ruled line itself
		}
		if x.labelAt(pl.index, first) != nil {
			return run{}, false
		}
		return run{ln: pl, ws: ws, pos: 0.75}, true
	}
	return run{}, false
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// freeText concepts accept any words, so a title ending in "skole" must
// not lend them the next line.
func freeText(c concept) bool {
	return c == cSchool || c == cAddress || c == cReason || c == cExplain || c == cName || c == cSigner
}

// proseless concepts are never read from running text: their values
// have no format that would tell them from the sentence around them.
func proseless(c concept) bool {
	return c == cSchool || c == cAddress || c == cReason || c == cExplain || c == cGrade
}

type hit struct {
	p parsed
	r run
}

// wrapped is the start of the line after a prose label's line, when it
// continues the same paragraph.
func (x *extraction) wrapped(l *label) (run, bool) {
	ln := l.ln
	if ln.index+1 >= len(x.lines) {
		return run{}, false
	}
	nl := x.lines[ln.index+1]
	h := ln.height()
	if nl.page != ln.page || nl.box.Y0-ln.box.Y1 > h || nl.words[0].box.X0-ln.words[0].box.X0 > 2*h {
		return run{}, false
	}
	n := 0
	for n < len(nl.words) && n < 4 && nl.words[n].seg == 0 {
		n++
	}
	return run{ln: nl, ws: nl.words[:n], pos: 0.9}, true
}

// add records a candidate from a parse of run r.
func (x *extraction) add(field string, p parsed, r run, score float64) {
	ws := r.ws[p.start : p.start+p.n]
	v := p.value
	x.cands = append(x.cands, cand{field: field, value: v, raw: joinWords(ws), page: r.ln.page, box: boxOf(ws),
		score: score * p.validity * r.pos * confOf(ws) * (1 - 0.05*float64(p.start))})
}

// choose picks each field's best value. Confidence is the best score,
// lowered when another value scored close to it and raised a little when
// several places agree.
func choose(cands []cand) map[string]pipeline.Field {
	byField := map[string][]cand{}
	for _, c := range cands {
		byField[c.field] = append(byField[c.field], c)
	}
	out := map[string]pipeline.Field{}
	for f, cs := range byField {
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].score > cs[j].score })
		best := cs[0]
		if best.score <= 0 {
			continue
		}
		agree, rival := 0, 0.0
		for _, c := range cs[1:] {
			if c.value == best.value {
				agree++
			} else if c.score > rival {
				rival = c.score
			}
		}
		conf := best.score * (1 - 0.5*rival/best.score)
		conf = math.Min(1, conf+0.05*float64(min(agree, 2)))
		// The score multiplies several factors below one, which understates
		// how often such a value is right; on the synthetic corpora the
		// square root matches accuracy per decile within a few points.
		conf = math.Sqrt(conf)
		b := best.box
		out[f] = pipeline.Field{Value: best.value, Raw: best.raw, Confidence: round3(conf), Page: best.page, Box: &b}
	}
	return out
}

func round3(v float64) float64 { return math.Round(math.Max(0, math.Min(1, v))*1000) / 1000 }

// eachLabel calls fn with every label and its strength, a little lower
// when a label that needs a role takes it from its section, not itself.
func (x *extraction) eachLabel(fn func(l *label, s float64)) {
	for _, ls := range x.labels {
		for _, l := range ls {
			s := l.strength
			if !l.ownRole && roleMatters(l.concept) {
				s *= 0.9
			}
			fn(l, s)
		}
	}
}
