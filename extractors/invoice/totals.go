package invoice

import (
	"strconv"
	"strings"
	"unicode"

	"intake/pipeline"
	"intake/pipeline/normalize"
)

// Weights of the totals decision.
const (
	consistentBonus = 0.8 // net + VAT = total holds for the chosen triple
	topAmounts      = 5   // candidates per amount field considered
)

// resolveTotals picks net, VAT, total and due amounts. Labelled candidates
// are preferred near the end of the document, where totals are printed;
// when several compete, the triple for which net + VAT = total wins, and
// that agreement raises the confidence of all three.
func (x *extraction) resolveTotals(out map[string]pipeline.Field) {
	pick := func(field string) []cand {
		cs := x.cands[field]
		for i := range cs {
			cs[i].score *= 0.8 + 0.2*x.relPos(cs[i].line)
		}
		cs = merge(cs)
		if len(cs) > topAmounts {
			cs = cs[:topAmounts]
		}
		return cs
	}
	nets, vats, totals := pick(fNet), pick(fVAT), pick(fTotal)
	x.offer(fNet, nets...)
	x.offer(fVAT, vats...)
	x.offer(fTotal, totals...)

	var best struct {
		score           float64
		net, vat, total *cand
		consistent      bool
	}
	best.score = -1
	opt := func(cs []cand) []*cand {
		o := []*cand{nil}
		for i := range cs {
			o = append(o, &cs[i])
		}
		return o
	}
	for _, n := range opt(nets) {
		for _, v := range opt(vats) {
			for _, t := range opt(totals) {
				s := 0.0
				for _, c := range []*cand{n, v, t} {
					if c != nil {
						s += c.score
					}
				}
				ok := n != nil && v != nil && t != nil && n.cents+v.cents == t.cents
				if ok {
					s += consistentBonus
				}
				// The total is at least the net for an ordinary invoice
				// and at most it for a credit; anything else is a mix-up.
				if n != nil && t != nil && n.cents != t.cents && (n.cents > 0) == (t.cents > 0) && abs64(n.cents) > abs64(t.cents) {
					s -= 0.5
				}
				// No VAT rate reaches 100 %: VAT above the net is the two
				// mixed up (they add up to the total either way).
				if n != nil && v != nil && abs64(v.cents) > abs64(n.cents) {
					s -= 0.5
				}
				if s > best.score {
					best.score, best.net, best.vat, best.total, best.consistent = s, n, v, t, ok
				}
			}
		}
	}
	net, vat, total := best.net, best.vat, best.total
	// Complete a triple by arithmetic: an amount printed somewhere that
	// makes it add up is the missing one, with modest confidence.
	if total != nil && net != nil && vat == nil {
		vat = x.findAmount(total.cents-net.cents, fVAT, total.page)
	}
	if total != nil && vat != nil && net == nil {
		net = x.findAmount(total.cents-vat.cents, fNet, total.page)
	}
	if net != nil && vat != nil && total == nil {
		total = x.findAmount(net.cents+vat.cents, fTotal, net.page)
	}
	// Completed by arithmetic, VAT above the net means the amount taken
	// as VAT is the net (its label misread: "kl. moms" for "Exkl. moms")
	// and the remainder is the VAT.
	if net != nil && vat != nil && abs64(vat.cents) > abs64(net.cents) {
		n, v := *vat, *net
		n.field, v.field = fNet, fVAT
		n.score, v.score = min(n.score, 0.5), min(v.score, 0.5)
		net, vat = &n, &v
	}
	if total == nil {
		total = x.largestAmount()
	}
	consistent := net != nil && vat != nil && total != nil && net.cents+vat.cents == total.cents
	for _, c := range []*cand{net, vat, total} {
		if c == nil {
			continue
		}
		f := *c
		if consistent {
			f.score = 1 - (1-f.score)*0.4
			f.score = min(f.score, 0.98)
		}
		out[f.field] = f.toField()
	}

	// A total's label ("Total", "I alt") is read as due only when it
	// agrees with the total chosen above: alone it says nothing of
	// prepayments, and in a table header it heads line amounts.
	var dues []cand
	for _, d := range pick(fDue) {
		if h, ok := d.label.has(fDue); ok && h.strength < 0.5 && (total == nil || d.cents != total.cents) {
			continue
		}
		dues = append(dues, d)
	}
	x.offer(fDue, dues...)
	switch {
	case len(dues) > 0:
		d := dues[0]
		if total != nil && d.cents == total.cents && d.score < 0.9 {
			d.score = min(0.95, d.score+0.1)
		}
		out[fDue] = d.toField()
	case total != nil:
		// Nothing printed as due and no prepayment: the total is due.
		d := *total
		d.field, d.score = fDue, 0.6*out[fTotal].Confidence
		out[fDue] = d.toField()
	}
}

// findAmount looks for a printed amount of the given value, preferring the
// page of the other totals.
func (x *extraction) findAmount(cents int64, field string, page int) *cand {
	var best *cand
	for i := range x.amounts {
		a := x.amounts[i]
		if a.cents != cents {
			continue
		}
		if best == nil || a.page == page && best.page != page || a.page == best.page && a.box.Y0 > best.box.Y0 {
			a.field, a.score = field, 0.5
			best = &a
		}
	}
	return best
}

// largestAmount is the last resort for a total: the largest two-decimal
// amount on the last page's lower half, a guess said to be one.
func (x *extraction) largestAmount() *cand {
	var best *cand
	for i := range x.amounts {
		a := x.amounts[i]
		if a.page != x.lay.last || a.box.Y0 < x.pageHeight(a.page)/2 {
			continue
		}
		if best == nil || a.cents > best.cents {
			a.field, a.score = fTotal, 0.25
			best = &a
		}
	}
	return best
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// mend repairs the final pick, after the ranker, with what the picked
// values say of each other; what the ranker learns from stays as read.
func (x *extraction) mend(fields map[string]pipeline.Field) {
	x.splitTotals(fields)
	mendSign(fields)
	x.mendDigit(fields)
	x.accountFromIBAN(fields)
	x.wholeReference(fields)
	x.misreadIssueDate(fields)
	x.nameBesideNumber(fields)
}

// mended is f as a value mended from what was read: it says why, and at
// half the confidence it goes to a person.
func mended(f pipeline.Field, why string) pipeline.Field {
	f.Confidence = round3(0.5 * f.Confidence)
	f.MendedBy = why
	return f
}

// mendSign turns the sign of the one amount of net, VAT and total whose
// sign alone keeps them from adding up: a speck or a rule before it read
// as a minus ("-3928,30" on an invoice whose VAT and total are positive).
// The page's reading stays as raw, and the confidence is halved.
func mendSign(fields map[string]pipeline.Field) {
	names := []string{fNet, fVAT, fTotal}
	var v [3]int64
	for i, n := range names {
		c, ok := centsOf(fields[n].Value)
		if !ok {
			return
		}
		v[i] = c
	}
	if v[0]+v[1] == v[2] {
		return
	}
	fix := -1
	for i := range v {
		w := v
		w[i] = -w[i]
		if w[i] != v[i] && w[0]+w[1] == w[2] {
			if fix >= 0 {
				return // two ways to make it add up: neither is sure
			}
			fix = i
		}
	}
	if fix < 0 {
		return
	}
	f := fields[names[fix]]
	if f.Raw == "" {
		f.Raw = f.Value
	}
	f.Value = amount{cents: -v[fix]}.String()
	fields[names[fix]] = mended(f, "net + VAT = total with this amount's sign turned: a mark read as its sign")
}

// splitTotals mends a total or due amount that disagrees with the net
// and VAT picked beside it when the word before it on its line is its
// lost head (see withHead). A mended amount goes to a person: its
// confidence is halved.
func (x *extraction) splitTotals(fields map[string]pipeline.Field) {
	net, okN := centsOf(fields[fNet].Value)
	vat, okV := centsOf(fields[fVAT].Value)
	if !okN || !okV {
		return
	}
	for _, name := range []string{fTotal, fDue} {
		f, ok := fields[name]
		v, okC := centsOf(f.Value)
		if !ok || !okC || v == net+vat || f.Box == nil {
			continue
		}
		for _, a := range x.amounts {
			if a.page != f.Page || a.cents != v || !overlaps(a.box, *f.Box) {
				continue
			}
			if c, ok := withHead(a, net+vat); ok {
				b := c.box
				f.Value, f.Raw, f.Page, f.Box = c.value, c.raw, c.page, &b
				fields[name] = mended(f, "net + VAT: the number before the amount read is its head, split off by the scan")
				break
			}
		}
	}
}

// withHead reads amount c again with the word before it on its line as
// its leading digits, and keeps that reading only when it is want. A
// scan drops a thin space inside a number or reads its minus as a stray
// mark, and the number falls apart into a head the amount parser cannot
// take ("1210", "»2") and a tail it can ("875,00"); the other amounts'
// arithmetic tells which head belongs.
func withHead(c cand, want int64) (cand, bool) {
	if c.line == nil || abs64(c.cents) >= abs64(want) {
		return c, false
	}
	k := -1
	for i, w := range c.line.words {
		if w.box.X1 <= c.box.X0+0.5 {
			k = i
		}
	}
	if k < 0 {
		return c, false
	}
	hw := c.line.words[k]
	if c.box.X0-hw.box.X1 > 1.5*hw.height() {
		return c, false // another cell
	}
	head := strings.TrimLeftFunc(hw.text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	tail := normalize.Digits(c.raw)
	if head == "" || len(head) > 4 || !allDigits(head) || tail != strconv.FormatInt(abs64(c.cents), 10) {
		return c, false
	}
	if head+tail != strconv.FormatInt(abs64(want), 10) {
		return c, false
	}
	c.cents = want
	c.value = amount{cents: want}.String()
	c.raw = hw.text + " " + c.raw
	c.box = union(hw.box, c.box)
	return c, true
}
