package ocr

import (
	"math"
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

// FlexCER is the character error rate of got against want whatever the
// order of their lines, after Clausner, Pletschacher and Antonacopoulos'
// flexible character accuracy (Pattern Recognition Letters, 2020). The
// lines of want are matched, best match first, to the parts of got's
// lines that fit them best, so that two columns read side by side, or
// blocks read in another order, cost nothing; the edit distances of the
// matches, plus every character left over on either side, are the errors.
// Reading order is judged elsewhere (by the extractors that use it);
// this measures recognition.
func FlexCER(got, want string) float64 {
	wl, gl := cerLines(want), cerLines(got)
	total := 0
	for _, l := range wl {
		total += len(l)
	}
	if total == 0 {
		if len(gl) == 0 {
			return 0
		}
		return 1
	}
	type match struct {
		dist, start, end int
	}
	best := make([][]match, len(wl)) // best[i][j]: want line i in got line j
	for i := range wl {
		best[i] = make([]match, len(gl))
		for j := range gl {
			best[i][j] = fitSubstring(wl[i], gl[j])
		}
	}
	wantLeft := make([]bool, len(wl))
	for i := range wantLeft {
		wantLeft[i] = true
	}
	errs := 0
	for {
		bi, bj, bq := -1, -1, math.Inf(1)
		for i, ok := range wantLeft {
			if !ok {
				continue
			}
			for j := range gl {
				if q := float64(best[i][j].dist) / float64(len(wl[i])); q < bq {
					bi, bj, bq = i, j, q
				}
			}
		}
		// A match that is mostly wrong is no match: its line was not
		// read at all, or is somewhere it cannot be found.
		if bi < 0 || bq > 0.5 {
			break
		}
		m := best[bi][bj]
		errs += m.dist
		wantLeft[bi] = false
		rest := append(append([]rune{}, gl[bj][:m.start]...), gl[bj][m.end:]...)
		gl[bj] = []rune(strings.TrimSpace(string(rest)))
		for i, ok := range wantLeft {
			if ok {
				best[i][bj] = fitSubstring(wl[i], gl[bj])
			}
		}
	}
	for i, ok := range wantLeft {
		if ok {
			errs += len(wl[i])
		}
	}
	for _, l := range gl {
		for _, r := range l {
			if r != ' ' {
				errs++
			}
		}
	}
	return float64(errs) / float64(total)
}

func cerLines(s string) [][]rune {
	var out [][]rune
	for _, l := range strings.Split(norm.NFC.String(s), "\n") {
		if r := cerRunes(l); len(r) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// fitSubstring finds the part of line that is nearest to pattern by edit
// distance, with free skipping at either end of line (semi-global
// alignment), and returns the distance and the part's rune range.
func fitSubstring(pattern, line []rune) (m struct{ dist, start, end int }) {
	n := len(line)
	// prev[j]: distance of pattern[:i] to the best part of line ending at
	// j; start[j]: where that part starts.
	prev := make([]int, n+1)
	cur := make([]int, n+1)
	ps := make([]int, n+1)
	cs := make([]int, n+1)
	for j := range prev {
		ps[j] = j
	}
	for i := 1; i <= len(pattern); i++ {
		cur[0], cs[0] = i, 0
		for j := 1; j <= n; j++ {
			cost := 1
			if pattern[i-1] == line[j-1] {
				cost = 0
			}
			d, s := prev[j-1]+cost, ps[j-1]
			if v := prev[j] + 1; v < d {
				d, s = v, ps[j]
			}
			if v := cur[j-1] + 1; v < d {
				d, s = v, cs[j-1]
			}
			cur[j], cs[j] = d, s
		}
		prev, cur = cur, prev
		ps, cs = cs, ps
	}
	m.dist, m.start, m.end = prev[0], 0, 0
	for j := 1; j <= n; j++ {
		if prev[j] < m.dist {
			m.dist, m.start, m.end = prev[j], ps[j], j
		}
	}
	return m
}
