package einvoice

import (
	"strings"

	"intake/pipeline"
)

// readCII fills inv from a UN/CEFACT CrossIndustryInvoice (D16B, as used
// by EN 16931, ZUGFeRD 2, Factur-X and XRechnung).
func readCII(t *tree, inv *Invoice) {
	const root int32 = 0
	b := &builder{t: t, inv: inv}
	inv.Customization = collapse(t.text(t.find(root, "rsm:ExchangedDocumentContext", "ram:GuidelineSpecifiedDocumentContextParameter", "ram:ID")))

	doc := t.child(root, "rsm:ExchangedDocument")
	inv.DocType = docTypeFor(t.text(t.child(doc, "ram:TypeCode")))
	b.text(FieldInvoiceNumber, t.child(doc, "ram:ID"))
	b.date(FieldIssueDate, t.find(doc, "ram:IssueDateTime", "udt:DateTimeString"))

	tx := t.child(root, "rsm:SupplyChainTradeTransaction")
	agreement := t.child(tx, "ram:ApplicableHeaderTradeAgreement")
	settlement := t.child(tx, "ram:ApplicableHeaderTradeSettlement")

	for pt := range t.each(settlement, "ram:SpecifiedTradePaymentTerms") {
		b.date(FieldDueDate, t.find(pt, "ram:DueDateDateTime", "udt:DateTimeString"))
	}
	b.currency(FieldCurrency, t.child(settlement, "ram:InvoiceCurrencyCode"))
	currency := inv.Fields[FieldCurrency].Value

	sum := t.child(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
	b.money(FieldAmountNet, t.child(sum, "ram:TaxBasisTotalAmount"))
	b.money(FieldAmountVAT, ciiVATAmount(t, sum, currency))
	b.money(FieldAmountTotal, t.child(sum, "ram:GrandTotalAmount"))
	b.money(FieldAmountDue, t.child(sum, "ram:DuePayableAmount"))

	ciiSupplier(b, t.child(agreement, "ram:SellerTradeParty"))

	if n := t.child(agreement, "ram:BuyerReference"); !placeholder(t.text(n)) {
		b.text(FieldBuyerReference, n)
	}
	if n := t.find(agreement, "ram:BuyerOrderReferencedDocument", "ram:IssuerAssignedID"); !placeholder(t.text(n)) {
		b.text(FieldOrderReference, n)
	}
	buyer := t.child(agreement, "ram:BuyerTradeParty")
	for g := range t.each(buyer, "ram:GlobalID") {
		if isGLNScheme(t.attr(g, "schemeID")) {
			b.id(FieldBuyerGLN, g)
		}
	}
	for u := range t.each(buyer, "ram:URIUniversalCommunication") {
		if n := t.child(u, "ram:URIID"); isGLNScheme(t.attr(n, "schemeID")) {
			b.id(FieldBuyerGLN, n)
		}
	}

	for pm := range t.each(settlement, "ram:SpecifiedTradeSettlementPaymentMeans") {
		acc := t.child(pm, "ram:PayeePartyCreditorFinancialAccount")
		if n := t.child(acc, "ram:IBANID"); isIBAN(t.text(n)) {
			b.id(FieldIBAN, n)
		}
	}
	b.id(FieldPaymentReference, t.child(settlement, "ram:PaymentReference"))

	for ln := range t.each(tx, "ram:IncludedSupplyChainTradeLineItem") {
		inv.LineItems = append(inv.LineItems, ciiLine(t, ln))
	}
}

// ciiVATAmount returns the TaxTotalAmount that is BT-110: the one in the
// invoice currency (a second one may be in the tax currency, BT-111), or
// the only one when none states a matching currency.
func ciiVATAmount(t *tree, sum int32, currency string) int32 {
	only, count := int32(-1), 0
	for n := range t.each(sum, "ram:TaxTotalAmount") {
		if c := t.attr(n, "currencyID"); c != "" && strings.EqualFold(c, currency) {
			return n
		}
		only = n
		count++
	}
	if count == 1 && (t.attr(only, "currencyID") == "" || currency == "") {
		return only
	}
	return -1
}

func ciiSupplier(b *builder, seller int32) {
	t := b.t
	if seller < 0 {
		return
	}
	b.text(FieldSupplierName, t.child(seller, "ram:Name"))
	p := partyIDs{country: t.text(t.find(seller, "ram:PostalTradeAddress", "ram:CountryID"))}
	if n := t.find(seller, "ram:SpecifiedLegalOrganization", "ram:ID"); t.text(n) != "" {
		p.legal = append(p.legal, idRef{value: t.text(n), scheme: t.attr(n, "schemeID"), n: n})
	}
	for tr := range t.each(seller, "ram:SpecifiedTaxRegistration") {
		// schemeID "VA" is the VAT identifier; "FC" a national tax number.
		if n := t.child(tr, "ram:ID"); t.text(n) != "" && strings.EqualFold(t.attr(n, "schemeID"), "VA") {
			p.vat = append(p.vat, idRef{value: t.text(n), scheme: "VA", n: n})
		}
	}
	for _, step := range []string{"ram:ID", "ram:GlobalID"} {
		for n := range t.each(seller, step) {
			if t.text(n) != "" {
				p.other = append(p.other, idRef{value: t.text(n), scheme: t.attr(n, "schemeID"), n: n})
			}
		}
	}
	if v, from, ok := supplierID(p); ok {
		b.set(FieldSupplierID, v, from.value, from.n)
	}
}

func ciiLine(t *tree, ln int32) pipeline.LineItem {
	qty := t.find(ln, "ram:SpecifiedLineTradeDelivery", "ram:BilledQuantity")
	settle := t.child(ln, "ram:SpecifiedLineTradeSettlement")
	li := pipeline.LineItem{
		ID:          collapse(t.text(t.find(ln, "ram:AssociatedDocumentLineDocument", "ram:LineID"))),
		Description: collapse(t.text(t.find(ln, "ram:SpecifiedTradeProduct", "ram:Name"))),
		Quantity:    decimalOr(t.text(qty)),
		Unit:        t.attr(qty, "unitCode"),
		UnitPrice:   decimalOr(t.text(t.find(ln, "ram:SpecifiedLineTradeAgreement", "ram:NetPriceProductTradePrice", "ram:ChargeAmount"))),
		Amount:      moneyOr(t.text(t.find(settle, "ram:SpecifiedTradeSettlementLineMonetarySummation", "ram:LineTotalAmount"))),
	}
	for tax := range t.each(settle, "ram:ApplicableTradeTax") {
		if tc := t.text(t.child(tax, "ram:TypeCode")); tc == "" || strings.EqualFold(tc, "VAT") {
			li.VATCategory = t.text(t.child(tax, "ram:CategoryCode"))
			li.VATRate = decimalOr(t.text(t.child(tax, "ram:RateApplicablePercent")))
			break
		}
	}
	return li
}
