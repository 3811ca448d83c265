package pipeline

import (
	"strings"
	"testing"
)

func TestRestoreDiacritics(t *testing.T) {
	page := func(src TextSource, words ...string) Page {
		p := Page{Number: 1, Source: src}
		for _, w := range words {
			conf := 0.95
			if text, ok := strings.CutSuffix(w, "?"); ok { // an unsure reading
				w, conf = text, 0.5
			}
			p.Words = append(p.Words, Word{Text: w, Conf: conf})
		}
		return p
	}
	doc := &Document{Pages: []Page{
		page(SourceOCR, "Sjöhamra", "kommun", "Asa", "Sjövik", "Karin", "Sjovik,", "SJOVIK", "Holmbæk", "Holmbek", "Fjordkær", "Fjordkeer", "Fjordkaer", "Ekvagen?", "Ekvägen?", "Malmo"),
		page(SourceOCR, "(Sjohamra)", "Sjohamra-vej", "Mårta", "Märta", "Marta", "Ob", "Græsslåning", "Greesslåning", "Græsslaning", "Gresslaning", "Vår", "Vör"),
	}}
	restoreDiacritics(doc)
	var got []string
	for _, p := range doc.Pages {
		for _, w := range p.Words {
			got = append(got, w.Text)
		}
	}
	want := []string{
		"Sjöhamra", "kommun",
		"Asa",                        // no "Åsa" anywhere
		"Sjövik", "Karin", "Sjövik,", // punctuation kept
		"SJÖVIK",             // case kept
		"Holmbæk", "Holmbæk", // æ read as e
		"Fjordkær", "Fjordkær", "Fjordkær", // or as two letters
		"Ekvagen?", "Ekvägen?", // an unsure spelling is not the document's
		"Malmo",
		"(Sjöhamra)", "Sjohamra-vej", // only whole words of letters
		"Mårta", "Märta", "Marta", // two spellings: neither is taken
		"Ob",
		"Græsslåning", "Græsslåning", "Græsslåning", // one of two marks lost
		"Græsslåning", // or both
		"Vår", "Vör",  // a mark for another is no mark lost
	}
	want[12], want[13] = "Ekvagen", "Ekvägen"
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// A stamp's words take the document's spelling too.
	stamped := &Document{Pages: []Page{page(SourceOCR, "Björkviks", "kommun")}}
	stamped.Pages[0].Stamps = []Word{{Text: "Bjorkviks", Conf: 0.9}, {Text: "kommun", Conf: 0.9}}
	restoreDiacritics(stamped)
	if w := stamped.Pages[0].Stamps[0].Text; w != "Björkviks" {
		t.Errorf("a stamp's word: got %q, want Björkviks", w)
	}
	native := &Document{Pages: []Page{page(SourceNative, "Sjöhamra", "Sjohamra")}}
	restoreDiacritics(native)
	if w := native.Pages[0].Words[1].Text; w != "Sjohamra" {
		t.Errorf("native text is as printed, got %q", w)
	}
}
