package ocr

import (
	"context"
	"image"
	"slices"
	"testing"

	"github.com/otiai10/gosseract/v2"
)

// numberBox is a word of n characters at 24 px high, each character 0.6
// of that wide, as digits are in most fonts.
func numberBox(x, y int, word string, chars int) gosseract.BoundingBox {
	w := chars * 24 * 6 / 10
	return gosseract.BoundingBox{Box: image.Rect(x, y, x+w, y+24), Word: word, Confidence: 90}
}

func TestShortWords(t *testing.T) {
	boxes := []gosseract.BoundingBox{
		numberBox(100, 100, "2024-05-01", 10),
		numberBox(100, 150, "12.500,00", 9),
		numberBox(100, 200, "5050-1055", 9),
		numberBox(100, 250, "3891,", 7),        // lost "38"
		numberBox(100, 300, "19456,", 7),       // lost one digit of two
		numberBox(100, 350, "15565,50", 8),     // read whole
		numberBox(100, 400, "1.250.", 6),       // a number ending a sentence, read whole
		numberBox(100, 450, "INV-20,", 9),      // an identifier can lose its end too
		numberBox(100, 500, "559341-3353", 13), // wide, but no separator at its end
	}
	got := shortWords(boxes)
	if want := []int{3, 4, 7}; !slices.Equal(got, want) {
		t.Errorf("short words %v, want %v", got, want)
	}
	if got := shortWords(boxes[3:5]); got != nil {
		t.Errorf("two numbers cannot say how wide a page's characters are, got %v", got)
	}
}

func TestRestores(t *testing.T) {
	cases := []struct {
		read, again string
		want        bool
	}{
		{"3891,", "3891,38", true},
		{"3891,", "3891, 38", true},
		{"3891,", "3891,", false},    // nothing added
		{"3891,", "3B91,38", false},  // a digit changed
		{"3891,", "891,38", false},   // a digit lost
		{"19456,", "19456,,", false}, // only punctuation added
	}
	for _, c := range cases {
		if got := restores(c.read, c.again); got != c.want {
			t.Errorf("restores(%q, %q) = %v, want %v", c.read, c.again, got, c.want)
		}
	}
}

// TestRereadShort reads with real Tesseract a number whose first reading
// lost its decimals: the box spans all of "3891,38", the text and an
// unsure piece over its end say "3891," and "38".
func TestRereadShort(t *testing.T) {
	const dpi = 300
	page, first := testPage(t, []string{"3891,38 kr"}, 11, dpi, 420, 200)
	px := func(pt float64) int { return int(pt * dpi / 72) }
	r := image.Rect(px(first[0]), px(first[1]), px(first[2]), px(first[3]))
	piece := image.Rect(r.Max.X-r.Dx()*2/7, r.Min.Y-r.Dy()/4, r.Max.X, r.Max.Y+r.Dy()/4)
	other := image.Rect(r.Max.X+40, r.Min.Y, r.Max.X+120, r.Max.Y)
	boxes := []gosseract.BoundingBox{
		{Box: r, Word: "3891,", Confidence: 41},
		{Box: piece, Word: "38", Confidence: 41},
		{Box: other, Word: "kr", Confidence: 95},
	}
	e := newTestEngine(t, nil)
	c, err := e.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer e.release(c)
	got := rereadShort(c, page, boxes, []int{0}, dpi)
	if len(got) != 2 || got[0].Word != "3891,38" || got[1].Word != "kr" {
		t.Fatalf("read again: %+v, want 3891,38 and kr", got)
	}
	if got[0].Confidence < missedConfidence || got[0].Box != r {
		t.Errorf("read again: confidence %.0f, box %v; want the new reading's and %v", got[0].Confidence, got[0].Box, r)
	}
	// The client reads pages in PSM_AUTO again.
	if v := c.Variables["tessedit_pageseg_mode"]; v != "3" {
		t.Errorf("page segmentation mode left at %q", v)
	}
}
