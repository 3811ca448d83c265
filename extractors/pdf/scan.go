package pdf

import (
	"context"
	"fmt"
	"image"
	"slices"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"

	"intake/pipeline"
)

// PageOCR reads the words of a page image; boxes come back in PDF points
// for the given resolution. It is implemented by the ocr package and
// declared here so that sibling extractors do not import each other.
type PageOCR interface {
	RecognizeImage(ctx context.Context, img image.Image, pageNo int, dpi float64) (pipeline.Page, error)
}

// scanDPI is the resolution a page without a text layer is rendered at:
// Tesseract reads body text best at about 300 dpi.
const scanDPI = 300

// maxScanPixels bounds a page rendered for OCR: the OCR engine's own
// default limit (A4 at 600 dpi is 35 Mpx). A larger page keeps its
// "needs OCR" warning, so a person looks at it.
const maxScanPixels = 40_000_000

// renderPage renders one page in grey at scanDPI and copies it out of the
// WebAssembly memory, which is only valid until the response is cleaned up.
func renderPage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int) (*image.Gray, error) {
	// Checked from the page's size before any pixel exists: a PDF page
	// may be 200 inches on a side, 3.6 gigapixels at scanDPI.
	size, err := inst.FPDF_GetPageSizeByIndex(&requests.FPDF_GetPageSizeByIndex{Document: doc, Index: index})
	if err != nil {
		return nil, fmt.Errorf("render page %d: %w", index+1, err)
	}
	if w, h := size.Width/72*scanDPI, size.Height/72*scanDPI; w*h > maxScanPixels {
		return nil, fmt.Errorf("render page %d: %.0f×%.0f pixels at %d dpi is over the limit of %d", index+1, w, h, scanDPI, maxScanPixels)
	}
	res, err := inst.RenderPageInDPI(&requests.RenderPageInDPI{
		Page:        requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: index}},
		DPI:         scanDPI,
		ImageFormat: requests.RenderImageFormatGrayscale,
	})
	if err != nil {
		return nil, fmt.Errorf("render page %d: %w", index+1, err)
	}
	defer func() {
		if res.CleanupFunc != nil {
			res.CleanupFunc()
		}
	}()
	src, ok := res.Result.RenderedImage.(*image.Gray)
	if !ok {
		return nil, fmt.Errorf("render page %d: got %T, want a grey image", index+1, res.Result.RenderedImage)
	}
	// Row by row: pdfium may pad its rows, the copy is packed.
	r := src.Rect
	dst := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := 0; y < r.Dy(); y++ {
		row := src.Pix[y*src.Stride:]
		copy(dst.Pix[y*dst.Stride:(y+1)*dst.Stride], row[:r.Dx()])
	}
	return dst, nil
}

// ocrScans replaces every page rendered for OCR by what OCR reads on it.
// A page OCR cannot read keeps its empty words and a warning, so the case
// goes to a person with what could be read.
func (r *Reader) ocrScans(ctx context.Context, doc *pipeline.Document, scans map[int]*image.Gray) error {
	if len(scans) == 0 {
		return nil
	}
	read := map[int]bool{}
	// Pages in order, so warnings and the trail read the same every run.
	order := make([]int, 0, len(scans))
	for i := range scans {
		order = append(order, i)
	}
	slices.Sort(order)
	// Pages are read side by side, as many at once as there are workers
	// (the OCR engine bounds its clients too), and recorded in order.
	pages := make([]pipeline.Page, len(order))
	errs := make([]error, len(order))
	pipeline.Each(ctx, len(order), r.cfg.Workers, func(k int) {
		i := order[k]
		pages[k], errs[k] = r.cfg.OCR.RecognizeImage(ctx, scans[i], i+1, scanDPI)
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	for k, i := range order {
		page, err := pages[k], errs[k]
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			doc.Warnings = append(doc.Warnings, pipeline.Reason{
				Code:    "ocr.page_failed",
				Message: fmt.Sprintf("page %d could not be read by OCR: %v", i+1, err),
			})
			continue
		}
		page.Number = i + 1
		page.Source = pipeline.SourceOCR
		doc.Pages[i] = page
		read[i+1] = true
	}
	if len(read) > 0 {
		// The text the case rests on came, at least in part, from OCR.
		doc.TextSource = pipeline.SourceOCR
	}
	return nil
}
