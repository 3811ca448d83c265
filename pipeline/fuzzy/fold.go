package fuzzy

import (
	"strings"
	"unicode"
)

// Fold lower-cases s and strips diacritics so that labels printed with or
// without them ("Fälligkeit", "Faelligkeit" aside) and in any case compare
// equal. It is deliberately small: the seven languages we read need only
// the Latin-1 and Latin Extended-A letters below.
func Fold(s string) string {
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
