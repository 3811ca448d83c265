package invoice

import (
	"slices"
	"testing"

	"intake/pipeline"
)

func TestGlue(t *testing.T) {
	// Runs placed one after another with the given gap (in points, the
	// font 10 points high) before each.
	words := func(runs ...any) []word {
		var ws []word
		x := 0.0
		for i := 0; i < len(runs); i += 2 {
			x += runs[i].(float64)
			text := runs[i+1].(string)
			w := 5 * float64(len(text))
			ws = append(ws, word{text: text, box: pipeline.Box{X0: x, Y0: 100, X1: x + w, Y1: 110}, conf: 1})
			x += w
		}
		return ws
	}
	for _, tc := range []struct {
		name string
		ws   []word
		want []string
	}{
		{"glyph runs inside a word", words(0.0, "Fak", 1.0, "tura", 3.0, "12", 0.5, "34"), []string{"Faktura", "1234"}},
		{"a name that runs into the number's cell", words(0.0, "Supplies", 3.0, "B.V.", 1.2, "F-2025-8694"), []string{"Supplies", "B.V.", "F-2025-8694"}},
		{"a label set tight against its number", words(0.0, "Nr.", 1.0, "12345"), []string{"Nr.", "12345"}},
		{"an abbreviation's letters placed apart", words(0.0, "B.", 1.0, "V."), []string{"B.V."}},
		{"a date's period", words(0.0, "12.05.", 1.0, "2024"), []string{"12.05.2024"}},
	} {
		var got []string
		for _, w := range glue(tc.ws) {
			got = append(got, w.text)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
