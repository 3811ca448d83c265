package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"intake/extractors/ocr"
	"intake/pipeline"
	"intake/pipeline/eval"
)

// formatScore sums one corpus format (native, scanned, image, xml): field
// accuracy over the truth fields, and the character error rate of the
// text the pipeline read against the generator's text.
type formatScore struct {
	docs, fields, correct int
	clean, toRobot        int // clean invoices and credit notes, and those sent to a robot
	cers                  []float64
	parts                 ocr.FlexErrors // summed over the documents
}

// formatScores breaks an evaluation down by the format a truth file
// names, so that OCR (scanned, image) can be held against native text,
// and by whether the document's layout was held out of training, so that
// layouts the models never saw can be held against those they did.
type formatScores struct {
	formats, layouts map[string]*formatScore
	docs             []docCER // each document with text to judge, in order
	// held counts, per routing reason and format, the clean invoices and
	// credit notes kept from the robots: what straight-through is lost to.
	held map[string]map[string]int
}

// docCER is one document's character errors.
type docCER struct {
	path  string
	parts ocr.FlexErrors
}

func newFormatScores() formatScores {
	return formatScores{formats: map[string]*formatScore{}, layouts: map[string]*formatScore{}, held: map[string]map[string]int{}}
}

// add scores one document; truth files without a format are skipped.
func (s *formatScores) add(path string, doc *pipeline.Document, t eval.Truth) {
	var extra struct {
		Format  string `json:"format"`
		Text    string `json:"text"`
		HeldOut bool   `json:"held_out"`
	}
	b, err := os.ReadFile(strings.TrimSuffix(path, extOf(path)) + ".truth.json")
	if err != nil || json.Unmarshal(b, &extra) != nil || extra.Format == "" {
		return
	}
	layout := "seen"
	if extra.HeldOut {
		layout = "held out"
	}
	fs := score(s.formats, extra.Format)
	ls := score(s.layouts, layout)
	fs.docs++
	ls.docs++
	for name, want := range t.Fields {
		fs.fields++
		ls.fields++
		if got, ok := doc.Fields[name]; ok && eval.Equal(name, got.Value, want) {
			fs.correct++
			ls.correct++
		}
	}
	if t.HasFindings && len(t.Findings) == 0 && (t.DocType == pipeline.TypeInvoice || t.DocType == pipeline.TypeCreditNote) {
		s.addClean(fs, extra.Format, doc)
	}
	// XML has no page text to speak of: its "text" is our own rendering.
	if extra.Text != "" && extra.Format != "xml" {
		p := ocr.FlexParts(doc.Text(), extra.Text)
		fs.cers = append(fs.cers, p.Rate())
		fs.parts = fs.parts.Add(p)
		if extra.Format != "native" {
			s.docs = append(s.docs, docCER{path, p})
		}
	}
}

// addClean counts a clean invoice or credit note and, when it was held
// from the robots, each distinct reason it was held for.
func (s *formatScores) addClean(fs *formatScore, format string, doc *pipeline.Document) {
	fs.clean++
	if doc.Route.To == pipeline.ToRobot {
		fs.toRobot++
		return
	}
	seen := map[string]bool{}
	for _, r := range doc.Route.Reasons {
		key := r.Code
		if r.Field != "" {
			key += " " + r.Field
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		if s.held[key] == nil {
			s.held[key] = map[string]int{}
		}
		s.held[key][format]++
	}
}

func score(m map[string]*formatScore, key string) *formatScore {
	if m[key] == nil {
		m[key] = &formatScore{}
	}
	return m[key]
}

func extOf(p string) string {
	if i := strings.LastIndexByte(p, '.'); i > strings.LastIndexByte(p, '/') {
		return p[i:]
	}
	return ""
}

// Format renders the breakdown; empty when no truth named a format.
func (s formatScores) Format() string {
	if len(s.formats) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-10s %6s %9s %10s %10s\n", "format", "docs", "fields", "CER mean", "CER median")
	names := make([]string, 0, len(s.formats))
	for n := range s.formats {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		fs := s.formats[n]
		acc := fs.accuracy()
		mean, median := "-", "-"
		if len(fs.cers) > 0 {
			c := slices.Clone(fs.cers)
			slices.Sort(c)
			sum := 0.0
			for _, v := range c {
				sum += v
			}
			mean = fmt.Sprintf("%.2f%%", 100*sum/float64(len(c)))
			median = fmt.Sprintf("%.2f%%", 100*c[len(c)/2])
		}
		fmt.Fprintf(&b, "%-10s %6d %8.1f%% %10s %10s\n", n, fs.docs, 100*acc, mean, median)
	}
	b.WriteString("CER: ocr.FlexCER of the text read against the truth's text (reading order aside)\n")
	// Where the errors lie says what to work on: misreads inside lines
	// read, lines never read, or marks read as text.
	fmt.Fprintf(&b, "\n%-10s %9s %11s %12s %9s\n", "CER parts", "misread", "never read", "not on page", "all")
	for _, n := range names {
		p := s.formats[n].parts
		if p.Total == 0 {
			continue
		}
		pct := func(k int) string { return fmt.Sprintf("%.2f%%", 100*float64(k)/float64(p.Total)) }
		fmt.Fprintf(&b, "%-10s %9s %11s %12s %9s\n", n, pct(p.Misread), pct(p.Unread), pct(p.Extra), pct(p.Misread+p.Unread+p.Extra))
	}
	b.WriteString("parts: the errors of all of a format's documents over all their characters\n")
	fmt.Fprintf(&b, "\n%-10s %6s %9s\n", "layouts", "docs", "fields")
	for _, n := range []string{"seen", "held out"} {
		if ls := s.layouts[n]; ls != nil {
			fmt.Fprintf(&b, "%-10s %6d %8.1f%%\n", n, ls.docs, 100*ls.accuracy())
		}
	}
	b.WriteString(s.formatHeld(names))
	return b.String()
}

// formatHeld renders the clean invoices and credit notes per format that
// went to a robot, and why the others did not, most frequent reason first.
func (s formatScores) formatHeld(names []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-44s", "clean invoices and credit notes")
	for _, n := range names {
		fmt.Fprintf(&b, " %8s", n)
	}
	fmt.Fprintf(&b, "\n%-44s", "to robot")
	for _, n := range names {
		fs := s.formats[n]
		fmt.Fprintf(&b, " %8s", fmt.Sprintf("%d/%d", fs.toRobot, fs.clean))
	}
	b.WriteByte('\n')
	reasons := make([]string, 0, len(s.held))
	total := map[string]int{}
	for r, by := range s.held {
		reasons = append(reasons, r)
		for _, k := range by {
			total[r] += k
		}
	}
	slices.SortFunc(reasons, func(a, c string) int { return cmp.Or(cmp.Compare(total[c], total[a]), cmp.Compare(a, c)) })
	for _, r := range reasons {
		fmt.Fprintf(&b, "%-44s", "held: "+r)
		for _, n := range names {
			fmt.Fprintf(&b, " %8d", s.held[r][n])
		}
		b.WriteByte('\n')
	}
	b.WriteString("held: documents per reason (a document held for several counts under each)\n")
	return b.String()
}

// Worst lists the read documents (scans and images) by CER, worst first,
// with their errors by part: where to look first.
func (s formatScores) Worst() string {
	if len(s.docs) == 0 {
		return ""
	}
	docs := slices.Clone(s.docs)
	slices.SortStableFunc(docs, func(a, b docCER) int { return cmp.Compare(b.parts.Rate(), a.parts.Rate()) })
	var b strings.Builder
	b.WriteString("\nread documents, worst first: CER, then characters misread / never read / not on page\n")
	for _, d := range docs {
		p := d.parts
		fmt.Fprintf(&b, "%6.2f%%  %4d / %4d / %4d  %s\n", 100*p.Rate(), p.Misread, p.Unread, p.Extra, d.path)
	}
	return b.String()
}

func (fs *formatScore) accuracy() float64 {
	if fs.fields == 0 {
		return 0
	}
	return float64(fs.correct) / float64(fs.fields)
}
