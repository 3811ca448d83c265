package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"intake/pipeline"
)

// benchPath is one measured path of the pipeline over a set of inputs.
type benchPath struct {
	name   string
	visual bool
	globs  []string // relative to the shared data folder
}

var benchPaths = []benchPath{
	{name: "xml", globs: []string{
		"en16931/ubl/examples/*.xml", "en16931/cii/examples/*.xml", "en16931/test/testfiles/*.xml",
		"peppol-bis3/examples/*.xml", "oioubl/test/data/parse/*.xml",
		"zugferd/XML-Rechnung/CII/*.xml", "zugferd/XML-Rechnung/UBL/*.xml",
	}},
	{name: "pdf-native", visual: true, globs: []string{"zugferd/symtrax/Beispiele/*/*.pdf", "zugferd/XML-Rechnung/FX/*.pdf"}},
	{name: "pdf-hybrid", globs: []string{"zugferd/symtrax/Beispiele/*/*.pdf", "zugferd/XML-Rechnung/FX/*.pdf"}},
}

type benchResult struct {
	Path       string  `json:"path"`
	Files      int     `json:"files"`
	Documents  int     `json:"documents"`
	Seconds    float64 `json:"seconds"`
	DocsPerSec float64 `json:"docs_per_sec"`
	PeakRSSMB  float64 `json:"peak_rss_mb"`
	Workers    int     `json:"workers"`
	StartupMS  float64 `json:"startup_ms"`
	// Model inference per document: the classify stage (ONNX classifier
	// and keyword baseline) and the field ranker's ONNX Runtime run.
	ClassifyMS float64 `json:"classify_ms_per_doc"`
	RankerMS   float64 `json:"ranker_ms_per_doc"`
}

// cmdBench measures documents/s and peak RSS per path. Each path runs in a
// child process of its own so that its peak RSS is its own.
func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	shared := fl.String("shared", "../shared", "the shared `DIR` holding data/")
	only := fl.String("path", "", "run one path in this process (used by the parent)")
	dur := fl.Duration("duration", 5*time.Second, "minimum measuring time per path")
	workers := fl.Int("workers", runtime.NumCPU(), "documents processed at once")
	if err := fl.Parse(args); err != nil {
		return usagef("bench: %v", err)
	}
	if *only != "" {
		res, err := benchOne(ctx, *shared, *only, *dur, *workers)
		if err != nil {
			return err
		}
		return json.NewEncoder(stdout).Encode(res)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%-12s %6s %9s %9s %10s %12s %9s %12s %10s\n", "path", "files", "documents", "seconds", "docs/s", "peak RSS MB", "workers", "classify ms", "ranker ms")
	for _, p := range benchPaths {
		cmd := exec.CommandContext(ctx, self, "bench", "-shared", *shared, "-path", p.name, "-duration", dur.String(), "-workers", fmt.Sprint(*workers))
		cmd.Stderr = stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("bench %s: %w", p.name, err)
		}
		var r benchResult
		if err := json.Unmarshal(out, &r); err != nil {
			return fmt.Errorf("bench %s: %w", p.name, err)
		}
		fmt.Fprintf(stdout, "%-12s %6d %9d %9.2f %10.1f %12.1f %9d %12.3f %10.3f\n", r.Path, r.Files, r.Documents, r.Seconds, r.DocsPerSec, r.PeakRSSMB, r.Workers, r.ClassifyMS, r.RankerMS)
	}
	return benchOCR(ctx, *shared, stdout, stderr) // bench_ocr.go
}

func benchOne(ctx context.Context, shared, name string, dur time.Duration, workers int) (benchResult, error) {
	var p *benchPath
	for i := range benchPaths {
		if benchPaths[i].name == name {
			p = &benchPaths[i]
		}
	}
	if p == nil {
		return benchResult{}, usagef("bench: unknown path %q", name)
	}
	var files []string
	for _, g := range p.globs {
		m, err := filepath.Glob(filepath.Join(shared, "data", g))
		if err != nil {
			return benchResult{}, err
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	if len(files) == 0 {
		return benchResult{}, fmt.Errorf("bench %s: no files under %s/data", name, shared)
	}
	inputs := make([][]byte, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return benchResult{}, err
		}
		inputs[i] = b
	}
	start := time.Now()
	o := &pipelineOptions{workers: workers, maxBytes: pipeline.DefaultIngestConfig().MaxBytes, visual: p.visual}
	a, err := o.build()
	if err != nil {
		return benchResult{}, err
	}
	defer a.Close()
	// One untimed pass warms the PDF engine pool and checks every input.
	var classify atomic.Int64
	if err := benchPass(ctx, a.runner, files, inputs, workers, &classify); err != nil {
		return benchResult{}, err
	}
	startup := time.Since(start)
	classify.Store(0)
	_, rank0 := a.ranker.Inference()
	n := 0
	t0 := time.Now()
	for time.Since(t0) < dur {
		if err := benchPass(ctx, a.runner, files, inputs, workers, &classify); err != nil {
			return benchResult{}, err
		}
		n += len(files)
	}
	secs := time.Since(t0).Seconds()
	_, rank1 := a.ranker.Inference()
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return benchResult{
		Path: name, Files: len(files), Documents: n, Seconds: secs, DocsPerSec: float64(n) / secs,
		PeakRSSMB: float64(ru.Maxrss) / 1024, Workers: workers, StartupMS: float64(startup.Milliseconds()),
		ClassifyMS: float64(classify.Load()) / 1e6 / float64(max(n, 1)),
		RankerMS:   float64(rank1-rank0) / 1e6 / float64(max(n, 1)),
	}, nil
}

func benchPass(ctx context.Context, r *pipeline.Runner, files []string, inputs [][]byte, workers int, classify *atomic.Int64) error {
	jobs := make(chan int)
	errs := make(chan error, workers)
	for range workers {
		go func() {
			var first error
			for i := range jobs {
				doc, err := r.Run(ctx, pipeline.Origin{Source: files[i]}, inputs[i])
				if doc != nil {
					for _, st := range doc.Trail {
						if st.Stage == "classify" {
							classify.Add(int64(st.Duration))
						}
					}
				}
				if err == nil && doc.Route.To == pipeline.ToQuarantine {
					err = fmt.Errorf("%s quarantined: %s", files[i], doc.Route.Reasons[0].Message)
				}
				if err != nil && first == nil && !strings.Contains(files[i], "not_validating") {
					first = err
				}
			}
			errs <- first
		}()
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	var first error
	for range workers {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}
