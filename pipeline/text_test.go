package pipeline

import "testing"

// TestTextStamps: a stamp's words end the page's text, in lines of their
// own, however they lie over the document's lines; Lines, which
// extractors read, holds the document's words only.
func TestTextStamps(t *testing.T) {
	p := Page{
		Words: []Word{
			{Text: "Faktura", Box: Box{10, 10, 50, 20}},
			{Text: "F-2024-0476", Box: Box{60, 10, 120, 20}},
			{Text: "Total", Box: Box{10, 30, 40, 40}},
		},
		Stamps: []Word{
			{Text: "INKOM", Box: Box{70, 8, 100, 19}},
			{Text: "2024-05-31", Box: Box{65, 21, 110, 30}},
		},
	}
	want := "Faktura F-2024-0476\nTotal\nINKOM\n2024-05-31\n"
	if got := p.Text(); got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
	for _, l := range p.Lines() {
		for _, w := range l {
			if w.Text == "INKOM" || w.Text == "2024-05-31" {
				t.Errorf("Lines() holds the stamp's %q", w.Text)
			}
		}
	}
}
