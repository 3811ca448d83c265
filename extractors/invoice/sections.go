package invoice

import (
	"slices"

	"intake/pipeline"
)

// section is a block of party data under a heading such as "Verkäufer",
// "Bill to" or "Køber": the heading's column from the heading down to a
// wide vertical gap or the next heading.
type section struct {
	kind   string // tSeller, tBuyer or tPayee
	header *labelMatch
	page   int
	x0, x1 float64
	y0, y1 float64
	lines  []*line // lines with words in the section, after the heading
}

func (s *section) contains(page int, b pipeline.Box) bool {
	cx, cy := (b.X0+b.X1)/2, (b.Y0+b.Y1)/2
	return page == s.page && cx >= s.x0 && cx < s.x1 && cy >= s.y0 && cy <= s.y1
}

// isHeading reports whether a seller/buyer label heads a block: it opens
// its segment of the line and is followed by nothing, by a colon, or by a
// name on the same line ("Verkäufer: Lieferant GmbH"). In running text
// ("Der Verkäufer bleibt Eigentümer") it is not a heading.
func isHeading(m *labelMatch) bool {
	ln := m.line
	seg := segmentOf(ln, m.start)
	if seg.start != m.start {
		return false
	}
	if m.end >= seg.end {
		return true
	}
	last := ln.words[m.end-1].text
	return last[len(last)-1] == ':' || ln.words[m.end].text == ":"
}

type span struct{ start, end int }

// segmentOf returns the word range of the segment (see segments) of ln
// that holds word i.
func segmentOf(ln *line, i int) span {
	s, e := i, i+1
	for s > 0 && ln.words[s].box.X0-ln.words[s-1].box.X1 <= segGap*max(ln.words[s].height(), ln.words[s-1].height()) {
		s--
	}
	for e < len(ln.words) && ln.words[e].box.X0-ln.words[e-1].box.X1 <= segGap*max(ln.words[e].height(), ln.words[e-1].height()) {
		e++
	}
	return span{s, e}
}

// segGap is the gap, in line heights, that separates table cells or
// columns on one line.
const segGap = 2.5

func (x *extraction) findSections() {
	var heads []*labelMatch
	for _, ms := range x.labels {
		for _, m := range ms {
			if _, ok := m.partyKind(); ok && isHeading(m) {
				heads = append(heads, m)
			}
		}
	}
	for _, h := range heads {
		kind, _ := h.partyKind()
		s := &section{kind: kind, header: h, page: h.line.page, y0: h.box.Y0, y1: h.box.Y1}
		s.x0 = h.box.X0 - 6
		s.x1 = x.pageWidth(h.line.page) + 1
		// A heading beside this one on the same row closes its column.
		for _, o := range heads {
			if o != h && o.line.page == h.line.page && o.box.X0 > h.box.X1 && o.box.X0-6 < s.x1 &&
				o.box.Y0 < h.box.Y1+2*h.line.height() && o.box.Y1 > h.box.Y0-2*h.line.height() {
				s.x1 = o.box.X0 - 6
			}
		}
		lh := max(h.line.height(), x.lay.height)
		lastY := h.box.Y1
		if hasWordsIn(h.line, h.end, s.x0, s.x1) {
			s.lines = append(s.lines, h.line)
		}
	scan:
		for k := h.line.index + 1; k < len(x.lay.lines); k++ {
			ln := x.lay.lines[k]
			if ln.page != s.page {
				break
			}
			if !hasWordsIn(ln, 0, s.x0, s.x1) {
				continue
			}
			if ln.box.Y0-lastY > 2.6*lh {
				break
			}
			for _, o := range heads {
				if o.line == ln && o.box.X0 >= s.x0-6 && o.box.X0 < s.x1 {
					break scan
				}
			}
			s.lines = append(s.lines, ln)
			lastY = ln.box.Y1
		}
		s.y1 = lastY
		s.x1 = min(s.x1, x.columnCut(h, s))
		x.sections = append(x.sections, s)
	}
}

// columnCut finds where a block's column ends on a page without a heading
// beside it: at the first cell to the right that opens with a label of its
// own ("Kunde: … | Rechnungsnummer: 4711"). A cell without a label is the
// value of the label to its left, as in a two-column list under the
// heading ("Name: | Lieferant GmbH"), and stays in.
func (x *extraction) columnCut(h *labelMatch, s *section) float64 {
	cut := s.x1
	for _, ln := range append([]*line{h.line}, s.lines...) {
		for _, seg := range segments(ln.words, segGap) {
			x0 := seg[0].box.X0
			if x0 <= h.box.X1 || x0 >= cut {
				continue
			}
			idx := slices.IndexFunc(ln.words, func(w word) bool { return w.box == seg[0].box })
			if o := labelAt(x.labels[ln.index], idx); o != nil && o.start == idx && o.blocks() {
				cut = x0 - 6
			}
		}
	}
	return cut
}

// partyKind tells whether the label heads a seller, buyer or payee block.
func (m *labelMatch) partyKind() (string, bool) {
	for _, h := range m.hits {
		switch h.target {
		case tSeller, tBuyer, tPayee:
			return h.target, true
		}
	}
	return "", false
}

func hasWordsIn(ln *line, from int, x0, x1 float64) bool {
	for _, w := range ln.words[from:] {
		if c := (w.box.X0 + w.box.X1) / 2; c >= x0 && c < x1 {
			return true
		}
	}
	return false
}

// partyAt returns the kind of the nearest section holding the box, "" when
// none does.
func (x *extraction) partyAt(page int, b pipeline.Box) string {
	var best *section
	for _, s := range x.sections {
		if s.contains(page, b) && (best == nil || s.y0 > best.y0) {
			best = s
		}
	}
	if best == nil {
		return ""
	}
	return best.kind
}
