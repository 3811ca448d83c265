package invoice

import (
	"strings"
	"unicode/utf8"

	"intake/pipeline"
)

// at is a run of text placed on a page: its left edge x and top y in
// points, and its font size (0 means 10).
type at struct {
	x, y float64
	text string
	size float64
}

// page lays out runs as words the way a PDF reader reports them: one word
// per space-separated token, a box of half the font size per character
// and a third of it per space. It is crude typography, but it keeps the
// proportions that matter here: word gaps, column gaps and line heights.
func page(n int, runs ...at) pipeline.Page {
	p := pipeline.Page{Number: n, Width: 595, Height: 842, Source: pipeline.SourceNative}
	for _, r := range runs {
		size := r.size
		if size == 0 {
			size = 10
		}
		x := r.x
		for _, tok := range strings.Fields(r.text) {
			w := 0.5 * size * float64(utf8.RuneCountInString(tok))
			p.Words = append(p.Words, pipeline.Word{Text: tok, Box: pipeline.Box{X0: x, Y0: r.y, X1: x + w, Y1: r.y + size}, Conf: 1})
			x += w + 0.3*size
		}
	}
	return p
}
