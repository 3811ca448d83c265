package ocr

import (
	"image"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/otiai10/gosseract/v2"

	"intake/pipeline/fuzzy"
)

// A received stamp says when the post room had the paper ("INKOM
// 2024-05-31 Björkviks kommun"), which starts a caseworker's deadlines.
// Turned a few degrees and printed over the type, its own letters are
// lost to the page's reading: the frame makes a picture of the block,
// and the black-only reading (rereadStamps) whitens them. readStampText
// reads them apart, from the stamp's ink alone, turned level.

// A stamp is set by hand, a little turned: maxStampDeg is as far as it
// is looked for, and a grey frame turned less than minStampDeg is square
// with the page, a box of the document's own (grey text in a grey box
// must stay the document's).
const maxStampDeg, minStampDeg = 20.0, 1.5

// stampConfidence (Tesseract's 0..100) is the least confidence of a
// stamp's word: what is left of the type a stamp crosses, once its
// halo is whitened, reads as short runs of signs at 60 to 70.
const stampConfidence = 70

// stampInk is raw's region r with only a stamp's ink, between the
// type's level cut and the paper, stretched to black on white with its
// darker half darkened more (squared), so that the thin lines of a
// stamp, which blur lighter, keep up with its bold ones. Type and paper
// become white, and so does a band of halo pixels round the type: blur
// and JPEG give black type grey edges, which read as the type again.
func stampInk(raw *image.Gray, r image.Rectangle, cut uint8, halo int) *image.Gray {
	w, h := r.Dx(), r.Dy()
	near := make([]bool, w*h)
	for y := range h {
		for x, v := range regionRow(raw, r, y) {
			near[y*w+x] = v < cut
		}
	}
	near = spread(near, w, h, halo)
	out := image.NewGray(image.Rect(0, 0, w, h))
	span := int(stampPaper) - int(cut)
	for y := range h {
		src := regionRow(raw, r, y)
		dst := out.Pix[y*out.Stride:][:w]
		for x, v := range src {
			if near[y*w+x] || v >= stampPaper {
				dst[x] = 255
			} else {
				d := int(v) - int(cut)
				dst[x] = uint8(d * d * 255 / (span * span))
			}
		}
	}
	return out
}

// spread grows the set pixels of mask (w×h) by d pixels each way.
func spread(mask []bool, w, h, d int) []bool {
	tmp := make([]bool, len(mask))
	for y := range h {
		last := -1 << 30 // the last set pixel of the row seen
		for x := range w + d {
			if x < w && mask[y*w+x] {
				last = x
			}
			if x-d >= 0 && x-last <= 2*d {
				tmp[y*w+x-d] = true
			}
		}
	}
	out := make([]bool, len(mask))
	for x := range w {
		last := -1 << 30
		for y := range h + d {
			if y < h && tmp[y*w+x] {
				last = y
			}
			if y-d >= 0 && y-last <= 2*d {
				out[(y-d)*w+x] = true
			}
		}
	}
	return out
}

// inkPoints lists g's pixels darker than mid-grey.
func inkPoints(g *image.Gray) ink {
	in := ink{w: g.Rect.Dx(), h: g.Rect.Dy()}
	for y := range in.h {
		for x, v := range g.Pix[y*g.Stride:][:in.w] {
			if v < 128 {
				in.xs, in.ys = append(in.xs, int32(x)), append(in.ys, int32(y))
			}
		}
	}
	return in
}

// A stampWord is a word of a stamp's own text: its box is where it lies
// in the stamp turned level, centred on the stamp, and at is its centre
// on the page, where the page's reading would have found it.
type stampWord struct {
	gosseract.BoundingBox
	at image.Point
}

// readStampText reads the text of stamp s of raw with c in
// PSM_SINGLE_BLOCK (a stamp is a few centred lines) and returns its
// words in raw's pixels. The client goes back in PSM_AUTO.
func readStampText(c *gosseract.Client, raw *image.Gray, s stampRegion, dpi float64) []stampWord {
	r := s.frame.Inset(-int(dpi / 25.4)).Intersect(raw.Rect.Sub(raw.Rect.Min))
	if r.Empty() {
		return nil
	}
	g := stampInk(raw, r, s.cut, max(1, int(dpi/120+0.5)))
	in := inkPoints(g)
	if len(in.xs) == 0 {
		return nil
	}
	deg, _, _ := in.skewWithin(maxStampDeg)
	if math.Abs(deg) < minStampDeg {
		return nil
	}
	level := rotateSmall(g, -deg)
	inner, ok := frameInside(level)
	if !ok {
		return nil
	}
	_ = c.SetVariable("tessedit_pageseg_mode", strconv.Itoa(int(gosseract.PSM_SINGLE_BLOCK)))
	defer c.SetVariable("tessedit_pageseg_mode", strconv.Itoa(int(gosseract.PSM_AUTO)))
	boxes, err := readOne(c, level, dpi)
	if err != nil {
		return nil
	}
	// Boxes keep their level shape, moved so that level's centre falls on
	// the stamp's: lines stay lines, as extractors expect, and each word
	// lies within the stamp's frame.
	lc := image.Pt(level.Rect.Dx()/2, level.Rect.Dy()/2)
	gc := r.Min.Add(image.Pt(r.Dx()/2, r.Dy()/2))
	sin, cos := math.Sincos(deg * math.Pi / 180)
	var out []stampWord
	for _, b := range boxes {
		// Grey type the frame crosses is read too; only the stamp's
		// own words lie inside it. A letter alone is a remain of type.
		mid := b.Box.Min.Add(b.Box.Max).Div(2)
		if !readable(b, 0) || b.Confidence < stampConfidence || !mid.In(inner) || utf8.RuneCountInString(strings.TrimSpace(b.Word)) < 2 {
			continue
		}
		f := mid.Sub(lc)
		at := gc.Add(image.Pt(int(cos*float64(f.X)-sin*float64(f.Y)), int(sin*float64(f.X)+cos*float64(f.Y))))
		b.Box = b.Box.Add(gc.Sub(lc))
		out = append(out, stampWord{b, at})
	}
	return out
}

// dropStampEchoes drops the words of the page's reading that are a
// stamp's own words read again: where one of words lies, and spelt
// nearly as it. The stamp's text is kept apart from the document's, so
// a received date is never taken for one of the document's dates; the
// document's words the stamp repeats (the municipality's name) lie
// elsewhere and stay.
func dropStampEchoes(boxes []gosseract.BoundingBox, words []stampWord) []gosseract.BoundingBox {
	if len(words) == 0 {
		return boxes
	}
	out := boxes[:0]
	for _, b := range boxes {
		mid := b.Box.Min.Add(b.Box.Max).Div(2)
		if !slices.ContainsFunc(words, func(w stampWord) bool { return w.echo(mid, b.Word) }) {
			out = append(out, b)
		}
	}
	return out
}

// echo: a word text read at mid on the page is w read again.
func (w stampWord) echo(mid image.Point, text string) bool {
	d := mid.Sub(w.at)
	return abs(d.X) <= w.Box.Dx()/2+w.Box.Dy() && abs(d.Y) <= w.Box.Dy() && nearlySpelt(text, w.Word)
}

// addStampWords adds words to kept but for those a stamp found before
// holds (a frame's double line found as two stamps).
func addStampWords(kept, words []stampWord) []stampWord {
	for _, w := range words {
		if !slices.ContainsFunc(kept, func(k stampWord) bool { return k.echo(w.at, w.Word) }) {
			kept = append(kept, w)
		}
	}
	return kept
}

// frameInside finds a level stamp's frame in g: its top and bottom are
// the rows with the most ink, and its sides the columns with the most
// between those two. It returns the area inside the frame.
func frameInside(g *image.Gray) (image.Rectangle, bool) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	ink := func(x, y int) bool { return g.Pix[y*g.Stride+x] < 128 }
	rows := make([]int, h)
	for y := range h {
		for x := range w {
			if ink(x, y) {
				rows[y]++
			}
		}
	}
	y0, y1, ok := outerPeaks(rows)
	if !ok && y1 > 0 {
		// One side only: the other crossed what whitened it (type, a
		// form's rule). The frame lies on the side with more ink.
		above, below := 0, 0
		for y, n := range rows {
			if y < y0 {
				above += n
			} else if y > y1 {
				below += n
			}
		}
		if below > above {
			y1 = h - 1
		} else {
			y0 = 0
		}
		ok = 4*(y1-y0) >= h
	}
	if !ok {
		return image.Rectangle{}, false
	}
	cols := make([]int, w)
	for y := y0; y <= y1; y++ {
		for x := range w {
			if ink(x, y) {
				cols[x]++
			}
		}
	}
	x0, x1, ok := outerPeaks(cols)
	return image.Rect(x0, y0, x1, y1), ok
}

// outerPeaks returns the first and last index of p whose count is at
// least half p's largest, when they lie a quarter of p apart or more: a
// frame's two sides. The region may hold more than the frame (a form's
// box it touches), but lines at another angle than the stamp's, turned
// level with it, make no peaks.
func outerPeaks(p []int) (lo, hi int, ok bool) {
	top := 0
	for _, v := range p {
		top = max(top, v)
	}
	if top == 0 {
		return 0, 0, false
	}
	lo, hi = -1, -1
	for i, v := range p {
		if 2*v >= top {
			if lo < 0 {
				lo = i
			}
			hi = i
		}
	}
	return lo, hi, 4*(hi-lo) >= len(p)
}

// nearlySpelt: a and b differ in at most a quarter of the longer's
// letters, case aside, or a is a piece of b of three letters or more
// (the page's reading broke "2024-05-05" into "2024-0" and "5-05").
func nearlySpelt(a, b string) bool {
	a, b = strings.ToLower(strings.TrimSpace(a)), strings.ToLower(strings.TrimSpace(b))
	ra, rb := []rune(a), []rune(b)
	n := max(len(ra), len(rb))
	return n > 0 && 4*fuzzy.Distance(ra, rb) <= n || len(ra) >= 3 && strings.Contains(b, a)
}
