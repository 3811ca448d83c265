package ocr

import (
	"image"
	"math"
	"strings"

	"github.com/otiai10/gosseract/v2"

	"intake/pipeline"
)

// Resolutions outside this range are metadata mistakes, not scans; they
// match Tesseract's own credible range.
const (
	minDPI = 70
	maxDPI = 2400
)

// layout is a page made ready for Tesseract, turned upright and
// straightened, with what is needed to put its words on the page.
type layout struct {
	img           *image.Gray // what Tesseract reads
	cw, ch        int         // its size: the canvas grows when deskewing
	width, height int         // the upright page, before deskewing
	orient        orientation
	deskewed      bool
}

// prepare turns g upright and straightens it.
func prepare(g *image.Gray, dpi float64) layout {
	o := detectOrientation(g, dpi)
	up := rotateQuarter(g, o.quarter)
	l := layout{img: up, width: up.Rect.Dx(), height: up.Rect.Dy(), orient: o}
	if math.Abs(o.skew) >= minDeskewDeg {
		l.img = rotateSmall(up, -o.skew)
		l.deskewed = true
	}
	l.cw, l.ch = l.img.Rect.Dx(), l.img.Rect.Dy()
	return l
}

// words turns Tesseract's boxes (pixels of l.img) into words in points on
// the upright, straightened page. The page keeps the scan's size: the
// canvas grown by deskewing is centred on it and words are clamped to it.
// Boxes are not rotated back onto the skewed scan: lines must stay
// horizontal, as in native text, for extractors to read them as lines.
func (l layout) words(boxes []gosseract.BoundingBox, scale float64) []pipeline.Word {
	ox, oy := (l.cw-l.width)/2, (l.ch-l.height)/2
	w, h := float64(l.width), float64(l.height)
	words := make([]pipeline.Word, 0, len(boxes))
	for _, b := range boxes {
		text := strings.TrimSpace(b.Word)
		if text == "" {
			continue
		}
		r := b.Box.Sub(image.Pt(ox, oy))
		box := pipeline.Box{
			X0: clampF(float64(r.Min.X), 0, w) * scale,
			Y0: clampF(float64(r.Min.Y), 0, h) * scale,
			X1: clampF(float64(r.Max.X), 0, w) * scale,
			Y1: clampF(float64(r.Max.Y), 0, h) * scale,
		}
		words = append(words, pipeline.Word{Text: text, Box: box, Conf: clampF(b.Confidence/100, 0, 1)})
	}
	return words
}

func clampF(v, lo, hi float64) float64 { return math.Min(math.Max(v, lo), hi) }

// flipped is the same page turned by 180°. The canvas keeps its size
// and centre, so words map onto the page as before.
func (l layout) flipped() layout {
	f := l
	f.img = rotateQuarter(l.img, 2)
	f.orient.quarter = (l.orient.quarter + 2) & 3
	return f
}
