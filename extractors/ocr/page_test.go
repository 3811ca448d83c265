package ocr

import (
	"image"
	"image/draw"
	"os"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// testLines are the Danish and Swedish text the synthetic test pages
// carry: every letter of æøåäöÆØÅÄÖ, amounts, dates and identifiers.
var testLines = []string{
	"Faktura nr. 2024-0117",
	"Leverandør: Østergaard & Søn ApS, CVR 12345678",
	"Køber: Århus Kommune, Rådhuspladsen 2, 8000 Aarhus C",
	"Fakturadato: 14.03.2024    Forfaldsdato: 13.04.2024",
	"Beskrivelse                Antal      Pris        Beløb",
	"Skolekørsel marts           12      450,00     5.400,00",
	"Moms 25 %                                     1.350,00",
	"I alt DKK                                     6.750,00",
	"Betales til reg.nr. 1234 konto 0012345678",
	"Faktura från Göteborgs Stad, förfallodag 2024-04-30",
	"Att betala: 12 500,00 kr    Bankgiro 5050-1055",
	"ÆØÅ äö Ä Ö: Ærø, Øresund, Åland, Mölndal, Älvsjö",
}

var (
	faceOnce sync.Once
	faceOT   *opentype.Font
)

// testPage draws lines at size points on a white page of w×h points at
// dpi, with a 1-inch margin, as a scanner would see a printed page. It
// returns the page and the box (in points) of the first word.
func testPage(t testing.TB, lines []string, size, dpi float64, w, h float64) (*image.Gray, [4]float64) {
	t.Helper()
	faceOnce.Do(func() {
		f, err := opentype.Parse(goregular.TTF)
		if err != nil {
			panic(err)
		}
		faceOT = f
	})
	face, err := opentype.NewFace(faceOT, &opentype.FaceOptions{Size: size, DPI: dpi, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	px := func(pt float64) int { return int(pt * dpi / 72) }
	img := image.NewGray(image.Rect(0, 0, px(w), px(h)))
	draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
	d := &font.Drawer{Dst: img, Src: image.Black, Face: face}
	lineH := size * 1.6
	var first [4]float64
	for i, l := range lines {
		y := 72 + float64(i+1)*lineH
		d.Dot = fixed.P(px(72), px(y))
		if i == 0 {
			word := strings.Fields(l)[0]
			b, _ := font.BoundString(face, word)
			s := 72 / dpi
			first = [4]float64{72 + float64(b.Min.X.Round())*s, y + float64(b.Min.Y.Round())*s,
				72 + float64(b.Max.X.Round())*s, y + float64(b.Max.Y.Round())*s}
		}
		d.DrawString(l)
	}
	return img, first
}

func testText(lines []string) string { return strings.Join(lines, "\n") }

// TestMain refuses to run the suite without OMP_THREAD_LIMIT=1: Tesseract
// reads it when the library loads, and without it every page takes
// several times longer than the CI budget allows.
func TestMain(m *testing.M) {
	if os.Getenv("OMP_THREAD_LIMIT") != "1" {
		os.Stderr.WriteString("ocr tests: OMP_THREAD_LIMIT=1 must be set before the test binary starts " +
			"(make test exports it; by hand: OMP_THREAD_LIMIT=1 go test ./extractors/ocr)\n")
		os.Exit(1)
	}
	os.Exit(m.Run())
}
