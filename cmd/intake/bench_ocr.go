package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/draw"
	_ "image/jpeg"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	_ "golang.org/x/image/tiff"

	"intake/extractors/ocr"
	"intake/extractors/pdf"
	"intake/fixtures/scan"
	"intake/pipeline"
)

// ocrBenchPages is how many page images of each kind the OCR comparison
// reads (scans and photos of the corpus, PDF pages rendered at 300 dpi):
// enough layouts to average over, few enough that three engines (one of
// them ocrmypdf) finish in a few minutes on two cores.
const ocrBenchPages = 4

// ocrBenchCorpus is where the committed corpus lives, from the repository
// root, where make runs the bench.
const ocrBenchCorpus = "fixtures/corpus"

// ocrBenchDPI is the resolution pages are rendered at, that of a scan.
const ocrBenchDPI = 300

// ocrBenchPage is one page image given to every engine.
type ocrBenchPage struct {
	name string
	path string  // an image file
	dpi  float64 // its resolution, told to the command-line tools
	text string  // the page's true text, for the CER; "" when unknown
	// camera marks a photo at a phone camera's resolution (see
	// ocrCameraPages), whose ratios are also given apart.
	camera bool
}

// ocrTiming is one engine on one page: wall time, and CPU time, which
// other load on the machine disturbs less.
type ocrTiming struct{ wall, cpu time.Duration }

// benchOCR compares, on the same page images, the pipeline's OCR reader
// (one warm Tesseract client), the tesseract command line with the same
// languages and OMP_THREAD_LIMIT=1, and ocrmypdf with its defaults and
// the same languages (every tool gets OMP_THREAD_LIMIT=1); then the
// reader's pages/s with one and two workers. Pages are scans and photos from the
// committed corpus (their truth gives the CER) and first pages of the
// shared ZUGFeRD PDFs rendered by pdfium at 300 dpi (their native text
// gives it).
func benchOCR(ctx context.Context, shared string, stdout, stderr io.Writer) error {
	dir, err := os.MkdirTemp("", "intake-ocr-bench-")
	if err != nil {
		return fmt.Errorf("bench ocr: %w", err)
	}
	defer os.RemoveAll(dir)
	pages, err := ocrBenchImages(ctx, shared, dir)
	if err != nil {
		return fmt.Errorf("bench ocr: %w", err)
	}
	pages = append(ocrCorpusPages(ocrBenchCorpus), pages...)
	langs := strings.Join(ocr.DefaultConfig().Languages, "+")
	ocrmypdf, _ := exec.LookPath("ocrmypdf")
	if _, err := exec.LookPath("tesseract"); err != nil {
		return fmt.Errorf("bench ocr: the tesseract command is needed for the comparison: %w", err)
	}

	run1, close1, err := ocrBenchRunner(1, 1)
	if err != nil {
		return err
	}
	defer close1()
	// Loading the language models is paid once per worker, at start-up,
	// in the pipeline; the command line pays it on every page.
	if _, err := ocrBenchRead(ctx, run1, pages[0]); err != nil {
		return err
	}

	fmt.Fprintf(stdout, "\nOCR: %d pages (corpus scans and photos; ZUGFeRD pages rendered by pdfium at %d dpi; corpus forms photographed at camera resolution), languages %s, OMP_THREAD_LIMIT=%s\n",
		len(pages), ocrBenchDPI, langs, os.Getenv("OMP_THREAD_LIMIT"))
	fmt.Fprintf(stdout, "%-46s %16s %16s %16s %7s %7s\n", "page", "pipeline s", "tesseract s", "ocrmypdf s", "CER", "CLI CER")
	fmt.Fprintf(stdout, "%-46s %16s %16s %16s %7s %7s\n", "", "wall / cpu", "wall / cpu", "wall / cpu", "", "")
	var pipe, cli, omp []ocrTiming
	var cers, cliCERs []float64
	for _, p := range pages {
		c0 := selfCPU()
		t0 := time.Now()
		text, err := ocrBenchRead(ctx, run1, p)
		if err != nil {
			return err
		}
		pipe = append(pipe, ocrTiming{time.Since(t0), selfCPU() - c0})
		dpi := fmt.Sprint(int(p.dpi + 0.5))
		var cliText bytes.Buffer
		t, err := runTimed(ctx, &cliText, "tesseract", p.path, "-", "-l", langs, "--dpi", dpi)
		if err != nil {
			return fmt.Errorf("bench ocr: tesseract %s: %w", p.name, err)
		}
		cli = append(cli, t)
		ompCell := "-"
		if ocrmypdf != "" {
			// As a user runs it: its defaults (PDF/A output, optimisation,
			// jobs per CPU, which one page cannot use), the same languages,
			// and the page's resolution, which it refuses to guess.
			t, err := runTimed(ctx, io.Discard, ocrmypdf, "--quiet", "-l", langs, "--image-dpi", dpi, p.path, filepath.Join(dir, "ocrmypdf.pdf"))
			if err != nil {
				return fmt.Errorf("bench ocr: ocrmypdf %s: %w", p.name, err)
			}
			omp = append(omp, t)
			ompCell = t.String()
		}
		cer, cliCER := math.NaN(), math.NaN()
		if p.text != "" {
			cer, cliCER = ocr.FlexCER(text, p.text), ocr.FlexCER(cliText.String(), p.text)
			cers, cliCERs = append(cers, cer), append(cliCERs, cliCER)
		}
		fmt.Fprintf(stdout, "%-46s %16s %16s %16s %6.2f%% %6.2f%%\n", trimName(p.name, 46), pipe[len(pipe)-1], cli[len(cli)-1], ompCell, 100*cer, 100*cliCER)
	}
	mp, mc := meanTiming(pipe), meanTiming(cli)
	fmt.Fprintf(stdout, "%-46s %16s %16s %16s %6.2f%% %6.2f%%\n", "mean per page", mp, mc, meanTiming(omp), 100*mean(cers), 100*mean(cliCERs))
	fmt.Fprintf(stdout, "CER: ocr.FlexCER against the corpus truth or the PDF's native text; the pipeline reuses warm clients, the tools load their models per page\n")

	// Config.PageClients = 2: a lone page read in two parts side by side
	// (opt-in; the per-page table above reads each page whole).
	run2, close2, err := ocrBenchRunner(1, 2)
	if err != nil {
		return err
	}
	defer close2()
	for range 2 { // load both clients' models first
		if _, err := ocrBenchRead(ctx, run2, pages[0]); err != nil {
			return err
		}
	}
	var split []ocrTiming
	var splitCERs []float64
	for _, p := range pages {
		c0 := selfCPU()
		t0 := time.Now()
		text, err := ocrBenchRead(ctx, run2, p)
		if err != nil {
			return err
		}
		split = append(split, ocrTiming{time.Since(t0), selfCPU() - c0})
		if p.text != "" {
			splitCERs = append(splitCERs, ocr.FlexCER(text, p.text))
		}
	}
	fmt.Fprintf(stdout, "%-46s %16s %16s %16s %6.2f%%\n", "mean per page, pipeline with 2 page clients", meanTiming(split), "", "", 100*mean(splitCERs))
	fmt.Fprintf(stdout, "\npipeline / tesseract CLI per page: %.2f× wall, %.2f× cpu (goal ≤ 1.10×)\n",
		ratio(mp.wall, mc.wall), ratio(mp.cpu, mc.cpu))
	if len(omp) > 0 {
		mo := meanTiming(omp)
		fmt.Fprintf(stdout, "ocrmypdf / pipeline per page:      %.2f× wall, %.2f× cpu (goal ≥ 3×)\n",
			ratio(mo.wall, mp.wall), ratio(mo.cpu, mp.cpu))
		ms := meanTiming(split)
		fmt.Fprintf(stdout, "  with 2 page clients:             %.2f× wall, %.2f× cpu\n", ratio(mo.wall, ms.wall), ratio(mo.cpu, ms.cpu))
		// ocrmypdf's own work (PDF/A, optimisation) grows with the pixels:
		// the mean depends on the mix, so each kind is given too.
		for _, camera := range []bool{false, true} {
			var po, oo []ocrTiming
			for i, p := range pages {
				if p.camera == camera {
					po, oo = append(po, pipe[i]), append(oo, omp[i])
				}
			}
			kind := fmt.Sprintf("  scans, photos and renders (%d):", len(po))
			if camera {
				kind = fmt.Sprintf("  camera photos (%d):", len(po))
			}
			if len(po) > 0 {
				fmt.Fprintf(stdout, "%-35s%.2f× wall, %.2f× cpu\n", kind, ratio(meanTiming(oo).wall, meanTiming(po).wall), ratio(meanTiming(oo).cpu, meanTiming(po).cpu))
			}
		}
	} else {
		fmt.Fprintf(stdout, "ocrmypdf not installed: no comparison (apt-get install ocrmypdf)\n")
	}
	// The tools read one page per process, so n processes give n times
	// their one-page rate at best; the pipeline's is measured.
	fmt.Fprintf(stdout, "tesseract CLI, 1 process: %.2f pages/s (2 at once: ≤ %.2f)\n", 1/mc.wall.Seconds(), 2/mc.wall.Seconds())
	if len(omp) > 0 {
		mo := meanTiming(omp)
		fmt.Fprintf(stdout, "ocrmypdf, 1 process:      %.2f pages/s (2 at once: ≤ %.2f)\n", 1/mo.wall.Seconds(), 2/mo.wall.Seconds())
	}
	for _, workers := range []int{1, 2} {
		pps, err := ocrBenchThroughput(ctx, pages, workers)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "pipeline, %d worker(s):    %.2f pages/s\n", workers, pps)
	}
	return nil
}

func (t ocrTiming) String() string {
	return fmt.Sprintf("%.2f / %.2f", t.wall.Seconds(), t.cpu.Seconds())
}

// ocrBenchRunner is the text part of the pipeline (ingest and the image
// reader) with an OCR engine of the given number of clients.
func ocrBenchRunner(workers, pageClients int) (*pipeline.Runner, func(), error) {
	cfg := ocr.DefaultConfig()
	cfg.Workers = workers
	cfg.PageClients = pageClients
	eng, err := ocr.NewEngine(cfg)
	if err != nil {
		return nil, nil, err
	}
	r := pipeline.NewRunner([]pipeline.TextReader{ocr.NewReader(eng)})
	return r, func() { eng.Close() }, nil
}

func ocrBenchRead(ctx context.Context, r *pipeline.Runner, p ocrBenchPage) (string, error) {
	data, err := os.ReadFile(p.path)
	if err != nil {
		return "", err
	}
	doc, err := r.Run(ctx, pipeline.Origin{Source: p.path}, data)
	if err != nil {
		return "", fmt.Errorf("bench ocr: %s: %w", p.name, err)
	}
	if doc.Route.To == pipeline.ToQuarantine {
		return "", fmt.Errorf("bench ocr: %s quarantined: %s", p.name, doc.Route.Reasons[0].Message)
	}
	return doc.Text(), nil
}

// ocrBenchThroughput reads every page (twice over, so that two workers
// stay busy to the end) with workers pages at once, models loaded first.
func ocrBenchThroughput(ctx context.Context, pages []ocrBenchPage, workers int) (float64, error) {
	r, done, err := ocrBenchRunner(workers, 1)
	if err != nil {
		return 0, err
	}
	defer done()
	var warm sync.WaitGroup
	for i := range workers {
		warm.Go(func() { ocrBenchRead(ctx, r, pages[i%len(pages)]) })
	}
	warm.Wait()
	jobs := make(chan ocrBenchPage)
	errs := make(chan error, workers)
	t0 := time.Now()
	for range workers {
		go func() {
			var first error
			for p := range jobs {
				if _, err := ocrBenchRead(ctx, r, p); err != nil && first == nil {
					first = err
				}
			}
			errs <- first
		}()
	}
	n := 0
	for range 2 {
		for _, p := range pages {
			jobs <- p
			n++
		}
	}
	close(jobs)
	for range workers {
		if err := <-errs; err != nil {
			return 0, err
		}
	}
	return float64(n) / time.Since(t0).Seconds(), nil
}

// ocrBenchImages renders the first page of ocrBenchPages ZUGFeRD PDFs,
// spread over the sample folders, and takes each page's native text
// through the PDF reader.
func ocrBenchImages(ctx context.Context, shared, dir string) ([]ocrBenchPage, error) {
	files, err := filepath.Glob(filepath.Join(shared, "data", "zugferd", "symtrax", "Beispiele", "*", "*.pdf"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("no ZUGFeRD PDFs under %s/data/zugferd", shared)
	}
	var picked []string
	step := max(1, len(files)/ocrBenchPages)
	for i := 0; i < len(files) && len(picked) < ocrBenchPages; i += step {
		picked = append(picked, files[i])
	}

	pool, err := webassembly.Init(webassembly.Config{MinIdle: 1, MaxIdle: 1, MaxTotal: 1})
	if err != nil {
		return nil, fmt.Errorf("pdfium: %w", err)
	}
	defer pool.Close()
	inst, err := pool.GetInstance(time.Minute)
	if err != nil {
		return nil, fmt.Errorf("pdfium: %w", err)
	}
	defer inst.Close()
	pcfg := pdf.DefaultConfig()
	pcfg.Workers = 1
	pr, err := pdf.NewReader(pcfg)
	if err != nil {
		return nil, err
	}
	defer pr.Close()

	var pages []ocrBenchPage
	for i, f := range picked {
		rendered, data, err := renderFirstPage(inst, f)
		if err != nil {
			return nil, err
		}
		pngData, err := pngWithDPI(rendered, ocrBenchDPI)
		if err != nil {
			return nil, err
		}
		p := ocrBenchPage{name: filepath.Base(f), path: filepath.Join(dir, fmt.Sprintf("page%02d.png", i+1)), dpi: ocrBenchDPI}
		if err := os.WriteFile(p.path, pngData, 0o644); err != nil {
			return nil, err
		}
		nd := &pipeline.Document{Data: data, MediaType: pipeline.MediaPDF}
		if err := pr.Read(ctx, nd); err == nil && len(nd.Pages) > 0 {
			p.text = nd.Pages[0].Text()
		}
		pages = append(pages, p)
	}
	camera, err := ocrCameraPages(inst, ocrBenchCorpus, dir)
	if err != nil {
		return nil, err
	}
	return append(pages, camera...), nil
}

// renderFirstPage renders the first page of the PDF file f at
// ocrBenchDPI in grey, as a copy that outlives pdfium's buffers, and
// returns the file's bytes too.
func renderFirstPage(inst pdfium.Pdfium, f string) (*image.Gray, []byte, error) {
	data, err := os.ReadFile(f)
	if err != nil {
		return nil, nil, err
	}
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return nil, nil, fmt.Errorf("pdfium: %s: %w", f, err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	res, err := inst.RenderPageInDPI(&requests.RenderPageInDPI{
		Page:        requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: 0}},
		DPI:         ocrBenchDPI,
		ImageFormat: requests.RenderImageFormatGrayscale,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("pdfium: render %s: %w", f, err)
	}
	defer res.Cleanup()
	img := res.Result.RenderedImage
	b := img.Bounds()
	g := image.NewGray(b)
	draw.Draw(g, b, img, b.Min, draw.Src)
	return g, data, nil
}

// ocrCameraForms are the corpus's native forms photographed at a phone
// camera's resolution for the bench: the corpus's own photos are 1,100
// to 1,400 px across, a phone's are 3,000 and more, with sensor grain.
// Forms, because their frames and shaded bands are what the leftover
// reading (see ocr.missedText) once read as 1,500 words in 97 s.
var ocrCameraForms = []string{"school_transport_application", "sick_pay_claim"}

// ocrCameraGrain is the sensor noise of the camera pages (standard
// deviation in grey levels), that of a phone photo in room light.
const ocrCameraGrain = 10

// ocrCameraPages renders the first one-page native form of each kind in
// ocrCameraForms at 300 dpi and photographs it 3,024 px across, under
// uneven light and with grain, as a JPEG like a phone's.
func ocrCameraPages(inst pdfium.Pdfium, corpus, dir string) ([]ocrBenchPage, error) {
	var pages []ocrBenchPage
	for i, kind := range ocrCameraForms {
		files, _ := filepath.Glob(filepath.Join(corpus, "*-"+kind+"-native.pdf"))
		sort.Strings(files)
		var f, text string
		for _, c := range files {
			var t struct {
				Text  string `json:"text"`
				Pages int    `json:"pages"`
			}
			b, err := os.ReadFile(strings.TrimSuffix(c, ".pdf") + ".truth.json")
			if err == nil && json.Unmarshal(b, &t) == nil && t.Pages == 1 {
				f, text = c, t.Text // one page, so its truth is the photo's
				break
			}
		}
		if f == "" {
			continue
		}
		rendered, _, err := renderFirstPage(inst, f)
		if err != nil {
			return nil, err
		}
		r := rand.New(rand.NewPCG(uint64(i+1), 7))
		photo := scan.Photo(rendered, scan.PhotoParams{Width: 3024, Corners: [4]float64{0.03, 0.05, 0.02, 0.04}, Light: 0.3, Tilt: 1.5, Quality: 85}, r)
		for j := range photo.Pix {
			if j%4 != 3 {
				photo.Pix[j] = uint8(min(255, max(0, float64(photo.Pix[j])+r.NormFloat64()*ocrCameraGrain)))
			}
		}
		jpg, err := scan.JPEG(photo, 85)
		if err != nil {
			return nil, err
		}
		p := ocrBenchPage{name: filepath.Base(f) + " (camera)", path: filepath.Join(dir, fmt.Sprintf("camera%02d.jpg", i+1)), dpi: ocrBenchDPI, text: text, camera: true}
		if err := os.WriteFile(p.path, jpg, 0o644); err != nil {
			return nil, err
		}
		pages = append(pages, p)
	}
	return pages, nil
}

// ocrCorpusPages picks ocrBenchPages image documents (scans and photos,
// one page each) from the corpus, spread over it, with their truth text
// and resolution: the truth's scanner resolution, else that of an A4
// sheet filling the image. None when there is no corpus here.
func ocrCorpusPages(dir string) []ocrBenchPage {
	truths, _ := filepath.Glob(filepath.Join(dir, "*-image.truth.json"))
	sort.Strings(truths)
	var pages []ocrBenchPage
	step := max(1, len(truths)/ocrBenchPages)
	for i := 0; i < len(truths) && len(pages) < ocrBenchPages; i += step {
		var t struct {
			Text string `json:"text"`
			Scan []struct {
				DPI float64 `json:"dpi"`
			} `json:"scan"`
		}
		b, err := os.ReadFile(truths[i])
		if err != nil || json.Unmarshal(b, &t) != nil {
			continue
		}
		base := strings.TrimSuffix(truths[i], ".truth.json")
		for _, ext := range []string{".png", ".jpg", ".tif"} {
			f, err := os.Open(base + ext)
			if err != nil {
				continue
			}
			cfg, _, err := image.DecodeConfig(f)
			f.Close()
			if err != nil {
				continue
			}
			dpi := float64(max(cfg.Width, cfg.Height)) / (297 / 25.4)
			if len(t.Scan) > 0 && t.Scan[0].DPI > 0 {
				dpi = t.Scan[0].DPI
			}
			pages = append(pages, ocrBenchPage{name: filepath.Base(base + ext), path: base + ext, dpi: dpi, text: t.Text})
		}
	}
	return pages
}

// pngWithDPI encodes img as PNG with a pHYs chunk, so that every engine
// knows the resolution (ocrmypdf refuses images without one).
func pngWithDPI(img image.Image, dpi float64) ([]byte, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	data := b.Bytes()
	ppm := uint32(math.Round(dpi / 0.0254))
	chunk := binary.BigEndian.AppendUint32(nil, 9)
	chunk = append(chunk, "pHYs"...)
	chunk = binary.BigEndian.AppendUint32(chunk, ppm)
	chunk = binary.BigEndian.AppendUint32(chunk, ppm)
	chunk = append(chunk, 1)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	const ihdrEnd = 8 + 4 + 4 + 13 + 4
	if len(data) < ihdrEnd {
		return nil, errors.New("png: too short")
	}
	return append(append(append([]byte{}, data[:ihdrEnd]...), chunk...), data[ihdrEnd:]...), nil
}

// runTimed runs a command to completion with OMP_THREAD_LIMIT=1, its
// output to stdout, and returns its wall and CPU time.
func runTimed(ctx context.Context, stdout io.Writer, name string, args ...string) (ocrTiming, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	var errOut bytes.Buffer
	cmd.Stdout = stdout
	cmd.Stderr = &errOut
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		return ocrTiming{}, fmt.Errorf("%w: %s", err, strings.TrimSpace(errOut.String()))
	}
	st := cmd.ProcessState
	return ocrTiming{wall: time.Since(t0), cpu: st.UserTime() + st.SystemTime()}, nil
}

// selfCPU is the CPU time this process has used so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func meanTiming(ts []ocrTiming) ocrTiming {
	var m ocrTiming
	for _, t := range ts {
		m.wall += t.wall
		m.cpu += t.cpu
	}
	if len(ts) > 0 {
		m.wall /= time.Duration(len(ts))
		m.cpu /= time.Duration(len(ts))
	}
	return m
}

func mean(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func ratio(a, b time.Duration) float64 { return a.Seconds() / b.Seconds() }

func trimName(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n+3:]
}
