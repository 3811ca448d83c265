package invoice

import (
	"slices"
	"testing"

	"intake/pipeline"
)

// scannedPage is page as OCR reports it: words a little unsure, and boxes
// only as high as the letters' ink (Tesseract's), not the font's.
func scannedPage(runs ...at) pipeline.Page {
	p := page(1, runs...)
	p.Source = pipeline.SourceOCR
	for i := range p.Words {
		w := &p.Words[i]
		w.Conf = 0.93
		w.Box.Y0 += 0.2 * (w.Box.Y1 - w.Box.Y0)
		w.Box.Y1 -= 0.15 * (w.Box.Y1 - w.Box.Y0)
	}
	return p
}

// nordbyHead is the head of a Danish invoice that scanned tests put
// their own lines under.
var nordbyHead = []at{
	{50, 60, "Nordby Tryk ApS", 14},
	{50, 90, "CVR 12345674", 0},
	{350, 90, "Faktura", 14},
	{350, 120, "Fakturadato 12.03.2024", 0},
	{50, 400, "I alt DKK 1.250,00", 0},
}

// scannedWith is a scanned page of head's runs and then runs.
func scannedWith(head []at, runs ...at) pipeline.Page {
	return scannedPage(append(slices.Clone(head), runs...)...)
}

// TestScannedValues: what a scan changes in values and labels that native
// text has right.
func TestScannedValues(t *testing.T) {
	head := append(slices.Clone(nordbyHead), at{350, 135, "Our reference Selma Algren", 0})
	cases := []struct {
		name, field, want string
		runs              []at
	}{
		// "OCR reference" is one letter from "Our reference", a label OCR
		// may misspell; spelled out, it is the payment reference.
		{"ocr reference", fPaymentReference, "5240002397633", []at{{50, 450, "OCR reference 5240002397633", 0}}},
		// The slash between reg. no. and account is lost, leaving a gap
		// wider than a word space between the two numbers.
		{"reg and account without slash", fBankAccount, "548412414509", []at{
			{50, 450, "Reg. nr. konto", 0}, {130, 450, "5484", 0}, {159, 450, "12414509", 0}}},
		// Digits read as the letters they look like, and the other way
		// round, where the country's IBAN has the other.
		{"iban bank code letter as digit", fIBAN, "IE69OSCM52559277239031", []at{{50, 450, "IBAN IE69 0SCM 5255 9277 2390 31", 0}}},
		{"iban digit as letter", fIBAN, "DK7339860002059916", []at{{50, 450, "IBAN DK73 3986 O002 0599 16", 0}}},
		// The label between the title and the number read as a speck.
		{"number beside the title", fInvoiceNumber, "INV-090996", []at{{50, 30, "FAKTURA Ww INV-090996", 14}}},
		// A header row whose values are below, its cells split by a
		// table rule read as "|": the seller label beside the reference
		// label is neither its value nor part of its cell.
		{"header row with rules", fBuyerReference, "BXX6733", []at{
			{300, 150, "Personreference", 0}, {385, 150, "| Sælger", 0},
			{300, 163, "BXX6733", 0}, {400, 163, "Louise Egestrup", 0}}},
		// A box's edge before the value read as a tall "I".
		{"box edge read as I", fBuyerReference, "SXX922", []at{
			{300, 150, "Deres ref.", 0}, {360, 147, "I", 16}, {374, 150, "SXX922", 0}}},
		// A zero read as "@".
		{"zero read as @", fInvoiceNumber, "INV-036591", []at{{350, 105, "Fakturanr INV-@36591", 0}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := scannedWith(head, c.runs...)
			got := extract([]pipeline.Page{p}, "da")
			if got[c.field].Value != c.want {
				t.Errorf("%s = %+v, want %q", c.field, got[c.field], c.want)
			}
		})
	}
}

// TestWordIsNoIBAN: a word that a scan's letters made look like an IBAN
// ("BE18 ETALLEREDEER") is not kept as a failing one; a failing IBAN of
// its country's shape still is, for a caseworker to see.
func TestWordIsNoIBAN(t *testing.T) {
	for text, want := range map[string]string{
		"IBAN BE18 ETALLEREDEER":        "",
		"IBAN DK73 3986 0002 0599 17":   "DK7339860002059917",
		"IBAN XY12 ABCD EFGH IJKL MNOP": "XY12ABCDEFGHIJKLMNOP",
	} {
		p := scannedPage(at{50, 60, "Nordby Tryk ApS", 14}, at{50, 450, text, 0}, at{50, 400, "I alt DKK 1.250,00", 0})
		if got := extract([]pipeline.Page{p}, "da"); got[fIBAN].Value != want {
			t.Errorf("%q: iban %+v, want %q", text, got[fIBAN], want)
		}
	}
}

// TestTitleIsNoLabel: beside the title, only what looks like an invoice
// number is taken for one, and only when nothing labelled is found.
func TestTitleIsNoLabel(t *testing.T) {
	for _, title := range []string{"FAKTURA side 1 af 2", "FAKTURA Ww 12", "FAKTURA Ww 2024"} {
		p := scannedPage(at{50, 30, title, 14}, at{50, 90, "CVR 12345674", 0}, at{50, 400, "I alt DKK 1.250,00", 0})
		if got := extract([]pipeline.Page{p}, "da"); got[fInvoiceNumber].Value != "" {
			t.Errorf("%q: invoice_number %+v", title, got[fInvoiceNumber])
		}
	}
	p := scannedPage(at{50, 30, "FAKTURA INV-017689", 14}, at{350, 60, "Fakturanr 2024-117", 0}, at{50, 400, "I alt DKK 1.250,00", 0})
	if got := extract([]pipeline.Page{p}, "da"); got[fInvoiceNumber].Value != "2024-117" {
		t.Errorf("labelled number passed over: %+v", got[fInvoiceNumber])
	}
}

// TestStampDateIsNoIssueDate: a received stamp over the header hid the
// printed date; the stamp's own date is when the letter arrived, never
// the date it was issued.
func TestStampDateIsNoIssueDate(t *testing.T) {
	for _, stamp := range []string{"INDGÅET", "MODTAGET", "Inkommen", "RECEIVED"} {
		p := scannedPage(
			at{50, 60, "Nordby Tryk ApS", 14},
			at{50, 90, "CVR 12345674", 0},
			at{50, 30, "Faktura", 14},
			at{360, 95, stamp, 12},
			at{362, 112, "09 NOV 2024", 0},
			at{350, 135, "Forfald 12-11-2024", 0},
			at{50, 400, "I alt DKK 1.250,00", 0},
		)
		got := extract([]pipeline.Page{p}, "da")
		if d := got[fIssueDate]; d.Value == "2024-11-09" {
			t.Errorf("%s: issue date %+v is the stamp's", stamp, d)
		}
		if d := got[fDueDate]; d.Value != "2024-11-12" {
			t.Errorf("%s: due date %+v, want 2024-11-12", stamp, d)
		}
	}
}

// TestTotalWithSplitHead: a scan splits a total into a head the amount
// parser cannot take and a tail it can ("1210 875,00", "»2 651,25" for
// -2 651,25); the net and VAT printed above tell which head belongs, and
// nothing else makes the head part of the amount. A mended amount is
// for a person to confirm.
func TestTotalWithSplitHead(t *testing.T) {
	head := []at{
		{50, 60, "Östberg Konsult AB", 14},
		{350, 60, "Faktura", 14},
		{350, 90, "Fakturanr 12355", 0},
		{350, 105, "Fakturadatum 2024-09-14", 0},
	}
	cases := []struct {
		name, net, vat, total, due string
		wantTotal, wantDue         string
	}{
		{"lost thin space", "968 700,00", "242 175,00", "1210 875,00", "1210 875,00", "1210875.00", "1210875.00"},
		{"minus read as a mark", "-2121,00", "-530,25", "»2 651,25", "»2 651,25", "-2651.25", "-2651.25"},
		// A head that does not make the sum is another cell's number.
		{"head that does not add up", "968 700,00", "242 175,00", "1211 875,00", "1211 875,00", "875.00", "875.00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := scannedWith(head,
				at{300, 400, "Exkl. moms", 0}, at{450, 400, c.net, 0},
				at{300, 415, "Moms", 0}, at{450, 415, c.vat, 0},
				at{300, 430, "Fakturabelopp", 0}, at{440, 430, c.total, 0},
				at{300, 445, "Belopp att betala", 0}, at{440, 445, c.due, 0})
			x := newExtraction([]pipeline.Page{p}, "sv")
			got := x.resolve()
			x.splitTotals(got)
			if got[fTotal].Value != c.wantTotal || got[fDue].Value != c.wantDue {
				t.Errorf("total %+v, due %+v; want %s and %s", got[fTotal], got[fDue], c.wantTotal, c.wantDue)
			}
			if mended := got[fTotal].Raw == c.total; mended && (got[fTotal].Confidence > 0.5 || got[fTotal].MendedBy == "") {
				t.Errorf("mended total %+v is as sure as one read whole, or says not why", got[fTotal])
			}
		})
	}
}

// TestAccountFromIBAN: a Danish reg.nr and account a scan garbled
// ("77591" for 7759) are the IBAN's, which its check digits vouch for;
// without a reg.nr printed there is no account to fill.
func TestAccountFromIBAN(t *testing.T) {
	cases := []struct {
		name string
		runs []at
		want string
	}{
		{"reg and account garbled", []at{{50, 450, "Reg.nr. / konto 77591 62941914", 0}, {50, 465, "IBAN DK6077590062941914", 0}}, "775962941914"},
		{"no reg.nr printed", []at{{50, 465, "IBAN DK6077590062941914", 0}}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := newExtraction([]pipeline.Page{scannedWith(nordbyHead, c.runs...)}, "da")
			got := x.resolve()
			x.mend(got)
			if got[fBankAccount].Value != c.want || c.want != "" && got[fBankAccount].MendedBy == "" {
				t.Errorf("bank_account = %+v, want %q, and why", got[fBankAccount], c.want)
			}
		})
	}
}

// TestMendSign: the one amount whose sign keeps net + VAT = total from
// holding had a speck read as its minus; amounts that do not add up
// either way stay as read.
func TestMendSign(t *testing.T) {
	for _, c := range []struct{ net, vat, total, want string }{
		{"-3928.30", "859.10", "4787.40", "3928.30"},
		{"-3928.30", "-859.10", "4787.40", "-3928.30"}, // two signs off: not one speck
		{"-3928.30", "859.10", "4787.00", "-3928.30"},
	} {
		fields := map[string]pipeline.Field{
			fNet: {Value: c.net, Confidence: 0.9}, fVAT: {Value: c.vat, Confidence: 0.9}, fTotal: {Value: c.total, Confidence: 0.9},
		}
		mendSign(fields)
		if got := fields[fNet]; got.Value != c.want || got.Value != c.net && (got.Raw != c.net || got.Confidence > 0.5 || got.MendedBy == "") {
			t.Errorf("%s + %s = %s: net %+v, want %s", c.net, c.vat, c.total, got, c.want)
		}
	}
}

// TestWholeReference: a reference picked from the tail of a number
// printed in groups, failing its check digit, is the whole number when
// that passes; groups that do not make a valid whole stay apart.
func TestWholeReference(t *testing.T) {
	for _, c := range []struct{ printed, want string }{
		{"2106 8240 0268 653", "210682400268653"},
		{"2106 8241 0268 653", "0268653"}, // the whole fails Luhn
	} {
		p := page(1, at{50, 100, "Referensnummer (OCR)", 0}, at{50, 115, c.printed, 0})
		x := newExtraction([]pipeline.Page{p}, "sv")
		n := len(p.Words)
		b := union(p.Words[n-2].Box, p.Words[n-1].Box) // "0268 653"
		fields := map[string]pipeline.Field{fPaymentReference: {Value: "0268653", Confidence: 0.9, Page: 1, Box: &b}}
		x.wholeReference(fields)
		if got := fields[fPaymentReference]; got.Value != c.want || got.Value != "0268653" && got.MendedBy == "" {
			t.Errorf("%s: payment_reference = %+v, want %s", c.printed, got, c.want)
		}
	}
}

// TestMisreadIssueDate: a date after the issue date's label that OCR
// misread past parsing is read again with the digits OCR confuses, when
// exactly one reading falls in the due date's window; otherwise the pick
// stands.
func TestMisreadIssueDate(t *testing.T) {
	for _, c := range []struct{ printed, due, want string }{
		{"13/87/2924", "2024-08-12", "2024-07-13"},  // 0 read as 8 and as 9
		{"2024-1 1-25", "2024-12-25", "2024-11-25"}, // a space read inside
		{"2024-1O-25", "2024-11-24", "2024-06-19"},  // not a numeric date: no mend
		{"13/87/2924", "2025-08-12", "2024-06-19"},  // the year is no year of the due date's
		{"13/00/2024", "2024-08-12", "2024-06-19"},  // month 08, 06 or 09?
		{"45/07/2024", "2024-08-12", "2024-06-19"},  // no day 45 a digit away
		{"13/07/2024", "2024-08-12", "2024-06-19"},  // read as a date: the ranker's to weigh
	} {
		p := scannedPage(at{50, 100, "INVOICE DATE $ " + c.printed, 0}, at{50, 115, "ORDERED 19/06/2024", 0})
		x := newExtraction([]pipeline.Page{p}, "en")
		fields := map[string]pipeline.Field{
			fIssueDate: {Value: "2024-06-19", Confidence: 0.8, Page: 1},
			fDueDate:   {Value: c.due, Confidence: 0.8, Page: 1},
		}
		x.misreadIssueDate(fields)
		got := fields[fIssueDate]
		if got.Value != c.want || c.want != "2024-06-19" && (got.MendedBy == "" || got.Raw != c.printed || got.Box == nil || got.Confidence >= 0.8) {
			t.Errorf("%s (due %s): issue_date = %+v, want %s", c.printed, c.due, got, c.want)
		}
	}
	// A text layer says what it says.
	p := page(1, at{50, 100, "INVOICE DATE 13/87/2924", 0})
	fields := map[string]pipeline.Field{fIssueDate: {Value: "2024-06-19"}, fDueDate: {Value: "2024-08-12"}}
	newExtraction([]pipeline.Page{p}, "en").misreadIssueDate(fields)
	if got := fields[fIssueDate]; got.Value != "2024-06-19" {
		t.Errorf("text layer: issue_date = %+v, want it as picked", got)
	}
}

// TestNameBesideAllDigitNumber: with no supplier name picked, a company
// name at the top whose line runs into the next cell's number, read as
// digits alone ("TO41074" as 1041074), is the name, cut at its legal
// form, at half confidence; a name already picked stays.
func TestNameBesideAllDigitNumber(t *testing.T) {
	p := scannedPage(at{40, 40, "Torby Kontorforsyning I/S 1041074 2.2.2025", 14}, at{80, 70, "Vibevænget 27", 0}, at{80, 80, "5200 Holmbæk V", 0})
	x := newExtraction([]pipeline.Page{p}, "da")
	fields := map[string]pipeline.Field{}
	x.nameBesideNumber(fields)
	if f := fields[fSupplierName]; f.Value != "Torby Kontorforsyning I/S" || f.Box == nil || f.Confidence > 0.5 {
		t.Errorf("supplier_name = %+v, want the name cut at its legal form, at half confidence", f)
	}
	fields = map[string]pipeline.Field{fSupplierName: {Value: "Clara Skovskov", Confidence: 0.7}}
	x.nameBesideNumber(fields)
	if f := fields[fSupplierName]; f.Value != "Clara Skovskov" {
		t.Errorf("supplier_name = %+v, want the pick as it was", f)
	}
}
