package forms

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"intake/pipeline"
)

// sick reads a claim for sick-pay costs of a personal assistant.
func (x *extraction) sick() map[string]pipeline.Field {
	x.eachLabel(func(l *label, s float64) {
		switch l.concept {
		case cName:
			switch l.role {
			case rProvider:
				if l.implied == cName && !l.startsCell() {
					// "... assistansanordnarens kostnader": prose names
					// a provider only with its company form
					x.take(l, "provider_name", companyName, s)
					return
				}
				x.take(l, "provider_name", orgName, s)
			case rAssistant:
				x.take(l, "assistant_name", personName, s)
			}
		case cPersonID:
			switch l.role {
			case rAssistant:
				x.take(l, "assistant_id", personID, s)
			case rAssisted:
				x.take(l, "assisted_person_id", personID, s)
			}
		case cOrgID:
			if l.role == rProvider || l.role == rNone {
				x.take(l, "provider_id", orgID, s)
			} else {
				x.take(l, "provider_id", orgID, 0.8*s)
			}
		case cPeriod, cFrom, cTo:
			switch l.role {
			case rPermit:
				return // the permit's period
			case rSick:
			case rAssisted:
				s *= 0.6 // perhaps the decision's period
			default:
				s *= 0.85
			}
			switch l.concept {
			case cPeriod:
				x.takePeriod(l, "sick_from", "sick_to", s)
			case cFrom:
				x.takePeriod(l, "sick_from", "sick_to", s)
				x.take(l, "sick_from", date, 0.95*s)
				x.takeBeside(l, "sick_to", 0.5*s)
			case cTo:
				x.take(l, "sick_to", date, s)
			}
		case cAmount:
			x.take(l, "amount_claimed", money, s)
		case cGross:
			x.take(l, "_gross", money, s)
			x.costLines["_gross"] = joinWords(l.ln.words)
		case cKarens:
			x.take(l, "_karens", money, s)
			x.costLines["_karens"] = joinWords(l.ln.words)
		case cHoliday:
			x.take(l, "_holiday", money, s)
			x.costLines["_holiday"] = joinWords(l.ln.words)
		case cSocial:
			x.take(l, "_social", money, s)
			x.costLines["_social"] = joinWords(l.ln.words)
		case cDecision:
			if l.role != rPermit {
				x.take(l, "decision_reference", reference, s)
			}
		case cBankgiro:
			x.take(l, "bankgiro", bankgiro, s)
		case cIBAN:
			x.take(l, "iban", iban, s)
		}
	})
	x.unlabelledIDs(map[role]string{rAssistant: "assistant_id", rAssisted: "assisted_person_id"})
	x.unlabelledOrgIDs()
	x.letterhead()
	fields := choose(x.cands)
	costParts(fields, x.costLines, x.read)
	return fields
}

// unlabelledIDs reads personal ids that prose names without a label
// ("personlig assistent Eva Berg (19790123-9918)"): each belongs to the
// nearest role word before it, within a dozen words.
func (x *extraction) unlabelledIDs(fields map[role]string) {
	type pos struct {
		r    role
		line int
	}
	var last pos
	dist := 99
	for i, ln := range x.lines {
		for j := 0; j < len(ln.words); j++ {
			dist++
			if l := x.labelAt(i, j); l != nil {
				if l.role != rNone && l.ownRole && personRole(l.role) {
					last, dist = pos{l.role, i}, 0
				}
				if l.concept == cPersonID || l.concept == cStop {
					dist = 99 // a labelled id is read by its label
				}
				j = l.end - 1
				continue
			}
			for _, r := range x.rawRoles(ln, j) {
				last, dist = pos{r, i}, 0
			}
			p, ok := personID(ln.words[j:min(j+2, len(ln.words))])
			if !ok || p.start != 0 {
				continue
			}
			if f := fields[last.r]; f != "" && dist <= 12 {
				x.add(f, p, run{ln: ln, ws: ln.words[j:], pos: 1}, 0.6)
			}
			j += p.n - 1
		}
	}
}

// unlabelledOrgIDs proposes, weakly, an organisationsnummer printed
// where a scan lost its label. Only companies, foundations and
// associations (first digit 5–9) qualify: the municipality's own number
// (2...) is on many claims and is never the provider's.
func (x *extraction) unlabelledOrgIDs() {
	for i, ln := range x.lines {
		for j := 0; j < len(ln.words); j++ {
			if x.labelAt(i, j) != nil {
				continue
			}
			p, ok := orgID(ln.words[j:min(j+2, len(ln.words))])
			if !ok || p.start != 0 || p.validity < 1 || len(p.value) != 10 || p.value[0] < '5' {
				continue
			}
			x.add("provider_id", p, run{ln: ln, ws: ln.words[j:], pos: 1}, 0.5)
			j += p.n - 1
		}
	}
}

// rawRoles returns the role of a role word at word j that no label
// took ("som har varit sjuk", "den assistansberättigade").
func (x *extraction) rawRoles(ln *line, j int) []role {
	var out []role
	for _, l := range rawLabels(&line{page: ln.page, words: ln.words[j : j+1]}) {
		if l.concept == cRole && personRole(l.role) {
			out = append(out, l.role)
		}
	}
	return out
}

// letterhead proposes the provider's name from a letter: an
// organisation's name printed large at the top of the first page, or on
// the line above its organisation number.
func (x *extraction) letterhead() {
	var hs []float64
	for _, ln := range x.lines {
		if ln.page == 1 {
			hs = append(hs, ln.height())
		}
	}
	med := medianOf(hs)
	for i, ln := range x.lines {
		ws := ln.words
		if ls := x.labels[i]; len(ls) > 0 {
			ws = ws[:ls[0].start] // "Omsorg Norr AB, org.nr ...": the name before the label
		}
		if ln.page != 1 || len(ws) == 0 || len(ws) > 8 {
			continue
		}
		ws = dropSpecks(dropMonogram(ws))
		t := strings.Trim(joinWords(ws), ",;:· ")
		if !hasLegalForm(t) || strings.ContainsAny(t, "0123456789@") {
			continue
		}
		score := 0.5
		if ln.box.Y0 < 0.2*x.heights[1] {
			score += 0.15
		}
		if ln.height() > 1.15*med {
			score += 0.15
		}
		for k := i + 1; k <= i+2 && k < len(x.lines); k++ {
			for _, l := range x.labels[k] {
				if l.concept == cOrgID {
					score += 0.1
				}
			}
		}
		x.add("provider_name", parsed{value: t, validity: 1, n: len(ws)}, run{ln: ln, ws: ws, pos: 1}, score)
	}
}

// dropSpecks drops one-letter words a scan made of dirt ("Kimbro å
// Assistans AB"), keeping those that belong in names ("i", "&").
func dropSpecks(ws []word) []word {
	out := make([]word, 0, len(ws))
	for _, w := range ws {
		if r := []rune(w.text); len(r) == 1 && !strings.ContainsRune("i&+", r[0]) && !unicode.IsUpper(r[0]) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// dropMonogram drops a logo's initials read as a word before a name
// ("VA Viksted Assistans AB").
func dropMonogram(ws []word) []word {
	if len(ws) < 3 {
		return ws
	}
	m := []rune(strings.ToUpper(strings.Trim(ws[0].text, "()[]")))
	if len(m) == 0 || len(m) > 3 || !isUpperLetters(string(m)) {
		return ws
	}
	initials := map[rune]bool{}
	for _, w := range ws[1:] {
		initials[unicode.ToUpper([]rune(w.text)[0])] = true
	}
	for _, r := range m {
		if !initials[r] {
			return ws
		}
	}
	return ws[1:]
}

// roleMatters reports whether whose value it is decides the field.
func roleMatters(c concept) bool {
	switch c {
	case cName, cSigner, cPersonID, cAddress, cPeriod, cFrom, cTo, cSignDate:
		return true
	}
	return false
}

func medianOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// costParts turns the cost rows into the parts the amount rule adds up:
// sick pay after the waiting-day deduction, holiday pay and social fees.
// They are kept only when all three were read, so that a rule never
// compares a sum with a missing part, and only when each was read
// clearly or agrees with the rate printed on its row (hours × wage ×
// 80 %, 12 % of the sick pay, 31,42 % of sick and holiday pay): a misread
// part would make the rule report a fault that is not there. On a scan
// (read), a part that is not its row's rate was misread far more often
// than mistyped ("2 731,79" for 731,79, a deduction's 3 read as 2): unless
// the parts add up to the amount claimed, none is kept then.
func costParts(f map[string]pipeline.Field, rows map[string]string, read bool) {
	gross, okG := f["_gross"]
	hol, okH := f["_holiday"]
	soc, okS := f["_social"]
	kar, okK := f["_karens"]
	for _, k := range []string{"_gross", "_holiday", "_social", "_karens"} {
		delete(f, k)
	}
	_, karensRow := rows["_karens"]
	if !okG || !okH || !okS || karensRow && !okK {
		return // a part, or the deduction printed, not read
	}
	cents := func(fl pipeline.Field) int64 { c, _, _ := parseMoney(strings.TrimPrefix(fl.Value, "-")); return c }
	g, h, so := cents(gross), cents(hol), cents(soc)
	sick := g
	if okK {
		sick -= cents(kar)
	}
	clear := func(fl pipeline.Field) bool { return fl.Confidence >= 0.7 && strings.ContainsAny(fl.Raw, ",.") }
	grossOK := clear(gross) || grossFits(rows["_gross"], g)
	holOK := fitsRate(rows["_holiday"], sick, h) // also vouches for the deduction
	holOK = holOK || clear(hol) && (!okK || clear(kar))
	socOK := clear(soc) || fitsRate(rows["_social"], sick+h, so)
	if !grossOK || !holOK || !socOK {
		return
	}
	if c, ok := f["amount_claimed"]; read && ok && sick+h+so != cents(c) &&
		(misfits(rows["_holiday"], sick, h) || misfits(rows["_social"], sick+h, so) || grossMisfits(rows["_gross"], g)) {
		return
	}
	conf := min(gross.Confidence, hol.Confidence, soc.Confidence)
	if okK {
		conf = min(conf, kar.Confidence)
	}
	if grossOK && fitsRate(rows["_holiday"], sick, h) && fitsRate(rows["_social"], sick+h, so) {
		conf = max(conf, 0.9) // every part agrees with its rate
	}
	gross.Value, gross.Confidence = fmtCents(sick), round3(conf)
	f["sick_pay"] = gross
	f["holiday_pay"] = hol
	f["social_fees"] = soc
}

var (
	pctRe   = regexp.MustCompile(`(\d{1,3}(?:[.,]\d{1,2})?)\s?%`)
	hoursRe = regexp.MustCompile(`(\d{1,4}(?:[.,]\d{1,2})?)\s?(?:tim|timmar|h|timer)\b\s*(?:à|å|a|×|x|\*|@)\s*(\d{2,5}[.,]\d{2})`)
)

// fitsRate reports whether amount is the row's printed percentage of
// base, to the öre.
func fitsRate(row string, base, amount int64) bool {
	want, ok := rateOf(row, base)
	return ok && abs64(want-amount) <= 1
}

// misfits reports whether the row prints a rate that amount is not.
func misfits(row string, base, amount int64) bool {
	want, ok := rateOf(row, base)
	return ok && abs64(want-amount) > 1
}

// rateOf is the row's printed percentage of base.
func rateOf(row string, base int64) (int64, bool) {
	m := pctRe.FindStringSubmatch(row)
	if m == nil {
		return 0, false
	}
	r, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", "."), 64)
	if err != nil {
		return 0, false
	}
	return int64(math.Round(float64(base) * r / 100)), true
}

// grossFits reports whether a sick-pay row's amount is its hours × hourly
// wage × printed percentage ("Sjuklön 80 % (24 tim à 188,24 kr)").
func grossFits(row string, amount int64) bool {
	want, ok := grossOf(row)
	return ok && abs64(want-amount) <= 1
}

// grossMisfits reports whether the row prints hours, wage and rate that
// amount is not.
func grossMisfits(row string, amount int64) bool {
	want, ok := grossOf(row)
	return ok && abs64(want-amount) > 1
}

// grossOf is the row's hours × hourly wage × printed percentage.
func grossOf(row string) (int64, bool) {
	m := hoursRe.FindStringSubmatch(row)
	p := pctRe.FindStringSubmatch(row)
	if m == nil || p == nil {
		return 0, false
	}
	hours, err1 := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", "."), 64)
	wage, _, ok := parseMoney(m[2])
	pct, err2 := strconv.ParseFloat(strings.ReplaceAll(p[1], ",", "."), 64)
	if err1 != nil || err2 != nil || !ok {
		return 0, false
	}
	return int64(math.Round(hours * float64(wage) * pct / 100)), true
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
