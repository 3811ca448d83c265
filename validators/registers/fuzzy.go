package registers

import (
	"slices"
	"strings"
	"unicode"
)

// legalForms are left out of name matching: half the register ends in
// "ApS" or "AB", so they say nothing about which supplier is meant.
var legalForms = map[string]bool{
	"a/s": true, "as": true, "aps": true, "i/s": true, "is": true, "ab": true, "hb": true, "kb": true,
	"llp": true, "ltd": true, "limited": true, "gmbh": true, "oy": true, "asa": true, "bv": true,
	"inc": true, "co": true, "og": true, "och": true, "and": true, "&": true,
}

// normName lowers a name, folds punctuation to spaces and drops legal forms.
func normName(s string) []string {
	var toks []string
	for _, t := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '/' && r != '&'
	}) {
		if !legalForms[t] {
			toks = append(toks, t)
		}
	}
	return toks
}

// nameIndex finds suppliers by name when no id was read: candidates share
// a token with the query (rarest tokens first, so a lookup stays cheap
// with 100,000 suppliers), and the best is the one with the highest
// trigram similarity, which tolerates OCR slips inside a word. Trigrams
// are kept as sorted hashes so a comparison is a merge, not a map.
type nameIndex struct {
	grams    [][]uint32         // sorted trigram hashes per supplier
	postings map[string][]int32 // token → suppliers
}

func newNameIndex(names []string) *nameIndex {
	x := &nameIndex{grams: make([][]uint32, len(names)), postings: make(map[string][]int32, len(names))}
	for i, n := range names {
		toks := normName(n)
		x.grams[i] = trigrams(strings.Join(toks, " "))
		for _, t := range toks {
			p := x.postings[t]
			if len(p) == 0 || p[len(p)-1] != int32(i) {
				x.postings[t] = append(p, int32(i))
			}
		}
	}
	return x
}

// maxCandidates bounds the comparisons per lookup; a token shared by more
// suppliers than this ("Transport") is only used when no rarer one is.
const maxCandidates = 512

// best returns the most similar supplier's index and the similarity, or -1.
func (x *nameIndex) best(name string) (int, float64) {
	toks := normName(name)
	if len(toks) == 0 {
		return -1, 0
	}
	q := trigrams(strings.Join(toks, " "))
	slices.SortFunc(toks, func(a, b string) int { return len(x.postings[a]) - len(x.postings[b]) })
	bestI, bestS := -1, 0.0
	seen := 0
	for _, t := range toks {
		p := x.postings[t]
		if seen > 0 && seen+len(p) > maxCandidates {
			break
		}
		for _, i := range p[:min(len(p), maxCandidates)] {
			seen++
			if s := jaccard(q, x.grams[i]); s > bestS {
				bestI, bestS = int(i), s
			}
		}
	}
	return bestI, bestS
}

// trigrams is the sorted, deduplicated set of hashes of the three-rune
// windows of " "+s+" ".
func trigrams(s string) []uint32 {
	r := []rune(" " + s + " ")
	out := make([]uint32, 0, len(r))
	for i := 0; i+3 <= len(r); i++ {
		h := uint32(2166136261)
		for _, c := range r[i : i+3] {
			h = (h ^ uint32(c)) * 16777619
		}
		out = append(out, h)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// jaccard is |a∩b| / |a∪b| of two sorted sets.
func jaccard(a, b []uint32) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}
