package invoice

import (
	"strings"
	"testing"

	"intake/pipeline"
)

// TestTrimNameMonogram: a monogram set apart before a name goes when it is
// the name's initials, or when OCR read the logo unsure beside a sure
// name; a sure word in line that is no monogram of the name stays.
func TestTrimNameMonogram(t *testing.T) {
	w := func(text string, x0, x1, h, conf float64) word {
		return word{text: text, box: pipeline.Box{X0: x0, Y0: 40, X1: x1, Y1: 40 + h}, conf: conf}
	}
	cases := []struct {
		ws   []word
		want string
	}{
		{[]word{w("FB", 40, 66, 14, 1), w("Fjordhuss", 80, 150, 10, 1), w("Byg", 156, 180, 10, 1), w("ApS", 185, 211, 10, 1)}, "Fjordhuss Byg ApS"},
		{[]word{w("HE", 40, 66, 9, 0.46), w("Fjordhuss", 80, 150, 10, 0.96), w("Byg", 156, 180, 10, 0.97), w("ApS", 185, 211, 10, 0.97)}, "Fjordhuss Byg ApS"},
		{[]word{w("HE", 40, 66, 9, 0.95), w("Fjordhuss", 80, 150, 10, 0.96), w("Byg", 156, 180, 10, 0.97), w("ApS", 185, 211, 10, 0.97)}, "HE Fjordhuss Byg ApS"},
	}
	for _, c := range cases {
		if got := joinWords(trimName(c.ws)); got != c.want {
			t.Errorf("trimName(%v) = %q, want %q", joinWords(c.ws), got, c.want)
		}
	}
}

// TestTrimNameRunOn: a scan's line that runs a name into the next cell is
// cut at the name's legal form when a number follows; a place after the
// legal form stays.
func TestTrimNameRunOn(t *testing.T) {
	ws := func(s string) []word {
		var out []word
		x := 40.0
		for _, f := range strings.Fields(s) {
			out = append(out, word{text: f, box: pipeline.Box{X0: x, Y0: 40, X1: x + 6*float64(len(f)), Y1: 50}, conf: 0.9})
			x += 6*float64(len(f)) + 4
		}
		return out
	}
	for in, want := range map[string]string{
		"Torby Kontorforsyning I/S 7041074 Faktura r": "Torby Kontorforsyning I/S",
		"Rohstoff AG Salzgitter":                      "Rohstoff AG Salzgitter",
		"Nordisk Rør A/S afd. 2":                      "Nordisk Rør A/S afd. 2",
		"AB 12345 Volvo":                              "AB 12345 Volvo",
	} {
		if got := joinWords(trimName(ws(in))); got != want {
			t.Errorf("trimName(%q) = %q, want %q", in, got, want)
		}
	}
}
