package pdf

import (
	"context"
	"errors"
	"image"
	"os"
	"strings"
	"testing"

	"intake/pipeline"
)

// fakeOCR answers every page with one word, or fails.
type fakeOCR struct {
	err   error
	pages []int
	dpi   float64
	size  image.Point
}

func (f *fakeOCR) RecognizeImage(_ context.Context, img image.Image, pageNo int, dpi float64) (pipeline.Page, error) {
	f.pages = append(f.pages, pageNo)
	f.dpi, f.size = dpi, img.Bounds().Size()
	// Every pixel is where the image says: a packed, well-formed image.
	g, ok := img.(*image.Gray)
	if !ok || g.Stride != g.Rect.Dx() || len(g.Pix) != g.Rect.Dx()*g.Rect.Dy() {
		return pipeline.Page{}, errors.New("malformed page image")
	}
	_ = g.GrayAt(g.Rect.Max.X-1, g.Rect.Max.Y-1)
	if f.err != nil {
		return pipeline.Page{}, f.err
	}
	return pipeline.Page{Number: 99, Width: 595, Height: 842, Words: []pipeline.Word{{Text: "Faktura", Box: pipeline.Box{X0: 10, Y0: 10, X1: 60, Y1: 22}, Conf: 0.9}}}, nil
}

// A scanned PDF's pages are rendered and handed to OCR; what OCR reads
// replaces the empty page, and a page OCR cannot read stays empty with a
// warning naming it.
func TestScannedPagesGoToOCR(t *testing.T) {
	data, err := os.ReadFile("../../fixtures/corpus/0005-payment_reminder-scanned.pdf")
	if err != nil {
		t.Fatal(err)
	}
	for _, fail := range []bool{false, true} {
		ocr := &fakeOCR{}
		if fail {
			ocr.err = errors.New("tesseract gave up")
		}
		cfg := DefaultConfig()
		cfg.Workers = 1
		cfg.OCR = ocr
		r, err := NewReader(cfg)
		if err != nil {
			t.Fatal(err)
		}
		doc := &pipeline.Document{Data: data}
		err = r.Read(context.Background(), doc)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(ocr.pages) != doc.PageCount || ocr.pages[0] != 1 || ocr.dpi != scanDPI || ocr.size.X < 2000 {
			t.Fatalf("OCR saw pages %v at %v dpi, %v pixels; the PDF has %d pages", ocr.pages, ocr.dpi, ocr.size, doc.PageCount)
		}
		if !fail {
			if doc.TextSource != pipeline.SourceOCR || doc.Pages[0].Source != pipeline.SourceOCR || doc.Pages[0].Number != 1 || len(doc.Pages[0].Words) != 1 {
				t.Fatalf("OCR page not used: source %s, page %+v", doc.TextSource, doc.Pages[0])
			}
			if len(doc.Warnings) != 0 {
				t.Fatalf("warnings after a good OCR: %+v", doc.Warnings)
			}
			continue
		}
		if len(doc.Pages[0].Words) != 0 || len(doc.Warnings) == 0 || doc.Warnings[0].Code != "ocr.page_failed" || !strings.Contains(doc.Warnings[0].Message, "page 1") {
			t.Fatalf("failed OCR: words %d, warnings %+v", len(doc.Pages[0].Words), doc.Warnings)
		}
	}
}

// A page too large to render for OCR (25 inches square: 56 Mpx at 300
// dpi, which pdfium would render) is refused from its size, before any
// pixel is made, and stays empty with a warning, so the case goes to a
// person.
func TestScanPageTooLarge(t *testing.T) {
	data := buildPDF(testPage{mediaBox: "0 0 1800 1800", content: "q 1800 0 0 1800 0 0 cm /Im1 Do Q\n"})
	ocr := &fakeOCR{}
	cfg := DefaultConfig()
	cfg.Workers = 1
	cfg.OCR = ocr
	r, err := NewReader(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	doc := &pipeline.Document{Data: data}
	if err := r.Read(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if len(ocr.pages) != 0 {
		t.Fatalf("OCR was handed pages %v of %v pixels", ocr.pages, ocr.size)
	}
	if len(doc.Pages) != 1 || len(doc.Pages[0].Words) != 0 || len(doc.Warnings) == 0 || !strings.Contains(doc.Warnings[0].Message, "page 1") || !strings.Contains(doc.Warnings[0].Message, "over the limit") {
		t.Fatalf("pages %d, warnings %+v: want the page empty with a warning", len(doc.Pages), doc.Warnings)
	}
}
