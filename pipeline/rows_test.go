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
