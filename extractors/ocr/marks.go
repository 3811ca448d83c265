package ocr

import (
	"image"
	"math"
	"slices"
	"strings"
	"unicode"
)

// markable are the letters whose marks are checked on the page, and
// what each becomes under a ring or under two dots (0: not made).
// Tesseract drops a ring or dots it sees faintly ("Vestera" for
// "Vesterå", "ar" for "är") and reads two faint dots close together as
// a ring ("mjukstångande"), confident each time; the word lists cannot
// tell "år" from "är". The ink over the letter can. Only marks are
// added or told apart: a letter is never stripped of one.
var markable = map[rune][2]rune{
	'a': {'å', 'ä'},
	'å': {0, 'ä'},
	'o': {0, 'ö'},
	'A': {'Å', 'Ä'},
	'Å': {0, 'Ä'},
	'O': {0, 'Ö'},
}

// marks rewrites the markable letters of text, read in box r of l.img,
// by the marks above them. The word's ink is cut into blobs; those
// wholly above its letters are marks (an i's dot, a ring, two dots),
// and each is put over the letter whose place in the word is nearest,
// by the letters' usual widths: Tesseract gives no box per letter, and
// letters that touch ("st") make blobs no guide to which letter is
// where. A word with signs whose marks could stand above the letters
// (quotes, a colon) is left as read. known tells ä from ö where the
// lists know one spelling only; nil leaves the letter Tesseract read.
func (l layout) marks(text string, r image.Rectangle, known func(string) bool) string {
	rs := []rune(text)
	if !slices.ContainsFunc(rs, func(c rune) bool { _, ok := markable[c]; return ok }) {
		return text
	}
	for _, c := range rs {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune(".,-", c) {
			return text
		}
	}
	h := r.Dy()
	// Tesseract's box may leave out the mark it did not read.
	crop := image.Rect(r.Min.X-1, r.Min.Y-h/2, r.Max.X+1, r.Max.Y).Intersect(l.img.Rect)
	w, ch := crop.Dx(), crop.Dy()
	if w < 4 || ch < 8 {
		return text
	}
	var hist [256]int
	for y := crop.Min.Y; y < crop.Max.Y; y++ {
		for _, v := range l.img.Pix[l.img.PixOffset(crop.Min.X, y):][:w] {
			hist[v]++
		}
	}
	ink, paper := level(hist[:], w*ch/33), level(hist[:], w*ch*4/5)
	if int(paper)-int(ink) < minMarkContrast {
		return text
	}
	// Halfway between type and paper: a faint dot, grey as it is, is ink.
	cut := uint8((int(ink) + int(paper)) / 2)
	mask := make([]bool, w*ch)
	rows := make([]int, ch)
	for y := range ch {
		for x, v := range l.img.Pix[l.img.PixOffset(crop.Min.X, crop.Min.Y+y):][:w] {
			if v < cut {
				mask[y*w+x] = true
				rows[y]++
			}
		}
	}
	// The baseline: the last row of the word's own box that holds half
	// the ink of its fullest (above the box may be anything, a table's
	// dark header). The x-line, or a capital's height: the lowest top of
	// the letters that stand on it, stops and dashes aside. Rows do not
	// give that: capitals' strokes and a large ring fill the rows over
	// the x-line, and so do "Skal"'s three tall letters.
	in := rows[r.Min.Y-crop.Min.Y:]
	if len(in) == 0 {
		return text
	}
	base, fullest := -1, slices.Max(in)
	for y, n := range in {
		if 2*n >= fullest {
			base = y + r.Min.Y - crop.Min.Y
		}
	}
	all := blobs(mask, w, ch)
	tallest := 0
	for _, b := range all {
		if int(b.y1) >= base-1 && int(b.y0) < base {
			tallest = max(tallest, base-int(b.y0))
		}
	}
	top := -1
	for _, b := range all {
		if h := base - int(b.y0); int(b.y1) >= base-1 && 2*h >= tallest {
			top = max(top, int(b.y0))
		}
	}
	xh := int32(base - top + 1)
	if top < 0 || xh < minMarkXHeight {
		return text
	}
	var above []blob
	for _, b := range all {
		bw, bh := b.x1-b.x0+1, b.y1-b.y0+1
		// Just over the letters, and smaller than one.
		if b.n >= 2 && int(b.y1) < top && int(b.y1) >= top-int(xh)*2/3 && 3*bw <= 2*xh && 3*bh <= 2*xh {
			above = append(above, b)
		}
	}
	slices.SortFunc(above, func(a, b blob) int { return int(a.x0) - int(b.x0) })
	// Where each letter lies along the box, by its usual width.
	edges := make([]float64, len(rs)+1)
	for k, c := range rs {
		edges[k+1] = edges[k] + advance(c)
	}
	at := func(x int32) (int, float64) { // the letter at x, and x's distance from its middle, in letters
		f := (float64(x-1) + 0.5) / float64(w-2) * edges[len(rs)]
		k, _ := slices.BinarySearch(edges, f)
		k = min(max(k-1, 0), len(rs)-1)
		mid := (edges[k] + edges[k+1]) / 2
		return k, math.Abs(f-mid) / (edges[k+1] - edges[k])
	}
	out := slices.Clone(rs)
	digits := slices.ContainsFunc(rs, unicode.IsDigit) // "O03": a zero, dotted or slashed by its font
	// An o with ink in its middle is an ø: the stroke lies within the
	// letter, and Tesseract, reading the blur, drops it ("Osttorp",
	// "Nørreskov Ost"). Only a blob an o's width is taken for it, not
	// letters run together, and only one as high as the x-line.
	for _, b := range all {
		k, off := at((b.x0 + b.x1) / 2)
		crossed, ok := slashed[rs[k]]
		if !ok || digits || off > maxMarkOff || int(b.y1) < base-1 || int(base)-int(b.y0)+1 < int(xh) {
			continue
		}
		want := advance(rs[k]) / edges[len(rs)] * float64(w-2)
		if bw := float64(b.x1 - b.x0 + 1); bw > 1.3*want || bw < 0.6*want {
			continue
		}
		// Dark in the middle, light to the upper left and lower right of
		// it, where the stroke leaves the letter's hole open: a small o
		// the blur filled is dark all through.
		cx, cy, dx, dy := crop.Min.X+int(b.x0+b.x1)/2, crop.Min.Y+int(b.y0+b.y1)/2, int(b.x1-b.x0)/5, int(b.y1-b.y0)/5
		if l.img.GrayAt(cx, cy).Y < cut && l.img.GrayAt(cx-dx, cy-dy).Y >= cut && l.img.GrayAt(cx+dx, cy+dy).Y >= cut {
			out[k] = crossed
		}
	}
	for i := 0; i < len(above); i++ {
		m := above[i]
		kind, cx := noMark, (m.x0+m.x1)/2
		if i+1 < len(above) && pair(m, above[i+1], xh) {
			kind, cx = dots, (m.x0+above[i+1].x1)/2
			i++
		} else if mw, mh := m.x1-m.x0+1, m.y1-m.y0+1; 10*mw >= 3*xh && 3*mw >= 2*mh && 3*mh >= 2*mw && l.hollow(crop.Min, m, int(paper)-int(ink)) {
			// A ring is as wide as high, a third of the letters' height
			// across, and lighter in the middle; an i's dot is smaller,
			// and a speck of dirt as large is dark throughout.
			kind = ring
		}
		k, off := at(cx)
		become, ok := markable[rs[k]]
		if kind == noMark || !ok || off > maxMarkOff {
			continue
		}
		switch {
		case kind == ring && become[0] != 0:
			out[k] = become[0]
		case kind == dots && become[1] != 0:
			out[k] = become[1]
			// A's body and o's are what Tesseract mistook the letter
			// by, and "fär" is "för": the word the lists hold tells.
			if alt, ok := dotted[out[k]]; ok && known != nil && !known(string(out)) {
				if out[k] = alt; !known(string(out)) {
					out[k] = become[1]
				}
			}
		}
	}
	return string(out)
}

// hollow reports whether blob m of the image from o is lighter in its
// middle than at its darkest by a quarter of the type's contrast.
func (l layout) hollow(o image.Point, m blob, contrast int) bool {
	darkest, middle := 255, 0
	for y := m.y0; y <= m.y1; y++ {
		for x := m.x0; x <= m.x1; x++ {
			v := int(l.img.GrayAt(o.X+int(x), o.Y+int(y)).Y)
			darkest = min(darkest, v)
			// The one or two pixels each way at the middle.
			if 2*x >= m.x0+m.x1-1 && 2*x <= m.x0+m.x1+1 && 2*y >= m.y0+m.y1-1 && 2*y <= m.y0+m.y1+1 {
				middle = max(middle, v)
			}
		}
	}
	return 4*(middle-darkest) >= contrast
}

// maxMarkOff is how far, in letters, a mark's middle may lie from the
// middle of the letter it is put over: the letters' widths are a guess.
const maxMarkOff = 0.45

// pair reports whether blobs a and b, a left of b, are a letter's two
// dots: apart but close, of a size, at one height.
func pair(a, b blob, xh int32) bool {
	ah, bh := a.y1-a.y0+1, b.y1-b.y0+1
	aw, bw := a.x1-a.x0+1, b.x1-b.x0+1
	return a.x1 < b.x0 && b.x0-a.x1 <= xh/2 && max(ah, bh) <= 2*min(ah, bh) && max(aw, bw) <= 2*min(aw, bw) &&
		a.y0 <= b.y1 && b.y0 <= a.y1
}

// advance is a letter's usual width, in a lower-case letter's: what
// places a letter along its word when its blob cannot.
func advance(c rune) float64 {
	switch {
	case strings.ContainsRune("ijlI.,:;'!|", c):
		return 0.5
	case strings.ContainsRune("frt-", c):
		return 0.7
	case c == 'm' || c == 'w':
		return 1.6
	case c == 'M' || c == 'W':
		return 1.8
	case unicode.IsUpper(c):
		return 1.3
	}
	return 1
}

// A word's type must stand this many grey levels off its paper, and its
// letters be this many pixels high, for their marks to be told apart.
const (
	minMarkContrast = 40
	minMarkXHeight  = 6
)

type mark int

const (
	noMark mark = iota
	ring
	dots
)

// slashed is the letter an o crossed through its middle is.
var slashed = map[rune]rune{'o': 'ø', 'O': 'Ø'}

// dotted pairs the letters two dots make.
var dotted = map[rune]rune{'ä': 'ö', 'ö': 'ä', 'Ä': 'Ö', 'Ö': 'Ä'}
