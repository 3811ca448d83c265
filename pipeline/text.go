package pipeline

import (
	"sort"
	"strings"
)

// Lines groups a page's words into visual lines: words whose vertical
// centres fall within half a line height of each other, left to right.
// Readers emit words in reading order; Lines only restores the line breaks.
func (p Page) Lines() [][]Word {
	if len(p.Words) == 0 {
		return nil
	}
	words := append([]Word(nil), p.Words...)
	sort.SliceStable(words, func(i, j int) bool { return words[i].Box.Y0 < words[j].Box.Y0 })
	var lines [][]Word
	var cur []Word
	var curMid, curH float64
	for _, w := range words {
		mid := (w.Box.Y0 + w.Box.Y1) / 2
		h := w.Box.Y1 - w.Box.Y0
		if len(cur) > 0 && abs(mid-curMid) > max(curH, h)/2 {
			lines = append(lines, cur)
			cur = nil
		}
		if len(cur) == 0 {
			curMid, curH = mid, h
		}
		cur = append(cur, w)
	}
	lines = append(lines, cur)
	for _, l := range lines {
		sort.SliceStable(l, func(i, j int) bool { return l[i].Box.X0 < l[j].Box.X0 })
	}
	return lines
}

// Text returns the page's text, one visual line per line.
func (p Page) Text() string {
	var b strings.Builder
	for _, l := range p.Lines() {
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
