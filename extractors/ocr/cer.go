package ocr

import (
	"math"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"intake/pipeline/fuzzy"
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
	return float64(fuzzy.Distance(g, w)) / float64(len(w))
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

// FlexCER is the character error rate of got against want whatever the
// order of their lines, after Clausner, Pletschacher and Antonacopoulos'
// flexible character accuracy (Pattern Recognition Letters, 2020): the
// closest pair of a line of want and a line of got is matched, the
// shorter inside the longer, and the unmatched ends of the longer go back
// as lines of their own; until nothing is left that matches at least
// half right. The edit distances of the matches plus every character left
// over on either side are the errors. So two columns read side by side,
// blocks in another order, or a line that a photo's curve splits in two
// cost nothing, while every misread, missing or extra character counts.
// Reading order is judged elsewhere (by the extractors that use it);
// this measures recognition.
func FlexCER(got, want string) float64 { return FlexParts(got, want).Rate() }

// FlexErrors are FlexCER's errors by where they lie. Each part calls for
// different work: characters misread inside the lines that were read,
// characters of lines never read (under a stamp, in a logo), and
// characters read that the page does not have (a stamp's or a pen
// stroke's garbage, specks). Total is the number of characters of want.
type FlexErrors struct {
	Misread, Unread, Extra, Total int
}

// Rate is the character error rate: all errors over Total; 0 for two
// empty texts and 1 for text against none.
func (e FlexErrors) Rate() float64 {
	if e.Total == 0 {
		if e.Extra > 0 {
			return 1
		}
		return 0
	}
	return float64(e.Misread+e.Unread+e.Extra) / float64(e.Total)
}

// Add sums errors over documents.
func (e FlexErrors) Add(o FlexErrors) FlexErrors {
	return FlexErrors{e.Misread + o.Misread, e.Unread + o.Unread, e.Extra + o.Extra, e.Total + o.Total}
}

// FlexParts matches got against want as FlexCER does and counts the
// errors by part.
func FlexParts(got, want string) FlexErrors {
	wl, gl := cerLines(want), cerLines(got)
	var e FlexErrors
	for _, l := range wl {
		e.Total += len(l)
	}
	for {
		bi, bj, bq := -1, -1, math.Inf(1)
		var bm fit
		for i, w := range wl {
			for j, g := range gl {
				if len(w) == 0 || len(g) == 0 {
					continue
				}
				m := bestFit(w, g)
				if q := float64(m.dist) / float64(m.n); q < bq || q == bq && m.n > bm.n {
					bi, bj, bq, bm = i, j, q, m
				}
			}
		}
		// A match that is mostly wrong is no match: its text was not read
		// at all, or read as something else.
		if bi < 0 || bq > 0.5 {
			break
		}
		e.Misread += bm.dist
		// The longer line keeps its unmatched ends as new lines.
		w, g := wl[bi], gl[bj]
		wl[bi], gl[bj] = nil, nil
		if bm.inWant {
			wl = append(wl, trimRunes(w[:bm.start]), trimRunes(w[bm.end:]))
		} else {
			gl = append(gl, trimRunes(g[:bm.start]), trimRunes(g[bm.end:]))
		}
	}
	// Left over: every character of want, and every character of got but
	// the spaces between stray marks.
	for _, l := range wl {
		e.Unread += len(l)
	}
	for _, l := range gl {
		for _, r := range l {
			if r != ' ' {
				e.Extra++
			}
		}
	}
	return e
}

// fit is the best placement of the shorter of two lines in the longer.
type fit struct {
	dist, n    int  // edit distance, length of the shorter line
	start, end int  // the matched part of the longer line
	inWant     bool // the longer line is want's
}

func bestFit(w, g []rune) fit {
	if len(w) <= len(g) {
		d, s, e := fitSubstring(w, g)
		return fit{dist: d, n: len(w), start: s, end: e}
	}
	d, s, e := fitSubstring(g, w)
	return fit{dist: d, n: len(g), start: s, end: e, inWant: true}
}

func trimRunes(r []rune) []rune {
	for len(r) > 0 && r[0] == ' ' {
		r = r[1:]
	}
	for len(r) > 0 && r[len(r)-1] == ' ' {
		r = r[:len(r)-1]
	}
	return r
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
func fitSubstring(pattern, line []rune) (dist, start, end int) {
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
	dist, start, end = prev[0], 0, 0
	for j := 1; j <= n; j++ {
		if prev[j] < dist {
			dist, start, end = prev[j], ps[j], j
		}
	}
	return dist, start, end
}
