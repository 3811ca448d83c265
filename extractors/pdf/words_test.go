package pdf

import (
	"context"
	"testing"
	"time"

	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/requests"

	"intake/pipeline"
)

// chars lays out s as 6 pt wide, 12 pt high characters from x, y (top).
func chars(s string, x, y float64) []char {
	var cs []char
	for _, r := range s {
		cs = append(cs, char{r: r, box: pipeline.Box{X0: x, Y0: y, X1: x + 6, Y1: y + 12}})
		x += 6
	}
	return cs
}

// upsideDown lays out s as text turned by 180°: running right to left.
func upsideDown(s string, x, y float64) []char {
	var cs []char
	for _, r := range s {
		cs = append(cs, char{r: r, box: pipeline.Box{X0: x - 6, Y0: y, X1: x, Y1: y + 12}})
		x -= 6
	}
	return cs
}

func texts(ws []pipeline.Word) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Text)
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestGroupWords(t *testing.T) {
	concat := func(parts ...[]char) []char {
		var out []char
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	vertical := func(s string, x, y float64) []char {
		var cs []char
		for _, r := range s {
			cs = append(cs, char{r: r, box: pipeline.Box{X0: x, Y0: y, X1: x + 12, Y1: y + 6}})
			y += 6
		}
		return cs
	}
	for _, tc := range []struct {
		name  string
		chars []char
		want  []string
	}{
		{"spaces", chars("Total  DKK\r\n100", 10, 10), []string{"Total", "DKK", "100"}},
		{"gap without space", concat(chars("Sum", 10, 10), chars("42", 10+18+4, 10)), []string{"Sum", "42"}},
		{"kerning is no gap", concat(chars("Su", 10, 10), chars("m", 10+12+1, 10)), []string{"Sum"}},
		{"next line without a break", concat(chars("ab", 10, 10), chars("cd", 10, 30)), []string{"ab", "cd"}},
		{"back to the left", concat(chars("ab", 50, 10), chars("cd", 10, 10)), []string{"ab", "cd"}},
		{"upside down", upsideDown("Hello", 300, 100), []string{"Hello"}},
		{"vertical text", vertical("Side", 300, 100), []string{"Side"}},
		{"ligature", chars("ﬁnal", 10, 10), []string{"final"}},
		{"combining ring", concat(chars("a", 10, 10), []char{{r: 0x030A}}, chars("r", 16, 10)), []string{"år"}},
		{"line-end hyphen marker", chars("Rech\x02", 10, 10), []string{"Rech-"}},
		{"boxless start skipped", concat([]char{{r: 'x'}}, chars("ok", 10, 10)), []string{"ok"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws, _ := groupWords(tc.chars)
			got := texts(ws)
			if !equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestGroupWordsBox(t *testing.T) {
	ws, dir := groupWords(chars("abc", 10, 20))
	if dir != dirRight {
		t.Errorf("direction %d", dir)
	}
	if len(ws) != 1 || ws[0].Box != (pipeline.Box{X0: 10, Y0: 20, X1: 28, Y1: 32}) || ws[0].Conf != 1 {
		t.Errorf("got %+v", ws)
	}
}

func TestReadingOrder(t *testing.T) {
	w := func(s string, x0, y0, x1, y1 float64) pipeline.Word {
		return pipeline.Word{Text: s, Box: pipeline.Box{X0: x0, Y0: y0, X1: x1, Y1: y1}}
	}
	for _, tc := range []struct {
		name  string
		words []pipeline.Word
		want  []string
	}{
		{"columns written column by column", []pipeline.Word{
			w("Name", 10, 10, 40, 22), w("Amount", 10, 30, 50, 42),
			w("Kaffe", 200, 10, 230, 22), w("12,00", 200, 30, 230, 42),
		}, []string{"Name", "Kaffe", "Amount", "12,00"}},
		{"sizes on one baseline", []pipeline.Word{
			w("small", 60, 12, 90, 21), w("Big", 10, 8, 50, 22),
		}, []string{"Big", "small"}},
		{"tall heading beside two lines", []pipeline.Word{
			w("FAKTURA", 10, 10, 150, 50),
			w("Vej", 200, 12, 230, 24), w("1", 235, 12, 240, 24),
			w("2100", 200, 30, 230, 42), w("KBH", 235, 30, 260, 42),
		}, []string{"Vej", "1", "FAKTURA", "2100", "KBH"}},
		{"slightly uneven baseline", []pipeline.Word{
			w("b", 40, 11, 50, 23), w("a", 10, 10, 20, 22), w("c", 70, 9, 80, 21),
		}, []string{"a", "b", "c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := texts(readingOrder(tc.words, dirRight)); !equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDirection(t *testing.T) {
	// Two lines of two words each, turned four ways: reading order must
	// follow the text, not the page.
	page := func(turn func(x, y float64) (float64, float64)) []char {
		var cs []char
		for _, line := range []struct {
			s string
			y float64
		}{{"ab cd", 100}, {"ef gh", 120}} {
			x := 100.0
			for _, r := range line.s {
				x0, y0 := turn(x, line.y)
				x1, y1 := turn(x+6, line.y+12)
				cs = append(cs, char{r: r, box: pipeline.Box{X0: min(x0, x1), Y0: min(y0, y1), X1: max(x0, x1), Y1: max(y0, y1)}})
				x += 6
			}
			cs = append(cs, char{r: '\n'})
		}
		return cs
	}
	for _, tc := range []struct {
		name string
		turn func(x, y float64) (float64, float64)
		dir  int
	}{
		{"upright", func(x, y float64) (float64, float64) { return x, y }, dirRight},
		{"clockwise", func(x, y float64) (float64, float64) { return 500 - y, x }, dirDown},
		{"upside down", func(x, y float64) (float64, float64) { return 500 - x, 500 - y }, dirLeft},
		{"counter-clockwise", func(x, y float64) (float64, float64) { return y, 500 - x }, dirUp},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws, dir := groupWords(page(tc.turn))
			if dir != tc.dir {
				t.Errorf("direction %d, want %d", dir, tc.dir)
			}
			want := []string{"ab", "cd", "ef", "gh"}
			if got := texts(readingOrder(ws, dir)); !equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestClip(t *testing.T) {
	ws := []pipeline.Word{
		{Text: "in", Box: pipeline.Box{X0: 10, Y0: 10, X1: 20, Y1: 20}},
		{Text: "edge", Box: pipeline.Box{X0: -5, Y0: 95, X1: 20, Y1: 105}},
		{Text: "out", Box: pipeline.Box{X0: 120, Y0: 10, X1: 130, Y1: 20}},
	}
	got := clip(ws, 100, 100)
	if len(got) != 2 || got[1].Box != (pipeline.Box{X0: 0, Y0: 95, X1: 20, Y1: 100}) {
		t.Errorf("got %+v", got)
	}
}

// TestGeometryMatchesPdfium checks the user-space to display mapping
// against pdfium's own FPDF_PageToDevice for every rotation, on a page
// whose crop box does not start at the origin.
func TestGeometryMatchesPdfium(t *testing.T) {
	r := reader(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, rot := range []int{0, 90, 180, 270} {
		data := buildPDF(testPage{content: text(150, 600, "x"), cropBox: "50 80 450 700", rotate: rot})
		inst, err := r.pool.get(ctx)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
		if err != nil {
			t.Fatal(err)
		}
		lp, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc.Document, Index: 0})
		if err != nil {
			t.Fatal(err)
		}
		page := requests.Page{ByReference: &lp.Page}
		bb, _ := inst.FPDF_GetPageBoundingBox(&requests.FPDF_GetPageBoundingBox{Page: page})
		ro, _ := inst.FPDFPage_GetRotation(&requests.FPDFPage_GetRotation{Page: page})
		g := pageGeometry{float64(bb.Rect.Left), float64(bb.Rect.Bottom), float64(bb.Rect.Right), float64(bb.Rect.Top), int(ro.PageRotation)}
		w, h := g.size()
		const scale = 100 // PageToDevice answers in whole device pixels
		for _, pt := range [][2]float64{{50, 80}, {450, 700}, {100, 300}, {333, 444}} {
			res, err := inst.FPDF_PageToDevice(&requests.FPDF_PageToDevice{
				Page: page, SizeX: int(w * scale), SizeY: int(h * scale), Rotate: enums.FPDF_PAGE_ROTATION_NONE,
				PageX: pt[0], PageY: pt[1],
			})
			if err != nil {
				t.Fatal(err)
			}
			x, y := g.point(pt[0], pt[1])
			dx, dy := float64(res.DeviceX)/scale, float64(res.DeviceY)/scale
			if abs(x-dx) > 0.02 || abs(y-dy) > 0.02 {
				t.Errorf("rotate %d: point %v maps to (%.2f, %.2f), pdfium says (%.2f, %.2f)", rot, pt, x, y, dx, dy)
			}
		}
		r.pool.put(inst, true)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
