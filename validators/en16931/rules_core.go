package en16931

import (
	"strings"
)

func r(id string, sev string, terms string, text string, check func(c *checker)) *Rule {
	s := fatal
	if sev == "warning" {
		s = warning
	}
	var ts []string
	if terms != "" {
		ts = strings.Split(terms, " ")
	}
	return &Rule{ID: id, Severity: s, Terms: ts, Text: text, check: check}
}

func has(v Value) bool { return v.Text != "" }

// normDate turns YYYY-MM-DD and CII format 102 (YYYYMMDD) into YYYYMMDD.
func normDate(s string) string { return strings.ReplaceAll(strings.TrimSpace(s), "-", "") }

// mandatory is a rule that a business term of the document be present
// and not empty.
func mandatory(id, term, text string, get func(*Invoice) Value) *Rule {
	return r(id, "fatal", term, text, func(c *checker) {
		if v := get(c.inv); !has(v) {
			c.fail(v.n, "%s missing", term)
		}
	})
}

func coreRules() []*Rule {
	return []*Rule{
		mandatory("BR-01", "BT-24", "An Invoice shall have a Specification identifier (BT-24).", func(i *Invoice) Value { return i.CustomizationID }),
		mandatory("BR-02", "BT-1", "An Invoice shall have an Invoice number (BT-1).", func(i *Invoice) Value { return i.ID }),
		mandatory("BR-03", "BT-2", "An Invoice shall have an Invoice issue date (BT-2).", func(i *Invoice) Value { return i.IssueDate }),
		mandatory("BR-04", "BT-3", "An Invoice shall have an Invoice type code (BT-3).", func(i *Invoice) Value { return i.TypeCode }),
		mandatory("BR-05", "BT-5", "An Invoice shall have an Invoice currency code (BT-5).", func(i *Invoice) Value { return i.Currency }),
		mandatory("BR-06", "BT-27", "An Invoice shall contain the Seller name (BT-27).", func(i *Invoice) Value { return i.Seller.RegName }),
		mandatory("BR-07", "BT-44", "An Invoice shall contain the Buyer name (BT-44).", func(i *Invoice) Value { return i.Buyer.RegName }),
		r("BR-08", "fatal", "BG-5", "An Invoice shall contain the Seller postal address (BG-5).", func(c *checker) {
			c.must(c.inv.Seller.Address != nil, c.inv.Seller.n, "seller postal address missing")
		}),
		r("BR-09", "fatal", "BT-40", "The Seller postal address (BG-5) shall contain a Seller country code (BT-40).", func(c *checker) {
			if a := c.inv.Seller.Address; a != nil {
				c.must(has(c.inv.Seller.Country), a, "seller country code missing")
			}
		}),
		r("BR-10", "fatal", "BG-8", "An Invoice shall contain the Buyer postal address (BG-8).", func(c *checker) {
			c.must(c.inv.Buyer.Address != nil, c.inv.Buyer.n, "buyer postal address missing")
		}),
		r("BR-11", "fatal", "BT-55", "The Buyer postal address (BG-8) shall contain a Buyer country code (BT-55).", func(c *checker) {
			if a := c.inv.Buyer.Address; a != nil {
				c.must(has(c.inv.Buyer.Country), a, "buyer country code missing")
			}
		}),
		totalPresent("BR-12", "BT-106", "An Invoice shall have the Sum of Invoice line net amount (BT-106).", func(t *Totals) Value { return t.LineExt }),
		totalPresent("BR-13", "BT-109", "An Invoice shall have the Invoice total amount without VAT (BT-109).", func(t *Totals) Value { return t.TaxExcl }),
		totalPresent("BR-14", "BT-112", "An Invoice shall have the Invoice total amount with VAT (BT-112).", func(t *Totals) Value { return t.TaxIncl }),
		totalPresent("BR-15", "BT-115", "An Invoice shall have the Amount due for payment (BT-115).", func(t *Totals) Value { return t.Payable }),
		r("BR-16", "fatal", "BG-25", "An Invoice shall have at least one Invoice line (BG-25).", func(c *checker) {
			c.must(len(c.inv.Lines) > 0, nil, "no invoice line")
		}),
		r("BR-17", "fatal", "BT-59", "The Payee name (BT-59) shall be provided in the Invoice, if the Payee (BG-10) is different from the Seller (BG-4).", func(c *checker) {
			p := c.inv.Payee
			if p == nil {
				return
			}
			same := c.inv.Seller.Name.Exists() && p.Name.Exists() && p.Name.Text == c.inv.Seller.Name.Text
			for _, a := range p.IDs {
				for _, b := range c.inv.Seller.IDs {
					same = same || a.Text == b.Text
				}
			}
			c.must(p.Name.Exists() && !same, p.n, "payee name %q missing or the payee is the seller", p.Name.Text)
		}),
		r("BR-18", "fatal", "BT-62", "The Seller tax representative name (BT-62) shall be provided in the Invoice, if the Seller (BG-4) has a Seller tax representative party (BG-11).", func(c *checker) {
			if p := c.inv.TaxRep; p != nil {
				c.must(has(p.Name), p.n, "tax representative name missing")
			}
		}),
		r("BR-19", "fatal", "BG-12", "The Seller tax representative postal address (BG-12) shall be provided in the Invoice, if the Seller (BG-4) has a Seller tax representative party (BG-11).", func(c *checker) {
			if p := c.inv.TaxRep; p != nil {
				c.must(p.Address != nil, p.n, "tax representative postal address missing")
			}
		}),
		r("BR-20", "fatal", "BT-69", "The Seller tax representative postal address (BG-12) shall contain a Tax representative country code (BT-69), if the Seller (BG-4) has a Seller tax representative party (BG-11).", func(c *checker) {
			if p := c.inv.TaxRep; p != nil && p.Address != nil {
				c.must(has(p.Country), p.Address, "tax representative country code missing")
			}
		}),
		lineRule("BR-21", "BT-126", "Each Invoice line (BG-25) shall have an Invoice line identifier (BT-126).", func(c *checker, l *Line) {
			c.must(has(l.ID), l.n, "line identifier missing")
		}),
		lineRule("BR-22", "BT-129", "Each Invoice line (BG-25) shall have an Invoiced quantity (BT-129).", func(c *checker, l *Line) {
			c.must(l.Qty.Exists(), l.n, "invoiced quantity missing")
		}),
		lineRule("BR-23", "BT-130", "An Invoice line (BG-25) shall have an Invoiced quantity unit of measure code (BT-130).", func(c *checker, l *Line) {
			c.must(l.Qty.HasAttr, l.n, "unit of measure missing")
		}),
		lineRule("BR-24", "BT-131", "Each Invoice line (BG-25) shall have an Invoice line net amount (BT-131).", func(c *checker, l *Line) {
			c.must(l.LineExt.Exists(), l.n, "line net amount missing")
		}),
		lineRule("BR-25", "BT-153", "Each Invoice line (BG-25) shall contain the Item name (BT-153).", func(c *checker, l *Line) {
			c.must(has(l.ItemName), l.n, "item name missing")
		}),
		lineRule("BR-26", "BT-146", "Each Invoice line (BG-25) shall contain the Item net price (BT-146).", func(c *checker, l *Line) {
			c.must(l.NetPrice.Exists(), l.n, "item net price missing")
		}),
		lineRule("BR-27", "BT-146", "The Item net price (BT-146) shall NOT be negative.", func(c *checker, l *Line) {
			p, ok := l.NetPrice.dec()
			c.must(ok && p.Sign() >= 0, l.n, "item net price %q", l.NetPrice.Text)
		}),
		lineRule("BR-28", "BT-148", "The Item gross price (BT-148) shall NOT be negative.", func(c *checker, l *Line) {
			if l.GrossPrice.Exists() {
				p, ok := l.GrossPrice.dec()
				c.must(ok && p.Sign() >= 0, l.GrossPrice.n, "item gross price %q", l.GrossPrice.Text)
			}
		}),
		r("BR-29", "fatal", "BT-73 BT-74", "If both Invoicing period start date (BT-73) and Invoicing period end date (BT-74) are given then the Invoicing period end date (BT-74) shall be later or equal to the Invoicing period start date (BT-73).", func(c *checker) {
			for _, p := range allPeriods(c.inv) {
				if p.Start.Exists() && p.End.Exists() {
					c.must(normDate(p.End.Text) >= normDate(p.Start.Text), p.n, "end %s before start %s", p.End.Text, p.Start.Text)
				}
			}
		}),
		lineRule("BR-30", "BT-134 BT-135", "If both Invoice line period start date (BT-134) and Invoice line period end date (BT-135) are given then the Invoice line period end date (BT-135) shall be later or equal to the Invoice line period start date (BT-134).", func(c *checker, l *Line) {
			for _, p := range l.Periods {
				if p.Start.Exists() && p.End.Exists() {
					c.must(normDate(p.End.Text) >= normDate(p.Start.Text), p.n, "end %s before start %s", p.End.Text, p.Start.Text)
				}
			}
		}),
		docAC("BR-31", false, "BT-92", "Each Document level allowance (BG-20) shall have a Document level allowance amount (BT-92).", func(c *checker, a *AllowanceCharge) {
			c.must(a.Amount.Exists(), a.n, "allowance amount missing")
		}),
		docAC("BR-32", false, "BT-95", "Each Document level allowance (BG-20) shall have a Document level allowance VAT category code (BT-95).", func(c *checker, a *AllowanceCharge) {
			c.must(a.Cat != nil && a.Cat.VAT && a.Cat.ID.Exists(), a.n, "allowance VAT category missing")
		}),
		docAC("BR-33", false, "BT-97 BT-98", "Each Document level allowance (BG-20) shall have a Document level allowance reason (BT-97) or a Document level allowance reason code (BT-98).", hasReason),
		docAC("BR-36", true, "BT-99", "Each Document level charge (BG-21) shall have a Document level charge amount (BT-99).", func(c *checker, a *AllowanceCharge) {
			c.must(a.Amount.Exists(), a.n, "charge amount missing")
		}),
		docAC("BR-37", true, "BT-102", "Each Document level charge (BG-21) shall have a Document level charge VAT category code (BT-102).", func(c *checker, a *AllowanceCharge) {
			c.must(a.Cat != nil && a.Cat.VAT && a.Cat.ID.Exists(), a.n, "charge VAT category missing")
		}),
		docAC("BR-38", true, "BT-104 BT-105", "Each Document level charge (BG-21) shall have a Document level charge reason (BT-104) or a Document level charge reason code (BT-105).", hasReason),
		lineAC("BR-41", false, "BT-136", "Each Invoice line allowance (BG-27) shall have an Invoice line allowance amount (BT-136).", func(c *checker, a *AllowanceCharge) {
			c.must(a.Amount.Exists(), a.n, "line allowance amount missing")
		}),
		lineAC("BR-42", false, "BT-139 BT-140", "Each Invoice line allowance (BG-27) shall have an Invoice line allowance reason (BT-139) or an Invoice line allowance reason code (BT-140).", hasReason),
		lineAC("BR-43", true, "BT-141", "Each Invoice line charge (BG-28) shall have an Invoice line charge amount (BT-141).", func(c *checker, a *AllowanceCharge) {
			c.must(a.Amount.Exists(), a.n, "line charge amount missing")
		}),
		lineAC("BR-44", true, "BT-144 BT-145", "Each Invoice line charge shall have an Invoice line charge reason or an invoice line allowance reason code.", hasReason),
		subtotalRule("BR-45", "BT-116", "Each VAT breakdown (BG-23) shall have a VAT category taxable amount (BT-116).", func(c *checker, s *Subtotal) {
			c.must(s.Taxable.Exists(), s.n, "taxable amount missing")
		}),
		subtotalRule("BR-46", "BT-117", "Each VAT breakdown (BG-23) shall have a VAT category tax amount (BT-117).", func(c *checker, s *Subtotal) {
			c.must(s.Tax.Exists(), s.n, "tax amount missing")
		}),
		subtotalRule("BR-47", "BT-118", "Each VAT breakdown (BG-23) shall be defined through a VAT category code (BT-118).", func(c *checker, s *Subtotal) {
			c.must(s.Cat.VAT && s.Cat.ID.Exists(), s.n, "VAT category code missing")
		}),
		subtotalRule("BR-48", "BT-119", "Each VAT breakdown (BG-23) shall have a VAT category rate (BT-119), except if the Invoice is not subject to VAT.", func(c *checker, s *Subtotal) {
			c.must(s.Cat.VAT && (s.Cat.Percent.Exists() || s.Cat.ID.Text == "O"), s.n, "VAT category rate missing")
		}),
		pmRule("BR-49", "BT-81", "A Payment instruction (BG-16) shall specify the Payment means type code (BT-81).", func(c *checker, p *PaymentMeans) {
			c.must(p.Code.Exists(), p.n, "payment means code missing")
		}),
		pmRule("BR-50", "BT-84", "A Payment account identifier (BT-84) shall be present if Credit transfer (BG-17) information is provided in the Invoice.", func(c *checker, p *PaymentMeans) {
			if (p.Code.Text == "30" || p.Code.Text == "58") && p.Account != nil {
				c.must(has(p.AccountID), p.Account, "payment account identifier missing")
			}
		}),
		pmRule("BR-51", "BT-87", "The last 4 to 6 digits of the Payment card primary account number (BT-87) shall be present if Payment card information (BG-18) is provided in the Invoice.", func(c *checker, p *PaymentMeans) {
			if p.Card != nil {
				n := len([]rune(p.CardPAN.Text))
				c.must(n >= 4 && n <= 6, p.Card, "card number %q has %d characters", p.CardPAN.Text, n)
			}
		}),
		r("BR-52", "fatal", "BT-122", "Each Additional supporting document (BG-24) shall contain a Supporting document reference (BT-122).", func(c *checker) {
			for _, d := range c.inv.Supporting {
				c.must(has(d.ID), d.n, "supporting document reference missing")
			}
		}),
		r("BR-53", "fatal", "BT-6 BT-111", "If the VAT accounting currency code (BT-6) is present, then the Invoice total VAT amount in accounting currency (BT-111) shall be provided.", func(c *checker) {
			if !c.inv.TaxCurrency.Exists() {
				return
			}
			found := false
			for _, t := range c.inv.TaxTotals {
				found = found || (t.Amount.Exists() && t.Amount.Attr == c.inv.TaxCurrency.Text)
			}
			c.must(found, c.inv.TaxCurrency.n, "no VAT total in %s", c.inv.TaxCurrency.Text)
		}),
		lineRule("BR-54", "BT-160 BT-161", "Each Item attribute (BG-32) shall contain an Item attribute name (BT-160) and an Item attribute value (BT-161).", func(c *checker, l *Line) {
			for _, a := range l.Attributes {
				c.must(a.Name.Exists() && a.Value.Exists(), a.n, "item attribute name or value missing")
			}
		}),
		r("BR-55", "fatal", "BT-25", "Each Preceding Invoice reference (BG-3) shall contain a Preceding Invoice reference (BT-25).", func(c *checker) {
			for _, p := range c.inv.Preceding {
				c.must(p.ID.Exists(), p.n, "preceding invoice reference missing")
			}
		}),
		r("BR-56", "fatal", "BT-63", "Each Seller tax representative party (BG-11) shall have a Seller tax representative VAT identifier (BT-63).", func(c *checker) {
			if p := c.inv.TaxRep; p != nil {
				c.must(len(p.VATIDs) > 0, p.n, "tax representative VAT identifier missing")
			}
		}),
		r("BR-57", "fatal", "BT-80", "Each Deliver to address (BG-15) shall contain a Deliver to country code (BT-80).", func(c *checker) {
			if d := c.inv.Delivery; d != nil && d.Address != nil {
				c.must(d.Country.Exists(), d.Address, "deliver to country code missing")
			}
		}),
		pmRule("BR-61", "BT-84", "If the Payment means type code (BT-81) means SEPA credit transfer, Local credit transfer or Non-SEPA international credit transfer, the Payment account identifier (BT-84) shall be present.", func(c *checker, p *PaymentMeans) {
			if p.Code.Text == "30" || p.Code.Text == "58" {
				c.must(p.AccountID.Exists(), p.n, "payment means %s without an account", p.Code.Text)
			}
		}),
		r("BR-62", "fatal", "BT-34", "The Seller electronic address (BT-34) shall have a Scheme identifier.", func(c *checker) {
			if e := c.inv.Seller.Endpoint; e.Exists() {
				c.must(e.HasAttr, e.n, "scheme identifier missing")
			}
		}),
		r("BR-63", "fatal", "BT-49", "The Buyer electronic address (BT-49) shall have a Scheme identifier.", func(c *checker) {
			if e := c.inv.Buyer.Endpoint; e.Exists() {
				c.must(e.HasAttr, e.n, "scheme identifier missing")
			}
		}),
		lineRule("BR-64", "BT-157", "The Item standard identifier (BT-157) shall have a Scheme identifier.", func(c *checker, l *Line) {
			for _, v := range l.StdIDs {
				c.must(v.HasAttr, v.n, "scheme identifier missing")
			}
		}),
		lineRule("BR-65", "BT-158", "The Item classification identifier (BT-158) shall have a Scheme identifier.", func(c *checker, l *Line) {
			for _, v := range l.ClassCodes {
				c.must(v.HasAttr, v.n, "scheme identifier missing")
			}
		}),
		r("BR-66", "fatal", "BG-18", "An Invoice shall contain maximum one Payment Card account (BG-18).", func(c *checker) {
			n := 0
			for _, p := range c.inv.PaymentMeans {
				if p.Card != nil {
					n++
				}
			}
			c.must(n <= 1, nil, "%d payment cards", n)
		}),
		r("BR-67", "fatal", "BG-19", "An Invoice shall contain maximum one Payment Mandate (BG-19).", func(c *checker) {
			n := 0
			for _, p := range c.inv.PaymentMeans {
				n += p.Mandates
			}
			if c.inv.Syntax == "cii" && n > 1 {
				n = 1 // one mandate in the payment terms, repeated per payment means
			}
			c.must(n <= 1, nil, "%d payment mandates", n)
		}),
		r("BR-CO-03", "fatal", "BT-7 BT-8", "Value added tax point date (BT-7) and Value added tax point date code (BT-8) are mutually exclusive.", func(c *checker) {
			c.must(!(c.inv.TaxPointDate.Exists() && c.inv.TaxPointCode.Exists()), c.inv.TaxPointDate.n, "both tax point date and code")
		}),
		lineRule("BR-CO-04", "BT-151", "Each Invoice line (BG-25) shall be categorized with an Invoiced item VAT category code (BT-151).", func(c *checker, l *Line) {
			c.must(l.Cat != nil && l.Cat.VAT && has(l.Cat.ID), l.n, "line VAT category missing")
		}),
		r("BR-CO-09", "fatal", "BT-31 BT-48 BT-63", "The Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48) shall have a prefix in accordance with ISO code ISO 3166-1 alpha-2 by which the country of issue may be identified. Nevertheless, Greece may use the prefix 'EL'.", func(c *checker) {
			parties := []*Party{&c.inv.Seller, &c.inv.Buyer, c.inv.TaxRep, c.inv.Payee}
			for _, p := range parties {
				if p == nil {
					continue
				}
				for _, v := range p.VATIDs {
					c.must(vatPrefixOK(v.Text), v.n, "VAT identifier %q has no country prefix", v.Text)
				}
			}
		}),
		r("BR-CO-18", "fatal", "BG-23", "An Invoice shall at least have one VAT breakdown group (BG-23).", func(c *checker) {
			n := 0
			for _, t := range c.inv.TaxTotals {
				n += len(t.Subtotals)
			}
			c.must(n > 0, nil, "no VAT breakdown")
		}),
		r("BR-CO-19", "fatal", "BT-73 BT-74", "If Invoicing period (BG-14) is used, the Invoicing period start date (BT-73) or the Invoicing period end date (BT-74) shall be filled, or both.", func(c *checker) {
			for _, p := range allPeriods(c.inv) {
				// The test sets accept a date code (BT-8) next to the dates.
				c.must(p.Start.Exists() || p.End.Exists() || p.DescCode.Exists(), p.n, "period without start or end date")
			}
		}),
		lineRule("BR-CO-20", "BT-134 BT-135", "If Invoice line period (BG-26) is used, the Invoice line period start date (BT-134) or the Invoice line period end date (BT-135) shall be filled, or both.", func(c *checker, l *Line) {
			for _, p := range l.Periods {
				c.must(p.Start.Exists() || p.End.Exists(), p.n, "line period without start or end date")
			}
		}),
		docAC("BR-CO-21", false, "BT-97 BT-98", "Each Document level allowance (BG-20) shall contain a Document level allowance reason (BT-97) or a Document level allowance reason code (BT-98), or both.", hasReason),
		docAC("BR-CO-22", true, "BT-104 BT-105", "Each Document level charge (BG-21) shall contain a Document level charge reason (BT-104) or a Document level charge reason code (BT-105), or both.", hasReason),
		lineAC("BR-CO-23", false, "BT-139 BT-140", "Each Invoice line allowance (BG-27) shall contain an Invoice line allowance reason (BT-139) or an Invoice line allowance reason code (BT-140), or both.", hasReason),
		lineAC("BR-CO-24", true, "BT-144 BT-145", "Each Invoice line charge (BG-28) shall contain an Invoice line charge reason (BT-144) or an Invoice line charge reason code (BT-145), or both.", hasReason),
		r("BR-CO-25", "fatal", "BT-115 BT-9 BT-20", "In case the Amount due for payment (BT-115) is positive, either the Payment due date (BT-9) or the Payment terms (BT-20) shall be present.", func(c *checker) {
			if c.inv.Credit || c.inv.Totals == nil {
				return
			}
			p, ok := c.inv.Totals.Payable.dec()
			if ok && p.Sign() > 0 {
				c.must(c.inv.DueDate.Exists() || len(c.inv.PaymentTerms) > 0, c.inv.Totals.Payable.n, "amount due %s without due date or payment terms", c.inv.Totals.Payable.Text)
			}
		}),
		r("BR-CO-26", "fatal", "BT-29 BT-30 BT-31", "In order for the buyer to automatically identify a supplier, the Seller identifier (BT-29), the Seller legal registration identifier (BT-30) and/or the Seller VAT identifier (BT-31) shall be present.", func(c *checker) {
			s := c.inv.Seller
			if s.n == nil {
				return
			}
			c.must(len(s.VATIDs) > 0 || len(s.IDs) > 0 || s.LegalID.Exists(), s.n, "seller has no identifier")
		}),
		r("BR-B-01", "fatal", "BT-151 BT-95 BT-102", "An Invoice where the VAT category code (BT-151, BT-95 or BT-102) is \"Split payment\" shall be a domestic Italian invoice.", func(c *checker) {
			if !usesCategory(c.inv, "B") {
				return
			}
			for _, p := range []*Party{&c.inv.Seller, &c.inv.Buyer} {
				if has(p.Country) && p.Country.Text != "IT" {
					c.fail(p.Country.n, "split payment with country %s", p.Country.Text)
				}
			}
		}),
		r("BR-B-02", "fatal", "BT-151 BT-95 BT-102", "An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is \"Split payment\" shall not contain an invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is \"Standard rated\".", func(c *checker) {
			c.must(!(usesCategory(c.inv, "B") && usesCategory(c.inv, "S")), nil, "split payment and standard rated together")
		}),
	}
}

func totalPresent(id, term, text string, get func(*Totals) Value) *Rule {
	return r(id, "fatal", term, text, func(c *checker) {
		if t := c.inv.Totals; t != nil {
			c.must(get(t).Exists(), t.n, "%s missing", term)
		}
	})
}

func lineRule(id, terms, text string, check func(*checker, *Line)) *Rule {
	return r(id, "fatal", terms, text, func(c *checker) {
		for _, l := range c.inv.Lines {
			check(c, l)
		}
	})
}

func docAC(id string, charge bool, terms, text string, check func(*checker, *AllowanceCharge)) *Rule {
	return r(id, "fatal", terms, text, func(c *checker) {
		for _, a := range c.inv.AllowanceCharges {
			if a.Charge == charge {
				check(c, a)
			}
		}
	})
}

func lineAC(id string, charge bool, terms, text string, check func(*checker, *AllowanceCharge)) *Rule {
	return r(id, "fatal", terms, text, func(c *checker) {
		for _, l := range c.inv.Lines {
			for _, a := range l.ACs {
				if a.Charge == charge {
					check(c, a)
				}
			}
		}
	})
}

func subtotalRule(id, terms, text string, check func(*checker, *Subtotal)) *Rule {
	return r(id, "fatal", terms, text, func(c *checker) {
		for _, t := range c.inv.TaxTotals {
			for _, s := range t.Subtotals {
				check(c, s)
			}
		}
	})
}

func pmRule(id, terms, text string, check func(*checker, *PaymentMeans)) *Rule {
	return r(id, "fatal", terms, text, func(c *checker) {
		for _, p := range c.inv.PaymentMeans {
			check(c, p)
		}
	})
}

func hasReason(c *checker, a *AllowanceCharge) {
	c.must(a.Reason.Exists() || a.ReasonCode.Exists(), a.n, "reason and reason code missing")
}

// allPeriods is every invoicing period the Schematron's context
// "cac:InvoicePeriod" matches: the document's and the lines'.
func allPeriods(inv *Invoice) []*Period {
	out := append([]*Period(nil), inv.Periods...)
	if inv.Syntax == "ubl" {
		for _, l := range inv.Lines {
			out = append(out, l.Periods...)
		}
	}
	return out
}

// vatPrefixOK applies BR-CO-09 as the Schematron does: the first two
// characters must occur in the list of country codes (plus EL).
func vatPrefixOK(id string) bool {
	p := id
	if len(p) > 2 {
		p = p[:2]
	}
	return strings.Contains(vatCountries, p)
}

const vatCountries = "AD AE AF AG AI AL AM AN AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BL BJ BM BN BO BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CX CY CZ DE DJ DK DM DO DZ EC EE EG EH EL ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR ST SV SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
