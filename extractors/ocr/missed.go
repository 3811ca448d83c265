package ocr

import (
	"image"
	"strings"

	"github.com/otiai10/gosseract/v2"
)

// Tesseract's page layout analysis drops text now and then: a column of
// amounts beside a table, a letterhead's small grey lines next to large
// type (blobs far below the page's median size count as noise), white
// on a dark band. Such text is still ink on the page. missedText finds
// the ink that no word read covers and, when some of it is shaped like
// text, returns the page with the words read whitened, cropped to it:
// read alone, the leftover text is the median and is no longer dropped.
// It returns nil when nothing text-like is left. On the corpus's scans
// and photos something is left on nearly every page (logos, stamps,
// signatures among it), and the second reading costs about a fifth of
// the first.
func missedText(img *image.Gray, boxes []gosseract.BoundingBox, dpi float64) (*image.Gray, image.Point) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	res := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		copy(res.Pix[y*res.Stride:y*res.Stride+w], img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y):])
	}
	tall := 3 * medianHeight(boxes)
	for _, b := range boxes {
		// Only words worth keeping cover their ink: Tesseract also
		// returns boxes of garbage over a stamp or a picture, and the text
		// under those is what is missing.
		if !readable(b, tall) {
			continue
		}
		pad := max(2, b.Box.Dy()/3)
		r := b.Box.Inset(-pad).Intersect(res.Rect)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			row := res.Pix[y*res.Stride:]
			for x := r.Min.X; x < r.Max.X; x++ {
				row[x] = 255
			}
		}
	}
	// A grid of cells about a hundredth of an inch: a cell is ink when
	// any of its pixels is clearly dark.
	cell := max(1, int(dpi/100+0.5))
	cw, ch := w/cell, h/cell
	if cw < 4 || ch < 4 {
		return nil, image.Point{}
	}
	mask := make([]bool, cw*ch)
	for y := range ch * cell {
		row := res.Pix[y*res.Stride:]
		base := (y / cell) * cw
		for x := range cw * cell {
			if row[x] < missedInk {
				mask[base+x/cell] = true
			}
		}
	}
	dropRules(mask, cw, ch, max(8, cw/25))
	// Letters of a word are a cell or two apart: join them, then keep the
	// groups with the size of at least a word of small type.
	joined := make([]bool, len(mask))
	for y := range ch {
		for x := range cw {
			if mask[y*cw+x] {
				for dx := -2; dx <= 2; dx++ {
					if xx := x + dx; xx >= 0 && xx < cw {
						joined[y*cw+xx] = true
					}
				}
			}
		}
	}
	minH := max(3, int(missedMinPt/72*dpi)/cell) // cells
	maxH := int(missedMaxPt / 72 * dpi / float64(cell))
	union := image.Rectangle{}
	var groups []image.Rectangle
	cellGroups(joined, cw, func(x0, y0, x1, y1 int, cells []int) {
		n := 0
		for _, q := range cells {
			if mask[q] {
				n++
			}
		}
		gh, gw := y1-y0+1, x1-x0+1
		if gh < minH || gh > maxH || gw < 2*minH || n < 3*minH*minH {
			return // a speck, a dot leader, a picture or a frame
		}
		r := image.Rect(x0*cell, y0*cell, (x1+1)*cell, (y1+1)*cell)
		if n*10 > gw*gh*7 {
			// Mostly ink: a dark band, whose light text Tesseract reads
			// once the band is turned light.
			invert(res, r)
		}
		groups = append(groups, r)
		union = union.Union(r)
	})
	if union.Empty() {
		return nil, image.Point{}
	}
	union = union.Inset(-int(dpi / 12)).Intersect(res.Rect)
	if darkShare(res, union) > missedMaxDark {
		return onWhite(res, union, groups), union.Min
	}
	return res.SubImage(union).(*image.Gray), union.Min
}

// darkShare is the share of g's region r that Tesseract's global Otsu
// threshold puts on the ink side.
func darkShare(g *image.Gray, r image.Rectangle) float64 {
	var hist [256]int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for _, v := range g.Pix[g.PixOffset(r.Min.X, y):][:r.Dx()] {
			hist[v]++
		}
	}
	t, n := otsu(hist[:])
	dark := 0
	for _, c := range hist[:t+1] {
		dark += c
	}
	return float64(dark) / float64(max(n, 1))
}

// otsu is the level that splits hist into two classes of the most
// between-class variance, and hist's count.
func otsu(hist []int) (int, int) {
	n, sum := 0, 0
	for v, c := range hist {
		n += c
		sum += v * c
	}
	best, at := -1.0, 0
	w0, sum0 := 0, 0
	for v, c := range hist {
		w0 += c
		sum0 += v * c
		w1 := n - w0
		if w0 == 0 || w1 == 0 {
			continue
		}
		m0, m1 := float64(sum0)/float64(w0), float64(sum-sum0)/float64(w1)
		if b := float64(w0) * float64(w1) * (m0 - m1) * (m0 - m1); b > best {
			best, at = b, v
		}
	}
	return at, n
}

// onWhite is g's region r with the paper outside the groups whitened.
// With the words read whitened and a photo's paper left grey (200 to
// 240), the global threshold Tesseract sets splits the paper from the
// white, and in PSM_SPARSE_TEXT it reads the paper's grain blob by blob
// as words: a form photographed at 300 dpi under uneven light gave 1,531
// "words" in 97 s, where the page's own reading took 3 s. The ink
// between the groups (frames, stamps, pictures) can hold text and stays.
func onWhite(g *image.Gray, r image.Rectangle, groups []image.Rectangle) *image.Gray {
	out := image.NewGray(r)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		src := g.Pix[g.PixOffset(r.Min.X, y):][:r.Dx()]
		dst := out.Pix[out.PixOffset(r.Min.X, y):][:r.Dx()]
		for x, v := range src {
			if v >= missedPaper {
				v = 255
			}
			dst[x] = v
		}
	}
	for _, k := range groups {
		k = k.Intersect(r)
		for y := k.Min.Y; y < k.Max.Y; y++ {
			copy(out.Pix[out.PixOffset(k.Min.X, y):][:k.Dx()], g.Pix[g.PixOffset(k.Min.X, y):][:k.Dx()])
		}
	}
	return out
}

// missedMaxDark is the most of the leftover image that may fall on the
// ink side of Tesseract's threshold: leftovers are a few lines and marks
// on paper. On the corpus's scans and photos it is 1 to 36 %; on forms
// photographed at camera resolution under uneven light, with the words
// read whitened and the paper left grey, 65 to 69 %, the paper read as
// ink (see onWhite).
const missedMaxDark = 0.5

// missedPaper is the level from which a pixel outside the groups is
// paper for onWhite: a photo's paper lies at 200 to 255 after
// normalizeContrast, grey type (labels, letterheads) under it.
const missedPaper = 192

// missedInk is the level under which a pixel is ink for missedText: the
// page has been through normalizeContrast, so faint text is dark too.
const missedInk = 128

// Groups of leftover ink from missedMinPt to missedMaxPt high count as
// text: a line of 6 pt type to a block of a few lines of it, or a column.
const (
	missedMinPt = 4.0
	missedMaxPt = 400.0
)

// missedConfidence (Tesseract's 0..100) is the least confidence of a word
// read from leftover ink: the leftovers also hold logos, stamps and
// signatures, whose "words" read at 0 to 50.
const missedConfidence = 60

// addMissed merges the words read on the leftover image (origin off on
// the page image) into boxes: a word read from the leftovers is no
// taller than three lines, overlaps no word kept from the first reading,
// and replaces the unsure ones it overlaps (the first reading's guesses
// at the same ink). It also returns how many words it added.
func addMissed(boxes, extra []gosseract.BoundingBox, off image.Point) ([]gosseract.BoundingBox, int) {
	tall := 3 * medianHeight(boxes)
	overlaps := func(a, b image.Rectangle) bool {
		in := a.Intersect(b)
		small := min(a.Dx()*a.Dy(), b.Dx()*b.Dy())
		return !in.Empty() && in.Dx()*in.Dy()*3 > small
	}
	var added []image.Rectangle
	// Not against each other: sparse reading now and then draws a line's
	// first word's box on to the line's end, over the words after it.
	first := boxes[:len(boxes):len(boxes)]
	for _, b := range extra {
		// As tall as three lines of the page's text or taller: a logo
		// or a stamp's frame read as a word ("(we)" 43 pt high beside
		// a letterhead of 5 pt type, pair4 0086).
		if !readable(b, tall) {
			continue
		}
		b.Box = b.Box.Add(off)
		clash := false
		for _, o := range first {
			if readable(o, tall) && overlaps(o.Box, b.Box) {
				clash = true
				break
			}
		}
		if !clash {
			added = append(added, b.Box)
			boxes = append(boxes, b)
		}
	}
	if len(added) == 0 {
		return boxes, 0
	}
	out := boxes[:0]
	for i, o := range boxes {
		drop := false
		if i < len(boxes)-len(added) && !readable(o, tall) {
			for _, a := range added {
				if overlaps(o.Box, a) {
					drop = true
					break
				}
			}
		}
		if !drop {
			out = append(out, o)
		}
	}
	return out, len(added)
}

// readable reports a word read that is worth keeping: letters or digits,
// fairly sure, no taller than three lines of the page's text.
func readable(b gosseract.BoundingBox, tall int) bool {
	if b.Confidence < missedConfidence || !strings.ContainsFunc(b.Word, isLetterOrDigit) {
		return false
	}
	return tall == 0 || b.Box.Dy() <= tall
}

func invert(g *image.Gray, r image.Rectangle) {
	r = r.Intersect(g.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := g.Pix[g.PixOffset(r.Min.X, y):][:r.Dx()]
		for x, v := range row {
			row[x] = 255 - v
		}
	}
}

// cellGroups calls each, in the order of their first cell, with the
// bounds (in cells, inclusive) of every group of cells of a grid cw wide
// that are on and touch side by side, and the cells in it.
func cellGroups(on []bool, cw int, each func(x0, y0, x1, y1 int, cells []int)) {
	ch := len(on) / cw
	seen := make([]bool, len(on))
	var stack, cells []int
	for p := range on {
		if !on[p] || seen[p] {
			continue
		}
		x0, y0, x1, y1 := p%cw, p/cw, p%cw, p/cw
		stack, cells = append(stack[:0], p), cells[:0]
		seen[p] = true
		for len(stack) > 0 {
			q := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			cells = append(cells, q)
			x, y := q%cw, q/cw
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
				nx, ny := x+d[0], y+d[1]
				if nx >= 0 && ny >= 0 && nx < cw && ny < ch && on[ny*cw+nx] && !seen[ny*cw+nx] {
					seen[ny*cw+nx] = true
					stack = append(stack, ny*cw+nx)
				}
			}
		}
		each(x0, y0, x1, y1, cells)
	}
}
