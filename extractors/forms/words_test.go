package forms

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"intake/pipeline"
	"intake/pipeline/eval"
)

// TestWordsDir scores the extractor on words saved with `intake text
// --json X > X.words.json` beside X.truth.json, in the folder named by
// $FORMS_WORDS: a fast loop over a corpus without reading PDFs or OCR.
func TestWordsDir(t *testing.T) {
	dir := os.Getenv("FORMS_WORDS")
	if dir == "" {
		t.Skip("FORMS_WORDS not set")
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.words.json"))
	st, _ := New(Config{})
	type score struct{ total, correct int }
	byField := map[string]*score{}
	byFormat := map[string]*score{}
	bins := make([]score, 10) // correctness by confidence decile
	parts := 0
	for _, p := range paths {
		pages, err := readWords(p)
		if err != nil {
			t.Logf("%s: %v", p, err) // still being written
			continue
		}
		var truth struct {
			eval.Truth
			Format string `json:"format"`
			Layout string `json:"layout"`
		}
		b, err := os.ReadFile(strings.TrimSuffix(p, ".words.json") + ".truth.json")
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &truth); err != nil {
			t.Fatal(err)
		}
		got := st.Extract(pages, truth.DocType)
		var wrong []string
		if sp, ok := got["sick_pay"]; ok {
			// The parts must add up exactly when, and only when, no fault
			// was injected into the amount.
			sum := cents(sp.Value) + cents(got["holiday_pay"].Value) + cents(got["social_fees"].Value)
			fault := strings.Contains(strings.Join(truth.Findings, " "), "amount_consistent")
			if (sum != cents(got["amount_claimed"].Value)) != fault {
				wrong = append(wrong, fmt.Sprintf("parts add up to %d, claimed %s, fault %v", sum, got["amount_claimed"].Value, fault))
			}
			parts++
		} else if strings.Contains(strings.Join(truth.Findings, " "), "amount_consistent") {
			wrong = append(wrong, "parts: not read for an amount fault")
		}
		for name, want := range truth.Fields {
			if byField[name] == nil {
				byField[name] = &score{}
			}
			if byFormat[truth.Format] == nil {
				byFormat[truth.Format] = &score{}
			}
			byField[name].total++
			byFormat[truth.Format].total++
			b := &bins[min(9, int(got[name].Confidence*10))]
			b.total++
			if eval.Equal(name, got[name].Value, want) {
				b.correct++
				byField[name].correct++
				byFormat[truth.Format].correct++
			} else {
				wrong = append(wrong, name+": got "+got[name].Value+" ("+got[name].Raw+") want "+want)
			}
		}
		if len(wrong) > 0 {
			sort.Strings(wrong)
			t.Logf("%s [%s %s]\n    %s", filepath.Base(p), truth.Layout, truth.Format, strings.Join(wrong, "\n    "))
		}
	}
	var names []string
	for n := range byField {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		t.Logf("%-20s %3d/%3d", n, byField[n].correct, byField[n].total)
	}
	for i, b := range bins {
		if b.total > 0 {
			t.Logf("confidence %.1f–%.1f: %3d fields, %5.1f%% right", float64(i)/10, float64(i+1)/10, b.total, 100*float64(b.correct)/float64(b.total))
		}
	}
	t.Logf("cost parts read on %d claims", parts)
	for f, s := range byFormat {
		t.Logf("format %-8s %4d/%4d = %.1f%%", f, s.correct, s.total, 100*float64(s.correct)/float64(s.total))
	}
}

func cents(v string) int64 {
	c, _, _ := parseMoney(v)
	return c
}

func readWords(path string) ([]pipeline.Page, error) {
	var out struct {
		Pages []struct {
			Number        int
			Width, Height float64
			Words         []struct {
				Text string
				BBox [4]float64
				Conf float64
			}
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	var pages []pipeline.Page
	for _, p := range out.Pages {
		pg := pipeline.Page{Number: p.Number, Width: p.Width, Height: p.Height}
		for _, w := range p.Words {
			pg.Words = append(pg.Words, pipeline.Word{Text: w.Text, Box: pipeline.Box{X0: w.BBox[0], Y0: w.BBox[1], X1: w.BBox[2], Y1: w.BBox[3]}, Conf: w.Conf})
		}
		pages = append(pages, pg)
	}
	return pages, nil
}

// TestDebugLabels prints the labels and candidates of the words file
// named by $FORMS_DEBUG.
func TestDebugLabels(t *testing.T) {
	p := os.Getenv("FORMS_DEBUG")
	if p == "" {
		t.Skip("FORMS_DEBUG not set")
	}
	pages, err := readWords(p)
	if err != nil {
		t.Fatal(err)
	}
	x := newExtraction(pages)
	for i, ln := range x.lines {
		var ls []string
		for _, l := range x.labels[i] {
			ls = append(ls, fmt.Sprintf("[%s c%d r%d own%v %.2f]", joinWords(ln.words[l.start:l.end]), l.concept, l.role, l.ownRole, l.strength))
		}
		segs := ""
		for _, w := range ln.words {
			segs += fmt.Sprint(w.seg)
		}
		t.Logf("%3d %s | %s  %s", i, joinWords(ln.words), strings.Join(ls, " "), segs)
	}
	if strings.Contains(p, "sick") {
		x.sick()
	} else {
		x.school()
	}
	for _, c := range x.cands {
		t.Logf("%-20s %-30q %.3f %q", c.field, c.value, c.score, c.raw)
	}
	st, _ := New(Config{})
	typ := pipeline.TypeSchoolTransport
	if strings.Contains(p, "sick") {
		typ = pipeline.TypeSickPayClaim
	}
	for name, f := range st.Extract(pages, typ) {
		t.Logf("field %-20s %-30q %.3f", name, f.Value, f.Confidence)
	}
}
