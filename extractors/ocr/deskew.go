package ocr

import (
	"image"
	"math"
)

// Skew search range and resolution. Scanners and phone photos of flat
// paper stay within a few degrees; beyond that a page is fed crooked on
// purpose and Tesseract's own line finder still copes with the rest.
const (
	maxSkewDeg    = 6.0
	coarseStepDeg = 0.25
	fineStepDeg   = 0.05
	// minDeskewDeg: below this Tesseract reads the lines as well as
	// straight ones, so the full-page rotation (about 0.1 s) is skipped.
	minDeskewDeg = 0.4
	// maxInkPoints bounds the work of the search; a sample of the ink
	// finds the same angle.
	maxInkPoints = 120_000
)

// ink is the dark pixels of a small binarised page.
type ink struct {
	xs, ys []int32
	w, h   int
}

// inkOf binarises g with Otsu's threshold and lists the ink pixels,
// sampled down to maxInkPoints. A page with too little contrast (blank,
// or nearly so) has no ink.
func inkOf(g *image.Gray) ink {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	t := otsu(g)
	in := ink{w: w, h: h}
	n := 0
	for y := range h {
		for _, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			if v <= t {
				n++
			}
		}
	}
	// More ink than paper means a photo background or a dark page, where
	// the profiles below mean nothing.
	if n == 0 || n > w*h/2 {
		return in
	}
	step := max(1, (n+maxInkPoints-1)/maxInkPoints)
	i := 0
	for y := range h {
		for x, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			if v <= t {
				if i%step == 0 {
					in.xs = append(in.xs, int32(x))
					in.ys = append(in.ys, int32(y))
				}
				i++
			}
		}
	}
	return in
}

// transposed swaps the axes, so that lines running down the page become
// lines running across.
func (in ink) transposed() ink {
	return ink{xs: in.ys, ys: in.xs, w: in.h, h: in.w}
}

// profile projects the ink along lines of slope tan(deg) (positive deg:
// falling to the right, a clockwise skew) into bins one pixel high.
func (in ink) profile(deg float64, bins []int32) []int32 {
	t := math.Tan(deg * math.Pi / 180)
	off := 0.0
	if t > 0 {
		off = t * float64(in.w)
	}
	n := in.h + int(math.Abs(t)*float64(in.w)) + 2
	bins = bins[:0]
	for range n {
		bins = append(bins, 0)
	}
	for i, x := range in.xs {
		b := int(float64(in.ys[i]) - t*float64(x) + off + 0.5)
		bins[min(max(b, 0), n-1)]++
	}
	return bins
}

// sharpness is the Postl criterion: the sum of squared bin counts, which
// peaks when the projection lines up with the text lines.
func sharpness(p []int32) float64 {
	s := 0.0
	for _, v := range p {
		s += float64(v) * float64(v)
	}
	return s
}

// skew finds the angle at which the ink's rows are sharpest, coarse then
// fine, and returns it with its profile and score.
func (in ink) skew() (deg float64, prof []int32, score float64) {
	var buf []int32
	best, bestDeg := -1.0, 0.0
	try := func(d float64) {
		buf = in.profile(d, buf)
		if s := sharpness(buf); s > best {
			best, bestDeg = s, d
		}
	}
	for d := -maxSkewDeg; d <= maxSkewDeg+1e-9; d += coarseStepDeg {
		try(d)
	}
	c := bestDeg
	for d := c - coarseStepDeg; d <= c+coarseStepDeg+1e-9; d += fineStepDeg {
		try(d)
	}
	prof = in.profile(bestDeg, nil)
	return bestDeg, prof, best
}
