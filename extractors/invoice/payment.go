package invoice

import (
	"regexp"
	"strings"

	"intake/pipeline"
	"intake/pipeline/normalize"
	"intake/validators/checkdigit"
)

// danishAccount matches "1234-0001234567" or "1234 1234567890": a
// four-digit reg.nr and an account number of up to ten digits.
var danishAccount = regexp.MustCompile(`^(\d{4})(?:[ -]+| ?/ ?)(\d{4,10})$`)

// resolveBankAccount pairs a Danish reg.nr with the account number next to
// it ("Reg.nr. 1234 Kontonr. 0001234567", "Konto: 1234-0001234567") into
// their digits. Without a reg.nr label only Danish documents are read this
// way, since elsewhere "Konto 1234 5678" is something else.
func (x *extraction) resolveBankAccount(out map[string]pipeline.Field) {
	x.offer(fBankAccount, x.cands[fBankAccount]...)
	defer func() {
		// Both halves printed together under one label ("Reg.nr. / konto
		// 1234 / 5678901") when nothing above paired them.
		if _, ok := out[fBankAccount]; ok {
			return
		}
		if cs := merge(x.cands[fBankAccount]); len(cs) > 0 {
			out[fBankAccount] = cs[0].toField()
		}
	}()
	regs := merge(x.cands[tRegNo])
	accts := x.cands[tAccountNo]
	for _, r := range regs {
		var best *cand
		for i := range accts {
			a := accts[i]
			if a.page != r.page || a.box.Y0 > r.box.Y1+3*x.lay.height || a.box.Y1 < r.box.Y0-x.lay.height {
				continue
			}
			if best == nil || a.score > best.score {
				best = &a
			}
		}
		if best == nil || len(best.value) < 6 {
			continue
		}
		b := union(r.box, best.box)
		out[fBankAccount] = pipeline.Field{
			Value: r.value + best.value, Raw: r.raw + " " + best.raw,
			Confidence: round3(clamp01(0.9 * min(r.score, best.score))), Page: r.page, Box: &b,
		}
		return
	}
	for _, a := range x.cands[tAccountNo] {
		// "Reg.nr. / konto 1234 / 5678901" names both halves; elsewhere
		// only Danish documents are read this way.
		if x.lang != "da" && !x.regLabelled(a) {
			continue
		}
		ws := wordsOfBox(a.line, a.box)
		if m := danishAccount.FindStringSubmatch(joinWords(ws)); m != nil {
			b := a.box
			out[fBankAccount] = pipeline.Field{Value: m[1] + m[2], Raw: a.raw, Confidence: round3(clamp01(0.7 * a.score)), Page: a.page, Box: &b}
			return
		}
	}
}

func wordsOfBox(ln *line, b pipeline.Box) []word {
	var ws []word
	for _, w := range ln.words {
		if w.box.X0 >= b.X0-0.1 && w.box.X1 <= b.X1+0.1 {
			ws = append(ws, w)
		}
	}
	return ws
}

// regLabelled reports whether a reg.nr label stands on the account's line
// or above its label.
func (x *extraction) regLabelled(a cand) bool {
	if a.label == nil {
		return false
	}
	for _, m := range x.labels[a.label.line.index] {
		if _, ok := m.has(tRegNo); ok {
			return true
		}
	}
	return false
}

// regAccount is a Danish reg.nr and account number printed together.
var regAccount = regexp.MustCompile(`^(\d{4}) ?[/ -] ?(\d{6,10})$`)

// parseRegAccount reads "1234 / 5678901", "1234-5678901" or "1234 5678901".
// The gap may be as wide as the slash and its spaces: a scan loses the
// thin slash, and OCR's boxes are only as high as the digits' ink.
func parseRegAccount(ws []word) (parsed, int) {
	return runs(ws, 3, 2, func(s string) (parsed, bool) {
		m := regAccount.FindStringSubmatch(s)
		if m == nil {
			return parsed{}, false
		}
		return parsed{value: m[1] + m[2], validity: 1}, true
	})
}

// accountFromIBAN fills a Danish account ("Reg.nr. / konto") that was
// printed but could not be read from the IBAN beside it, which holds the
// same account: DKkk, the four-digit reg.nr, and the account number in
// ten digits. The IBAN's check digits vouch for its digits; the account
// takes its raw text and place. It runs on the final pick.
func (x *extraction) accountFromIBAN(fields map[string]pipeline.Field) {
	iban, ok := fields[fIBAN]
	if _, have := fields[fBankAccount]; have || !ok || len(iban.Value) != 18 || !strings.HasPrefix(iban.Value, "DK") || !validIBAN(iban.Value) {
		return
	}
	if !x.labelledAs(tRegNo) {
		return
	}
	acct := strings.TrimLeft(iban.Value[8:], "0")
	if len(acct) < 4 {
		return
	}
	iban.Value = iban.Value[4:8] + acct
	iban.MendedBy = "the IBAN's reg.nr and account number, its check digits valid: the reg.nr and account printed could not be read"
	fields[fBankAccount] = iban
}

// labelledAs reports whether a label for target is printed anywhere.
func (x *extraction) labelledAs(target string) bool {
	for _, ms := range x.labels {
		for _, m := range ms {
			for _, h := range m.hits {
				if h.target == target && h.strength >= 1 {
					return true
				}
			}
		}
	}
	return false
}

// wholeReference extends a payment reference picked from the tail of a
// number printed in groups ("2106 8240 0268 653" read as 0268653), which
// fails its check digit, to the groups before it on its line when the
// whole passes: the print makes them one number. The value is mended, so
// its confidence is halved.
func (x *extraction) wholeReference(fields map[string]pipeline.Field) {
	f, ok := fields[fPaymentReference]
	if !ok || f.Box == nil || !allDigits(f.Value) || checkdigit.Luhn(f.Value) {
		return
	}
	for _, ln := range x.lay.lines {
		if ln.page != f.Page {
			continue
		}
		k := -1
		for i, w := range ln.words {
			if overlaps(w.box, *f.Box) {
				k = i
				break
			}
		}
		if k < 0 {
			continue
		}
		i := k
		for i > 0 && allDigits(ln.words[i-1].text) && ln.words[i].box.X0-ln.words[i-1].box.X1 <= 1.2*ln.words[i].height() {
			i--
		}
		if i == k {
			return
		}
		var ws []word
		for _, w := range ln.words[i:] {
			if w.box.X0 > f.Box.X1 {
				break
			}
			ws = append(ws, w)
		}
		d := normalize.Digits(joinWords(ws))
		if len(d) > 25 || !strings.HasSuffix(d, f.Value) || !checkdigit.Luhn(d) {
			return
		}
		b := boxOf(ws)
		why := "the groups printed before " + f.Value + ", which fails its check digit: the whole passes"
		f.Value, f.Raw, f.Box = d, joinWords(ws), &b
		fields[fPaymentReference] = mended(f, why)
		return
	}
}
