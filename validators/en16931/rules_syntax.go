package en16931

import "strings"

// A few syntax rules of the EN 16931 UBL binding (UBL-SR-*, UBL-DT-*):
// repetitions the model allows once and amount and attachment formats.
// They read the XML, not the model, and apply to UBL only.

func ubl(id, terms, text string, check func(c *checker)) *Rule {
	return r(id, "fatal", terms, text, func(c *checker) {
		if c.inv.Syntax == "ubl" {
			check(c)
		}
	})
}

// distinct counts the different texts of vs.
func distinct(vs []Value) int {
	seen := map[string]bool{}
	for _, v := range vs {
		seen[v.Text] = true
	}
	return len(seen)
}

func syntaxRules() []*Rule {
	return []*Rule{
		ubl("UBL-SR-12", "BT-31", "Seller VAT identifier shall occur maximum once.", func(c *checker) {
			c.must(len(c.inv.Seller.VATIDs) <= 1, c.inv.Seller.n, "%d seller VAT identifiers", len(c.inv.Seller.VATIDs))
		}),
		ubl("UBL-SR-18", "BT-48", "Buyer VAT identifier shall occur maximum once.", func(c *checker) {
			c.must(len(c.inv.Buyer.VATIDs) <= 1, c.inv.Buyer.n, "%d buyer VAT identifiers", len(c.inv.Buyer.VATIDs))
		}),
		ubl("UBL-SR-42", "BT-31 BT-32", "Party tax scheme shall occur maximum twice in accounting supplier party.", func(c *checker) {
			n := len(c.inv.Seller.n.all("cac:PartyTaxScheme"))
			c.must(n <= 2, c.inv.Seller.n, "%d party tax schemes", n)
		}),
		ubl("UBL-SR-43", "BT-18", "Scheme identifier shall only be used for invoiced object (document type code with value 130).", func(c *checker) {
			for _, d := range c.inv.Supporting {
				code := d.n.child("cbc:DocumentTypeCode")
				ok := code.str() == "130" || c.inv.Credit && code.str() == "50" ||
					!d.n.child("cbc:ID").hasAttr("scheme") && code == nil
				c.must(ok, d.n, "document type code %q", code.str())
			}
		}),
		ubl("UBL-SR-44", "BT-83", "An Invoice may only have one unique PaymentID, but the PaymentID may be used for multiple PaymentMeans.", func(c *checker) {
			var ids []Value
			for _, p := range c.inv.PaymentMeans {
				if p.PaymentID.Exists() {
					ids = append(ids, p.PaymentID)
				}
			}
			c.must(distinct(ids) <= 1, nil, "%d different payment ids", distinct(ids))
		}),
		ubl("UBL-SR-47", "BT-81", "When there are more than one payment means code, they shall be equal.", func(c *checker) {
			var codes []Value
			for _, p := range c.inv.PaymentMeans {
				if p.Code.Exists() {
					codes = append(codes, p.Code)
				}
			}
			c.must(distinct(codes) <= 1, nil, "%d different payment means codes", distinct(codes))
		}),
		ubl("UBL-DT-01", "", "Amounts shall be decimal up to two fraction digits.", func(c *checker) {
			var walk func(n *node, inPrice bool)
			walk = func(n *node, inPrice bool) {
				inPrice = inPrice || n.name == "cac:Price"
				if !inPrice && strings.HasPrefix(n.name, "cbc:") && strings.HasSuffix(n.name, "Amount") && n.name != "cbc:PriceAmount" {
					c.must(decimals(n.text) <= 2, n, "%s has %d decimals", n.text, decimals(n.text))
				}
				for _, k := range n.kids {
					walk(k, inPrice)
				}
			}
			walk(c.inv.root, false)
		}),
		ubl("UBL-DT-06", "BT-125", "Binary object elements shall contain the mime code attribute.", func(c *checker) {
			for _, n := range descendants(c.inv.root, "cbc:EmbeddedDocumentBinaryObject") {
				c.must(n.hasAttr("mimeCode"), n, "no mimeCode")
			}
		}),
		ubl("UBL-DT-07", "BT-125", "Binary object elements shall contain the file name attribute.", func(c *checker) {
			for _, n := range descendants(c.inv.root, "cbc:EmbeddedDocumentBinaryObject") {
				c.must(n.hasAttr("filename"), n, "no filename")
			}
		}),
	}
}
