package en16931

import (
	"fmt"
	"math/big"
	"strings"
)

// vatGroup describes one VAT category's rule group (BR-S-*, BR-Z-*, …):
// the rules are the same ten with a few differences the Schematron
// spells out, captured here.
type vatGroup struct {
	prefix string // "BR-S"
	code   string // UNCL5305 code: S, Z, E, AE, K, G, O, L, M
	name   string // as the rule texts quote it
	// atLeastOne: BR-x-01 wants at least one breakdown (S, L, M), not
	// exactly one.
	atLeastOne bool
	// seller says which seller identifiers BR-x-02..04 accept.
	seller sellerNeed
	// rate: how BR-x-05..07 constrain the rate.
	rate rateRule
	// perRate: BR-x-08 per rate with a tolerance of 1, and BR-x-09 as
	// taxable × rate; otherwise BR-x-08 sums the whole category exactly
	// and BR-x-09 wants 0.
	perRate bool
	// exempt: BR-x-10 wants an exemption reason (true) or forbids one.
	exempt bool
}

type sellerNeed int

const (
	sellerAnyTax      sellerNeed = iota // seller tax registration (BT-31/32) or tax representative (BT-63)
	sellerVAT                           // seller VAT identifier (BT-31) or BT-63
	sellerVATBuyerVAT                   // BT-31/BT-63 and buyer VAT identifier (BT-48)
	sellerAnyBuyerAny                   // BT-31/32/63 and BT-48 or buyer legal registration (BT-47)
	noVATIdentifiers                    // none of BT-31, BT-63, BT-48
)

type rateRule int

const (
	ratePositive rateRule = iota
	rateZero
	rateNone
	rateNonNegative
)

var vatGroups = []vatGroup{
	{prefix: "BR-S", code: "S", name: "Standard rated", atLeastOne: true, seller: sellerAnyTax, rate: ratePositive, perRate: true},
	{prefix: "BR-Z", code: "Z", name: "Zero rated", seller: sellerAnyTax, rate: rateZero},
	{prefix: "BR-E", code: "E", name: "Exempt from VAT", seller: sellerAnyTax, rate: rateZero, exempt: true},
	{prefix: "BR-AE", code: "AE", name: "Reverse charge", seller: sellerAnyBuyerAny, rate: rateZero, exempt: true},
	{prefix: "BR-IC", code: "K", name: "Intra-community supply", seller: sellerVATBuyerVAT, rate: rateZero, exempt: true},
	{prefix: "BR-G", code: "G", name: "Export outside the EU", seller: sellerVAT, rate: rateZero, exempt: true},
	{prefix: "BR-O", code: "O", name: "Not subject to VAT", seller: noVATIdentifiers, rate: rateNone, exempt: true},
	{prefix: "BR-AF", code: "L", name: "IGIC", atLeastOne: true, seller: sellerAnyTax, rate: rateNonNegative, perRate: true},
	{prefix: "BR-AG", code: "M", name: "IPSI", atLeastOne: true, seller: sellerAnyTax, rate: rateNonNegative, perRate: true},
}

// catIs reports whether c is category code (normalize-space(cbc:ID)).
func catIs(c *Category, code string) bool { return c != nil && strings.TrimSpace(c.ID.Text) == code }

// usesCategory reports whether a line or document allowance or charge
// has VAT category code.
func usesCategory(inv *Invoice, code string) bool {
	for _, l := range inv.Lines {
		if catIs(l.Cat, code) {
			return true
		}
	}
	for _, a := range inv.AllowanceCharges {
		if catIs(a.Cat, code) {
			return true
		}
	}
	return false
}

func breakdowns(inv *Invoice) []*Subtotal {
	var out []*Subtotal
	for _, t := range inv.TaxTotals {
		out = append(out, t.Subtotals...)
	}
	return out
}

func vatRules() []*Rule {
	var out []*Rule
	for _, g := range vatGroups {
		out = append(out, g.rules()...)
	}
	out = append(out,
		r("BR-IC-11", "fatal", "BT-72 BG-14", "In an Invoice with a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Intra-community supply\" the Actual delivery date (BT-72) or the Invoicing period (BG-14) shall not be blank.", func(c *checker) {
			if !breakdownHas(c.inv, "K", true) {
				return
			}
			ok := c.inv.Delivery != nil && len(c.inv.Delivery.Date.Text) > 1
			for _, p := range c.inv.Periods {
				ok = ok || len(p.n.kids) > 0
			}
			c.must(ok, nil, "no actual delivery date nor invoicing period")
		}),
		r("BR-IC-12", "fatal", "BT-80", "In an Invoice with a VAT breakdown (BG-23) where the VAT category code (BT-118) is \"Intra-community supply\" the Deliver to country code (BT-80) shall not be blank.", func(c *checker) {
			if !breakdownHas(c.inv, "K", true) {
				return
			}
			c.must(c.inv.Delivery != nil && len(c.inv.Delivery.Country.Text) > 1, nil, "deliver to country code missing")
		}),
		r("BR-O-11", "fatal", "BT-118", "An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code (BT-118) \"Not subject to VAT\" shall not contain other VAT breakdown groups (BG-23).", func(c *checker) {
			if !breakdownHas(c.inv, "O", true) {
				return
			}
			for _, s := range breakdowns(c.inv) {
				c.must(!s.Cat.VAT || catIs(&s.Cat, "O"), s.n, "breakdown %s next to O", s.Cat.ID.Text)
			}
		}),
		r("BR-O-12", "fatal", "BT-151", "An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code (BT-118) \"Not subject to VAT\" shall not contain an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is not \"Not subject to VAT\".", func(c *checker) {
			if !breakdownHas(c.inv, "O", true) {
				return
			}
			for _, l := range c.inv.Lines {
				c.must(l.Cat == nil || !l.Cat.VAT || catIs(l.Cat, "O"), l.n, "line category %s next to O", l.Cat.ID.Text)
			}
		}),
		r("BR-O-13", "fatal", "BT-95", "An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code (BT-118) \"Not subject to VAT\" shall not contain Document level allowances (BG-20) where Document level allowance VAT category code (BT-95) is not \"Not subject to VAT\".", func(c *checker) {
			otherACs(c, false)
		}),
		r("BR-O-14", "fatal", "BT-102", "An Invoice that contains a VAT breakdown group (BG-23) with a VAT category code (BT-118) \"Not subject to VAT\" shall not contain Document level charges (BG-21) where Document level charge VAT category code (BT-102) is not \"Not subject to VAT\".", func(c *checker) {
			otherACs(c, true)
		}),
	)
	return out
}

func otherACs(c *checker, charge bool) {
	if !breakdownHas(c.inv, "O", true) {
		return
	}
	for _, a := range c.inv.AllowanceCharges {
		if a.Charge == charge {
			c.must(a.Cat == nil || !a.Cat.VAT || catIs(a.Cat, "O"), a.n, "category %s next to O", a.Cat.ID.Text)
		}
	}
}

// breakdownHas reports whether a VAT breakdown has category code; vat
// restricts to tax scheme VAT.
func breakdownHas(inv *Invoice, code string, vat bool) bool {
	return breakdownCount(inv, code, vat) > 0
}

func breakdownCount(inv *Invoice, code string, vat bool) int {
	n := 0
	for _, s := range breakdowns(inv) {
		if catIs(&s.Cat, code) && (s.Cat.VAT || !vat) {
			n++
		}
	}
	return n
}

func (g vatGroup) id(n int) string { return fmt.Sprintf("%s-%02d", g.prefix, n) }

func (g vatGroup) rules() []*Rule {
	q := `"` + g.name + `"`
	var out []*Rule
	out = append(out, r(g.id(1), "fatal", "BT-151 BT-95 BT-102 BT-118",
		fmt.Sprintf("An Invoice that contains an Invoice line (BG-25), a Document level allowance (BG-20) or a Document level charge (BG-21) where the VAT category code (BT-151, BT-95 or BT-102) is %s shall contain in the VAT breakdown (BG-23) %s VAT category code (BT-118) equal with %s.", q, map[bool]string{true: "at least one", false: "exactly one"}[g.atLeastOne], q),
		func(c *checker) {
			used := usesVATCategory(c.inv, g.code, g.code != "S")
			n := breakdownCount(c.inv, g.code, g.code != "S")
			if g.atLeastOne {
				c.must((used && n > 0) || (!used && n == 0), nil, "category %s used %v, %d breakdowns", g.code, used, n)
				return
			}
			// The Schematron's //cac:TaxCategory also matches the
			// breakdown's own category.
			used = used || n > 0
			c.must(!used || n == 1, nil, "%d breakdowns with category %s", n, g.code)
		}))
	parts := []struct {
		n     int
		terms string
		what  string
		nodes func(*Invoice) []*node
	}{
		{2, "BT-151", "an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151)", func(inv *Invoice) []*node {
			var ns []*node
			for _, l := range inv.Lines {
				if catIs(l.Cat, g.code) && l.Cat.VAT {
					ns = append(ns, l.n)
				}
			}
			return ns
		}},
		{3, "BT-95", "a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95)", acNodes(g.code, false)},
		{4, "BT-102", "a Document level charge (BG-21) where the Document level charge VAT category code (BT-102)", acNodes(g.code, true)},
	}
	for _, p := range parts {
		out = append(out, r(g.id(p.n), "fatal", p.terms+" "+g.seller.terms(),
			fmt.Sprintf("An Invoice that contains %s is %s %s.", p.what, q, g.seller.text()),
			func(c *checker) {
				ns := p.nodes(c.inv)
				if len(ns) == 0 {
					return
				}
				if ok, detail := g.seller.holds(c.inv); !ok {
					c.fail(ns[0], "%s", detail)
				}
			}))
	}
	rateText := map[rateRule]string{ratePositive: "shall be greater than zero", rateZero: "shall be 0 (zero)",
		rateNone: "shall not be present", rateNonNegative: "shall be 0 (zero) or greater than zero"}[g.rate]
	out = append(out,
		r(g.id(5), "fatal", "BT-152", fmt.Sprintf("In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is %s the Invoiced item VAT rate (BT-152) %s.", q, rateText), func(c *checker) {
			for _, l := range c.inv.Lines {
				if catIs(l.Cat, g.code) && l.Cat.VAT {
					g.checkRate(c, l.Cat)
				}
			}
		}),
		r(g.id(6), "fatal", "BT-96", fmt.Sprintf("In a Document level allowance (BG-20) where the Document level allowance VAT category code (BT-95) is %s the Document level allowance VAT rate (BT-96) %s.", q, rateText), func(c *checker) {
			g.checkACRates(c, false)
		}),
		r(g.id(7), "fatal", "BT-103", fmt.Sprintf("In a Document level charge (BG-21) where the Document level charge VAT category code (BT-102) is %s the Document level charge VAT rate (BT-103) %s.", q, rateText), func(c *checker) {
			g.checkACRates(c, true)
		}),
	)
	text8 := fmt.Sprintf("In a VAT breakdown (BG-23) where the VAT category code (BT-118) is %s the VAT category taxable amount (BT-116) shall equal the sum of Invoice line net amounts (BT-131) minus the sum of Document level allowance amounts (BT-92) plus the sum of Document level charge amounts (BT-99) where the VAT category codes (BT-151, BT-95, BT-102) are %s.", q, q)
	text9 := fmt.Sprintf("The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where the VAT category code (BT-118) is %s shall equal 0 (zero).", q)
	if g.perRate {
		text8 = fmt.Sprintf("For each different value of VAT category rate (BT-119) where the VAT category code (BT-118) is %s, the VAT category taxable amount (BT-116) in a VAT breakdown (BG-23) shall equal the sum of Invoice line net amounts (BT-131) plus the sum of document level charge amounts (BT-99) minus the sum of document level allowance amounts (BT-92) where the VAT category code (BT-151, BT-102, BT-95) is %s and the VAT rate (BT-152, BT-103, BT-96) equals the VAT category rate (BT-119).", q, q)
		text9 = fmt.Sprintf("The VAT category tax amount (BT-117) in a VAT breakdown (BG-23) where VAT category code (BT-118) is %s shall equal the VAT category taxable amount (BT-116) multiplied by the VAT category rate (BT-119).", q)
	}
	text10 := fmt.Sprintf("A VAT breakdown (BG-23) with VAT Category code (BT-118) %s shall not have a VAT exemption reason code (BT-121) or VAT exemption reason text (BT-120).", q)
	if g.exempt {
		text10 = fmt.Sprintf("A VAT breakdown (BG-23) with VAT Category code (BT-118) %s shall have a VAT exemption reason code (BT-121) or a VAT exemption reason text (BT-120).", q)
	}
	out = append(out,
		r(g.id(8), "fatal", "BT-116 BT-131 BT-92 BT-99", text8, func(c *checker) {
			for _, s := range g.subtotals(c.inv) {
				g.checkTaxable(c, s)
			}
		}),
		r(g.id(9), "fatal", "BT-117", text9, func(c *checker) {
			for _, s := range g.subtotals(c.inv) {
				tax, ok := s.Tax.dec()
				if !g.perRate {
					c.must(ok && tax.Sign() == 0, s.n, "tax amount %s, not 0", orNone(s.Tax))
					continue
				}
				taxable, ok2 := s.Taxable.dec()
				rate, ok3 := s.Cat.Percent.dec()
				c.must(ok && ok2 && ok3 && within(abs(tax), vatOf(taxable, rate)), s.n, "%s != %s × %s%%", orNone(s.Tax), orNone(s.Taxable), orNone(s.Cat.Percent))
			}
		}),
		r(g.id(10), "fatal", "BT-120 BT-121", text10, func(c *checker) {
			for _, s := range g.subtotals(c.inv) {
				has := s.Cat.ExemptReason.Exists() || s.Cat.ExemptCode.Exists()
				c.must(has == g.exempt, s.n, "exemption reason %q%q", s.Cat.ExemptReason.Text, s.Cat.ExemptCode.Text)
			}
		}),
	)
	return out
}

// usesVATCategory: lines and document allowances/charges with code (VAT
// scheme only when vat).
func usesVATCategory(inv *Invoice, code string, vat bool) bool {
	for _, l := range inv.Lines {
		if catIs(l.Cat, code) && (l.Cat.VAT || !vat) {
			return true
		}
	}
	for _, a := range inv.AllowanceCharges {
		if catIs(a.Cat, code) && (a.Cat.VAT || !vat) {
			return true
		}
	}
	return false
}

func acNodes(code string, charge bool) func(*Invoice) []*node {
	return func(inv *Invoice) []*node {
		var ns []*node
		for _, a := range inv.AllowanceCharges {
			if a.Charge == charge && catIs(a.Cat, code) && a.Cat.VAT {
				ns = append(ns, a.n)
			}
		}
		return ns
	}
}

func (g vatGroup) subtotals(inv *Invoice) []*Subtotal {
	var out []*Subtotal
	for _, s := range breakdowns(inv) {
		if catIs(&s.Cat, g.code) && s.Cat.VAT {
			out = append(out, s)
		}
	}
	return out
}

func (g vatGroup) checkACRates(c *checker, charge bool) {
	for _, a := range c.inv.AllowanceCharges {
		if a.Charge == charge && catIs(a.Cat, g.code) && a.Cat.VAT {
			g.checkRate(c, a.Cat)
		}
	}
}

func (g vatGroup) checkRate(c *checker, cat *Category) {
	p, ok := cat.Percent.dec()
	switch g.rate {
	case ratePositive:
		c.must(ok && p.Sign() > 0, cat.n, "rate %s", orNone(cat.Percent))
	case rateZero:
		c.must(ok && p.Sign() == 0, cat.n, "rate %s", orNone(cat.Percent))
	case rateNonNegative:
		c.must(ok && p.Sign() >= 0, cat.n, "rate %s", orNone(cat.Percent))
	case rateNone:
		c.must(!cat.Percent.Exists(), cat.n, "rate %s given", cat.Percent.Text)
	}
}

// checkTaxable is BR-x-08.
func (g vatGroup) checkTaxable(c *checker, s *Subtotal) {
	var rate *big.Rat
	if g.perRate {
		var ok bool
		if rate, ok = s.Cat.Percent.dec(); !ok {
			return // "every $rate in ()" holds
		}
	}
	match := func(cat *Category) bool {
		if !catIs(cat, g.code) {
			return false
		}
		if rate == nil {
			return true
		}
		p, ok := cat.Percent.dec()
		return ok && eq(p, rate)
	}
	sum, found := new(big.Rat), false
	for _, l := range c.inv.Lines {
		if match(l.Cat) {
			found = true
			if v, ok := l.LineExt.dec(); ok {
				sum.Add(sum, v)
			}
		}
	}
	for _, a := range c.inv.AllowanceCharges {
		if match(a.Cat) {
			found = true
			if v, ok := a.Amount.dec(); ok {
				if a.Charge {
					sum.Add(sum, v)
				} else {
					sum.Sub(sum, v)
				}
			}
		}
	}
	taxable, ok := s.Taxable.dec()
	switch {
	case len(c.inv.Lines) == 0:
		c.fail(s.n, "no invoice lines")
	case g.code == "S" && !found:
		c.fail(s.n, "no line, allowance or charge at rate %s", fmtDec(rate))
	case !ok:
		c.fail(s.n, "taxable amount %s", orNone(s.Taxable))
	case g.perRate && !within(taxable, sum):
		c.fail(s.n, "%s != Σ %s", s.Taxable.Text, fmtDec(sum))
	case !g.perRate && !eq(taxable, sum):
		c.fail(s.n, "%s != Σ %s", s.Taxable.Text, fmtDec(sum))
	}
}

func (s sellerNeed) terms() string {
	switch s {
	case sellerVATBuyerVAT:
		return "BT-31 BT-63 BT-48"
	case sellerAnyBuyerAny:
		return "BT-31 BT-32 BT-63 BT-48 BT-47"
	case noVATIdentifiers:
		return "BT-31 BT-63 BT-48"
	case sellerVAT:
		return "BT-31 BT-63"
	}
	return "BT-31 BT-32 BT-63"
}

func (s sellerNeed) text() string {
	switch s {
	case sellerVAT:
		return "shall contain the Seller VAT Identifier (BT-31) or the Seller tax representative VAT identifier (BT-63)"
	case sellerVATBuyerVAT:
		return "shall contain the Seller VAT Identifier (BT-31) or the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48)"
	case sellerAnyBuyerAny:
		return "shall contain the Seller VAT Identifier (BT-31), the Seller Tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63) and the Buyer VAT identifier (BT-48) and/or the Buyer legal registration identifier (BT-47)"
	case noVATIdentifiers:
		return "shall not contain the Seller VAT identifier (BT-31), the Seller tax representative VAT identifier (BT-63) or the Buyer VAT identifier (BT-48)"
	}
	return "shall contain the Seller VAT Identifier (BT-31), the Seller tax registration identifier (BT-32) and/or the Seller tax representative VAT identifier (BT-63)"
}

func (s sellerNeed) holds(inv *Invoice) (bool, string) {
	rep := inv.TaxRep != nil && len(inv.TaxRep.VATIDs) > 0
	anyTax := len(inv.Seller.TaxIDs) > 0 || rep
	vat := len(inv.Seller.VATIDs) > 0 || rep
	buyer := len(inv.Buyer.VATIDs) > 0
	switch s {
	case sellerVAT:
		return vat, "no seller VAT identifier"
	case sellerVATBuyerVAT:
		return vat && buyer, "seller or buyer VAT identifier missing"
	case sellerAnyBuyerAny:
		return anyTax && (buyer || inv.Buyer.LegalID.Exists()), "seller tax identifier or buyer identifier missing"
	case noVATIdentifiers:
		return !vat && !buyer, "a VAT identifier is present"
	}
	return anyTax, "no seller tax identifier"
}
