package en16931

// fromCII maps a UN/CEFACT CrossIndustryInvoice (EN 16931 CII binding:
// ZUGFeRD 2, Factur-X, XRechnung). A credit note is a CII invoice with
// type code 381.
func fromCII(root *node) *Invoice {
	inv := &Invoice{Syntax: "cii", root: root}
	doc := root.child("rsm:ExchangedDocument")
	tx := root.child("rsm:SupplyChainTradeTransaction")
	agr := tx.child("ram:ApplicableHeaderTradeAgreement")
	dlv := tx.child("ram:ApplicableHeaderTradeDelivery")
	set := tx.child("ram:ApplicableHeaderTradeSettlement")

	inv.CustomizationID = val(root.find("rsm:ExchangedDocumentContext", "ram:GuidelineSpecifiedDocumentContextParameter", "ram:ID"))
	inv.ID = val(doc.child("ram:ID"))
	inv.ProfileID = val(root.find("rsm:ExchangedDocumentContext", "ram:BusinessProcessSpecifiedDocumentContextParameter", "ram:ID"))
	inv.OrderReference = val(agr.find("ram:BuyerOrderReferencedDocument", "ram:IssuerAssignedID"))
	inv.IssueDate = val(doc.find("ram:IssueDateTime", "udt:DateTimeString"))
	inv.TypeCode = val(doc.child("ram:TypeCode"))
	for _, n := range doc.all("ram:IncludedNote") {
		inv.Notes = append(inv.Notes, val(n.child("ram:Content")))
		if c := n.child("ram:SubjectCode"); c != nil {
			inv.NoteSubjects = append(inv.NoteSubjects, val(c))
		}
	}
	inv.Currency = val(set.child("ram:InvoiceCurrencyCode"))
	inv.TaxCurrency = val(set.child("ram:TaxCurrencyCode"))
	inv.BuyerReference = val(agr.child("ram:BuyerReference"))
	for _, pt := range set.all("ram:SpecifiedTradePaymentTerms") {
		if d := pt.child("ram:Description"); d != nil {
			inv.PaymentTerms = append(inv.PaymentTerms, val(d))
		}
		if d := pt.find("ram:DueDateDateTime", "udt:DateTimeString"); d != nil && !inv.DueDate.Exists() {
			inv.DueDate = val(d)
		}
	}
	for _, p := range set.all("ram:BillingSpecifiedPeriod") {
		inv.Periods = append(inv.Periods, ciiPeriod(p))
	}
	if dlv != nil {
		addr := dlv.find("ram:ShipToTradeParty", "ram:PostalTradeAddress")
		inv.Delivery = &Delivery{Date: val(dlv.find("ram:ActualDeliverySupplyChainEvent", "ram:OccurrenceDateTime", "udt:DateTimeString")),
			Address: addr, Country: val(addr.child("ram:CountryID")), n: dlv,
			LocationID: valAttr(dlv.find("ram:ShipToTradeParty", "ram:GlobalID"), "schemeID")}
	}
	inv.Seller = ciiParty(agr.child("ram:SellerTradeParty"))
	inv.Buyer = ciiParty(agr.child("ram:BuyerTradeParty"))
	if n := set.child("ram:PayeeTradeParty"); n != nil {
		p := ciiParty(n)
		inv.Payee = &p
	}
	if n := agr.child("ram:SellerTaxRepresentativeTradeParty"); n != nil {
		p := ciiParty(n)
		inv.TaxRep = &p
	}
	for _, ac := range set.all("ram:SpecifiedTradeAllowanceCharge") {
		inv.AllowanceCharges = append(inv.AllowanceCharges, ciiAllowanceCharge(ac))
	}
	for _, lc := range set.all("ram:SpecifiedLogisticsServiceCharge") {
		// ZUGFeRD/Factur-X EXTENDED: a logistics charge is a document
		// level charge (BG-21) and counts in BT-108.
		inv.AllowanceCharges = append(inv.AllowanceCharges, &AllowanceCharge{Charge: true,
			Amount: val(lc.child("ram:AppliedAmount")), Reason: val(lc.child("ram:Description")),
			Cat: ciiCategory(lc.child("ram:AppliedTradeTax")), n: lc})
	}

	// CII has no TaxTotal group: the breakdown (ApplicableTradeTax) sits
	// in the settlement and the totals in the monetary summation. The
	// total in the document currency carries the breakdown.
	sum := set.child("ram:SpecifiedTradeSettlementHeaderMonetarySummation")
	var subs []*Subtotal
	for _, t := range set.all("ram:ApplicableTradeTax") {
		s := &Subtotal{Taxable: val(t.child("ram:BasisAmount")), Tax: val(t.child("ram:CalculatedAmount")), Cat: *ciiCategory(t), n: t}
		subs = append(subs, s)
		if d := t.find("ram:TaxPointDate", "udt:DateString"); d != nil {
			inv.TaxPointDate = val(d)
		}
		if c := t.child("ram:DueDateTypeCode"); c != nil {
			inv.TaxPointCode = val(c)
		}
	}
	totals := sum.all("ram:TaxTotalAmount")
	attached := false
	for _, ta := range totals {
		tt := &TaxTotal{Amount: valAttr(ta, "currencyID"), n: ta}
		if !attached && (ta.attr("currencyID") == "" || ta.attr("currencyID") == inv.Currency.Text || len(totals) == 1) {
			tt.Subtotals, attached = subs, true
		}
		inv.TaxTotals = append(inv.TaxTotals, tt)
	}
	if !attached && len(subs) > 0 {
		inv.TaxTotals = append(inv.TaxTotals, &TaxTotal{Subtotals: subs, n: set})
	}
	if sum != nil {
		inv.Totals = &Totals{
			LineExt: val(sum.child("ram:LineTotalAmount")), TaxExcl: val(sum.child("ram:TaxBasisTotalAmount")),
			TaxIncl: val(sum.child("ram:GrandTotalAmount")), Allowance: val(sum.child("ram:AllowanceTotalAmount")),
			Charge: val(sum.child("ram:ChargeTotalAmount")), Prepaid: val(sum.child("ram:TotalPrepaidAmount")),
			Rounding: val(sum.child("ram:RoundingAmount")), Payable: val(sum.child("ram:DuePayableAmount")), n: sum,
		}
	}
	for _, l := range tx.all("ram:IncludedSupplyChainTradeLineItem") {
		inv.Lines = append(inv.Lines, ciiLine(l))
	}
	paymentRef := val(set.child("ram:PaymentReference"))
	mandate := Value{}
	for _, pt := range set.all("ram:SpecifiedTradePaymentTerms") {
		if m := pt.child("ram:DirectDebitMandateID"); m != nil {
			mandate = val(m)
		}
	}
	for _, pm := range set.all("ram:SpecifiedTradeSettlementPaymentMeans") {
		p := &PaymentMeans{Code: val(pm.child("ram:TypeCode")), PaymentID: paymentRef, n: pm}
		if a := pm.child("ram:PayeePartyCreditorFinancialAccount"); a != nil {
			p.Account = a
			p.AccountID = val(a.child("ram:IBANID"))
			if !p.AccountID.Exists() {
				p.AccountID = val(a.child("ram:ProprietaryID"))
			}
			p.Branch = val(pm.find("ram:PayeeSpecifiedCreditorFinancialInstitution", "ram:BICID"))
		}
		if c := pm.child("ram:ApplicableTradeSettlementFinancialCard"); c != nil {
			p.Card, p.CardPAN = c, val(c.child("ram:ID"))
		}
		if mandate.Exists() {
			p.Mandates, p.MandateID = 1, mandate
			p.PayerAccount = val(pm.find("ram:PayerPartyDebtorFinancialAccount", "ram:IBANID"))
		}
		inv.PaymentMeans = append(inv.PaymentMeans, p)
	}
	for _, r := range set.all("ram:InvoiceReferencedDocument") {
		inv.Preceding = append(inv.Preceding, Ref{ID: val(r.child("ram:IssuerAssignedID")), n: r})
	}
	for _, r := range agr.all("ram:AdditionalReferencedDocument") {
		inv.Supporting = append(inv.Supporting, Ref{ID: val(r.child("ram:IssuerAssignedID")), n: r})
	}
	return inv
}

func ciiPeriod(p *node) *Period {
	return &Period{Start: val(p.find("ram:StartDateTime", "udt:DateTimeString")),
		End: val(p.find("ram:EndDateTime", "udt:DateTimeString")), n: p}
}

func ciiParty(p *node) Party {
	if p == nil {
		return Party{}
	}
	legal := p.child("ram:SpecifiedLegalOrganization")
	out := Party{n: p,
		Name:     val(p.child("ram:Name")),
		RegName:  val(p.child("ram:Name")),
		Endpoint: valAttr(p.find("ram:URIUniversalCommunication", "ram:URIID"), "schemeID"),
		LegalID:  valAttr(legal.child("ram:ID"), "schemeID"),
		Address:  p.child("ram:PostalTradeAddress"),
	}
	if t := legal.child("ram:TradingBusinessName"); t != nil {
		out.Name = val(t)
	}
	out.Country = val(out.Address.child("ram:CountryID"))
	out.IDs = append(vals(p.all("ram:ID"), "schemeID"), vals(p.all("ram:GlobalID"), "schemeID")...)
	for _, r := range p.all("ram:SpecifiedTaxRegistration") {
		id := r.child("ram:ID")
		if id == nil {
			continue
		}
		v := valAttr(id, "schemeID")
		out.TaxIDs = append(out.TaxIDs, v)
		if v.Attr == "VA" {
			out.VATIDs = append(out.VATIDs, v)
		} else {
			out.OtherTax = append(out.OtherTax, v)
		}
	}
	return out
}

func ciiCategory(t *node) *Category {
	if t == nil {
		return nil
	}
	return &Category{ID: val(t.child("ram:CategoryCode")), Percent: val(t.child("ram:RateApplicablePercent")),
		ExemptReason: val(t.child("ram:ExemptionReason")), ExemptCode: val(t.child("ram:ExemptionReasonCode")),
		VAT: isVAT(t.child("ram:TypeCode").str()), n: t}
}

func ciiAllowanceCharge(ac *node) *AllowanceCharge {
	return &AllowanceCharge{
		Charge:    isTrue(ac.find("ram:ChargeIndicator", "udt:Indicator").str()),
		Indicator: val(ac.find("ram:ChargeIndicator", "udt:Indicator")),
		Percent:   val(ac.child("ram:CalculationPercent")),
		Amount:    val(ac.child("ram:ActualAmount")), Base: val(ac.child("ram:BasisAmount")),
		Reason: val(ac.child("ram:Reason")), ReasonCode: val(ac.child("ram:ReasonCode")),
		Cat: ciiCategory(ac.child("ram:CategoryTradeTax")), n: ac,
	}
}

func ciiLine(l *node) *Line {
	prod := l.child("ram:SpecifiedTradeProduct")
	agr := l.child("ram:SpecifiedLineTradeAgreement")
	set := l.child("ram:SpecifiedLineTradeSettlement")
	out := &Line{n: l,
		ID:         val(l.find("ram:AssociatedDocumentLineDocument", "ram:LineID")),
		Qty:        valAttr(l.find("ram:SpecifiedLineTradeDelivery", "ram:BilledQuantity"), "unitCode"),
		LineExt:    val(set.find("ram:SpecifiedTradeSettlementLineMonetarySummation", "ram:LineTotalAmount")),
		ItemName:   val(prod.child("ram:Name")),
		NetPrice:   val(agr.find("ram:NetPriceProductTradePrice", "ram:ChargeAmount")),
		GrossPrice: val(agr.find("ram:GrossPriceProductTradePrice", "ram:ChargeAmount")),
		Cat:        ciiCategory(set.child("ram:ApplicableTradeTax")),
		Origin:     val(prod.find("ram:OriginTradeCountry", "ram:ID")),
	}
	for _, p := range set.all("ram:BillingSpecifiedPeriod") {
		out.Periods = append(out.Periods, ciiPeriod(p))
	}
	for _, ac := range set.all("ram:SpecifiedTradeAllowanceCharge") {
		out.ACs = append(out.ACs, ciiAllowanceCharge(ac))
	}
	out.StdIDs = vals(prod.all("ram:GlobalID"), "schemeID")
	for _, c := range prod.all("ram:DesignatedProductClassification") {
		out.ClassCodes = append(out.ClassCodes, vals(c.all("ram:ClassCode"), "listID")...)
	}
	for _, a := range prod.all("ram:ApplicableProductCharacteristic") {
		out.Attributes = append(out.Attributes, Attribute{Name: val(a.child("ram:Description")), Value: val(a.child("ram:Value")), n: a})
	}
	return out
}
