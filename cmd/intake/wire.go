package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"intake/extractors/doctype"
	"intake/extractors/einvoice"
	"intake/extractors/invoice"
	"intake/extractors/ocr"
	"intake/extractors/pdf"
	"intake/pipeline"
)

// pipelineOptions are the flags every command that runs the pipeline shares.
type pipelineOptions struct {
	workers  int
	routing  string
	maxBytes int64
	// visual makes the PDF reader ignore embedded e-invoices, so the
	// visual path can be measured against them.
	visual bool
}

func addPipelineFlags(fl *flag.FlagSet) *pipelineOptions {
	o := &pipelineOptions{}
	fl.IntVar(&o.workers, "workers", runtime.NumCPU(), "documents processed at once")
	fl.StringVar(&o.routing, "routing", "", "routing rule `FILE` (default: the one built in)")
	fl.Int64Var(&o.maxBytes, "max-bytes", pipeline.DefaultIngestConfig().MaxBytes, "largest input accepted, in bytes")
	return o
}

// assembled is a wired pipeline and what must be closed after it.
type assembled struct {
	runner *pipeline.Runner
	pdf    *pdf.Reader
	ocr    *ocr.Engine
}

func (a *assembled) Close() error { return errors.Join(a.pdf.Close(), a.ocr.Close()) }

// build wires the stages in the order they run. Everything a stage needs
// is passed here, in plain code: there is no registry.
func (o *pipelineOptions) build() (*assembled, error) {
	routing := pipeline.DefaultRouting()
	if o.routing != "" {
		b, err := os.ReadFile(o.routing)
		if err != nil {
			return nil, usagef("--routing: %v", err)
		}
		if routing, err = pipeline.ParseRouting(b); err != nil {
			return nil, usagef("--routing: %s: %v", o.routing, err)
		}
	}
	ingest := pipeline.IngestConfig{MaxBytes: o.maxBytes}
	if err := ingest.Validate(); err != nil {
		return nil, usagef("%v", err)
	}
	xml := &einvoice.Reader{Limits: einvoice.DefaultLimits()}
	pcfg := pdf.DefaultConfig()
	pcfg.Workers = max(1, o.workers)
	pcfg.IgnoreAttachments = o.visual
	pcfg.CacheDir = filepath.Join(cacheDir(), "wazero") // shared with the fixtures renderer
	pcfg.Embedded = xml
	pr, err := pdf.NewReader(pcfg)
	if err != nil {
		return nil, fmt.Errorf("pdf reader: %w", err)
	}
	eng, err := ocr.NewEngine(ocr.DefaultConfig())
	if err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	classify, err := doctype.New(doctype.Config{})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("classifier: %w", err), pr.Close(), eng.Close())
	}
	extract, err := invoice.New(invoice.Config{})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("invoice extractor: %w", err), pr.Close(), eng.Close())
	}
	r := &pipeline.Runner{
		Ingest:  pipeline.Ingest{Config: ingest},
		Readers: []pipeline.TextReader{xml, pr, ocr.NewReader(eng)},
		Stages:  []pipeline.Stage{classify, extract},
		Router:  pipeline.Router{Config: routing},
	}
	return &assembled{runner: r, pdf: pr, ocr: eng}, nil
}

// cacheDir holds machine-local state that can always be rebuilt (compiled
// WebAssembly): $INTAKE_CACHE, else the user's cache folder.
func cacheDir() string {
	if d := os.Getenv("INTAKE_CACHE"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "intake")
	}
	return filepath.Join(os.TempDir(), "intake-cache")
}
