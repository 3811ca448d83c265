package ocr

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/otiai10/gosseract/v2"
	"golang.org/x/image/tiff"
)

func errorsAs(err error, target any) bool { return errors.As(err, target) }

func TestCER(t *testing.T) {
	cases := []struct {
		got, want string
		cer       float64
	}{
		{"", "", 0},
		{"abc", "", 1},
		{"", "abcd", 1},
		{"Beløb  i\nalt", "Beløb i alt", 0},
		{"Belob i alt", "Beløb i alt", 1.0 / 11},
		{"Bel\u006f\u0308b", "Belöb", 0}, // NFC: o + combining diaeresis is ö
		{"kitten", "sitting", 3.0 / 7},
	}
	for _, c := range cases {
		if got := CER(c.got, c.want); math.Abs(got-c.cer) > 1e-9 {
			t.Errorf("CER(%q, %q) = %v, want %v", c.got, c.want, got, c.cer)
		}
	}
}

func TestFlexCER(t *testing.T) {
	want := "Vikstrand\nKontorforsyning IVS\nBetalingspåmindelse\nDato 2024-02-08"
	cases := []struct {
		name, got string
		cer       float64
		parts     FlexErrors
	}{
		{"same", want, 0, FlexErrors{}},
		{"columns side by side", "Vikstrand Betalingspåmindelse\nKontorforsyning IVS Dato 2024-02-08", 0, FlexErrors{}},
		{"blocks in another order", "Dato 2024-02-08\nBetalingspåmindelse\nVikstrand\nKontorforsyning IVS", 0, FlexErrors{}},
		{"one wrong letter", "Vikstrand\nKontorforsyning IVS\nBetalingspamindelse\nDato 2024-02-08", 1.0 / 62, FlexErrors{Misread: 1}},
		{"a line missing", "Vikstrand\nKontorforsyning IVS\nDato 2024-02-08", 19.0 / 62, FlexErrors{Unread: 19}},
		{"noise added", want + "\n~~ ..", 4.0 / 62, FlexErrors{Extra: 4}},
		{"a line split in two", "Vikstrand\nKontorforsyning\nIVS\nBetalingspåmindelse\nDato 2024-02-08", 0, FlexErrors{}},
		{"all three", "Vikstrand\nKontorforsyning 1VS\nDato 2024-02-08\n|", 21.0 / 62, FlexErrors{Misread: 1, Unread: 19, Extra: 1}},
		{"nothing read", "", 1, FlexErrors{Unread: 62}},
	}
	for _, c := range cases {
		if got := FlexCER(c.got, want); math.Abs(got-c.cer) > 1e-9 {
			t.Errorf("%s: FlexCER = %.4f, want %.4f", c.name, got, c.cer)
		}
		c.parts.Total = 62
		if got := FlexParts(c.got, want); got != c.parts {
			t.Errorf("%s: FlexParts = %+v, want %+v", c.name, got, c.parts)
		}
	}
	if got := FlexCER("", ""); got != 0 {
		t.Errorf("nothing against nothing: %v, want 0", got)
	}
	if got := FlexCER("~", ""); got != 1 {
		t.Errorf("text against nothing: %v, want 1", got)
	}
}

func TestDPIMetadata(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 4, 4))
	if got := pngDPI(withPHYs(t, encodePNG(t, img), 150)); math.Abs(got-150) > 0.1 {
		t.Errorf("png dpi %v, want 150", got)
	}
	if got := pngDPI(encodePNG(t, img)); got != 0 {
		t.Errorf("png without pHYs: dpi %v, want 0", got)
	}
	var jp bytes.Buffer
	jpeg.Encode(&jp, img, nil)
	j := jp.Bytes()
	jfif := []byte("\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x01\x2c\x01\x2c\x00\x00") // 300 dpi
	withJFIF := append(append(append([]byte{}, j[:2]...), jfif...), j[2:]...)
	if got := jpegDPI(withJFIF); got != 300 {
		t.Errorf("jfif dpi %v, want 300", got)
	}
	tf := makeTIFF([]tiffPage{{img, 400}, {img, 200}})
	tt, first, err := parseTIFF(tf)
	if err != nil {
		t.Fatal(err)
	}
	offs, err := tt.pages(first, 10)
	if err != nil || len(offs) != 2 {
		t.Fatalf("pages %v %v", offs, err)
	}
	if a, b := tt.dpi(offs[0]), tt.dpi(offs[1]); a != 400 || b != 200 {
		t.Errorf("tiff dpi %v %v, want 400 200", a, b)
	}
	for _, c := range []struct {
		meta   float64
		w, h   int
		want   float64
		known  bool
		reason string
	}{
		{72, 4000, 3000, 300, false, "a camera's 72 dpi on a 4000-pixel photo is no measurement"},
		{200, 1654, 2339, 200, true, "metadata that fits"},
		{0, 1654, 2339, 200, true, "no metadata, A4 proportions"},
		{0, 2550, 3300, 300, true, "no metadata, Letter proportions"},
		{0, 3508, 2481, 300, true, "no metadata, A4 landscape"},
		{0, 1284, 1961, 300, false, "no metadata, no paper's proportions"},
	} {
		if got, known := pageDPI(c.meta, c.w, c.h, 300); math.Abs(got-c.want) > 0.5 || known != c.known {
			t.Errorf("pageDPI(%v, %d×%d) = %.1f, %v, want %.0f, %v: %s", c.meta, c.w, c.h, got, known, c.want, c.known, c.reason)
		}
	}
}

func TestTIFFLoop(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 2, 2))
	tf := makeTIFF([]tiffPage{{img, 300}})
	tt, first, _ := parseTIFF(tf)
	// Point the page's next-directory link back at itself.
	n := int(tt.order.Uint16(tf[first:]))
	tt.order.PutUint32(tf[int(first)+2+12*n:], first)
	if _, err := tt.pages(first, 10); err == nil {
		t.Fatal("a directory chain that loops was accepted")
	}
}

func TestRotateQuarter(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 3, 2))
	g.Pix = []uint8{1, 2, 3, 4, 5, 6}
	want := map[int][]uint8{
		0: {1, 2, 3, 4, 5, 6},
		1: {4, 1, 5, 2, 6, 3}, // clockwise: 2 wide, 3 high
		2: {6, 5, 4, 3, 2, 1},
		3: {3, 6, 2, 5, 1, 4},
	}
	for q, w := range want {
		r := rotateQuarter(g, q)
		if !bytes.Equal(r.Pix, w) {
			t.Errorf("quarter %d: %v, want %v", q, r.Pix, w)
		}
	}
}

// TestOrientationNoTesseract checks the ink analysis alone on every
// quarter turn and on skews either way: it decides before Tesseract runs.
func TestOrientationNoTesseract(t *testing.T) {
	page, _ := testPage(t, testLines, 11, 300, 420, 595)
	for _, skew := range []float64{0, 1.5, -3} {
		base := page
		if skew != 0 {
			base = rotateSmall(page, skew)
		}
		for q := range 4 {
			o := detectOrientation(rotateQuarter(base, q))
			if want := (4 - q) & 3; o.quarter != want || math.Abs(o.skew-skew) > 0.2 || o.weak() {
				t.Errorf("skew %v turned %d: got quarter %d skew %.2f (lines %.2f updown %.2f), want quarter %d",
					skew, q, o.quarter, o.skew, o.lines, o.updown, want)
			}
		}
	}
	blank := image.NewGray(image.Rect(0, 0, 600, 800))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}
	// Scanner noise on white paper is no ink either.
	for i := range blank.Pix {
		blank.Pix[i] = uint8(235 + i*7919%20)
	}
	if o := detectOrientation(blank); o.quarter != 0 || o.skew != 0 || !o.blank {
		t.Errorf("blank page: %+v", o)
	}
	if o := detectOrientation(page); o.blank {
		t.Errorf("text page taken for blank")
	}
}

// TestLayoutFlipped: a word read on the page turned over lands where the
// same word lands on the page turned over, whatever crop and canvas.
func TestLayoutFlipped(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 100, 60))
	for _, off := range []image.Point{{0, 0}, {20, 30}, {-7, -5}} {
		l := layout{img: img, off: off, width: 150, height: 120, zoom: 1, zw: 150, zh: 120}
		f := l.flipped()
		b := gosseractBox(10, 5, 30, 15)
		// The same ink in the image turned by 180° about its centre.
		fb := gosseractBox(100-30, 60-15, 100-10, 60-5)
		p := l.words([]gosseract.BoundingBox{b}, 1)[0].Box
		q := f.words([]gosseract.BoundingBox{fb}, 1)[0].Box
		if q.X0 != 150-p.X1 || q.Y0 != 120-p.Y1 || q.X1 != 150-p.X0 || q.Y1 != 120-p.Y0 {
			t.Errorf("off %v: %+v on the page, %+v turned over", off, p, q)
		}
	}
}

func gosseractBox(x0, y0, x1, y1 int) gosseract.BoundingBox {
	return gosseract.BoundingBox{Box: image.Rect(x0, y0, x1, y1), Word: "w", Confidence: 90}
}

func TestContentBounds(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 600, 900))
	for i := range g.Pix {
		g.Pix[i] = 250
	}
	for y := 300; y < 320; y++ {
		for x := 200; x < 400; x++ {
			g.Pix[y*600+x] = 10
		}
	}
	g.Pix[5*600+5] = 0 // a speck of dust
	if got, want := contentBounds(g, 300), image.Rect(150, 250, 450, 370); got != want {
		t.Errorf("contentBounds = %v, want %v", got, want)
	}
}

func TestSideways(t *testing.T) {
	word := func(text string, w, h int) gosseract.BoundingBox {
		return gosseract.BoundingBox{Box: image.Rect(0, 0, w, h), Word: text, Confidence: 90}
	}
	var upright, onEnd []gosseract.BoundingBox
	for _, s := range []string{"Faktura", "Beløb", "Moms", "Kommune", "Forfaldsdato", "i", "25"} {
		upright = append(upright, word(s, 12*len(s), 30))
		onEnd = append(onEnd, word(s, 30, 12*len(s)))
	}
	if sideways(upright) || !sideways(onEnd) {
		t.Errorf("sideways: upright %v, on end %v", sideways(upright), sideways(onEnd))
	}
	if !better(upright, onEnd) || better(onEnd, upright) {
		t.Error("an upright reading must beat one on end")
	}
}

// TestEncodeTIFF decodes what encodeTIFF writes of a page and of a part
// of it: the same grey pixels.
func TestEncodeTIFF(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 37, 23))
	for i := range g.Pix {
		g.Pix[i] = uint8(i * 7)
	}
	for _, src := range []*image.Gray{g, g.SubImage(image.Rect(5, 3, 30, 20)).(*image.Gray)} {
		img, err := tiff.Decode(bytes.NewReader(encodeTIFF(src)))
		if err != nil {
			t.Fatal(err)
		}
		got, ok := img.(*image.Gray)
		if !ok || got.Rect.Dx() != src.Rect.Dx() || got.Rect.Dy() != src.Rect.Dy() {
			t.Fatalf("decoded %T %v, want grey %v", img, img.Bounds(), src.Rect)
		}
		for y := range src.Rect.Dy() {
			for x := range src.Rect.Dx() {
				if a, b := got.GrayAt(x, y), src.GrayAt(src.Rect.Min.X+x, src.Rect.Min.Y+y); a != b {
					t.Fatalf("pixel %d,%d: %v, want %v", x, y, a, b)
				}
			}
		}
	}
}

// TestWordsSpecksAndRules: marks that never stand alone, speck-sized, and
// strokes read from a table rule are no words; a typed separator bar, a
// letter, a dash, leader dots, punctuation on a word and a decimal mark
// read apart stay, and a square "hyphen" is a middle dot.
// blankPage is white paper w × h pixels, and a pen that inks a
// rectangle of it at a grey level.
func blankPage(w, h int) (*image.Gray, func(x0, y0, x1, y1 int, v uint8)) {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	return img, func(x0, y0, x1, y1 int, v uint8) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.Pix[y*w+x] = v
			}
		}
	}
}

func TestWordsSpecksAndRules(t *testing.T) {
	img, ink := blankPage(400, 200)
	ink(100, 10, 102, 190, 150) // a faint table rule, down a whole table
	ink(300, 50, 302, 70, 20)   // a separator bar, as tall as the letters
	ink(10, 170, 18, 200, 30)   // a form's block before a heading
	ink(200, 150, 203, 175, 30) // a letter "i" whose box took in a speck
	ink(10, 100, 20, 130, 30)   // a heading's block read as "I I"
	l := layout{img: img, width: 400, height: 200, zoom: 1, zw: 400, zh: 200}
	boxes := []gosseract.BoundingBox{
		word("Faktura", image.Rect(10, 50, 90, 70), 95),
		word("Moms", image.Rect(110, 50, 160, 70), 95),
		word("25", image.Rect(170, 50, 190, 70), 95),
		word("2.", image.Rect(200, 66, 215, 70), 95),
		word("|", image.Rect(98, 50, 104, 70), 95),     // on the rule
		word("i", image.Rect(99, 120, 103, 140), 95),   // the rule, read as a letter
		word("i", image.Rect(220, 50, 224, 70), 95),    // a word
		word("|", image.Rect(298, 50, 304, 70), 95),    // the separator
		word(".", image.Rect(250, 80, 253, 83), 95),    // dust
		word("|", image.Rect(260, 80, 262, 85), 95),    // dust read as a bar
		word("-", image.Rect(320, 58, 328, 61), 95),    // a dash
		word("-", image.Rect(380, 58, 383, 61), 95),    // a middle dot
		word("....", image.Rect(330, 66, 370, 69), 95), // leader dots
		word("16686", image.Rect(200, 100, 250, 120), 95),
		word(",", image.Rect(252, 116, 255, 122), 95), // a decimal comma read apart
		word("98", image.Rect(258, 100, 275, 120), 95),
		word("35,", image.Rect(330, 90, 360, 170), 20), // a stamp's ink, four lines high
		word("AB", image.Rect(330, 100, 390, 170), 90), // a logo's name, read surely
		word("(HO)", image.Rect(260, 20, 300, 64), 85), // a logo's initials in a ring
		word("(2)", image.Rect(310, 20, 330, 36), 95),  // a number in brackets
		word("i", image.Rect(150, 150, 154, 155), 70),  // a speck read as a letter
		word("|", image.Rect(10, 170, 18, 200), 90),    // a form's block before a heading
		word("4.", image.Rect(25, 178, 40, 194), 95),
		word("Kostnader", image.Rect(45, 178, 120, 194), 95),
		word("Moms", image.Rect(150, 160, 190, 176), 95),
		word("i", image.Rect(198, 150, 206, 176), 95),
		word("alt", image.Rect(210, 160, 230, 176), 95),
		word("2024-08-19", image.Rect(250, 180, 330, 196), 95),
		word("-", image.Rect(335, 187, 344, 189), 95), // an en dash, 0.56 of a digit
		word("2025-06-13", image.Rect(350, 180, 398, 196), 95),
		word("08.00", image.Rect(250, 130, 290, 146), 95),
		word("-", image.Rect(295, 137, 300, 139), 95), // a hyphen, 0.31
		word("16.00", image.Rect(305, 130, 345, 146), 95),
		word("tim", image.Rect(10, 230, 40, 246), 95),
		word("å", image.Rect(45, 230, 55, 246), 95),
		word("191,03", image.Rect(60, 230, 110, 246), 95),
		word("å", image.Rect(130, 230, 140, 246), 95), // the word for a river
		word("Rå", image.Rect(145, 230, 165, 246), 95),
		word("+", image.Rect(170, 236, 174, 240), 95), // a middle dot
		word("+", image.Rect(180, 232, 190, 242), 95), // a plus sign
		word("76;50", image.Rect(200, 230, 240, 246), 95),
		word(":", image.Rect(245, 236, 249, 240), 95), // a middle dot
		word(":", image.Rect(255, 234, 259, 244), 95), // a colon
		word("I", image.Rect(10, 100, 15, 130), 85),
		word("I", image.Rect(15, 100, 20, 130), 85),
		word("5.", image.Rect(25, 108, 40, 124), 95),
		word("Utbetalning", image.Rect(45, 108, 95, 124), 95),
	}
	var got []string
	for _, w := range l.words(boxes, 1) {
		got = append(got, w.Text)
	}
	if want := []string{"Faktura", "Moms", "25", "2.", "i", "|", "-", "·", "....", "16686", ",", "98", "AB", "HO", "(2)", "4.", "Kostnader", "Moms", "i", "alt", "2024-08-19", "–", "2025-06-13", "08.00", "-", "16.00", "tim", "à", "191,03", "å", "Rå", "·", "+", "76,50", "·", ":", "5.", "Utbetalning"}; !slices.Equal(got, want) {
		t.Errorf("words = %q, want %q", got, want)
	}
}

// TestWordsSpacedSign splits a number and a per cent sign set a space
// apart, read as one word, and leaves one set close, in type rendered
// at a scan's and a photo's resolution, and with a table rule under the
// type that Tesseract's box took in.
func TestWordsSpacedSign(t *testing.T) {
	for _, ruled := range []bool{false, true} {
		for _, dpi := range []float64{300, 150} {
			spacedSignCase(t, dpi, ruled)
		}
	}
}

func spacedSignCase(t *testing.T, dpi float64, ruled bool) {
	t.Helper()
	{
		for text, want := range map[string][]string{
			"25 %":  {"25", "%"},
			"0 %":   {"0", "%"},
			"25%":   {"25%"},
			"12,5%": {"12,5%"},
		} {
			img, _ := testPage(t, []string{text}, 10, dpi, 200, 100)
			ink := image.Rectangle{Min: img.Rect.Max, Max: img.Rect.Min}
			for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
				for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
					if img.Pix[img.PixOffset(x, y)] < 128 {
						ink = ink.Union(image.Rect(x, y, x+1, y+1))
					}
				}
			}
			if ruled {
				below := ink.Max.Y + ink.Dy()/2
				for y := below; y < below+2; y++ {
					for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
						img.Pix[img.PixOffset(x, y)] = 0
					}
				}
				ink.Max.Y = below + 2
			}
			read := strings.ReplaceAll(text, " ", "") // as Tesseract reads it
			l := layout{img: img, width: img.Rect.Dx(), height: img.Rect.Dy(), zoom: 1}
			words := l.words([]gosseract.BoundingBox{word(read, ink, 90)}, 1)
			var got []string
			for _, w := range words {
				got = append(got, w.Text)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%v dpi, ruled %v: %q read as %q: words %q, want %q", dpi, ruled, text, read, got, want)
			} else if len(words) == 2 && !(words[0].Box.X0 == float64(ink.Min.X) && words[0].Box.X1 < words[1].Box.X0 && words[1].Box.X1 == float64(ink.Max.X)) {
				t.Errorf("%v dpi, ruled %v: %q: boxes %v and %v do not part the word's %v", dpi, ruled, text, words[0].Box, words[1].Box, ink)
			}
		}
	}
}

func TestNoiseScrawl(t *testing.T) {
	const med = 20 // a letter's height, px
	box := func(text string, h int, conf float64) gosseract.BoundingBox {
		return gosseract.BoundingBox{Box: image.Rect(100, 100, 100+h, 100+h), Word: text, Confidence: conf}
	}
	wide := func(text string, w int, conf float64) gosseract.BoundingBox {
		return gosseract.BoundingBox{Box: image.Rect(100, 100, 100+w, 100+med), Word: text, Confidence: conf}
	}
	for _, c := range []struct {
		b    gosseract.BoundingBox
		want bool
	}{
		{box("Få", 4*med, 50), true},       // a tick
		{box("OS", 5*med/2, 42), true},     // a signature's wave
		{box("CD", 2*med+1, 62), true},     // a logo's two rings
		{box("Få", med, 50), false},        // unsure, but a letter's height
		{box("INV", 2*med+2, 93), false},   // large type reads surely
		{box("Fakt", 2*med, 50), false},    // not twice the height
		{box("Faktura", 3*med, 50), false}, // a long word: a heading, badly read
		{box("35,", 3*med+1, 25), true},    // three lines high and very unsure
		{wide("se", 9*med, 40), true},      // a rule
		{wide("se", 9*med, 90), false},     // ... read surely
		{wide("kommun", 9*med, 40), false}, // letters spaced out
	} {
		if got := noise(c.b.Word, c.b, med); got != c.want {
			t.Errorf("noise(%q, %d px high, conf %v) = %v, want %v", c.b.Word, c.b.Box.Dy(), c.b.Confidence, got, c.want)
		}
	}
}

func TestDust(t *testing.T) {
	const med = 20 // a word's height, px
	box := func(text string, w, h int, conf float64) gosseract.BoundingBox {
		return gosseract.BoundingBox{Box: image.Rect(100, 100, 100+w, 100+h), Word: text, Confidence: conf}
	}
	for _, c := range []struct {
		b    gosseract.BoundingBox
		want bool
	}{
		{box("å", 3, 4, 10), true},    // a speck
		{box("+4", 8, 8, 18), true},   // two specks
		{box("i", 4, 12, 40), false},  // an x-height high
		{box("a", 11, 11, 40), false}, // a letter alone, unsure
		{box("å", 5, 6, 90), false},   // small type read surely
		{box("abc", 8, 8, 20), false}, // three letters are a word's remains
		{box("5", 8, 14, 30), false},  // a digit's height
		{box("k", 6, 6, 65), true},    // one letter, small and unsure
		{box("ok", 6, 6, 65), false},  // two letters at that are more
		{box("k", 6, 6, 92), false},   // small type, read surely
	} {
		if got := dust(c.b.Word, c.b, med); got != c.want {
			t.Errorf("dust(%q, %v, conf %v) = %v, want %v", c.b.Word, c.b.Box.Size(), c.b.Confidence, got, c.want)
		}
	}
}
