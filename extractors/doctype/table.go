package doctype

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"intake/pipeline"
	"intake/pipeline/fuzzy"
)

// pattern is a compiled keyword.
type pattern struct {
	typ    string
	parts  []string // folded tokens
	prefix bool     // the single token matches words starting with it
	suffix bool     // the single token matches words ending with it
	weight float64
}

// table is the compiled keyword table.
type table struct {
	exact    map[string][]*pattern // by first token
	wildcard []*pattern
}

// titleBoost multiplies the weight of a keyword printed as a title.
const titleBoost = 1.6

func compile(kw map[string][]keyword) (*table, error) {
	t := &table{exact: make(map[string][]*pattern)}
	var errs []error
	for typ, list := range kw {
		if typ != financial && !slices.Contains(pipeline.DocTypes, typ) {
			errs = append(errs, fmt.Errorf("doctype: keywords: unknown type %q", typ))
			continue
		}
		for _, k := range list {
			p := &pattern{typ: typ, weight: k.weight}
			phrase := k.phrase
			if strings.HasSuffix(phrase, "*") {
				p.prefix, phrase = true, strings.TrimSuffix(phrase, "*")
			}
			if strings.HasPrefix(phrase, "*") {
				p.suffix, phrase = true, strings.TrimPrefix(phrase, "*")
			}
			p.parts = strings.FieldsFunc(fold(phrase), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			switch {
			case len(p.parts) == 0:
				errs = append(errs, fmt.Errorf("doctype: keywords: %s: %q has no letters", typ, k.phrase))
			case k.weight <= 0:
				errs = append(errs, fmt.Errorf("doctype: keywords: %s: %q has weight %g, want > 0", typ, k.phrase, k.weight))
			case (p.prefix || p.suffix) && len(p.parts) != 1:
				errs = append(errs, fmt.Errorf("doctype: keywords: %s: %q: a wildcard needs a single word", typ, k.phrase))
			case t.merge(p):
				// spelled twice ("kørsel", "korsel"): one keyword
			case p.prefix || p.suffix:
				t.wildcard = append(t.wildcard, p)
			default:
				t.exact[p.parts[0]] = append(t.exact[p.parts[0]], p)
			}
		}
	}
	return t, errors.Join(errs...)
}

// merge folds p into an equal pattern already in the table, keeping the
// higher weight, and reports whether there was one.
func (t *table) merge(p *pattern) bool {
	list := t.wildcard
	if !p.prefix && !p.suffix {
		list = t.exact[p.parts[0]]
	}
	for _, q := range list {
		if q.typ == p.typ && q.prefix == p.prefix && q.suffix == p.suffix && slices.Equal(q.parts, p.parts) {
			q.weight = max(q.weight, p.weight)
			return true
		}
	}
	return false
}

// score sums the evidence per type. A keyword seen n times counts
// 1 + ln n times its weight: repetition helps, but a long document does
// not outvote a short title.
func (t *table) score(toks []token) map[string]float64 {
	type seen struct {
		n     int
		title bool
	}
	hits := make(map[*pattern]*seen)
	hit := func(p *pattern, title bool) {
		s := hits[p]
		if s == nil {
			s = &seen{}
			hits[p] = s
		}
		s.n++
		s.title = s.title || title
	}
	for i, tok := range toks {
		for _, p := range t.exact[tok.key] {
			if i+len(p.parts) > len(toks) {
				continue
			}
			ok, title := true, tok.title
			for k := 1; k < len(p.parts); k++ {
				if toks[i+k].key != p.parts[k] {
					ok = false
					break
				}
				title = title || toks[i+k].title
			}
			if ok {
				hit(p, title)
			}
		}
		for _, p := range t.wildcard {
			if p.prefix && strings.HasPrefix(tok.key, p.parts[0]) || p.suffix && strings.HasSuffix(tok.key, p.parts[0]) {
				hit(p, tok.title)
			}
		}
	}
	scores := make(map[string]float64)
	for p, s := range hits {
		w := p.weight * (1 + math.Log(float64(min(s.n, 50))))
		if s.title {
			w *= titleBoost
		}
		scores[p.typ] += w
	}
	return scores
}

// fold is fuzzy.Fold: one folding for every extractor.
var fold = fuzzy.Fold
