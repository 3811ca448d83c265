package ocr

import (
	"image"
	"strings"
	"unicode"
	"unicode/utf8"

	"intake/pipeline"
)

// numberLabels are short labels that stand before a number and that
// Tesseract misreads by their thin letters: Danish "Tlf." (telephone)
// as "Tit." or "Tif.", Swedish "lgh" (a flat's number in an address) as
// "Igh". No word list helps: "tit" and "igh" are in them. Before a
// number on the same line, a word spelt as one of these but for thin
// letters is that label.
var numberLabels = []string{"Tlf.", "lgh"}

// thinLetters are the letters small type blurs into one another.
const thinLetters = "lIi1|tf"

// mendLabels gives the words of a page that stand before a number on
// their line the label they are a misreading of (see numberLabels).
// at are the words' boxes in pixels, as placed returns them.
func mendLabels(words []pipeline.Word, at []image.Rectangle) {
	for i := 0; i+1 < len(words); i++ {
		next, _ := utf8.DecodeRuneInString(words[i+1].Text)
		if !unicode.IsDigit(next) && next != '+' || !follows(at[i], at[i+1]) {
			continue
		}
		for _, l := range numberLabels {
			if thinlyMisread(words[i].Text, l) {
				words[i].Text = l
				break
			}
		}
	}
}

// follows reports whether b follows a on the same line: it starts after
// a's middle, within a letter's height or two of its end, and their
// heights overlap by half the lower one.
func follows(a, b image.Rectangle) bool {
	h := min(a.Dy(), b.Dy())
	overlap := min(a.Max.Y, b.Max.Y) - max(a.Min.Y, b.Min.Y)
	return b.Min.X > (a.Min.X+a.Max.X)/2 && b.Min.X-a.Max.X <= 2*max(a.Dy(), b.Dy()) && 2*overlap >= h
}

// thinlyMisread reports whether w is label with one or two of its
// letters read as other thin letters, and the rest as printed.
func thinlyMisread(w, label string) bool {
	a, b := []rune(w), []rune(label)
	if len(a) != len(b) {
		return false
	}
	diff := 0
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		if !strings.ContainsRune(thinLetters, a[i]) || !strings.ContainsRune(thinLetters, b[i]) {
			return false
		}
		diff++
	}
	return diff >= 1 && diff <= 2
}
