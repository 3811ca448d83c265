package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"intake/extractors/classify"
	"intake/extractors/doctype"
	"intake/extractors/einvoice"
	"intake/extractors/forms"
	"intake/extractors/invoice"
	"intake/extractors/ocr"
	"intake/extractors/pdf"
	"intake/fixtures/locale"
	"intake/models/artifacts"
	"intake/models/classifier"
	"intake/models/ranker"
	"intake/pipeline"
	"intake/validators/checkdigit"
	"intake/validators/en16931"
	"intake/validators/registers"
	"intake/validators/rules"
)

// pipelineOptions are the flags every command that runs the pipeline shares.
type pipelineOptions struct {
	workers  int
	routing  string
	maxBytes int64
	// visual makes the PDF reader ignore embedded e-invoices, so the
	// visual path can be measured against them.
	visual bool
	// registers is the folder of register files; "" means none, and the
	// register rules report "register not configured" as info.
	registers string
	// rules is a folder of rule files replacing the built-in ones.
	rules string
	// plain leaves the field ranker out: `intake train` reads its corpus
	// with the heuristic extractor, before a ranker matching it exists.
	plain bool
	// ocrLang is Tesseract's languages joined by "+"; tessdata the folder
	// of their models ("" is Tesseract's own default).
	ocrLang, tessdata string
}

func addPipelineFlags(fl *flag.FlagSet) *pipelineOptions {
	o := &pipelineOptions{}
	fl.IntVar(&o.workers, "workers", runtime.NumCPU(), "documents processed at once")
	fl.StringVar(&o.routing, "routing", "", "routing rule `FILE` (default: the one built in)")
	fl.StringVar(&o.registers, "registers", "", "register `DIR` (JSON files, reloaded on change; default: none)")
	fl.StringVar(&o.rules, "rules", "", "rule `DIR` of *.yaml files, reloaded on change (default: the built-in rules)")
	fl.Int64Var(&o.maxBytes, "max-bytes", pipeline.DefaultIngestConfig().MaxBytes, "largest input accepted, in bytes")
	fl.StringVar(&o.ocrLang, "ocr-lang", firstSet(os.Getenv("INTAKE_OCR_LANG"), strings.Join(ocr.DefaultConfig().Languages, "+")),
		"Tesseract `LANGS` joined by + (env INTAKE_OCR_LANG)")
	fl.StringVar(&o.tessdata, "tessdata", os.Getenv("TESSDATA_PREFIX"), "`DIR` of Tesseract's *.traineddata (env TESSDATA_PREFIX; default: Tesseract's own)")
	return o
}

// ocrConfig is the OCR engine's configuration with the languages and
// models the flags name.
func (o *pipelineOptions) ocrConfig() ocr.Config {
	c := ocr.DefaultConfig()
	if o.ocrLang != "" {
		c.Languages = strings.Split(o.ocrLang, "+")
	}
	c.TessdataPrefix = o.tessdata
	return c
}

// assembled is a wired pipeline and what must be closed after it.
type assembled struct {
	runner  *pipeline.Runner
	pdf     *pdf.Reader
	ocr     *ocr.Engine
	doctype *classifier.Doctype
	ranker  *ranker.Session    // nil when plain
	stop    context.CancelFunc // ends the polling of rule and register folders
}

func (a *assembled) Close() error {
	a.stop()
	err := errors.Join(a.pdf.Close(), a.ocr.Close(), a.doctype.Close())
	if a.ranker != nil {
		err = errors.Join(err, a.ranker.Close())
	}
	return err
}

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
	eng, err := ocr.NewEngine(o.ocrConfig())
	if err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	pcfg.OCR = eng // scanned pages of a PDF are rendered and read by OCR
	pr, err := pdf.NewReader(pcfg)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("pdf reader: %w", err), eng.Close())
	}
	validate, reg, err := o.validateStage()
	if err != nil {
		return nil, errors.Join(err, pr.Close(), eng.Close())
	}
	// The type is the mean of the ONNX classifier (one session per
	// process) and the keyword baseline, which also gives the language.
	dt, err := classifier.LoadDoctype(artifacts.Embedded)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("classifier: %w", err), pr.Close(), eng.Close())
	}
	keywords, err := doctype.New(doctype.Config{})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("keywords: %w", err), pr.Close(), eng.Close(), dt.Close())
	}
	classifyStage, err := classify.NewEnsemble(dt, func(pages []pipeline.Page) classify.Opinion {
		r := keywords.Classify(pages)
		return classify.Opinion{Probs: r.Probs, Language: r.Language}
	}, keywords.Version(), modelLanguages)
	if err != nil {
		return nil, errors.Join(err, pr.Close(), eng.Close(), dt.Close())
	}
	language := pipeline.StageFunc{StageName: "language", Fn: func(ctx context.Context, doc *pipeline.Document) error {
		// An e-invoice's text is our own rendering of its XML, with English
		// labels: guessing a language from it would only cost time.
		if doc.Language == "" && !doc.Structured {
			doc.Language = keywords.Classify(doc.Pages).Language
		}
		return ctx.Err()
	}}
	// The field ranker (one session per process) re-scores the invoice
	// extractor's candidates; its thresholds join the routing rules for
	// the fields the routing file does not set itself.
	var rk *ranker.Session
	if !o.plain {
		if rk, err = ranker.Load(artifacts.Embedded, invoice.FeatureNames); err != nil {
			return nil, errors.Join(fmt.Errorf("ranker: %w", err), pr.Close(), eng.Close(), dt.Close())
		}
		th, err := ranker.LoadThresholds(artifacts.Embedded)
		if err != nil {
			return nil, errors.Join(fmt.Errorf("ranker: %w", err), pr.Close(), eng.Close(), dt.Close(), rk.Close())
		}
		routing = routing.WithLearnedThresholds(th)
	}
	icfg := invoice.Config{}
	if rk != nil {
		icfg.Ranker = rk
	}
	extract, err := invoice.New(icfg)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("invoice extractor: %w", err), pr.Close(), eng.Close(), dt.Close())
	}
	// Applications (school transport, sick pay) have their own extractor;
	// each extractor skips the document types it does not read.
	applications, err := forms.New(forms.Config{})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("forms extractor: %w", err), pr.Close(), eng.Close(), dt.Close())
	}
	// EN 16931 over the XML of e-invoices, those embedded in PDFs included.
	einv := &en16931.Stage{Embedded: func(_ context.Context, b []byte) ([]byte, error) {
		_, x, err := pdf.EmbeddedXML(b)
		return x, err
	}}
	stages := []pipeline.Stage{classifyStage, language, extract, applications}
	if reg != nil {
		// What the page says is checked against the registers before the
		// rules read it: the supplier by its id and name together, the
		// buyer's GLN, orders, and an invoice number its payment
		// reference was made from.
		stages = append(stages, &registers.Confirm{Registers: reg, ReferenceBases: checkdigit.ReferenceBases})
	}
	r := &pipeline.Runner{
		Ingest:  pipeline.Ingest{Config: ingest},
		Readers: []pipeline.TextReader{xml, pr, ocr.NewReader(eng)},
		Stages:  append(stages, validate, einv),
		Router:  pipeline.Router{Config: routing},
	}
	ctx, stop := context.WithCancel(context.Background())
	// Edited rule and register files take effect without a restart.
	onErr := func(err error) { log.Printf("reload: %v (the previous files stay in force)", err) }
	go validate.Rules.Watch(ctx, reloadEvery, onErr)
	if reg != nil {
		go reg.Watch(ctx, reloadEvery, onErr)
	}
	return &assembled{runner: r, pdf: pr, ocr: eng, doctype: dt, ranker: rk, stop: stop}, nil
}

// modelLanguages are the languages the document-type model was trained
// in: those the corpus generator writes.
var modelLanguages = []string{locale.DA, locale.SV, locale.EN}

// reloadEvery is how often rule and register folders are polled.
const reloadEvery = 3 * time.Second

// validateStage compiles the rules and loads the registers (nil when
// none are configured).
func (o *pipelineOptions) validateStage() (*rules.Stage, *registers.Store, error) {
	var st *rules.Store
	var err error
	if o.rules != "" {
		st, err = rules.OpenDir(o.rules, checkFuncs())
	} else {
		st, err = rules.OpenFS(rules.Builtin(), checkFuncs())
	}
	if err != nil {
		return nil, nil, usagef("--rules: %v", err)
	}
	stage := &rules.Stage{Rules: st}
	var reg *registers.Store
	if o.registers != "" {
		if reg, err = registers.Open(o.registers); err != nil {
			return nil, nil, usagef("--registers: %v", err)
		}
		stage.Facts = []rules.FactSource{reg}
	}
	return stage, reg, nil
}

// checkFuncs are the check-digit checks rule expressions call as
// check(kind, value).
func checkFuncs() map[string]rules.CheckFunc {
	ok := func(f func(string) (string, error)) rules.CheckFunc {
		return func(s string) bool { _, err := f(s); return err == nil }
	}
	return map[string]rules.CheckFunc{
		"cvr":      ok(checkdigit.CVR),
		"orgnr":    ok(checkdigit.Organisationsnummer),
		"iban":     ok(checkdigit.IBAN),
		"bankgiro": ok(checkdigit.Bankgiro),
		"plusgiro": ok(checkdigit.Plusgiro),
		"fik": func(s string) bool {
			_, err := checkdigit.ParseFIK(s)
			return err == nil
		},
		// Whether a payee uses the length digit is in its agreement, not
		// on the invoice: either form passes.
		"ocr": func(s string) bool {
			_, e1 := checkdigit.OCRReference(s, false)
			_, e2 := checkdigit.OCRReference(s, true)
			return e1 == nil || e2 == nil
		},
		"rf": ok(checkdigit.RF),
		"cpr": func(s string) bool {
			c, err := checkdigit.ParseCPR(s)
			return err == nil && c.Mod11
		},
		"personnummer": func(s string) bool {
			_, err := checkdigit.ParsePersonnummer(s, time.Now())
			return err == nil
		},
	}
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
