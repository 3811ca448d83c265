package invoice

import (
	"math"
	"strings"
	"unicode"

	"intake/pipeline"
	"intake/pipeline/normalize"
)

// Context factors for party data: what sits in the buyer's block is the
// buyer's, what sits in the seller's block is surely the seller's.
const (
	inSeller  = 1.1
	inBuyer   = 0.1
	inNowhere = 0.9
)

func (x *extraction) partyFactor(c cand) float64 {
	switch x.partyAt(c.page, c.box) {
	case tSeller:
		return inSeller
	case tBuyer:
		return inBuyer
	case tPayee:
		return 0.7
	}
	return inNowhere
}

// scanned collects candidates found by their shape alone: VAT numbers,
// IBANs, FIK payment lines and RF references need no label to be known.
func (x *extraction) scanned() {
	for _, ln := range x.lay.lines {
		ms := x.labels[ln.index]
		for j := 0; j < len(ln.words); j++ {
			if labelAt(ms, j) != nil {
				continue
			}
			ws := ln.words[j:]
			if p, n := parseTaxID(ws); n > 0 && p.validity >= 0.9 && len(p.value) > 2 && unicode.IsLetter(rune(p.value[0])) {
				x.add([]cand{x.mk(fSupplierID, p, ws[:n], ln, nil, 0.55*p.validity)})
			}
			if p, n := x.parseIBAN(ws); n > 0 && p.validity == 1 {
				x.add([]cand{x.mk(fIBAN, p, ws[:n], ln, nil, 0.7)})
			}
			if strings.HasPrefix(ws[0].text, "RF") {
				if p, n := parseRF(ws); n > 0 {
					x.add([]cand{x.mk(fPaymentReference, p, ws[:n], ln, nil, 0.7)})
				}
			}
		}
		if m := fikLine.FindStringSubmatch(ln.text()); m != nil {
			v := "+" + m[1] + "<" + normalize.Digits(m[2]) + "+" + normalize.Digits(m[3]) + "<"
			x.add([]cand{{field: fPaymentReference, value: v, raw: m[0], page: ln.page, box: ln.box, score: 0.95 * confOf(ln.words), line: ln}})
		}
	}
}

// resolveSupplier picks the supplier's identifier and name. The buyer's
// identifiers (labelled as such, or inside the buyer's block) are ruled
// out; the rest is ranked by label, check digits and block.
func (x *extraction) resolveSupplier(out map[string]pipeline.Field) {
	var ids []cand
	for _, c := range x.cands[fSupplierID] {
		if x.buyerIDs[c.value] {
			continue
		}
		c.score *= x.partyFactor(c)
		ids = append(ids, c)
	}
	x.offer(fSupplierID, ids...)
	ids = merge(ids)
	var id *cand
	if len(ids) > 0 && ids[0].score >= 0.2 {
		id = &ids[0]
		c := *id
		c.score = min(c.score, 0.97)
		out[fSupplierID] = c.toField()
	}

	names := x.nameCandidates(id)
	x.offer(fSupplierName, names...)
	names = merge(names)
	if len(names) > 0 && names[0].score >= 0.15 {
		c := names[0]
		c.score = min(c.score, 0.85)
		out[fSupplierName] = c.toField()
	}
}

// nameCandidates proposes the supplier's name from, in falling order of
// trust: a name label in the seller's block, the first plain line of that
// block, a line with a legal form (GmbH, A/S, AB, Ltd) outside the buyer's
// block, and the largest text at the top of the first page.
func (x *extraction) nameCandidates(id *cand) []cand {
	var cs []cand
	for _, c := range x.cands[tName] {
		switch x.partyAt(c.page, c.box) {
		case tSeller:
			c = x.continueName(c)
			c.field, c.score = fSupplierName, 0.8*c.score
			cs = append(cs, c)
		case "":
			c.field, c.score = fSupplierName, 0.3*c.score
			cs = append(cs, c)
		}
	}
	for _, s := range x.sections {
		if s.kind != tSeller {
			continue
		}
		for k, ln := range s.lines {
			ws := wordsIn(ln, s.x0, s.x1)
			if ln == s.header.line {
				ws = ln.words[s.header.end:]
			}
			if len(ws) == 0 || x.startsWithLabel(ln, ws[0]) || !plainName(ws) {
				continue
			}
			seg := firstSegment(ws)
			// A name broken over two lines: the legal form on the second.
			if !legalForm(seg) && k+1 < len(s.lines) {
				nl := s.lines[k+1]
				next := firstSegment(wordsIn(nl, s.x0, s.x1))
				if len(next) > 0 && nl.box.Y0-ln.box.Y1 < 0.8*ln.height() && legalForm(next) && plainName(next) && !x.startsWithLabel(nl, next[0]) {
					seg = append(append([]word(nil), seg...), next...)
				}
			}
			c := nameCand(seg, ln, 0.6)
			if legalForm(seg) {
				c.score *= 1.2
			}
			cs = append(cs, c)
			break
		}
	}
	for _, ln := range x.lay.lines {
		if ln.page != 1 && ln.page != x.lay.last {
			continue
		}
		for _, seg := range segments(ln.words, segGap) {
			if !legalForm(seg) || !plainName(seg) || x.startsWithLabel(ln, seg[0]) {
				continue
			}
			seg = x.nameAbove(ln, seg)
			c := nameCand(seg, ln, 0.4)
			h := x.pageHeight(ln.page)
			switch {
			case ln.page == 1 && ln.box.Y1 < 0.2*h:
				c.score += 0.1 // letterhead
			case ln.box.Y0 > 0.85*h:
				c.score += 0.05 // legal footer
			}
			if ln.height() > 1.3*x.lay.height {
				c.score += 0.1
			}
			if id != nil && id.page == ln.page && ln.box.Y0 <= id.box.Y0 && id.box.Y0-ln.box.Y1 < 8*x.lay.height {
				c.score += 0.05 // shortly above the supplier's tax id
			}
			c.score *= x.partyFactor(c)
			if x.partyAt(c.page, c.box) == "" && x.inAddressWindow(c.page, c.box) {
				c.score *= 0.6 // most likely the recipient
			}
			cs = append(cs, c)
		}
	}
	if c, ok := x.letterhead(); ok {
		cs = append(cs, c)
	}
	cs = append(cs, x.separatedNames(id)...)
	return cs
}

// nameSeparators split the parts of a return-address line or a legal
// footer: "Muster Bau GmbH · Hauptstraße 1 · 10115 Berlin".
const nameSeparators = "·•|–—"

// separatedNames proposes the first part of a line whose parts are joined
// by separators, when the line is a return-address line above the
// recipient's window (small print in the upper third of the first page)
// or the footer line that carries the supplier's tax id.
func (x *extraction) separatedNames(id *cand) []cand {
	var cs []cand
	for _, ln := range x.lay.lines {
		onIDLine := id != nil && id.line == ln
		top := ln.page == 1 && ln.box.Y1 < 0.35*x.pageHeight(1) && ln.height() < x.lay.height
		footer := ln.box.Y0 > 0.6*x.pageHeight(ln.page)
		if !onIDLine && !top && !footer {
			continue
		}
		var first []word
		seps := 0
		for _, w := range ln.words {
			if strings.ContainsAny(w.text, nameSeparators) && isPunct(w.text) {
				seps++
				continue
			}
			if seps == 0 {
				first = append(first, w)
			}
		}
		if seps == 0 && !onIDLine || len(first) == 0 || !plainName(first) || x.startsWithLabel(ln, first[0]) {
			continue
		}
		if footer && !onIDLine && !top && !legalForm(first) {
			continue // a footer part is a name only with its legal form
		}
		if onIDLine && id.box.X0 <= first[len(first)-1].box.X1 {
			continue // the id comes first: nothing names it
		}
		c := nameCand(first, ln, 0.45)
		if legalForm(first) {
			c.score *= 1.33
		}
		c.score *= x.partyFactor(c)
		cs = append(cs, c)
	}
	return cs
}

// nameAbove completes a name whose legal form stands alone on its line
// ("Strömmarks Städservice" / "AB"): the words above it, at the same left
// edge or centred on it, are the rest of the name.
func (x *extraction) nameAbove(ln *line, seg []word) []word {
	if len(seg) > 1 && !(len(seg) == 2 && legalForms[compact(seg[0].text)]) || ln.index == 0 {
		return seg
	}
	pl := x.lay.lines[ln.index-1]
	if pl.page != ln.page || ln.box.Y0-pl.box.Y1 > 1.2*max(pl.height(), ln.height()) {
		return seg
	}
	b := boxOf(seg)
	for _, ps := range segments(pl.words, segGap) {
		pb := boxOf(ps)
		left := math.Abs(pb.X0-b.X0) < 2*ln.height()
		centred := math.Abs((pb.X0+pb.X1)/2-(b.X0+b.X1)/2) < 2*ln.height()
		if (left || centred) && plainName(ps) && !x.startsWithLabel(pl, ps[0]) && !isTitleWord(compact(joinWords(ps))) {
			return append(append([]word(nil), ps...), seg...)
		}
	}
	return seg
}

// inAddressWindow reports whether a box lies where a window envelope shows
// the recipient's address (DIN 5008, and its Nordic equivalents): left
// half of the first page, between about 12 % and 32 % of its height.
func (x *extraction) inAddressWindow(page int, b pipeline.Box) bool {
	h, w := x.pageHeight(page), x.pageWidth(page)
	return page == 1 && b.X0 < 0.5*w && b.Y0 > 0.12*h && b.Y1 < 0.32*h
}

// nameCand is a supplier-name candidate made of the words ws of ln.
func nameCand(ws []word, ln *line, score float64) cand {
	ws = trimName(ws)
	return cand{field: fSupplierName, value: cleanName(joinWords(ws)), raw: joinWords(ws), page: ln.page, box: boxOf(ws), score: score * confOf(ws), line: ln}
}

// continueName extends a name value whose legal form was carried to the
// next line, printed at the same left edge ("MVM Musterhafter" /
// "Versicherungsverein Musterstadt a.G.").
func (x *extraction) continueName(c cand) cand {
	ws := wordsOfBox(c.line, c.box)
	if len(ws) == 0 || legalForm(ws) || c.line.index+1 >= len(x.lay.lines) {
		return c
	}
	nl := x.lay.lines[c.line.index+1]
	var next []word
	for _, w := range nl.words {
		if w.box.X0 >= c.box.X0-2 {
			next = append(next, w)
		}
	}
	if len(next) == 0 || nl.page != c.page || math.Abs(next[0].box.X0-c.box.X0) > 2 ||
		nl.box.Y0-c.line.box.Y1 > c.line.height() {
		return c
	}
	next = firstSegment(next)
	if !legalForm(next) || !plainName(next) || x.startsWithLabel(nl, next[0]) {
		return c
	}
	c.raw += " " + joinWords(next)
	c.value = cleanName(c.raw)
	c.box = union(c.box, boxOf(next))
	return c
}

// nameBesideNumber fills a supplier name none was picked for from a line
// at the top of the first page whose company name, ending in its legal
// form, runs into the next cell's number: "Torby Kontorforsyning I/S
// 1041074", an invoice number a scan read as digits alone, looks like an
// address line to nameCandidates. It runs after the pick, outside what
// the ranker is trained on, at half the words' confidence.
func (x *extraction) nameBesideNumber(fields map[string]pipeline.Field) {
	if _, have := fields[fSupplierName]; have {
		return
	}
	for _, ln := range x.lay.lines {
		if ln.page != 1 || ln.box.Y1 > 0.25*x.pageHeight(1) {
			continue
		}
		for _, seg := range segments(ln.words, segGap) {
			name := cutAtNumber(seg)
			if len(name) == len(seg) || !legalForm(name) || !plainName(name) || x.startsWithLabel(ln, name[0]) || x.partyAt(ln.page, boxOf(name)) == tBuyer {
				continue
			}
			f := nameCand(name, ln, 0.5).toField()
			fields[fSupplierName] = f
			return
		}
	}
}

// letterhead is the largest text near the top of the first page when it
// stands out from the body text: often the supplier's name or logo type.
func (x *extraction) letterhead() (cand, bool) {
	var best *line
	for _, ln := range x.lay.lines {
		if ln.page != 1 || ln.box.Y1 > 0.25*x.pageHeight(1) {
			continue
		}
		if best == nil || ln.height() > best.height() {
			best = ln
		}
	}
	if best == nil || best.height() < 1.3*x.lay.height {
		return cand{}, false
	}
	seg := firstSegment(best.words)
	if k := compact(joinWords(seg)); !plainName(seg) || x.startsWithLabel(best, seg[0]) || isTitleWord(k) || reminderTitles[k] || titleNouns[k] {
		return cand{}, false
	}
	c := nameCand(seg, best, 0.35)
	c.score *= x.partyFactor(c)
	return c, true
}

func (x *extraction) startsWithLabel(ln *line, w word) bool {
	for _, m := range x.labels[ln.index] {
		if !m.blocks() {
			continue
		}
		for i := m.start; i < m.end; i++ {
			if ln.words[i].box == w.box {
				return true
			}
		}
	}
	return false
}

func wordsIn(ln *line, x0, x1 float64) []word {
	var ws []word
	for _, w := range ln.words {
		if c := (w.box.X0 + w.box.X1) / 2; c >= x0 && c < x1 {
			ws = append(ws, w)
		}
	}
	return ws
}

func firstSegment(ws []word) []word {
	if len(ws) == 0 {
		return ws
	}
	return segments(ws, segGap)[0]
}

// plainName reports whether words can be a company name: mostly letters,
// not an address line ("Lieferantenstraße 20", "DE 80333 München") nor a
// number, a date or an e-mail address.
func plainName(ws []word) bool {
	t := joinWords(ws)
	letters, digits := 0, 0
	for _, r := range t {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		}
	}
	if letters < 2 || digits > letters/2 || strings.ContainsAny(t, "@") || strings.Contains(strings.ToLower(t), "www.") {
		return false
	}
	// An address line starts with a postcode or ends with a house number.
	if unicode.IsDigit(rune(t[0])) || len(ws) > 1 && allDigits(strings.Trim(ws[len(ws)-1].text, ",.")) {
		return false
	}
	if len(ws) > 1 && len(ws[0].text) == 2 && allDigits(strings.Trim(ws[1].text, ",")) {
		return false // "DE 80333 München"
	}
	return len(ws) <= 8
}

// legalForms are the company-form words that end a company name.
var legalForms = map[string]bool{
	"gmbh": true, "ag": true, "kg": true, "ohg": true, "ug": true, "ek": true, "gbr": true, "mbh": true,
	"kgaa": true, "ev": true, "ag&co": true, "aps": true, "as": true, "is": true, "ks": true, "ps": true,
	"amba": true, "smba": true, "ab": true, "hb": true, "kb": true, "asa": true, "ans": true, "da": true,
	"ltd": true, "limited": true, "plc": true, "llp": true, "inc": true, "llc": true, "corp": true,
	"sarl": true, "sas": true, "sa": true, "eurl": true, "sasu": true, "bv": true, "nv": true, "vof": true,
	"oy": true, "oyj": true, "se": true, "aktiebolag": true, "aktieselskab": true, "anpartsselskab": true,
	"handelsbolag": true, "co": true, "vvag": true, "gmbhcokg": true, "sprl": true, "srl": true, "spa": true,
	"ivs": true, "dac": true, "fmba": true, "ou": true, "uab": true, "sp": true, "kft": true,
}

// ambiguousForms are legal forms that are also common words ("as", "da",
// "se"): they count only in capitals or with a slash ("A/S").
var ambiguousForms = map[string]bool{"as": true, "is": true, "ks": true, "ps": true, "da": true, "se": true, "sa": true, "ab": true, "hb": true, "kb": true, "co": true, "ev": true, "ag": true}

func legalForm(ws []word) bool {
	for i := len(ws) - 1; i >= 0 && i >= len(ws)-3; i-- {
		t := strings.Trim(ws[i].text, ",;()")
		k := compact(t)
		if !legalForms[k] {
			if strings.HasSuffix(strings.ToLower(t), "a.g.") {
				return true // Versicherungsverein a.G.
			}
			continue
		}
		if ambiguousForms[k] && t != strings.ToUpper(t) && !strings.Contains(t, "/") && !strings.Contains(t, ".") {
			continue
		}
		return true
	}
	return false
}

// cleanName trims separators that letterheads put around names.
func cleanName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.Trim(s, " ,;:·|-–")
}

// trimName drops what letterheads print beside a name on its line: a
// monogram before it ("H Holsteads Consulting", "OS Office Supplies")
// and the document's title after it ("... Handelsbolag FAKTURA").
func trimName(ws []word) []word {
	if len(ws) > 2 {
		mono := []rune(ws[0].text)
		// A monogram is set apart: larger, or at a distance. Printed in
		// line with the name it is the name's own acronym ("MVM
		// Musterhafter Versicherungsverein Musterstadt a.G.").
		apart := ws[0].height() > 1.2*ws[1].height() || ws[1].box.X0-ws[0].box.X1 > ws[1].height()
		if apart && len(mono) <= 3 && strings.ToUpper(ws[0].text) == ws[0].text && len(ws)-1 >= len(mono) {
			ok := true
			for i, r := range mono {
				w := []rune(ws[1+i].text)
				ok = ok && unicode.IsUpper(r) && len(w) > 0 && unicode.ToUpper(w[0]) == r
			}
			// A logo OCR misread ("HE" for an FB monogram) is unsure
			// where the name beside it is sure.
			if ok || ws[0].conf < 0.6 && sure(ws[1:], 0.8) {
				ws = ws[1:]
			}
		}
	}
	ws = cutAtNumber(ws)
	for len(ws) > 1 {
		k := compact(ws[len(ws)-1].text)
		if !isTitleWord(k) && !reminderTitles[k] && !(len(ws) > 2 && titleNouns[compact(ws[len(ws)-2].text)+k]) {
			break
		}
		if len(ws) > 2 && titleNouns[compact(ws[len(ws)-2].text)+k] {
			ws = ws[:len(ws)-1]
		}
		ws = ws[:len(ws)-1]
	}
	return ws
}

// cutAtNumber ends a name at its legal form when a number of four digits
// or more follows it: a scan's line runs a name into the next cell ("Torby
// Kontorforsyning I/S TO41074 Faktura nr."), and no name goes on past its
// legal form with one ("Rohstoff AG Salzgitter" does, with a place).
func cutAtNumber(ws []word) []word {
	for i := 1; i < len(ws)-1; i++ {
		if !legalForm(ws[i : i+1]) {
			continue
		}
		for _, w := range ws[i+1:] {
			if len(normalize.Digits(w.text)) >= 4 {
				return ws[:i+1]
			}
		}
	}
	return ws
}

// sure reports whether every word of ws was read with at least conf.
func sure(ws []word, conf float64) bool {
	for _, w := range ws {
		if w.conf < conf {
			return false
		}
	}
	return true
}

// reminderTitles name a payment reminder, which no name ends with.
var reminderTitles = map[string]bool{
	"betalningspaminnelse": true, "paminnelse": true, "rykker": true, "betalingspamindelse": true,
	"reminder": true, "paymentreminder": true, "zahlungserinnerung": true, "mahnung": true, "inkassovarsel": true,
	"purring": true, "betalingspaminnelse": true, "pamindelse": true, "creditmemo": true,
	"creditnote": true, "kreditnota": true, "kreditfaktura": true, "gutschrift": true,
}
