package ocr

import (
	"image"
	"math"
	"slices"
	"testing"

	"github.com/otiai10/gosseract/v2"
)

// stampPage is a 300 dpi page of paper with rows of black "type" (bars
// as wide as words) in a block at (300..1300, 300..900).
// stampRegions are the stamps over type, those rereadStamps reads again.
func stampRegions(raw *image.Gray, dpi float64) []stampRegion {
	var out []stampRegion
	for _, r := range stampFrames(raw, dpi) {
		if r.overType {
			out = append(out, r)
		}
	}
	return out
}

func stampPage() *image.Gray { return stampPageInk(20) }

// stampPageInk is stampPage with its type in grey level ink.
func stampPageInk(ink uint8) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, 2400, 3000))
	for i := range g.Pix {
		g.Pix[i] = 245
	}
	for row := range 8 {
		y := 300 + row*75
		for x := 300; x < 1300; x += 150 { // words 2.5 mm apart
			for yy := y; yy < y+30; yy++ {
				for xx := x; xx < x+120; xx++ {
					if (xx/6)%2 == 0 { // strokes
						g.Pix[yy*g.Stride+xx] = ink
					}
				}
			}
		}
	}
	return g
}

// drawFrame draws a rectangle's outline turned by deg about its centre,
// in grey level v, lines w pixels wide: a stamp's frame.
func drawFrame(g *image.Gray, cx, cy, halfW, halfH float64, deg float64, w float64, v uint8) {
	s, c := math.Sincos(deg * math.Pi / 180)
	b := g.Rect
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			u, t := dx*c+dy*s, -dx*s+dy*c
			in := math.Abs(u) <= halfW && math.Abs(t) <= halfH
			inner := math.Abs(u) <= halfW-w && math.Abs(t) <= halfH-w
			if in && !inner {
				g.Pix[y*g.Stride+x] = min(g.Pix[y*g.Stride+x], v)
			}
		}
	}
}

// TestStampRegions: a turned mid-grey frame the size of a stamp over
// black type is found, with a cut between the type and the stamp's ink;
// the same frame over blank paper, a page-wide grey form box and a black
// frame are not.
func TestStampRegions(t *testing.T) {
	g := stampPage()
	drawFrame(g, 800, 600, 280, 150, 8, 10, 100) // 47 × 25 mm at 300 dpi
	regions := stampRegions(g, 300)
	if len(regions) != 1 {
		t.Fatalf("found %d stamp regions, want 1: %v", len(regions), regions)
	}
	r := regions[0]
	if !image.Rect(540, 470, 1060, 730).In(r.Rectangle) {
		t.Errorf("region %v does not hold the frame", r.Rectangle)
	}
	// The frame spans x 520..1080 and crosses the words at 450..570 and
	// 1050..1170, which are read whole.
	if r.Min.X > 450 || r.Max.X < 1170 {
		t.Errorf("region %v cuts the words the frame crosses (450..1170)", r.Rectangle)
	}
	// The frame itself is the stamp, not the lines it crosses.
	if !image.Rect(540, 470, 1060, 730).In(r.frame) || r.frame.Min.X < 490 || r.frame.Max.X > 1110 {
		t.Errorf("frame %v, want about 520..1080", r.frame)
	}
	// Words the stamp lies over are overprinted; those beside it are not.
	l := layout{width: 2400, height: 3000, zoom: 1, stamps: []image.Rectangle{r.frame}}
	ws := l.words([]gosseract.BoundingBox{
		{Box: image.Rect(450, 640, 570, 680), Word: "F-2024-4218", Confidence: 90},
		{Box: image.Rect(150, 640, 400, 680), Word: "Fakturanr", Confidence: 90},
	}, 1)
	if len(ws) != 2 || !ws[0].Overprinted || ws[1].Overprinted {
		t.Errorf("overprinted: got %+v, want the first word only", ws)
	}
	if r.cut <= 20 || r.cut >= 100 {
		t.Errorf("cut %d is not between the type (20) and the stamp (100)", r.cut)
	}

	// A stamp half off the type, over its last word alone, hides it.
	corner := stampPage()
	drawFrame(corner, 1440, 960, 200, 130, 8, 10, 100)
	if got := stampRegions(corner, 300); len(got) != 1 || !got[0].Overlaps(image.Rect(1200, 825, 1320, 855)) {
		t.Errorf("a stamp over one word: found %v, want one region over it", got)
	}

	blank := stampPage()
	drawFrame(blank, 1800, 2000, 280, 150, 8, 10, 100)
	if got := stampRegions(blank, 300); len(got) != 0 {
		t.Errorf("a stamp over blank paper hides nothing, found %v", got)
	}
	form := stampPage()
	drawFrame(form, 1200, 600, 1050, 200, 0, 3, 110)
	if got := stampRegions(form, 300); len(got) != 0 {
		t.Errorf("a page-wide grey form box is no stamp, found %v", got)
	}
	// A stamp put down on a table touches its thin grey rules: a rule
	// a little askew and broken here and there is taken out, and the
	// stamp is found on its own.
	table := stampPage()
	for x := 100; x < 2300; x++ {
		y := 455 + x/700 // the rule steps down a row every 700 px
		if x%90 != 0 {   // and fades out now and then
			table.Pix[y*table.Stride+x] = 150
		}
	}
	drawFrame(table, 800, 600, 280, 150, 8, 10, 100)
	if got := stampRegions(table, 300); len(got) != 1 || !image.Rect(540, 470, 1060, 730).In(got[0].Rectangle) || got[0].Dx() > 1400 {
		t.Errorf("a stamp on a table's rule: found %v, want one region round the frame", got)
	}
	// Type that came out light (a thin font blurred by the scan) is
	// still darker than the stamp over it.
	light := stampPageInk(88)
	drawFrame(light, 800, 600, 280, 150, 8, 10, 125)
	if got := stampRegions(light, 300); len(got) != 1 || got[0].cut <= 88 || got[0].cut >= 125 {
		t.Errorf("a stamp over light type: found %v, want one region cut between 88 and 125", got)
	}
	// A photo's table around the paper is darker than type's paper and
	// lighter than black: it says nothing of the type's level.
	desk := stampPage()
	for y := range desk.Rect.Dy() {
		if y >= 250 && y < 1900 {
			continue
		}
		for x := range desk.Rect.Dx() {
			desk.Pix[y*desk.Stride+x] = 60 + uint8(x%7)
		}
	}
	if got := typeLevel(cellLows(desk, 3), desk.Rect.Dx()/3); got != stampDark {
		t.Errorf("a dark table around crisp type set the type's level to %d, want %d", got, stampDark)
	}
	black := stampPage()
	drawFrame(black, 800, 600, 280, 150, 8, 10, 10)
	if got := stampRegions(black, 300); len(got) != 0 {
		t.Errorf("a black frame is type's colour, not a stamp's, found %v", got)
	}
}

// TestBlackOnly: the stamp's grey goes, the type stays, in the region's
// own frame.
func TestBlackOnly(t *testing.T) {
	g := stampPage()
	drawFrame(g, 800, 600, 280, 150, 8, 10, 100)
	r := image.Rect(300, 300, 1300, 900)
	out := blackOnly(g, r, 90)
	if out.Rect != image.Rect(0, 0, 1000, 600) {
		t.Fatalf("image is %v, want the region at the origin", out.Rect)
	}
	dark, grey := 0, 0
	for _, v := range out.Pix {
		switch {
		case v == 20:
			dark++
		case v != 255:
			grey++
		}
	}
	if grey != 0 {
		t.Errorf("%d pixels of the stamp's grey are left", grey)
	}
	want := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if g.Pix[y*g.Stride+x] == 20 {
				want++
			}
		}
	}
	if dark != want || dark == 0 {
		t.Errorf("%d pixels of type kept, want %d", dark, want)
	}
}

// TestMergeReread: a surer word of the second reading replaces the
// guesses it overlaps, a less sure one does not unless it holds the
// guess and more, words it does not overlap stay, and low-confidence
// scraps are not added.
func TestMergeReread(t *testing.T) {
	boxes := []gosseract.BoundingBox{
		word("Invoice", image.Rect(0, 0, 100, 20), 90),       // a grey label, gone in black only
		word("Au5I2?5O", image.Rect(200, 0, 320, 20), 40),    // a value under the stamp
		word("MODTAGET", image.Rect(400, 0, 520, 20), 85),    // the stamp's own text
		word("10/10/2024", image.Rect(200, 40, 320, 60), 95), // read well already
		word("919", image.Rect(260, 120, 320, 140), 97),      // the end the stamp left of 25047919
	}
	extra := []gosseract.BoundingBox{
		word("AS12750", image.Rect(202, 1, 318, 21), 96),
		word("1O/10/2O24", image.Rect(200, 40, 320, 60), 70),
		word("DIX2719", image.Rect(200, 80, 300, 100), 92), // dropped by the first reading
		word("AN", image.Rect(600, 0, 620, 20), 20),        // a pen mark
		word("25047919", image.Rect(200, 120, 320, 140), 90),
	}
	got := mergedWords(boxes, extra)
	want := []string{"Invoice", "MODTAGET", "10/10/2024", "AS12750", "DIX2719", "25047919"}
	if !slices.Equal(got, want) {
		t.Errorf("merged %q, want %q", got, want)
	}
}

// TestMergeRereadLine: where a stamp crossed a line of type, the first
// reading's guesses lie beside the second reading's words, not under
// them ("Datum 024 4-10-16" for "Datum 2024-10-13"). Unsure guesses
// between a line's words go; a sure word there (the stamp's own text, a
// grey label) and words outside the line stay.
func TestMergeRereadLine(t *testing.T) {
	boxes := []gosseract.BoundingBox{
		word("Datum", image.Rect(0, 60, 90, 90), 79),
		word("024", image.Rect(100, 58, 150, 88), 79),
		word("4-10-16", image.Rect(135, 30, 255, 106), 41),
		word("MODTAGET", image.Rect(160, 40, 280, 70), 93),
		word("Ordredato", image.Rect(0, 150, 160, 180), 70),
		word("k", image.Rect(600, 60, 620, 90), 30),
	}
	extra := []gosseract.BoundingBox{
		word("Datum", image.Rect(1, 62, 91, 90), 96),
		word("2024-10-13", image.Rect(300, 60, 450, 90), 91),
	}
	got := mergedWords(boxes, extra)
	want := []string{"MODTAGET", "Ordredato", "k", "Datum", "2024-10-13"}
	if !slices.Equal(got, want) {
		t.Errorf("merged %q, want %q", got, want)
	}
}

// TestMergeRereadPieces: the black-only reading cut a whole word of the
// first reading into pieces, one of them surer. The whole word stays;
// a piece of a sure word, or pieces that spell an unsure one, add
// nothing, while a surer reading of different text still replaces it.
func TestMergeRereadPieces(t *testing.T) {
	boxes := []gosseract.BoundingBox{
		word("4575516524", image.Rect(0, 0, 150, 20), 96),
		word("2024-03-14", image.Rect(0, 40, 140, 60), 80),
		word("MEN2024", image.Rect(0, 80, 140, 100), 60),
		word("SXX922", image.Rect(0, 120, 90, 140), 91),
	}
	extra := []gosseract.BoundingBox{
		word("157", image.Rect(5, 1, 43, 20), 87),
		word("5", image.Rect(47, 1, 58, 20), 97),
		word("16524", image.Rect(82, 1, 151, 20), 95),
		word("2024-", image.Rect(0, 40, 70, 60), 93),
		word("03-14", image.Rect(75, 40, 140, 60), 92),
		word("2024", image.Rect(60, 80, 140, 100), 95),
		word("SXX922", image.Rect(0, 120, 90, 140), 93),
	}
	got := mergedWords(boxes, extra)
	want := []string{"4575516524", "2024-03-14", "2024", "SXX922"}
	if !slices.Equal(got, want) {
		t.Errorf("merged %q, want %q", got, want)
	}
}

// mergedWords is the words of mergeReread(boxes, extra), in order.
func mergedWords(boxes, extra []gosseract.BoundingBox) []string {
	var got []string
	for _, b := range mergeReread(boxes, extra) {
		got = append(got, b.Word)
	}
	return got
}
