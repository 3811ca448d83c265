package en16931

import (
	"math/big"
	"strings"
)

// National rules of Peppol BIS Billing 3 (Denmark DK-R-*, Sweden
// SE-R-*) and the VAT rates allowed per country.

func supplierCountry(inv *Invoice) string { return strings.TrimSpace(inv.Seller.Country.Text) }
func customerCountry(inv *Invoice) string { return strings.TrimSpace(inv.Buyer.Country.Text) }
func domesticDK(inv *Invoice) bool {
	return supplierCountry(inv) == "DK" && customerCountry(inv) == "DK"
}

// sellerSEVAT reports a Swedish seller with a Swedish VAT identifier,
// the context of SE-R-001, SE-R-002 and SE-R-006.
func sellerSEVAT(inv *Invoice) (Value, bool) {
	if supplierCountry(inv) != "SE" {
		return Value{}, false
	}
	for _, v := range inv.Seller.VATIDs {
		if strings.HasPrefix(v.Text, "SE") {
			return v, true
		}
	}
	return Value{}, false
}

// isNumber is XPath's string(number(s)) != 'NaN'.
func isNumber(s string) bool { _, ok := decimal(s); return ok }

// luhn checks the last digit of a Swedish organisation number.
func luhn(s string) bool {
	if len(s) == 0 {
		return false
	}
	sum := 0
	for i := range len(s) {
		c := s[len(s)-1-i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

func dkPayment(id, text string, check func(*checker, *PaymentMeans)) *Rule {
	return r(id, "fatal", "BT-81 BT-83 BT-84", text, func(c *checker) {
		if !domesticDK(c.inv) {
			return
		}
		for _, p := range c.inv.PaymentMeans {
			check(c, p)
		}
	})
}

func sePayment(id, sev, text string, check func(*checker, *PaymentMeans)) *Rule {
	return r(id, sev, "BT-81 BT-84 BT-86", text, func(c *checker) {
		if supplierCountry(c.inv) != "SE" {
			return
		}
		for _, p := range c.inv.PaymentMeans {
			check(c, p)
		}
	})
}

func prefixIn(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// standardRates are the VAT rates (category S) a supplier established in
// a country may charge, current and recent (an invoice may be older than
// the last change).
var standardRates = map[string][]string{
	"DK": {"25"},
	"SE": {"25", "12", "6"},
	"NO": {"25", "15", "12"},
	"FI": {"25.5", "24", "14", "13.5", "10"},
	"DE": {"19", "7", "16", "5"},
}

func nationalRules() []*Rule {
	return []*Rule{
		r("DK-R-002", "fatal", "BT-30", "Danish suppliers MUST provide legal entity (CVR-number).", func(c *checker) {
			if supplierCountry(c.inv) == "DK" {
				c.must(has(c.inv.Seller.LegalID), c.inv.Seller.n, "legal registration identifier missing")
			}
		}),
		r("DK-R-003", "warning", "BT-158", "If ItemClassification is provided from Danish suppliers, UNSPSC version 19.05.01 or 26.08.01 should be used.", func(c *checker) {
			if !domesticDK(c.inv) {
				return
			}
			for _, l := range c.inv.Lines {
				for _, v := range l.ClassCodes {
					if v.Attr == "TST" {
						ver := v.n.attr("listVersionID")
						c.must(ver == "19.05.01" || ver == "19.0501" || ver == "26.08.01" || ver == "26.0801", v.n, "UNSPSC version %q", ver)
					}
				}
			}
		}),
		r("DK-R-004", "fatal", "BT-97 BT-98 BT-104 BT-105", "When specifying non-VAT Taxes for Danish customers, Danish suppliers MUST use the AllowanceChargeReasonCode=\"ZZZ\" and MUST be specified in AllowanceChargeReason; Either as the 4-digit Tax category or must include a #, but the # is not allowed as first and last character.", func(c *checker) {
			if !domesticDK(c.inv) {
				return
			}
			for _, a := range allACs(c.inv) {
				if a.ReasonCode.Text != "ZZZ" {
					continue
				}
				s := a.Reason.Text
				ok := len(s) == 4 && allDigits(s) ||
					strings.Contains(s, "#") && !strings.HasPrefix(s, "#") && !strings.HasSuffix(s, "#")
				c.must(ok, a.n, "reason %q", s)
			}
		}),
		dkPayment("DK-R-005", "For Danish suppliers the following Payment means codes are allowed: 1, 10, 31, 42, 48, 49, 50, 58, 59, 93 and 97.", func(c *checker, p *PaymentMeans) {
			c.must(set("1 10 31 42 48 49 50 58 59 93 97")[p.Code.Text], p.n, "payment means %q", p.Code.Text)
		}),
		dkPayment("DK-R-006", "For Danish suppliers bank account and registration account is mandatory if payment means is 31 or 42.", func(c *checker, p *PaymentMeans) {
			if p.Code.Text == "31" || p.Code.Text == "42" {
				c.must(has(p.AccountID) && has(p.Branch), p.n, "account %q, registration %q", p.AccountID.Text, p.Branch.Text)
			}
		}),
		dkPayment("DK-R-007", "For Danish suppliers PaymentMandate/ID and PayerFinancialAccount/ID are mandatory when payment means is 49.", func(c *checker, p *PaymentMeans) {
			if p.Code.Text == "49" {
				c.must(has(p.MandateID) && has(p.PayerAccount), p.n, "mandate %q, payer account %q", p.MandateID.Text, p.PayerAccount.Text)
			}
		}),
		dkPayment("DK-R-008", "For Danish Suppliers PaymentID is mandatory and MUST start with 01#, 04# or 15# (kortartkode), and PayeeFinancialAccount/ID (Giro kontonummer) is mandatory and must be 7 or 8 numerical characters long, when payment means equals 50 (Giro).", func(c *checker, p *PaymentMeans) {
			if p.Code.Text == "50" {
				a := p.AccountID.Text
				c.must(prefixIn(p.PaymentID.Text, "01#", "04#", "15#") && allDigits(a) && (len(a) == 7 || len(a) == 8), p.n, "payment id %q, account %q", p.PaymentID.Text, a)
			}
		}),
		dkPayment("DK-R-009", "For Danish Suppliers if the PaymentID is prefixed with 04# or 15# the 16 digits instruction Id must be added to the PaymentID eg. \"04#1234567890123456\" when Payment means equals 50 (Giro).", func(c *checker, p *PaymentMeans) {
			if p.Code.Text == "50" && prefixIn(p.PaymentID.Text, "04#", "15#") {
				c.must(len(p.PaymentID.Text) == 19, p.n, "payment id %q", p.PaymentID.Text)
			}
		}),
		dkPayment("DK-R-010", "For Danish Suppliers the PaymentID is mandatory and MUST start with 71#, 73# or 75# (kortartkode) and CreditAccount/AccountID (Kreditornummer) is mandatory and MUST be exactly 8 characters long, when Payment means equals 93 (FIK).", func(c *checker, p *PaymentMeans) {
			if p.Code.Text == "93" {
				c.must(prefixIn(p.PaymentID.Text, "71#", "73#", "75#") && len(p.AccountID.Text) == 8, p.n, "payment id %q, creditor %q", p.PaymentID.Text, p.AccountID.Text)
			}
		}),
		dkPayment("DK-R-011", "For Danish Suppliers if the PaymentID is prefixed with 71# or 75# the 15-16 digits instruction Id must be added to the PaymentID eg. \"71#1234567890123456\" when payment Method equals 93 (FIK).", func(c *checker, p *PaymentMeans) {
			if p.Code.Text == "93" && prefixIn(p.PaymentID.Text, "71#", "75#") {
				n := len(p.PaymentID.Text)
				c.must(n == 18 || n == 19, p.n, "payment id %q", p.PaymentID.Text)
			}
		}),
		r("DK-R-014", "fatal", "BT-30", "For Danish Suppliers it is mandatory to specify schemeID as \"0184\" (DK CVR-number) when PartyLegalEntity/CompanyID is used for AccountingSupplierParty.", func(c *checker) {
			if v := c.inv.Seller.LegalID; supplierCountry(c.inv) == "DK" && v.Exists() {
				c.must(v.Attr == "0184", v.n, "scheme %q", v.Attr)
			}
		}),
		r("DK-R-016", "fatal", "BT-115", "For Danish Suppliers, a Credit note cannot have a negative total (PayableAmount).", func(c *checker) {
			if !domesticDK(c.inv) || c.inv.Totals == nil {
				return
			}
			credit := c.inv.Credit || set("381 396 81 83 532")[c.inv.TypeCode.Text]
			p, ok := c.inv.Totals.Payable.dec()
			c.must(!(credit && ok && p.Sign() < 0), c.inv.Totals.Payable.n, "credit note payable %s", c.inv.Totals.Payable.Text)
		}),
		r("SE-R-001", "fatal", "BT-31", "For Swedish suppliers, Swedish VAT-numbers must consist of 14 characters.", func(c *checker) {
			if v, ok := sellerSEVAT(c.inv); ok {
				c.must(len(v.Text) == 14, v.n, "%q has %d characters", v.Text, len(v.Text))
			}
		}),
		r("SE-R-002", "fatal", "BT-31", "For Swedish suppliers, the Swedish VAT-numbers must have the trailing 12 characters in numeric form.", func(c *checker) {
			if v, ok := sellerSEVAT(c.inv); ok {
				tail := v.Text[2:]
				if len(tail) > 12 {
					tail = tail[:12]
				}
				c.must(isNumber(tail), v.n, "%q", v.Text)
			}
		}),
		seOrg("SE-R-003", "Swedish organisation numbers should be numeric.", isNumber),
		seOrg("SE-R-004", "Swedish organisation numbers consist of 10 characters.", func(s string) bool { return len(s) == 10 }),
		r("SE-R-005", "fatal", "BT-32", "For Swedish suppliers, when using Seller tax registration identifier, 'Godkänd för F-skatt' must be stated.", func(c *checker) {
			if supplierCountry(c.inv) != "SE" || !c.inv.Seller.LegalID.Exists() {
				return
			}
			for _, v := range c.inv.Seller.OtherTax {
				c.must(strings.ToUpper(strings.Join(strings.Fields(v.Text), " ")) == "GODKÄND FÖR F-SKATT", v.n, "%q", v.Text)
			}
		}),
		r("SE-R-006", "fatal", "BT-96 BT-103 BT-119 BT-152", "For Swedish suppliers, only standard VAT rate of 6, 12 or 25 are used.", func(c *checker) {
			if _, ok := sellerSEVAT(c.inv); !ok {
				return
			}
			for _, cat := range allCategories(c.inv) {
				if catIs(cat, "S") {
					c.must(rateIn(cat.Percent, "25", "12", "6"), cat.n, "rate %s", orNone(cat.Percent))
				}
			}
		}),
		sePayment("SE-R-007", "warning", "For Swedish suppliers using Plusgiro, the Account ID must be numeric.", func(c *checker, p *PaymentMeans) {
			if giro(p, "SE:PLUSGIRO") {
				c.must(isNumber(p.AccountID.Text), p.AccountID.n, "%q", p.AccountID.Text)
			}
		}),
		sePayment("SE-R-008", "warning", "For Swedish suppliers using Bankgiro, the Account ID must be numeric.", func(c *checker, p *PaymentMeans) {
			if giro(p, "SE:BANKGIRO") {
				c.must(isNumber(p.AccountID.Text), p.AccountID.n, "%q", p.AccountID.Text)
			}
		}),
		sePayment("SE-R-009", "warning", "For Swedish suppliers using Bankgiro, the Account ID must have 7-8 characters.", func(c *checker, p *PaymentMeans) {
			if giro(p, "SE:BANKGIRO") {
				n := len(p.AccountID.Text)
				c.must(n == 7 || n == 8, p.AccountID.n, "%q", p.AccountID.Text)
			}
		}),
		sePayment("SE-R-010", "warning", "For Swedish suppliers using Plusgiro, the Account ID must have 2-8 characters.", func(c *checker, p *PaymentMeans) {
			if giro(p, "SE:PLUSGIRO") {
				n := len(p.AccountID.Text)
				c.must(n >= 2 && n <= 8, p.AccountID.n, "%q", p.AccountID.Text)
			}
		}),
		sePayment("SE-R-011", "warning", "For Swedish suppliers using Swedish Bankgiro or Plusgiro, the proper way to indicate this is to use Code 30 for PaymentMeans and FinancialInstitutionBranch ID with code SE:BANKGIRO or SE:PLUSGIRO.", func(c *checker, p *PaymentMeans) {
			c.must(p.Code.Text != "50" && p.Code.Text != "56", p.n, "payment means %s", p.Code.Text)
		}),
		sePayment("SE-R-012", "warning", "For domestic transactions between Swedish trading partners, credit transfer should be indicated by PaymentMeansCode=\"30\".", func(c *checker, p *PaymentMeans) {
			c.must(!(customerCountry(c.inv) == "SE" && p.Code.Text == "31"), p.n, "payment means 31")
		}),
		seOrg("SE-R-013", "The last digit of a Swedish organization number must be valid according to the Luhn algorithm.", luhn),
		r("invoice.vat_rate_country", "warning", "BT-40 BT-96 BT-103 BT-119 BT-152", "A standard rated VAT category (S) carries a rate in force in the seller's country (DK 25; SE 25, 12, 6; NO 25, 15, 12; FI 25.5, 24, 14, 13.5, 10; DE 19, 7, 16, 5).", func(c *checker) {
			country := supplierCountry(c.inv)
			for _, v := range c.inv.Seller.VATIDs {
				if len(v.Text) >= 2 {
					country = v.Text[:2] // VAT is due where the seller is registered
				}
			}
			rates, ok := standardRates[country]
			if !ok {
				return
			}
			for _, cat := range allCategories(c.inv) {
				// OIOUBL names the standard rate StandardRated.
				if (catIs(cat, "S") || catIs(cat, "StandardRated")) && cat.Percent.Exists() {
					c.must(rateIn(cat.Percent, rates...), cat.n, "rate %s not a %s rate", cat.Percent.Text, country)
				}
			}
		}),
	}
}

func seOrg(id, text string, ok func(string) bool) *Rule {
	return r(id, "warning", "BT-30", text, func(c *checker) {
		if v := c.inv.Seller.LegalID; supplierCountry(c.inv) == "SE" && v.Exists() {
			c.must(ok(strings.TrimSpace(v.Text)), v.n, "%q", v.Text)
		}
	})
}

func giro(p *PaymentMeans, branch string) bool {
	return p.Code.Text == "30" && strings.TrimSpace(p.Branch.Text) == branch && p.AccountID.Exists()
}

func rateIn(v Value, rates ...string) bool {
	p, ok := v.dec()
	if !ok {
		return false
	}
	for _, s := range rates {
		if q, _ := new(big.Rat).SetString(s); q != nil && eq(p, q) {
			return true
		}
	}
	return false
}

// allCategories is every VAT category of the document: lines, document
// allowances and charges, and the breakdown.
func allCategories(inv *Invoice) []*Category {
	var out []*Category
	for _, l := range inv.Lines {
		if l.Cat != nil {
			out = append(out, l.Cat)
		}
	}
	for _, a := range inv.AllowanceCharges {
		if a.Cat != nil {
			out = append(out, a.Cat)
		}
	}
	for _, s := range breakdowns(inv) {
		out = append(out, &s.Cat)
	}
	return out
}
