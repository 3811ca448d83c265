package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/tetratelabs/wazero"

	"intake/pipeline"
)

// MediaType is the media type the Reader accepts.
const MediaType = "application/pdf"

// EmbeddedParser applies an embedded e-invoice to the document. It is
// implemented by the einvoice package and declared here so that sibling
// extractors do not import each other. An error means the XML could not
// be used; the Reader records it as a warning and keeps the visible text.
type EmbeddedParser interface {
	ApplyEmbedded(doc *pipeline.Document, xml []byte, name string) error
}

// Config configures a Reader. Start from DefaultConfig.
type Config struct {
	// MaxPages rejects longer documents as "pdf.too_many_pages" before any
	// page is read.
	MaxPages int
	// Workers bounds the pdfium instances, and so the documents read at
	// once; further Reads wait. Each instance holds up to MemoryLimitMB.
	Workers int
	// IgnoreAttachments skips looking for an embedded e-invoice.
	IgnoreAttachments bool
	// Embedded applies an embedded e-invoice; nil skips looking for one.
	Embedded EmbeddedParser
	// OCR, when set, reads pages that have no text layer (scans) from
	// their rendering; without it such pages stay empty with a warning.
	OCR PageOCR
	// MemoryLimitMB caps the WebAssembly memory of one pdfium instance; a
	// document that needs more is unreadable ("pdf.corrupt").
	MemoryLimitMB int
	// CacheDir, when set, keeps pdfium's compiled machine code there, so
	// that a later process starts in about 0.1 s instead of several
	// seconds. Empty compiles in every process.
	CacheDir string
}

// DefaultConfig returns the defaults: 100 pages, one pdfium instance per
// CPU, 1 GiB per instance, no compilation cache.
func DefaultConfig() Config {
	return Config{
		MaxPages:      100,
		Workers:       runtime.NumCPU(),
		MemoryLimitMB: 1024,
	}
}

// Validate reports every out-of-range setting at once.
func (c Config) Validate() error {
	var errs []error
	if c.MaxPages < 1 {
		errs = append(errs, fmt.Errorf("pdf.max_pages: must be at least 1, got %d", c.MaxPages))
	}
	if c.Workers < 1 || c.Workers > 256 {
		errs = append(errs, fmt.Errorf("pdf.workers: must be 1..256, got %d", c.Workers))
	}
	// WebAssembly (32-bit) memory ends at 4 GiB; pdfium needs some tens
	// of MiB for an ordinary page.
	if c.MemoryLimitMB < 64 || c.MemoryLimitMB > 4096 {
		errs = append(errs, fmt.Errorf("pdf.memory_limit_mb: must be 64..4096, got %d", c.MemoryLimitMB))
	}
	return errors.Join(errs...)
}

// Reader reads PDFs; it implements pipeline.TextReader. It is safe for
// concurrent use. pdfium starts on the first Read (or Start), which takes
// several seconds unless CacheDir holds compiled code; Close stops it.
type Reader struct {
	cfg  Config
	pool *pool
}

var _ pipeline.TextReader = (*Reader)(nil)

// NewReader returns a Reader; pdfium is not started yet.
func NewReader(cfg Config) (*Reader, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	var cache wazero.CompilationCache
	if cfg.CacheDir != "" {
		c, err := wazero.NewCompilationCacheWithDir(cfg.CacheDir)
		if err != nil {
			return nil, fmt.Errorf("pdf: compilation cache %s: %w", cfg.CacheDir, err)
		}
		cache = c
	}
	return &Reader{cfg: cfg, pool: newPool(cfg.Workers, cfg.MemoryLimitMB, cache)}, nil
}

// Accepts reports whether mediaType is a PDF.
func (r *Reader) Accepts(mediaType string) bool { return mediaType == MediaType }

// Start starts pdfium now rather than on the first Read, so that a
// service is ready before its first document. It waits at most until ctx
// ends, and reports how long starting took.
func (r *Reader) Start(ctx context.Context) (time.Duration, error) {
	if err := r.pool.wait(ctx); err != nil {
		return 0, err
	}
	return r.pool.startTime(), nil
}

// Read fills doc.Pages, doc.PageCount and doc.TextSource from the PDF in
// doc.Data, then, unless IgnoreAttachments, applies an embedded e-invoice
// through Config.Embedded (looked for when pdfium counts an attachment in
// the EmbeddedFiles name tree, where the standards put it). Input that can
// never be read returns an *pipeline.UnreadableError: "pdf.corrupt",
// "pdf.encrypted", "pdf.empty" or "pdf.too_many_pages". Problems that
// leave the text usable are added to doc.Warnings: "pdf.page_without_text"
// (a page to OCR), "pdf.page_unreadable" (a page pdfium cannot load, read
// as blank), "pdf.attachments_unreadable", "pdf.embedded_invalid".
// Other errors are failures of the machinery, or ctx.Err().
func (r *Reader) Read(ctx context.Context, doc *pipeline.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	data := doc.Data
	if len(data) == 0 {
		return pipeline.Unreadable("pdf.empty", pipeline.ErrEmpty, "the file is empty")
	}
	// pdfium, like viewers, accepts a header anywhere in the first KiB.
	if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return pipeline.Unreadable("pdf.corrupt", pipeline.ErrCorrupt, "no %%PDF header: not a PDF")
	}
	// A complete file ends with %%EOF; Acrobat looks for it in the last
	// 1024 bytes, and so do we. pdfium would rebuild a truncated file and
	// read what is left, but an upload cut short must not pass as whole.
	if !bytes.Contains(data[max(0, len(data)-1024):], []byte("%%EOF")) {
		return pipeline.Unreadable("pdf.corrupt", pipeline.ErrCorrupt, "no %%%%EOF in the last 1024 bytes: the file is truncated")
	}
	ex, err := r.text(ctx, data)
	if err != nil {
		return err
	}
	doc.Pages = ex.pages
	doc.PageCount = len(ex.pages)
	doc.TextSource = pipeline.SourceNative
	doc.Warnings = append(doc.Warnings, ex.warnings...)
	if err := r.ocrScans(ctx, doc, ex.scans); err != nil {
		return err
	}

	// pdfium has counted the attachments already: most PDFs have none,
	// and then pdfcpu need not parse the file again.
	if r.cfg.IgnoreAttachments || r.cfg.Embedded == nil || ex.attachments == 0 {
		return nil
	}
	return r.applyEmbedded(ctx, doc)
}

// text runs the pdfium extraction on a borrowed instance, in its own
// goroutine: pdfium cannot be interrupted inside a call, but the caller
// can stop waiting when ctx ends. The instance goes back to the pool only
// after the call has returned.
func (r *Reader) text(ctx context.Context, data []byte) (*extraction, error) {
	inst, err := r.pool.get(ctx)
	if err != nil {
		return nil, err
	}
	type result struct {
		ex  *extraction
		err error
	}
	done := make(chan result, 1)
	go func() {
		var res result
		healthy := false
		defer func() {
			if p := recover(); p != nil {
				res = result{err: fmt.Errorf("%w: panic: %v", errPage, p)}
				healthy = false
			}
			r.pool.put(inst, healthy)
			done <- res
		}()
		res.ex, res.err = extract(ctx, inst, data, r.cfg.MaxPages, r.cfg.OCR != nil)
		healthy = !errors.Is(res.err, errPage)
	}()
	select {
	case res := <-done:
		if errors.Is(res.err, errPage) && r.pool.isClosed() {
			// Close pulled the instance away mid-document.
			return nil, errClosed
		}
		if errors.Is(res.err, errPage) {
			// pdfium trapped or lost its way on this input: retrying will
			// not help, so it is unreadable rather than a machinery error.
			// The reason keeps the first line, not the wasm stack trace.
			msg, _, _ := strings.Cut(res.err.Error(), "\n")
			return nil, pipeline.Unreadable("pdf.corrupt", pipeline.ErrCorrupt, "%s", msg)
		}
		return res.ex, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// applyEmbedded finds an embedded e-invoice and hands it to the parser.
// Neither a PDF pdfcpu cannot read nor an XML the parser rejects is fatal:
// the visible text has been read and still counts.
func (r *Reader) applyEmbedded(ctx context.Context, doc *pipeline.Document) error {
	name, xml, err := embeddedXML(ctx, doc.Data)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		doc.Warnings = append(doc.Warnings, pipeline.Reason{
			Code:    "pdf.attachments_unreadable",
			Message: fmt.Sprintf("attachments not readable: %v", err),
		})
		return nil
	}
	if xml == nil {
		return nil
	}
	if err := r.apply(doc, xml, name); err != nil {
		doc.Warnings = append(doc.Warnings, pipeline.Reason{
			Code:    "pdf.embedded_invalid",
			Message: fmt.Sprintf("embedded e-invoice %s not applied: %v", name, err),
		})
	}
	return nil
}

// apply calls the parser, turning a panic on hostile XML into an error.
func (r *Reader) apply(doc *pipeline.Document, xml []byte, name string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parser panic: %v", p)
		}
	}()
	return r.cfg.Embedded.ApplyEmbedded(doc, xml, name)
}

// Close stops pdfium. Call it after the last Read has returned.
func (r *Reader) Close() error { return r.pool.close() }
