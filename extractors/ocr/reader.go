package ocr

import (
	"context"
	"errors"
	"fmt"
	"image"

	"intake/pipeline"
)

// Reader is the text reader for scans and photos: PNG, JPEG and
// multi-page TIFF. Pages are recognised in parallel, as many at once as
// the engine has clients. A page that cannot be read is left empty and
// reported in doc.Warnings ("ocr.page_failed"), so the document still
// becomes a case for a person; a file with no readable page at all is
// unreadable ("image.corrupt", "image.too_large", ...).
type Reader struct{ engine *Engine }

var _ pipeline.TextReader = (*Reader)(nil)

// NewReader returns a reader that recognises with e.
func NewReader(e *Engine) *Reader { return &Reader{engine: e} }

// Accepts reports whether mt is an image format the reader decodes.
func (r *Reader) Accepts(mt string) bool {
	return mt == pipeline.MediaPNG || mt == pipeline.MediaJPEG || mt == pipeline.MediaTIFF
}

// Read fills doc.Pages with the words of every page.
func (r *Reader) Read(ctx context.Context, doc *pipeline.Document) error {
	cfg := r.engine.cfg
	sources, err := splitPages(doc.MediaType, doc.Data, cfg.MaxPages)
	if err != nil {
		return err
	}
	pages := make([]pipeline.Page, len(sources))
	errs := make([]error, len(sources))
	// Never more goroutines than clients.
	pipeline.Each(ctx, len(sources), cfg.Workers, func(i int) {
		pages[i], errs[i] = r.engine.recognizeSource(ctx, sources[i])
	})
	if err := ctx.Err(); err != nil {
		return err
	}

	doc.PageCount = len(sources)
	doc.TextSource = pipeline.SourceOCR
	var failed []*PageError
	words := 0
	for i, err := range errs {
		pages[i].Number = i + 1
		pages[i].Source = pipeline.SourceOCR
		words += len(pages[i].Words)
		var pe *PageError
		switch {
		case err == nil:
		case errors.As(err, &pe):
			failed = append(failed, pe)
		default:
			return fmt.Errorf("ocr: page %d: %w", i+1, err)
		}
	}
	if len(failed) == len(sources) {
		pe := failed[0]
		detail := pe.Detail
		if len(sources) > 1 {
			detail = fmt.Sprintf("no page could be read; page 1: %s", pe.Detail)
		}
		return &pipeline.UnreadableError{Code: pe.Code, Err: pe.Err, Detail: detail}
	}
	doc.Pages = pages
	for _, pe := range failed {
		doc.Warnings = append(doc.Warnings, pipeline.Reason{
			Code:    "ocr.page_failed",
			Message: fmt.Sprintf("page %d of %d could not be read (%s: %s); the case holds the other pages", pe.Page, len(sources), pe.Code, pe.Detail),
		})
	}
	if words == 0 {
		doc.Warnings = append(doc.Warnings, pipeline.Reason{Code: "ocr.no_text", Message: "OCR found no text on any page"})
	}
	return nil
}

// recognizeSource decodes a page once a client is free for it, so decoded
// pages never outnumber clients.
func (e *Engine) recognizeSource(ctx context.Context, s pageSource) (pipeline.Page, error) {
	c, err := e.acquire(ctx)
	if err != nil {
		return pipeline.Page{}, err
	}
	img, err := loadSafely(s, e.cfg.MaxPixels)
	if err != nil {
		e.release(c)
		return pipeline.Page{}, err
	}
	b := img.Bounds()
	dpi, measured := pageDPI(s.dpi, b.Dx(), b.Dy(), e.cfg.DefaultDPI)
	return e.recognize(ctx, c, toGray(img), s.number, dpi, measured)
}

// loadSafely turns a decoder panic on hostile bytes into a corrupt page:
// one bad file must not take the worker down.
func loadSafely(s pageSource, maxPixels int) (img image.Image, err error) {
	defer func() {
		if p := recover(); p != nil {
			img, err = nil, &PageError{Page: s.number, Code: "image.corrupt", Err: pipeline.ErrCorrupt, Detail: fmt.Sprintf("decoder panic: %v", p)}
		}
	}()
	return s.load(maxPixels)
}
