package ocr

import (
	"fmt"
	"image"
	"strconv"

	"github.com/otiai10/gosseract/v2"
)

// readOne has c recognise img, whose resolution is dpi, and returns its
// words with boxes in pixels of img, origin at its top left.
func readOne(c *gosseract.Client, img *image.Gray, dpi float64) ([]gosseract.BoundingBox, error) {
	if err := c.SetVariable("user_defined_dpi", strconv.Itoa(int(dpi+0.5))); err != nil {
		return nil, err
	}
	if err := c.SetImageFromBytes(encodeTIFF(img)); err != nil {
		return nil, err
	}
	return c.GetBoundingBoxesVerbose()
}

// readParts is readOne that uses an idle client too, when there is one:
// Tesseract reads a page on one core, so a page read alone (one document
// coming in, or the last page of a batch) leaves the others idle. The
// page is cut across at the blank band nearest the middle of its ink,
// and each part is read by its own client, at the same time. On a clean
// page the words are the same as when read whole; on degraded scans each
// part gets its own threshold and layout analysis (see
// Config.PageClients). Without a blank band across the page, or an idle
// client, the page is read whole by c.
func (e *Engine) readParts(c *gosseract.Client, img *image.Gray, dpi float64) ([]gosseract.BoundingBox, error) {
	if e.cfg.PageClients < 2 {
		return readOne(c, img, dpi)
	}
	y := cutRow(img, dpi)
	if y <= 0 {
		return readOne(c, img, dpi)
	}
	h := e.tryHelper()
	if h == nil {
		return readOne(c, img, dpi)
	}
	r := img.Rect
	top := img.SubImage(image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+y)).(*image.Gray)
	bottom := img.SubImage(image.Rect(r.Min.X, r.Min.Y+y, r.Max.X, r.Max.Y)).(*image.Gray)
	var lower []gosseract.BoundingBox
	var lowerErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if p := recover(); p != nil {
				lowerErr = fmt.Errorf("tesseract panic: %v", p)
			}
		}()
		lower, lowerErr = readOne(h, bottom, dpi)
	}()
	upper, err := readOne(c, top, dpi)
	<-done
	e.releaseHelper(h)
	if err != nil {
		return nil, err
	}
	if lowerErr != nil {
		return nil, lowerErr
	}
	for i := range lower {
		lower[i].Box = lower[i].Box.Add(image.Pt(0, y))
	}
	return append(upper, lower...), nil
}

// cutRow is the row of img (from its top) at which to cut it in two for
// readParts: the middle of the blank band across the whole width that
// lies nearest the row above which half the page's ink lies, so that the
// parts take about as long to read. A band is blank when no pixel in it
// is ink (specks aside), and it must be at least cutBandPt high, more than the gap
// between the lines of a paragraph, so that no line is cut. Bands in
// the outer fifths of the ink do not count: one part would hold most of
// the text. 0 means no cut.
func cutRow(img *image.Gray, dpi float64) int {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	minBand := int(cutBandPt / 72 * dpi)
	if w == 0 || h < 4*minBand || minBand < 1 {
		return 0
	}
	speck := max(2, w/400)
	ink := make([]int, h)
	total := 0
	for y := range h {
		n := 0
		for _, v := range img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y):][:w] {
			if v < missedInk {
				n++
			}
		}
		if n <= speck {
			n = 0 // a speck of dust or noise does not make a line
		}
		ink[y] = n
		total += n
	}
	if total == 0 {
		return 0
	}
	best, bestDist := 0, total
	sum, run := 0, 0
	for y := range h {
		if ink[y] == 0 {
			run++
		} else {
			run = 0
		}
		sum += ink[y]
		// At the end of a blank band long enough: its middle is a candidate.
		if run >= minBand && (y+1 == h || ink[y+1] != 0) {
			if sum*5 < total || sum*5 > total*4 {
				continue
			}
			if d := abs(2*sum - total); d < bestDist {
				best, bestDist = y-run/2, d
			}
		}
	}
	return best
}

// cutBandPt is the least height of a blank band readParts cuts in: two
// thirds of the line pitch of 10 pt text at 1.2 spacing is 8 pt of ink,
// so its white gap is 4 to 6 pt; a band of 9 pt lies between paragraphs,
// blocks or table rows with room, never between two lines of a
// paragraph.
const cutBandPt = 9.0

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
