package invoice

import (
	"slices"
	"testing"

	"intake/pipeline"
)

// scorer adapts a function of the candidates to Scorer.
type scorer struct {
	cands []Candidate
	p     func(Candidate) float32
}

func (s scorer) Score(rows [][]float32) ([]float32, error) {
	out := make([]float32, len(rows))
	for i := range rows {
		out[i] = s.p(s.cands[i])
	}
	return out, nil
}

func rankPages() []pipeline.Page {
	return []pipeline.Page{page(1,
		at{50, 40, "Faktura", 16},
		at{50, 100, "Fakturanummer 4711", 0},
		at{50, 115, "Leveringsdato 01.03.2024", 0},
		at{50, 130, "Fakturadato 05.03.2024", 0},
		at{300, 700, "I alt DKK 1.250,00", 0},
	)}
}

func TestRankerChoosesAndSetsConfidence(t *testing.T) {
	pages := rankPages()
	plain, _ := New(Config{})
	cands := plain.Candidates(pages, "da", pipeline.TypeInvoice)
	if !slices.ContainsFunc(cands, func(c Candidate) bool { return c.Field == fIssueDate && c.Value == "2024-03-01" }) {
		t.Fatal("the delivery date is not among the issue date's long shots")
	}
	for _, c := range cands {
		if len(c.Features) != len(FeatureNames) {
			t.Fatalf("%s: %d features, want %d", c.Field, len(c.Features), len(FeatureNames))
		}
	}
	// A ranker that prefers the delivery date shows that the ranker, not
	// the heuristic, decides, and that its probability is the confidence.
	s, _ := New(Config{Ranker: scorer{cands, func(c Candidate) float32 {
		if c.Value == "2024-03-01" {
			return 0.97
		}
		return 0.2
	}}})
	got := s.Extract(pages, "da")
	if f := got[fIssueDate]; f.Value != "2024-03-01" || f.Confidence != 0.97 {
		t.Errorf("issue_date %+v, want the ranker's 2024-03-01 at 0.97", f)
	}
}

func TestRankerWithoutViewKeepsHeuristic(t *testing.T) {
	pages := rankPages()
	plain, _ := New(Config{})
	want := plain.Extract(pages, "da")[fInvoiceNumber].Value
	cands := plain.Candidates(pages, "da", "")
	s, _ := New(Config{Ranker: scorer{cands, func(Candidate) float32 { return 0.05 }}})
	got := s.Extract(pages, "da")
	if f := got[fInvoiceNumber]; f.Value != want || f.Confidence != 0.05 {
		t.Errorf("invoice_number %+v, want the heuristic's %q at the ranker's 0.05", f, want)
	}
	if _, ok := got[fPlusgiro]; ok {
		t.Error("a field nobody proposed appeared")
	}
}

// TestRankerOneDateOneField: a ranker that takes one printed date for
// both the issue and the due date (a label lost under a stamp) is
// overruled: the field that took it without a label takes its value
// printed elsewhere, whichever field the ranker was surer of.
func TestRankerOneDateOneField(t *testing.T) {
	head := []at{{50, 40, "Faktura", 16}, {50, 100, "Fakturanummer 4711", 0}, {300, 700, "I alt DKK 1.250,00", 0}}
	cases := []struct {
		name           string
		lines          []at
		shared         string  // the date the ranker takes for both
		issueP, dueP   float32 // its view of shared as each field
		wantIs, wantDu string
	}{
		{"due date unlabelled", []at{{50, 130, "Fakturadato 05.03.2024", 0}, {50, 160, "Forfaldsdato 20.03.2024", 0}},
			"2024-03-05", 0.6, 0.9, "2024-03-05", "2024-03-20"},
		{"issue date unlabelled", []at{{350, 60, "05.03.2024", 0}, {50, 160, "Forfaldsdato 20.03.2024", 0}},
			"2024-03-20", 0.9, 0.7, "2024-03-05", "2024-03-20"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pages := []pipeline.Page{page(1, append(slices.Clone(head), tc.lines...)...)}
			plain, _ := New(Config{})
			cands := plain.Candidates(pages, "da", pipeline.TypeInvoice)
			s, _ := New(Config{Ranker: scorer{cands, func(c Candidate) float32 {
				switch {
				case c.Value == tc.shared && c.Field == fIssueDate:
					return tc.issueP
				case c.Value == tc.shared && c.Field == fDueDate:
					return tc.dueP
				case c.Value == "2024-03-05" || c.Value == "2024-03-20":
					return 0.5
				}
				return 0.1
			}}})
			got := s.Extract(pages, "da")
			if got[fIssueDate].Value != tc.wantIs || got[fDueDate].Value != tc.wantDu {
				t.Errorf("issue %q due %q, want %q and %q", got[fIssueDate].Value, got[fDueDate].Value, tc.wantIs, tc.wantDu)
			}
			if got[fDueDate].Confidence == 0 || got[fIssueDate].Confidence == 0 {
				t.Errorf("a date without the ranker's confidence: %+v %+v", got[fIssueDate], got[fDueDate])
			}
		})
	}
}

func TestCreditAmountsPositive(t *testing.T) {
	f := map[string]pipeline.Field{fTotal: {Value: "-12.50"}, fInvoiceNumber: {Value: "-1"}}
	CreditAmounts(f)
	if f[fTotal].Value != "12.50" || f[fInvoiceNumber].Value != "-1" {
		t.Errorf("%v", f)
	}
}

func TestGlyphRisk(t *testing.T) {
	for v, want := range map[string]bool{
		"H080138":                  true,  // H meets 0, which OCR takes for O
		"1T3102":                   true,  // 1 meets T: I or 1?
		"tNV-076132":               true,  // a lower-case letter runs into a capital
		"@S32887":                  true,  // no identifier carries @
		"AN46625":                  false, // N and 4 look like nothing else
		"INV-020688":               false, // the hyphen keeps letters and digits apart
		"24002829":                 false, // digits only
		"F-2024-4218":              false,
		"Inv-2024":                 false, // a capital opening a word is no misread
		"Østerdals IT-service ApS": false, // no digits: a name, not an identifier
		"2O24-0476":                true,
	} {
		if got := glyphRisk(v); got != want {
			t.Errorf("glyphRisk(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestOCRFormFeatures: a value read by OCR under a stamp, or in a form
// where a misread looks right, says so in its features; the same value
// in native text does not.
func TestOCRFormFeatures(t *testing.T) {
	x, _ := New(Config{})
	feature := func(pages []pipeline.Page, name string) float32 {
		for _, c := range x.Candidates(pages, "da", pipeline.TypeInvoice) {
			if c.Field == fInvoiceNumber && c.Value == "HO80138" {
				return c.Features[len(RankedFields)+featureIndex[name]]
			}
		}
		t.Fatalf("no invoice number HO80138 among the candidates")
		return 0
	}
	native := []pipeline.Page{page(1, at{50, 40, "Faktura", 16}, at{50, 100, "Fakturanummer HO80138", 0})}
	if feature(native, "glyph_risk") != 0 || feature(native, "overprinted") != 0 {
		t.Error("native text: no OCR risk")
	}
	scan := []pipeline.Page{page(1, at{50, 40, "Faktura", 16}, at{50, 100, "Fakturanummer HO80138", 0})}
	scan[0].Source = pipeline.SourceOCR
	if feature(scan, "glyph_risk") != 1 || feature(scan, "overprinted") != 0 {
		t.Error("read by OCR: O meets 8, a glyph risk; no stamp")
	}
	for i, w := range scan[0].Words {
		scan[0].Words[i].Overprinted = w.Text == "HO80138"
	}
	if feature(scan, "overprinted") != 1 {
		t.Error("a stamp over the value: overprinted")
	}
}
