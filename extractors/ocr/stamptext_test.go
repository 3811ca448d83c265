package ocr

import (
	"context"
	"image"
	"slices"
	"strings"
	"testing"

	"github.com/otiai10/gosseract/v2"

	"intake/pipeline"
)

// stampOver prints a received stamp (lines in a frame, turned deg) in
// grey ink over page at (x, y) pixels, as a post room's red stamp comes
// out on a grey scan.
func stampOver(t *testing.T, page *image.Gray, lines []string, deg float64, x, y int) {
	t.Helper()
	s, _ := testPage(t, lines, 13, 300, 290, 190)
	drawFrame(s, 520, 470, 280, 160, 0, 8, 0)
	s = rotateSmall(atOrigin(s.SubImage(image.Rect(200, 280, 840, 660)).(*image.Gray)), deg)
	for sy := range s.Rect.Dy() {
		for sx, v := range s.Pix[sy*s.Stride:][:s.Rect.Dx()] {
			px, py := x+sx, y+sy
			if !image.Pt(px, py).In(page.Rect) {
				continue
			}
			grey := uint8(100 + int(v)*155/255)
			page.Pix[py*page.Stride+px] = min(page.Pix[py*page.Stride+px], grey)
		}
	}
}

// TestReadStampText: a received stamp turned 8° is read apart, into the
// page's stamps and the end of its text, and its words are not among the
// document's. Over blank paper all of it is read; over type, the date
// and the municipality at least (the type's crossings cut its letters).
func TestReadStampText(t *testing.T) {
	e := newTestEngine(t, nil)
	stamp := []string{"INKOM", "2024-05-31", "Björkviks kommun"}
	for _, c := range []struct {
		name string
		x    int // where the stamp goes, pixels; the type runs to 1550
		want []string
	}{
		{"over blank paper", 1350, stamp},
		{"over type", 1150, stamp[1:]},
	} {
		t.Run(c.name, func(t *testing.T) {
			page, _ := testPage(t, testLines, 11, 300, 595, 842)
			stampOver(t, page, stamp, 8, c.x, 380)
			p, err := e.RecognizeImage(context.Background(), page, 1, 300)
			if err != nil {
				t.Fatal(err)
			}
			got := pipeline.Page{Words: p.Stamps}.Text()
			if fe := FlexParts(got, strings.Join(c.want, "\n")); fe.Misread+fe.Unread > 1 {
				t.Errorf("stamp read as %q, want %q", got, c.want)
			}
			for _, w := range p.Words {
				if slices.Contains(strings.Fields(strings.Join(stamp, " ")), w.Text) {
					t.Errorf("the stamp's %q is among the document's words", w.Text)
				}
			}
			if !strings.HasSuffix(strings.TrimSpace(p.Text()), "kommun") {
				t.Errorf("page text does not end with the stamp:\n%s", p.Text())
			}
			// The document's own words are read as without the stamp.
			doc := pipeline.Page{Words: p.Words}.Text()
			if cer := FlexCER(doc, testText(testLines)); cer > 0.05 {
				t.Errorf("document CER %.3f beside the stamp:\n%s", cer, doc)
			}
		})
	}
}

func TestFrameInside(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 300, 200))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	drawFrame(g, 150, 100, 120, 70, 0, 4, 0)
	// Letters inside, their rows and columns shorter than the frame's.
	for y := 80; y < 120; y++ {
		for x := 60; x < 240; x += 10 {
			g.Pix[y*g.Stride+x] = 0
		}
	}
	in, ok := frameInside(g)
	if !ok || !image.Rect(60, 80, 240, 120).In(in) || !in.In(image.Rect(26, 26, 274, 174)) {
		t.Errorf("inside %v %v, want about (30,30)-(270,170)", in, ok)
	}
	blank := image.NewGray(image.Rect(0, 0, 100, 100))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}
	if _, ok := frameInside(blank); ok {
		t.Error("a frame found on blank paper")
	}
}

func TestDropStampEchoes(t *testing.T) {
	words := []stampWord{
		{gosseract.BoundingBox{Word: "INKOM", Box: image.Rect(0, 0, 200, 40)}, image.Pt(1000, 400)},
		{gosseract.BoundingBox{Word: "kommun", Box: image.Rect(0, 0, 200, 40)}, image.Pt(1000, 500)},
	}
	boxes := []gosseract.BoundingBox{
		{Word: "ANKOM", Box: image.Rect(920, 385, 1090, 420)},     // the stamp's word, misread
		{Word: "kommun", Box: image.Rect(400, 490, 560, 520)},     // the document's, elsewhere
		{Word: "Fakturanr", Box: image.Rect(930, 480, 1100, 515)}, // under the stamp's word
		{Word: "komm", Box: image.Rect(1000, 485, 1090, 515)},     // a piece of it
		{Word: "ko", Box: image.Rect(1000, 485, 1030, 515)},       // too short to tell
	}
	var got []string
	for _, b := range dropStampEchoes(boxes, words) {
		got = append(got, b.Word)
	}
	if want := []string{"kommun", "Fakturanr", "ko"}; !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
	// A frame found twice (its double line) gives its words once.
	again := []stampWord{
		{gosseract.BoundingBox{Word: "INKOM", Box: image.Rect(5, 0, 205, 40)}, image.Pt(1004, 402)},
		{gosseract.BoundingBox{Word: "2024-05-31", Box: image.Rect(0, 50, 200, 90)}, image.Pt(1000, 450)},
	}
	got = nil
	for _, w := range addStampWords(words, again) {
		got = append(got, w.Word)
	}
	if want := []string{"INKOM", "kommun", "2024-05-31"}; !slices.Equal(got, want) {
		t.Errorf("stamp words %v, want %v", got, want)
	}
}
