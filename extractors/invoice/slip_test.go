package invoice

import (
	"slices"
	"testing"

	"intake/pipeline"
)

// TestMendDigit: a scanned total block whose net OCR read with a 7 as a
// 1. The total one digit off the wrong net's sum fits the sum as well;
// the printed rate says which amount slipped.
func TestMendDigit(t *testing.T) {
	totals := []at{
		{300, 500, "Momsgrundlag 7.178,00 DKK", 0},
		{300, 515, "Momsbeløb 25 % 1.944,50 DKK", 0},
		{300, 530, "Total inkl. moms 9.722,50 DKK", 0},
	}
	stage, _ := New(Config{})
	extract := stage.Extract
	// scanned is the page as OCR read it: the word unsure at conf.
	scanned := func(runs []at, word string, conf float64) []pipeline.Page {
		p := scannedWith(nordbyHead[:4], runs...)
		for i := range p.Words {
			if p.Words[i].Text == word {
				p.Words[i].Conf = conf
			}
		}
		return []pipeline.Page{p}
	}
	got := extract(scanned(totals, "7.178,00", 0.85), "da")
	if f := got[fNet]; f.Value != "7778.00" || f.Raw == "" || f.MendedBy == "" || f.Confidence >= 0.5 {
		t.Errorf("net %+v, want 7778.00 mended from the page's 7.178,00 at half confidence", f)
	}
	for _, n := range []string{fVAT, fTotal} {
		if got[n].MendedBy != "" {
			t.Errorf("%s mended: %+v", n, got[n])
		}
	}
	// Read as surely as the rest, the net was printed so: a misprint
	// for the rules to report, not to mend.
	if f := extract(scanned(totals, "7.178,00", 0.96), "da")[fNet]; f.Value != "7178.00" || f.MendedBy != "" {
		t.Errorf("net read surely %+v, want 7178.00 as printed", f)
	}
	// A total repeated as the amount due was read right twice: a fee
	// outside the VAT, not a slip, makes up the difference.
	due := append(slices.Clone(totals), at{300, 545, "At betale 9.722,50 DKK", 0})
	due[0].text = "Momsgrundlag 7.778,00 DKK"
	due[2].text = "Total inkl. moms 9.782,50 DKK"
	due[3].text = "At betale 9.782,50 DKK"
	if f := extract(scanned(due, "9.782,50", 0.85), "da")[fTotal]; f.Value != "9782.50" || f.MendedBy != "" {
		t.Errorf("total %+v, want 9782.50 as read twice", f)
	}
	// Printed so, on a native page, it is a misprint for the rules.
	native := page(1, append(slices.Clone(nordbyHead[:4]), totals...)...)
	if f := extract([]pipeline.Page{native}, "da")[fNet]; f.Value != "7178.00" || f.MendedBy != "" {
		t.Errorf("native net %+v, want 7178.00 as printed", f)
	}
	// Without a rate on the page the net and the total are as likely.
	noRate := slices.Clone(totals)
	noRate[1].text = "Moms 1.944,50 DKK"
	if f := extract(scanned(noRate, "7.178,00", 0.85), "da")[fNet]; f.Value != "7178.00" {
		t.Errorf("net %+v mended without a rate to decide", f)
	}
}

func TestOneDigitApart(t *testing.T) {
	for _, c := range []struct {
		a, b int64
		want bool
	}{
		{717800, 777800, true},
		{912250, 972250, true},
		{717800, 717800, false},
		{717800, 7778000, false},
		{254450, 194450, false},
	} {
		if got := oneDigitApart(c.a, c.b); got != c.want {
			t.Errorf("oneDigitApart(%d, %d) = %v", c.a, c.b, got)
		}
	}
}
