package invoice

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"intake/pipeline"
)

func TestDbgCands(t *testing.T) {
	f := os.Getenv("DBG_WORDS")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	var d struct {
		Pages []struct {
			Width, Height float64
			Words         []struct {
				Text string
				BBox [4]float64 `json:"bbox"`
				Conf float64
			}
		}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	var pages []pipeline.Page
	for i, p := range d.Pages {
		pg := pipeline.Page{Number: i + 1, Width: p.Width, Height: p.Height, Source: pipeline.SourceOCR}
		for _, w := range p.Words {
			pg.Words = append(pg.Words, pipeline.Word{Text: w.Text, Box: pipeline.Box{X0: w.BBox[0], Y0: w.BBox[1], X1: w.BBox[2], Y1: w.BBox[3]}, Conf: w.Conf})
		}
		pages = append(pages, pg)
	}
	x := newExtraction(pages, os.Getenv("DBG_LANG"))
	for _, fld := range []string{os.Getenv("DBG_FIELD")} {
		for _, c := range x.cands[fld] {
			lb := ""
			if c.label != nil {
				lb = fmt.Sprint(c.label.box)
			}
			fmt.Printf("%s %q raw %q score %.3f box %v label %s\n", fld, c.value, c.raw, c.score, c.box, lb)
		}
	}
	for i, ln := range x.lay.lines {
		txt := ""
		for _, w := range ln.words {
			txt += w.text + " "
		}
		fmt.Printf("line %d: %s |", i, txt)
		for _, m := range x.labels[i] {
			fmt.Printf(" [%v]", m.box)
		}
		fmt.Println()
	}
	for _, a := range x.amounts {
		fmt.Printf("amount %q %d\n", a.raw, a.cents)
	}
	out := x.resolve()
	fmt.Printf("resolved %+v\n", out[os.Getenv("DBG_FIELD")])
}
