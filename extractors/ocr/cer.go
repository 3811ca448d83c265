package ocr

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// CER is the character error rate of got against want: the edit distance
// (insertions, deletions, substitutions of characters) divided by the
// length of want, after both are put in NFC and every run of white space
// becomes one space. Layout white space is not what OCR is judged on;
// characters are. It is 0 for two empty texts and 1 for text against none.
func CER(got, want string) float64 {
	g, w := cerRunes(got), cerRunes(want)
	if len(w) == 0 {
		if len(g) == 0 {
			return 0
		}
		return 1
	}
	return float64(editDistance(g, w)) / float64(len(w))
}

func cerRunes(s string) []rune {
	s = norm.NFC.String(s)
	var out []rune
	space := false
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, r)
	}
	return out
}

// editDistance is the Levenshtein distance in two rows of memory.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
