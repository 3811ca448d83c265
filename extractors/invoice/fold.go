package invoice

import (
	"strings"
	"unicode"
)

// fold lower-cases s and strips diacritics so that labels printed with or
// without them ("Fälligkeit", "Faelligkeit" aside) and in any case compare
// equal. It is deliberately small: the seven languages we read need only
// the Latin-1 and Latin Extended-A letters below.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		switch r {
		case 'á', 'à', 'â', 'ä', 'ã', 'å', 'ā':
			b.WriteByte('a')
		case 'æ':
			b.WriteString("ae")
		case 'ç', 'č':
			b.WriteByte('c')
		case 'é', 'è', 'ê', 'ë', 'ē', 'ě':
			b.WriteByte('e')
		case 'í', 'ì', 'î', 'ï':
			b.WriteByte('i')
		case 'ñ', 'ň':
			b.WriteByte('n')
		case 'ó', 'ò', 'ô', 'ö', 'õ', 'ø', 'ő':
			b.WriteByte('o')
		case 'ú', 'ù', 'û', 'ü', 'ů', 'ű':
			b.WriteByte('u')
		case 'ý', 'ÿ':
			b.WriteByte('y')
		case 'ß':
			b.WriteString("ss")
		case 'š':
			b.WriteByte('s')
		case 'ž':
			b.WriteByte('z')
		case 'ł':
			b.WriteByte('l')
		case '\u00a0', '\u2009', '\u202f':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

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
