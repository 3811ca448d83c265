package ocr

import (
	"strings"
	"testing"
)

// testLexicons reads the word lists of the installed Tesseract's dan,
// swe and eng traineddata.
func testLexicons(tb testing.TB) lexicons {
	tb.Helper()
	ls := loadLexicons("", []string{"dan", "swe", "eng"})
	if len(ls) != 3 {
		tb.Fatal("the dan, swe and eng traineddata of the installed Tesseract give no word lists")
	}
	return ls
}

// TestLexicons reads the installed word lists of Danish, Swedish and
// English, and respells words read with the wrong Nordic vowel.
func TestLexicons(t *testing.T) {
	ls := testLexicons(t)
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
	sp := ls.speller(nil) // no language: no compounds
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
		"Teleton":             "Telefon",             // an f read as a t
		"behandies":           "behandles",           // an l as an i
		"optysninger":         "oplysninger",         // an l as a t
		"Daltoft":             "Daltoft",             // a name: no list's word near
	} {
		if got := sp.respell(in); got != want {
			t.Errorf("respell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSpellerCompounds respells compounds no list holds by the page's
// language, and leaves a Danish page's names Danish.
func TestSpellerCompounds(t *testing.T) {
	ls := testLexicons(t)
	swedish := ls.speller(strings.Fields("Faktura från kommunen. Vänliga hälsningar, ekonomiavdelningen. Betala senast förfallodagen"))
	danish := ls.speller(strings.Fields("Faktura fra kommunen. Venlig hilsen, økonomiafdelingen. Betales senest på forfaldsdagen"))
	if swedish.lang != ls[1] || danish.lang != ls[0] {
		t.Fatalf("page languages: %p and %p, want swe %p and dan %p", swedish.lang, danish.lang, ls[1], ls[0])
	}
	for _, c := range []struct {
		sp       speller
		in, want string
	}{
		{swedish, "Semesterersåttning", "Semesterersättning"},     // semester|ersättning
		{swedish, "omsorgsfårvaltningen", "omsorgsförvaltningen"}, // omsorg-s|förvaltningen, å for ö
		{swedish, "Sjéhamra", "Sjöhamra"},                         // sjö|hamra
		{swedish, "möjlighet", "möjlighet"},
		{swedish, "måjlighet", "möjlighet"}, // å for ö in a listed word
		{swedish, "halsning", "hälsning"},   // listed, though hals|ning is a compound
		{swedish, "tillstand", "tillstånd"}, // and till|stand
		{danish, "Restbelob", "Restbeløb"},
		{danish, "Lynghøjs", "Lynghøjs"},
		{danish, "Nørbjerg", "Nørbjerg"},                     // not nor|bjerg: marks are not taken away
		{danish, "Semesterersåttning", "Semesterersåttning"}, // not Danish: left
		{danish, "treeer", "træer"},                          // æ read as two e
		{danish, "Beskeering", "Beskæring"},
		{danish, "Sketkort", "Sketkort"}, // no e of it an æ makes a word
	} {
		if got := c.sp.respell(c.in); got != c.want {
			t.Errorf("respell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// BenchmarkRespell times the dictionary on a page's words, with the
// misreads a scan gives, and on rows of ink read as long vowel-rich
// "words", the worst it meets.
func BenchmarkRespell(b *testing.B) {
	ls := testLexicons(b)
	page := strings.Fields(strings.Repeat("Faktura från Sjöhamra kommun, omsorgsfårvaltningen. Saljare Godkand "+
		"Semesterersåttning 1 107,00 Belob Radhuspladsen Vänliga hälsningar Funktionsnedsattning ", 8))
	garbled := []string{strings.Repeat("ao", 20), strings.Repeat("åb", 12), strings.Repeat("sören", 6), strings.Repeat("eå", 6)}
	for name, words := range map[string][]string{"page": page, "garbled": garbled} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				sp := ls.speller(words)
				for _, w := range words {
					sp.respell(w)
				}
			}
		})
	}
}

func TestMendAt(t *testing.T) {
	for in, want := range map[string]string{
		"infoQdalrups.dk":           "info@dalrups.dk",
		"ekonomiQvvs.se,":           "ekonomi@vvs.se,",
		"bogholderiQtornaes.dk":     "bogholderi@tornaes.dk",
		"faktura.nordQbyg-ab.co.uk": "faktura.nord@byg-ab.co.uk",
		"Qatar":                     "Qatar",        // a word
		"IQ-test.dk":                "IQ-test.dk",   // capitals: not an address
		"infoQdalrups":              "infoQdalrups", // no domain
		"info@dalrups.dk":           "info@dalrups.dk",
	} {
		if got := mendAt(in); got != want {
			t.Errorf("mendAt(%q) = %q, want %q", in, got, want)
		}
	}
}
