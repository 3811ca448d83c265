package en16931

import "strings"

// fromUBL maps a UBL Invoice or CreditNote (Peppol BIS 3, EN 16931 UBL
// binding; OIOUBL reads the same where it shares the elements).
func fromUBL(root *node) *Invoice {
	inv := &Invoice{Syntax: "ubl", Credit: root.name == "CreditNote", root: root}
	inv.CustomizationID = val(root.child("cbc:CustomizationID"))
	inv.ProfileID = val(root.child("cbc:ProfileID"))
	inv.OrderReference = val(root.find("cac:OrderReference", "cbc:ID"))
	inv.ID = val(root.child("cbc:ID"))
	inv.IssueDate = val(root.child("cbc:IssueDate"))
	inv.TypeCode = val(root.child("cbc:InvoiceTypeCode"))
	if inv.Credit {
		inv.TypeCode = val(root.child("cbc:CreditNoteTypeCode"))
	}
	inv.Currency = val(root.child("cbc:DocumentCurrencyCode"))
	inv.TaxCurrency = val(root.child("cbc:TaxCurrencyCode"))
	inv.TaxPointDate = val(root.child("cbc:TaxPointDate"))
	inv.DueDate = val(root.child("cbc:DueDate"))
	if !inv.DueDate.Exists() {
		for _, pm := range root.all("cac:PaymentMeans") {
			if d := pm.child("cbc:PaymentDueDate"); d != nil {
				inv.DueDate = val(d)
				break
			}
		}
	}
	inv.BuyerReference = val(root.child("cbc:BuyerReference"))
	inv.Notes = vals(root.all("cbc:Note"), "")
	for _, pt := range root.all("cac:PaymentTerms") {
		inv.PaymentTerms = append(inv.PaymentTerms, vals(pt.all("cbc:Note"), "")...)
	}
	for _, p := range root.all("cac:InvoicePeriod") {
		inv.Periods = append(inv.Periods, ublPeriod(p))
		if !inv.TaxPointCode.Exists() {
			inv.TaxPointCode = val(p.child("cbc:DescriptionCode"))
		}
	}
	if d := root.child("cac:Delivery"); d != nil {
		addr := d.find("cac:DeliveryLocation", "cac:Address")
		inv.Delivery = &Delivery{Date: val(d.child("cbc:ActualDeliveryDate")), Address: addr,
			LocationID: valAttr(d.find("cac:DeliveryLocation", "cbc:ID"), "schemeID"),
			Country:    val(addr.find("cac:Country", "cbc:IdentificationCode")), n: d}
	}
	inv.Seller = ublParty(root.find("cac:AccountingSupplierParty", "cac:Party"))
	inv.Buyer = ublParty(root.find("cac:AccountingCustomerParty", "cac:Party"))
	if n := root.child("cac:PayeeParty"); n != nil {
		p := ublParty(n)
		inv.Payee = &p
	}
	if n := root.child("cac:TaxRepresentativeParty"); n != nil {
		p := ublParty(n)
		inv.TaxRep = &p
	}
	for _, ac := range root.all("cac:AllowanceCharge") {
		inv.AllowanceCharges = append(inv.AllowanceCharges, ublAllowanceCharge(ac))
	}
	for _, tt := range root.all("cac:TaxTotal") {
		t := &TaxTotal{Amount: valAttr(tt.child("cbc:TaxAmount"), "currencyID"), n: tt}
		for _, st := range tt.all("cac:TaxSubtotal") {
			s := &Subtotal{Taxable: val(st.child("cbc:TaxableAmount")), Tax: val(st.child("cbc:TaxAmount")), n: st}
			if c := ublCategory(st.child("cac:TaxCategory")); c != nil {
				s.Cat = *c
			}
			t.Subtotals = append(t.Subtotals, s)
		}
		inv.TaxTotals = append(inv.TaxTotals, t)
	}
	if m := root.child("cac:LegalMonetaryTotal"); m != nil {
		inv.Totals = &Totals{
			LineExt: val(m.child("cbc:LineExtensionAmount")), TaxExcl: val(m.child("cbc:TaxExclusiveAmount")),
			TaxIncl: val(m.child("cbc:TaxInclusiveAmount")), Allowance: val(m.child("cbc:AllowanceTotalAmount")),
			Charge: val(m.child("cbc:ChargeTotalAmount")), Prepaid: val(m.child("cbc:PrepaidAmount")),
			Rounding: val(m.child("cbc:PayableRoundingAmount")), Payable: val(m.child("cbc:PayableAmount")), n: m,
		}
	}
	lineName, qtyName := "cac:InvoiceLine", "cbc:InvoicedQuantity"
	if inv.Credit {
		lineName, qtyName = "cac:CreditNoteLine", "cbc:CreditedQuantity"
	}
	for _, l := range root.all(lineName) {
		inv.Lines = append(inv.Lines, ublLine(l, qtyName))
	}
	for _, pm := range root.all("cac:PaymentMeans") {
		p := &PaymentMeans{Code: val(pm.child("cbc:PaymentMeansCode")), PaymentID: val(pm.child("cbc:PaymentID")), n: pm}
		if a := pm.child("cac:PayeeFinancialAccount"); a != nil {
			p.Account, p.AccountID = a, val(a.child("cbc:ID"))
			p.Branch = val(a.find("cac:FinancialInstitutionBranch", "cbc:ID"))
		}
		if c := pm.child("cac:CardAccount"); c != nil {
			p.Card, p.CardPAN = c, val(c.child("cbc:PrimaryAccountNumberID"))
		}
		mandates := pm.all("cac:PaymentMandate")
		p.Mandates = len(mandates)
		if len(mandates) > 0 {
			p.MandateID = val(mandates[0].child("cbc:ID"))
			p.PayerAccount = val(mandates[0].find("cac:PayerFinancialAccount", "cbc:ID"))
		}
		inv.PaymentMeans = append(inv.PaymentMeans, p)
	}
	for _, br := range root.all("cac:BillingReference") {
		inv.Preceding = append(inv.Preceding, Ref{ID: val(br.find("cac:InvoiceDocumentReference", "cbc:ID")), n: br})
	}
	for _, dr := range root.all("cac:AdditionalDocumentReference") {
		inv.Supporting = append(inv.Supporting, Ref{ID: val(dr.child("cbc:ID")), n: dr})
	}
	return inv
}

func ublPeriod(p *node) *Period {
	return &Period{Start: val(p.child("cbc:StartDate")), End: val(p.child("cbc:EndDate")),
		DescCode: val(p.child("cbc:DescriptionCode")), n: p}
}

func ublParty(p *node) Party {
	if p == nil {
		return Party{}
	}
	out := Party{n: p,
		Name:     val(p.find("cac:PartyName", "cbc:Name")),
		RegName:  val(p.find("cac:PartyLegalEntity", "cbc:RegistrationName")),
		Endpoint: valAttr(p.child("cbc:EndpointID"), "schemeID"),
		LegalID:  valAttr(p.find("cac:PartyLegalEntity", "cbc:CompanyID"), "schemeID"),
		Address:  p.child("cac:PostalAddress"),
	}
	out.Country = val(out.Address.find("cac:Country", "cbc:IdentificationCode"))
	for _, pi := range p.all("cac:PartyIdentification") {
		out.IDs = append(out.IDs, valAttr(pi.child("cbc:ID"), "schemeID"))
	}
	for _, pts := range p.all("cac:PartyTaxScheme") {
		id := pts.child("cbc:CompanyID")
		if id == nil {
			continue
		}
		v := valAttr(id, "schemeID")
		out.TaxIDs = append(out.TaxIDs, v)
		if isVAT(pts.find("cac:TaxScheme", "cbc:ID").str()) {
			out.VATIDs = append(out.VATIDs, v)
		} else {
			out.OtherTax = append(out.OtherTax, v)
		}
	}
	return out
}

func isVAT(s string) bool { return strings.ToUpper(strings.TrimSpace(s)) == "VAT" }

func ublCategory(c *node) *Category {
	if c == nil {
		return nil
	}
	return &Category{ID: val(c.child("cbc:ID")), Percent: val(c.child("cbc:Percent")),
		ExemptReason: val(c.child("cbc:TaxExemptionReason")), ExemptCode: val(c.child("cbc:TaxExemptionReasonCode")),
		VAT: isVAT(c.find("cac:TaxScheme", "cbc:ID").str()), n: c}
}

func ublAllowanceCharge(ac *node) *AllowanceCharge {
	return &AllowanceCharge{
		Charge: isTrue(ac.child("cbc:ChargeIndicator").str()), Indicator: val(ac.child("cbc:ChargeIndicator")),
		Percent: val(ac.child("cbc:MultiplierFactorNumeric")),
		Amount:  val(ac.child("cbc:Amount")), Base: val(ac.child("cbc:BaseAmount")),
		Reason: val(ac.child("cbc:AllowanceChargeReason")), ReasonCode: val(ac.child("cbc:AllowanceChargeReasonCode")),
		Cat: ublCategory(ac.child("cac:TaxCategory")), n: ac,
	}
}

// isTrue reads an xs:boolean.
func isTrue(s string) bool { s = strings.TrimSpace(s); return s == "true" || s == "1" }

func ublLine(l *node, qtyName string) *Line {
	item := l.child("cac:Item")
	out := &Line{n: l,
		ID: val(l.child("cbc:ID")), Qty: valAttr(l.child(qtyName), "unitCode"),
		LineExt: val(l.child("cbc:LineExtensionAmount")), ItemName: val(item.child("cbc:Name")),
		NetPrice: val(l.find("cac:Price", "cbc:PriceAmount")), GrossPrice: val(l.find("cac:Price", "cac:AllowanceCharge", "cbc:BaseAmount")),
		Cat:    ublCategory(item.child("cac:ClassifiedTaxCategory")),
		Origin: val(item.find("cac:OriginCountry", "cbc:IdentificationCode")),
	}
	for _, p := range l.all("cac:InvoicePeriod") {
		out.Periods = append(out.Periods, ublPeriod(p))
	}
	for _, ac := range l.all("cac:AllowanceCharge") {
		out.ACs = append(out.ACs, ublAllowanceCharge(ac))
	}
	price := l.child("cac:Price")
	out.BaseQty = valAttr(price.child("cbc:BaseQuantity"), "unitCode")
	for _, ac := range price.all("cac:AllowanceCharge") {
		out.PriceACs = append(out.PriceACs, ublAllowanceCharge(ac))
	}
	for _, d := range l.all("cac:DocumentReference") {
		out.DocRefs = append(out.DocRefs, Ref{ID: val(d.child("cbc:DocumentTypeCode")), n: d})
	}
	for _, s := range item.all("cac:StandardItemIdentification") {
		if id := s.child("cbc:ID"); id != nil {
			out.StdIDs = append(out.StdIDs, valAttr(id, "schemeID"))
		}
	}
	for _, c := range item.all("cac:CommodityClassification") {
		out.ClassCodes = append(out.ClassCodes, vals(c.all("cbc:ItemClassificationCode"), "listID")...)
	}
	for _, a := range item.all("cac:AdditionalItemProperty") {
		out.Attributes = append(out.Attributes, Attribute{Name: val(a.child("cbc:Name")), Value: val(a.child("cbc:Value")), n: a})
	}
	return out
}
