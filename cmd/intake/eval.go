package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"intake/extractors/einvoice"
	"intake/extractors/pdf"
	"intake/pipeline"
	"intake/pipeline/eval"
)

func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("eval", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	labels := fl.String("labels", "", "`DIR` of documents with X.truth.json beside them")
	asJSON := fl.Bool("json", false, "print the report as JSON")
	visual := fl.Bool("visual", false, "score hybrid PDFs against their own embedded e-invoice while the pipeline ignores it")
	verbose := fl.Bool("v", false, "list what each document got wrong")
	opts := addPipelineFlags(fl)
	if err := fl.Parse(args); err != nil {
		return usagef("eval: %v", err)
	}
	if *labels == "" || fl.NArg() != 0 {
		return usagef("eval: --labels DIR is required and takes no other arguments")
	}
	opts.visual = *visual
	cases, err := findLabelled(*labels, *visual)
	if err != nil {
		return err
	}
	if len(cases) == 0 {
		return usagef("eval: no labelled documents under %s", *labels)
	}
	p, err := opts.build()
	if err != nil {
		return err
	}
	defer p.Close()
	paths := make([]string, len(cases))
	for i, c := range cases {
		paths[i] = c.path
	}
	sc := eval.NewScorer()
	byFormat := newFormatScores() // eval_ocr.go
	i := 0
	err = processAll(ctx, p.runner, paths, opts.workers, func(r result) error {
		c := cases[i]
		i++
		if r.err != nil {
			return fmt.Errorf("eval: %s: %w", r.path, r.err)
		}
		sc.Add(r.doc, c.truth)
		byFormat.add(r.path, r.doc, c.truth)
		return nil
	})
	if err != nil {
		return err
	}
	rep := sc.Report()
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	mode := "labels"
	if *visual {
		mode = "visual (embedded e-invoice ignored by the pipeline, used as truth)"
	}
	fmt.Fprintf(stdout, "eval of %s: %s\n\n%s%s", *labels, mode, rep.Format(), byFormat.Format())
	if *verbose {
		io.WriteString(stdout, byFormat.Worst())
		for _, m := range rep.Errors {
			fmt.Fprintf(stdout, "\n%s\n  %s\n", m.Source, strings.Join(m.Wrong, "\n  "))
		}
	}
	return nil
}

type labelled struct {
	path  string
	truth eval.Truth
}

// findLabelled lists documents with ground truth: X.truth.json beside X.*,
// or with visual, every PDF that embeds an e-invoice (its truth).
func findLabelled(dir string, visual bool) ([]labelled, error) {
	var out []labelled
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".truth.json") {
			return err
		}
		if visual {
			if !strings.EqualFold(filepath.Ext(p), ".pdf") {
				return nil
			}
			t, ok, err := embeddedTruth(p)
			if err != nil || !ok {
				return err
			}
			out = append(out, labelled{p, t})
			return nil
		}
		tp := strings.TrimSuffix(p, filepath.Ext(p)) + ".truth.json"
		if _, err := os.Stat(tp); err != nil {
			return nil
		}
		t, err := eval.ReadTruth(tp)
		if err != nil {
			return err
		}
		out = append(out, labelled{p, t})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, err
}

// embeddedTruth reads the e-invoice inside a hybrid PDF as ground truth.
func embeddedTruth(path string) (eval.Truth, bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return eval.Truth{}, false, err
	}
	_, x, err := pdf.EmbeddedXML(data)
	if err != nil || x == nil {
		return eval.Truth{}, false, nil
	}
	inv, err := einvoice.Parse(x, einvoice.DefaultLimits())
	if err != nil {
		return eval.Truth{}, false, nil
	}
	t := eval.Truth{DocType: inv.DocType, Fields: map[string]string{}, LineItems: inv.LineItems}
	for name, f := range inv.Fields {
		t.Fields[name] = f.Value
	}
	return t, true, nil
}

var _ = pipeline.ToRobot
