package pipeline

import (
	"slices"
	"sort"
	"strings"
)

// Lines groups a page's words into visual lines: words whose vertical
// centres fall within half a line height of a line's first word, left to
// right. A first word taken from a heading or a box beside two lines of
// smaller type ("Tax invoice" beside "140 Bridge Street" and "1017 CT
// Amsterdam") would run both into one, word by word; a word of another
// size is measured against the line's first word of its own size
// instead, when there is one. Readers emit words in reading order; Lines
// only restores the line breaks.
func (p Page) Lines() [][]Word {
	if len(p.Words) == 0 {
		return nil
	}
	words := append([]Word(nil), p.Words...)
	sort.SliceStable(words, func(i, j int) bool { return words[i].Box.Y0 < words[j].Box.Y0 })
	var lines [][]Word
	var cur []Word
	for _, w := range words {
		if len(cur) > 0 {
			ref := cur[0].Box
			if !ofASize(ref, w.Box) {
				if k := slices.IndexFunc(cur, func(o Word) bool { return ofASize(o.Box, w.Box) }); k >= 0 {
					ref = cur[k].Box
				}
			}
			if abs(w.Box.Y0+w.Box.Y1-ref.Y0-ref.Y1)/2 > max(ref.Y1-ref.Y0, w.Box.Y1-w.Box.Y0)/2 {
				lines = append(lines, cur)
				cur = nil
			}
		}
		cur = append(cur, w)
	}
	lines = append(lines, cur)
	for _, l := range lines {
		sort.SliceStable(l, func(i, j int) bool { return l[i].Box.X0 < l[j].Box.X0 })
	}
	return lines
}

// Text returns the page's text, one visual line per line, and then the
// text of its stamps.
func (p Page) Text() string {
	var b strings.Builder
	for _, l := range append(p.Lines(), Page{Words: p.Stamps}.Lines()...) {
		for i, w := range l {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w.Text)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Text returns the document's text in reading order, pages separated by a
// form feed as pdftotext does.
func (d *Document) Text() string {
	var b strings.Builder
	for i, p := range d.Pages {
		if i > 0 {
			b.WriteByte('\f')
		}
		b.WriteString(p.Text())
	}
	return b.String()
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// Rows groups words into the rows of text an extractor reads across:
// taken top to bottom (by vertical centre), a word joins the current row
// when its box overlaps, by at least half the smaller height, the row's
// first word or the row's word horizontally nearest to it that is of a
// size with it. The first word keeps a tall word from stretching a row
// over several; the nearest word lets a row follow a photographed line
// that slants, whose far end no longer overlaps its first word. Rows come
// in the order they were started, their words in the order taken.
func Rows[T any](items []T, box func(T) Box) [][]T {
	order := make([]int, len(items))
	boxes := make([]Box, len(items))
	for i, it := range items {
		order[i], boxes[i] = i, box(it)
	}
	sort.SliceStable(order, func(a, b int) bool {
		return boxes[order[a]].Y0+boxes[order[a]].Y1 < boxes[order[b]].Y0+boxes[order[b]].Y1
	})
	var rows [][]int
	for _, i := range order {
		if n := len(rows); n > 0 {
			row := rows[n-1]
			if SameRow(boxes[row[0]], boxes[i]) || SameRow(nearestOfSize(boxes, row, boxes[i]), boxes[i]) {
				rows[n-1] = append(row, i)
				continue
			}
		}
		rows = append(rows, []int{i})
	}
	out := make([][]T, len(rows))
	for r, row := range rows {
		for _, i := range row {
			out[r] = append(out[r], items[i])
		}
	}
	return out
}

// SameRow reports whether w overlaps l vertically by at least half the
// smaller height: tolerant of mixed font sizes, strict enough to keep
// consecutive rows apart.
func SameRow(l, w Box) bool {
	ov := min(l.Y1, w.Y1) - max(l.Y0, w.Y0)
	return ov >= 0.5*min(l.Y1-l.Y0, w.Y1-w.Y0)
}

// nearestOfSize is the box of row horizontally nearest to w of a size
// with it (a logo's letter or a heading says nothing of where a line of
// body text runs), or an empty box.
func nearestOfSize(boxes []Box, row []int, w Box) Box {
	var best Box
	bd := -1.0
	for _, j := range row {
		o := boxes[j]
		if !ofASize(o, w) {
			continue
		}
		if d := max(o.X0-w.X1, w.X0-o.X1, 0); bd < 0 || d < bd {
			best, bd = o, d
		}
	}
	return best
}

// ofASize reports boxes whose heights are within half again of each
// other.
func ofASize(a, b Box) bool {
	ha, hb := a.Y1-a.Y0, b.Y1-b.Y0
	return ha <= 1.5*hb && hb <= 1.5*ha
}
