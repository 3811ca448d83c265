package ocr

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"intake/extractors/pdf"
	"intake/pipeline"
)

// scanCache is one corpus scan's pages as the engine receives them.
type scanCache struct {
	Name  string
	Class string // scanned, image, photo
	Text  string
	Pages []struct {
		File string
		DPI  float64
	}
}

// pageRecorder stands in for the engine in the PDF reader and keeps the
// pages it is given.
type pageRecorder struct {
	mu    sync.Mutex
	pages map[int]*image.Gray
}

func (p *pageRecorder) RecognizeImage(ctx context.Context, img image.Image, pageNo int, dpi float64) (pipeline.Page, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pages[pageNo] = toGray(img)
	return pipeline.Page{Number: pageNo}, nil
}

// TestScanCache writes every committed scan's pages (scanned PDFs
// rendered by the PDF reader, image files decoded), as the engine gets
// them, to the folder INTAKE_OCR_CACHE names (PGM files and an index),
// for TestScanEval: experiments then skip decoding and rendering.
func TestScanCache(t *testing.T) {
	dir := os.Getenv("INTAKE_OCR_CACHE")
	if dir == "" {
		t.Skip("INTAKE_OCR_CACHE not set")
	}
	os.MkdirAll(dir, 0o755)
	truths, _ := filepath.Glob(filepath.Join(corpusDir, "*.truth.json"))
	sort.Strings(truths)
	rec := &pageRecorder{}
	pcfg := pdf.DefaultConfig()
	pcfg.Workers = 1
	pcfg.OCR = rec
	pr, err := pdf.NewReader(pcfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	var index []scanCache
	for _, tp := range truths {
		var tr struct {
			Format string          `json:"format"`
			Text   string          `json:"text"`
			Photo  json.RawMessage `json:"photo"`
		}
		b, _ := os.ReadFile(tp)
		json.Unmarshal(b, &tr)
		if tr.Format != "scanned" && tr.Format != "image" {
			continue
		}
		base := strings.TrimSuffix(tp, ".truth.json")
		c := scanCache{Name: filepath.Base(base), Class: tr.Format, Text: tr.Text}
		if len(tr.Photo) > 0 && string(tr.Photo) != "null" {
			c.Class = "photo"
		}
		var imgs []*image.Gray
		var dpis []float64
		if tr.Format == "scanned" {
			data, err := os.ReadFile(base + ".pdf")
			if err != nil {
				t.Fatal(err)
			}
			rec.pages = map[int]*image.Gray{}
			doc := &pipeline.Document{Data: data, MediaType: pipeline.MediaPDF}
			if err := pr.Read(context.Background(), doc); err != nil {
				t.Fatal(err)
			}
			for i := 1; i <= len(rec.pages); i++ {
				imgs = append(imgs, rec.pages[i])
				dpis = append(dpis, 300)
			}
		} else {
			for ext, mt := range map[string]string{".png": pipeline.MediaPNG, ".jpg": pipeline.MediaJPEG, ".tif": pipeline.MediaTIFF} {
				data, err := os.ReadFile(base + ext)
				if err != nil {
					continue
				}
				srcs, err := splitPages(mt, data, 50)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range srcs {
					img, err := s.load(40_000_000)
					if err != nil {
						t.Fatal(err)
					}
					b := img.Bounds()
					imgs = append(imgs, toGray(img))
					dpis = append(dpis, pageDPI(s.dpi, b.Dx(), b.Dy(), 300))
				}
			}
		}
		for i, g := range imgs {
			f := fmt.Sprintf("%s-p%d.pgm", c.Name, i+1)
			if err := os.WriteFile(filepath.Join(dir, f), writePGM(g), 0o644); err != nil {
				t.Fatal(err)
			}
			c.Pages = append(c.Pages, struct {
				File string
				DPI  float64
			}{f, dpis[i]})
		}
		index = append(index, c)
	}
	b, _ := json.MarshalIndent(index, "", " ")
	os.WriteFile(filepath.Join(dir, "index.json"), b, 0o644)
	t.Logf("%d scans", len(index))
}

func readPGM(t *testing.T, path string) *image.Gray {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var w, h, m int
	n, _ := fmt.Sscanf(string(b[:40]), "P5\n%d %d\n%d\n", &w, &h, &m)
	if n != 3 {
		t.Fatalf("pgm %s", path)
	}
	head := len(fmt.Sprintf("P5\n%d %d\n%d\n", w, h, m))
	g := image.NewGray(image.Rect(0, 0, w, h))
	copy(g.Pix, b[head:])
	return g
}

// TestScanEval reads the pages TestScanCache wrote (INTAKE_OCR_EVAL names
// the folder) with one worker and prints FlexCER and seconds per page by
// kind of scan: scanned PDFs, image scans, phone photos. Settings to
// compare, from the environment: INTAKE_OCR_LANGS (dan+swe+eng),
// INTAKE_OCR_PARAMS (k=v,k=v Tesseract parameters), INTAKE_OCR_PAGECLIENTS,
// INTAKE_OCR_LANGMAP (da=dan+eng,sv=swe+eng: languages by the truth's
// language, an oracle), INTAKE_OCR_ONLY (a name substring),
// INTAKE_OCR_DUMP (a folder for the texts read, for TestFlexDetail),
// INTAKE_OCR_VERBOSE (one line per document), INTAKE_OCR_SCALE
// (scanned=0.6667: pages of a kind resampled, their resolution with them). Run it from this folder:
//
//	INTAKE_OCR_CACHE=/tmp/ocrcache go test -run TestScanCache ./extractors/ocr
//	INTAKE_OCR_EVAL=/tmp/ocrcache go test -run TestScanEval -v -timeout 1h ./extractors/ocr
func TestScanEval(t *testing.T) {
	dir := os.Getenv("INTAKE_OCR_EVAL")
	if dir == "" {
		t.Skip("INTAKE_OCR_EVAL not set")
	}
	b, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var index []scanCache
	json.Unmarshal(b, &index)
	only := os.Getenv("INTAKE_OCR_ONLY")
	engines := map[string]*Engine{}
	engineFor := func(langs string) *Engine {
		if e := engines[langs]; e != nil {
			return e
		}
		e := newTestEngine(t, func(c *Config) {
			c.Workers = 1
			if v := os.Getenv("INTAKE_OCR_PAGECLIENTS"); v != "" {
				fmt.Sscan(v, &c.PageClients)
			}
			if langs != "" {
				c.Languages = strings.Split(langs, "+")
			}
			for _, kv := range strings.Split(os.Getenv("INTAKE_OCR_PARAMS"), ",") {
				if k, v, ok := strings.Cut(kv, "="); ok {
					if c.Parameters == nil {
						c.Parameters = map[string]string{}
					}
					c.Parameters[k] = v
				}
			}
		})
		engines[langs] = e
		return e
	}
	langMap := map[string]string{}
	for _, kv := range strings.Split(os.Getenv("INTAKE_OCR_LANGMAP"), ",") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			langMap[k] = v
		}
	}
	dump := os.Getenv("INTAKE_OCR_DUMP")
	scale := map[string]float64{}
	for _, kv := range strings.Split(os.Getenv("INTAKE_OCR_SCALE"), ",") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			var f float64
			fmt.Sscan(v, &f)
			scale[k] = f
		}
	}
	e := engineFor(os.Getenv("INTAKE_OCR_LANGS"))
	// Warm the client.
	warm := readPGM(t, filepath.Join(dir, index[0].Pages[0].File))
	e.RecognizeImage(context.Background(), warm, 1, index[0].Pages[0].DPI)
	type agg struct {
		cers       []float64
		pages      int
		wall, cpuT time.Duration
	}
	by := map[string]*agg{}
	var out strings.Builder
	for _, c := range index {
		if only != "" && !strings.Contains(c.Name, only) {
			continue
		}
		var texts []string
		var wall, cpuT time.Duration
		e := e
		if len(langMap) > 0 {
			var tr struct{ Language string }
			b, _ := os.ReadFile(filepath.Join(corpusDir, c.Name+".truth.json"))
			json.Unmarshal(b, &tr)
			e = engineFor(langMap[tr.Language])
		}
		for i, p := range c.Pages {
			g := readPGM(t, filepath.Join(dir, p.File))
			dpi := p.DPI
			if f := scale[c.Class]; f > 0 && f != 1 {
				g = enlarge(g, f)
				dpi *= f
			}
			c0 := processCPU()
			t0 := time.Now()
			page, err := e.RecognizeImage(context.Background(), g, i+1, dpi)
			wall += time.Since(t0)
			cpuT += processCPU() - c0
			if err != nil {
				t.Errorf("%s: %v", c.Name, err)
			}
			texts = append(texts, page.Text())
		}
		cer := FlexCER(strings.Join(texts, "\f"), c.Text)
		if dump != "" {
			os.MkdirAll(dump, 0o755)
			os.WriteFile(filepath.Join(dump, c.Name+".txt"), []byte(strings.Join(texts, "\f")), 0o644)
			os.WriteFile(filepath.Join(dump, c.Name+".truth"), []byte(c.Text), 0o644)
		}
		a := by[c.Class]
		if a == nil {
			a = &agg{}
			by[c.Class] = a
		}
		a.cers = append(a.cers, cer)
		a.pages += len(c.Pages)
		a.wall += wall
		a.cpuT += cpuT
		fmt.Fprintf(&out, "%-48s %-8s %d %6.2f%% %6.2fs\n", c.Name, c.Class, len(c.Pages), 100*cer, wall.Seconds())
	}
	if os.Getenv("INTAKE_OCR_VERBOSE") != "" {
		t.Log("\n" + out.String())
	}
	var all []float64
	var tw, tc time.Duration
	pages := 0
	classes := []string{"scanned", "image", "photo"}
	var sum strings.Builder
	for _, k := range classes {
		a := by[k]
		if a == nil {
			continue
		}
		all = append(all, a.cers...)
		tw += a.wall
		tc += a.cpuT
		pages += a.pages
		fmt.Fprintf(&sum, "%-8s docs %2d pages %2d  FlexCER %5.2f%%  %.2f s/page wall %.2f cpu\n", k, len(a.cers), a.pages, 100*meanOf(a.cers), a.wall.Seconds()/float64(a.pages), a.cpuT.Seconds()/float64(a.pages))
	}
	fmt.Fprintf(&sum, "%-8s docs %2d pages %2d  FlexCER %5.2f%%  %.2f s/page wall %.2f cpu\n", "all", len(all), pages, 100*meanOf(all), tw.Seconds()/float64(pages), tc.Seconds()/float64(pages))
	t.Log("\n" + sum.String())
}

func meanOf(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// processCPU is the CPU time of the process, Tesseract's threads included.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestFlexDetail prints, for the dumped docs named by INTAKE_OCR_DETAIL
// (dir:substring), the matched lines with errors and the leftovers.
func TestFlexDetail(t *testing.T) {
	spec := os.Getenv("INTAKE_OCR_DETAIL")
	if spec == "" {
		t.Skip()
	}
	dir, sub, _ := strings.Cut(spec, ":")
	files, _ := filepath.Glob(filepath.Join(dir, "*"+sub+"*.txt"))
	for _, f := range files {
		got, _ := os.ReadFile(f)
		want, _ := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".truth")
		wl, gl := cerLines(string(want)), cerLines(string(got))
		var b strings.Builder
		for {
			bi, bj, bq := -1, -1, 2.0
			var bm fit
			for i, w := range wl {
				for j, g := range gl {
					if len(w) == 0 || len(g) == 0 {
						continue
					}
					m := bestFit(w, g)
					if q := float64(m.dist) / float64(m.n); q < bq || q == bq && m.n > bm.n {
						bi, bj, bq, bm = i, j, q, m
					}
				}
			}
			if bi < 0 || bq > 0.5 {
				break
			}
			w, g := wl[bi], gl[bj]
			if bm.dist > 0 {
				fmt.Fprintf(&b, "  ~%d  want %q\n       got  %q\n", bm.dist, string(w), string(g))
			}
			wl[bi], gl[bj] = nil, nil
			if bm.inWant {
				wl = append(wl, trimRunes(w[:bm.start]), trimRunes(w[bm.end:]))
			} else {
				gl = append(gl, trimRunes(g[:bm.start]), trimRunes(g[bm.end:]))
			}
		}
		for _, l := range wl {
			if len(l) > 0 {
				fmt.Fprintf(&b, "  MISSING %q\n", string(l))
			}
		}
		for _, l := range gl {
			if len(l) > 0 {
				fmt.Fprintf(&b, "  EXTRA   %q\n", string(l))
			}
		}
		t.Logf("%s FlexCER %.2f%%\n%s", filepath.Base(f), 100*FlexCER(string(got), string(want)), b.String())
	}
}

// writePGM encodes g as a binary PGM, for the cache.
func writePGM(g *image.Gray) []byte {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := []byte(fmt.Sprintf("P5\n%d %d\n255\n", w, h))
	for y := range h {
		i := g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y)
		out = append(out, g.Pix[i:i+w]...)
	}
	return out
}
