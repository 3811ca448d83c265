package invoice

import (
	"strings"
	"unicode"

	"intake/pipeline/fuzzy"
)

// fold is fuzzy.Fold: one folding for every extractor.
var fold = fuzzy.Fold

// compact folds s and keeps only letters and digits. Labels are compared
// in this form so that "USt.-Id.-Nr.", "USt-IdNr" and "ust id nr" match,
// and so that words a PDF producer split by kerning ("Br uttosumme") still
// read as one.
//
// '#', '№' and the ordinal sign in "N°" read as "nr", so "Invoice #",
// "N° facture" and "Rechnung Nr." meet the same table entries.
func compact(s string) string {
	f := fold(s)
	var b strings.Builder
	b.Grow(len(f))
	prev := rune(0)
	for _, r := range f {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if (r == 'º' || r == 'ª') && prev == 'n' {
				b.WriteByte('r')
			} else {
				b.WriteRune(r)
			}
		case r == '#' || r == '№':
			b.WriteString("nr")
		case r == '°' && prev == 'n':
			b.WriteByte('r')
		}
		prev = r
	}
	return b.String()
}

// isPunct reports whether s holds no letter or digit.
func isPunct(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}
