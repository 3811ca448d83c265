package pipeline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// restoreDiacritics gives an OCR'd word back the Nordic letters that
// reading dropped, when the same document prints that word with them
// elsewhere: "Sjovik" beside "Sjövik", "Holmbek C" under a letterhead's
// "Holmbæk". Tesseract reads a page in several languages, and a name
// that no dictionary holds is often taken from English, whose alphabet
// has no æ, ø, å, ä or ö. Only a letter-for-letter match counts, where
// each difference is a plain vowel in the word for a lettered one in the
// document's spelling, and only one spelling of the word may be known:
// one that lost some of another's marks ("Greesslåning", "Græsslåning")
// is that one, not a second.
func restoreDiacritics(doc *Document) {
	spelt := map[string]string{} // bare form → the one spelling with diacritics
	ambiguous := map[string]bool{}
	anyOCR := false
	for _, p := range doc.Pages {
		anyOCR = anyOCR || p.Source == SourceOCR
		for _, w := range p.Words {
			if w.Conf < restoreMinConf {
				continue
			}
			_, core, _ := letterCore(w.Text)
			if utf8.RuneCountInString(core) < 3 || !hasLettered(core) {
				continue
			}
			for _, k := range bareForms(core) {
				s, ok := spelt[k]
				switch {
				case !ok || fewerLettered(s, core):
					spelt[k] = core
				case fewerLettered(core, s) || strings.EqualFold(s, core):
					// The same spelling, or one that lost a mark of it.
				default:
					ambiguous[k] = true
				}
			}
		}
	}
	if !anyOCR || len(spelt) == 0 {
		return
	}
	for pi := range doc.Pages {
		p := &doc.Pages[pi]
		if p.Source != SourceOCR {
			continue
		}
		// A stamp names the municipality the document was sent to.
		for _, w := range append(ptrs(p.Words), ptrs(p.Stamps)...) {
			pre, core, post := letterCore(w.Text)
			if utf8.RuneCountInString(core) < 3 {
				continue
			}
			k := bareForms(core)[0]
			s, ok := spelt[k]
			if !ok || ambiguous[k] || !fewerLettered(core, s) {
				continue
			}
			w.Text = pre + matchCase(s, core) + post
		}
	}
}

func ptrs(ws []Word) []*Word {
	out := make([]*Word, len(ws))
	for i := range ws {
		out[i] = &ws[i]
	}
	return out
}

// restoreMinConf is the least confidence of a spelling taken as the
// document's: a word read surely, or native text.
const restoreMinConf = 0.8

// bareVowel is the plain vowel OCR reads for each lettered one.
var bareVowel = map[rune]rune{
	'ä': 'a', 'å': 'a', 'ö': 'o', 'ø': 'o', 'ü': 'u', 'é': 'e', 'æ': 'e',
	'Ä': 'A', 'Å': 'A', 'Ö': 'O', 'Ø': 'O', 'Ü': 'U', 'É': 'E', 'Æ': 'E',
}

// bareForms are the lower-case ways OCR spells s without its lettered
// vowels: each plain, and æ also as "ae" or "ee" (it is read as one
// letter or two).
func bareForms(s string) []string {
	s = strings.ToLower(s)
	plain := strings.Map(func(r rune) rune {
		if b, ok := bareVowel[r]; ok {
			return b
		}
		return r
	}, s)
	forms := []string{plain}
	if strings.ContainsRune(s, 'æ') {
		for _, two := range []string{"ae", "ee"} {
			forms = append(forms, strings.Map(func(r rune) rune {
				if b, ok := bareVowel[r]; ok && r != 'æ' {
					return b
				}
				return r
			}, strings.ReplaceAll(s, "æ", two)))
		}
	}
	return forms
}

// fewerLettered reports whether the lettered vowels of word are some of
// those of spelling, in order, and not all: "Greesslåning" lost the æ
// of "Græsslåning" and kept its å, but "får" is no "för" that lost one.
func fewerLettered(word, spelling string) bool {
	lettered := func(s string) []rune {
		var out []rune
		for _, r := range strings.ToLower(s) {
			if _, ok := bareVowel[r]; ok {
				out = append(out, r)
			}
		}
		return out
	}
	have, want := lettered(word), lettered(spelling)
	if len(have) >= len(want) {
		return false
	}
	for _, r := range want {
		if len(have) > 0 && have[0] == r {
			have = have[1:]
		}
	}
	return len(have) == 0
}

func hasLettered(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { _, ok := bareVowel[r]; return ok })
}

// letterCore splits a word into the punctuation before it, its letters,
// and what follows; core is "" unless the middle is letters only.
func letterCore(s string) (pre, core, post string) {
	i := strings.IndexFunc(s, unicode.IsLetter)
	if i < 0 {
		return s, "", ""
	}
	j := strings.LastIndexFunc(s, unicode.IsLetter)
	_, n := utf8.DecodeRuneInString(s[j:])
	core = s[i : j+n]
	if strings.ContainsFunc(core, func(r rune) bool { return !unicode.IsLetter(r) }) {
		return s, "", ""
	}
	return s[:i], core, s[j+n:]
}

// matchCase spells s in the case of like: capitals throughout, letter by
// letter when both have as many, or else the first letter's case.
func matchCase(s, like string) string {
	if strings.ToUpper(like) == like {
		return strings.ToUpper(s)
	}
	lr, out := []rune(like), []rune(s)
	if len(lr) != len(out) {
		lr = lr[:1]
	}
	for i := range lr {
		if unicode.IsUpper(lr[i]) {
			out[i] = unicode.ToUpper(out[i])
		} else {
			out[i] = unicode.ToLower(out[i])
		}
	}
	return string(out)
}
