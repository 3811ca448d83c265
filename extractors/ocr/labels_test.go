package ocr

import (
	"image"
	"testing"

	"intake/pipeline"
)

func TestMendLabels(t *testing.T) {
	// Each case: two words side by side on a line, unless apart.
	cases := []struct {
		word, next string
		apart      bool
		want       string
	}{
		{"Tit.", "29", false, "Tlf."},
		{"Tif.", "+45", false, "Tlf."},
		{"Tlf.", "29", false, "Tlf."},
		{"Igh", "1102", false, "lgh"},
		{"Igh", "1102,", false, "lgh"},
		{"Tit.", "Hansen", false, "Tit."}, // no number after it
		{"Tit.", "29", true, "Tit."},      // the number is on another line
		{"Til", "29", false, "Til"},       // not a thin misreading of a label
		{"Tal.", "29", false, "Tal."},     // a is no thin letter
		{"lgh", "12", false, "lgh"},
		{"Ilf.", "29", false, "Ilf."}, // T is printed as T
	}
	for _, c := range cases {
		words := []pipeline.Word{{Text: c.word}, {Text: c.next}}
		at := []image.Rectangle{image.Rect(100, 200, 160, 230), image.Rect(172, 200, 220, 230)}
		if c.apart {
			at[1] = at[1].Add(image.Pt(-80, 60))
		}
		mendLabels(words, at)
		if words[0].Text != c.want || words[1].Text != c.next {
			t.Errorf("%q %q: got %q %q, want %q", c.word, c.next, words[0].Text, words[1].Text, c.want)
		}
	}
}
