package ocr

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"

	"intake/pipeline"
)

func newTestEngine(t testing.TB, mod func(*Config)) *Engine {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Workers = 2
	if mod != nil {
		mod(&cfg)
	}
	e, err := NewEngine(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// TestRecognizeTurnedPages reads the same page as scanned upright, turned
// by 90°, 180° and 270°, and skewed: each must come back with the same
// text and its words in the same place on the upright page.
func TestRecognizeTurnedPages(t *testing.T) {
	e := newTestEngine(t, nil)
	const dpi = 300
	page, first := testPage(t, testLines, 11, dpi, 420, 595) // A5
	want := testText(testLines)
	cases := []struct {
		name    string
		quarter int // clockwise turns applied to the scan
		skew    float64
	}{
		{"upright", 0, 0},
		{"turned 90", 1, 0},
		{"turned 180", 2, 0},
		{"turned 270", 3, 0},
		{"skewed 2.5 and turned 180", 2, 2.5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			img := page
			if c.skew != 0 {
				img = rotateSmall(img, c.skew)
			}
			img = rotateQuarter(img, c.quarter)
			p, err := e.RecognizeImage(context.Background(), img, 3, dpi)
			if err != nil {
				t.Fatal(err)
			}
			if p.Number != 3 || p.Source != pipeline.SourceOCR {
				t.Errorf("page %d source %q, want 3 ocr", p.Number, p.Source)
			}
			if cer := CER(p.Text(), want); cer > 0.02 {
				t.Errorf("CER %.4f > 2%%; got:\n%s", cer, p.Text())
			}
			// The page is the upright scan; with skew the canvas of the
			// rotated test image is larger, so only check the unskewed.
			if c.skew == 0 && (math.Abs(p.Width-420) > 1 || math.Abs(p.Height-595) > 1) {
				t.Errorf("page %.1f×%.1f pt, want 420×595", p.Width, p.Height)
			}
			w := p.Words[0]
			if w.Text != "Faktura" {
				t.Fatalf("first word %q, want Faktura", w.Text)
			}
			if w.Conf <= 0.5 || w.Conf > 1 {
				t.Errorf("confidence %.2f, want 0.5..1", w.Conf)
			}
			if c.skew == 0 {
				got := [4]float64{w.Box.X0, w.Box.Y0, w.Box.X1, w.Box.Y1}
				for i := range got {
					if math.Abs(got[i]-first[i]) > 2 {
						t.Errorf("box of Faktura %.1f, want %.1f within 2 pt", got, first)
						break
					}
				}
			}
		})
	}
}

// TestPageTimeout: a page over its time is a page failure, not a stuck
// worker, and the client is usable again once Tesseract returns.
func TestPageTimeout(t *testing.T) {
	e := newTestEngine(t, func(c *Config) { c.Workers = 1; c.PageTimeout = time.Millisecond })
	page, _ := testPage(t, testLines[:3], 11, 300, 420, 200)
	_, err := e.RecognizeImage(context.Background(), page, 1, 300)
	var pe *PageError
	if !errors.As(err, &pe) || pe.Code != "ocr.timeout" {
		t.Fatalf("err = %v, want an ocr.timeout page error", err)
	}
	e.cfg.PageTimeout = time.Minute
	p, err := e.RecognizeImage(context.Background(), page, 1, 300)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Text(), "Faktura") {
		t.Errorf("after a timeout the client read %q", p.Text())
	}
}

// TestCanceled: an ended context is returned as itself.
func TestCanceled(t *testing.T) {
	e := newTestEngine(t, func(c *Config) { c.Workers = 1 })
	page, _ := testPage(t, testLines[:2], 11, 300, 420, 150)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.RecognizeImage(ctx, page, 1, 300); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestConfigValidate(t *testing.T) {
	c := DefaultConfig()
	c.Languages = []string{"dan", "klingon"}
	c.Workers = 0
	c.DefaultDPI = 5
	c.PageClients = 3
	err := c.Validate()
	for _, want := range []string{`"klingon" is not installed`, "workers", "default dpi", "page clients"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to mention %s", err, want)
		}
	}
	if err := DefaultConfig().Validate(); err != nil {
		t.Errorf("default config: %v", err)
	}
}

// TestWeakOrientationSecondOpinion: a page of a few capitals and digits
// gives the ink analysis little to go on; Tesseract's confidence settles
// which way up it is.
func TestWeakOrientationSecondOpinion(t *testing.T) {
	e := newTestEngine(t, nil)
	lines := []string{"CVR 12345678", "DKK 6.750,00"}
	page, _ := testPage(t, lines, 14, 300, 300, 150)
	for _, q := range []int{0, 2} {
		img := rotateQuarter(page, q)
		o := detectOrientation(img)
		p, err := e.RecognizeImage(context.Background(), img, 1, 300)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("turned %d: ink analysis says quarter %d (updown %.2f, weak %v)", q, o.quarter, o.updown, o.weak())
		if cer := CER(p.Text(), testText(lines)); cer > 0.05 {
			t.Errorf("turned %d: CER %.3f, got %q", q, cer, p.Text())
		}
	}
}

// TestRecognizeTableAndSpelling reads a scanned table in faint ruled
// cells, a scanner's streak down the page, and a line with two vowels
// misread as OCR misreads Nordic ones: no rule comes out as a word (here
// Tesseract's own line finding takes these clean rules out; onRule is for
// the broken ones of real scans, see TestWordsSpecksAndRules), and the
// engine's words take the dictionaries' spelling.
func TestRecognizeTableAndSpelling(t *testing.T) {
	e := newTestEngine(t, nil)
	const dpi = 300
	lines := []string{
		"Saljare Anna Berg, Godkand for F-skatt      Sida 1",
		"Artikel          Antal          Pris",
		"Papper A4           12        450,00",
		"Toner svart          3        980,00",
		"Pennor blå          40         89,00",
	}
	page, _ := testPage(t, lines, 11, dpi, 420, 595)
	px := func(pt float64) int { return int(pt * dpi / 72) }
	lineH := 11 * 1.6
	// A grid: rules across between the rows, and down between the
	// columns, close to the numbers, as a table's cells are drawn.
	top, bottom := px(72+1.3*lineH), px(72+5.3*lineH)
	rule := func(x0, y0, x1, y1 int) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				page.Pix[page.PixOffset(x, y)] = 150
			}
		}
	}
	for r := 1.3; r < 5.5; r++ {
		y := px(72 + r*lineH)
		rule(px(70), y, px(300), y+3)
	}
	face, err := opentype.NewFace(faceOT, &opentype.FaceOptions{Size: 11, DPI: dpi, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	after := func(s string) int { return px(72) + font.MeasureString(face, s).Round() + px(2) }
	for _, x := range []int{px(70), after("Papper A4           12"), after(lines[2]), px(300)} {
		rule(x, top, x+3, bottom)
	}
	// A scanner's streak down the whole page, past the text.
	rule(px(330), 0, px(330)+2, page.Rect.Dy())
	p, err := e.RecognizeImage(context.Background(), page, 1, dpi)
	if err != nil {
		t.Fatal(err)
	}
	text := p.Text()
	for _, w := range p.Words {
		if w.Text == "|" || w.Text == "l" || w.Text == "I" {
			t.Errorf("a rule read as %q; page:\n%s", w.Text, text)
		}
	}
	for _, want := range []string{"Säljare", "Godkänd", "Papper", "450,00", "blå"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q not read; page:\n%s", want, text)
		}
	}
}
