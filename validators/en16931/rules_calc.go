package en16931

import "math/big"

// sumOf adds the values that parse; ok is false if one does not.
func sumOf(vs ...Value) (*big.Rat, bool) {
	s := new(big.Rat)
	for _, v := range vs {
		d, ok := v.dec()
		if !ok {
			return nil, false
		}
		s.Add(s, d)
	}
	return s, true
}

// truthy is XPath's effective boolean value of xs:decimal(v): present
// and not zero.
func truthy(v Value) bool {
	d, ok := v.dec()
	return ok && d.Sign() != 0
}

func calcRules() []*Rule {
	return []*Rule{
		r("BR-CO-10", "fatal", "BT-106 BT-131", "Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).", func(c *checker) {
			t := c.inv.Totals
			if t == nil {
				return
			}
			var nets []Value
			for _, l := range c.inv.Lines {
				if l.LineExt.Exists() {
					nets = append(nets, l.LineExt)
				}
			}
			want, ok := sumOf(nets...)
			got, ok2 := t.LineExt.dec()
			if !ok || !ok2 || !eq(got, round2(want)) {
				c.fail(t.LineExt.n, "%s != Σ lines %s", t.LineExt.Text, fmtDec(want))
			}
		}),
		r("BR-CO-11", "fatal", "BT-107 BT-92", "Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92).", func(c *checker) {
			sumTotal(c, false)
		}),
		r("BR-CO-12", "fatal", "BT-108 BT-99", "Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99).", func(c *checker) {
			sumTotal(c, true)
		}),
		r("BR-CO-13", "fatal", "BT-109 BT-106 BT-107 BT-108", "Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) - Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108).", func(c *checker) {
			t := c.inv.Totals
			if t == nil {
				return
			}
			want, ok := t.LineExt.dec()
			if t.Charge.Exists() {
				v, ok2 := t.Charge.dec()
				ok = ok && ok2
				if ok {
					want = add(want, v)
				}
			}
			if t.Allowance.Exists() {
				v, ok2 := t.Allowance.dec()
				ok = ok && ok2
				if ok {
					want = sub(want, v)
				}
			}
			got, ok2 := t.TaxExcl.dec()
			if !ok || !ok2 || !eq(got, round2(want)) {
				c.fail(t.TaxExcl.n, "%s != %s - %s + %s", t.TaxExcl.Text, t.LineExt.Text, orNone(t.Allowance), orNone(t.Charge))
			}
		}),
		r("BR-CO-14", "fatal", "BT-110 BT-117", "Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).", func(c *checker) {
			for _, tt := range c.inv.TaxTotals {
				if len(tt.Subtotals) == 0 || c.inv.Syntax == "cii" && !tt.Amount.Exists() {
					continue
				}
				var vs []Value
				for _, s := range tt.Subtotals {
					if s.Tax.Exists() {
						vs = append(vs, s.Tax)
					}
				}
				want, ok := sumOf(vs...)
				got, ok2 := tt.Amount.dec()
				if !ok || !ok2 || !eq(got, round2(want)) {
					c.fail(tt.n, "%s != Σ breakdown %s", tt.Amount.Text, fmtDec(want))
				}
			}
		}),
		r("BR-CO-15", "fatal", "BT-112 BT-109 BT-110", "Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).", func(c *checker) {
			cur := c.inv.Currency
			if !cur.Exists() {
				return
			}
			t := c.inv.Totals
			var vat Value
			matches := 0
			for _, tt := range c.inv.TaxTotals {
				if tt.Amount.Exists() && (tt.Amount.Attr == cur.Text || (c.inv.Syntax == "cii" && !tt.Amount.HasAttr)) {
					vat = tt.Amount
					matches++
				}
			}
			if matches > 1 {
				// Two VAT totals in the document currency: the XPath sum
				// of a sequence fails, and so does the rule.
				c.fail(vat.n, "%d VAT totals in %s", matches, cur.Text)
				return
			}

			if t == nil {
				c.fail(nil, "no document totals")
				return
			}
			net, ok1 := t.TaxExcl.dec()
			v, ok2 := vat.dec()
			if c.inv.Syntax == "cii" && !vat.Exists() {
				// CII: without a VAT total (BT-110 is optional, category
				// O) the total with VAT is the total without.
				v, ok2 = new(big.Rat), true
			}
			got, ok3 := t.TaxIncl.dec()
			if !ok1 || !ok2 || !ok3 || !eq(got, round2(add(net, v))) {
				c.fail(t.TaxIncl.n, "%s != %s + %s", orNone(t.TaxIncl), orNone(t.TaxExcl), orNone(vat))
			}
		}),
		r("BR-CO-16", "fatal", "BT-115 BT-112 BT-113 BT-114", "Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) -Paid amount (BT-113) +Rounding amount (BT-114).", func(c *checker) {
			t := c.inv.Totals
			if t == nil {
				return
			}
			payable, ok1 := t.Payable.dec()
			incl, ok2 := t.TaxIncl.dec()
			pre, _ := t.Prepaid.dec()
			rnd, _ := t.Rounding.dec()
			holds := false
			if ok1 && ok2 {
				switch {
				case t.Prepaid.Exists() && !truthy(t.Rounding):
					holds = pre != nil && eq(payable, round2(sub(incl, pre)))
				}
				if !holds && !truthy(t.Prepaid) && !truthy(t.Rounding) {
					holds = eq(payable, incl)
				}
				if !holds && truthy(t.Prepaid) && truthy(t.Rounding) {
					holds = eq(round2(sub(payable, rnd)), round2(sub(incl, pre)))
				}
				if !holds && !truthy(t.Prepaid) && truthy(t.Rounding) {
					holds = eq(round2(sub(payable, rnd)), incl)
				}
			}
			c.must(holds, t.Payable.n, "%s != %s - %s + %s", orNone(t.Payable), orNone(t.TaxIncl), orNone(t.Prepaid), orNone(t.Rounding))
		}),
		subtotalRule("BR-CO-17", "BT-117 BT-116 BT-119", "VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) x (VAT category rate (BT-119) / 100), rounded to two decimals.", func(c *checker, s *Subtotal) {
			if !s.Cat.VAT && c.inv.Syntax == "ubl" {
				return
			}
			tax, okT := s.Tax.dec()
			rate, okR := s.Cat.Percent.dec()
			holds := false
			switch {
			case okR && roundTo(rate, 0).Sign() == 0:
				holds = okT && roundTo(tax, 0).Sign() == 0
			case okR:
				taxable, ok := s.Taxable.dec()
				// CII allows a deviation of exactly 1, UBL less than 1.
				if okT && ok {
					d := abs(sub(abs(tax), vatOf(taxable, rate)))
					holds = d.Cmp(big.NewRat(1, 1)) < 0 || c.inv.Syntax == "cii" && d.Cmp(big.NewRat(1, 1)) == 0
				}
			case !s.Cat.Percent.Exists():
				holds = okT && roundTo(tax, 0).Sign() == 0
			}
			c.must(holds, s.n, "%s != %s × %s%%", orNone(s.Tax), orNone(s.Taxable), orNone(s.Cat.Percent))
		}),
	}
}

// sumTotal is BR-CO-11 (allowances) and BR-CO-12 (charges).
func sumTotal(c *checker, charge bool) {
	t := c.inv.Totals
	if t == nil {
		return
	}
	total := t.Allowance
	if charge {
		total = t.Charge
	}
	var vs []Value
	for _, a := range c.inv.AllowanceCharges {
		if a.Charge == charge && a.Amount.Exists() {
			vs = append(vs, a.Amount)
		}
	}
	any := false
	for _, a := range c.inv.AllowanceCharges {
		any = any || a.Charge == charge
	}
	if !total.Exists() && !any {
		return
	}
	want, ok := sumOf(vs...)
	got, ok2 := total.dec()
	if !ok || !ok2 || !eq(got, round2(want)) {
		n := total.n
		if n == nil {
			n = t.n
		}
		c.fail(n, "%s != Σ %s", orNone(total), fmtDec(want))
	}
}

func orNone(v Value) string {
	if !v.Exists() {
		return "∅"
	}
	return v.Text
}
