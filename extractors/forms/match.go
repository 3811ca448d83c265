package forms

import (
	"sort"
	"strings"

	"intake/pipeline"
	"intake/pipeline/fuzzy"
)

// label is a label found on a line: words [start, end) of ln.
type label struct {
	ln         *line
	start, end int
	concept    concept
	role       role
	implied    concept // for role words
	strength   float64
	box        pipeline.Box
	// ownRole is set when the label names whose value it asks for
	// ("Barnets navn"); otherwise the role comes from the section.
	ownRole bool
}

// byLength is the lexicon, longest phrases first, so that "Fra dato"
// wins over "Fra" and "Klassetrin i perioden" over "Klassetrin".
var byLength = func() []entry {
	l := append([]entry(nil), lexicon...)
	sort.SliceStable(l, func(i, j int) bool { return len(l[i].phrase) > len(l[j].phrase) })
	return l
}()

// wordMatches compares a word with a lexicon word; a scan's one-letter
// slip ("Elevers namn") is forgiven in long words at a small cost.
func wordMatches(w word, key string, single bool) (float64, bool) {
	if w.key == key {
		return 1, true
	}
	if single && len(w.parts) > 1 {
		for _, p := range w.parts { // "forælder/værge"
			if p == key {
				return 1, true
			}
		}
	}
	if len(key) >= 4 && w.fused != "" && w.fused == fusedKeys[key] {
		return foldStrength, true
	}
	if len(key) >= 6 && len(w.key) >= 6 && editOne(w.key, key) {
		return 0.9, true
	}
	// A long word keeps its make with two slips ("ssistansberättiga" for
	// "assistansberättigad": both ends lost at a box's edge).
	if k, r := []rune(key), []rune(w.key); len(k) >= 12 && len(r) >= 10 && fuzzy.Distance(r, k) <= 2 {
		return 0.8, true
	}
	// Compounds on a head word a scan may garble the front of
	// ("Folkbokfårmgsadress"): the head decides.
	if single && len(w.key) >= 10 {
		for _, head := range headWords {
			if key == head && strings.HasSuffix(w.key, head) {
				return 0.8, true
			}
		}
	}
	return 0, false
}

// ocrFold writes the letter pairs OCR reads as one letter as that letter
// ("Bamets navn" for "Barnets navn"), and the other way round. Such a
// slip, unlike any other, is forgiven in a role word too: it changes
// the look of the word, not its letters' places.
var ocrFold = strings.NewReplacer("rn", "m", "vv", "w", "cl", "d").Replace

// fusedKeys is ocrFold of every lexicon word, made once: matching asks
// for it once per word of a page and lexicon word.
var fusedKeys = func() map[string]string {
	m := make(map[string]string)
	for _, e := range lexicon {
		for _, k := range e.phrase {
			m[k] = ocrFold(k)
		}
	}
	return m
}()

// foldStrength is a word's match read with letters OCR merged.
const foldStrength = 0.95

// headWords end compound labels whose front varies ("Hemadress",
// "Bopælsadresse", "Folkbokföringsadress").
var headWords = []string{"adresse", "adress", "personnummer"}

// editOne reports whether a and b differ by at most one edit.
func editOne(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(rb)-len(ra) > 1 {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		return string(ra[i+1:]) == string(rb[i+1:])
	}
	return string(ra[i:]) == string(rb[i+1:])
}

// rawLabels finds the lexicon phrases on a line, left to right, longest
// first. A phrase never spans two cells.
func rawLabels(ln *line) []*label {
	var out []*label
	for i := 0; i < len(ln.words); {
		best := matchAt(ln, i, true)
		if best == nil {
			best = matchAt(ln, i, false)
		}
		if best == nil {
			i++
			continue
		}
		out = append(out, best)
		i = best.end
	}
	return out
}

// matchAt returns the longest lexicon phrase at word i, exact matches
// only or forgiving a scan's slips.
func matchAt(ln *line, i int, exact bool) *label {
	for _, e := range byLength {
		if end, s, ok := matchPhrase(ln, i, e, exact); ok {
			return &label{ln: ln, start: i, end: end, concept: e.concept, role: e.role, implied: e.implied, strength: s, box: boxOf(ln.words[i:end])}
		}
	}
	return nil
}

// matchPhrase matches e's words from word i and returns where the match
// ends and its strength. Forgiving slips, it also takes two of the
// phrase's words read as one ("tilloch": the space lost where the boxes
// touch).
func matchPhrase(ln *line, i int, e entry, exact bool) (int, float64, bool) {
	n := len(e.phrase)
	s := e.strength
	j := i
	for k := 0; k < n; k++ {
		if j >= len(ln.words) {
			return 0, 0, false
		}
		key := e.phrase[k]
		f, m := wordMatches(ln.words[j], key, n == 1)
		switch {
		case m || exact:
		case k+1 < n && ln.words[j].key == key+e.phrase[k+1]:
			f, m = 0.9, true
			k++
		}
		if !m || exact && f < 1 || !exact && e.concept == cRole && f < foldStrength && len(key) < 8 {
			return 0, 0, false
		}
		s *= f
		j++
	}
	// A phrase stays in its cell, except a long one a scan spaced out
	// ("Sjuk till | och med").
	if n < 3 && ln.words[j-1].seg != ln.words[i].seg {
		return 0, 0, false
	}
	return j, s, true
}

// onlyFunctionWords reports whether the words of ln in [a, b) are all
// function words of one cell, so a role word there binds to a concept.
func onlyFunctionWords(ln *line, a, b int) bool {
	if b-a > 2 || a > b {
		return false
	}
	for i := a; i < b; i++ {
		if !functionWords[ln.words[i].key] && ln.words[i].key != "" { // "Underskrift / navn"
			return false
		}
	}
	return true
}

// startsCell reports whether a label opens its cell, after at most a
// section number ("4. Periode"): a form label, not a word inside prose.
//
// One unknown word before it in a short cell is read as a qualifier or a
// scan's garble of one ("Smk från och med" for "Sjuk från och med").
func (l *label) startsCell() bool {
	ws := l.ln.words
	words, cell := 0, 0
	for i := l.start - 1; i >= 0 && ws[i].seg == ws[l.start].seg; i-- {
		if hasLetters(ws[i].text) {
			words++
		}
	}
	for _, w := range ws {
		if w.seg == ws[l.start].seg {
			cell++
		}
	}
	return words == 0 || words == 1 && cell <= 6
}

// numberedHeading reports whether a line opens a numbered section
// ("2. Assistansberättigad och beslut"): a number, then a few words.
func numberedHeading(ln *line) bool {
	ws := ln.words
	for len(ws) > 0 && (isPunctOnly(ws[0].text) || len(ws[0].key) == 1 && !hasDigit(ws[0].text)) {
		ws = ws[1:] // a box edge or a speck before the number
	}
	if len(ws) < 2 || len(ws) > 6 {
		return false
	}
	t := strings.TrimRight(ws[0].text, ".)")
	return len(t) <= 2 && isDigits(t) && t != ws[0].text
}

// personRole reports whether r says whose section a line belongs to.
func personRole(r role) bool { return r != rNone && r != rSick }

// composeLabels binds role words to the concept next to them ("Barnets"
// + "navn", "Sjuk" + "från och med", "Navn på" + "barnet"), lets a lone
// role word stand for its implied concept ("Ansøger: ..."), gives the
// remaining labels the section's role ctx, and returns the labels with
// the section role after the line.
func composeLabels(raw []*label, ctx role) ([]*label, role) {
	used := make([]bool, len(raw))
	for k, r := range raw {
		if r.concept != cRole {
			continue
		}
		ln := r.ln
		if k+1 < len(raw) && fieldConcept(raw[k+1].concept) && !raw[k+1].ownRole && raw[k+1].role == rNone &&
			ln.words[raw[k+1].start].seg == ln.words[r.end-1].seg && onlyFunctionWords(ln, r.end, raw[k+1].start) {
			m := raw[k+1]
			m.role, m.ownRole, m.start, m.box = r.role, true, r.start, union(r.box, m.box)
			used[k] = true
			continue
		}
		if k > 0 && fieldConcept(raw[k-1].concept) && !raw[k-1].ownRole && raw[k-1].role == rNone &&
			ln.words[raw[k-1].end-1].seg == ln.words[r.start].seg && onlyFunctionWords(ln, raw[k-1].end, r.start) {
			m := raw[k-1]
			m.role, m.ownRole, m.end, m.box = r.role, true, r.end, union(r.box, m.box)
			used[k] = true
		}
	}
	next := ctx
	if len(raw) > 0 && numberedHeading(raw[0].ln) {
		next = rNone // a new section; a role word in it sets the role again
		ctx = rNone
	}
	var out []*label
	for k, l := range raw {
		if l.concept == cNone {
			continue // a word that only looks like a label ("assistans")
		}
		if n := len(out); n > 0 && l.concept != cRole && out[n-1].concept == l.concept && out[n-1].end == l.start &&
			l.ln.words[l.start].seg == l.ln.words[out[n-1].end-1].seg {
			// "Adresse (folkeregisteradresse)": one label said twice
			p := out[n-1]
			p.end, p.box, p.strength = l.end, union(p.box, l.box), max(p.strength, l.strength)
			continue
		}
		if l.concept == cRole {
			if personRole(l.role) && segLen(l.ln, l.start) <= 6 {
				next = l.role
			}
			if used[k] {
				continue
			}
			if l.implied == cNone {
				out = append(out, l) // kept: it ends columns and values
				continue
			}
			l.concept, l.ownRole = l.implied, true
		}
		if l.ownRole && personRole(l.role) && segLen(l.ln, l.start) <= 6 {
			next = l.role
		}
		if l.role == rNone {
			l.role = ctx
			// In a sentence the nearest role word before it decides
			// ("assistent Eva Berg, personnummer ...").
			for k2 := k - 1; k2 >= 0; k2-- {
				if r := raw[k2]; (r.concept == cRole || r.implied != cNone) && personRole(r.role) && l.start-r.end <= 8 {
					l.role = r.role
					break
				}
			}
		}
		out = append(out, l)
	}
	return out, next
}

func fieldConcept(c concept) bool { return c != cNone && c != cRole && c != cStop }

// segLen is the number of words in the cell holding word i.
func segLen(ln *line, i int) int {
	n := 0
	for _, w := range ln.words {
		if w.seg == ln.words[i].seg {
			n++
		}
	}
	return n
}

// labelled is every line's labels, in reading order, with the section
// role carried from line to line, onto the next page too: a form's
// section may continue there.
func labelled(lines []*line) [][]*label {
	out := make([][]*label, len(lines))
	ctx := rNone
	for i, ln := range lines {
		raw := rawLabels(ln)
		if len(raw) == 0 && numberedHeading(ln) {
			// A section whose heading has no word the lexicon knows
			// ("2. Oplysninger om foreideriverge", a scan's garble of
			// "forælder/værge") still ends the one before: its names
			// are not the last section's person's.
			ctx = rNone
		}
		out[i], ctx = composeLabels(raw, ctx)
	}
	return out
}
