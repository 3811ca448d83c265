package ocr

import (
	"image"
	"slices"
	"testing"

	"github.com/otiai10/gosseract/v2"
)

// TestDarkBands: a table header of light words on a dark band is found,
// and inverted it is dark type on white; a thick rule with nothing in it,
// a large dark picture and black type on paper are not bands.
func TestDarkBands(t *testing.T) {
	const dpi = 200 // 7.9 px per mm
	g := image.NewGray(image.Rect(0, 0, 1600, 2200))
	fill := func(r image.Rectangle, v func(x, y int) uint8) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				g.Pix[y*g.Stride+x] = v(x, y)
			}
		}
	}
	fill(g.Rect, func(x, y int) uint8 { return 235 })
	header := image.Rect(100, 400, 1500, 460) // 177 x 7.6 mm
	fill(header, func(x, y int) uint8 {
		if y >= 415 && y < 445 && (x < 400 || x > 600 && x < 900) && x/5%3 == 0 {
			return 245 // its words
		}
		return 70
	})
	fill(image.Rect(100, 700, 1500, 730), func(x, y int) uint8 { return 60 })                        // an empty bar
	fill(image.Rect(100, 900, 1500, 1600), func(x, y int) uint8 { return 50 })                       // a picture
	fill(image.Rect(100, 1800, 900, 1830), func(x, y int) uint8 { return [2]uint8{20, 235}[x/4%2] }) // type
	got := darkBands(g, dpi)
	if len(got) != 1 || !got[0].Overlaps(header) || got[0].Intersect(header).Dx() < header.Dx()*9/10 {
		t.Fatalf("bands %v, want the header %v alone", got, header)
	}
	if n := textRows(g, got[0]); n != 1 {
		t.Errorf("the header holds %d rows of text, want 1", n)
	}
	if n := textRows(g, image.Rect(100, 390, 1500, 470)); n != 1 {
		t.Errorf("the header with paper along its edges holds %d rows of text, want 1", n)
	}
	two := image.NewGray(image.Rect(0, 0, 400, 80))
	for y := range 80 {
		for x := range 400 {
			two.Pix[y*two.Stride+x] = 70
			if (y >= 10 && y < 30 || y >= 45 && y < 65) && x/5%3 == 0 {
				two.Pix[y*two.Stride+x] = 245
			}
		}
	}
	if n := textRows(two, two.Rect); n != 2 {
		t.Errorf("a title bar of two lines holds %d rows of text, want 2", n)
	}
	img, off := inverted(g, got[0])
	at := func(x, y int) uint8 { p := image.Pt(x, y).Sub(off); return img.Pix[img.PixOffset(p.X, p.Y)] }
	if v := at(450, 430); v < 240 {
		t.Errorf("the band between words reads %d inverted, want white", v)
	}
	if v := at(105, 430); v > 60 {
		t.Errorf("a letter reads %d inverted, want dark", v)
	}
	if v := img.Pix[0]; v != 255 {
		t.Errorf("the margin reads %d, want white", v)
	}
}

// TestMergeRereadSign: a sign that labels print, read surely, joins the
// line ("Invoice #" where the band's first reading had "Invoice + WE");
// an unsure one does not.
func TestMergeRereadSign(t *testing.T) {
	boxes := []gosseract.BoundingBox{
		word("Invoice", image.Rect(0, 0, 100, 20), 87),
		word("+", image.Rect(130, 0, 136, 20), 77),
		word("WE", image.Rect(160, 2, 250, 16), 56),
		word("date", image.Rect(400, 0, 460, 20), 97),
	}
	extra := []gosseract.BoundingBox{
		word("Invoice", image.Rect(0, 0, 100, 20), 92),
		word("#", image.Rect(120, 0, 138, 20), 93),
		word("%", image.Rect(600, 0, 620, 20), 40),
		word("Invoice", image.Rect(300, 0, 395, 20), 96),
	}
	got := mergedWords(boxes, extra)
	want := []string{"date", "Invoice", "#", "Invoice"}
	if !slices.Equal(got, want) {
		t.Errorf("merged %q, want %q", got, want)
	}
}

// TestDarkMarks: a logo's dark disc with light initials is found, and
// inverted the paper round it is white (not black wedges read as
// letters) while its initials are dark; a disc with nothing in it and a
// bullet are not found.
func TestDarkMarks(t *testing.T) {
	const dpi = 200
	g := image.NewGray(image.Rect(0, 0, 800, 600))
	disc := func(cx, cy, rad int, letters bool) {
		for y := cy - rad; y <= cy+rad; y++ {
			for x := cx - rad; x <= cx+rad; x++ {
				if (x-cx)*(x-cx)+(y-cy)*(y-cy) > rad*rad {
					continue
				}
				g.Pix[y*g.Stride+x] = 40
				if letters && y > cy-15 && y < cy+15 && x > cx-25 && x < cx+25 && x/5%3 == 0 {
					g.Pix[y*g.Stride+x] = 240 // its initials
				}
			}
		}
	}
	for i := range g.Pix {
		g.Pix[i] = 235
	}
	disc(150, 150, 48, true)  // 12 mm across
	disc(450, 150, 48, false) // no initials
	disc(650, 400, 10, true)  // a bullet, 2.5 mm
	got := darkBands(g, dpi)
	if len(got) != 1 || !got[0].Overlaps(image.Rect(102, 102, 198, 198)) {
		t.Fatalf("marks %v, want the logo's disc alone", got)
	}
	img, off := inverted(g, got[0])
	at := func(x, y int) uint8 { p := image.Pt(x, y).Sub(off); return img.Pix[img.PixOffset(p.X, p.Y)] }
	if v := at(got[0].Min.X+1, got[0].Min.Y+1); v != 255 {
		t.Errorf("the paper at the disc's box's corner reads %d inverted, want white", v)
	}
	if v := at(150, 150); v > 60 {
		t.Errorf("an initial reads %d inverted, want dark", v)
	}
	if v := at(150, 110); v < 200 {
		t.Errorf("the disc reads %d inverted, want light", v)
	}
}
