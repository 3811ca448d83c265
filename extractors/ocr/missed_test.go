package ocr

import (
	"image"
	"testing"

	"github.com/otiai10/gosseract/v2"
)

// TestNormalizeContrast: grey text beside paper turns dark, black text
// and paper stay as they are, and paper grain is not blown up into ink.
func TestNormalizeContrast(t *testing.T) {
	const cell = 25
	g := image.NewGray(image.Rect(0, 0, 400, 200))
	for i := range g.Pix {
		g.Pix[i] = 245
	}
	fill := func(r image.Rectangle, v func(x, y int) uint8) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				g.Pix[y*g.Stride+x] = v(x, y)
			}
		}
	}
	// Strokes of grey and black "text" on paper, grain elsewhere.
	fill(image.Rect(20, 20, 120, 60), func(x, y int) uint8 { return [2]uint8{160, 245}[x/4%2] })
	fill(image.Rect(220, 20, 320, 60), func(x, y int) uint8 { return [2]uint8{30, 245}[x/4%2] })
	fill(image.Rect(0, 120, 400, 200), func(x, y int) uint8 { return uint8(235 + (x*7+y*13)%20) })
	out := normalizeContrast(g, cell)
	at := func(x, y int) uint8 { return out.Pix[y*out.Stride+x] }
	if v := at(40, 40); v >= 128 {
		t.Errorf("grey stroke reads %d after normalising, want under 128 (dark enough for Tesseract's threshold)", v)
	}
	if v := at(240, 40); v > 40 {
		t.Errorf("black stroke reads %d, want black", v)
	}
	if v := at(44, 40); v < 230 {
		t.Errorf("paper between grey strokes reads %d, want white", v)
	}
	for x := 0; x < 400; x++ {
		if v := at(x, 160); v < 180 {
			t.Fatalf("paper grain at x=%d reads %d: blown up towards ink", x, v)
		}
	}
}

func word(text string, r image.Rectangle, conf float64) gosseract.BoundingBox {
	return gosseract.BoundingBox{Word: text, Box: r, Confidence: conf}
}

// TestAddMissed: words read from the leftovers join the page unless a
// sure word of the first reading already stands there, and replace the
// unsure guesses at the same ink.
func TestAddMissed(t *testing.T) {
	boxes := []gosseract.BoundingBox{
		word("Faktura", image.Rect(100, 100, 200, 130), 95),
		word("ii:", image.Rect(300, 100, 380, 130), 20), // a guess at ink read again
	}
	off := image.Pt(50, 50)
	extra := []gosseract.BoundingBox{
		word("Fakt", image.Rect(50, 50, 120, 80), 90),    // on "Faktura": already read
		word("908,00", image.Rect(250, 50, 330, 80), 93), // on the guess: replaces it
		word("CVR", image.Rect(0, 200, 60, 230), 88),     // new
		word("~", image.Rect(100, 200, 120, 230), 95),    // no letters: a speck
		word("Xq", image.Rect(200, 200, 240, 230), 30),   // unsure: a stamp's edge
		word("(we)", image.Rect(700, 0, 800, 110), 73),   // a logo, over three lines tall
		// Sparse reading draws a line's first word's box on to the
		// line's end now and then ("Östen" over "Erik Lindsjö"); the
		// words it covers are new all the same.
		word("Östen", image.Rect(400, 200, 600, 230), 96),
		word("Erik", image.Rect(470, 200, 520, 230), 93),
		word("Lindsjö", image.Rect(530, 200, 600, 230), 93),
	}
	got, added := addMissed(boxes, extra, off)
	var words []string
	for _, b := range got {
		words = append(words, b.Word)
	}
	want := []string{"Faktura", "908,00", "CVR", "Östen", "Erik", "Lindsjö"}
	if len(words) != len(want) {
		t.Fatalf("words %q, want %q", words, want)
	}
	for i := range want {
		if words[i] != want[i] {
			t.Fatalf("words %q, want %q", words, want)
		}
	}
	if added != 5 {
		t.Errorf("added %d words, want 5", added)
	}
	if r := got[1].Box; r != image.Rect(300, 100, 380, 130) {
		t.Errorf("908,00 at %v, want on the page at (300,100)-(380,130)", r)
	}
}

// TestMissedText: ink that no word covers comes back as its own image
// when it is shaped like text, and not when it is specks.
func TestMissedText(t *testing.T) {
	const dpi = 300
	g, put := sheet(250)
	// A read line of "letters" and specks.
	for x := 100; x < 600; x += 30 {
		put(image.Rect(x, 100, x+20, 140))
	}
	put(image.Rect(900, 600, 904, 604))
	put(image.Rect(300, 700, 303, 703))
	read := []gosseract.BoundingBox{word("read", image.Rect(95, 95, 605, 145), 96)}
	if img, _ := missedText(g, read, dpi); img != nil {
		t.Fatalf("specks came back as missed text at %v", img.Rect)
	}
	// A line nobody read.
	for x := 700; x < 1000; x += 30 {
		put(image.Rect(x, 400, x+20, 440))
	}
	img, off := missedText(g, read, dpi)
	if img == nil {
		t.Fatal("an unread line was not found")
	}
	if !image.Rect(700, 400, 1000, 440).In(img.Rect) || img.Rect.Overlaps(image.Rect(100, 100, 600, 140)) || off != img.Rect.Min {
		t.Errorf("leftovers %v (origin %v): want the unread line and not the read one", img.Rect, off)
	}
	if p := img.GrayAt(690, 420).Y; p != 250 {
		t.Errorf("paper beside the unread line is %d, want it as on the page", p)
	}
}

// TestMissedTextOnGreyPaper: on a photo's grey paper, whitening the words
// read would leave the paper the dark side of Tesseract's threshold; the
// leftovers then come on white paper, their ink as it was.
func TestMissedTextOnGreyPaper(t *testing.T) {
	const dpi = 300
	g, put := sheet(215)
	var read []gosseract.BoundingBox
	for _, y := range []int{150, 300, 450} {
		for x := 100; x < 1100; x += 30 {
			put(image.Rect(x, y, x+20, y+40))
		}
		read = append(read, word("read", image.Rect(95, y-5, 1105, y+45), 96))
	}
	// Two short unread words, above and below the lines read.
	put(image.Rect(100, 40, 120, 80))
	put(image.Rect(130, 40, 150, 80))
	put(image.Rect(900, 600, 920, 640))
	put(image.Rect(930, 600, 950, 640))
	if share := darkShare(g, g.Rect); share > missedMaxDark {
		t.Fatalf("the page itself is %.2f dark: the test needs its paper on the light side", share)
	}
	img, _ := missedText(g, read, dpi)
	if img == nil {
		t.Fatal("the unread words were not found")
	}
	if p := img.GrayAt(600, 550).Y; p != 255 {
		t.Errorf("grey paper between the leftovers is %d, want white", p)
	}
	if p := img.GrayAt(110, 60).Y; p != 20 {
		t.Errorf("an unread word's ink is %d, want it as on the page", p)
	}
}

// sheet is a page of 1200×800 pixels of paper at level paper, and a pen
// that puts black ink in a rectangle of it.
func sheet(paper uint8) (*image.Gray, func(image.Rectangle)) {
	g := image.NewGray(image.Rect(0, 0, 1200, 800))
	for i := range g.Pix {
		g.Pix[i] = paper
	}
	return g, func(r image.Rectangle) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				g.Pix[y*g.Stride+x] = 20
			}
		}
	}
}
