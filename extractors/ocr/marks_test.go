package ocr

import (
	"image"
	"slices"
	"testing"
)

// TestMarks: letters drawn as blocks a letter's x-height high, with what
// lies over them, read as Tesseract read them on the corpus's scans.
func TestMarks(t *testing.T) {
	type patch struct{ x0, y0, x1, y1 int }
	dots := []patch{{11, 35, 13, 37}, {16, 35, 18, 37}} // over the first letter
	ring := []patch{{12, 32, 17, 33}, {12, 36, 17, 37}, {12, 32, 13, 37}, {16, 32, 17, 37}}
	attached := []patch{{12, 34, 17, 35}, {12, 39, 17, 40}, {12, 34, 13, 40}, {16, 34, 17, 40}}
	bigO := []patch{{10, 36, 26, 38}, {10, 48, 26, 50}, {10, 36, 12, 50}, {24, 36, 26, 50}}
	two := []patch{{10, 40, 20, 50}, {24, 40, 31, 50}} // "ar"
	three := []patch{{10, 40, 14, 50}, {18, 40, 28, 50}, {32, 40, 38, 50}}
	over := func(ps []patch, dx int) []patch { // moved right
		out := slices.Clone(ps)
		for i := range out {
			out[i].x0 += dx
			out[i].x1 += dx
		}
		return out
	}
	for _, tc := range []struct {
		name, read, want string
		ink              [][]patch
		known            []string
	}{
		{"dots over a", "ar", "är", [][]patch{two, dots}, nil},
		{"dots read as a ring", "år", "är", [][]patch{two, dots}, nil},
		{"ring lost", "ar", "år", [][]patch{two, ring}, nil},
		{"dots over o", "or", "ör", [][]patch{two, dots}, nil},
		{"ring over o: no letter", "or", "or", [][]patch{two, ring}, nil},
		{"a ring stays", "år", "år", [][]patch{two, ring}, nil},
		{"a ring run into its letter: not told", "ar", "ar", [][]patch{two, attached}, nil},
		{"nothing over it", "ar", "ar", [][]patch{two}, nil},
		{"a speck", "ar", "ar", [][]patch{two, {{14, 35, 15, 36}}}, nil},
		{"a speck as large as a ring", "ar", "ar", [][]patch{two, {{12, 32, 17, 37}}}, nil},
		{"letters run together", "ar", "är", [][]patch{{{10, 40, 31, 50}}, dots}, nil},
		{"dots far above", "ar", "ar", [][]patch{two, {{11, 20, 13, 22}, {16, 20, 18, 22}}}, nil},
		{"dots of two sizes", "ar", "ar", [][]patch{two, {{11, 35, 13, 37}, {16, 32, 18, 37}}}, nil},
		{"a tall bar", "ar", "ar", [][]patch{two, {{14, 32, 16, 37}}}, nil},
		{"a colon", "a:", "a:", [][]patch{two, dots}, nil},
		{"over the x-line, under the capitals", "Skal", "Skäl", [][]patch{
			{{11, 32, 19, 50}, {21, 32, 27, 50}, {29, 40, 35, 50}, {37, 32, 39, 50}}, {{30, 35, 31, 37}, {33, 35, 34, 37}}}, nil},
		{"an o", "Os", "Os", [][]patch{bigO, {{28, 40, 38, 50}}}, nil},
		{"an o crossed", "Os", "Øs", [][]patch{bigO, {{28, 40, 38, 50}, {13, 46, 16, 48}, {16, 41, 20, 45}, {20, 38, 23, 40}}}, nil},
		{"an o filled by the blur", "Os", "Os", [][]patch{{{10, 36, 26, 50}, {28, 40, 38, 50}}}, nil},
		{"a zero's dot", "O3", "O3", [][]patch{bigO, {{28, 40, 38, 50}, {16, 41, 20, 45}}}, nil},
		{"the word list tells ö from ä", "får", "för", [][]patch{three, over(dots, 8)}, []string{"för"}},
		{"both listed: as read", "får", "fär", [][]patch{three, over(dots, 8)}, []string{"för", "fär"}},
		{"dots over another letter", "far", "far", [][]patch{three, over(dots, 20)}, nil},
	} {
		img, ink := blankPage(60, 60)
		for _, ps := range tc.ink {
			for _, p := range ps {
				ink(p.x0, p.y0, p.x1, p.y1, 40)
			}
		}
		l := layout{img: img}
		var known func(string) bool
		if tc.known != nil {
			known = func(w string) bool { return slices.Contains(tc.known, w) }
		}
		if got := l.marks(tc.read, image.Rect(10, 30, 40, 50), known); got != tc.want {
			t.Errorf("%s: %q read as %q, want %q", tc.name, tc.read, got, tc.want)
		}
	}
}
