package en16931

import (
	"math/big"
	"regexp"
	"strings"
)

// Peppol BIS Billing 3 rules beyond EN 16931 (PEPPOL-EN16931-R*), for
// the UBL syntax Peppol exchanges.

var peppolProcess = regexp.MustCompile(`^urn:fdc:peppol\.eu:2017:poacc:billing:[0-9]{2}:1\.0$`)

// slack is Peppol's u:slack: |exp - val| <= tolerance.
func slack(exp, v *big.Rat, tolerance *big.Rat) bool {
	return abs(sub(exp, v)).Cmp(tolerance) <= 0
}

var cent2 = big.NewRat(2, 100)

func peppol(id, terms, text string, check func(c *checker)) *Rule {
	return r(id, "fatal", terms, text, func(c *checker) {
		if c.inv.Syntax == "ubl" {
			check(c)
		}
	})
}

// decOr is v's value, or def when v is absent.
func decOr(v Value, def *big.Rat) (*big.Rat, bool) {
	if !v.Exists() {
		return def, true
	}
	return v.dec()
}

func peppolRules() []*Rule {
	one := big.NewRat(1, 1)
	return []*Rule{
		peppol("PEPPOL-EN16931-R001", "BT-23", "Business process MUST be provided.", func(c *checker) {
			c.must(c.inv.ProfileID.Exists(), nil, "no ProfileID")
		}),
		peppol("PEPPOL-EN16931-R002", "BT-22", "No more than one note is allowed on document level, unless both the buyer and seller are German organizations.", func(c *checker) {
			de := strings.EqualFold(supplierCountry(c.inv), "DE") && strings.EqualFold(customerCountry(c.inv), "DE")
			c.must(len(c.inv.Notes) <= 1 || de, nil, "%d notes", len(c.inv.Notes))
		}),
		peppol("PEPPOL-EN16931-R003", "BT-10 BT-13", "A buyer reference or purchase order reference MUST be provided.", func(c *checker) {
			c.must(c.inv.BuyerReference.Exists() || c.inv.OrderReference.Exists(), nil, "no buyer reference nor order reference")
		}),
		peppol("PEPPOL-EN16931-R004", "BT-24", "Specification identifier MUST have the value 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'.", func(c *checker) {
			c.must(strings.HasPrefix(c.inv.CustomizationID.Text, "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"), c.inv.CustomizationID.n, "%q", c.inv.CustomizationID.Text)
		}),
		peppol("PEPPOL-EN16931-R005", "BT-5 BT-6", "VAT accounting currency code MUST be different from invoice currency code when provided.", func(c *checker) {
			if t := c.inv.TaxCurrency; t.Exists() {
				c.must(t.Text != c.inv.Currency.Text, t.n, "both %s", t.Text)
			}
		}),
		peppol("PEPPOL-EN16931-R007", "BT-23", "Business process MUST be in the format 'urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0' where NN indicates the process number.", func(c *checker) {
			if p := c.inv.ProfileID; p.Exists() {
				c.must(peppolProcess.MatchString(p.Text), p.n, "%q", p.Text)
			}
		}),
		peppol("PEPPOL-EN16931-R008", "", "Document MUST not contain empty elements.", func(c *checker) {
			var walk func(*node)
			walk = func(n *node) {
				if len(n.kids) == 0 && n.text == "" {
					c.fail(n, "empty <%s>", n.name)
				}
				for _, k := range n.kids {
					walk(k)
				}
			}
			walk(c.inv.root)
		}),
		peppol("PEPPOL-EN16931-R010", "BT-49", "Buyer electronic address MUST be provided.", func(c *checker) {
			if c.inv.Buyer.n != nil {
				c.must(c.inv.Buyer.Endpoint.Exists(), c.inv.Buyer.n, "no EndpointID")
			}
		}),
		peppol("PEPPOL-EN16931-R020", "BT-34", "Seller electronic address MUST be provided.", func(c *checker) {
			if c.inv.Seller.n != nil {
				c.must(c.inv.Seller.Endpoint.Exists(), c.inv.Seller.n, "no EndpointID")
			}
		}),
		peppol("PEPPOL-EN16931-R040", "BT-92 BT-93 BT-94", "Allowance/charge amount must equal base amount * percentage/100 if base amount and percentage exists.", func(c *checker) {
			for _, a := range allACs(c.inv) {
				if !a.Percent.Exists() || !a.Base.Exists() {
					continue
				}
				amount, ok1 := decOr(a.Amount, new(big.Rat))
				base, ok2 := a.Base.dec()
				pct, ok3 := a.Percent.dec()
				c.must(ok1 && ok2 && ok3 && slack(amount, new(big.Rat).Quo(mul(base, pct), ratHundred), cent2), a.n, "%s != %s × %s%%", orNone(a.Amount), a.Base.Text, a.Percent.Text)
			}
		}),
		peppol("PEPPOL-EN16931-R041", "BT-93 BT-94", "Allowance/charge base amount MUST be provided when allowance/charge percentage is provided.", func(c *checker) {
			for _, a := range allACs(c.inv) {
				c.must(!(a.Percent.Exists() && !a.Base.Exists()), a.n, "percentage without base amount")
			}
		}),
		peppol("PEPPOL-EN16931-R042", "BT-93 BT-94", "Allowance/charge percentage MUST be provided when allowance/charge base amount is provided.", func(c *checker) {
			for _, a := range allACs(c.inv) {
				c.must(!(a.Base.Exists() && !a.Percent.Exists()), a.n, "base amount without percentage")
			}
		}),
		peppol("PEPPOL-EN16931-R043", "", "Allowance/charge ChargeIndicator value MUST equal 'true' or 'false'.", func(c *checker) {
			for _, a := range allACs(c.inv) {
				c.must(a.Indicator.Text == "true" || a.Indicator.Text == "false", a.n, "ChargeIndicator %q", a.Indicator.Text)
			}
		}),
		peppol("PEPPOL-EN16931-R044", "BT-147", "Charge on price level is NOT allowed. Only value 'false' allowed.", func(c *checker) {
			for _, l := range c.inv.Lines {
				for _, a := range l.PriceACs {
					c.must(a.Indicator.Text == "false", a.n, "ChargeIndicator %q", a.Indicator.Text)
				}
			}
		}),
		peppol("PEPPOL-EN16931-R053", "BT-110", "Only one tax total with tax subtotals MUST be provided.", func(c *checker) {
			n := 0
			for _, t := range c.inv.TaxTotals {
				if len(t.Subtotals) > 0 {
					n++
				}
			}
			c.must(n == 1, nil, "%d tax totals with subtotals", n)
		}),
		peppol("PEPPOL-EN16931-R054", "BT-111", "Only one tax total without tax subtotals MUST be provided when tax currency code is provided.", func(c *checker) {
			n, want := 0, 0
			for _, t := range c.inv.TaxTotals {
				if len(t.Subtotals) == 0 {
					n++
				}
			}
			if c.inv.TaxCurrency.Exists() {
				want = 1
			}
			c.must(n == want, nil, "%d tax totals without subtotals", n)
		}),
		peppol("PEPPOL-EN16931-R061", "BT-89", "Mandate reference MUST be provided for direct debit.", func(c *checker) {
			for _, p := range c.inv.PaymentMeans {
				if p.Code.Text == "49" || p.Code.Text == "59" {
					c.must(p.MandateID.Exists(), p.n, "payment means %s without mandate", p.Code.Text)
				}
			}
		}),
		peppol("PEPPOL-EN16931-R100", "BT-128", "Only one invoiced object is allowed pr line.", func(c *checker) {
			for _, l := range c.inv.Lines {
				c.must(len(l.DocRefs) <= 1, l.n, "%d document references", len(l.DocRefs))
			}
		}),
		peppol("PEPPOL-EN16931-R101", "BT-128", "Element Document reference can only be used for Invoice line object.", func(c *checker) {
			for _, l := range c.inv.Lines {
				for _, d := range l.DocRefs {
					c.must(d.ID.Text == "130", d.n, "document type code %q", d.ID.Text)
				}
			}
		}),
		peppol("PEPPOL-EN16931-R110", "BT-134 BT-73", "Start date of line period MUST be within invoice period.", func(c *checker) {
			linePeriodWithin(c, true)
		}),
		peppol("PEPPOL-EN16931-R111", "BT-135 BT-74", "End date of line period MUST be within invoice period.", func(c *checker) {
			linePeriodWithin(c, false)
		}),
		peppol("PEPPOL-EN16931-R120", "BT-131 BT-129 BT-146 BT-149 BT-136 BT-141", "Invoice line net amount MUST equal (Invoiced quantity * (Item net price/item price base quantity) + Sum of invoice line charge amount - sum of invoice line allowance amount.", func(c *checker) {
			for _, l := range c.inv.Lines {
				net, ok1 := decOr(l.LineExt, new(big.Rat))
				qty, ok2 := decOr(l.Qty, one)
				price, ok3 := decOr(l.NetPrice, new(big.Rat))
				base, ok4 := decOr(l.BaseQty, one)
				if ok4 && base.Sign() == 0 {
					base = one
				}
				allow, charge := new(big.Rat), new(big.Rat)
				okAC := true
				for _, a := range l.ACs {
					v, ok := a.Amount.dec()
					okAC = okAC && ok
					if ok && a.Indicator.Text == "true" {
						charge.Add(charge, v)
					} else if ok && a.Indicator.Text == "false" {
						allow.Add(allow, v)
					}
				}
				if !(ok1 && ok2 && ok3 && ok4 && okAC) {
					c.fail(l.n, "a line amount is not a number")
					continue
				}
				want := add(mul(qty, new(big.Rat).Quo(price, base)), sub(round2(charge), round2(allow)))
				c.must(slack(net, want, cent2), l.n, "%s != %s × %s / %s + %s - %s", orNone(l.LineExt), orNone(l.Qty), orNone(l.NetPrice), orNone(l.BaseQty), fmtDec(charge), fmtDec(allow))
			}
		}),
		peppol("PEPPOL-EN16931-R121", "BT-149", "Base quantity MUST be a positive number above zero.", func(c *checker) {
			for _, l := range c.inv.Lines {
				if l.BaseQty.Exists() {
					v, ok := l.BaseQty.dec()
					c.must(ok && v.Sign() > 0, l.BaseQty.n, "base quantity %s", l.BaseQty.Text)
				}
			}
		}),
		peppol("PEPPOL-EN16931-R130", "BT-150 BT-130", "Unit code of price base quantity MUST be same as invoiced quantity.", func(c *checker) {
			for _, l := range c.inv.Lines {
				if l.BaseQty.HasAttr {
					c.must(l.BaseQty.Attr == l.Qty.Attr, l.BaseQty.n, "%s != %s", l.BaseQty.Attr, l.Qty.Attr)
				}
			}
		}),
	}
}

// linePeriodWithin is R110 (start) and R111 (end): a line period's date
// lies within the document's invoicing period, when that has the date.
func linePeriodWithin(c *checker, start bool) {
	if len(c.inv.Periods) == 0 {
		return
	}
	doc := c.inv.Periods[0]
	for _, l := range c.inv.Lines {
		for _, p := range l.Periods {
			switch {
			case start && doc.Start.Exists() && p.Start.Exists():
				c.must(normDate(p.Start.Text) >= normDate(doc.Start.Text), p.Start.n, "line starts %s before %s", p.Start.Text, doc.Start.Text)
			case !start && doc.End.Exists() && p.End.Exists():
				c.must(normDate(p.End.Text) <= normDate(doc.End.Text), p.End.n, "line ends %s after %s", p.End.Text, doc.End.Text)
			}
		}
	}
}
