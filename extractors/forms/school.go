package forms

import (
	"slices"
	"strconv"
	"strings"

	"intake/pipeline"
)

// Reason codes of school-transport applications, as case files hold them.
const (
	ReasonDistance = "distance"
	ReasonTraffic  = "traffic_danger"
	ReasonHealth   = "illness_disability"
)

// reasonStems are folded word stems that point to a ground for school
// transport, in the words applicants and forms use: the distance, a
// dangerous route, or the child's illness or disability.
var reasonStems = map[string][]string{
	ReasonDistance: {"afstand", "avstand", "langt", "lang vej", "lang skolevej", "lang skolvag", "langere vaek", "langre fran",
		"flyttet", "flyttat", "flyttede", "kilomet", "distance", "far from", "too far", "long way", "over grensen", "avstandsgrans",
		"lang skolevei", "for lang vei"},
	ReasonTraffic: {"trafik", "traffic", "landevej", "landsvag", "cykelsti", "cykelbane", "cykelbana", "gang- och cykel",
		"fortov", "trottoar", "krydse", "korsa", "overgang", "lysregul", "hastighed", "hastighet", "bilerne korer",
		"farlig vej", "farlig skolevej", "farlig skolvag", "farlig skolevei", "farlig vei", "fortau", "dangerous", "road", "motorvej",
		"motorvag", "vejkryds", "sikker skolevej"},
	ReasonHealth: {"syg", "sjuk", "handicap", "funktionsnedsat", "funktionsned", "diagnos", "braekket", "brukket", "brutit",
		"krykke", "kryck", "opere", "laegeerklaering", "lakarintyg", "intyg", "laege", "lakare", "korestol", "rullstol",
		"illness", "disab", "medical", "medicinsk", "medisinsk", "epilepsi", "autism", "adhd", "allergi", "diabet", "skade", "skadet", "skadad",
		"funktionsnedsaettelse", "helbred", "halsa", "injur", "sykdom", " syk ", " syke ", "funksjonsnedsettelse", "legeerklaering", "brukne", "krykker"},
}

var reasonOrder = []string{ReasonDistance, ReasonTraffic, ReasonHealth}

// classifyReason scores a text against the reason stems: the count of
// stems of each reason it holds.
func classifyReason(s string) map[string]int {
	f := " " + fold(s) + " "
	out := map[string]int{}
	for _, r := range reasonOrder {
		for _, st := range reasonStems[r] {
			if strings.Contains(f, st) {
				out[r]++
			}
		}
	}
	return out
}

// reasonWeight: illness words are specific, while traffic and distance
// words also turn up when a sick child's difficulty is described ("kan
// ikke færdes alene i trafikken").
var reasonWeight = map[string]float64{ReasonDistance: 1, ReasonTraffic: 1, ReasonHealth: 1.5}

// bestReason returns the reason a text points to and how clearly (the
// share of weighted stem hits that point to it), or "" when none does.
func bestReason(s string) (string, float64) {
	sc := classifyReason(s)
	best, bestW, total := "", 0.0, 0.0
	for _, r := range reasonOrder {
		w := float64(sc[r]) * reasonWeight[r]
		total += w
		if w > bestW {
			best, bestW = r, w
		}
	}
	if best == "" {
		return "", 0
	}
	return best, bestW / total
}

// school reads a school-transport application.
func (x *extraction) school() map[string]pipeline.Field {
	x.eachLabel(func(l *label, s float64) {
		switch l.concept {
		case cName:
			switch l.role {
			case rChild:
				x.take(l, "child_name", personName, s)
			case rGuardian:
				x.take(l, "applicant_name", personName, s)
			case rSign:
				x.take(l, "applicant_name", personName, 0.6*s)
			case rNone:
				x.take(l, "applicant_name", personName, 0.4*s)
			}
		case cSigner:
			// The applicant signs: the printed name is theirs.
			x.take(l, "applicant_name", personName, 0.6*s)
		case cPersonID:
			switch l.role {
			case rChild:
				x.take(l, "child_id", personID, s)
			case rNone, rSign:
				x.take(l, "child_id", personID, 0.7*s)
			}
		case cAddress:
			switch l.role {
			case rChild, rNone, rSign:
				x.take(l, "address", address, s)
			case rGuardian:
				x.take(l, "address", address, 0.85*s)
			}
		case cSchool:
			x.take(l, "school", schoolName, s)
		case cGrade:
			x.take(l, "grade", grade, s)
		case cPeriod:
			x.takePeriod(l, "period_start", "period_end", s)
		case cFrom:
			x.takePeriod(l, "period_start", "period_end", s)
			x.take(l, "period_start", date, 0.95*s)
			x.takeBeside(l, "period_end", 0.5*s)
		case cTo:
			x.take(l, "period_end", date, s)
		case cSignDate:
			if l.role != rSign {
				s *= 0.9
			}
			x.take(l, "signed_date", date, s)
		}
	})
	x.reason()
	x.schoolProse()
	x.unlabelledIDs(map[role]string{rChild: "child_id"})
	// An unreadable grade stays missing: a grade guessed from the child's
	// age would set the distance threshold without being on the page.
	return choose(x.cands)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// countryWords tell a Danish form from a Swedish one.
var countryWords = map[string]string{
	"cpr": "DK", "cprnr": "DK", "kommune": "DK", "skole": "DK", "skolen": "DK", "klasse": "DK", "klassetrin": "DK",
	"ansøgning": "DK", "ansøger": "DK", "forælder": "DK", "og": "DK", "barnets": "DK",
	"personnummer": "SE", "kommun": "SE", "skola": "SE", "skolan": "SE", "årskurs": "SE", "ansökan": "SE",
	"sökande": "SE", "vårdnadshavare": "SE", "och": "SE", "elevens": "SE",
}

// country guesses whether a form is Danish or Swedish from its words;
// "" when it cannot tell.
func (x *extraction) country() string {
	n := map[string]int{}
	for _, ln := range x.lines {
		for _, w := range ln.words {
			n[countryWords[strings.ToLower(strings.Trim(w.text, ".,:;()"))]]++
		}
	}
	switch {
	case n["DK"] > 2*n["SE"]:
		return "DK"
	case n["SE"] > 2*n["DK"]:
		return "SE"
	}
	return ""
}

// take adds the candidates a label proposes for field.
func (x *extraction) take(l *label, field string, parse parser, score float64) {
	for _, h := range x.values(l, parse) {
		x.add(field, h.p, h.r, score)
	}
}

// takeBeside adds, for a period's start labelled l, the later date in the
// next cell of its line as the period's end, weakly: the end's own label
// ("Til dato") a scan may have garbled ("Ta dato"), or a form may print
// one label over both columns. Another label between the two ends it.
func (x *extraction) takeBeside(l *label, to string, score float64) {
	for _, h := range x.values(l, date) {
		ln, last := h.r.ln, h.r.ws[h.p.start+h.p.n-1].box
		j := slices.IndexFunc(ln.words, func(w word) bool { return w.box == last })
		if j < 0 {
			continue
		}
		for k := j + 1; k < len(ln.words); k++ {
			if x.labelAt(ln.index, k) != nil {
				break
			}
			if v, n, ok := dateAt(ln.words[k:]); ok {
				if v > h.p.value {
					x.add(to, parsed{value: v, validity: 1, n: n}, run{ln: ln, ws: ln.words[k:], pos: h.r.pos}, score)
				}
				break
			}
		}
	}
}

// takePeriod adds a period's start and end from one value "d1 – d2".
// When the end is unreadable the start still counts, a little less.
func (x *extraction) takePeriod(l *label, from, to string, score float64) {
	hits := x.values(l, period)
	for _, h := range hits {
		x.add(from, h.p, h.r, score)
		p2 := h.p
		p2.value = p2.value2
		x.add(to, p2, h.r, score)
	}
	if len(hits) == 0 && l.concept == cPeriod {
		x.take(l, from, date, 0.7*score)
	}
}

// reason decides the ground of the application. Evidence, strongest
// first: a short answer after a reason label ("Begrundelse: Afstand"); a
// ticked box in a list of options; the applicant's own explanation. A
// list of options printed with every ground is recognised as such and
// never read as an answer.
func (x *extraction) reason() {
	options := x.optionLines()
	for _, ls := range x.labels {
		for _, l := range ls {
			switch l.concept {
			case cReason:
				var runs []run
				if r, ok := x.right(l, false); ok {
					runs = append(runs, r)
				} else {
					runs = x.below(l, 1)
				}
				for _, r := range runs {
					if options[r.ln.index] {
						continue
					}
					if code, share := bestReason(joinWords(r.ws)); code != "" {
						x.cands = append(x.cands, cand{field: "reason", value: code, raw: joinWords(r.ws), page: r.ln.page, box: boxOf(r.ws),
							score: 0.95 * l.strength * share * r.pos * confOf(r.ws)})
					}
				}
			case cExplain:
				x.explained(l, options)
			}
		}
	}
	x.ticked(options)
	x.afterOptions(options)
}

// afterOptions classifies the prose right after a list of options, where
// forms leave room to explain: a weaker reading than a labelled
// explanation, for when a scan garbled the label.
func (x *extraction) afterOptions(options map[int]bool) {
	last := -1
	for i := range x.lines {
		if options[i] {
			last = i
		}
	}
	if last < 0 {
		return
	}
	var ws []word
	for k := last + 1; k < len(x.lines) && k <= last+6 && x.lines[k].page == x.lines[last].page; k++ {
		if ls := x.labels[k]; len(ls) > 0 && ls[0].concept != cExplain && ls[0].startsCell() && blocks(ls[0]) {
			break
		}
		ws = append(ws, x.lines[k].words...)
	}
	if len(ws) == 0 {
		return
	}
	t := joinWords(ws)
	if code, share := bestReason(t); code != "" {
		x.cands = append(x.cands, cand{field: "reason", value: code, raw: t, page: x.lines[last].page, box: boxOf(ws),
			score: 0.6 * share * confOf(ws)})
	}
}

// explained classifies the free text under (or after) an explanation label.
func (x *extraction) explained(l *label, options map[int]bool) {
	var runs []run
	if r, ok := x.right(l, false); ok {
		runs = append(runs, r)
	}
	runs = append(runs, x.belowText(l, 6)...)
	var ws []word
	var parts []string
	for _, r := range runs {
		if options[r.ln.index] {
			continue
		}
		ws = append(ws, r.ws...)
		parts = append(parts, joinWords(r.ws))
	}
	if len(ws) == 0 {
		return
	}
	t := strings.Join(parts, " ")
	if code, share := bestReason(t); code != "" {
		x.cands = append(x.cands, cand{field: "reason", value: code, raw: t, page: runs[0].ln.page, box: boxOf(ws),
			score: 0.8 * share * confOf(ws)})
	}
}

// belowText is the paragraph under a label: the lines that follow it
// closely, across the page width, up to the next label.
func (x *extraction) belowText(l *label, limit int) []run {
	ln := l.ln
	var out []run
	last := ln.box.Y1
	for k := ln.index + 1; k < len(x.lines) && len(out) < limit; k++ {
		nl := x.lines[k]
		gap := 1.6 * nl.height()
		if len(out) == 0 {
			gap = 2.8 * max(nl.height(), ln.height()) // the first line may sit low in a box
		}
		if nl.page != ln.page || nl.box.Y0-last > gap || nl.box.X0 < l.box.X0-3*ln.height() {
			break
		}
		if len(x.labels[k]) > 0 && x.labels[k][0].start == 0 && blocks(x.labels[k][0]) && x.labels[k][0].concept != cRole {
			break
		}
		out = append(out, run{ln: nl, ws: nl.words, pos: posBelow})
		last = nl.box.Y1
	}
	return out
}

// optionLines finds printed lists of grounds: short lines close together
// that each name a different ground. They are the form's choices.
func (x *extraction) optionLines() map[int]bool {
	out := map[int]bool{}
	codes := make([]string, len(x.lines))
	for i, ln := range x.lines {
		if len(ln.words) > 14 {
			continue
		}
		if code, share := bestReason(ln.textAfterTick()); code != "" && share == 1 {
			codes[i] = code
		}
	}
	// A group is a run of consecutive such lines naming two grounds or more.
	for i := 0; i < len(x.lines); {
		j := i
		seen := map[string]bool{}
		for j < len(x.lines) && codes[j] != "" && x.lines[j].page == x.lines[i].page {
			seen[codes[j]] = true
			j++
		}
		if len(seen) >= 2 {
			for k := i; k < j; k++ {
				out[k] = true
			}
		}
		i = max(j, i+1)
	}
	return out
}

// ticked reads check boxes the text layer or OCR kept: a ticked box
// ("☒", "[X]") and the words of its option up to the next box, one
// option per line or several on a line. A bare "X" counts only at the
// start of a line of a printed list of grounds. Ticks pointing to two
// different grounds cancel out.
func (x *extraction) ticked(options map[int]bool) {
	var picks []cand
	codes := map[string]bool{}
	for i, ln := range x.lines {
		for j, w := range ln.words {
			rest, glyph := tickGlyph(w.text)
			if !glyph && !(isTick(w.text) && (!isBareX(w.text) || j == 0 && options[i])) {
				continue
			}
			k := j + 1
			for k < len(ln.words) && k-j <= 8 && !isBox(ln.words[k].text) {
				k++
			}
			t := strings.TrimSpace(rest + " " + joinWords(ln.words[j+1:k]))
			code, share := bestReason(t)
			if code == "" || share < 1 {
				continue
			}
			score := 0.8
			if isBareX(w.text) {
				score = 0.7
			}
			codes[code] = true
			picks = append(picks, cand{field: "reason", value: code, raw: w.text + " " + t, page: ln.page,
				box: boxOf(ln.words[j:k]), score: score * confOf(ln.words[j:k])})
		}
	}
	if len(codes) == 1 {
		x.cands = append(x.cands, picks...)
	}
}

// checkedGlyphs are ticked boxes as fonts print them.
const checkedGlyphs = "☒☑✓✔✗✘⊠■"

// tickGlyph reports whether a word starts with a ticked-box glyph and
// returns what follows it ("☒Afstand").
func tickGlyph(s string) (string, bool) {
	for _, g := range checkedGlyphs {
		if strings.HasPrefix(s, string(g)) {
			return strings.TrimPrefix(s, string(g)), true
		}
	}
	return "", false
}

func isBareX(s string) bool { return s == "x" || s == "X" }

// isBox reports whether a word is a box, ticked or not: it ends an option.
func isBox(s string) bool {
	_, g := tickGlyph(s)
	return g || isTick(s) || strings.ContainsAny(s, "☐□") || isPunctOnly(s) && strings.ContainsAny(s, "[]()")
}

// isTick reports whether a word is a ticked box as printed or read.
func isTick(s string) bool {
	t := strings.Trim(s, "[]()|{}")
	switch t {
	case "x", "X", "☒", "☑", "✓", "✔", "✗", "✘", "⊠", "■", "XJ", "Xx", "xX", "X]", "[X":
		return true
	}
	return false
}

// textAfterTick is the line's text without a leading box or tick.
func (l *line) textAfterTick() string {
	ws := l.words
	if len(ws) > 1 && (isTick(ws[0].text) || len([]rune(ws[0].text)) <= 3 && isPunctOrBox(ws[0].text)) {
		ws = ws[1:]
	}
	return joinWords(ws)
}

func isPunctOrBox(s string) bool {
	return isPunctOnly(s) || strings.ContainsAny(s, "☐□[]")
}
