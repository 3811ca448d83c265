package registers

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"intake/pipeline"
	"intake/pipeline/fuzzy"
	"intake/pipeline/normalize"
)

// DefaultConfirmedConfidence is the confidence of a value the supplier
// register confirms: the supplier's id and its name were both found on
// the page, so a misreading would have to turn into another supplier's
// id and name at once.
const DefaultConfirmedConfidence = 0.999

// minConfirmName is the similarity (edit distance over the length, legal
// forms and punctuation aside) a name on the page needs to count as the
// register's name: an OCR slip or two pass, another company's name not.
const minConfirmName = 0.8

// Confirm is the stage that checks what was read from a page against the
// registers before the rules run. When a supplier's id (or VAT number)
// and its name both appear on the page, that supplier issued the
// document: supplier_id and supplier_name become those page values, and
// they, the accounts of that supplier and a known buyer reference get
// ConfirmedBy and a confidence of at least Confidence. Values stay
// traceable to the page; a name OCR misspelt takes the register's
// spelling and keeps the page's as Raw. Nothing is confirmed when two
// suppliers qualify, and nothing in an exact e-invoice is touched.
type Confirm struct {
	// Registers is the Set in force (a *Store reloads it).
	Registers interface{ Current() *Set }
	// Confidence given to confirmed values; 0 is DefaultConfirmedConfidence.
	Confidence float64
	// ReferenceBases returns what a payment reference that passes its
	// check digits was made from (checkdigit.ReferenceBases); nil
	// confirms no invoice number by its reference.
	ReferenceBases func(ref string) []string
}

var _ pipeline.Stage = (*Confirm)(nil)

func (*Confirm) Name() string { return "confirm" }

// Process confirms the supplier fields of invoices, credit notes and
// payment reminders read from pages, and the names of an application's
// provider and persons by the ids printed with them.
func (c *Confirm) Process(ctx context.Context, doc *pipeline.Document) error {
	if doc.Structured || len(doc.Pages) == 0 {
		return nil
	}
	conf := c.Confidence
	if conf == 0 {
		conf = DefaultConfirmedConfidence
	}
	set := c.Registers.Current()
	switch doc.Type.Value {
	case pipeline.TypeInvoice, pipeline.TypeCreditNote, pipeline.TypePaymentReminder:
	case pipeline.TypeSickPayClaim, pipeline.TypeSchoolTransport:
		lines := pageLines(doc.Pages)
		providerByName(doc, lines, set, conf)
		for _, n := range namedByID {
			confirmNamed(doc, lines, set, n, conf)
		}
		if doc.Fields["provider_id"].ConfirmedBy == "" {
			respell(doc, set, "provider_name")
		}
		confirmHousehold(doc, lines, set, conf)
		spellTown(doc, set)
		confirmSchool(doc, set, conf)
		confirmDecision(doc, lines, set, conf)
		return ctx.Err()
	default:
		return nil
	}
	lines := pageLines(doc.Pages)
	sup, id, name, ok := confirmSupplier(set, lines, doc.Fields)
	if !ok {
		if s, n, found := supplierByNameAndAccount(set, lines, doc.Fields); found {
			// The id is left as read: unreadable, or a near miss the
			// check-digit rule must still see.
			by := fmt.Sprintf("supplier register: %s %s (name, and an account of theirs on the page)", s.ID, s.Name)
			doc.SetField("supplier_name", confirmed(n, by, conf))
			buyersIDRead(doc, lines, set, s, by, conf)
			accountsOnPage(doc, lines, s, conf)
		} else {
			respell(doc, set, "supplier_name")
			supplierIDBesideBuyers(doc, lines, set)
		}
	}
	if ok {
		by := fmt.Sprintf("supplier register: %s %s", sup.ID, sup.Name)
		doc.SetField("supplier_id", confirmed(id, by, conf))
		doc.SetField("supplier_name", confirmed(name, by, conf))
		// "2024107615" for 2024/07615: read in the shape of the supplier's
		// series, the page's reading kept as Raw. Not confirmed: the
		// ledger vouches for the shape, not for the digits.
		if f, have := doc.Fields["invoice_number"]; have && doc.ReadByOCR(f) {
			if v, ok := set.InvoiceNumberRead(sup.ID, f.Value); ok {
				doc.SetField("invoice_number", reread(f, v, "the number series of "+sup.ID+", as its booked invoices show it"))
			}
		}
		if c.ReferenceBases != nil {
			confirmInvoiceNumber(doc, set, sup, c.ReferenceBases, conf)
			invoiceNumberOnPage(doc, lines, set, sup, c.ReferenceBases, conf)
		}
		for _, a := range accountFields {
			f, have := doc.Fields[a.field]
			if have && hasAccount(sup, Account{Kind: a.kind, Value: f.Value}) {
				f.ConfirmedBy = fmt.Sprintf("supplier register: %s account %s", sup.ID, a.kind)
				doc.SetField(a.field, confirmed(f, f.ConfirmedBy, conf))
			}
		}
		accountsOnPage(doc, lines, sup, conf)
	}
	if f, have := doc.Fields["buyer_reference"]; have {
		r, known := set.BuyerReference(f.Value)
		if !known {
			// "AEHO969" for AEH0969 (OCR), and the next cell's words run
			// on ("SLX745 Granåsa kommun"): the register's spelling, the
			// page's as Raw.
			ocr := doc.ReadByOCR(f)
			for _, v := range referenceReadings(f.Value) {
				if r, known = set.BuyerReference(v); !known && ocr {
					r, known = set.BuyerReferenceRead(v)
				}
				if known {
					break
				}
			}
			if known {
				f = reread(f, r.Reference, "buyer reference register: characters read alike")
			}
		}
		if known {
			doc.SetField("buyer_reference", confirmed(f, fmt.Sprintf("buyer reference register: %s %s", r.Reference, r.Unit), conf))
		}
	}
	if f := doc.Fields["buyer_reference"]; f.ConfirmedBy == "" && !referenceShaped(f.Value) {
		// The label lost under a stamp, or its value read from the
		// stamp's words ("kommun") or a date ("2024"): one of the
		// register's references, as printed, is on the page. A value
		// shaped like a reference the register lacks stays, for the
		// rules to report.
		if ref, f, found := only(onPage(lines, func(key string) string { return printedReference(set, key) })); found {
			r, _ := set.BuyerReference(ref)
			doc.SetField("buyer_reference", confirmed(f, fmt.Sprintf("buyer reference register: %s %s", r.Reference, r.Unit), conf))
		}
	}
	confirmBuyerGLN(doc, lines, set, conf)
	if ok {
		confirmOrder(doc, lines, set, sup, conf)
	}
	return ctx.Err()
}

// confirmInvoiceNumber confirms an invoice number when the payment
// reference, valid by its check digits, was made from it: the supplier's
// system printed the number's digits a second time under a check digit,
// so a misread digit would have to be misread alike twice and still pass
// the check. The reference vouches for the digits only; the number's
// shape (its letters, separators and count of digits) must be one of the
// supplier's series as its booked invoices show them, so a letter misread
// or a digit lost in front is not confirmed.
func confirmInvoiceNumber(doc *pipeline.Document, set *Set, sup *Supplier, bases func(string) []string, conf float64) {
	f, have := doc.Fields["invoice_number"]
	ref, haveRef := doc.Fields["payment_reference"]
	if !have || !haveRef {
		return
	}
	d := strings.Join(digitRuns(f.Value), "")
	if len(d) < minReferenceDigits {
		return
	}
	series := set.InSeries(sup.ID, f.Value)
	var near []string
	for _, b := range bases(ref.Value) {
		if series && strings.HasSuffix(b, d) {
			by := fmt.Sprintf("payment reference %s, made from its digits, and the number series of %s", ref.Value, sup.ID)
			doc.SetField("invoice_number", confirmed(f, by, conf))
			return
		}
		if len(b) >= len(d) && oneDigitOff(b[len(b)-len(d):], d) {
			near = append(near, b[len(b)-len(d):])
		}
	}
	// One digit OCR misread ("24902686" where the reference was made
	// from 24002686): the reference passed its check, so its digits are
	// the ones printed twice. The number takes them, unconfirmed, the
	// page's reading as raw; without a series to vouch for the shape, only
	// a number of six digits or more, which a reference ends in by chance
	// too seldom.
	if len(near) == 1 && doc.ReadByOCR(f) && (series || len(d) >= 6) {
		doc.SetField("invoice_number", reread(f, withDigits(f.Value, near[0]), "payment reference "+ref.Value+", valid by its check digits, made from these digits"))
	}
}

// invoiceNumberOnPage finds the invoice number when none was read (its
// label garbled, or the number itself: "$T41122"): the one word on the
// page that, read in the shape of the supplier's series, has the digits
// a valid payment reference was made from. The series vouches for the
// shape and the reference for the digits, as in confirmInvoiceNumber.
func invoiceNumberOnPage(doc *pipeline.Document, lines []line, set *Set, sup *Supplier, bases func(string) []string, conf float64) {
	ref, haveRef := doc.Fields["payment_reference"]
	if _, have := doc.Fields["invoice_number"]; have || !haveRef {
		return
	}
	bs := bases(ref.Value)
	if len(bs) == 0 {
		return
	}
	found := map[string]pipeline.Field{}
	for _, l := range lines {
		for i, w := range l.words {
			v := strings.TrimRight(w.Text, ".,:;")
			if !set.InSeries(sup.ID, v) {
				r, ok := set.InvoiceNumberRead(sup.ID, v)
				if !ok {
					continue
				}
				v = r
			}
			d := strings.Join(digitRuns(v), "")
			if len(d) < minReferenceDigits {
				continue
			}
			for _, b := range bs {
				if _, seen := found[v]; !seen && strings.HasSuffix(b, d) {
					found[v] = pageField(l, i, i, v)
				}
			}
		}
	}
	if _, f, ok := only(found); ok {
		doc.SetField("invoice_number", confirmed(f, fmt.Sprintf("payment reference %s, made from its digits, and the number series of %s, on the page", ref.Value, sup.ID), conf))
	}
}

// oneDigitOff reports two digit strings of one length that differ in one
// place.
func oneDigitOff(a, b string) bool {
	diff := 0
	for i := range len(a) {
		if a[i] != b[i] {
			diff++
		}
	}
	return len(a) == len(b) && diff == 1
}

// withDigits is s with its digits, in order, replaced by those of d.
func withDigits(s, d string) string {
	rs := []rune(s)
	k := 0
	for i, r := range rs {
		if unicode.IsDigit(r) && k < len(d) {
			rs[i] = rune(d[k])
			k++
		}
	}
	return string(rs)
}

// minReferenceDigits is the fewest digits of an invoice number that a
// payment reference ending in them confirms: fewer end a reference by
// chance too often.
const minReferenceDigits = 4

// confirmBuyerGLN confirms a buyer GLN read that is one of the
// municipality's own, and finds it on the page when none was read: a
// number that is one of the municipality's GLNs is the address the
// invoice is for, whatever label it lost (under a stamp, or a scan's
// speck) or never had. Two of them on the page are no answer.
func confirmBuyerGLN(doc *pipeline.Document, lines []line, set *Set, conf float64) {
	by := func(gln string) string {
		r, _ := set.BuyerGLN(gln)
		return fmt.Sprintf("buyer reference register: GLN of %s, %s", r.Unit, r.Municipality)
	}
	if f, have := doc.Fields["buyer_gln"]; have {
		if _, ok := set.BuyerGLN(f.Value); ok {
			doc.SetField("buyer_gln", confirmed(f, by(f.Value), conf))
		}
		return
	}
	found := onPage(lines, func(key string) string {
		if _, ok := set.BuyerGLN(key); ok {
			return key
		}
		return ""
	})
	if gln, f, ok := only(found); ok {
		doc.SetField("buyer_gln", confirmed(f, by(gln), conf))
	}
}

// confirmOrder confirms an order reference read that is one of the
// supplier's purchase orders, and finds it on the page when none was
// read: a number printed on the invoice that is one of the supplier's
// purchase orders is the order it bills, whatever label it lost. Two
// of them are no answer.
func confirmOrder(doc *pipeline.Document, lines []line, set *Set, sup *Supplier, conf float64) {
	order := func(key string) string {
		for _, po := range set.PurchaseOrdersPrinted(key) {
			if po.SupplierID == sup.ID {
				return po.Number
			}
		}
		return ""
	}
	by := func(n string) string { return fmt.Sprintf("purchase-order register: %s from %s", n, sup.ID) }
	if f, have := doc.Fields["order_reference"]; have {
		if n := order(normalize.ID(f.Value)); n == f.Value {
			doc.SetField("order_reference", confirmed(f, by(n), conf))
		} else if n != "" {
			doc.SetField("order_reference", confirmed(reread(f, n, by(n)), by(n), conf))
		}
		return
	}
	found := onPage(lines, func(key string) string {
		if len(key) < minOrderKey {
			return ""
		}
		return order(key)
	})
	if n, f, ok := only(found); ok {
		doc.SetField("order_reference", confirmed(f, by(n), conf))
	}
}

// minOrderKey is the shortest order number looked for on a page: shorter
// numbers are as likely a quantity or a postcode that happens to match.
const minOrderKey = 6

// only is the one value onPage found, with its place; two or more are
// no answer.
func only(found map[string]pipeline.Field) (string, pipeline.Field, bool) {
	if len(found) == 1 {
		for v, f := range found {
			return v, f, true
		}
	}
	return "", pipeline.Field{}, false
}

// onPage finds the values a register knows printed on the page, each at
// the first place it is printed: known tells the register's value of a
// printed id (one to maxIDWords words, normalize.ID), or "". A label glued
// to the id's first word ("EAN:5798000000000", "Ordre:PO-2024-1") is
// passed over.
func onPage(lines []line, known func(key string) string) map[string]pipeline.Field {
	return onPageAt(lines, func(_ line, _ int, key string) string { return known(key) })
}

// onPageAt is onPage whose known also sees where the run starts: word i
// of line l.
func onPageAt(lines []line, known func(l line, i int, key string) string) map[string]pipeline.Field {
	found := map[string]pipeline.Field{}
	eachPrintedID(lines, func(l line, i, j int, key string) {
		first := normalize.ID(l.words[i].Text)
		keys := []string{key}
		if k := strings.LastIndexByte(first, ':'); k >= 0 && k+1 < len(first) {
			keys = append(keys, key[k+1:])
		}
		if k := strings.IndexFunc(first, unicode.IsDigit); k > 0 {
			keys = append(keys, key[k:])
		}
		for _, k := range keys {
			if v := known(l, i, k); v != "" {
				if _, seen := found[v]; !seen {
					found[v] = pageField(l, i, j, v)
				}
				return
			}
		}
	})
	return found
}

// printedReference is the buyer reference key is as printed, when it has
// the make of one that cannot be a common word or number: five
// characters or more, letters and digits. Shorter references (initials,
// a four-digit staff number) are only taken beside their label.
func printedReference(set *Set, key string) string {
	if !referenceShaped(key) {
		return ""
	}
	if r, ok := set.BuyerReference(key); ok {
		return r.Reference
	}
	return ""
}

func referenceShaped(key string) bool {
	return len(key) >= 5 && strings.ContainsFunc(key, unicode.IsLetter) && strings.ContainsFunc(key, unicode.IsDigit)
}

// reread gives f the value v the registers say the page means, keeping
// what was read as Raw and why as MendedBy.
func reread(f pipeline.Field, v, why string) pipeline.Field {
	if f.Raw == "" {
		f.Raw = f.Value
	}
	if v != f.Value {
		f.Value, f.MendedBy = v, why
	}
	return f
}

// referenceReadings are what a buyer reference read may be: all of it,
// or its first word when more followed (a reference is one word).
func referenceReadings(v string) []string {
	if w := strings.Fields(v); len(w) > 1 {
		return []string{v, w[0]}
	}
	return []string{v}
}

// namedField is an id field, its name field, and how the register names
// the id (with what says so).
type namedField struct {
	id, name string
	lookup   func(set *Set, id string) (name, by string, ok bool)
}

// namedByID are the application fields whose name a register knows by
// the id read beside it: the assistance company by its organisation
// number, and persons by their CPR number or personnummer.
var namedByID = []namedField{
	{"provider_id", "provider_name", func(set *Set, id string) (string, string, bool) {
		p, ok := set.Provider(id)
		if !ok {
			return "", "", false
		}
		return p.Name, fmt.Sprintf("provider register: %s %s", p.ID, p.Name), true
	}},
	{"assistant_id", "assistant_name", personName("assistant")},
	{"child_id", "child_name", personName("child")},
}

// minIDTail is the fewest digits of an organisation number that, printed
// beside its name, identify the provider when the rest is unreadable.
const minIDTail = 7

// providerByName finds the provider of a claim whose organisation number
// was not read (a stamp over its first digits: "9576-1262" for
// 559576-1262): the one register provider like the name read whose
// number ends in the digits printed on the page. The id then takes the
// register's number, the printed digits as Raw; the name is confirmed by
// confirmNamed.
func providerByName(doc *pipeline.Document, lines []line, set *Set, conf float64) {
	if f, have := doc.Fields["provider_id"]; have && f.Value != "" {
		return
	}
	name := doc.Fields["provider_name"].Value
	if name == "" {
		return
	}
	var like []*Provider
	for i := range set.Data().Providers {
		p := &set.Data().Providers[i]
		if nameSimilarity(name, nameKey(p.Name)) >= minConfirmName {
			like = append(like, p)
		}
	}
	found := onPage(lines, func(key string) string {
		if len(key) < minIDTail || strings.Trim(key, "0123456789") != "" {
			return ""
		}
		for _, p := range like {
			if strings.HasSuffix(p.ID, key) {
				return p.ID
			}
		}
		return ""
	})
	if id, f, ok := only(found); ok {
		p, _ := set.Provider(id)
		doc.SetField("provider_id", confirmed(f, fmt.Sprintf("provider register: %s %s (name, and the number's last digits on the page)", p.ID, p.Name), conf))
	}
}

// personName looks a person's name up in the register, with what says
// so (the id stays out of it, as out of logs). A person the register
// knows in another role (the guardian's id read as the child's) is not
// the one the field names, and is not confirmed.
func personName(role string) func(set *Set, id string) (string, string, bool) {
	return func(set *Set, id string) (string, string, bool) {
		p, ok := set.Person(id)
		if !ok || p.Role != "" && p.Role != role {
			return "", "", false
		}
		return p.Name, "person register: " + p.Name, true
	}
}

// confirmNamed confirms an id field and its name field when the register
// entry of the id read has a name printed on the page (the extracted
// name, or a span of a line like it): the name then takes the register's
// spelling, keeping what was read as Raw. A name the register does not
// recognise on the page leaves both as read.
func confirmNamed(doc *pipeline.Document, lines []line, set *Set, n namedField, conf float64) {
	id, have := doc.Fields[n.id]
	if !have || id.Value == "" {
		return
	}
	want, by, ok := n.lookup(set, id.Value)
	if !ok || want == "" {
		return
	}
	name, ok := findName(lines, want, doc.Fields[n.name])
	if !ok {
		if f, cut := doc.Fields[n.name]; cut && nameCut(f.Value, want) {
			// The end of the name hidden (a stamp, a pen stroke, a box's
			// edge): the id's register name, not confirmed, for a person
			// to check against the page.
			f = reread(f, want, by+", whose beginning is all of the name that could be read")
			f.Confidence /= 2
			doc.SetField(n.name, f)
		}
		return
	}
	doc.SetField(n.id, confirmed(id, by, conf))
	doc.SetField(n.name, confirmed(name, by, conf))
}

// nameCut reports a name read as the beginning of want, cut inside its
// last name: the first name whole, then at least two letters of what
// follows, and at least half of want's letters. Spaces a scan put inside
// words do not count ("Lærke Bj erg" for "Lærke Bjergmose").
func nameCut(read, want string) bool {
	r, w := normName(read), normName(want)
	if len(r) < 2 || len(w) < 2 || r[0] != w[0] {
		return false
	}
	rest := strings.Join(r[1:], "")
	full := strings.Join(w[1:], "")
	n := func(s string) int { return utf8.RuneCountInString(s) }
	return n(rest) >= 2 && len(rest) < len(full) && strings.HasPrefix(full, rest) &&
		2*(n(r[0])+n(rest)) >= n(r[0])+n(full)
}

// confirmHousehold confirms what the population register says about a
// confirmed child: the application's address when it is the child's
// registered address, and the applicant when a guardian registered there
// has the name read. Both then take the register's spelling (OCR drops
// æøåäö from names no dictionary holds). An address keeps the page's
// value unless every number in it is the register's: a house number or
// postcode that differs is another address (the family has moved), not a
// misreading for the register to correct.
func confirmHousehold(doc *pipeline.Document, lines []line, set *Set, conf float64) {
	child := confirmedChild(doc, set)
	if child == nil || child.Address.Street == "" {
		return
	}
	home := child.Address.Line()
	if f, have := doc.Fields["address"]; have && sameAddress(f.Value, home) {
		doc.SetField("address", confirmed(asRegisterName(f, home), "person register: address of "+child.Name, conf))
	} else if !have {
		// Its label garbled ("Ad"): the registered street and house
		// number printed on the page, the postcode beside them.
		if f, ok := addressOnPage(lines, child.Address); ok {
			doc.SetField("address", confirmed(f, "person register: address of "+child.Name+", street and postcode on the page", conf))
		}
	}
	f, have := doc.Fields["applicant_name"]
	if !have || f.Value == "" {
		return
	}
	var found *Person
	for _, p := range set.PersonsAt(home) {
		if p.Role != "guardian" || nameSimilarity(f.Value, nameKey(p.Name)) < minConfirmName {
			continue
		}
		if found != nil { // two guardians like the name read: neither
			return
		}
		found = p
	}
	if found != nil {
		doc.SetField("applicant_name", confirmed(asRegisterName(f, found.Name), "person register: guardian at the address of "+child.Name, conf))
	}
}

// addressOnPage finds a registered address on the page: its street and
// house number (the street up to its first comma) on one line, and its
// postcode on that line or the one above or below, on exactly one line.
// The value is the register's; the page's street is raw.
func addressOnPage(lines []line, a Address) (pipeline.Field, bool) {
	street, _, _ := strings.Cut(a.Street, ",")
	n := len(strings.Fields(street))
	nums := digitRuns(street)
	pc := normalize.Digits(a.Postcode)
	if n == 0 || len(nums) == 0 || pc == "" {
		return pipeline.Field{}, false
	}
	key := nameKey(street)
	var found []pipeline.Field
	for li, l := range lines {
		var best []pipeline.Word
		bestS := minConfirmName
		for i := range l.words {
			for k := max(1, n-1); k <= n+1 && i+k <= len(l.words); k++ {
				ws := l.words[i : i+k]
				text := joinWords(ws)
				if !slices.Equal(digitRuns(text), nums) {
					continue
				}
				if s := nameSimilarity(text, key); s > bestS || s == bestS && best == nil {
					best, bestS = ws, s
				}
			}
		}
		if best != nil && postcodeNear(lines, li, pc) {
			found = append(found, pipeline.Field{Value: a.Line(), Raw: joinWords(best), Confidence: minConf(best), Page: l.page, Box: union(best)})
		}
	}
	if len(found) != 1 {
		return pipeline.Field{}, false
	}
	return found[0], true
}

// postcodeNear reports pc printed as a word, or two ("582 22"), on line
// li of lines or the line above or below it on its page.
func postcodeNear(lines []line, li int, pc string) bool {
	for k := max(0, li-1); k <= min(len(lines)-1, li+1); k++ {
		if lines[k].page != lines[li].page {
			continue
		}
		ws := lines[k].words
		for j := range ws {
			d := normalize.Digits(ws[j].Text)
			if d == pc || j+1 < len(ws) && d != "" && d+normalize.Digits(ws[j+1].Text) == pc {
				return true
			}
		}
	}
	return false
}

// respell gives a company name OCR read the registers' spelling when it
// differs from one register name in diacritics alone ("Ulfnås Konsult
// Handelsbolag" for Ulfnäs): OCR drops or swaps the marks of names no
// dictionary holds. The name is not confirmed by it (the company may not
// be the register's), and Raw keeps the page's reading.
func respell(doc *pipeline.Document, set *Set, field string) {
	f, have := doc.Fields[field]
	if !have || f.Value == "" || f.ConfirmedBy != "" || !doc.ReadByOCR(f) {
		return
	}
	if name, ok := set.Spelling(f.Value); ok && !strings.EqualFold(strings.Join(strings.Fields(f.Value), " "), name) {
		doc.SetField(field, reread(f, name, "register spelling: the name read differs in diacritics alone"))
	}
}

// postTown is the postcode and town that end an address line.
var postTown = regexp.MustCompile(`(?:^|[\s,])(\d{3} ?\d{2}|\d{4})\s+(\p{L}[\p{L} .'-]*)$`)

// spellTown spells the town of an address read by OCR as the registers'
// addresses spell it for that postcode ("582 22 Sjéhamra" → Sjöhamra):
// OCR drops the diacritics of place names no dictionary holds. Only the
// one town of the postcode like the reading is taken; the address is not
// confirmed by it (who lives there is confirmHousehold's question), and
// Raw keeps the page's reading.
func spellTown(doc *pipeline.Document, set *Set) {
	f, have := doc.Fields["address"]
	if !have || f.ConfirmedBy != "" || !doc.ReadByOCR(f) {
		return
	}
	m := postTown.FindStringSubmatchIndex(f.Value)
	if m == nil {
		return
	}
	read := f.Value[m[4]:m[5]]
	town := ""
	for _, t := range set.Towns(f.Value[m[2]:m[3]]) {
		if t == read {
			return
		}
		if nameSimilarity(read, nameKey(t)) >= minConfirmName {
			if town != "" {
				return // two towns alike: neither
			}
			town = t
		}
	}
	if town != "" {
		doc.SetField("address", reread(f, f.Value[:m[4]]+town, "the registers' spelling of the town of postcode "+f.Value[m[2]:m[3]]))
	}
}

// confirmedChild is the register's entry for the child_id that
// confirmNamed confirmed, nil when it did not.
func confirmedChild(doc *pipeline.Document, set *Set) *Person {
	id := doc.Fields["child_id"]
	if id.ConfirmedBy == "" {
		return nil
	}
	p, _ := set.Person(id.Value)
	return p
}

// minConfirmSchool is stricter than minConfirmName: a school's name is
// often one word, and a school the register lacks (a private one) may be
// a letter or two from one it has ("Strandskolen", "Sandskolen").
const minConfirmSchool = 0.9

// confirmSchool confirms the school an application names as a school of
// the register: the one whose name a span of the value read is like (OCR
// slips, and a neighbouring cell's words run on: "Kloverlundskolen
// lasse)"). The value then takes the register's name. With a confirmed
// child only the schools of the child's municipality count.
func confirmSchool(doc *pipeline.Document, set *Set, conf float64) {
	f, have := doc.Fields["school"]
	if !have || f.Value == "" {
		return
	}
	municipality := ""
	if child := confirmedChild(doc, set); child != nil {
		municipality = child.Address.Municipality
	}
	words := strings.Fields(f.Value)
	var best *School
	bestS := 0.0
	for i := range set.Data().Schools {
		sc := &set.Data().Schools[i]
		if municipality != "" && sc.Municipality != municipality {
			continue
		}
		want := nameKey(sc.Name)
		n := len(strings.Fields(sc.Name))
		s := 0.0
		for j := range words {
			for k := max(1, n-1); k <= n+1 && j+k <= len(words); k++ {
				s = max(s, nameSimilarity(strings.Join(words[j:j+k], " "), want))
			}
		}
		switch {
		case s > bestS:
			best, bestS = sc, s
		case s == bestS && best != nil && best.Name != sc.Name:
			best = nil // two names alike: neither
		}
	}
	if best == nil || bestS < minConfirmSchool {
		return
	}
	doc.SetField("school", confirmed(asRegisterName(f, best.Name), fmt.Sprintf("school register: %s %s", best.ID, best.Name), conf))
}

// confirmDecision confirms a sick-pay claim's decision reference by the
// assisted person's decisions (or, when that id was not read, by the
// decisions naming the confirmed provider): as read when the register
// has it for them, or, read by OCR, as the register's one reference of
// theirs it differs from in letters only ("N 2022/230" or "2022/230"
// for SN 2022/230: letters lost at the edge of a box). A number that
// differs is another decision and stays for the rules to question. When
// none was read (its label garbled or under a stamp), the one decision
// of theirs printed on the page is taken.
func confirmDecision(doc *pipeline.Document, lines []line, set *Set, conf float64) {
	var theirs []*Decision
	if person := doc.Fields["assisted_person_id"].Value; person != "" {
		theirs = set.DecisionsFor(person)
	} else if prov := doc.Fields["provider_id"]; prov.ConfirmedBy != "" {
		theirs = set.DecisionsWith(prov.Value)
	}
	f, have := doc.Fields["decision_reference"]
	if !have || f.Value == "" {
		printed := map[string]string{}
		for _, d := range theirs {
			if d.Kind == "personal_assistance" {
				printed[normalize.ID(d.ID)] = d.ID
			}
		}
		if id, f, found := only(onPage(lines, func(key string) string { return printed[key] })); found {
			doc.SetField("decision_reference", confirmed(f, "decision register: "+id, conf))
		}
		return
	}
	for _, d := range theirs {
		if d.ID == f.Value {
			doc.SetField("decision_reference", confirmed(f, "decision register: "+d.ID, conf))
			return
		}
	}
	if !doc.ReadByOCR(f) {
		return
	}
	var found *Decision
	for _, d := range theirs {
		read, id := strings.ToUpper(f.Value), strings.ToUpper(d.ID)
		if d.Kind != "personal_assistance" || !slices.Equal(digitRuns(read), digitRuns(id)) ||
			fuzzy.Distance([]rune(read), []rune(id)) > 2 && !strings.HasSuffix(id, read) {
			continue
		}
		if found != nil {
			return
		}
		found = d
	}
	if found != nil {
		doc.SetField("decision_reference", confirmed(reread(f, found.ID, "decision register: "+found.ID), "decision register: "+found.ID, conf))
	}
}

func digitRuns(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsDigit(r) })
}

// sameAddress tells an address read from a page from the registered one
// it is a misreading of: the same numbers in the same order, and letters
// as alike as a confirmed name's.
func sameAddress(read, registered string) bool {
	if !slices.Equal(digitRuns(read), digitRuns(registered)) {
		return false
	}
	return nameSimilarity(read, nameKey(registered)) >= minConfirmName
}

var accountFields = []struct{ field, kind string }{
	{"iban", "iban"}, {"bank_account", "dk_account"}, {"bankgiro", "bankgiro"}, {"plusgiro", "plusgiro"},
}

// accountsOnPage fills an account field not read (its label garbled:
// "Bankpro!", "B 628-2081"), or read as a piece of it ("132" of "PG 8°64
// 13-2"), with the confirmed supplier's account of that kind printed on
// the page, where it is printed. Another account read stays: the page
// may name two, and the rules compare them with the register.
func accountsOnPage(doc *pipeline.Document, lines []line, sup *Supplier, conf float64) {
	want := map[string]string{} // kind → field, for the kinds to look for
	for _, a := range accountFields {
		read, have := doc.Fields[a.field]
		if !have || read.Value != "" && !hasAccount(sup, Account{Kind: a.kind, Value: read.Value}) {
			want[a.kind] = a.field
		}
	}
	if len(want) == 0 || len(sup.Accounts) == 0 {
		return
	}
	// One pass over the page for every kind: found is keyed "kind value".
	found := onPageAt(lines, func(l line, i int, key string) string {
		d := ""
		for _, acct := range sup.Accounts {
			if _, ok := want[acct.Kind]; !ok {
				continue
			}
			// A Danish account is the end of its IBAN: printed there
			// ("DK76 2865 5083 7913 37") it is no account field.
			if acct.Kind == "dk_account" && i > 0 && ibanHead.MatchString(normalize.ID(l.words[i-1].Text)) {
				continue
			}
			if acct.Value == key {
				return acct.Kind + " " + key
			}
			// A speck inside the digits ("8°64 13-2"): giro and bank
			// account numbers are digits alone.
			if acct.Kind != "iban" {
				if d == "" {
					d = normalize.Digits(key)
				}
				if acct.Value == d && speckOnly(key) {
					return acct.Kind + " " + d
				}
			}
		}
		return ""
	})
	for kind, field := range want {
		byKind := map[string]pipeline.Field{}
		for k, f := range found {
			if v, ok := strings.CutPrefix(k, kind+" "); ok {
				byKind[v] = f
			}
		}
		v, f, ok := only(byKind)
		if read, have := doc.Fields[field]; !ok || have && !strings.Contains(v, read.Value) {
			continue
		}
		f.Value = v
		doc.SetField(field, confirmed(f, fmt.Sprintf("supplier register: %s account %s, on the page", sup.ID, kind), conf))
	}
}

// ibanHead is the first group of an IBAN printed in groups: country and
// check digits (see accountsOnPage).
var ibanHead = regexp.MustCompile(`^[A-Z]{2}\d{2}$`)

// speckOnly reports digits with one mark among them that is neither a
// digit nor a letter.
func speckOnly(key string) bool {
	marks := 0
	for _, r := range key {
		if unicode.IsLetter(r) {
			return false
		}
		if !unicode.IsDigit(r) {
			marks++
		}
	}
	return marks == 1
}

func confirmed(f pipeline.Field, by string, conf float64) pipeline.Field {
	f.ConfirmedBy = by
	f.Confidence = max(f.Confidence, conf)
	return f
}

// line is one visual line of a page.
type line struct {
	page  int
	words []pipeline.Word
}

func pageLines(pages []pipeline.Page) []line {
	var out []line
	for _, p := range pages {
		for _, ws := range p.Lines() {
			out = append(out, line{page: p.Number, words: ws})
		}
	}
	return out
}

// maxIDWords bounds the words an id may be printed in ("DK 12 34 56 78").
const maxIDWords = 5

// eachPrintedID calls fn with every run of one to maxIDWords words of a
// line (l.words[i..j]) read as one id: key is the words' normalize.ID.
func eachPrintedID(lines []line, fn func(l line, i, j int, key string)) {
	for _, l := range lines {
		for i := range l.words {
			key := ""
			for j := i; j < len(l.words) && j < i+maxIDWords; j++ {
				key += normalize.ID(l.words[j].Text)
				fn(l, i, j, key)
			}
		}
	}
}

// pageField is value as read from l.words[i..j].
func pageField(l line, i, j int, value string) pipeline.Field {
	ws := l.words[i : j+1]
	return pipeline.Field{Value: value, Raw: joinWords(ws), Confidence: minConf(ws), Page: l.page, Box: union(ws)}
}

// confirmSupplier finds the one register supplier whose id and name are
// both on the page and returns the two as page fields. The extracted
// supplier_id is tried first, so a confirmation never switches to another
// supplier when the extracted one qualifies.
func confirmSupplier(set *Set, lines []line, fields map[string]pipeline.Field) (*Supplier, pipeline.Field, pipeline.Field, bool) {
	type hit struct {
		sup *Supplier
		id  pipeline.Field
	}
	var hits []hit
	seen := map[*Supplier]bool{}
	eachPrintedID(lines, func(l line, i, j int, key string) {
		sup := supplierByPrintedID(set, key, j == i)
		if sup == nil || seen[sup] {
			return
		}
		seen[sup] = true
		hits = append(hits, hit{sup, pageField(l, i, j, sup.ID)})
	})
	var found []hit
	var names []pipeline.Field
	for _, h := range hits {
		if n, ok := findName(lines, h.sup.Name, fields["supplier_name"]); ok {
			found = append(found, h)
			names = append(names, n)
		}
	}
	extracted := fields["supplier_id"].Value
	for i, h := range found {
		if extracted != "" && (extracted == h.sup.ID || extracted == h.sup.VATNumber) {
			return h.sup, keepExtracted(fields["supplier_id"], h.id), names[i], true
		}
	}
	if len(found) != 1 || nearMiss(extracted, found[0].sup) {
		return nil, pipeline.Field{}, pipeline.Field{}, false
	}
	return found[0].sup, found[0].id, names[0], true
}

// supplierByNameAndAccount finds the one register supplier with an
// account of theirs (bankgiro, plusgiro, IBAN) and their name printed on
// the page, for when no id printed confirms one (a stamp over the
// organisation number, a digit misread). The name is returned as found
// on the page. An extracted id that is another register supplier's
// rules it out.
func supplierByNameAndAccount(set *Set, lines []line, fields map[string]pipeline.Field) (*Supplier, pipeline.Field, bool) {
	if f := fields["supplier_id"]; f.Value != "" {
		if _, known := set.Supplier(f.Value); known {
			return nil, pipeline.Field{}, false
		}
	}
	var sups []*Supplier
	eachPrintedID(lines, func(_ line, _, _ int, key string) {
		if len(key) < 7 {
			return
		}
		for _, a := range accountFields {
			for _, s := range set.SuppliersByAccount(a.kind, key) {
				if !slices.Contains(sups, s) {
					sups = append(sups, s)
				}
			}
		}
	})
	var found *Supplier
	var name pipeline.Field
	for _, s := range sups {
		if n, ok := findName(lines, s.Name, fields["supplier_name"]); ok {
			if found != nil {
				return nil, pipeline.Field{}, false
			}
			found, name = s, n
		}
	}
	return found, name, found != nil
}

// buyersIDRead replaces a supplier_id that is a buyer's own id (the
// municipality's organisation number in its address block, taken for the
// supplier's) with the id of sup, the supplier the name and an account on
// the page identify. The value is placed where sup's id is printed inside
// a longer run ("MQepur75F5597 26042001", a VAT number behind a garbled
// label); printed nowhere, it has no place on the page, and the case says
// where it came from.
func buyersIDRead(doc *pipeline.Document, lines []line, set *Set, sup *Supplier, by string, conf float64) {
	f := doc.Fields["supplier_id"]
	m, isBuyer := set.Buyer(f.Value)
	if !isBuyer {
		return
	}
	f = reread(f, sup.ID, fmt.Sprintf("%s is the id of %s, the buyer; the supplier register's id of the supplier named and paid on the page", f.Value, m.Name))
	f.Page, f.Box = 0, nil
	words := maxIDWords + 1
	eachPrintedID(lines, func(l line, i, j int, key string) {
		if j-i < words && strings.Contains(key, sup.ID) { // the fewest words that hold it
			at := pageField(l, i, j, sup.ID)
			f.Page, f.Box, f.Raw, f.Confidence = at.Page, at.Box, at.Raw, at.Confidence
			words = j - i
		}
	})
	doc.SetField("supplier_id", confirmed(f, by, conf))
}

// supplierIDBesideBuyers replaces a supplier_id that is a buyer's own id
// when no register supplier is on the page (one the registers do not
// know, or whose id is misread): the one other id of the same scheme
// printed after an id label ("CVR 49943951" above the municipality's
// "CVR 77162631") and no buyer's is the supplier's. It stays
// unconfirmed, for the register rules, and goes to a person at half the
// confidence it was read with.
func supplierIDBesideBuyers(doc *pipeline.Document, lines []line, set *Set) {
	f := doc.Fields["supplier_id"]
	m, isBuyer := set.Buyer(f.Value)
	if !isBuyer {
		return
	}
	found := map[string]pipeline.Field{}
	eachPrintedID(lines, func(l line, i, j int, key string) {
		if i == 0 || !idLabel(l.words[i-1].Text) {
			return
		}
		v := sameScheme(f.Value, key)
		if _, buyer := set.Buyer(v); v == "" || buyer {
			return
		}
		if _, seen := found[v]; !seen {
			found[v] = pageField(l, i, j, v)
		}
	})
	v, at, ok := only(found)
	if !ok {
		return
	}
	f = reread(f, v, fmt.Sprintf("%s is the id of %s, the buyer; the one other id of its kind printed on the page", f.Value, m.Name))
	f.Page, f.Box, f.Raw, f.Confidence = at.Page, at.Box, at.Raw, at.Confidence/2
	doc.SetField("supplier_id", f)
}

// sameScheme is key read as an id of like's shape (a CVR number, or an
// organisationsnummer, also inside its VAT number), or "". The shape, not
// the check digit: a misprinted id is still the one printed, and the
// check-digit rule reports it.
func sameScheme(like, key string) string {
	switch len(like) {
	case 8:
		key = strings.TrimPrefix(key, "DK")
	case 10:
		if len(key) == 14 && strings.HasPrefix(key, "SE") && strings.HasSuffix(key, "01") {
			key = key[2:12]
		}
		if len(key) == 10 && key[2] < '2' { // a personnummer's month
			return ""
		}
	default:
		return ""
	}
	if len(key) != len(like) || key[0] == '0' || normalize.Digits(key) != key {
		return ""
	}
	return key
}

// idLabel reports a word that labels a company id: "CVR", "CVR-nr.",
// "Org.nr", "Organisationsnummer", "Momsreg.nr", "VAT", "SE-nr.".
func idLabel(w string) bool {
	w = strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, w))
	for _, p := range []string{"cvr", "org", "momsreg", "vat"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return w == "senr"
}

// nearMiss tells an id that is this supplier's with a digit or two wrong:
// a misprint the check-digit and register rules must still see (or a
// misreading a person should look at), not another number the extractor
// took by mistake.
func nearMiss(extracted string, s *Supplier) bool {
	if extracted == "" {
		return false
	}
	e := []rune(extracted)
	return fuzzy.Distance(e, []rune(s.ID)) <= 2 || fuzzy.Distance(e, []rune(s.VATNumber)) <= 2
}

// keepExtracted keeps the extractor's evidence for an id it read right.
func keepExtracted(extracted, page pipeline.Field) pipeline.Field {
	if extracted.Page == 0 {
		return page
	}
	extracted.Value = page.Value
	return extracted
}

// supplierByPrintedID finds a supplier by an id as printed; one word may
// also have a label glued to it ("CVR:34539901").
func supplierByPrintedID(set *Set, key string, oneWord bool) *Supplier {
	if len(key) < 6 {
		return nil
	}
	if s, ok := set.Supplier(key); ok {
		return s
	}
	i := strings.IndexFunc(key, unicode.IsDigit)
	if oneWord && i > 2 { // two letters are a VAT country prefix, already tried
		if s, ok := set.Supplier(key[i:]); ok {
			return s
		}
	}
	return nil
}

// findName finds want on the page: the extracted supplier_name when it is
// want, else the span of one line most like it.
func findName(lines []line, want string, extracted pipeline.Field) (pipeline.Field, bool) {
	wn := nameKey(want)
	if len(wn) == 0 {
		return pipeline.Field{}, false
	}
	if extracted.Value != "" && nameSimilarity(extracted.Value, wn) >= minConfirmName {
		return asRegisterName(extracted, want), true
	}
	n := len(strings.Fields(want))
	best, bestS := pipeline.Field{}, 0.0
	for _, l := range lines {
		for i := range l.words {
			for k := max(1, n-1); k <= n+1 && i+k <= len(l.words); k++ {
				ws := l.words[i : i+k]
				if s := nameSimilarity(joinWords(ws), wn); s > bestS {
					bestS = s
					best = pipeline.Field{Value: joinWords(ws), Raw: joinWords(ws), Confidence: minConf(ws), Page: l.page, Box: union(ws)}
				}
			}
		}
	}
	if bestS < minConfirmName {
		best, bestS = wrappedName(lines, wn, n)
	}
	if bestS < minConfirmName {
		return pipeline.Field{}, false
	}
	return asRegisterName(best, want), true
}

// wrappedName is findName's search for a name of n words wrapped over two
// lines of a narrow column ("Vikstrand" above "Kontorforsyning IVS"): the
// words of one line and those of the line just below that start under
// the first of them. It returns the span most like wn and its similarity.
func wrappedName(lines []line, wn []rune, n int) (pipeline.Field, float64) {
	best, bestS := pipeline.Field{}, 0.0
	for a, l := range lines {
		for _, l2 := range lines[a+1:] {
			if l2.page != l.page {
				break
			}
			h := lineHeight(l.words)
			if union(l2.words).Y0 > union(l.words).Y1+h {
				break
			}
			for i := range l.words {
				for m, w2 := range l2.words {
					if math.Abs(w2.Box.X0-l.words[i].Box.X0) > h {
						continue
					}
					for k1 := 1; k1 <= n && i+k1 <= len(l.words); k1++ {
						for k2 := max(1, n-1-k1); k1+k2 <= n+1 && m+k2 <= len(l2.words); k2++ {
							ws := append(slices.Clone(l.words[i:i+k1]), l2.words[m:m+k2]...)
							if s := nameSimilarity(joinWords(ws), wn); s > bestS {
								bestS = s
								best = pipeline.Field{Value: joinWords(ws), Raw: joinWords(ws), Confidence: minConf(ws), Page: l.page, Box: union(ws)}
							}
						}
					}
				}
			}
		}
	}
	return best, bestS
}

func lineHeight(ws []pipeline.Word) float64 {
	hs := make([]float64, len(ws))
	for i, w := range ws {
		hs[i] = w.Box.Y1 - w.Box.Y0
	}
	slices.Sort(hs)
	return hs[len(hs)/2]
}

// asRegisterName spells a confirmed name as the register does unless the
// page says the same (case and spacing aside); Raw keeps what was read.
func asRegisterName(f pipeline.Field, want string) pipeline.Field {
	if f.Raw == "" {
		f.Raw = f.Value
	}
	if !strings.EqualFold(strings.Join(strings.Fields(f.Value), " "), want) {
		f.Value = want
	}
	return f
}

// nameKey is a name as nameSimilarity compares it: normalised words
// (legal forms and punctuation aside) joined by single spaces.
func nameKey(s string) []rune { return []rune(strings.Join(normName(s), " ")) }

// nameSimilarity is 1 - edit distance / longer length of the normalised
// names, where a letter that differs only in its diacritic (OCR's
// commonest slip in Nordic names) counts half. Spaces a scan put inside
// words or lost between them ("Askby y K onsu It") are no difference: the
// names are also compared without them.
func nameSimilarity(got string, want []rune) float64 {
	g := nameKey(got)
	s := similarity(g, want)
	if s == 1 {
		return s
	}
	// With as many spaces, or lengths that rule a span out without them,
	// there is nothing to compare again.
	gs, ws := spaces(g), spaces(want)
	gn, wn := len(g)-gs, len(want)-ws
	if gs == ws || float64(abs(gn-wn)) > (1-minConfirmName)*float64(max(gn, wn)) {
		return s
	}
	return max(s, similarity(noSpaces(g), noSpaces(want)))
}

func spaces(r []rune) int {
	n := 0
	for _, c := range r {
		if c == ' ' {
			n++
		}
	}
	return n
}

func similarity(g, want []rune) float64 {
	n := max(len(g), len(want))
	if n == 0 {
		return 0
	}
	// The distance is at least the difference in length: most spans of a
	// page are ruled out without computing it.
	if d := abs(len(g) - len(want)); float64(d) > (1-minConfirmName)*float64(n) {
		return 1 - float64(d)/float64(n)
	}
	d := float64(fuzzy.Distance(g, want))
	if d > 0 {
		folded := float64(fuzzy.Distance([]rune(fuzzy.Fold(string(g))), []rune(fuzzy.Fold(string(want)))))
		d = min(d, folded+(d-folded)/2)
	}
	return 1 - d/float64(n)
}

func noSpaces(r []rune) []rune {
	return slices.DeleteFunc(slices.Clone(r), func(c rune) bool { return c == ' ' })
}

func joinWords(ws []pipeline.Word) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.Text
	}
	return strings.Join(parts, " ")
}

func minConf(ws []pipeline.Word) float64 {
	c := 1.0
	for _, w := range ws {
		c = min(c, w.Conf)
	}
	return c
}

func union(ws []pipeline.Word) *pipeline.Box {
	b := ws[0].Box
	for _, w := range ws[1:] {
		b.X0, b.Y0 = min(b.X0, w.Box.X0), min(b.Y0, w.Box.Y0)
		b.X1, b.Y1 = max(b.X1, w.Box.X1), max(b.Y1, w.Box.Y1)
	}
	return &b
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
