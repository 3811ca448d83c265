package en16931

import "strings"

// Code lists (BR-CL-*), as of the EN 16931 code list version the test
// material uses. Lists too large to carry by hand (UN/ECE Rec 20 units,
// UNCL7161 charge reasons, ISO 6523 ICD, EAS, VATEX, UNCL1153, UNCL7143,
// UNCL4451) are left out; see the package documentation.
var (
	codesInvoiceType = set("71 80 81 82 83 84 102 130 202 203 204 211 218 219 261 262 295 296 308 325 326 331 380 381 382 383 384 385 386 387 388 389 390 393 394 395 396 420 456 457 458 527 532 553 575 623 633 751 780 817 870 875 876 877 935")
	codesCurrency    = set("AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL")
	codesCountry     = set(vatCountries + " 1A XI")
	codesDateCode    = set("3 35 432")
	codesDateCodeCII = set("5 29 72")
	codesPayment     = set("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 70 74 75 76 77 78 91 92 93 94 95 96 97 98 ZZZ")
	codesVATCategory = set("AE L M E S Z G O K B")
	codesAllowance   = set("41 42 60 62 63 64 65 66 67 68 70 71 88 95 100 102 103 104 105")
	codesNoteSubject = set("AAA AAB AAC AAD AAE AAF AAG AAI AAJ AAK AAL AAM AAN AAO AAP AAQ AAR AAS AAT AAU AAV AAW AAX AAY AAZ ABA ABB ABC ABD ABE ABF ABG ABH ABI ABJ ABK ABL ABM ABN ABO ABP ABQ ABR ABS ABT ABU ABV ABW ABX ABZ ACA ACB ACC ACD ACE ACF ACG ACH ACI ACJ ACK ACL ACM ACN ACO ACP ACQ ACR ACS ACT ACU ACV ACW ACX ACY ACZ ADA ADB ADC ADD ADE ADF ADG ADH ADI ADJ ADK ADL ADM ADN ADO ADP ADQ ADR ADS ADT ADU ADV ADW ADX ADY ADZ AEA AEB AEC AED AEE AEF AEG AEH AEI AEJ AEK AEL AEM AEN AEO AEP AEQ AER AES AET AEU AEV AEW AEX AEY AEZ AFA AFB AFC AFD AFE AFF AFG AFH AFI AFJ AFK AFL AFM AFN AFO AFP AFQ AFR AFS AFT AFU AFV AFW AFX AFY AFZ AGA AGB AGC AGD AGE AGF AGG AGH AGI AGJ AGK AGL AGM AGN AGO AGP AGQ AGR AGS AGT AGU AGV AGW AGX AGY AGZ AHA AHB AHC AHD AHE AHF AHG AHH AHI AHJ AHK AHL AHM AHN AHO AHP AHQ AHR AHS AHT AHU AHV AHW AHX AHY AHZ AIA AIB AIC AID AIE AIF AIG AIH AII AIJ AIK AIL AIM AIN AIO AIP AIQ AIR AIS AIT AIU AIV AIW AIX AIY AIZ AJA AJB ALC ALD ALE ALF ALG ALH ALI ALJ ALK ALL ALM ALN ALO ALP ALQ ARR ARS AUT AUU AUV AUW AUX AUY AUZ AVA AVB AVC AVD AVE AVF BAG BAH BAI BAJ BAK BAL BAM BAN BAO BAP BAQ BAR BAS BLC BLD BLE BLF BLG BLH BLI BLJ BLK BLL BLM BLN BLO BLP BLQ BLR BLS BLT BLU BLV BLW BLX BLY BLZ BMA BMB BMC BMD BME CCI CEX CHG CIP CLP CLR COI CUR CUS DAR DCL DEL DIN DOC DUT EUR FBC GBL GEN GS7 HAN HAZ ICN IIN IMI IND INS INV IRP ITR ITS LAN LIN LOI MCO MDH MKS ORI OSI PAC PAI PAY PKG PKT PMD PMT PRD PRF PRI PUR QIN QQD QUT RAH REG RET REV RQR SAF SIC SIN SLR SPA SPG SPH SPP SPT SRN SSR SUR TCA TDT TRA TRR TXD WHI ZZZ")
	codesMIME        = set("application/pdf image/png image/jpeg text/csv application/vnd.openxmlformats-officedocument.spreadsheetml.sheet application/vnd.oasis.opendocument.spreadsheet")
)

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(s) {
		m[f] = true
	}
	return m
}

func codeRule(id, terms, text string, list map[string]bool, get func(*Invoice) []Value) *Rule {
	return r(id, "fatal", terms, text, func(c *checker) {
		for _, v := range get(c.inv) {
			if v.Exists() {
				c.must(list[strings.TrimSpace(v.Text)], v.n, "code %q not in the list", v.Text)
			}
		}
	})
}

func one(f func(*Invoice) Value) func(*Invoice) []Value {
	return func(inv *Invoice) []Value { return []Value{f(inv)} }
}

func codeRules() []*Rule {
	return []*Rule{
		codeRule("BR-CL-01", "BT-3", "The document type code MUST be coded by the invoice and credit note related code lists of UNTDID 1001.", codesInvoiceType, one(func(i *Invoice) Value { return i.TypeCode })),
		r("BR-CL-03", "fatal", "", "currencyID MUST be coded using ISO code list 4217 alpha-3.", func(c *checker) {
			for _, v := range currencyAttrs(c.inv.root) {
				c.must(codesCurrency[v.Attr], v.n, "currency %q not in ISO 4217", v.Attr)
			}
		}),
		codeRule("BR-CL-04", "BT-5", "Invoice currency code MUST be coded using ISO code list 4217 alpha-3.", codesCurrency, one(func(i *Invoice) Value { return i.Currency })),
		codeRule("BR-CL-05", "BT-6", "Tax currency code MUST be coded using ISO code list 4217 alpha-3.", codesCurrency, one(func(i *Invoice) Value { return i.TaxCurrency })),
		r("BR-CL-06", "fatal", "BT-8", "Value added tax point date code MUST be coded using a restriction of UNTDID 2005.", func(c *checker) {
			// The CII binding codes BT-8 as 5, 29 or 72 (UNTDID 2475).
			list := codesDateCode
			if c.inv.Syntax == "cii" {
				list = codesDateCodeCII
			}
			if v := c.inv.TaxPointCode; v.Exists() {
				c.must(list[v.Text], v.n, "code %q not in the list", v.Text)
			}
		}),
		codeRule("BR-CL-08", "BT-21", "Invoiced note subject code shall be coded using UNCL4451.", codesNoteSubject, func(i *Invoice) []Value {
			out := append([]Value(nil), i.NoteSubjects...)
			if i.Syntax == "ubl" {
				// UBL writes the subject as "#CODE#text"; only a
				// three-letter code between the first two # counts.
				for _, n := range i.Notes {
					if _, rest, ok := strings.Cut(n.Text, "#"); ok {
						if code, _, ok := strings.Cut(rest, "#"); ok && len(code) == 3 {
							out = append(out, Value{Text: code, n: n.n})
						}
					}
				}
			}
			return out
		}),
		codeRule("BR-CL-14", "BT-40 BT-55 BT-69 BT-80", "Country codes in an invoice MUST be coded using ISO code list 3166-1.", codesCountry, func(i *Invoice) []Value {
			out := []Value{i.Seller.Country, i.Buyer.Country}
			for _, p := range []*Party{i.Payee, i.TaxRep} {
				if p != nil {
					out = append(out, p.Country)
				}
			}
			if i.Delivery != nil {
				out = append(out, i.Delivery.Country)
			}
			return out
		}),
		codeRule("BR-CL-15", "BT-159", "Country codes in an invoice MUST be coded using ISO code list 3166-1.", codesCountry, func(i *Invoice) []Value {
			var out []Value
			for _, l := range i.Lines {
				out = append(out, l.Origin)
			}
			return out
		}),
		codeRule("BR-CL-16", "BT-81", "Payment means in an invoice MUST be coded using UNCL4461 code list.", codesPayment, func(i *Invoice) []Value {
			var out []Value
			for _, p := range i.PaymentMeans {
				out = append(out, p.Code)
			}
			return out
		}),
		codeRule("BR-CL-17", "BT-118", "Invoice tax categories MUST be coded using UNCL5305 code list.", codesVATCategory, func(i *Invoice) []Value {
			var out []Value
			for _, s := range breakdowns(i) {
				out = append(out, s.Cat.ID)
			}
			return out
		}),
		codeRule("BR-CL-18", "BT-95 BT-102 BT-151", "Invoice tax categories MUST be coded using UNCL5305 code list.", codesVATCategory, func(i *Invoice) []Value {
			var out []Value
			if i.Syntax == "ubl" {
				// The Schematron's context is every ClassifiedTaxCategory,
				// wherever it is.
				for _, n := range descendants(i.root, "cac:ClassifiedTaxCategory") {
					out = append(out, val(n.child("cbc:ID")))
				}
			} else {
				for _, l := range i.Lines {
					if l.Cat != nil {
						out = append(out, l.Cat.ID)
					}
				}
			}
			for _, a := range i.AllowanceCharges {
				if a.Cat != nil {
					out = append(out, a.Cat.ID)
				}
			}
			return out
		}),
		codeRule("BR-CL-19", "BT-98 BT-140", "Coded allowance reasons MUST belong to the UNCL 5189 code list.", codesAllowance, func(i *Invoice) []Value {
			var out []Value
			for _, a := range allACs(i) {
				if !a.Charge {
					out = append(out, a.ReasonCode)
				}
			}
			return out
		}),
		r("BR-CL-07", "fatal", "BT-18 BT-128", "Object identifier identification scheme identifier MUST be coded using a restriction of UNTDID 1153.", func(c *checker) {
			for _, n := range objectIDs(c.inv) {
				c.must(codesObjectID[n.Attr], n.n, "scheme %q", n.Attr)
			}
		}),
		schemeRule("BR-CL-10", "BT-29 BT-46 BT-60", "Any identifier identification scheme identifier MUST be coded using one of the ISO 6523 ICD list.", func(i *Invoice) []Value {
			var out []Value
			for _, p := range []*Party{&i.Seller, &i.Buyer, i.Payee} {
				if p == nil {
					continue
				}
				for _, v := range p.IDs {
					// SEPA creditor ids are allowed for seller and payee.
					if !(v.Attr == "SEPA" && p != &i.Buyer) {
						out = append(out, v)
					}
				}
			}
			return out
		}, codesICD),
		schemeRule("BR-CL-11", "BT-30 BT-47 BT-61", "Any registration identifier identification scheme identifier MUST be coded using one of the ISO 6523 ICD list.", func(i *Invoice) []Value {
			out := []Value{i.Seller.LegalID, i.Buyer.LegalID}
			if i.Payee != nil {
				out = append(out, i.Payee.LegalID)
			}
			return out
		}, codesICD),
		schemeRule("BR-CL-13", "BT-158", "Item classification identifier identification scheme identifier MUST be coded using one of the UNTDID 7143 list.", func(i *Invoice) []Value {
			var out []Value
			for _, l := range i.Lines {
				out = append(out, l.ClassCodes...)
			}
			return out
		}, codesItemClass),
		codeRule("BR-CL-20", "BT-105 BT-145", "Coded charge reasons MUST belong to the UNCL 7161 code list.", codesCharge, func(i *Invoice) []Value {
			var out []Value
			for _, a := range allACs(i) {
				if a.Charge {
					out = append(out, a.ReasonCode)
				}
			}
			return out
		}),
		schemeRule("BR-CL-21", "BT-157", "Item standard identifier scheme identifier MUST belong to the ISO 6523 ICD code list.", func(i *Invoice) []Value {
			var out []Value
			for _, l := range i.Lines {
				out = append(out, l.StdIDs...)
			}
			return out
		}, codesICD),
		r("BR-CL-22", "fatal", "BT-121", "Tax exemption reason code identifier scheme identifier MUST belong to the CEF VATEX code list.", func(c *checker) {
			for _, cat := range allCategories(c.inv) {
				if v := cat.ExemptCode; v.Exists() {
					c.must(codesVATEX[strings.ToUpper(v.Text)], v.n, "code %q not in VATEX", v.Text)
				}
			}
		}),
		schemeRule("BR-CL-23", "BT-130 BT-150", "Unit code MUST be coded according to the UN/ECE Recommendation 20 with Rec 21 extension.", func(i *Invoice) []Value {
			var out []Value
			for _, l := range i.Lines {
				out = append(out, l.Qty, l.BaseQty)
			}
			return out
		}, codesUnit),
		schemeRule("BR-CL-25", "BT-34 BT-49", "Endpoint identifier scheme identifier MUST belong to the CEF EAS code list.", func(i *Invoice) []Value {
			return []Value{i.Seller.Endpoint, i.Buyer.Endpoint}
		}, codesEAS),
		schemeRule("BR-CL-26", "BT-71", "Delivery location identifier scheme identifier MUST belong to the ISO 6523 ICD code list.", func(i *Invoice) []Value {
			if i.Delivery == nil {
				return nil
			}
			return []Value{i.Delivery.LocationID}
		}, codesICD),
		codeRule("BR-CL-24", "BT-125", "For Mime code in attribute use MIMEMediaType.", codesMIME, func(i *Invoice) []Value {
			var out []Value
			for _, d := range i.Supporting {
				for _, n := range []*node{d.n.find("cac:Attachment", "cbc:EmbeddedDocumentBinaryObject"), d.n.child("ram:AttachmentBinaryObject")} {
					if n != nil {
						out = append(out, Value{Text: n.attr("mimeCode"), n: n})
					}
				}
			}
			return out
		}),
	}
}

func allACs(inv *Invoice) []*AllowanceCharge {
	out := append([]*AllowanceCharge(nil), inv.AllowanceCharges...)
	for _, l := range inv.Lines {
		out = append(out, l.ACs...)
	}
	return out
}

// currencyAttrs is every currencyID attribute in the document.
func currencyAttrs(n *node) []Value {
	var out []Value
	var walk func(*node)
	walk = func(n *node) {
		if n.hasAttr("currencyID") {
			out = append(out, Value{Text: n.text, Attr: n.attr("currencyID"), HasAttr: true, n: n})
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	if n != nil {
		walk(n)
	}
	return out
}

// descendants is every element below n named name, in document order.
func descendants(n *node, name string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(n *node) {
		for _, k := range n.kids {
			if k.name == name {
				out = append(out, k)
			}
			walk(k)
		}
	}
	if n != nil {
		walk(n)
	}
	return out
}

// schemeRule checks the qualifying attribute (schemeID, listID, unitCode)
// of the values that carry one.
func schemeRule(id, terms, text string, get func(*Invoice) []Value, list map[string]bool) *Rule {
	return r(id, "fatal", terms, text, func(c *checker) {
		for _, v := range get(c.inv) {
			if v.HasAttr {
				c.must(list[strings.TrimSpace(v.Attr)], v.n, "scheme %q not in the list", v.Attr)
			}
		}
	})
}

// objectIDs are the invoiced object identifiers (BT-18, BT-128) that
// name a scheme.
func objectIDs(inv *Invoice) []Value {
	var out []Value
	refs := append([]*node(nil), nodesOf(inv.Supporting)...)
	for _, l := range inv.Lines {
		refs = append(refs, nodesOf(l.DocRefs)...)
	}
	for _, r := range refs {
		if r.child("cbc:DocumentTypeCode").str() != "130" && r.child("ram:TypeCode").str() != "130" {
			continue
		}
		if id := r.child("cbc:ID"); id.hasAttr("schemeID") {
			out = append(out, valAttr(id, "schemeID"))
		}
		if rt := r.child("ram:ReferenceTypeCode"); rt != nil {
			out = append(out, Value{Text: rt.text, Attr: rt.text, HasAttr: true, n: rt})
		}
	}
	return out
}

func nodesOf(refs []Ref) []*node {
	var out []*node
	for _, r := range refs {
		out = append(out, r.n)
	}
	return out
}
