package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"intake/pipeline"
)

type textWord struct {
	Text string     `json:"text"`
	BBox [4]float64 `json:"bbox"`
	Conf float64    `json:"conf"`
	// Overprinted: a stamp lies over the word (OCR only).
	Overprinted bool `json:"overprinted,omitempty"`
}

type textPage struct {
	Number int        `json:"number"`
	Width  float64    `json:"width"`
	Height float64    `json:"height"`
	Source string     `json:"source"`
	Words  []textWord `json:"words"`
	// Stamps: the text of stamps on the page (pipeline.Page.Stamps).
	Stamps []textWord `json:"stamps,omitempty"`
}

type textOut struct {
	Source     string     `json:"source"`
	SHA256     string     `json:"sha256"`
	MediaType  string     `json:"media_type"`
	TextSource string     `json:"text_source"`
	Pages      []textPage `json:"pages"`
}

func cmdText(ctx context.Context, args []string, stdout io.Writer) error {
	fl := flag.NewFlagSet("text", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	asJSON := fl.Bool("json", false, "print words with page, box and confidence as JSON")
	o := addPipelineFlags(fl) // --ocr-lang and --tessdata matter here
	if err := fl.Parse(args); err != nil {
		return usagef("text: %v", err)
	}
	if fl.NArg() != 1 {
		return usagef("text: exactly one PATH, got %d", fl.NArg())
	}
	path := fl.Arg(0)
	data, err := os.ReadFile(path)
	if err != nil {
		return usagef("text: %v", err)
	}
	o.workers = 1
	p, err := o.build()
	if err != nil {
		return err
	}
	defer p.Close()
	r := *p.runner
	r.Stages = nil // text only: ingest and the reader
	doc, err := r.Run(ctx, pipeline.Origin{Source: path}, data)
	if err != nil {
		return err
	}
	if doc.Route.To == pipeline.ToQuarantine {
		fmt.Fprintf(os.Stderr, "intake: %s: %s\n", path, doc.Route.Reasons[0].Message)
		return errQuarantined
	}
	if !*asJSON {
		_, err := io.WriteString(stdout, doc.Text())
		return err
	}
	out := textOut{Source: path, SHA256: doc.ID, MediaType: doc.MediaType, TextSource: string(doc.TextSource), Pages: []textPage{}}
	for _, pg := range doc.Pages {
		tp := textPage{Number: pg.Number, Width: pg.Width, Height: pg.Height, Source: string(pg.Source), Words: []textWord{}}
		for _, w := range pg.Words {
			tp.Words = append(tp.Words, asTextWord(w))
		}
		for _, w := range pg.Stamps {
			tp.Stamps = append(tp.Stamps, asTextWord(w))
		}
		out.Pages = append(out.Pages, tp)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", " ")
	return enc.Encode(out)
}

func asTextWord(w pipeline.Word) textWord {
	return textWord{Text: w.Text, BBox: [4]float64{round2(w.Box.X0), round2(w.Box.Y0), round2(w.Box.X1), round2(w.Box.Y1)}, Conf: w.Conf, Overprinted: w.Overprinted}
}

func round2(v float64) float64 { return float64(int64(v*100+0.5*sign(v))) / 100 }

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}
