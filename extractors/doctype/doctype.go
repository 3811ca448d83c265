// Package doctype makes a first decision on a document's type from weighted
// keywords in seven languages, and detects its language from stop words.
//
// It is a baseline, to be replaced by the ONNX classifier: transparent,
// needing no model, and honest about doubt. Keywords (keywords.go) add
// evidence to a type, more when printed large near the top of the first
// page where a title stands; scores become probabilities with a softmax
// against a fixed score for "other", so a document without clear evidence
// is "other" with a low confidence.
package doctype

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"

	"intake/pipeline"
)

// Model names this classifier in labels, trails and case files.
const Model = "doctype-keywords/1"

// financial is the pseudo-type of keywords shared by invoices, credit notes
// and payment reminders.
const financial = "financial"

// Config configures the Stage.
type Config struct {
	// OtherScore is the score "other" starts with: the evidence another
	// type needs to be preferred. 0 means 3.
	OtherScore float64
	// Temperature divides scores before the softmax; higher is less sure.
	// 0 means 1.5.
	Temperature float64
	// MaxOtherConfidence caps the confidence of "other" when it wins for
	// want of evidence rather than by its own keywords ("Lieferschein",
	// "not an invoice"). 0 means 0.5.
	MaxOtherConfidence float64
	// MaxWords bounds the words read, from the first pages on. 0 means
	// 5000.
	MaxWords int
}

func (c *Config) setDefaults() {
	if c.OtherScore == 0 {
		c.OtherScore = 3
	}
	if c.Temperature == 0 {
		c.Temperature = 1.5
	}
	if c.MaxOtherConfidence == 0 {
		c.MaxOtherConfidence = 0.5
	}
	if c.MaxWords == 0 {
		c.MaxWords = 5000
	}
}

// Validate reports every out-of-range setting.
func (c Config) Validate() error {
	var errs []error
	if c.OtherScore < 0 {
		errs = append(errs, fmt.Errorf("doctype: OtherScore %g is negative", c.OtherScore))
	}
	if c.Temperature < 0 {
		errs = append(errs, fmt.Errorf("doctype: Temperature %g is negative", c.Temperature))
	}
	if c.MaxOtherConfidence < 0 || c.MaxOtherConfidence > 1 {
		errs = append(errs, fmt.Errorf("doctype: MaxOtherConfidence %g is outside 0..1", c.MaxOtherConfidence))
	}
	if c.MaxWords < 0 {
		errs = append(errs, fmt.Errorf("doctype: MaxWords %d is negative", c.MaxWords))
	}
	return errors.Join(errs...)
}

// Stage is the "classify" stage.
type Stage struct {
	cfg   Config
	table *table
}

var (
	_ pipeline.Stage     = (*Stage)(nil)
	_ pipeline.Versioned = (*Stage)(nil)
)

// New returns a Stage with cfg's zero values replaced by defaults.
func New(cfg Config) (*Stage, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	t, err := compile(keywords)
	if err != nil {
		return nil, err
	}
	return &Stage{cfg: cfg, table: t}, nil
}

// Name is "classify".
func (s *Stage) Name() string { return "classify" }

// Version is the model name.
func (s *Stage) Version() string { return Model }

// Process sets doc.Type when it is empty (an e-invoice reader sets it
// exactly) and doc.Language when it is empty.
func (s *Stage) Process(ctx context.Context, doc *pipeline.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if doc.Type.Value != "" && doc.Language != "" {
		return nil
	}
	r := s.Classify(doc.Pages)
	if doc.Type.Value == "" {
		doc.Type = r.Label
	}
	if doc.Language == "" {
		doc.Language = r.Language
	}
	return nil
}

// Result is a classification with the whole distribution.
type Result struct {
	Label    pipeline.Label
	Probs    map[string]float64 // per document type, summing to 1
	Scores   map[string]float64 // raw evidence per type
	Language string             // "" when unsure
}

// Classify scores pages for each document type and detects the language.
func (s *Stage) Classify(pages []pipeline.Page) Result {
	toks, raw := tokenize(pages, s.cfg.MaxWords)
	scores := s.table.score(toks)
	otherEvidence := scores[pipeline.TypeOther]
	scores[pipeline.TypeOther] += s.cfg.OtherScore
	for _, t := range []string{pipeline.TypeInvoice, pipeline.TypeCreditNote, pipeline.TypePaymentReminder} {
		scores[t] += scores[financial]
	}
	delete(scores, financial)

	probs := softmax(scores, s.cfg.Temperature)
	best := pipeline.TypeOther
	for _, t := range pipeline.DocTypes {
		if probs[t] > probs[best] {
			best = t
		}
	}
	conf := probs[best]
	if best == pipeline.TypeOther && otherEvidence < s.cfg.OtherScore {
		// "other" for want of evidence, not because of any: say so.
		conf = min(conf, s.cfg.MaxOtherConfidence)
	}
	lang, _ := detectLanguage(toks, raw)
	return Result{
		Label:    pipeline.Label{Value: best, Confidence: math.Round(conf*1000) / 1000, Model: Model},
		Probs:    probs,
		Scores:   scores,
		Language: lang,
	}
}

func softmax(scores map[string]float64, temp float64) map[string]float64 {
	hi := math.Inf(-1)
	for _, t := range pipeline.DocTypes {
		hi = max(hi, scores[t])
	}
	sum := 0.0
	p := make(map[string]float64, len(pipeline.DocTypes))
	for _, t := range pipeline.DocTypes {
		p[t] = math.Exp((scores[t] - hi) / temp)
		sum += p[t]
	}
	for t := range p {
		p[t] /= sum
	}
	return p
}

// token is one folded word piece with where it was printed.
type token struct {
	key   string
	title bool // printed large near the top of the first page
}

// tokenize folds the words of pages into tokens, splitting at punctuation
// ("USt-IdNr." → "ust", "idnr") and gluing pieces a producer split by
// kerning ("Rechnungskor rektur"). It also returns the lower-cased text
// for the letter cues of language detection.
func tokenize(pages []pipeline.Page, maxWords int) ([]token, string) {
	var toks []token
	var raw strings.Builder
	n := 0
	for _, p := range pages {
		hs := make([]float64, 0, len(p.Words))
		for _, w := range p.Words {
			hs = append(hs, w.Box.Y1-w.Box.Y0)
		}
		med := median(hs)
		words := glue(p.Words)
		for _, w := range words {
			if n >= maxWords {
				return toks, raw.String()
			}
			n++
			raw.WriteString(strings.ToLower(w.Text))
			raw.WriteByte(' ')
			title := p.Number == 1 && p.Height > 0 && w.Box.Y1 < 0.3*p.Height && med > 0 && w.Box.Y1-w.Box.Y0 >= 1.2*med
			for _, piece := range strings.FieldsFunc(fold(w.Text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
				toks = append(toks, token{key: piece, title: title})
			}
		}
	}
	return toks, raw.String()
}

// glue joins words of one line whose gap is far narrower than a space.
func glue(ws []pipeline.Word) []pipeline.Word {
	out := make([]pipeline.Word, 0, len(ws))
	for _, w := range ws {
		if n := len(out); n > 0 {
			p := out[n-1]
			h := min(p.Box.Y1-p.Box.Y0, w.Box.Y1-w.Box.Y0)
			gap := w.Box.X0 - p.Box.X1
			ov := min(p.Box.Y1, w.Box.Y1) - max(p.Box.Y0, w.Box.Y0)
			if h > 0 && gap > -0.5*h && gap < 0.16*h && ov > 0.5*h {
				p.Text += w.Text
				p.Box.X1 = max(p.Box.X1, w.Box.X1)
				out[n-1] = p
				continue
			}
		}
		out = append(out, w)
	}
	return out
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
