// Package ocr reads scans and photos into positioned words with Tesseract
// (through gosseract): PNG, JPEG and multi-page TIFF documents as a
// pipeline.TextReader, and single page images for other readers (the PDF
// reader hands it the pages that lack a usable text layer). Pages are
// turned upright, deskewed and recognised once; words come back in PDF
// points with the origin at the top left, like native text.
package ocr

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/otiai10/gosseract/v2"

	"intake/pipeline"
)

// Config is the OCR engine's configuration. DefaultConfig fills it;
// Validate checks it.
type Config struct {
	// Languages are Tesseract language codes; dan+swe+eng because dan
	// alone reads ä and ö as å.
	Languages []string
	// Workers is the number of pages recognised at once, each by its own
	// Tesseract client: the bound on OCR parallelism and on decoded pages
	// in memory.
	Workers int
	// PageClients is the most clients one page may use at once: with 2,
	// a page read while a client is idle is cut across in two parts, read
	// side by side (see readParts), so that a lone page does not leave a
	// core idle. The engine holds max(Workers, PageClients) clients. The
	// default, 1, reads every page whole with one client: on the corpus's
	// scans 2 read a lone page in 23% less time on an idle machine, but
	// Tesseract reads the parts of a degraded scan a little differently
	// from the whole, and the mean FlexCER moved by -0.1 to +0.3 points
	// with the cut.
	PageClients int
	// PageTimeout bounds the recognition of one page.
	PageTimeout time.Duration
	// MaxPages bounds the pages of one image file (multi-page TIFF).
	MaxPages int
	// MaxPixels bounds one page's width × height, checked before decoding.
	MaxPixels int
	// DefaultDPI is assumed for images whose metadata gives no usable
	// resolution.
	DefaultDPI float64
	// TessdataPrefix is the folder holding *.traineddata; empty means
	// Tesseract's own default (or TESSDATA_PREFIX).
	TessdataPrefix string
	// Parameters are Tesseract parameters set on every client
	// (tesseract --print-parameters lists them).
	Parameters map[string]string
}

// DefaultConfig returns the settings used when none are given.
func DefaultConfig() Config {
	return Config{
		Languages:   []string{"dan", "swe", "eng"},
		Workers:     runtime.NumCPU(),
		PageClients: 1,
		PageTimeout: 2 * time.Minute,
		MaxPages:    50,
		MaxPixels:   40_000_000, // A4 at 600 dpi is 35 Mpx
		DefaultDPI:  300,
	}
}

// Validate reports every impossible setting at once, and languages whose
// traineddata is not installed.
func (c Config) Validate() error {
	var errs []error
	if len(c.Languages) == 0 {
		errs = append(errs, errors.New("ocr: languages: none given"))
	}
	if c.Workers < 1 {
		errs = append(errs, fmt.Errorf("ocr: workers: must be at least 1, got %d", c.Workers))
	}
	if c.PageClients < 1 || c.PageClients > 2 {
		errs = append(errs, fmt.Errorf("ocr: page clients: must be 1 or 2, got %d", c.PageClients))
	}
	if c.PageTimeout <= 0 {
		errs = append(errs, fmt.Errorf("ocr: page timeout: must be positive, got %v", c.PageTimeout))
	}
	if c.MaxPages < 1 {
		errs = append(errs, fmt.Errorf("ocr: max pages: must be at least 1, got %d", c.MaxPages))
	}
	if c.MaxPixels < 1 {
		errs = append(errs, fmt.Errorf("ocr: max pixels: must be at least 1, got %d", c.MaxPixels))
	}
	if c.DefaultDPI < minDPI || c.DefaultDPI > maxDPI {
		errs = append(errs, fmt.Errorf("ocr: default dpi: %v is outside %v..%v", c.DefaultDPI, minDPI, maxDPI))
	}
	if len(c.Languages) > 0 {
		have, err := c.installedLanguages()
		if err != nil {
			errs = append(errs, err)
		}
		for _, l := range c.Languages {
			if err == nil && !slices.Contains(have, l) {
				errs = append(errs, fmt.Errorf("ocr: languages: %q is not installed (have %s)", l, strings.Join(have, ", ")))
			}
		}
	}
	return errors.Join(errs...)
}

func (c Config) installedLanguages() ([]string, error) {
	if c.TessdataPrefix == "" {
		langs, err := gosseract.GetAvailableLanguages()
		if err != nil {
			return nil, fmt.Errorf("ocr: list languages: %w", err)
		}
		return langs, nil
	}
	m, err := filepath.Glob(filepath.Join(c.TessdataPrefix, "*.traineddata"))
	if err != nil {
		return nil, fmt.Errorf("ocr: list languages: %w", err)
	}
	var langs []string
	for _, p := range m {
		langs = append(langs, strings.TrimSuffix(filepath.Base(p), ".traineddata"))
	}
	return langs, nil
}

// Engine recognises page images with a pool of Tesseract clients. A client
// loads its language models once (a few hundred milliseconds) and is then
// reused page after page. Engine is safe for concurrent use; Close it when
// done.
type Engine struct {
	cfg   Config
	pool  chan *gosseract.Client // idle clients
	slot  chan struct{}          // one token per client that may exist
	pages chan struct{}          // one token per page that may be read at once
	lex   func() lexicons        // the languages' word lists, read on first use

	mu     sync.Mutex
	closed bool
	all    []*gosseract.Client
}

// NewEngine checks cfg and returns an engine. Clients are created on first
// use, so a process that never meets a scan pays nothing for OCR.
func NewEngine(cfg Config) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		// Not an error: the result is the same, only several times
		// slower. cmd/intake re-executes itself to guarantee it.
		fmt.Fprintln(os.Stderr, "ocr: OMP_THREAD_LIMIT is not set: Tesseract will be several times slower")
	}
	clients := max(cfg.Workers, cfg.PageClients)
	e := &Engine{
		cfg:   cfg,
		pool:  make(chan *gosseract.Client, clients),
		slot:  make(chan struct{}, clients),
		pages: make(chan struct{}, cfg.Workers),
		lex:   sync.OnceValue(func() lexicons { return loadLexicons(cfg.TessdataPrefix, cfg.Languages) }),
	}
	for range clients {
		e.slot <- struct{}{}
	}
	for range cfg.Workers {
		e.pages <- struct{}{}
	}
	return e, nil
}

// Config returns the engine's configuration.
func (e *Engine) Config() Config { return e.cfg }

// Version names the engine and its languages for the case trail.
func (e *Engine) Version() string {
	return "tesseract " + gosseract.Version() + " " + strings.Join(e.cfg.Languages, "+")
}

// Close frees every idle client. Clients still recognising a page that
// timed out are freed when they finish.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	for {
		select {
		case c := <-e.pool:
			c.Close()
		default:
			return nil
		}
	}
}

// acquire returns a client for one page, waiting for a free one and for
// the page's turn. release gives both back.
func (e *Engine) acquire(ctx context.Context) (*gosseract.Client, error) {
	select {
	case <-e.pages:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	c, err := e.client(ctx)
	if err != nil {
		e.pages <- struct{}{}
	}
	return c, err
}

// client returns an idle client, or a new one while there may be more.
func (e *Engine) client(ctx context.Context) (*gosseract.Client, error) {
	select {
	case c := <-e.pool:
		return c, nil
	default:
	}
	select {
	case c := <-e.pool:
		return c, nil
	case <-e.slot:
		c, err := e.newClient()
		if err != nil {
			e.slot <- struct{}{}
			return nil, err
		}
		return c, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// tryHelper returns a client that no page is using, or nil at once when
// there is none; the helper goes back with releaseHelper.
func (e *Engine) tryHelper() *gosseract.Client {
	select {
	case c := <-e.pool:
		return c
	default:
	}
	select {
	case c := <-e.pool:
		return c
	case <-e.slot:
		c, err := e.newClient()
		if err != nil {
			e.slot <- struct{}{}
			return nil
		}
		return c
	default:
		return nil
	}
}

func (e *Engine) release(c *gosseract.Client) {
	e.releaseHelper(c)
	e.pages <- struct{}{}
}

func (e *Engine) releaseHelper(c *gosseract.Client) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		c.Close()
		return
	}
	e.pool <- c
}

func (e *Engine) newClient() (*gosseract.Client, error) {
	e.mu.Lock()
	closed := e.closed
	e.mu.Unlock()
	if closed {
		return nil, errors.New("ocr: engine is closed")
	}
	c := gosseract.NewClient()
	if err := c.SetLanguage(e.cfg.Languages...); err != nil {
		c.Close()
		return nil, fmt.Errorf("ocr: languages: %w", err)
	}
	if e.cfg.TessdataPrefix != "" {
		if err := c.SetTessdataPrefix(e.cfg.TessdataPrefix); err != nil {
			c.Close()
			return nil, fmt.Errorf("ocr: tessdata: %w", err)
		}
	}
	// Tesseract prints resolution estimates and the like on stderr, which
	// would interleave with intake's own output.
	_ = c.SetVariable(gosseract.DEBUG_FILE, os.DevNull)
	// TessBaseAPI starts in PSM_SINGLE_BLOCK, which runs lines of columns
	// together and drops text it cannot fit into the block (titles, white
	// on dark bands); the tesseract command sets PSM_AUTO. So do we.
	_ = c.SetVariable("tessedit_pageseg_mode", strconv.Itoa(int(gosseract.PSM_AUTO)))
	for k, v := range e.cfg.Parameters {
		_ = c.SetVariable(gosseract.SettableVariable(k), v)
	}
	return c, nil
}

// RecognizeImage reads one page image rendered or extracted at dpi (0
// means the configured default): it turns the page upright, deskews it,
// recognises it once and returns its words in PDF points, origin at the top
// left, numbered pageNo. The page's Width and Height are those of the
// upright image. It returns ctx.Err() when ctx ends, and a *PageError when
// the page itself cannot be read (over the pixel limit, timeout).
func (e *Engine) RecognizeImage(ctx context.Context, img image.Image, pageNo int, dpi float64) (pipeline.Page, error) {
	b := img.Bounds()
	if b.Dx()*b.Dy() > e.cfg.MaxPixels {
		return pipeline.Page{Number: pageNo}, &PageError{Page: pageNo, Code: "image.too_large", Err: pipeline.ErrTooLarge,
			Detail: fmt.Sprintf("%d×%d pixels is over the limit of %d", b.Dx(), b.Dy(), e.cfg.MaxPixels)}
	}
	c, err := e.acquire(ctx)
	if err != nil {
		return pipeline.Page{Number: pageNo}, err
	}
	// A credible resolution from the caller (a PDF page's size) is a
	// measurement; the default is not.
	return e.recognize(ctx, c, toGray(img), pageNo, e.dpiOr(dpi), e.dpiOr(dpi) == dpi)
}

func (e *Engine) dpiOr(dpi float64) float64 {
	if dpi < minDPI || dpi > maxDPI {
		return e.cfg.DefaultDPI
	}
	return dpi
}

// PageError is one page that could not be read. The document goes on
// with its other pages; the reader records the failure as a warning.
type PageError struct {
	Page   int
	Code   string // e.g. "image.corrupt", "image.too_large", "ocr.timeout"
	Detail string
	Err    error // a pipeline sentinel or the cause
}

func (e *PageError) Error() string {
	return fmt.Sprintf("ocr: page %d: %s: %s", e.Page, e.Code, e.Detail)
}
func (e *PageError) Unwrap() error { return e.Err }
