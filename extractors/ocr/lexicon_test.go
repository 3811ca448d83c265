package ocr

import "testing"

// TestLexicons reads the installed word lists of Danish, Swedish and
// English, and respells words read with the wrong Nordic vowel.
func TestLexicons(t *testing.T) {
	ls := loadLexicons("", []string{"dan", "swe", "eng"})
	if len(ls) != 3 {
		t.Fatal("the dan, swe and eng traineddata of the installed Tesseract give no word lists")
	}
	for _, w := range []string{"kommun", "Faktura", "hälsning", "beløb", "invoice", "Kommune"} {
		if !ls.known(w) {
			t.Errorf("%q not known", w)
		}
	}
	for _, w := range []string{"Fakturq", "kommunx", "hälsnink", "qzqz"} {
		if ls.known(w) {
			t.Errorf("%q known", w)
		}
	}
	for in, want := range map[string]string{
		"Saljare":             "Säljare",
		"Radhuspladsen,":      "Rådhuspladsen,",
		"(Belob)":             "(Beløb)",
		"hallt":               "hallt", // hällt or hållt: left
		"Godkand":             "Godkänd",
		"Faktura":             "Faktura",             // known as read
		"kundtjanst@firma.se": "kundtjanst@firma.se", // an address
		"Holmborg":            "Holmborg",            // no list's word
		"Brod":                "Brod",                // too short to tell
	} {
		if got := ls.respell(in); got != want {
			t.Errorf("respell(%q) = %q, want %q", in, got, want)
		}
	}
}
