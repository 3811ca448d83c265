package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"

	"intake/fixtures"
	"intake/fixtures/layout"
)

// cmdFixtures generates a synthetic corpus with ground truth and registers.
func cmdFixtures(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	def := fixtures.DefaultConfig()
	fl := flag.NewFlagSet("fixtures", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	out := fl.String("out", "", "write the corpus into `DIR` (new, empty, or an earlier corpus, which is replaced)")
	n := fl.Int("n", def.N, "number of documents")
	seed := fl.Uint64("seed", def.Seed, "random seed: the same seed gives the same bytes")
	types := fl.String("types", strings.Join(def.Types, ","), "comma-separated document `types`")
	scanned := fl.Float64("scanned", def.Scanned, "share of documents that are scanned PDFs or images")
	xml := fl.Float64("xml", def.XML, "share of invoices and credit notes sent as e-invoice XML")
	layouts := fl.String("layouts", def.Layouts, "layouts to use: all, train (no held-out layouts) or heldout (only those)")
	workers := fl.Int("workers", runtime.GOMAXPROCS(0), "parallel renderers")
	previews := fl.String("previews", "", "also write one page per document type as a small PNG into `DIR`")
	if err := fl.Parse(args); err != nil {
		return usagef("fixtures: %v", err)
	}
	if fl.NArg() != 0 {
		return usagef("fixtures: unexpected arguments %v", fl.Args())
	}
	cfg := fixtures.Config{Out: *out, N: *n, Seed: *seed, Scanned: *scanned, XML: *xml, Layouts: *layouts, Workers: *workers}
	for _, t := range strings.Split(*types, ",") {
		if t = strings.TrimSpace(t); t != "" {
			cfg.Types = append(cfg.Types, t)
		}
	}
	if err := cfg.Validate(); err != nil {
		return usagef("fixtures: %v", err)
	}
	fonts, err := layout.LoadFonts(layout.FontDir)
	if err != nil {
		return err
	}
	st, err := fixtures.Generate(ctx, cfg, fonts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "corpus %s (seed %d, layouts %s)\n\n%s", cfg.Out, cfg.Seed, cfg.Layouts, st.Format())
	if *previews != "" {
		files, err := fixtures.Previews(ctx, cfg.Out, *previews)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "previews: %s\n", strings.Join(files, " "))
	}
	return nil
}
