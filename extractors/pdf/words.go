package pdf

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"intake/pipeline"
)

// char is one character of a page, in content order, with its box in
// display space (pipeline.Box: points, top-left origin, y down).
type char struct {
	r   rune
	box pipeline.Box
}

// pageGeometry maps pdfium's user-space coordinates (origin bottom-left,
// y up, before /Rotate) to the page as displayed.
type pageGeometry struct {
	left, bottom, right, top float64 // pdfium's page box: CropBox within MediaBox
	rotate                   int     // quarter turns clockwise, 0..3
}

// size is the displayed width and height.
func (g pageGeometry) size() (w, h float64) {
	w, h = g.right-g.left, g.top-g.bottom
	if g.rotate%2 == 1 {
		w, h = h, w
	}
	return w, h
}

// point maps a user-space point to display space. It follows pdfium's
// CPDF_Page page matrix, then flips y.
func (g pageGeometry) point(x, y float64) (float64, float64) {
	_, h := g.size()
	var dx, dy float64 // rotated, origin bottom-left, y up
	switch g.rotate {
	case 1:
		dx, dy = y-g.bottom, g.right-x
	case 2:
		dx, dy = g.right-x, g.top-y
	case 3:
		dx, dy = g.top-y, x-g.left
	default:
		dx, dy = x-g.left, y-g.bottom
	}
	return dx, h - dy
}

// box maps a user-space rectangle to display space.
func (g pageGeometry) box(left, bottom, right, top float64) pipeline.Box {
	x0, y0 := g.point(left, bottom)
	x1, y1 := g.point(right, top)
	return pipeline.Box{X0: math.Min(x0, x1), Y0: math.Min(y0, y1), X1: math.Max(x0, x1), Y1: math.Max(y0, y1)}
}

// gapFactor is the gap between two characters, relative to the smaller
// character's height, above which they belong to different words. A loose
// box is about 1.15 em high, so this is about 0.3 em, a little more than
// most fonts' word space and well over kerning and letter spacing. pdfium
// inserts its own spaces for most gaps; this catches the rest.
const gapFactor = 0.25

// Text directions on the displayed page: where a line of text runs.
const (
	dirRight = iota // upright text
	dirDown         // turned a quarter clockwise
	dirLeft         // upside down
	dirUp           // turned a quarter counter-clockwise
)

// groupWords splits a page's characters, in content order, into words:
// white space separates words, and so does a gap or a jump to another
// place on the page. It also returns the direction most of the text runs
// in, for readingOrder.
func groupWords(chars []char) ([]pipeline.Word, int) {
	var (
		words       []pipeline.Word
		text        strings.Builder
		cur         pipeline.Box
		first, last pipeline.Box // first and last character with a real box
		open        bool
		votes       [4]int
	)
	flush := func() {
		if open && text.Len() > 0 {
			words = append(words, pipeline.Word{Text: cleanWord(text.String()), Box: cur, Conf: 1})
			if d, ok := direction(first, last); ok {
				votes[d] += utf8.RuneCountInString(text.String())
			}
		}
		text.Reset()
		open = false
	}
	for _, c := range chars {
		if isBreak(c.r) {
			flush()
			continue
		}
		empty := c.box.X1 <= c.box.X0 && c.box.Y1 <= c.box.Y0
		if open && !empty && separated(last, c.box) {
			flush()
		}
		if !open {
			if empty {
				// A combining mark or an unmapped glyph with no place of its
				// own cannot start a word.
				continue
			}
			cur, first, open = c.box, c.box, true
		} else if !empty {
			cur = union(cur, c.box)
		}
		if !empty {
			last = c.box
		}
		text.WriteRune(mapRune(c.r))
	}
	flush()
	dir := dirRight
	for d, v := range votes {
		if v > votes[dir] {
			dir = d
		}
	}
	return words, dir
}

// direction tells where a word runs from the centres of its first and
// last characters; a single character tells nothing.
func direction(first, last pipeline.Box) (int, bool) {
	dx := (last.X0 + last.X1 - first.X0 - first.X1) / 2
	dy := (last.Y0 + last.Y1 - first.Y0 - first.Y1) / 2
	switch {
	case dx == 0 && dy == 0:
		return 0, false
	case math.Abs(dx) >= math.Abs(dy) && dx > 0:
		return dirRight, true
	case math.Abs(dx) >= math.Abs(dy):
		return dirLeft, true
	case dy > 0:
		return dirDown, true
	}
	return dirUp, true
}

// upright turns a display box so that text running in dir runs right:
// reading order is then the same problem for every direction.
func upright(b pipeline.Box, dir int) pipeline.Box {
	switch dir {
	case dirDown:
		return pipeline.Box{X0: b.Y0, Y0: -b.X1, X1: b.Y1, Y1: -b.X0}
	case dirLeft:
		return pipeline.Box{X0: -b.X1, Y0: -b.Y1, X1: -b.X0, Y1: -b.Y0}
	case dirUp:
		return pipeline.Box{X0: -b.Y1, Y0: b.X0, X1: -b.Y0, Y1: b.X1}
	}
	return b
}

// isBreak reports characters that end a word: white space (including the
// spaces and line ends pdfium generates), zero-width spaces, and control
// characters other than pdfium's hyphen marker.
func isBreak(r rune) bool {
	return unicode.IsSpace(r) || r == 0 || (unicode.IsControl(r) && r != 2) || r == 0xFEFF || r == 0x200B
}

// mapRune turns pdfium's end-of-line hyphen marker (U+0002) and the soft
// hyphen into a hyphen.
func mapRune(r rune) rune {
	if r == 2 || r == 0xAD {
		return '-'
	}
	return r
}

// ligatures are expanded so that "ﬁnal" matches "final".
var ligatures = strings.NewReplacer("ﬀ", "ff", "ﬁ", "fi", "ﬂ", "fl", "ﬃ", "ffi", "ﬄ", "ffl", "ﬅ", "st", "ﬆ", "st")

// cleanWord expands ligatures and composes combining marks (a + U+030A is
// å), which some PDF producers write as two glyphs.
func cleanWord(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			s = ligatures.Replace(s)
			if !norm.NFC.IsNormalString(s) {
				s = norm.NFC.String(s)
			}
			return s
		}
	}
	return s
}

// separated reports whether b, following a in content order, starts a new
// word. Characters on one horizontal line are separated by a gap wider
// than gapFactor heights; characters in one vertical column (turned text)
// likewise by a vertical gap; characters that share neither are on
// different lines.
func separated(a, b pipeline.Box) bool {
	ha, hb := a.Y1-a.Y0, b.Y1-b.Y0
	wa, wb := a.X1-a.X0, b.X1-b.X0
	if overlap(a.Y0, a.Y1, b.Y0, b.Y1) >= 0.5*math.Min(ha, hb) {
		// Either way: upside-down text runs right to left.
		return math.Max(b.X0-a.X1, a.X0-b.X1) > gapFactor*math.Min(ha, hb)
	}
	if overlap(a.X0, a.X1, b.X0, b.X1) >= 0.5*math.Min(wa, wb) {
		w := math.Min(wa, wb)
		return math.Max(b.Y0-a.Y1, a.Y0-b.Y1) > gapFactor*w
	}
	return true
}

func overlap(a0, a1, b0, b1 float64) float64 {
	return math.Min(a1, b1) - math.Max(a0, b0)
}

func union(a, b pipeline.Box) pipeline.Box {
	return pipeline.Box{X0: math.Min(a.X0, b.X0), Y0: math.Min(a.Y0, b.Y0), X1: math.Max(a.X1, b.X1), Y1: math.Max(a.Y1, b.Y1)}
}

// clip keeps the words that are visible on a w×h page, their boxes cut
// to it: text outside the crop box is not shown, so it is not read.
func clip(words []pipeline.Word, w, h float64) []pipeline.Word {
	out := words[:0]
	for _, wd := range words {
		b := wd.Box
		if b.X1 <= 0 || b.Y1 <= 0 || b.X0 >= w || b.Y0 >= h {
			continue
		}
		wd.Box = pipeline.Box{X0: math.Max(b.X0, 0), Y0: math.Max(b.Y0, 0), X1: math.Min(b.X1, w), Y1: math.Min(b.Y1, h)}
		out = append(out, wd)
	}
	return out
}

// readingOrder sorts words into lines, top to bottom, and each line left
// to right, as seen by a reader who turns the page so that text running
// in dir is upright. A word joins a line when each one's vertical centre
// lies within the other's height. Testing both ways keeps a tall heading
// from swallowing the two small lines beside it, and words of different
// sizes on one baseline together.
func readingOrder(words []pipeline.Word, dir int) []pipeline.Word {
	if len(words) < 2 {
		return words
	}
	boxes := make([]pipeline.Box, len(words))
	idx := make([]int, len(words))
	for i := range idx {
		idx[i] = i
		boxes[i] = upright(words[i].Box, dir)
	}
	cy := func(b pipeline.Box) float64 { return (b.Y0 + b.Y1) / 2 }
	slices.SortStableFunc(idx, func(i, j int) int {
		return cmpFloat(cy(boxes[i]), cy(boxes[j]))
	})
	type line struct {
		ref   pipeline.Box // the first word's box: a fixed band that cannot drift
		words []int
	}
	var lines []line
	var maxH float64
	for _, i := range idx {
		b := boxes[i]
		c := cy(b)
		maxH = math.Max(maxH, b.Y1-b.Y0)
		best, bestD := -1, math.Inf(1)
		// Lines are in order of centre; none further up than the tallest
		// word can still contain this word's centre.
		for k := len(lines) - 1; k >= 0; k-- {
			r := lines[k].ref
			lc := cy(r)
			if lc < c-maxH {
				break
			}
			if c >= r.Y0 && c <= r.Y1 && lc >= b.Y0 && lc <= b.Y1 {
				if d := math.Abs(lc - c); d < bestD {
					best, bestD = k, d
				}
			}
		}
		if best < 0 {
			lines = append(lines, line{ref: b, words: []int{i}})
			continue
		}
		lines[best].words = append(lines[best].words, i)
	}
	slices.SortStableFunc(lines, func(a, b line) int { return cmpFloat(cy(a.ref), cy(b.ref)) })
	out := make([]pipeline.Word, 0, len(words))
	for _, l := range lines {
		slices.SortStableFunc(l.words, func(i, j int) int { return cmpFloat(boxes[i].X0, boxes[j].X0) })
		for _, i := range l.words {
			out = append(out, words[i])
		}
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
