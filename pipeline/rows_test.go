package pipeline

import (
	"slices"
	"testing"
)

func TestRows(t *testing.T) {
	// A photographed line slanting down: "Fakturabelopp SEK ... 12 673,10"
	// whose amount no longer overlaps its label by half, and the next
	// line 8 points below.
	boxes := []Box{
		{X0: 150, Y0: 252.5, X1: 176, Y1: 257.3}, // Fakturabelopp
		{X0: 178, Y0: 253.0, X1: 186, Y1: 256.3}, // SEK
		{X0: 251, Y0: 254.6, X1: 254.6, Y1: 258}, // 12
		{X0: 256, Y0: 254.9, X1: 268, Y1: 258.7}, // 673,10
		{X0: 150, Y0: 262, X1: 170, Y1: 266},     // next line
		{X0: 256, Y0: 263, X1: 268, Y1: 267},     // next line's amount
	}
	idx := make([]int, len(boxes))
	for i := range idx {
		idx[i] = i
	}
	at := func(i int) Box { return boxes[i] }
	got := Rows(idx, at)
	for _, r := range got {
		slices.Sort(r)
	}
	want := [][]int{{0, 1, 2, 3}, {4, 5}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("Rows = %v, want %v", got, want)
	}
	// A tall logo letter beside two rows of body text joins the first
	// and does not pull the second into it.
	tall := []Box{
		{X0: 10, Y0: 100, X1: 30, Y1: 125}, // logo
		{X0: 40, Y0: 100, X1: 80, Y1: 108},
		{X0: 40, Y0: 112, X1: 80, Y1: 120},
	}
	if got := Rows(tall, func(b Box) Box { return b }); len(got) != 2 {
		t.Errorf("Rows = %v: a tall letter merged two rows", got)
	}
}

// TestLinesTallWord: a heading beside two lines of smaller type joins the
// first and does not run the second into it word by word; words of one
// size on a line stay one line.
func TestLinesTallWord(t *testing.T) {
	p := Page{Words: []Word{
		{Text: "140", Box: Box{X0: 10, Y0: 101, X1: 25, Y1: 109}},
		{Text: "Tax", Box: Box{X0: 300, Y0: 100, X1: 330, Y1: 122}},
		{Text: "invoice", Box: Box{X0: 335, Y0: 100, X1: 400, Y1: 122}},
		{Text: "Bridge", Box: Box{X0: 30, Y0: 101, X1: 60, Y1: 109}},
		{Text: "Street", Box: Box{X0: 65, Y0: 102, X1: 95, Y1: 110}},
		{Text: "1017", Box: Box{X0: 10, Y0: 113, X1: 30, Y1: 121}},
		{Text: "Amsterdam", Box: Box{X0: 35, Y0: 113, X1: 90, Y1: 121}},
		{Text: "Netherlands", Box: Box{X0: 10, Y0: 125, X1: 60, Y1: 133}},
	}}
	want := "140 Bridge Street Tax invoice\n1017 Amsterdam\nNetherlands\n"
	if got := p.Text(); got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}
