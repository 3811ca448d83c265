package ocr

import (
	"image"
	"unicode/utf8"
)

// A form's check box is read as whatever its square and tick look like
// ("[XJ", "(J", "TJ", "LD", "Oo"), which is no text and hides whether it
// was ticked. checkbox finds a short word whose ink is a square outline
// about a letter high or a little more, and says whether its inside
// holds a tick: the word is then "☒" or "☐", as a text layer prints it.
// Only an X counts as a tick here; a box ticked otherwise stays as read.
func (l layout) checkbox(text string, r image.Rectangle, med int) (glyph string, ok bool) {
	if l.img == nil || text == "" || utf8.RuneCountInString(text) > 3 || med <= 0 {
		return "", false
	}
	r = r.Intersect(l.img.Rect)
	dark := func(x, y int) bool { return l.img.Pix[l.img.PixOffset(x, y)] < 128 }
	ink := image.Rectangle{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if dark(x, y) {
				ink = ink.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	w, h := ink.Dx(), ink.Dy()
	if h == 0 || 4*w < 3*h || 3*w > 4*h || 5*h < 4*med || h > 5*med/2 {
		return "", false
	}
	t := max(1, h/8) // a side's band: the outline's stroke, and a tilt
	// side is the share of the n steps along a side of ink whose band,
	// t pixels deep, has ink; at(i, j) is step i's pixel j deep.
	side := func(n int, at func(i, j int) (int, int)) float64 {
		hit := 0
		for i := range n {
			for j := range t {
				if dark(at(i, j)) {
					hit++
					break
				}
			}
		}
		return float64(hit) / float64(max(1, n))
	}
	top := side(w, func(i, j int) (int, int) { return ink.Min.X + i, ink.Min.Y + j })
	bottom := side(w, func(i, j int) (int, int) { return ink.Min.X + i, ink.Max.Y - 1 - j })
	left := side(h, func(i, j int) (int, int) { return ink.Min.X + j, ink.Min.Y + i })
	right := side(h, func(i, j int) (int, int) { return ink.Max.X - 1 - j, ink.Min.Y + i })
	in := ink.Inset(max(t+1, h/5))
	filled, n := 0, 0
	for y := in.Min.Y; y < in.Max.Y; y++ {
		for x := in.Min.X; x < in.Max.X; x++ {
			n++
			if dark(x, y) {
				filled++
			}
		}
	}
	share := float64(filled) / float64(max(1, n))
	if min(top, bottom, left, right) < minBoxSide || !l.paperAround(ink, t) {
		return "", false
	}
	switch {
	case share < emptyBox:
		return "☐", true
	case share >= tickedBox && share < solidBox && crossed(ink, dark):
		return "☒", true
	}
	return "", false
}

// paperAround reports a shape with paper round it: a box stands on the
// page, while a word in a dark band (a table's header, "Moms %") has
// ink on every side.
func (l layout) paperAround(r image.Rectangle, t int) bool {
	ring := r.Inset(-2 * t).Intersect(l.img.Rect)
	light, n := 0, 0
	for y := ring.Min.Y; y < ring.Max.Y; y++ {
		for x := ring.Min.X; x < ring.Max.X; x++ {
			if image.Pt(x, y).In(r.Inset(-1)) {
				continue
			}
			n++
			if l.img.Pix[l.img.PixOffset(x, y)] >= 128 {
				light++
			}
		}
	}
	return n > 0 && 10*light >= 7*n
}

// crossed reports an X in the box r: the paper between its arms, halfway
// from the centre to each side, is light. A logo's filled square with a
// light initial ("G") is dark there.
func crossed(r image.Rectangle, dark func(x, y int) bool) bool {
	cx, cy := (r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2
	dx, dy := r.Dx()/4, r.Dy()/4
	light := 0
	for _, p := range []image.Point{{cx - dx, cy}, {cx + dx, cy}, {cx, cy - dy}, {cx, cy + dy}} {
		d := 0
		for y := p.Y - 1; y <= p.Y+1; y++ {
			for x := p.X - 1; x <= p.X+1; x++ {
				if dark(x, y) {
					d++
				}
			}
		}
		if d <= 2 {
			light++
		}
	}
	return light >= 3
}

// Shares that tell a box. On pair4's forms, every side of a box had ink
// across 0.94 of it or more, while no letter or digit pair read as a
// short word had all four above 0.8 ("N", a logo's initial, 0.69). An
// empty box's inside had no ink at all, a ticked one's X 0.52 to 0.55;
// between the two a speck or a stroke may be either, and the word stays
// as read, as does a solid block.
const (
	minBoxSide = 0.85
	emptyBox   = 0.04
	tickedBox  = 0.1
	solidBox   = 0.8
)
