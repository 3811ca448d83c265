package ocr

import (
	"image"
	"math"
	"slices"
)

// analysisSide is the longest side, in pixels, of the copy of a page the
// orientation and skew analysis works on: about 140 dpi on A4, where body
// text still has x-heights of 8-10 pixels, at a sixth of the pixels of a
// 300 dpi scan. It goes by the image, not its resolution, which photos
// do not know.
const analysisSide = 1200

// orientation is what the analysis of one page found.
type orientation struct {
	quarter int     // clockwise quarter turns that make the page upright
	skew    float64 // degrees the upright page's lines fall to the right
	// lines is how much more line-like the chosen axis is than the other
	// (1 means no difference); updown is the ascender-over-descender
	// balance in -1..1 after turning, positive when upright.
	lines, updown float64
	// blank: no dark pixel to speak of, so there is nothing to read.
	blank bool
	// glyph is the median letter size across the lines, in pixels of the
	// page; 0 when unknown.
	glyph float64
}

// detectOrientation decides the quarter turn and skew of a page from its
// ink, without Tesseract: text lines give sharp projection profiles along
// their own direction only, and Latin script puts more ink above the
// x-height band (capitals, digits, ascenders) than below it (descenders).
func detectOrientation(g *image.Gray) orientation {
	small, factor := analysisCopy(g)
	if isBlank(small) {
		return orientation{lines: 1, blank: true}
	}
	in := inkOf(small)
	if len(in.xs) < 200 {
		return orientation{lines: 1} // blank or nearly: nothing to turn
	}
	ea, eb, glyph := lineEvidence(in)
	o := orientation{lines: math.Max(ea, eb) / math.Max(math.Min(ea, eb), 1), glyph: glyph * float64(factor)}
	if eb > ea {
		// Lines run down the page: the page lies on its side. Which side
		// is settled by the ascenders below, after a clockwise turn.
		o.quarter = 1
		in = inkOf(rotateQuarter(small, 1))
	}
	skew, _, _ := in.skew()
	if ud := in.updownStrips(skew); ud < 0 {
		o.quarter += 2
		o.updown = -ud
		// Turning by 180° keeps the slope of a line.
	} else {
		o.updown = ud
	}
	o.quarter &= 3
	o.skew = skew
	return o
}

// isBlank reports a page with fewer dark pixels than a short word has.
// Otsu cannot tell: on an empty scan it splits the paper's own noise.
func isBlank(g *image.Gray) bool {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	dark, limit := 0, w*h/20000+1
	for y := range h {
		for _, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			if v < 128 {
				if dark++; dark >= limit {
					return false
				}
			}
		}
	}
	return true
}

// analysisCopy is the small copy of g the analysis works on, and the
// factor it is smaller by.
func analysisCopy(g *image.Gray) (*image.Gray, int) {
	f := max(1, int(math.Round(float64(max(g.Rect.Dx(), g.Rect.Dy()))/analysisSide)))
	return downscale(g, f), f
}

// skewAt is the skew of g once turned by quarter.
func skewAt(g *image.Gray, quarter int) float64 {
	small, _ := analysisCopy(g)
	in := inkOf(rotateQuarter(small, quarter))
	if len(in.xs) < 200 {
		return 0
	}
	skew, _, _ := in.skew()
	return skew
}

// updownAt is the ascender balance of g once turned by quarter.
func updownAt(g *image.Gray, quarter int) float64 {
	small, _ := analysisCopy(g)
	in := inkOf(rotateQuarter(small, quarter))
	if len(in.xs) < 200 {
		return 0
	}
	skew, _, _ := in.skew()
	return in.updownStrips(skew)
}

// Below these the orientation is a call that may be wrong (weak). On the
// synthetic scans and photos of the corpus, pages the right way up scored
// updown 0.15 to 0.7; a wrong call never scored over 0.3, and the axis
// was wrong only with lines under 1.1. A weak call costs nothing unless
// the page then reads poorly (see Engine.recognize).
const (
	uncertainUpdown = 0.4
	uncertainLines  = 1.5
)

// weak reports an orientation call that could be wrong.
func (o orientation) weak() bool { return o.updown < uncertainUpdown || o.lines < uncertainLines }

// lineEvidence weighs how much the ink forms lines across the page
// against lines down it: by the letters' neighbours when there are
// letters enough, else by the sharpness of the projection profiles.
func lineEvidence(in ink) (across, down, glyph float64) {
	if in.mask != nil {
		b, a, size := glyphNeighbours(in.mask, in.w, in.h)
		if b+a >= minGlyphsToJudge {
			return float64(b), float64(a), size
		}
	}
	_, profA, _ := in.skew()
	_, profB, _ := in.transposed().skew()
	return edgeEnergy(profA), edgeEnergy(profB), 0
}

// minGlyphsToJudge: below this many letters, neighbour counts are noise.
const minGlyphsToJudge = 40

// edgeEnergy is the sum of squared steps between neighbouring bins: large
// for the row profile of text (every line starts and ends sharply), small
// across the lines, where glyphs of many lines average out.
func edgeEnergy(p []int32) float64 {
	s := 0.0
	for i := 1; i < len(p); i++ {
		d := float64(p[i] - p[i-1])
		s += d * d
	}
	return s
}

// updownParts measures, over the text lines of a deskewed row profile,
// the ink above each line's core band and the ink below it. The core band
// is where a line is at least half as dense as its densest row: the
// x-height band of running text. The profile's base level (its 20th
// percentile) is taken off first: a frame, a rule or a dark scan edge
// running down the page adds the same ink to every row and would
// otherwise join all lines into one.
func updownParts(p []int32) (above, below float64) {
	lo, hi := 0, len(p)-1
	for lo <= hi && p[lo] == 0 {
		lo++
	}
	for hi >= lo && p[hi] == 0 {
		hi--
	}
	if lo > hi {
		return 0, 0
	}
	sorted := slices.Clone(p[lo : hi+1])
	slices.Sort(sorted)
	base, peak := sorted[len(sorted)/5], sorted[len(sorted)-1]
	floor := base + (peak-base)/50
	type line struct{ i, j int }
	var lines []line
	for i := lo; i <= hi; {
		if p[i] <= floor {
			i++
			continue
		}
		j := i
		for j <= hi && p[j] > floor {
			j++
		}
		// Lines of a few rows are rules, dots or noise, not text.
		if j-i >= 4 {
			lines = append(lines, line{i, j})
		}
		i = j
	}
	if len(lines) == 0 {
		return 0, 0
	}
	heights := make([]int, len(lines))
	for k, l := range lines {
		heights[k] = l.j - l.i
	}
	slices.Sort(heights)
	tallest := 3 * heights[len(heights)/2]
	for _, l := range lines {
		if l.j-l.i > tallest {
			continue // lines run together, or a picture: no band to measure
		}
		top := int32(0)
		for k := l.i; k < l.j; k++ {
			top = max(top, p[k]-base)
		}
		c0, c1 := l.i, l.j-1
		for (p[c0]-base)*2 < top {
			c0++
		}
		for (p[c1]-base)*2 < top {
			c1--
		}
		for k := l.i; k < c0; k++ {
			above += float64(p[k] - base)
		}
		for k := c1 + 1; k < l.j; k++ {
			below += float64(p[k] - base)
		}
	}
	return above, below
}

// orientStrips is the number of vertical strips the ascender test looks
// at separately: the columns of a letterhead or a form have lines at
// their own heights, which a whole-page profile would run together.
const orientStrips = 6

// updownStrips is the balance (above-below)/(above+below) of updownParts
// over the profiles of vertical strips of the page, each projected at the
// page's skew: positive when the page is upright.
func (in ink) updownStrips(skew float64) float64 {
	var above, below float64
	var bins []int32
	for s := range orientStrips {
		x0, x1 := int32(s*in.w/orientStrips), int32((s+1)*in.w/orientStrips)
		var part ink
		part.w, part.h = in.w, in.h
		for i, x := range in.xs {
			if x >= x0 && x < x1 {
				part.xs = append(part.xs, x)
				part.ys = append(part.ys, in.ys[i])
			}
		}
		bins = part.profile(skew, bins)
		a, b := updownParts(bins)
		above += a
		below += b
	}
	if above+below == 0 {
		return 0
	}
	return (above - below) / (above + below)
}
