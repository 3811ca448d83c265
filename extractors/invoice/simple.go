package invoice

import (
	"slices"
	"strings"
	"unicode"

	"intake/pipeline"
	"intake/pipeline/normalize"
)

// debitWords mark a line about the buyer's own account (a direct debit):
// an IBAN there is where money is taken from, not where it is sent.
var debitWords = []string{
	"lastschrift", "abgebucht", "abbuchen", "eingezogen", "einzug", "ihrem konto", "ihres kontos", "mandat",
	"direct debit", "your account", "debited", "betalingsservice", "autogiro", "prelevement", "incasso",
}

// resolveSimple picks the fields that stand alone: the best-scoring
// candidate after merging equal values, with a few cross-checks.
func (x *extraction) resolveSimple(out map[string]pipeline.Field) {
	// issue_date, then due_date not before it.
	issues := merge(x.cands[fIssueDate])
	var issue *cand
	if len(issues) > 0 {
		issue = &issues[0]
	} else if c, ok := x.firstDate(); ok {
		issue = &c
	}
	x.offer(fIssueDate, issues...)
	if issue != nil {
		out[fIssueDate] = issue.toField()
	}
	var dues []cand
	for _, c := range x.cands[fDueDate] {
		if issue != nil && c.value < issue.value {
			c.score *= 0.3 // a due date before the invoice date is another date
		}
		if issue != nil && c.box == issue.box && c.page == issue.page {
			continue
		}
		dues = append(dues, c)
	}
	x.offer(fDueDate, dues...)
	if dues = merge(dues); len(dues) > 0 {
		out[fDueDate] = dues[0].toField()
	}

	// invoice_number: never a value labelled as the buyer's.
	var nums []cand
	for _, c := range x.cands[fInvoiceNumber] {
		if x.buyerIDs[idChars(c.value)] {
			continue
		}
		nums = append(nums, c)
	}
	if len(nums) == 0 {
		if c, ok := x.titledNumber(); ok {
			nums = append(nums, c)
		}
	}
	x.offer(fInvoiceNumber, nums...)
	if nums = merge(nums); len(nums) > 0 {
		out[fInvoiceNumber] = nums[0].toField()
	}

	for _, f := range []string{fBuyerReference, fOrderReference, fBankgiro, fPlusgiro, fPaymentReference} {
		x.offer(f, x.cands[f]...)
		if cs := merge(x.cands[f]); len(cs) > 0 && cs[0].score >= 0.2 {
			out[f] = cs[0].toField()
		}
	}

	var ibans []cand
	for _, c := range x.cands[fIBAN] {
		if x.buyerIDs[c.value] {
			continue
		}
		c.score *= x.partyFactor(c)
		if c.line != nil && containsAny(fold(c.line.text()), debitWords) {
			c.score *= 0.3
		}
		ibans = append(ibans, c)
	}
	x.offer(fIBAN, ibans...)
	if ibans = merge(ibans); len(ibans) > 0 && ibans[0].score >= 0.2 {
		out[fIBAN] = ibans[0].toField()
	}

	var glns []cand
	for _, c := range x.cands[fBuyerGLN] {
		if x.partyAt(c.page, c.box) == tSeller {
			continue
		}
		glns = append(glns, c)
	}
	x.offer(fBuyerGLN, glns...)
	if glns = merge(glns); len(glns) > 0 && glns[0].score >= 0.3 {
		out[fBuyerGLN] = glns[0].toField()
	}
}

// titledNumber is the fallback invoice number: a number beside the
// document's title ("FAKTURA INV-017689"), with a low confidence. A scan
// loses the label between them, or reads it as a speck ("Faktura Ww
// INV-090996"); one short letter-only word in between is passed over. The
// number must look like one: letters with four digits or more, or five
// digits (not "Faktura 1 af 2", not a year).
func (x *extraction) titledNumber() (cand, bool) {
	for _, ln := range x.lay.lines {
		for j, w := range ln.words {
			if !isTitleWord(w.key) {
				continue
			}
			k := j + 1
			if k < len(ln.words)-1 && len([]rune(ln.words[k].key)) <= 2 && normalize.Digits(ln.words[k].text) == "" {
				k++
			}
			if k >= len(ln.words) || labelAt(x.labels[ln.index], k) != nil {
				continue
			}
			p, n := x.parseDocNumber(ln.words[k:])
			if n == 0 || !numberLike(p.value) {
				continue
			}
			return x.mk(fInvoiceNumber, p, ln.words[k:k+n], ln, nil, 0.3*p.validity), true
		}
	}
	return cand{}, false
}

// numberLike reports an identifier with letters and four digits or more,
// or of five digits or more.
func numberLike(s string) bool {
	d := len(normalize.Digits(s))
	letters := strings.ContainsFunc(s, unicode.IsLetter)
	return d >= 5 || letters && d >= 4
}

// firstDate is the fallback issue date: the first date in the upper part
// of the first page outside the buyer's block and any received stamp,
// and not labelled as the due date, with a low confidence.
func (x *extraction) firstDate() (cand, bool) {
	for _, ln := range x.lay.lines {
		if ln.page != 1 || ln.box.Y0 > 0.4*x.pageHeight(1) {
			continue
		}
		for j := range ln.words {
			if labelAt(x.labels[ln.index], j) != nil {
				continue
			}
			p, n := x.parseDate(ln.words[j:])
			if n == 0 {
				continue
			}
			c := x.mk(fIssueDate, p, ln.words[j:j+n], ln, nil, 0.25*p.validity)
			if x.partyAt(c.page, c.box) == tBuyer || x.stamped(c.page, c.box) || x.labelledDue(c) {
				continue
			}
			return c, true
		}
	}
	return cand{}, false
}

// labelledDue reports a date a due-date label proposed.
func (x *extraction) labelledDue(c cand) bool {
	for _, d := range x.cands[fDueDate] {
		if d.page == c.page && d.box == c.box {
			return true
		}
	}
	return false
}

// stampWords head a received stamp (folded); the date under them is
// when the document arrived, not when it was issued.
var stampWords = []string{
	"indgaet", "modtaget", "ankommet", "ankom", "mottaget", "inkommen", "inkommit", "inkom", "received",
	"eingegangen", "eingang", "recu", "ontvangen",
}

// stamped reports a box on the page below a received stamp's word: its
// top within two and a half of the word's heights of the word, and
// across within a word's width of it.
func (x *extraction) stamped(page int, b pipeline.Box) bool {
	for _, ln := range x.lay.lines {
		if ln.page != page || ln.box.Y1 > b.Y0+1 || ln.box.Y1 < b.Y0-3*ln.height() {
			continue
		}
		for _, w := range ln.words {
			if !slices.Contains(stampWords, w.key) {
				continue
			}
			wd, h := w.box.X1-w.box.X0, w.height()
			if b.Y0-w.box.Y1 <= 2.5*h && b.X1 > w.box.X0-wd && b.X0 < w.box.X1+wd {
				return true
			}
		}
	}
	return false
}

func containsAny(s string, subs []string) bool {
	for _, t := range subs {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}
