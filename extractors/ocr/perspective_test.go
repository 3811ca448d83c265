package ocr

import (
	"image"
	"math"
	"testing"
)

// photographed renders a page as a phone would see it: the paper a
// quadrangle q on a dark table, its grey level at (u, v) (0..1 across and
// down the page) given by paint.
func photographed(w, h int, q [4][2]float64, paint func(u, v float64) uint8) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 90
	}
	// Page coordinates of each photo pixel: the inverse map, found by
	// sampling the page densely and writing where each sample lands.
	m := squareToQuad(q)
	const n = 2400
	for j := range n {
		v := (float64(j) + 0.5) / n
		for i := range n {
			u := (float64(i) + 0.5) / n
			x, y := m.apply(u, v)
			px, py := int(x), int(y)
			if px < 0 || py < 0 || px >= w || py >= h {
				continue
			}
			g.Pix[py*g.Stride+px] = paint(u, v)
		}
	}
	return g
}

// barred paints black bars across the page (lines of text) centred at
// the heights given.
func barred(bars ...float64) func(u, v float64) uint8 {
	return func(u, v float64) uint8 {
		for _, b := range bars {
			if math.Abs(v-b) < 0.006 && u > 0.1 && u < 0.9 {
				return 30
			}
		}
		return 235
	}
}

// TestRectifyPerspective: a page photographed at an angle, its top edge
// sloping 4° and its bottom 1.5°, comes back a rectangle whose lines are
// level from end to end, to within a pixel or two.
func TestRectifyPerspective(t *testing.T) {
	q := [4][2]float64{{150, 180}, {1050, 117}, {1090, 1560}, {110, 1586}}
	bars := []float64{0.1, 0.3, 0.5, 0.7, 0.9}
	photo := photographed(1200, 1700, q, barred(bars...))
	pq := paperQuad(photo, 300)
	if pq == nil {
		t.Fatal("no paper found in the photo")
	}
	r := pq.warp(photo, 1)
	w, h := r.Rect.Dx(), r.Rect.Dy()
	if w < 850 || w > 1000 || h < 1350 || h > 1550 {
		t.Fatalf("rectified page is %d×%d, want about 930×1450", w, h)
	}
	// Each bar's middle row at its left and right ends.
	middle := func(x, y0, y1 int) float64 {
		s, n := 0, 0
		for y := max(0, y0); y < min(h, y1); y++ {
			if r.Pix[y*r.Stride+x] < 128 {
				s += y
				n++
			}
		}
		if n == 0 {
			return -1
		}
		return float64(s) / float64(n)
	}
	for _, b := range bars {
		y := int(b * float64(h))
		left, right := middle(w/6, y-40, y+40), middle(w*5/6, y-40, y+40)
		if left < 0 || right < 0 {
			t.Fatalf("bar at %.1f not found at both ends (%.1f, %.1f)", b, left, right)
		}
		if math.Abs(left-right) > 2 {
			t.Errorf("bar at %.1f runs from row %.1f to %.1f: still askew", b, left, right)
		}
	}
}

// TestRectifyLeavesScans: a page without a surround, and a photo whose
// paper is a rectangle only turned (deskewing straightens it), have no
// quadrangle to rectify.
func TestRectifyLeavesScans(t *testing.T) {
	// A scan: the paper fills the image.
	scan := photographed(1000, 1400, [4][2]float64{{0, 0}, {1000, 0}, {1000, 1400}, {0, 1400}}, barred(0.2))
	if paperQuad(scan, 300) != nil {
		t.Error("a scan was rectified")
	}
	// A rectangle turned by 2°.
	c, s := math.Cos(2*math.Pi/180), math.Sin(2*math.Pi/180)
	rot := func(x, y float64) [2]float64 {
		x, y = x-600, y-850
		return [2]float64{600 + c*x - s*y, 850 + s*x + c*y}
	}
	q := [4][2]float64{rot(150, 150), rot(1050, 150), rot(1050, 1550), rot(150, 1550)}
	turned := photographed(1200, 1700, q, barred(0.2, 0.5))
	if paperQuad(turned, 300) != nil {
		t.Error("a turned rectangle was resampled")
	}
}

// TestRectifyKeepsDarkHeader: a page whose letterhead is a band as dark
// as the table it lies on, with white text in it, along the paper's top
// edge. Taking the band for the table would cut its text off; the page
// is left to deskewing instead, or rectified with the band.
func TestRectifyKeepsDarkHeader(t *testing.T) {
	q := [4][2]float64{{150, 180}, {1050, 117}, {1090, 1560}, {110, 1586}}
	bars := barred(0.3, 0.5, 0.7)
	photo := photographed(1200, 1700, q, func(u, v float64) uint8 {
		if v < 0.06 {
			if v > 0.02 && v < 0.04 && u > 0.1 && u < 0.5 && int(u*200)%2 == 0 {
				return 240 // white letters
			}
			return 90
		}
		return bars(u, v)
	})
	pq := paperQuad(photo, 300)
	if pq == nil {
		return
	}
	// The header's letters lie 2 to 4 % down the page; the rectified
	// top edge must lie above them.
	if top := max(pq.p[0][1], pq.p[1][1]); top > 117+0.02*1400 {
		t.Errorf("rectified page starts at y %.0f: the header band was cut off", top)
	}
}

// TestPaperGivesResolution: the page in TestRectifyPerspective is about
// 930 pixels wide, an A4 sheet at about 112 dpi. An image whose
// resolution was not measured takes that; one whose was keeps its own.
// A scan has no paper to measure, and a strip of paper is no sheet.
func TestPaperGivesResolution(t *testing.T) {
	q := [4][2]float64{{150, 180}, {1050, 117}, {1090, 1560}, {110, 1586}}
	photo := photographed(1200, 1700, q, barred(0.1, 0.3, 0.5, 0.7, 0.9))
	pq := paperQuad(photo, 300)
	if pq == nil {
		t.Fatal("no paper found in the photo")
	}
	w, _ := pq.size()
	want := float64(w) / (210 / 25.4)
	if got, ok := pq.paperDPI(); !ok || math.Abs(got-want) > 0.5 || got < 100 || got > 125 {
		t.Errorf("paperDPI = %.1f, %v, want %.1f (about 112)", got, ok, want)
	}
	if l := prepare(photo, 300, false); math.Abs(l.dpi-want) > 0.5 {
		t.Errorf("a photo without a measured resolution is read at %.1f dpi, want the paper's %.1f", l.dpi, want)
	}
	if l := prepare(photo, 200, true); l.dpi != 200 {
		t.Errorf("a measured 200 dpi became %.1f", l.dpi)
	}
	scan := photographed(1000, 1400, [4][2]float64{{0, 0}, {1000, 0}, {1000, 1400}, {0, 1400}}, barred(0.2))
	if l := prepare(scan, 300, false); l.dpi != 300 {
		t.Errorf("a scan without paper edges is read at %.1f dpi, want the default 300", l.dpi)
	}
	strip := &quad{p: [4][2]float64{{100, 100}, {1100, 100}, {1100, 300}, {100, 300}}}
	if _, ok := strip.paperDPI(); ok {
		t.Error("a strip of paper 5 times as wide as high was taken for a sheet")
	}
	if _, ok := (*quad)(nil).paperDPI(); ok {
		t.Error("no paper gave a resolution")
	}
}
