package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"intake/pipeline"
)

// testConfig is DefaultConfig with a compilation cache shared by test
// processes (fuzz workers included), so that only the first compiles.
func testConfig() Config {
	cfg := DefaultConfig()
	cfg.CacheDir = filepath.Join(os.TempDir(), "intake-extractors-pdf-wazero")
	return cfg
}

// newTestReader returns a Reader closed when the test ends.
func newTestReader(t testing.TB, opts ...func(*Config)) *Reader {
	t.Helper()
	cfg := testConfig()
	for _, o := range opts {
		o(&cfg)
	}
	r, err := NewReader(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return r
}

// sharedReader serves the tests that need no special configuration.
var sharedReader = sync.OnceValues(func() (*Reader, error) { return NewReader(testConfig()) })

func reader(t testing.TB) *Reader {
	t.Helper()
	r, err := sharedReader()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// read reads data with the shared reader.
func read(t testing.TB, data []byte) (*pipeline.Document, error) {
	t.Helper()
	doc := &pipeline.Document{Data: data}
	return doc, reader(t).Read(context.Background(), doc)
}

func pageText(p pipeline.Page) string {
	var parts []string
	for _, w := range p.Words {
		parts = append(parts, w.Text)
	}
	return strings.Join(parts, " ")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if r, err := sharedReader(); err == nil {
		r.Close()
	}
	os.Exit(code)
}

func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("default config: %v", err)
	}
	err := Config{}.Validate()
	for _, want := range []string{"pdf.max_pages", "pdf.workers", "pdf.memory_limit_mb"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("zero config: error %v does not name %s", err, want)
		}
	}
	if _, err := NewReader(Config{}); err == nil {
		t.Error("NewReader accepted a zero config")
	}
}

func TestAccepts(t *testing.T) {
	r := reader(t)
	if !r.Accepts("application/pdf") || r.Accepts("image/png") || r.Accepts("application/xml") {
		t.Error("Accepts: wrong answer")
	}
}

func TestReadText(t *testing.T) {
	data := buildPDF(
		testPage{content: text(72, 700, "Faktura nr. 2024-17") + text(300, 700, "Total: 1.234,50 DKK") + text(72, 650, "Kvittering")},
		testPage{content: text(72, 700, "Side 2")},
	)
	doc, err := read(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if doc.PageCount != 2 || doc.TextSource != pipeline.SourceNative || len(doc.Warnings) > 0 {
		t.Fatalf("page count %d, source %q, warnings %v", doc.PageCount, doc.TextSource, doc.Warnings)
	}
	p := doc.Pages[0]
	if p.Number != 1 || p.Width != 612 || p.Height != 792 {
		t.Errorf("page 1: number %d, size %gx%g", p.Number, p.Width, p.Height)
	}
	if got, want := pageText(p), "Faktura nr. 2024-17 Total: 1.234,50 DKK Kvittering"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	// "Faktura" is shown at x 72, baseline 700 from the bottom: top-left
	// origin puts its box around y 792-700 = 92, ascent above, descent below.
	b := p.Words[0].Box
	if b.X0 < 71 || b.X0 > 73 || b.Y1 < 92 || b.Y1 > 96 || b.Y0 < 78 || b.Y0 > 84 {
		t.Errorf("box of %q: %+v", p.Words[0].Text, b)
	}
	checkPage(t, p)
	if got := pageText(doc.Pages[1]); got != "Side 2" {
		t.Errorf("page 2 text %q", got)
	}
}

func TestReadRotatedPages(t *testing.T) {
	// The same text on the same page, displayed at four rotations: the
	// boxes must turn with the page, and reading order follow the text.
	content := text(72, 700, "Hello World") + text(72, 680, "Second line")
	base, err := read(t, buildPDF(testPage{content: content}))
	if err != nil {
		t.Fatal(err)
	}
	b0 := base.Pages[0].Words[0].Box
	const W, H = 612.0, 792.0
	for _, tc := range []struct {
		rotate int
		w, h   float64
		want   pipeline.Box // of "Hello"
	}{
		{0, W, H, b0},
		{90, H, W, pipeline.Box{X0: H - b0.Y1, Y0: b0.X0, X1: H - b0.Y0, Y1: b0.X1}},
		{180, W, H, pipeline.Box{X0: W - b0.X1, Y0: H - b0.Y1, X1: W - b0.X0, Y1: H - b0.Y0}},
		{270, H, W, pipeline.Box{X0: b0.Y0, Y0: W - b0.X1, X1: b0.Y1, Y1: W - b0.X0}},
		{-90, H, W, pipeline.Box{X0: b0.Y0, Y0: W - b0.X1, X1: b0.Y1, Y1: W - b0.X0}},
	} {
		doc, err := read(t, buildPDF(testPage{content: content, rotate: tc.rotate}))
		if err != nil {
			t.Fatal(err)
		}
		p := doc.Pages[0]
		if p.Width != tc.w || p.Height != tc.h {
			t.Errorf("rotate %d: page %gx%g, want %gx%g", tc.rotate, p.Width, p.Height, tc.w, tc.h)
		}
		if got := pageText(p); got != "Hello World Second line" {
			t.Errorf("rotate %d: text %q", tc.rotate, got)
			continue
		}
		if !near(p.Words[0].Box, tc.want, 0.01) {
			t.Errorf("rotate %d: box %+v, want %+v", tc.rotate, p.Words[0].Box, tc.want)
		}
	}
}

func TestReadCropBox(t *testing.T) {
	// A crop box moves the origin; text outside it is not shown.
	data := buildPDF(testPage{
		content: text(150, 600, "Inside") + text(10, 10, "Outside"),
		cropBox: "100 100 500 700",
	})
	doc, err := read(t, data)
	if err != nil {
		t.Fatal(err)
	}
	p := doc.Pages[0]
	if p.Width != 400 || p.Height != 600 || pageText(p) != "Inside" {
		t.Fatalf("page %gx%g, text %q", p.Width, p.Height, pageText(p))
	}
	if b := p.Words[0].Box; b.X0 < 49 || b.X0 > 51 || b.Y1 < 100 || b.Y1 > 104 {
		t.Errorf("box %+v: want x0 50, bottom near 700-600+descent", b)
	}
}

func TestReadScannedPage(t *testing.T) {
	data := buildPDF(
		testPage{content: text(72, 700, "Cover letter")},
		testPage{content: "q 612 0 0 792 0 0 cm /Im1 Do Q"},
	)
	doc, err := read(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if doc.PageCount != 2 || len(doc.Pages[0].Words) == 0 || len(doc.Pages[1].Words) != 0 {
		t.Fatalf("pages %d, words %d and %d", doc.PageCount, len(doc.Pages[0].Words), len(doc.Pages[1].Words))
	}
	if len(doc.Warnings) != 1 || doc.Warnings[0].Code != "pdf.page_without_text" || !strings.Contains(doc.Warnings[0].Message, "page 2") {
		t.Errorf("warnings %v", doc.Warnings)
	}
	if p := doc.Pages[1]; p.Number != 2 || p.Width != 612 {
		t.Errorf("scanned page: %+v", p)
	}
}

func TestReadBlankPages(t *testing.T) {
	// Without text, a page needs OCR only if it may show text: not when it
	// is empty or holds a few rules, but when it draws many outlines.
	var outlines strings.Builder
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&outlines, "%d 100 m %d 110 l %d 105 %d 102 %d 100 c h f\n", 10*i, 10*i+3, 10*i+5, 10*i+6, 10*i+8)
	}
	data := buildPDF(
		testPage{content: ""},
		testPage{content: "0 0 m 612 0 l S 72 72 468 648 re S"},
		testPage{content: outlines.String()},
	)
	doc, err := read(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if doc.PageCount != 3 || len(doc.Warnings) != 1 || !strings.Contains(doc.Warnings[0].Message, "page 3") {
		t.Errorf("pages %d, warnings %v: want one for page 3", doc.PageCount, doc.Warnings)
	}
}

func TestReadBrokenPage(t *testing.T) {
	// Page 2 of the page tree is missing: pdfium loads no page for it,
	// and the document is read with a blank page 2 and a warning.
	data := buildPDF(testPage{content: text(72, 700, "Page one")}, testPage{content: text(72, 700, "Page two")})
	data = bytes.Replace(data, []byte("/Count 2"), []byte("/Count 3"), 1)
	data = bytes.Replace(data, []byte("] /Count 3"), []byte(" 999 0 R] /Count 3"), 1)
	doc, err := read(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if doc.PageCount != 3 || pageText(doc.Pages[0]) != "Page one" || len(doc.Pages[2].Words) != 0 || doc.Pages[2].Width <= 0 {
		t.Fatalf("pages %d: %q, page 3 %+v", doc.PageCount, docText(doc), doc.Pages[2])
	}
	if len(doc.Warnings) != 1 || doc.Warnings[0].Code != "pdf.page_unreadable" {
		t.Errorf("warnings %v", doc.Warnings)
	}
}

func TestReadFormFields(t *testing.T) {
	// A filled-in field lives in an annotation's appearance stream, not in
	// the page content; it must be read where it is shown.
	data := buildPDF(testPage{
		content: text(72, 700, "Name:"),
		annots:  []string{"<< /Type /Annot /Subtype /FreeText /Rect [150 690 350 710] AP >>"},
	})
	doc, err := read(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if got := pageText(doc.Pages[0]); got != "Name: Filled In" {
		t.Errorf("text %q, want the field value after its label", got)
	}
}

func TestReadUnreadable(t *testing.T) {
	corpus, err := os.ReadFile(filepath.Join(corpusDir, "XML-Rechnung/FX/EN16931_Einfach.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	one := buildPDF(testPage{content: text(72, 700, "Secret")})
	var zero pdfBuilder
	zeroRoot := zero.add("<< /Type /Catalog /Pages 2 0 R >>")
	zero.add("<< /Type /Pages /Kids [] /Count 0 >>")
	three := buildPDF(testPage{content: text(72, 700, "1")}, testPage{content: text(72, 700, "2")}, testPage{content: text(72, 700, "3")})

	for _, tc := range []struct {
		name     string
		data     []byte
		code     string
		sentinel error
		maxPages int
	}{
		{"no bytes", nil, "pdf.empty", pipeline.ErrEmpty, 0},
		{"text file", []byte("Dear sir,\nplease find attached our invoice.\n"), "pdf.corrupt", pipeline.ErrCorrupt, 0},
		{"garbage after header", append([]byte("%PDF-1.7\n"), []byte(strings.Repeat("\x00garbage\xff", 200)+"\n%%EOF\n")...), "pdf.corrupt", pipeline.ErrCorrupt, 0},
		{"truncated to a tenth", corpus[:len(corpus)/10], "pdf.corrupt", pipeline.ErrCorrupt, 0},
		{"truncated to half", corpus[:len(corpus)/2], "pdf.corrupt", pipeline.ErrCorrupt, 0},
		{"truncated at 99%", corpus[:len(corpus)*99/100], "pdf.corrupt", pipeline.ErrCorrupt, 0},
		{"small file truncated", one[:len(one)-60], "pdf.corrupt", pipeline.ErrCorrupt, 0},
		{"zero pages", zero.bytes(zeroRoot), "pdf.empty", pipeline.ErrEmpty, 0},
		{"user password", encrypt(t, one, "user", "owner"), "pdf.encrypted", pipeline.ErrEncrypted, 0},
		{"too many pages", three, "pdf.too_many_pages", pipeline.ErrTooLarge, 2},
		{"crop box off the page", buildPDF(testPage{content: text(72, 700, "x"), cropBox: "700 800 900 900"}), "pdf.corrupt", pipeline.ErrCorrupt, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := reader(t)
			if tc.maxPages > 0 {
				r = newTestReader(t, func(c *Config) { c.MaxPages = tc.maxPages })
			}
			doc := &pipeline.Document{Data: tc.data}
			err := r.Read(context.Background(), doc)
			var ue *pipeline.UnreadableError
			if !errors.As(err, &ue) || ue.Code != tc.code || !errors.Is(err, tc.sentinel) {
				t.Fatalf("got %v, want %s wrapping %v", err, tc.code, tc.sentinel)
			}
			if len(doc.Pages) != 0 || doc.PageCount != 0 {
				t.Errorf("an unreadable document got %d pages", len(doc.Pages))
			}
		})
	}
}

func TestReadMemoryBomb(t *testing.T) {
	// A content stream that inflates to 100 MiB of spaces exhausts a 64 MiB
	// instance: pdfium traps, the document is unreadable, the instance is
	// replaced and the next document reads.
	var z bytes.Buffer
	w, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	w.Write([]byte(text(72, 700, "Bomb")))
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for range 100 {
		w.Write(chunk)
	}
	w.Close()
	var b pdfBuilder
	root := b.add("<< /Type /Catalog /Pages 2 0 R >>")
	b.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	b.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
	b.stream("/Filter /FlateDecode", z.String())
	b.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")

	r := newTestReader(t, func(c *Config) { c.MemoryLimitMB = 64; c.Workers = 1 })
	err := r.Read(context.Background(), &pipeline.Document{Data: b.bytes(root)})
	var ue *pipeline.UnreadableError
	if !errors.As(err, &ue) || ue.Code != "pdf.corrupt" || strings.Contains(ue.Detail, "\n") {
		t.Fatalf("got %v, want a one-line pdf.corrupt", err)
	}
	doc := &pipeline.Document{Data: buildPDF(testPage{content: text(72, 700, "After")})}
	if err := r.Read(context.Background(), doc); err != nil || docText(doc) != "After" {
		t.Errorf("next document: %v, %q", err, docText(doc))
	}
}

func TestReadOwnerPasswordOnly(t *testing.T) {
	// Permissions guarded by an owner password do not stop reading: the
	// empty user password opens the document.
	data := encrypt(t, buildPDF(testPage{content: text(72, 700, "Permitted reading")}), "", "owner")
	doc, err := read(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if got := pageText(doc.Pages[0]); got != "Permitted reading" {
		t.Errorf("text %q", got)
	}
}

func TestReadEmbedded(t *testing.T) {
	xml := []byte(`<?xml version="1.0"?><rsm:CrossIndustryInvoice/>`)
	data := withAttachments(attachment{name: "factur-x.xml", data: xml})
	for _, tc := range []struct {
		name     string
		cfg      func(*Config)
		rec      *recorder
		applied  bool
		warnCode string
	}{
		{"applied", nil, &recorder{}, true, ""},
		{"parser error", nil, &recorder{err: errors.New("not EN 16931")}, true, "pdf.embedded_invalid"},
		{"parser panic", nil, &recorder{panic: true}, false, "pdf.embedded_invalid"},
		{"ignored", func(c *Config) { c.IgnoreAttachments = true }, &recorder{}, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newTestReader(t, func(c *Config) {
				c.Embedded = tc.rec
				if tc.cfg != nil {
					tc.cfg(c)
				}
			})
			doc := &pipeline.Document{ID: "x", Data: data}
			if err := r.Read(context.Background(), doc); err != nil {
				t.Fatal(err)
			}
			if pageText(doc.Pages[0]) != "Invoice" {
				t.Errorf("visible text lost: %q", pageText(doc.Pages[0]))
			}
			if _, ok := tc.rec.names["x"]; ok != tc.applied {
				t.Errorf("parser called: %v, want %v", ok, tc.applied)
			}
			var codes []string
			for _, w := range doc.Warnings {
				codes = append(codes, w.Code)
			}
			if want := tc.warnCode; (want == "" && len(codes) > 0) || (want != "" && (len(codes) != 1 || codes[0] != want)) {
				t.Errorf("warnings %v, want %q", doc.Warnings, want)
			}
		})
	}
}

func TestReadContext(t *testing.T) {
	r := reader(t)
	data := buildPDF(testPage{content: text(72, 700, "x")})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := r.Read(ctx, &pipeline.Document{Data: data}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	time.Sleep(time.Millisecond)
	if err := r.Read(ctx, &pipeline.Document{Data: data}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: got %v", err)
	}
	// The reader still works afterwards.
	if _, err := read(t, data); err != nil {
		t.Error(err)
	}
}

func TestReadConcurrent(t *testing.T) {
	// More goroutines than instances: Reads wait for a free instance and
	// every document reads the same as alone.
	files := corpusFiles(t)[:8]
	r := newTestReader(t, func(c *Config) { c.Workers = 2 })
	want := make([]string, len(files))
	datas := make([][]byte, len(files))
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		datas[i] = data
		doc, err := read(t, data)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = docText(doc)
	}
	var wg sync.WaitGroup
	for g := 0; g < 6; g++ {
		wg.Go(func() {
			for k := range 2 * len(files) {
				i := (g + k) % len(files)
				doc := &pipeline.Document{Data: datas[i]}
				if err := r.Read(context.Background(), doc); err != nil {
					t.Error(err)
					return
				}
				if got := docText(doc); got != want[i] {
					t.Errorf("%s: concurrent read differs", files[i])
				}
			}
		})
	}
	wg.Wait()
}

func docText(doc *pipeline.Document) string {
	var parts []string
	for _, p := range doc.Pages {
		parts = append(parts, pageText(p))
	}
	return strings.Join(parts, "\f")
}

func TestLazyStartAndClose(t *testing.T) {
	// The first Read starts pdfium. (BenchmarkPoolStart times compiling
	// without a cache, which takes seconds.)
	cfg := testConfig()
	cfg.Workers = 1
	r, err := NewReader(cfg)
	if err != nil {
		t.Fatal(err)
	}
	doc := &pipeline.Document{Data: buildPDF(testPage{content: text(72, 700, "Lazy")})}
	if err := r.Read(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	took, err := r.Start(context.Background())
	if err != nil || took <= 0 {
		t.Errorf("start: %v, %v", took, err)
	}
	t.Logf("pdfium pool started in %v", took)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
	err = r.Read(context.Background(), &pipeline.Document{Data: doc.Data})
	var ue *pipeline.UnreadableError
	if err == nil || errors.As(err, &ue) {
		t.Errorf("read after close: got %v, want a machinery error", err)
	}
}

func TestCloseDuringReads(t *testing.T) {
	// Closing under running Reads fails them as machinery errors, never
	// as unreadable input: the documents must not go to quarantine.
	data, err := os.ReadFile(corpusFiles(t)[0])
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 20 {
				err := r.Read(context.Background(), &pipeline.Document{Data: data})
				var ue *pipeline.UnreadableError
				if errors.As(err, &ue) {
					t.Errorf("read during close: %v", err)
				}
				if err != nil {
					return
				}
			}
		})
	}
	time.Sleep(30 * time.Millisecond)
	if err := r.Close(); err != nil {
		t.Error(err)
	}
	wg.Wait()
}

func TestCloseBeforeStart(t *testing.T) {
	r, err := NewReader(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Read(context.Background(), &pipeline.Document{Data: buildPDF(testPage{content: text(72, 700, "x")})}); err == nil {
		t.Error("read after close succeeded")
	}
}

func near(a, b pipeline.Box, eps float64) bool {
	d := func(x, y float64) bool { return x-y < eps && y-x < eps }
	return d(a.X0, b.X0) && d(a.Y0, b.Y0) && d(a.X1, b.X1) && d(a.Y1, b.Y1)
}
