package en16931

import "fmt"

// decimalRules are BR-DEC-*: amounts carry at most two decimals.
func decimalRules() []*Rule {
	type amount struct {
		id, term, name string
		get            func(*Invoice) []Value
	}
	total := func(f func(*Totals) Value) func(*Invoice) []Value {
		return func(inv *Invoice) []Value {
			if inv.Totals == nil {
				return nil
			}
			return []Value{f(inv.Totals)}
		}
	}
	acs := func(line, charge, base bool) func(*Invoice) []Value {
		return func(inv *Invoice) []Value {
			var list []*AllowanceCharge
			if line {
				for _, l := range inv.Lines {
					list = append(list, l.ACs...)
				}
			} else {
				list = inv.AllowanceCharges
			}
			var out []Value
			for _, a := range list {
				if a.Charge == charge {
					if base {
						out = append(out, a.Base)
					} else {
						out = append(out, a.Amount)
					}
				}
			}
			return out
		}
	}
	taxTotal := func(tax bool) func(*Invoice) []Value {
		return func(inv *Invoice) []Value {
			cur := inv.Currency.Text
			if tax {
				cur = inv.TaxCurrency.Text
			}
			var out []Value
			for _, t := range inv.TaxTotals {
				if t.Amount.Exists() && t.Amount.Attr == cur && cur != "" {
					out = append(out, t.Amount)
				}
			}
			return out
		}
	}
	sub := func(tax bool) func(*Invoice) []Value {
		return func(inv *Invoice) []Value {
			var out []Value
			for _, s := range breakdowns(inv) {
				if tax {
					out = append(out, s.Tax)
				} else {
					out = append(out, s.Taxable)
				}
			}
			return out
		}
	}
	list := []amount{
		{"BR-DEC-01", "BT-92", "Document level allowance amount", acs(false, false, false)},
		{"BR-DEC-02", "BT-93", "Document level allowance base amount", acs(false, false, true)},
		{"BR-DEC-05", "BT-99", "Document level charge amount", acs(false, true, false)},
		{"BR-DEC-06", "BT-100", "Document level charge base amount", acs(false, true, true)},
		{"BR-DEC-09", "BT-106", "Sum of Invoice line net amount", total(func(t *Totals) Value { return t.LineExt })},
		{"BR-DEC-10", "BT-107", "Sum of allowances on document level", total(func(t *Totals) Value { return t.Allowance })},
		{"BR-DEC-11", "BT-108", "Sum of charges on document level", total(func(t *Totals) Value { return t.Charge })},
		{"BR-DEC-12", "BT-109", "Invoice total amount without VAT", total(func(t *Totals) Value { return t.TaxExcl })},
		{"BR-DEC-13", "BT-110", "Invoice total VAT amount", taxTotal(false)},
		{"BR-DEC-14", "BT-112", "Invoice total amount with VAT", total(func(t *Totals) Value { return t.TaxIncl })},
		{"BR-DEC-15", "BT-111", "Invoice total VAT amount in accounting currency", taxTotal(true)},
		{"BR-DEC-16", "BT-113", "Paid amount", total(func(t *Totals) Value { return t.Prepaid })},
		{"BR-DEC-17", "BT-114", "Rounding amount", total(func(t *Totals) Value { return t.Rounding })},
		{"BR-DEC-18", "BT-115", "Amount due for payment", total(func(t *Totals) Value { return t.Payable })},
		{"BR-DEC-19", "BT-116", "VAT category taxable amount", sub(false)},
		{"BR-DEC-20", "BT-117", "VAT category tax amount", sub(true)},
		{"BR-DEC-23", "BT-131", "Invoice line net amount", func(inv *Invoice) []Value {
			var out []Value
			for _, l := range inv.Lines {
				out = append(out, l.LineExt)
			}
			return out
		}},
		{"BR-DEC-24", "BT-136", "Invoice line allowance amount", acs(true, false, false)},
		{"BR-DEC-25", "BT-137", "Invoice line allowance base amount", acs(true, false, true)},
		{"BR-DEC-27", "BT-141", "Invoice line charge amount", acs(true, true, false)},
		{"BR-DEC-28", "BT-142", "Invoice line charge base amount", acs(true, true, true)},
	}
	var out []*Rule
	for _, a := range list {
		out = append(out, r(a.id, "fatal", a.term, fmt.Sprintf("The allowed maximum number of decimals for the %s (%s) is 2.", a.name, a.term), func(c *checker) {
			for _, v := range a.get(c.inv) {
				if v.Exists() {
					c.must(decimals(v.Text) <= 2, v.n, "%s has %d decimals", v.Text, decimals(v.Text))
				}
			}
		}))
	}
	return out
}
