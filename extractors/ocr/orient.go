package ocr

import (
	"image"
	"math"
)

// analysisDPI is the resolution the orientation and skew analysis works
// at: x-heights of body text are still 8-10 pixels, and the page is a
// sixth of the pixels of a 300 dpi scan.
const analysisDPI = 120

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
}

// detectOrientation decides the quarter turn and skew of a page from its
// ink, without Tesseract: text lines give sharp projection profiles along
// their own direction only, and Latin script puts more ink above the
// x-height band (capitals, digits, ascenders) than below it (descenders).
func detectOrientation(g *image.Gray, dpi float64) orientation {
	small := downscale(g, max(1, int(math.Round(dpi/analysisDPI))))
	if isBlank(small) {
		return orientation{lines: 1, blank: true}
	}
	in := inkOf(small)
	if len(in.xs) < 200 {
		return orientation{lines: 1} // blank or nearly: nothing to turn
	}
	_, profA, _ := in.skew()
	_, profB, _ := in.transposed().skew()
	ea, eb := edgeEnergy(profA), edgeEnergy(profB)
	o := orientation{lines: math.Max(ea, eb) / math.Max(math.Min(ea, eb), 1)}
	if eb > ea {
		// Lines run down the page: the page lies on its side. Which side
		// is settled by the ascenders below, after a clockwise turn.
		o.quarter = 1
		in = inkOf(rotateQuarter(small, 1))
	}
	skew, prof, _ := in.skew()
	if ud := updown(prof); ud < 0 {
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

// weak reports an orientation call that could be wrong: few lines of
// text, or as much ink below the x-height band as above it. Measured on
// invoices at every quarter turn and up to 4° of skew, upright pages
// score 0.4 to 0.95.
func (o orientation) weak() bool { return o.updown < 0.15 || o.lines < 1.2 }

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

// updown measures, over the text lines of a deskewed row profile, the ink
// above each line's core band against the ink below it: (above-below) /
// (above+below). The core band is where a line is at least half as dense
// as its densest row, which is the x-height band of running text.
func updown(p []int32) float64 {
	peak := int32(0)
	for _, v := range p {
		peak = max(peak, v)
	}
	floor := peak / 50
	var above, below float64
	for i := 0; i < len(p); {
		if p[i] <= floor {
			i++
			continue
		}
		j := i
		top := int32(0)
		for j < len(p) && p[j] > floor {
			top = max(top, p[j])
			j++
		}
		// Lines of a few rows are rules, dots or noise, not text.
		if j-i >= 4 {
			c0, c1 := i, j-1
			for p[c0]*2 < top {
				c0++
			}
			for p[c1]*2 < top {
				c1--
			}
			for k := i; k < c0; k++ {
				above += float64(p[k])
			}
			for k := c1 + 1; k < j; k++ {
				below += float64(p[k])
			}
		}
		i = j
	}
	if above+below == 0 {
		return 0
	}
	return (above - below) / (above + below)
}
