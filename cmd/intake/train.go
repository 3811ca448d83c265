package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"

	"intake/fixtures"
	"intake/fixtures/layout"
	"intake/models/artifacts"
	"intake/models/classifier"
	"intake/pipeline"
)

// cmdTrain rebuilds every model artifact from a corpus it generates: the
// same flags give the same bytes.
func cmdTrain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("train", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	out := fl.String("out", filepath.Join("models", "artifacts"), "write the artifacts into `DIR`")
	seed := fl.Uint64("seed", 1, "seed of the generated corpus, the split and the weights")
	n := fl.Int("n", 2000, "documents to generate for training, validation and test")
	vocab := fl.Int("vocab", 6000, "tokenizer vocabulary size")
	workers := fl.Int("workers", runtime.GOMAXPROCS(0), "parallel renderers of the corpus")
	rankerN := fl.Int("ranker-n", 1200, "invoices, credit notes and reminders to generate for the field ranker")
	cache := fl.String("cache", "", "keep the ranker corpus's read pages in `DIR` and reuse them (a rerun skips rendering and OCR)")
	only := fl.String("only", "", "rebuild only this artifact group (`ranker`), leaving the others as they are")
	if err := fl.Parse(args); err != nil {
		return usagef("train: %v", err)
	}
	if *only != "" && *only != "ranker" {
		return usagef("train: --only takes ranker")
	}
	if fl.NArg() != 0 || *n < 10 || *rankerN < 20 {
		return usagef("train: --n must be 10 or more, --ranker-n 20 or more, and no arguments are taken")
	}
	b := &classifier.Built{Files: map[string][]byte{}}
	if *only == "" {
		texts, labels, data, err := trainingCorpus(ctx, *seed, *n, *workers)
		if err != nil {
			return err
		}
		if b, err = classifier.Build(texts, labels, pipeline.DocTypes, classifier.BuildConfig{Seed: *seed, VocabSize: *vocab, Data: data}); err != nil {
			return err
		}
	}
	var report strings.Builder
	rk, err := trainRanker(ctx, *seed, *rankerN, *workers, *cache, func(format string, args ...any) { fmt.Fprintf(&report, format, args...) })
	if err != nil {
		return err
	}
	for name, data := range rk {
		b.Files[name] = data
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	names := make([]string, 0, len(b.Files))
	for name := range b.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(*out, name), b.Files[name], 0o644); err != nil {
			return fmt.Errorf("train: %w", err)
		}
		fmt.Fprintf(stdout, "%-28s %9d bytes\n", name, len(b.Files[name]))
	}
	if *only == "" {
		m := b.Doctype.Metrics
		fmt.Fprintf(stdout, "\n%s: test accuracy %.2f%% on %d documents, ECE %.4f → %.4f (temperature %.3f)\n",
			b.Doctype.Model(), 100*m["test_accuracy"], int(m["test_examples"]), m["test_ece_before"], m["test_ece_after"], b.Model.Temperature)
	}
	fmt.Fprint(stdout, report.String())
	return nil
}

// trainingCorpus generates n documents on the training layouts into a
// temporary folder and returns their truth text and type. Native PDFs
// only: the truth text is what the page says whatever its format, and
// e-invoices are typed exactly by their reader.
func trainingCorpus(ctx context.Context, seed uint64, n, workers int) (texts, labels []string, data artifacts.Data, err error) {
	dir, err := os.MkdirTemp("", "intake-train-")
	if err != nil {
		return nil, nil, data, fmt.Errorf("train: %w", err)
	}
	defer os.RemoveAll(dir)
	cfg := fixtures.DefaultConfig()
	cfg.Out, cfg.N, cfg.Seed, cfg.Scanned, cfg.XML, cfg.Layouts, cfg.Workers = filepath.Join(dir, "corpus"), n, seed, 0, 0, fixtures.LayoutsTrain, max(1, workers)
	fonts, err := layout.LoadFonts(layout.FontDir)
	if err != nil {
		return nil, nil, data, err
	}
	if _, err := fixtures.Generate(ctx, cfg, fonts); err != nil {
		return nil, nil, data, err
	}
	files, err := filepath.Glob(filepath.Join(cfg.Out, "*.truth.json"))
	if err != nil {
		return nil, nil, data, fmt.Errorf("train: %w", err)
	}
	slices.Sort(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, data, fmt.Errorf("train: %w", err)
		}
		var t fixtures.Truth
		if err := json.Unmarshal(b, &t); err != nil {
			return nil, nil, data, fmt.Errorf("train: %s: %w", filepath.Base(f), err)
		}
		texts, labels = append(texts, t.Text), append(labels, t.DocType)
	}
	data = artifacts.Data{Generator: "intake fixtures", Seed: seed, N: n, Layouts: cfg.Layouts,
		Formats: "native PDF only (--scanned 0 --xml 0)", Text: "the truth file's text field",
		Types: strings.Join(cfg.Types, ",")}
	return texts, labels, data, nil
}
