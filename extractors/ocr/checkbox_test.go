package ocr

import (
	"image"
	"testing"

	"github.com/otiai10/gosseract/v2"
)

// TestWordsCheckboxes: a form's boxes, read as Tesseract reads them, come
// out as the glyphs a text layer prints, ticked or not; letters with a
// square's make, a solid block and a box far larger than the letters do
// not.
func TestWordsCheckboxes(t *testing.T) {
	img, pen := blankPage(600, 200)
	ink := func(x0, y0, x1, y1 int) { pen(x0, y0, x1, y1, 30) }
	square := func(x, y, s, w int) {
		ink(x, y, x+s, y+w)
		ink(x, y+s-w, x+s, y+s)
		ink(x, y, x+w, y+s)
		ink(x+s-w, y, x+s, y+s)
	}
	square(10, 10, 28, 3) // empty
	square(10, 60, 28, 3) // ticked: an X inside
	for d := 5; d < 23; d++ {
		ink(10+d, 60+d, 10+d+3, 60+d+3)
		ink(10+28-d-3, 60+d, 10+28-d, 60+d+3)
	}
	ink(10, 110, 38, 138)   // a solid block
	square(400, 110, 80, 3) // a frame three letters high
	// "O": round, so its sides touch the ink's bounding box only midway.
	for y := 110; y < 138; y++ {
		for x := 200; x < 228; x++ {
			dx, dy := float64(x-214)+0.5, float64(y-124)+0.5
			if r := dx*dx + dy*dy; r <= 14*14 && r >= 11*11 {
				img.Pix[y*600+x] = 30
			}
		}
	}
	// A logo: a filled square with a light initial ("G"), its inside
	// dark between the letter's strokes.
	ink(300, 10, 328, 38)
	for y := 16; y < 32; y++ {
		for x := 306; x < 322; x++ {
			if x < 309 || y < 19 || y >= 29 {
				img.Pix[y*600+x] = 255
			}
		}
	}
	// A dark band (a table's header) with a light "%" in it.
	ink(350, 50, 590, 90)
	for d := 0; d < 20; d++ {
		img.Pix[(60+d)*600+500+d] = 255
		img.Pix[(60+d)*600+501+d] = 255
	}
	l := layout{img: img, width: 600, height: 200, zoom: 1, zw: 600, zh: 200}
	boxes := []gosseract.BoundingBox{
		word("(J", image.Rect(9, 9, 39, 39), 60),
		word("Afstand", image.Rect(50, 12, 140, 36), 95),
		word("[XJ", image.Rect(9, 59, 39, 89), 60),
		word("Trafik", image.Rect(50, 62, 130, 86), 95),
		word("I", image.Rect(9, 109, 39, 139), 60),
		word("O", image.Rect(199, 109, 229, 139), 90),
		word("G", image.Rect(299, 9, 329, 39), 80),
		word("%", image.Rect(495, 55, 525, 85), 80),
		word("LD", image.Rect(399, 109, 481, 191), 80), // read surely: no scrawl
	}
	// In the band a word's square of ink has no paper round it.
	if l.paperAround(image.Rect(495, 55, 525, 85), 3) || !l.paperAround(image.Rect(10, 10, 38, 38), 3) {
		t.Error("paperAround: a word in a dark band stands on paper, or a box does not")
	}
	got := make(map[string]string)
	for i, w := range l.words(boxes, 1) {
		got[boxes[i].Word] = w.Text
	}
	for read, want := range map[string]string{"(J": "☐", "[XJ": "☒", "I": "I", "O": "O", "LD": "LD", "G": "G", "%": "%", "Afstand": "Afstand"} {
		if got[read] != want {
			t.Errorf("%q came out as %q, want %q", read, got[read], want)
		}
	}
}
