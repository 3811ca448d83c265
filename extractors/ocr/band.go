package ocr

import (
	"image"
	"strconv"

	"github.com/otiai10/gosseract/v2"
)

// Invoices print their table headers and title bars as light words on a
// dark band. Tesseract reads such a band as best it can inside the page
// (and contrast normalisation turns the band's empty stretches into light
// blots it reads as letters: "Invoice + WE" for "Invoice #"); read alone
// and inverted, the band is dark type on white, Tesseract's best case.
// Changing the band on the page itself instead moves Tesseract's global
// threshold, and with it the reading of the whole page. rereadBands
// finds dark bands on the page as it was photographed or scanned (raw)
// and merges their inverted reading into boxes as rereadStamps does.
func rereadBands(c *gosseract.Client, raw *image.Gray, boxes []gosseract.BoundingBox, dpi float64) []gosseract.BoundingBox {
	if raw == nil {
		return boxes
	}
	defer c.SetVariable("tessedit_pageseg_mode", strconv.Itoa(int(gosseract.PSM_AUTO)))
	for _, r := range darkBands(raw, dpi) {
		// A band of one line of words is read as a line: in page layout
		// mode Tesseract took 0.3 to 0.7 s over a header row, a tenth of
		// that as a line, and read specks at its ends as words.
		psm := gosseract.PSM_SINGLE_BLOCK
		if textRows(raw, r) == 1 {
			psm = gosseract.PSM_SINGLE_LINE
		}
		_ = c.SetVariable("tessedit_pageseg_mode", strconv.Itoa(int(psm)))
		img, off := inverted(raw, r)
		extra, err := readOne(c, img, dpi)
		if err != nil {
			continue
		}
		for i := range extra {
			extra[i].Box = extra[i].Box.Add(off)
		}
		boxes = mergeReread(boxes, extra)
	}
	return boxes
}

// Bands: cells of about half a millimetre, a cell dark when bandFill of
// its pixels are darker than bandDark; a band is a group of dark cells
// bandMinW to bandMaxW millimetres wide and bandMinH to bandMaxH high
// (a header row or a title bar; a photo's table or a picture is larger),
// dark over bandSolid of its box, with light letters (over bandLight) on
// at least bandText of it.
const (
	bandDark  = 128
	bandLight = 170
	bandFill  = 0.85
	bandMinW  = 25.0
	bandMaxW  = 300.0
	bandMinH  = 3.0
	bandMaxH  = 15.0
	bandSolid = 0.5
	bandText  = 0.03
)

// A mark is a logo's disc or square with the sender's initials in it
// ("ÖV", "TS"), markMin to markMax millimetres across and about as high
// as wide. Page layout takes it for a picture and leaves it unread.
const markMin, markMax = 6.0, 25.0

func isMark(fw, fh float64) bool {
	return fw >= markMin && fw <= markMax && fh >= markMin && fh <= markMax && fw < 1.7*fh && fh < 1.7*fw
}

// darkBands returns the boxes (pixels of raw, origin 0,0) of dark bands
// holding light text.
func darkBands(raw *image.Gray, dpi float64) []image.Rectangle {
	cell := max(1, int(dpi/50+0.5))
	w, h := raw.Rect.Dx(), raw.Rect.Dy()
	cw, ch := w/cell, h/cell
	if cw < 4 || ch < 4 {
		return nil
	}
	dark := make([]int, cw*ch)
	for y := range ch * cell {
		row := raw.Pix[raw.PixOffset(raw.Rect.Min.X, raw.Rect.Min.Y+y):][:cw*cell]
		base := (y / cell) * cw
		for x, v := range row {
			if v < bandDark {
				dark[base+x/cell]++
			}
		}
	}
	full := int(bandFill*float64(cell*cell) + 0.5)
	on := make([]bool, cw*ch)
	for i, n := range dark {
		on[i] = n >= full
	}
	mm := dpi / 25.4 / float64(cell)
	var out []image.Rectangle
	cellGroups(on, cw, func(x0, y0, x1, y1 int, cells []int) {
		bw, bh := x1-x0+1, y1-y0+1
		fw, fh := float64(bw)/mm, float64(bh)/mm
		band := fw >= bandMinW && fw <= bandMaxW && fh >= bandMinH && fh <= bandMaxH
		if !band && !isMark(fw, fh) || float64(len(cells)) < bandSolid*float64(bw*bh) {
			return
		}
		r := image.Rect(x0*cell, y0*cell, (x1+1)*cell, (y1+1)*cell)
		if lightShare(raw, r) < bandText {
			return // a rule or a bar with nothing written in it
		}
		out = append(out, r)
	})
	return out
}

// lightShare is the share of raw's region r (origin 0,0) lighter than
// bandLight and inside the dark shape: letters, not the paper round a
// logo's disc.
func lightShare(raw *image.Gray, r image.Rectangle) float64 {
	out := outside(raw, r)
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x, v := range regionRow(raw, r, y-r.Min.Y) {
			if v > bandLight && !out[(y-r.Min.Y)*r.Dx()+x] {
				n++
			}
		}
	}
	return float64(n) / float64(max(1, r.Dx()*r.Dy()))
}

// textRows counts the runs of pixel rows of raw's region r (origin 0,0)
// that hold light letters: the lines of a band's text. Runs touching the
// region's top or bottom are the paper along the band's edges.
func textRows(raw *image.Gray, r image.Rectangle) int {
	runs, start := 0, -1
	for y := r.Min.Y; y <= r.Max.Y; y++ {
		lit := false
		if y < r.Max.Y {
			for _, v := range regionRow(raw, r, y-r.Min.Y) {
				if v > bandLight {
					lit = true
					break
				}
			}
		}
		switch {
		case lit && start < 0:
			start = y
		case !lit && start >= 0:
			if start > r.Min.Y && y < r.Max.Y {
				runs++
			}
			start = -1
		}
	}
	return runs
}

// inverted is raw's region r (origin 0,0) inverted, with a margin of
// white around it (Tesseract drops text touching the image's edge), as a
// new image at 0,0, and where that image's origin lies on raw. Inverted,
// the band is grey, and Tesseract's threshold would split it from the
// margin's white rather than from its letters: its level (the median,
// the letters being fewer) is stretched to white.
func inverted(raw *image.Gray, r image.Rectangle) (*image.Gray, image.Point) {
	var hist [256]int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for _, v := range regionRow(raw, r, y-r.Min.Y) {
			hist[255-v]++
		}
	}
	level, seen := 255, 0
	for v, n := range hist {
		if seen += n; seen*2 >= r.Dx()*r.Dy() {
			level = max(v, 1)
			break
		}
	}
	pad := max(4, r.Dy()/2)
	out := image.NewGray(image.Rect(0, 0, r.Dx()+2*pad, r.Dy()+2*pad))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for y := range r.Dy() {
		src := regionRow(raw, r, y)
		dst := out.Pix[(y+pad)*out.Stride+pad:][:r.Dx()]
		for x, v := range src {
			dst[x] = uint8(min(255, int(255-v)*255/level))
		}
	}
	whitenOutside(out, raw, r, pad)
	return out, r.Min.Sub(image.Pt(pad, pad))
}

// whitenOutside whitens in out (raw's region r, inverted, at pad) the
// paper round the dark shape (see outside). Inverted, the corners of a
// logo's disc round its initials would be black wedges, read as letters
// ("ØD" for "SH"); the letters lie inside the shape and stay.
func whitenOutside(out, raw *image.Gray, r image.Rectangle, pad int) {
	w := r.Dx()
	for p, o := range outside(raw, r) {
		if o {
			out.Pix[(p/w+pad)*out.Stride+pad+p%w] = 255
		}
	}
}

// outside marks the light pixels of raw's region r that its edge
// reaches through light pixels: the paper round a shape, not the light
// letters inside it.
func outside(raw *image.Gray, r image.Rectangle) []bool {
	w := r.Dx()
	return fromEdges(w, r.Dy(), func(p int) bool { return regionRow(raw, r, p/w)[p%w] > bandDark })
}

// fromEdges marks the cells of a w×h grid that its edges reach through
// cells that are in (four ways).
func fromEdges(w, h int, in func(p int) bool) []bool {
	seen := make([]bool, w*h)
	var stack []int
	push := func(x, y int) {
		if p := y*w + x; x >= 0 && y >= 0 && x < w && y < h && !seen[p] && in(p) {
			seen[p] = true
			stack = append(stack, p)
		}
	}
	for x := range w {
		push(x, 0)
		push(x, h-1)
	}
	for y := range h {
		push(0, y)
		push(w-1, y)
	}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		x, y := p%w, p/w
		push(x+1, y)
		push(x-1, y)
		push(x, y+1)
		push(x, y-1)
	}
	return seen
}

// regionRow is row y of the region r of g, r and y counted from g's
// top-left corner at 0,0 and r's top.
func regionRow(g *image.Gray, r image.Rectangle, y int) []uint8 {
	return g.Pix[g.PixOffset(g.Rect.Min.X+r.Min.X, g.Rect.Min.Y+r.Min.Y+y):][:r.Dx()]
}
