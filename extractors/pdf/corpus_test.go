package pdf

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"intake/pipeline"
)

// corpusDir holds the shared hybrid e-invoices (ZUGFeRD 2.1 / Factur-X
// examples), relative to this package.
const corpusDir = "../../../shared/data/zugferd"

// corpusSize is how many PDFs the corpus holds: a smaller count means
// files went missing, which must fail rather than pass on fewer.
const corpusSize = 64

// corpusFiles lists the corpus PDFs or fails the test.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"symtrax/Beispiele/*/*.pdf", "XML-Rechnung/FX/*.pdf"} {
		m, err := filepath.Glob(filepath.Join(corpusDir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) != corpusSize {
		abs, _ := filepath.Abs(corpusDir)
		t.Fatalf("corpus: found %d PDFs under %s, want %d: is the shared data set in place?", len(files), abs, corpusSize)
	}
	return files
}

// recorder is an EmbeddedParser that remembers what it was given.
type recorder struct {
	mu    sync.Mutex
	names map[string]string // document ID → attachment name
	err   error             // returned by ApplyEmbedded
	panic bool
}

func (r *recorder) ApplyEmbedded(doc *pipeline.Document, xml []byte, name string) error {
	if r.panic {
		panic("parser bug")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.names == nil {
		r.names = map[string]string{}
	}
	r.names[doc.ID] = name
	if r.err == nil {
		doc.Structured = true
	}
	return r.err
}

func TestCorpus(t *testing.T) {
	files := corpusFiles(t)
	rec := &recorder{}
	r := newTestReader(t, func(c *Config) { c.Embedded = rec })
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc := &pipeline.Document{ID: f, Data: data}
			if err := r.Read(context.Background(), doc); err != nil {
				t.Fatalf("read: %v", err)
			}
			if doc.TextSource != pipeline.SourceNative || doc.PageCount != len(doc.Pages) || doc.PageCount == 0 {
				t.Fatalf("text source %q, page count %d, %d pages", doc.TextSource, doc.PageCount, len(doc.Pages))
			}
			if len(doc.Warnings) > 0 {
				t.Errorf("warnings: %v", doc.Warnings)
			}
			// Three of the examples end in a blank page.
			words := 0
			for _, p := range doc.Pages {
				if len(p.Words) == 0 && p.Number < doc.PageCount {
					t.Errorf("page %d: no words", p.Number)
				}
				words += len(p.Words)
				checkPage(t, p)
			}
			if words < 50 {
				t.Errorf("only %d words", words)
			}
			want := "factur-x.xml"
			if strings.HasPrefix(filepath.Base(f), "XRECHNUNG_") {
				want = "xrechnung.xml"
			}
			if got := rec.names[f]; got != want || !doc.Structured {
				t.Errorf("embedded e-invoice: got %q (structured %v), want %q", got, doc.Structured, want)
			}
		})
	}
}

func TestCorpusEmbeddedXML(t *testing.T) {
	for _, f := range corpusFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name, xml, err := EmbeddedXML(data)
		if err != nil || xml == nil {
			t.Errorf("%s: no XML: %v", filepath.Base(f), err)
			continue
		}
		if !strings.HasSuffix(name, ".xml") || !strings.Contains(string(xml), "Invoice") {
			t.Errorf("%s: %s does not look like an e-invoice: %.80q", filepath.Base(f), name, xml)
		}
	}
}

// checkPage checks what every page must satisfy: a size, words with text,
// boxes inside the page, confidence 1, and reading order (line centres go
// down, words within a line go right).
func checkPage(t *testing.T, p pipeline.Page) {
	t.Helper()
	if p.Width <= 0 || p.Height <= 0 || p.Source != pipeline.SourceNative {
		t.Errorf("page %d: size %gx%g, source %q", p.Number, p.Width, p.Height, p.Source)
	}
	const eps = 1e-6
	for i, w := range p.Words {
		b := w.Box
		if strings.TrimSpace(w.Text) != w.Text || w.Text == "" {
			t.Errorf("page %d word %d: text %q", p.Number, i, w.Text)
		}
		if !(b.X0 >= -eps && b.Y0 >= -eps && b.X1 <= p.Width+eps && b.Y1 <= p.Height+eps && b.X0 <= b.X1 && b.Y0 <= b.Y1) {
			t.Errorf("page %d word %q: box %+v outside %gx%g page", p.Number, w.Text, b, p.Width, p.Height)
		}
		if w.Conf != 1 {
			t.Errorf("page %d word %q: conf %g", p.Number, w.Text, w.Conf)
		}
		if i == 0 {
			continue
		}
		prev := p.Words[i-1].Box
		pc, c := (prev.Y0+prev.Y1)/2, (b.Y0+b.Y1)/2
		sameLine := c >= prev.Y0 && c <= prev.Y1 && pc >= b.Y0 && pc <= b.Y1
		if sameLine && b.X0 < prev.X0 {
			t.Errorf("page %d: %q at x %.1f follows %q at x %.1f on one line", p.Number, w.Text, b.X0, p.Words[i-1].Text, prev.X0)
		}
		if !sameLine && c < pc-(prev.Y1-prev.Y0) {
			t.Errorf("page %d: %q (y %.1f) follows %q (y %.1f) from a line below", p.Number, w.Text, c, p.Words[i-1].Text, pc)
		}
	}
}
