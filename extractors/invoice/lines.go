package invoice

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"intake/pipeline"
)

// word is one printed word with its compact form, the unit labels and
// values are matched on.
type word struct {
	text string
	key  string // compact(text)
	box  pipeline.Box
	conf float64 // OCR confidence, 1 for native text
	over bool    // a stamp lies over it (pipeline.Word.Overprinted)
}

func (w word) height() float64 { return w.box.Y1 - w.box.Y0 }

// line is a row of words that overlap vertically, left to right. On a
// two-column page a line spans both columns; label matching stops at the
// next label, so a left-column label never takes a right-column value
// that has its own label.
type line struct {
	page  int // 1-based
	index int // position in layout.lines
	words []word
	box   pipeline.Box
}

func (l *line) text() string { return joinWords(l.words) }

// height is the line's typical word height, a proxy for font size.
func (l *line) height() float64 {
	hs := make([]float64, 0, len(l.words))
	for _, w := range l.words {
		hs = append(hs, w.height())
	}
	return median(hs)
}

// layout is a document's lines in reading order with page geometry.
type layout struct {
	lines  []*line
	pages  map[int]pipeline.Page
	last   int     // number of the last page read
	height float64 // median word height over the document
}

// buildLayout groups the words of pages into lines. Words a producer split
// by kerning are glued back and "Label:value" tokens are split, so later
// steps see one word per printed word.
func buildLayout(pages []pipeline.Page) *layout {
	lay := &layout{pages: make(map[int]pipeline.Page)}
	var hs []float64
	for _, p := range pages {
		lay.pages[p.Number] = p
		if p.Number > lay.last {
			lay.last = p.Number
		}
		for _, ln := range groupLines(p) {
			ln.index = len(lay.lines)
			lay.lines = append(lay.lines, ln)
			for _, w := range ln.words {
				hs = append(hs, w.height())
			}
		}
	}
	lay.height = median(hs)
	if lay.height <= 0 {
		lay.height = 10
	}
	return lay
}

func groupLines(p pipeline.Page) []*line {
	ws := make([]word, 0, len(p.Words))
	for _, w := range p.Words {
		t := strings.TrimSpace(w.Text)
		if t == "" || w.Box.Y1 <= w.Box.Y0 || w.Box.X1 < w.Box.X0 {
			continue
		}
		if h, wd := w.Box.Y1-w.Box.Y0, w.Box.X1-w.Box.X0; h > 2*wd && utf8.RuneCountInString(t) >= 3 {
			continue // vertical text (a margin note): no line to join
		}
		if p.Source == pipeline.SourceOCR && strings.Trim(t, "|") == "" {
			// A table's rule read as a word: it would join the cells on
			// either side into one ("Personreference | Sælger").
			continue
		}
		c := w.Conf
		if c <= 0 || c > 1 {
			c = 1 // not given: treat as read exactly
		}
		ws = append(ws, word{text: t, box: w.Box, conf: c, over: w.Overprinted})
	}
	var lines []*line
	for _, row := range pipeline.Rows(ws, func(w word) pipeline.Box { return w.box }) {
		lines = append(lines, &line{page: p.Number, words: row, box: boxOf(row)})
	}
	for _, ln := range lines {
		sort.SliceStable(ln.words, func(i, j int) bool { return ln.words[i].box.X0 < ln.words[j].box.X0 })
		ln.words = splitColons(glue(ln.words))
		for i := range ln.words {
			ln.words[i].key = compact(ln.words[i].text)
		}
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].box.Y0 < lines[j].box.Y0 })
	return lines
}

// glueGap is the largest gap, relative to the word height, that is still
// read as inside a word. A space is about 0.25–0.3 em; producers that
// position glyph runs one by one leave gaps around 0.1 em inside words.
const glueGap = 0.16

func glue(ws []word) []word {
	out := ws[:0:0]
	for _, w := range ws {
		if n := len(out); n > 0 {
			p := out[n-1]
			h := min(p.height(), w.height())
			gap := w.box.X0 - p.box.X1
			if gap < glueGap*h && gap > -0.5*h && pipeline.SameRow(p.box, w.box) && !abbreviationThenNumber(p.text, w.text) {
				p.text += w.text
				p.box = union(p.box, w.box)
				p.conf = min(p.conf, w.conf)
				p.over = p.over || w.over
				out[n-1] = p
				continue
			}
		}
		out = append(out, w)
	}
	return out
}

// abbreviationThenNumber tells a word ending in a letter and a period
// ("B.V.", "Nr.") from a number after it ("F-2025-8694", "12345"). A
// period is narrow, so a name that runs into the next cell, or a label
// set tight against its value, leaves less than a space; they are still
// two words. A number's own period ("12.05.") follows a digit.
func abbreviationThenNumber(prev, next string) bool {
	r, n := utf8.DecodeLastRuneInString(prev)
	if r != '.' {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(prev[:len(prev)-n])
	return unicode.IsLetter(before) && strings.ContainsFunc(next, unicode.IsDigit)
}

// splitColons splits "Nr.:12345" into "Nr.:" and "12345", giving each part
// a share of the box proportional to its length. Times (12:30) and URIs
// (https://, urn:...) are left alone.
func splitColons(ws []word) []word {
	out := make([]word, 0, len(ws))
	for _, w := range ws {
		i := strings.IndexByte(w.text, ':')
		if i <= 0 || i >= len(w.text)-1 {
			out = append(out, w)
			continue
		}
		left, right := w.text[:i+1], w.text[i+1:]
		lr, _ := utf8.DecodeLastRuneInString(w.text[:i])
		rr, _ := utf8.DecodeRuneInString(right)
		if !unicode.IsLetter(lr) && lr != '.' || rr == '/' || unicode.IsDigit(lr) {
			out = append(out, w)
			continue
		}
		switch strings.ToLower(w.text[:i]) {
		case "http", "https", "urn", "mailto", "ftp", "tel":
			out = append(out, w)
			continue
		}
		n := utf8.RuneCountInString(w.text)
		cut := w.box.X0 + (w.box.X1-w.box.X0)*float64(utf8.RuneCountInString(left))/float64(n)
		a, b := w, w
		a.text, a.box.X1 = left, cut
		b.text, b.box.X0 = right, cut
		out = append(out, a)
		out = append(out, splitColons([]word{b})...)
	}
	return out
}

// segments cuts a line where the gap between words is wider than gap
// times the line height: the cells of a table row, or the two columns of
// a letterhead.
func segments(ws []word, gap float64) [][]word {
	var out [][]word
	start := 0
	for i := 1; i <= len(ws); i++ {
		if i == len(ws) || ws[i].box.X0-ws[i-1].box.X1 > gap*max(ws[i].height(), ws[i-1].height()) {
			out = append(out, ws[start:i])
			start = i
		}
	}
	return out
}

func joinWords(ws []word) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.text
	}
	return strings.Join(parts, " ")
}

// confOf is the lowest OCR confidence among ws: a value is as sure as
// its least legible character run.
func confOf(ws []word) float64 {
	c := 1.0
	for _, w := range ws {
		c = min(c, w.conf)
	}
	return c
}

func boxOf(ws []word) pipeline.Box {
	b := ws[0].box
	for _, w := range ws[1:] {
		b = union(b, w.box)
	}
	return b
}

func union(a, b pipeline.Box) pipeline.Box {
	return pipeline.Box{X0: min(a.X0, b.X0), Y0: min(a.Y0, b.Y0), X1: max(a.X1, b.X1), Y1: max(a.Y1, b.Y1)}
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
