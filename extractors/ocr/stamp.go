package ocr

import (
	"image"
	"slices"
	"strings"

	"github.com/otiai10/gosseract/v2"
)

// A received stamp printed over a block of text (invoice number, dates,
// references) is the commonest way a post room makes a scan unreadable:
// its frame, turned a few degrees, makes Tesseract take the whole block
// for a picture, and its letters run through the values. The stamp's
// ink is coloured, so on a grey scan it is mid-grey, lighter than the
// black type under it. stampFrames finds such frames; rereadStamps
// reads each region again with everything lighter than black type
// whitened, and keeps the words of that reading that are surer than the
// page's reading of the same ink.

// Ink levels on the page before contrast normalisation (which would turn
// a stamp over blank paper black): type is darker than stampDark, a
// stamp's ink lies between stampDark and stampPaper. A red, blue or
// purple stamp at the usual 85 % opacity is 90 to 110; black type is 0
// to 50 on a scan, and where the two cross, 55 to 70.
const (
	stampDark  = 72
	stampPaper = 180
)

// Sizes of a stamp's frame in millimetres: post-room stamps are 25 to 70
// mm wide. Wider frames are form boxes and table rules.
const (
	stampMinW, stampMaxW = 15.0, 80.0
	stampMinH, stampMaxH = 6.0, 50.0
	// minTypeUnder is the least area of black type's cells (mm²) under a
	// frame for its lines to be read again in black: a few words. Twice
	// that, a line's worth, left the received stamp over a sender's box
	// (14 mm² of its light type) and a tick over a due date unread.
	minTypeUnder = 10.0
	// stampMaxFill is the most of its bounding box a frame's ink covers;
	// logos and filled shapes cover more.
	stampMaxFill = 0.3
)

// Classes of stampFrames' cells, by their darkest pixel.
const (
	cellPaper = iota
	cellMid
	cellDark
)

// stampFrames returns the mid-grey frames the size of a stamp (pixels
// of raw, origin 0,0). Those that cover black type (overType) can hide
// text, and their regions take the type's lines whole; the others'
// regions are their frames. Cells of about a hundredth of an inch are
// classed by their darkest pixel.
func stampFrames(raw *image.Gray, dpi float64) []stampRegion {
	w, h := raw.Rect.Dx(), raw.Rect.Dy()
	cell := max(1, int(dpi/100+0.5))
	cw, ch := w/cell, h/cell
	if cw < 4 || ch < 4 {
		return nil
	}
	cls := make([]uint8, cw*ch)
	low := cellLows(raw, cell)
	dark := typeLevel(low, cw)
	for i, v := range low {
		switch {
		case v < dark:
			cls[i] = cellDark
		case v < stampPaper:
			cls[i] = cellMid
		}
	}
	mm := dpi / 25.4 / float64(cell) // cells per millimetre
	unrule(cls, cw, ch, int(stampMaxW*mm), int(stampMaxH*mm))
	var out []stampRegion
	seen := make([]bool, len(cls))
	var stack []int
	for p, c := range cls {
		if c != cellMid || seen[p] {
			continue
		}
		x0, y0, x1, y1, n := p%cw, p/cw, p%cw, p/cw, 0
		var hist [256]int
		stack = append(stack[:0], p)
		seen[p] = true
		for len(stack) > 0 {
			q := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			n++
			hist[low[q]]++
			x, y := q%cw, q/cw
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			// Across up to two cells: a frame crossed by a stroke of type
			// is still one frame.
			for dy := -3; dy <= 3; dy++ {
				for dx := -3; dx <= 3; dx++ {
					nx, ny := x+dx, y+dy
					if nx >= 0 && ny >= 0 && nx < cw && ny < ch && cls[ny*cw+nx] == cellMid && !seen[ny*cw+nx] {
						seen[ny*cw+nx] = true
						stack = append(stack, ny*cw+nx)
					}
				}
			}
		}
		bw, bh := x1-x0+1, y1-y0+1
		fw, fh := float64(bw)/mm, float64(bh)/mm
		if fw < stampMinW || fw > stampMaxW || fh < stampMinH || fh > stampMaxH || float64(n) > stampMaxFill*float64(bw*bh) {
			continue
		}
		// Black type inside: dark cells over minTypeUnder at least. A
		// stamp half off the type, or a pen's tick over one date, holds
		// no more than a few words of it.
		darkCells := 0
		for y := y0; y <= y1; y++ {
			for _, c := range cls[y*cw+x0 : y*cw+x1+1] {
				if c == cellDark {
					darkCells++
				}
			}
		}
		frame := image.Rect(x0*cell, y0*cell, (x1+1)*cell, (y1+1)*cell)
		if float64(darkCells) < minTypeUnder*mm*mm {
			out = append(out, stampRegion{frame: frame, Rectangle: frame.Inset(-int(dpi / 25.4)).Intersect(image.Rect(0, 0, w, h)), cut: stampCut(hist[:])})
			continue
		}
		// The type's lines run on past the frame: whole lines are read.
		gap := int(3 * mm)
		for x0 > 0 && anyDark(cls, cw, max(0, x0-gap), x0-1, y0, y1) {
			x0--
		}
		for x1 < cw-1 && anyDark(cls, cw, x1+1, min(cw-1, x1+gap), y0, y1) {
			x1++
		}
		r := stampRegion{
			overType:  true,
			frame:     frame,
			Rectangle: image.Rect(x0*cell, y0*cell, (x1+1)*cell, (y1+1)*cell).Inset(-int(dpi / 25.4)).Intersect(image.Rect(0, 0, w, h)),
			cut:       stampCut(hist[:]),
		}
		// A frame split by the type it crosses is found in pieces.
		merged := false
		for i, o := range out {
			if o.overType && o.Overlaps(r.Rectangle) {
				out[i].Rectangle, out[i].cut, merged = o.Union(r.Rectangle), min(o.cut, r.cut), true
				out[i].frame = o.frame.Union(r.frame)
				break
			}
		}
		if !merged {
			out = append(out, r)
		}
	}
	return out
}

// cellLows is the darkest pixel of each whole cell of raw, cell pixels
// square, row by row.
func cellLows(raw *image.Gray, cell int) []uint8 {
	cw, ch := raw.Rect.Dx()/cell, raw.Rect.Dy()/cell
	low := make([]uint8, cw*ch)
	for i := range low {
		low[i] = 255
	}
	for y := range ch * cell {
		row := raw.Pix[raw.PixOffset(raw.Rect.Min.X, raw.Rect.Min.Y+y):][:cw*cell]
		base := (y / cell) * cw
		for x, v := range row {
			low[base+x/cell] = min(low[base+x/cell], v)
		}
	}
	return low
}

// typeLevel is the level under which a cell's darkest pixel is type's:
// stampDark, or on a page whose type came out light (thin strokes
// blurred to 70-100 by the scan, a grey toner) typeMargin above the
// darkest tenth of its cells of ink beside paper (strokes are thin; a
// photo's table and a logo's dark fill are not). A stamp over such type
// is still lighter than the type, but by less than on a crisp scan.
func typeLevel(low []uint8, cw int) uint8 {
	var hist [stampPaper]int
	n := 0
	ch := len(low) / cw
	for i, v := range low {
		if v >= stampPaper {
			continue
		}
		x, y := i%cw, i/cw
		beside := false
		for dy := -typeReach; dy <= typeReach && !beside; dy++ {
			for dx := -typeReach; dx <= typeReach; dx++ {
				if nx, ny := x+dx, y+dy; nx >= 0 && ny >= 0 && nx < cw && ny < ch && low[ny*cw+nx] >= stampPaper {
					beside = true
					break
				}
			}
		}
		if beside {
			hist[v]++
			n++
		}
	}
	seen := 0
	for v, c := range hist {
		seen += c
		if seen*10 >= n && n > 0 {
			return uint8(max(stampDark, v+typeMargin))
		}
	}
	return stampDark
}

// typeReach is how far from paper, in cells (a hundredth of an inch), a
// stroke's darkest cell lies: half a bold stroke's width.
const typeReach = 3

// typeMargin is how far above the type's darkest tenth its strokes'
// cells reach: the edges of thin and blurred strokes.
const typeMargin = 25

// unrule takes the mid-grey cells of table rules and box edges out of
// cls: unbroken runs of ink longer across than a stamp is wide, or down
// than it is tall. A stamp put down on a table touches its rules, and
// would otherwise be found as one shape with them, too wide to be a
// stamp. A stamp's own edges are shorter, however it is turned.
func unrule(cls []uint8, cw, ch, maxW, maxH int) {
	// A thin rule's faint cells read as paper here and there, and a rule
	// a little askew steps from one row of cells to the next: a cell is
	// ink when it or a neighbour across the run is, and a gap of up to
	// ruleGap cells does not end the run. Words are further apart.
	const ruleGap = 2
	ink := make([]bool, max(cw, ch)) // one run's cells
	sweep := func(at func(i, k int) int, n, across, limit int) {
		for k := range across {
			for i := range n {
				ink[i] = false
				for d := max(0, k-1); d <= min(across-1, k+1); d++ {
					ink[i] = ink[i] || cls[at(i, d)] != cellPaper
				}
			}
			start, last := -1, -1
			flush := func() {
				if start >= 0 && last-start+1 > limit {
					for j := start; j <= last; j++ {
						if cls[at(j, k)] == cellMid {
							cls[at(j, k)] = cellPaper
						}
					}
				}
			}
			for i := range n {
				if !ink[i] {
					continue
				}
				if start < 0 || i-last > ruleGap+1 {
					flush()
					start = i
				}
				last = i
			}
			flush()
		}
	}
	sweep(func(i, k int) int { return k*cw + i }, cw, ch, maxW)
	sweep(func(i, k int) int { return i*cw + k }, ch, cw, maxH)
}

// A stampRegion is where a stamp lies over type, and the level under
// which ink is the type's.
type stampRegion struct {
	image.Rectangle
	frame image.Rectangle // the stamp itself, before its lines are taken whole
	cut   uint8
	// overType: black type lies under the stamp, and the region holds
	// its lines whole; else the region is the frame.
	overType bool
}

// stampCut is the level a little under the stamp's own ink: the 20th
// percentile of its cells' darkest pixels. Labels in dark grey sit
// between black values and the stamp, and a fixed cut at black loses
// them.
func stampCut(hist []int) uint8 {
	n := 0
	for _, c := range hist {
		n += c
	}
	if n == 0 {
		return stampDark
	}
	v := int(level(hist, (n+4)/5-1)) // the first level with a fifth of the pixels at or under it
	return uint8(min(max(v-stampMargin, stampDark), stampPaper))
}

// stampMargin is how far under the stamp's ink the cut lies: JPEG noise.
const stampMargin = 6

func anyDark(cls []uint8, cw, x0, x1, y0, y1 int) bool {
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			if cls[y*cw+x] == cellDark {
				return true
			}
		}
	}
	return false
}

// blackOnly is raw's region r (origin 0,0 in raw's frame) with every
// pixel lighter than black type whitened, as a new image at 0,0.
func blackOnly(raw *image.Gray, r image.Rectangle, cut uint8) *image.Gray {
	out := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := range r.Dy() {
		src := regionRow(raw, r, y)
		dst := out.Pix[y*out.Stride:][:r.Dx()]
		for x, v := range src {
			if v >= cut {
				v = 255
			}
			dst[x] = v
		}
	}
	return out
}

// rereadStamps reads each stamp region of raw again in black only and
// merges that reading into boxes word by word (see mergeReread). Errors
// leave boxes as they are: this reading is a second chance, not the
// page's reading. It returns the stamps too: the words under their
// frames are overprinted, and their own text is read apart (see
// readStampText).
func rereadStamps(c *gosseract.Client, raw *image.Gray, boxes []gosseract.BoundingBox, dpi float64) ([]gosseract.BoundingBox, []stampRegion) {
	if raw == nil {
		return boxes, nil
	}
	stamps := stampFrames(raw, dpi)
	for _, r := range stamps {
		if !r.overType {
			continue
		}
		extra, err := readOne(c, blackOnly(raw, r.Rectangle, r.cut), dpi)
		if err != nil {
			continue
		}
		for i := range extra {
			extra[i].Box = extra[i].Box.Add(r.Min)
		}
		boxes = mergeReread(boxes, extra)
	}
	return boxes, stamps
}

// mergeReread merges a second reading of part of the page into boxes: a
// sure word of it replaces the words it overlaps when it is surer than
// each sure one among them or holds all its characters and more (the
// stamp's ink hid "25047" of "25047919", and the part read, "919", was
// sure), and joins them where it overlaps none. Words of the first
// reading it does not overlap stay (in black only the stamp's own text
// and grey labels are gone, not wrong), except unsure ones between the
// words of a line of the second reading (see strayInLines), and so do
// those it only cuts into pieces (see resegmented). Pen marks
// and the stamp's remains read as short capitals at low confidence and
// never count.
func mergeReread(boxes, extra []gosseract.BoundingBox) []gosseract.BoundingBox {
	drop := make([]bool, len(boxes))
	var add []gosseract.BoundingBox
	recut := resegmented(boxes, extra)
	for k, e := range extra {
		if !readable(e, 0) && !sureSign(e) || recut[k] {
			continue
		}
		var over []int
		surer := true
		for i, b := range boxes {
			if overlapsMostly(b.Box, e.Box) {
				over = append(over, i)
				surer = surer && (e.Confidence > b.Confidence || !readable(b, 0) || restores(b.Word, e.Word))
			}
		}
		if !surer {
			continue
		}
		for _, i := range over {
			drop[i] = true
		}
		add = append(add, e)
	}
	strayInLines(boxes, add, drop)
	out := make([]gosseract.BoundingBox, 0, len(boxes)+len(add))
	for i, b := range boxes {
		if !drop[i] {
			out = append(out, b)
		}
	}
	return append(out, add...)
}

// resegmented marks the words of extra that only cut a word of boxes
// anew: together they spell it ("457" "5" "516524" over "4575516524"),
// or one lies within a sure word and is part of it. Whitening all but
// black thins strokes and widens the gaps between characters, so the
// black-only reading splits words the first reading had whole, and a
// surer piece would replace the whole word and lose the rest of it.
func resegmented(boxes, extra []gosseract.BoundingBox) []bool {
	recut := make([]bool, len(extra))
	for _, b := range boxes {
		whole := strings.Join(strings.Fields(b.Word), "")
		if whole == "" {
			continue
		}
		var in []int
		for k, e := range extra {
			if overlapsMostly(b.Box, e.Box) {
				in = append(in, k)
			}
		}
		slices.SortFunc(in, func(i, j int) int { return extra[i].Box.Min.X - extra[j].Box.Min.X })
		var spelt strings.Builder
		for _, k := range in {
			spelt.WriteString(strings.TrimSpace(extra[k].Word))
		}
		spells := len(in) > 1 && spelt.String() == whole
		for _, k := range in {
			e := extra[k]
			part := strings.TrimSpace(e.Word)
			within := area(e.Box.Intersect(b.Box))*5 >= area(e.Box)*4
			if spells || b.Confidence >= keptConfidence && within && part != "" && part != whole && strings.Contains(whole, part) {
				recut[k] = true
			}
		}
	}
	return recut
}

// strayInLines marks in drop the words of boxes that lie between the
// first and last word of a line of add, overlap none of them, and are
// less sure than both that line and keptConfidence. Where a stamp crosses
// type, the first reading splits and shifts words ("Datum 024 4-10-16"
// for "Datum 2024-10-13"), so its guesses lie beside the black-only
// reading's words rather than under them, and the line would hold both.
func strayInLines(boxes, add []gosseract.BoundingBox, drop []bool) {
	type line struct {
		r          image.Rectangle
		conf, wide float64
	}
	var lines []line
	for _, a := range add {
		mid := (a.Box.Min.Y + a.Box.Max.Y) / 2
		k := slices.IndexFunc(lines, func(l line) bool { return mid >= l.r.Min.Y && mid < l.r.Max.Y })
		if k < 0 {
			lines = append(lines, line{})
			k = len(lines) - 1
		}
		l := &lines[k]
		if l.wide == 0 {
			l.r = a.Box
		}
		l.r = l.r.Union(a.Box)
		w := float64(a.Box.Dx())
		l.conf, l.wide = l.conf+w*a.Confidence, l.wide+w
	}
	for i, b := range boxes {
		if drop[i] || b.Confidence >= keptConfidence {
			continue
		}
		mid := image.Pt((b.Box.Min.X+b.Box.Max.X)/2, (b.Box.Min.Y+b.Box.Max.Y)/2)
		for _, l := range lines {
			if mid.In(l.r) && b.Confidence < l.conf/l.wide && !slices.ContainsFunc(add, func(a gosseract.BoundingBox) bool { return a.Box.Overlaps(b.Box) }) {
				drop[i] = true
				break
			}
		}
	}
}

// sureSign reports a sign that labels print ("Invoice #", "Moms %"), read
// surely: a pen mark or a stamp's remains read at low confidence.
func sureSign(b gosseract.BoundingBox) bool {
	return b.Confidence >= keptConfidence && len(b.Word) > 0 && strings.Trim(b.Word, "#%€$£&") == ""
}

// keptConfidence is how sure a word of the first reading must be to stay
// in a line the second reading read better: a sure word there is text
// the black-only image lost (a grey label, the stamp's own words).
const keptConfidence = 90

// overlapsMostly reports boxes sharing over a third of the smaller one.
func overlapsMostly(a, b image.Rectangle) bool {
	in := a.Intersect(b)
	return !in.Empty() && area(in)*3 > min(area(a), area(b))
}

func area(r image.Rectangle) int { return r.Dx() * r.Dy() }
