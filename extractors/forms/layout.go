package forms

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"intake/pipeline"
	"intake/pipeline/fuzzy"
)

// word is one printed word with its folded forms, the unit labels and
// values are matched on.
type word struct {
	text  string
	key   string   // compact(text): letters and digits, folded
	fused string   // ocrFold(key): letter pairs OCR reads as one letter, as that letter
	parts []string // folded letter/digit runs ("forælder/værge" → forælder, værge)
	box   pipeline.Box
	conf  float64 // OCR confidence, 1 for native text
	seg   int     // index of the cell (segment) of its line
}

func (w word) height() float64 { return w.box.Y1 - w.box.Y0 }

// line is a row of words that overlap vertically, left to right.
type line struct {
	page  int
	index int
	words []word
	box   pipeline.Box
}

func (l *line) height() float64 {
	hs := make([]float64, 0, len(l.words))
	for _, w := range l.words {
		hs = append(hs, w.height())
	}
	sort.Float64s(hs)
	if len(hs) == 0 {
		return 10
	}
	return max(hs[len(hs)/2], 1)
}

// cellGap is the gap, in line heights, that separates two cells of a row:
// form boxes side by side, or a receipt's label column and value column.
// Spaces between words of one cell are about a quarter of that.
const cellGap = 1.2

// glueGap is the largest gap, relative to the word height, still read as
// inside a word (producers that place glyph runs one by one). Italic
// handwriting fonts leave barely more between words, so it is small.
const glueGap = 0.08

// buildLines groups the words of pages into lines in reading order.
func buildLines(pages []pipeline.Page) []*line {
	var out []*line
	for _, p := range pages {
		for _, ln := range groupLines(p) {
			ln.index = len(out)
			out = append(out, ln)
		}
	}
	return out
}

func groupLines(p pipeline.Page) []*line {
	ws := make([]word, 0, len(p.Words))
	for _, w := range p.Words {
		t := strings.TrimSpace(w.Text)
		if t == "" || w.Box.Y1 <= w.Box.Y0 || w.Box.X1 < w.Box.X0 {
			continue
		}
		if h, wd := w.Box.Y1-w.Box.Y0, w.Box.X1-w.Box.X0; h > 2*wd && utf8.RuneCountInString(t) >= 3 {
			continue // vertical text in a margin
		}
		c := w.Conf
		if c <= 0 || c > 1 {
			c = 1
		}
		ws = append(ws, word{text: t, box: w.Box, conf: c})
	}
	// Specks a scan read as punctuation would set a line's band to their
	// own sliver and split the line they sit in.
	hs := make([]float64, len(ws))
	for i, w := range ws {
		hs[i] = w.height()
	}
	sort.Float64s(hs)
	kept := ws[:0]
	for _, w := range ws {
		if len(hs) > 0 && w.height() < 0.4*hs[len(hs)/2] && isPunctOnly(w.text) && !strings.ContainsAny(w.text, ",.-") {
			continue
		}
		kept = append(kept, w)
	}
	ws = kept
	var lines []*line
	for _, row := range pipeline.Rows(ws, func(w word) pipeline.Box { return w.box }) {
		lines = append(lines, &line{page: p.Number, words: row, box: boxOf(row)})
	}
	for _, ln := range lines {
		sort.SliceStable(ln.words, func(i, j int) bool { return ln.words[i].box.X0 < ln.words[j].box.X0 })
		ln.words = splitColons(glue(ln.words))
		h := ln.height()
		seg := 0
		for i := range ln.words {
			w := &ln.words[i]
			if i > 0 && w.box.X0-ln.words[i-1].box.X1 > cellGap*h {
				seg++
			}
			w.seg = seg
			w.key = compact(w.text)
			w.fused = ocrFold(w.key)
			w.parts = strings.FieldsFunc(fold(w.text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		}
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].box.Y0 < lines[j].box.Y0 })
	return lines
}

func glue(ws []word) []word {
	out := ws[:0:0]
	for _, w := range ws {
		if n := len(out); n > 0 {
			p := out[n-1]
			h := min(p.height(), w.height())
			gap := w.box.X0 - p.box.X1
			if gap < glueGap*h && gap > -0.5*h {
				p.text += w.text
				p.box = union(p.box, w.box)
				p.conf = min(p.conf, w.conf)
				out[n-1] = p
				continue
			}
		}
		out = append(out, w)
	}
	return out
}

// splitColons splits "Navn:Jens" into "Navn:" and "Jens"; times (08:16)
// and URIs stay whole.
func splitColons(ws []word) []word {
	out := make([]word, 0, len(ws))
	for _, w := range ws {
		i := strings.IndexByte(w.text, ':')
		if i <= 0 || i >= len(w.text)-1 {
			out = append(out, w)
			continue
		}
		lr, _ := utf8.DecodeLastRuneInString(w.text[:i])
		rr, _ := utf8.DecodeRuneInString(w.text[i+1:])
		if !unicode.IsLetter(lr) && lr != '.' || rr == '/' {
			out = append(out, w)
			continue
		}
		left, right := w.text[:i+1], w.text[i+1:]
		cut := w.box.X0 + (w.box.X1-w.box.X0)*float64(utf8.RuneCountInString(left))/float64(utf8.RuneCountInString(w.text))
		a, b := w, w
		a.text, a.box.X1 = left, cut
		b.text, b.box.X0 = right, cut
		out = append(out, a, b)
	}
	return out
}

func union(a, b pipeline.Box) pipeline.Box {
	return pipeline.Box{X0: min(a.X0, b.X0), Y0: min(a.Y0, b.Y0), X1: max(a.X1, b.X1), Y1: max(a.Y1, b.Y1)}
}

func boxOf(ws []word) pipeline.Box {
	b := ws[0].box
	for _, w := range ws[1:] {
		b = union(b, w.box)
	}
	return b
}

func joinWords(ws []word) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.text
	}
	return strings.Join(parts, " ")
}

// confOf is the lowest OCR confidence among ws: a value is as sure as its
// least legible word.
func confOf(ws []word) float64 {
	c := 1.0
	for _, w := range ws {
		c = min(c, w.conf)
	}
	return c
}

// fold is fuzzy.Fold: one folding for every extractor.
var fold = fuzzy.Fold

// compact folds s and keeps letters and digits: "CPR-nr.:" → "cprnr".
func compact(s string) string {
	var b strings.Builder
	for _, r := range fold(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
