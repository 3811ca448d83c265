package pdf

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"intake/pipeline"
)

// benchSets are the documents benchmarks read: the whole corpus (2.5
// pages a document on average), its two halves (the XML-Rechnung
// examples, 150-400 KB; the symtrax ones, which embed 600 KB fonts whole),
// and the corpus cut to its first two pages by pdfcpu, for the typical
// one- or two-page invoice.
func benchSets(b *testing.B) map[string][][]byte {
	b.Helper()
	model.ConfigPath = "disable"
	sets := map[string][][]byte{}
	// PDF_BENCH_DIR adds a set of one's own, such as the synthetic
	// invoices of intake fixtures.
	if dir := os.Getenv("PDF_BENCH_DIR"); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			sets["dir"] = append(sets["dir"], data)
		}
		if len(sets["dir"]) == 0 {
			b.Fatalf("PDF_BENCH_DIR=%s holds no PDFs", dir)
		}
	}
	for _, f := range corpusFiles(b) {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		sets["all"] = append(sets["all"], data)
		if strings.Contains(f, "symtrax") {
			sets["symtrax"] = append(sets["symtrax"], data)
		} else {
			sets["fx"] = append(sets["fx"], data)
		}
		var two bytes.Buffer
		if err := api.Trim(bytes.NewReader(data), &two, []string{"1-2"}, nil); err != nil {
			b.Fatalf("%s: trim: %v", f, err)
		}
		sets["two-pages"] = append(sets["two-pages"], two.Bytes())
	}
	return sets
}

// BenchmarkRead reads document sets round robin: whole documents (text
// and embedded XML), one at a time and from one goroutine per CPU.
// Metrics: docs/s and ms/page of wall time, CPU time per document and
// per page.
func BenchmarkRead(b *testing.B) {
	sets := benchSets(b)
	for _, mode := range []struct {
		set      string
		parallel bool
		noAttach bool
	}{
		{"all", false, false},
		{"all", true, false},
		{"all", true, true},
		{"fx", true, false},
		{"symtrax", true, false},
		{"two-pages", false, false},
		{"two-pages", true, false},
		{"dir", false, false},
		{"dir", true, false},
	} {
		name := mode.set + "/serial"
		if mode.parallel {
			name = mode.set + "/parallel"
		}
		if mode.noAttach {
			name += "-text-only"
		}
		docs := sets[mode.set]
		if len(docs) == 0 {
			continue
		}
		b.Run(name, func(b *testing.B) {
			cfg := testConfig()
			cfg.IgnoreAttachments = mode.noAttach
			cfg.Embedded = &recorder{}
			r, err := NewReader(cfg)
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			if _, err := r.Start(context.Background()); err != nil {
				b.Fatal(err)
			}
			var pages, next atomic.Int64
			read := func() {
				i := next.Add(1) - 1
				doc := &pipeline.Document{Data: docs[int(i)%len(docs)]}
				if err := r.Read(context.Background(), doc); err != nil {
					b.Error(err)
				}
				pages.Add(int64(doc.PageCount))
			}
			b.ResetTimer()
			cpu0 := cpuTime()
			t0 := time.Now()
			if mode.parallel {
				b.SetParallelism(1) // GOMAXPROCS goroutines, matching Workers
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						read()
					}
				})
			} else {
				for b.Loop() {
					read()
				}
			}
			el := time.Since(t0)
			cpu := cpuTime() - cpu0
			b.ReportMetric(float64(b.N)/el.Seconds(), "docs/s")
			b.ReportMetric(float64(el.Microseconds())/1000/float64(pages.Load()), "ms/page")
			// CPU time per document is what the machine can do when no one
			// else uses it: capacity = CPUs / cpu-ms/doc. It stays honest on a
			// shared, loaded machine where wall time does not.
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/doc")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(pages.Load()), "cpu-ms/page")
		})
	}
}

// BenchmarkEmbeddedXML measures finding and decoding the attachment alone.
func BenchmarkEmbeddedXML(b *testing.B) {
	docs := benchSets(b)["all"]
	i := 0
	for b.Loop() {
		if _, x, err := EmbeddedXML(docs[i%len(docs)]); err != nil || x == nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkPoolStart measures starting pdfium: compiling the module
// without a cache, and loading it from a warm cache directory.
func BenchmarkPoolStart(b *testing.B) {
	for _, mode := range []struct {
		name  string
		cache string
	}{{"compile", ""}, {"cached", b.TempDir()}} {
		b.Run(mode.name, func(b *testing.B) {
			if mode.cache != "" {
				warm(b, mode.cache)
			}
			for b.Loop() {
				cfg := DefaultConfig()
				cfg.CacheDir = mode.cache
				r, err := NewReader(cfg)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := r.Start(context.Background()); err != nil {
					b.Fatal(err)
				}
				r.Close()
			}
		})
	}
}

// warm fills a compilation cache directory.
func warm(b *testing.B, dir string) {
	cfg := DefaultConfig()
	cfg.CacheDir = dir
	r, err := NewReader(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
}
