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
	mask   []bool // every ink pixel, row by row; nil once transposed
}

// inkOf lists the dark pixels of a small page, sampled down to
// maxInkPoints. A pixel is ink when it is clearly darker than the mean of
// its neighbourhood (Bradley's adaptive threshold): one global threshold
// would take a photo's dark background, a grey side panel or the shadow
// of uneven light for ink, and their outlines for text lines.
func inkOf(g *image.Gray) ink {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	in := ink{w: w, h: h}
	if w == 0 || h == 0 {
		return in
	}
	// Integral image, one row and column of zeros in front.
	sum := make([]uint32, (w+1)*(h+1))
	for y := range h {
		row := uint32(0)
		for x, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			row += uint32(v)
			sum[(y+1)*(w+1)+x+1] = sum[y*(w+1)+x+1] + row
		}
	}
	r := max(4, max(w, h)/24) // half the window: a third of an inch or so
	dark := func(x, y int) bool {
		v := uint32(g.Pix[y*g.Stride+x])
		if v >= inkCeiling {
			return false
		}
		x0, y0, x1, y1 := max(0, x-r), max(0, y-r), min(w, x+r+1), min(h, y+r+1)
		area := uint32((x1 - x0) * (y1 - y0))
		s := sum[y1*(w+1)+x1] - sum[y0*(w+1)+x1] - sum[y1*(w+1)+x0] + sum[y0*(w+1)+x0]
		return uint64(v)*uint64(area)*100 < uint64(s)*(100-inkContrast)
	}
	mask := make([]bool, w*h)
	for y := range h {
		for x := range w {
			mask[y*w+x] = dark(x, y)
		}
	}
	dropRules(mask, w, h, max(8, max(w, h)/40))
	in.mask = mask
	n := 0
	for _, m := range mask {
		if m {
			n++
		}
	}
	if n == 0 {
		return in
	}
	step := max(1, (n+maxInkPoints-1)/maxInkPoints)
	i := 0
	for p, m := range mask {
		if m {
			if i%step == 0 {
				in.xs = append(in.xs, int32(p%w))
				in.ys = append(in.ys, int32(p/w))
			}
			i++
		}
	}
	return in
}

// dropRules clears runs of ink longer than long, across and down: table
// rules, frames and underlines. They are no text, and a rule above or
// below a line of text weighs more in its profile than the text's own
// ascenders and descenders.
func dropRules(mask []bool, w, h, long int) {
	var clearRuns func(n, stride, start int)
	runs := make([][2]int, 0, 64)
	clearRuns = func(n, stride, start int) {
		run := 0
		for i := 0; i <= n; i++ {
			if i < n && mask[start+i*stride] {
				run++
				continue
			}
			if run > long {
				runs = append(runs, [2]int{start + (i-run)*stride, run})
			}
			run = 0
		}
	}
	for y := range h {
		clearRuns(w, 1, y*w)
	}
	horizontal := len(runs)
	for x := range w {
		clearRuns(h, w, x)
	}
	// Clear after finding both, so that a rule crossing a column of
	// text does not cut its strokes into short runs first.
	for k, r := range runs {
		stride := 1
		if k >= horizontal {
			stride = w
		}
		for i := range r[1] {
			mask[r[0]+i*stride] = false
		}
	}
}

// Ink is at least inkContrast percent darker than its surroundings, and
// darker than inkCeiling: paper texture and JPEG ringing are neither.
const (
	inkContrast = 20
	inkCeiling  = 200
)

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
	return in.skewWithin(maxSkewDeg)
}

// skewWithin is skew over ±maxDeg.
func (in ink) skewWithin(maxDeg float64) (deg float64, prof []int32, score float64) {
	var buf []int32
	best, bestDeg := -1.0, 0.0
	try := func(d float64) {
		buf = in.profile(d, buf)
		if s := sharpness(buf); s > best {
			best, bestDeg = s, d
		}
	}
	for d := -maxDeg; d <= maxDeg+1e-9; d += coarseStepDeg {
		try(d)
	}
	c := bestDeg
	for d := c - coarseStepDeg; d <= c+coarseStepDeg+1e-9; d += fineStepDeg {
		try(d)
	}
	prof = in.profile(bestDeg, nil)
	return bestDeg, prof, best
}
