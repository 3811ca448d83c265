package pdf

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"intake/pipeline"
)

// TestMatchesPdftotext compares the words of one invoice with those
// poppler's pdftotext -bbox found (a committed file: the test does not
// need poppler): the same words at the same places, within a point.
// pdftotext's boxes run from the font's ascent to its descent like
// pdfium's loose boxes, so y may differ by up to a point too.
func TestMatchesPdftotext(t *testing.T) {
	golden := readGolden(t, "testdata/EN16931_Einfach.pdftotext.tsv")
	data, err := os.ReadFile(filepath.Join(corpusDir, "XML-Rechnung/FX/EN16931_Einfach.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := read(t, data)
	if err != nil {
		t.Fatal(err)
	}
	ours := map[int][]pipeline.Word{}
	total := 0
	for _, p := range doc.Pages {
		ours[p.Number] = p.Words
		total += len(p.Words)
	}
	matched := 0
	used := map[*pipeline.Word]bool{}
	for _, g := range golden {
		var best *pipeline.Word
		for i := range ours[g.page] {
			w := &ours[g.page][i]
			if used[w] || w.Text != g.Text {
				continue
			}
			if math.Abs(w.Box.X0-g.Box.X0) <= 1 && math.Abs(w.Box.X1-g.Box.X1) <= 1 &&
				math.Abs(w.Box.Y0-g.Box.Y0) <= 1 && math.Abs(w.Box.Y1-g.Box.Y1) <= 1 {
				best = w
				break
			}
		}
		if best == nil {
			t.Logf("pdftotext's %q at %+v on page %d: no match", g.Text, g.Box, g.page)
			continue
		}
		used[best] = true
		matched++
	}
	// pdftotext splits "(S)" into three words where the glyphs touch.
	if r := float64(matched) / float64(len(golden)); r < 0.95 {
		t.Errorf("matched %d of pdftotext's %d words (%.0f%%)", matched, len(golden), 100*r)
	}
	if r := float64(matched) / float64(total); r < 0.95 {
		t.Errorf("matched %d of our %d words (%.0f%%)", matched, total, 100*r)
	}
}

type goldenWord struct {
	page int
	pipeline.Word
}

func readGolden(t *testing.T, path string) []goldenWord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goldenWord
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		fs := strings.Split(line, "\t")
		if len(fs) != 6 {
			t.Fatalf("%s: bad line %q", path, line)
		}
		var v [5]float64
		for i, s := range append([]string{fs[0]}, fs[2:]...) {
			if v[i], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
		}
		out = append(out, goldenWord{int(v[0]), pipeline.Word{Text: fs[1], Box: pipeline.Box{X0: v[1], Y0: v[2], X1: v[3], Y1: v[4]}}})
	}
	if len(out) == 0 {
		t.Fatalf("%s: no words", path)
	}
	return out
}
