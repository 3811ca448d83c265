package invoice

import (
	"cmp"
	"math"
	"sort"
	"strings"
	"unicode"

	"intake/pipeline"
)

// Scorer gives each candidate's feature row the probability that its value
// is the field's true value. models/ranker.Session is one; the extractor
// calls it once per document with every candidate of every field.
type Scorer interface {
	Score(rows [][]float32) ([]float32, error)
}

// RankedFields are the fields the ranker decides, in the order of the
// field one-hot block of the features.
var RankedFields = []string{
	fSupplierName, fSupplierID, fInvoiceNumber, fIssueDate, fDueDate, fCurrency,
	fNet, fVAT, fTotal, fDue, fBuyerReference, fOrderReference, fBuyerGLN,
	fIBAN, fBankgiro, fPlusgiro, fPaymentReference, fBankAccount,
}

// FeatureNames name the columns of a feature row, after one "field=NAME"
// column per ranked field. Every feature is relational (to a label, to
// other candidates, to the page) or about the value's own form: nothing
// names a supplier, a layout or an absolute place on a template.
var FeatureNames = append(fieldColumns(), []string{
	"score",          // the heuristic score after the resolvers' cross-checks
	"picked",         // the heuristic chose this value
	"picked_conf",    // the heuristic's confidence when it chose this value
	"rank_inv",       // 1/(1+rank) among the field's values by score
	"margin",         // score minus the best other value's score
	"values",         // distinct values competing, log-scaled
	"seen",           // times this value was proposed, log-scaled
	"label",          // a label introduced it
	"label_strength", // how surely the label names this field
	"label_opens",    // the label heads its cell
	"title_line",     // the label is on the title line ("Rechnung Nr. 4711")
	"pos_right",      // on the label's line
	"pos_below",      // on a line under the label
	"dx",             // horizontal gap from label to value, in line heights
	"dy",             // lines from label to value
	"y_rel",          // height on the page, 0 top
	"x_rel",          // left edge on the page, 0 left
	"first_page",     //
	"last_page",      //
	"ocr_conf",       // lowest word confidence of the value (1 for native text)
	"validity",       // the parser's format and check-digit validity
	"in_seller",      // inside the seller's block
	"in_buyer",       // inside the buyer's block
	"in_window",      // where a window envelope shows the recipient's address
	"buyer_labelled", // the same value is labelled as the buyer's elsewhere
	"derived",        // made by a resolver (arithmetic, vote, fallback), not proposed
	"excluded",       // proposed by a label but ruled out by a resolver's check
	"scan",           // found by its form alone (any amount, any date), no label
	"adds_up",        // an amount that makes net + VAT = total with the others chosen
	"largest",        // the largest two-decimal amount of the document
	"equals_total",   // the same amount as the chosen total
	"negative",       // a negative amount
	"before_issue",   // a date before the chosen issue date
	"after_issue",    // a date after the chosen issue date
	"length",         // characters of the value, scaled
	"has_digits",     // the value holds digits
	"ocr",            // read by OCR: a misread character is possible whatever the confidence
	"glyph_risk",     // read by OCR in a form where a misread looks as valid as the truth (glyphRisk)
	"overprinted",    // a stamp lies over the value's words
	"credit_note",    // the document was classified as a credit note
	"reminder",       // the document was classified as a payment reminder
}...)

func fieldColumns() []string {
	out := make([]string, len(RankedFields))
	for i, f := range RankedFields {
		out[i] = "field=" + f
	}
	return out
}

// Candidate is one value proposed for a field with its feature row, for
// training and inspection.
type Candidate struct {
	Field    string
	Value    string
	Features []float32
	field    pipeline.Field
	// named is set on a supplier name the document states outright:
	// after a name label outside the buyer's block, or chosen by the
	// heuristic under a seller heading alone on its line ("Verkäufer" /
	// "Name: ..."). It
	// wins whatever the ranker learned elsewhere, at the ranker's
	// confidence.
	named bool
}

// candidates lists every field's competing values after the heuristic
// resolution out, each with its feature row.
func (x *extraction) candidates(out map[string]pipeline.Field) []Candidate {
	var all []Candidate
	for fi, f := range RankedFields {
		pool := x.pool[f]
		seen := make(map[string]int)
		for _, c := range pool {
			seen[c.value]++
		}
		named := make(map[string]bool)
		for _, c := range pool {
			if f != fSupplierName {
				break
			}
			party := x.partyAt(c.page, c.box)
			_, labelled := c.label.has(tName)
			if labelled && party != tBuyer || x.underSellerHeading(c) && c.value == out[f].Value {
				named[c.value] = true
			}
		}
		vals := merge(pool) // best evidence per value, sorted by score
		sort.SliceStable(vals, func(i, j int) bool {
			if vals[i].score != vals[j].score {
				return vals[i].score > vals[j].score
			}
			return vals[i].value < vals[j].value
		})
		picked, hasPick := out[f]
		type entry struct {
			c       cand
			derived bool
			source  string // "", "excluded" or "scan"
		}
		var es []entry
		found := false
		have := make(map[string]bool)
		for _, c := range vals {
			es = append(es, entry{c: c})
			have[c.value] = true
			found = found || hasPick && c.value == picked.Value
		}
		// Values a resolver ruled out and values of the right form without
		// a label join as long shots: the ranker weighs them, and a label
		// missing from the table no longer makes a field unreachable.
		for _, src := range []struct {
			name string
			cs   []cand
		}{{"excluded", x.cands[f]}, {"scan", x.scan(f)}} {
			extra := merge(src.cs)
			for _, c := range extra {
				if have[c.value] {
					continue
				}
				have[c.value] = true
				seen[c.value]++
				found = found || hasPick && c.value == picked.Value
				es = append(es, entry{c: c, source: src.name})
			}
		}
		if hasPick && !found {
			d := cand{field: f, value: picked.Value, raw: picked.Raw, page: picked.Page, score: picked.Confidence, valid: 1}
			if picked.Box != nil {
				d.box = *picked.Box
			}
			d.cents, _ = centsOf(picked.Value)
			es = append(es, entry{c: d, derived: true})
		}
		for k, e := range es {
			c := e.c
			row := make([]float32, len(FeatureNames))
			row[fi] = 1
			v := row[len(RankedFields):]
			set := func(name string, val float64) { v[featureIndex[name]] = float32(val) }
			set("score", min(c.score, 1.5))
			isPick := hasPick && c.value == picked.Value
			if isPick {
				set("picked", 1)
				set("picked_conf", picked.Confidence)
			}
			set("rank_inv", 1/float64(1+k))
			best := -1.0
			for j, o := range es {
				if j != k && o.c.score > best {
					best = o.c.score
				}
			}
			if best < 0 {
				best = 0
			}
			set("margin", max(-1.5, min(1.5, c.score-best)))
			set("values", math.Log1p(float64(len(es)))/3)
			set("seen", math.Log1p(float64(seen[c.value]))/2)
			x.geometry(c, set)
			if e.derived {
				set("derived", 1)
			}
			if e.source != "" {
				set(e.source, 1)
			}
			x.relations(f, c, out, set)
			set("length", min(float64(len(c.value)), 40)/40)
			switch x.docType {
			case pipeline.TypeCreditNote:
				set("credit_note", 1)
			case pipeline.TypePaymentReminder:
				set("reminder", 1)
			}
			if p, ok := x.lay.pages[c.page]; ok && p.Source == pipeline.SourceOCR || c.page == 0 && x.ocrDoc() {
				set("ocr", 1)
				if glyphRisk(cmp.Or(c.raw, c.value)) {
					set("glyph_risk", 1)
				}
			}
			if strings.ContainsAny(c.value, "0123456789") {
				set("has_digits", 1)
			}
			fv := pipeline.Field{Value: c.value, Raw: c.raw, Page: c.page}
			if e.derived {
				fv = picked
			} else if c.page > 0 {
				b := c.box
				fv.Box = &b
			}
			all = append(all, Candidate{Field: f, Value: c.value, Features: row, field: fv, named: named[c.value]})
		}
	}
	return all
}

// glyphRisk reports whether a value holds a token with digits in which
// OCR's commonest misreads leave no trace: a letter and a digit that
// look alike meet ("HO80138" read as "H080138", "IT3102" as "1T3102"),
// a lower-case letter runs into a capital ("tNV-076132"), or a sign no
// identifier carries ("@S32887"). Such a value can be read wrong with
// full confidence and still look right, so its reading vouches for less.
func glyphRisk(v string) bool {
	for _, tok := range strings.Fields(v) {
		if !strings.ContainsAny(tok, "0123456789") {
			continue
		}
		rs := []rune(tok)
		for i, r := range rs {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-/.,:+()#", r) {
				return true
			}
			if i == 0 {
				continue
			}
			q := rs[i-1]
			if unicode.IsLower(q) && unicode.IsUpper(r) {
				return true
			}
			letter, digit := q, r
			if unicode.IsDigit(q) {
				letter, digit = r, q
			}
			if unicode.IsLetter(letter) && unicode.IsDigit(digit) && (strings.ContainsRune(lookalikeLetters, letter) || strings.ContainsRune(lookalikeDigits, digit)) {
				return true
			}
		}
	}
	return false
}

// Letters and digits that OCR takes for one another: O/D/Q and 0, I/l
// and 1, S and 5, B and 8.
const (
	lookalikeLetters = "ODQIlSB"
	lookalikeDigits  = "0158"
)

// underSellerHeading reports whether c sits in a seller block whose
// heading stands alone on its line ("Verkäufer", "Seller:"): a heading
// with a name beside it ("Sælger Niels Dalbæk") names a salesperson.
func (x *extraction) underSellerHeading(c cand) bool {
	var best *section
	for _, s := range x.sections {
		if s.contains(c.page, c.box) && (best == nil || s.y0 > best.y0) {
			best = s
		}
	}
	return best != nil && best.kind == tSeller && best.header.start == 0 && best.header.end == len(best.header.line.words)
}

func (x *extraction) ocrDoc() bool {
	for _, p := range x.lay.pages {
		if p.Source == pipeline.SourceOCR {
			return true
		}
	}
	return false
}

// scan proposes, for amount and date fields, every value of the field's
// form on the pages; a received stamp's date is none of the document's.
func (x *extraction) scan(f string) []cand {
	switch f {
	case fNet, fVAT, fTotal, fDue:
		out := make([]cand, 0, len(x.amounts))
		for _, a := range x.amounts {
			a.field, a.score, a.valid = f, 0.1, 1
			out = append(out, a)
		}
		return out
	case fIssueDate, fDueDate:
		if x.dates == nil {
			x.dates = []cand{}
			for _, ln := range x.lay.lines {
				for j := 0; j < len(ln.words); j++ {
					p, n := x.parseDate(ln.words[j:])
					if n == 0 {
						continue
					}
					if c := x.mk("", p, ln.words[j:j+n], ln, nil, 0.1*p.validity); !x.stamped(c.page, c.box) {
						x.dates = append(x.dates, c)
					}
					j += n - 1
				}
			}
		}
		out := make([]cand, len(x.dates))
		for i, c := range x.dates {
			c.field = f
			out[i] = c
		}
		return out
	}
	return nil
}

var featureIndex = func() map[string]int {
	m := make(map[string]int)
	for i, n := range FeatureNames[len(RankedFields):] {
		m[n] = i
	}
	return m
}()

// geometry sets the features of where a value sits: to its label and on
// its page.
func (x *extraction) geometry(c cand, set func(string, float64)) {
	set("validity", c.valid)
	if c.page == 0 {
		set("ocr_conf", 1)
		return
	}
	if c.line != nil {
		ws := wordsOfBox(c.line, c.box)
		if len(ws) == 0 {
			ws = c.line.words
		}
		set("ocr_conf", confOf(ws))
		for _, w := range ws {
			if w.over {
				set("overprinted", 1)
			}
		}
	} else {
		set("ocr_conf", 1)
	}
	if m := c.label; m != nil {
		set("label", 1)
		if h, ok := m.has(c.field); ok {
			set("label_strength", h.strength)
		} else {
			for _, h := range m.hits {
				set("label_strength", 0.5*h.strength)
				break
			}
		}
		if opensSegment(m) {
			set("label_opens", 1)
		}
		if m.titleLine {
			set("title_line", 1)
		}
		lh := max(m.line.height(), 1)
		if c.line == m.line {
			set("pos_right", 1)
		} else if c.line != nil {
			set("pos_below", 1)
			set("dy", min(float64(c.line.index-m.line.index), 4)/4)
		}
		set("dx", max(-5, min(30, (c.box.X0-m.box.X1)/lh))/30)
	}
	set("y_rel", c.box.Y0/x.pageHeight(c.page))
	set("x_rel", c.box.X0/x.pageWidth(c.page))
	if c.page == 1 {
		set("first_page", 1)
	}
	if c.page == x.lay.last {
		set("last_page", 1)
	}
	if x.inAddressWindow(c.page, c.box) {
		set("in_window", 1)
	}
	if x.buyerIDs[c.value] || x.buyerIDs[idChars(c.value)] {
		set("buyer_labelled", 1)
	}
	switch x.partyAt(c.page, c.box) {
	case tSeller:
		set("in_seller", 1)
	case tBuyer:
		set("in_buyer", 1)
	}
}

// relations sets the features that compare a value with the other fields
// the heuristic chose: amounts that add up, dates in order.
func (x *extraction) relations(f string, c cand, out map[string]pipeline.Field, set func(string, float64)) {
	cents := func(name string) (int64, bool) {
		fv, ok := out[name]
		if !ok {
			return 0, false
		}
		return centsOf(fv.Value)
	}
	switch f {
	case fNet, fVAT, fTotal, fDue:
		v, ok := centsOf(c.value)
		if !ok {
			return
		}
		n, okN := cents(fNet)
		t, okT := cents(fTotal)
		vat, okV := cents(fVAT)
		switch f {
		case fNet:
			if okV && okT && v+vat == t {
				set("adds_up", 1)
			}
		case fVAT:
			if okN && okT && n+v == t {
				set("adds_up", 1)
			}
		case fTotal, fDue:
			if okN && okV && n+vat == v {
				set("adds_up", 1)
			}
		}
		if okT && v == t {
			set("equals_total", 1)
		}
		if v < 0 {
			set("negative", 1)
		}
		var largest int64
		for _, a := range x.amounts {
			largest = max(largest, abs64(a.cents))
		}
		if largest > 0 && abs64(v) == largest {
			set("largest", 1)
		}
	case fIssueDate, fDueDate:
		if is, ok := out[fIssueDate]; ok && f == fDueDate {
			if c.value < is.Value {
				set("before_issue", 1)
			} else if c.value > is.Value {
				set("after_issue", 1)
			}
		}
	}
}

// centsOf reads a normalised amount ("1234.50", "-7.67").
func centsOf(s string) (int64, bool) {
	a, ok := parseAmount(s, '.')
	if !ok {
		return 0, false
	}
	return a.cents, true
}

// rank replaces the heuristic's choice of each ranked field with the
// candidate the scorer rates highest, its probability the confidence.
// When even the best is below minKeep the ranker has no view worth
// taking (a layout unlike any it learned from, or no such field): the
// heuristic's value stays, if it had one, with the ranker's low
// probability for it, so a person sees the best guess; otherwise the
// field is left out.
//
// One printed date is not both the issue date and the due date: when
// both would be taken from the same words (a due date's label under a
// stamp leaves only the date beside "Date" for it), the field that took
// them without a label takes its best value printed elsewhere; with a
// label on both sides or neither, the less likely one does.
func rank(cands []Candidate, probs []float32, out map[string]pipeline.Field, minKeep float64) map[string]pipeline.Field {
	res := make(map[string]pipeline.Field, len(out))
	for name, f := range out {
		if !isRanked(name) {
			res[name] = f
		}
	}
	fields := make(map[string]bool)
	for _, c := range cands {
		fields[c.Field] = true
	}
	at := make(map[string]int)
	for name := range fields {
		if f, i, ok := choose(name, cands, probs, out, minKeep, nil); ok {
			res[name], at[name] = f, i
		}
	}
	is, okI := res[fIssueDate]
	due, okD := res[fDueDate]
	if okI && okD && sameWords(is, due) {
		name, taken := fDueDate, is
		li, ld := labelled(cands[at[fIssueDate]]), labelled(cands[at[fDueDate]])
		if li == ld && due.Confidence > is.Confidence || ld && !li {
			name, taken = fIssueDate, due
		}
		delete(res, name)
		if f, _, ok := choose(name, cands, probs, out, minKeep, func(f pipeline.Field) bool { return sameWords(f, taken) }); ok {
			res[name] = f
		}
	}
	return res
}

// labelled reports a candidate a label of its field introduced.
func labelled(c Candidate) bool {
	return c.Features[len(RankedFields)+featureIndex["label"]] > 0
}

// choose is the ranker's value for the field name and its candidate,
// skipping candidates that exclude reports (nil skips none).
func choose(name string, cands []Candidate, probs []float32, out map[string]pipeline.Field, minKeep float64, exclude func(pipeline.Field) bool) (pipeline.Field, int, bool) {
	usable := func(c Candidate) bool { return c.Field == name && (exclude == nil || !exclude(c.field)) }
	i := -1
	for j, c := range cands {
		if usable(c) && (i < 0 || probs[j] > probs[i]) {
			i = j
		}
	}
	if i < 0 {
		return pipeline.Field{}, -1, false
	}
	p := float64(probs[i])
	for j, c := range cands {
		if usable(c) && c.named && j != i {
			p, i = float64(probs[j]), j // said outright: keep it, at the ranker's confidence
			break
		}
	}
	if p < minKeep {
		h, ok := out[name]
		if !ok || exclude != nil && exclude(h) {
			return pipeline.Field{}, -1, false
		}
		found := false
		for j, c := range cands {
			if usable(c) && c.Value == h.Value {
				p, i, found = float64(probs[j]), j, true
				break
			}
		}
		if !found && exclude != nil {
			return pipeline.Field{}, -1, false
		}
	}
	f := cands[i].field
	// Below 1: certainty is for exact e-invoice values, and a learned
	// threshold of 1 must keep a field from the robot.
	f.Confidence = min(round3(clamp01(p)), 0.999)
	return f, i, true
}

// sameWords reports two fields read from the same words of a page.
func sameWords(a, b pipeline.Field) bool {
	return a.Page > 0 && a.Page == b.Page && a.Box != nil && b.Box != nil && *a.Box == *b.Box
}

func isRanked(f string) bool {
	for _, r := range RankedFields {
		if r == f {
			return true
		}
	}
	return false
}
