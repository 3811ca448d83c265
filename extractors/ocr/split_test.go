package ocr

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"testing"
)

// TestCutRow cuts pages of bars standing for lines of 10 pt text at
// 300 dpi: never inside a paragraph, in the widest blank band near the
// middle of the ink otherwise, specks of noise aside.
func TestCutRow(t *testing.T) {
	const dpi = 300
	pt := func(v float64) int { return int(v * dpi / 72) }
	// page draws lines (top edges in points, 8 pt of ink each) and the
	// given specks on a white A5 page.
	page := func(tops []float64, specks []image.Point) *image.Gray {
		g := image.NewGray(image.Rect(0, 0, pt(420), pt(595)))
		draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
		for _, y := range tops {
			draw.Draw(g, image.Rect(pt(72), pt(y), pt(348), pt(y+8)), image.Black, image.Point{}, draw.Src)
		}
		for _, p := range specks {
			g.SetGray(p.X, p.Y, color.Gray{})
		}
		return g
	}
	para := func(from float64, n int) []float64 {
		var tops []float64
		for i := range n {
			tops = append(tops, from+float64(i)*12)
		}
		return tops
	}
	cases := []struct {
		name   string
		tops   []float64
		specks []image.Point
		want   float64 // points from the top; 0: no cut
	}{
		{"one paragraph", para(72, 30), nil, 0},
		{"two paragraphs", append(para(72, 15), para(72+15*12+22, 15)...), nil, 72 + 15*12 + 7},
		{"gap with specks", append(para(72, 15), para(72+15*12+22, 15)...),
			[]image.Point{{pt(100), pt(72 + 15*12 + 3)}, {pt(200), pt(72 + 15*12 + 10)}}, 72 + 15*12 + 7},
		// The only band lies under the first tenth of the ink.
		{"heading only", append([]float64{72}, para(120, 20)...), nil, 0},
		{"blank", nil, nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := cutRow(page(c.tops, c.specks), dpi)
			if c.want == 0 {
				if got != 0 {
					t.Fatalf("cut at %d, want none", got)
				}
				return
			}
			if math.Abs(float64(got)-float64(pt(c.want))) > float64(pt(2)) {
				t.Fatalf("cut at %d, want %d ± %d", got, pt(c.want), pt(2))
			}
		})
	}
}

// TestReadPartsSameWords reads a page of two blocks whole and in two
// parts: the same words in the same places.
func TestReadPartsSameWords(t *testing.T) {
	const dpi = 300
	top, _ := testPage(t, testLines, 11, dpi, 420, 300)
	bottom, _ := testPage(t, testLines[:4], 11, dpi, 420, 200)
	g := image.NewGray(image.Rect(0, 0, top.Rect.Dx(), top.Rect.Dy()+bottom.Rect.Dy()))
	draw.Draw(g, g.Rect, top, image.Point{}, draw.Src)
	draw.Draw(g, g.Rect.Add(image.Pt(0, top.Rect.Dy())), bottom, image.Point{}, draw.Src)
	if cutRow(g, dpi) == 0 {
		t.Fatal("no cut on a page of two blocks")
	}
	read := func(clients int) []string {
		e := newTestEngine(t, func(c *Config) { c.Workers, c.PageClients = 1, clients })
		page, err := e.RecognizeImage(context.Background(), g, 1, dpi)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, w := range page.Words {
			b := w.Box
			out = append(out, fmt.Sprintf("%s %.0f %.0f %.0f %.0f", w.Text, b.X0, b.Y0, b.X1, b.Y1))
		}
		return out
	}
	whole, parts := read(1), read(2)
	if len(whole) < 20 {
		t.Fatalf("read %d words: %v", len(whole), whole)
	}
	if len(whole) != len(parts) {
		t.Fatalf("%d words whole, %d in parts:\n%v\n%v", len(whole), len(parts), whole, parts)
	}
	for i := range whole {
		if whole[i] != parts[i] {
			t.Errorf("word %d: whole %q, parts %q", i, whole[i], parts[i])
		}
	}
}
