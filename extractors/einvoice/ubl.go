package einvoice

import (
	"strings"

	"intake/pipeline"
	"intake/pipeline/normalize"
)

// readUBL fills inv from a UBL Invoice or CreditNote: Peppol BIS Billing 3
// and other EN 16931 UBL, and OIOUBL 2.x.
func readUBL(t *tree, inv *Invoice) {
	const root int32 = 0
	b := &builder{t: t, inv: inv}
	credit := t.nodes[root].local == "CreditNote"
	inv.Customization = collapse(t.text(t.child(root, "cbc:CustomizationID")))
	oio := isOIOUBL2(inv.Customization)
	if credit {
		inv.DocType = pipeline.TypeCreditNote
	} else {
		inv.DocType = docTypeFor(t.text(t.child(root, "cbc:InvoiceTypeCode")))
	}

	b.text(FieldInvoiceNumber, t.child(root, "cbc:ID"))
	b.date(FieldIssueDate, t.child(root, "cbc:IssueDate"))
	// BT-9 is cbc:DueDate on a UBL 2.1 Invoice; a CreditNote and OIOUBL
	// carry it on the payment means, and some senders on payment terms.
	b.date(FieldDueDate, t.child(root, "cbc:DueDate"))
	for pm := range t.each(root, "cac:PaymentMeans") {
		b.date(FieldDueDate, t.child(pm, "cbc:PaymentDueDate"))
	}
	for pt := range t.each(root, "cac:PaymentTerms") {
		b.date(FieldDueDate, t.child(pt, "cbc:PaymentDueDate"))
	}
	b.currency(FieldCurrency, t.child(root, "cbc:DocumentCurrencyCode"))
	currency := inv.Fields[FieldCurrency].Value

	lmt := t.child(root, "cac:LegalMonetaryTotal")
	vat := ublVATAmount(t, root, currency)
	b.money(FieldAmountVAT, vat)
	if oio {
		// OIOUBL 2 defines LegalMonetaryTotal/TaxExclusiveAmount as the
		// sum of all taxes, not the net amount (every OIOUBL sample shows
		// it). BT-109 is then the total with VAT less the VAT.
		incl := t.child(lmt, "cbc:TaxInclusiveAmount")
		if incl >= 0 && vat >= 0 {
			if v, ok := subtract(t.text(incl), t.text(vat)); ok {
				b.set(FieldAmountNet, v, t.text(incl)+" - "+t.text(vat), incl)
			}
		}
	} else {
		b.money(FieldAmountNet, t.child(lmt, "cbc:TaxExclusiveAmount"))
	}
	b.money(FieldAmountTotal, t.child(lmt, "cbc:TaxInclusiveAmount"))
	b.money(FieldAmountDue, t.child(lmt, "cbc:PayableAmount"))

	ublSupplier(b, t.find(root, "cac:AccountingSupplierParty", "cac:Party"))

	buyer := t.find(root, "cac:AccountingCustomerParty", "cac:Party")
	if n := t.child(root, "cbc:BuyerReference"); !placeholder(t.text(n)) {
		b.text(FieldBuyerReference, n)
	}
	if n := t.find(buyer, "cac:Contact", "cbc:ID"); oio && !placeholder(t.text(n)) {
		// OIOUBL has no BuyerReference: Danish public buyers route on
		// the customer contact ID (their "personreference"), the role
		// BT-10 plays in Peppol.
		b.text(FieldBuyerReference, n)
	}
	if order := t.find(root, "cac:OrderReference", "cbc:ID"); !placeholder(t.text(order)) {
		b.text(FieldOrderReference, order)
	}
	if n := t.child(buyer, "cbc:EndpointID"); isGLNScheme(t.attr(n, "schemeID")) {
		b.id(FieldBuyerGLN, n)
	}
	for pi := range t.each(buyer, "cac:PartyIdentification") {
		if n := t.child(pi, "cbc:ID"); isGLNScheme(t.attr(n, "schemeID")) {
			b.id(FieldBuyerGLN, n)
		}
	}

	for pm := range t.each(root, "cac:PaymentMeans") {
		ublPaymentMeans(b, pm, oio)
	}

	lineName, qtyName := "cac:InvoiceLine", "cbc:InvoicedQuantity"
	if credit {
		lineName, qtyName = "cac:CreditNoteLine", "cbc:CreditedQuantity"
	}
	for ln := range t.each(root, lineName) {
		inv.LineItems = append(inv.LineItems, ublLine(t, ln, qtyName))
	}
}

// isOIOUBL2 reports an OIOUBL 2.x customization ("OIOUBL-2.01", ...).
// OIOUBL 3 follows EN 16931 and reads like any Peppol invoice.
func isOIOUBL2(customization string) bool {
	return len(customization) >= 8 && strings.EqualFold(customization[:8], "OIOUBL-2")
}

// ublVATAmount returns the TaxTotal/TaxAmount that is BT-110: in the
// document currency (a second TaxTotal may give the VAT in the tax
// currency, BT-111) and for VAT (OIOUBL adds TaxTotals for excise duties).
func ublVATAmount(t *tree, root int32, currency string) int32 {
	for tt := range t.each(root, "cac:TaxTotal") {
		amt := t.child(tt, "cbc:TaxAmount")
		if amt < 0 {
			continue
		}
		if c := t.attr(amt, "currencyID"); currency != "" && c != "" && !strings.EqualFold(c, currency) {
			continue
		}
		if isVATTaxTotal(t, tt) {
			return amt
		}
	}
	return -1
}

// isVATTaxTotal is false only when every subtotal names another tax.
func isVATTaxTotal(t *tree, tt int32) bool {
	other := false
	for st := range t.each(tt, "cac:TaxSubtotal") {
		sch := t.find(st, "cac:TaxCategory", "cac:TaxScheme")
		id, name := t.text(t.child(sch, "cbc:ID")), t.text(t.child(sch, "cbc:Name"))
		if (id == "" && name == "") || isVATScheme(id, name) {
			return true
		}
		other = true
	}
	return !other
}

// isVATScheme recognises the VAT tax scheme: "VAT" in EN 16931, "63"
// (named "Moms") in OIOUBL.
func isVATScheme(id, name string) bool {
	return strings.EqualFold(id, "VAT") || id == "63" || strings.EqualFold(name, "Moms") || strings.EqualFold(name, "VAT")
}

// isGLNScheme recognises a GS1 GLN: ICD 0088, or "GLN"/"EAN" in OIOUBL.
func isGLNScheme(s string) bool {
	return s == "0088" || strings.EqualFold(s, "GLN") || strings.EqualFold(s, "EAN")
}

// placeholder is what senders write in a reference OIOUBL or Peppol
// requires when the buyer gave none.
func placeholder(s string) bool {
	return s == "" || strings.EqualFold(s, "NA") || strings.EqualFold(s, "N/A")
}

func ublSupplier(b *builder, party int32) {
	t := b.t
	if party < 0 {
		return
	}
	b.text(FieldSupplierName, t.find(party, "cac:PartyLegalEntity", "cbc:RegistrationName"))
	b.text(FieldSupplierName, t.find(party, "cac:PartyName", "cbc:Name"))

	p := partyIDs{country: t.text(t.find(party, "cac:PostalAddress", "cac:Country", "cbc:IdentificationCode"))}
	for le := range t.each(party, "cac:PartyLegalEntity") {
		if n := t.child(le, "cbc:CompanyID"); t.text(n) != "" {
			p.legal = append(p.legal, idRef{value: t.text(n), scheme: t.attr(n, "schemeID"), n: n})
		}
	}
	for ts := range t.each(party, "cac:PartyTaxScheme") {
		sch := t.child(ts, "cac:TaxScheme")
		if n := t.child(ts, "cbc:CompanyID"); t.text(n) != "" && isVATScheme(t.text(t.child(sch, "cbc:ID")), t.text(t.child(sch, "cbc:Name"))) {
			p.vat = append(p.vat, idRef{value: t.text(n), scheme: t.attr(n, "schemeID"), n: n})
		}
	}
	for pi := range t.each(party, "cac:PartyIdentification") {
		// A SEPA creditor identifier (BT-90) also sits here; it names the
		// direct-debit mandate's creditor, not the seller.
		if n := t.child(pi, "cbc:ID"); t.text(n) != "" && !strings.EqualFold(t.attr(n, "schemeID"), "SEPA") {
			p.other = append(p.other, idRef{value: t.text(n), scheme: t.attr(n, "schemeID"), n: n})
		}
	}
	if v, from, ok := supplierID(p); ok {
		b.set(FieldSupplierID, v, from.value, from.n)
	}
}

// ublPaymentMeans reads one PaymentMeans: an IBAN, a Swedish bankgiro or
// plusgiro, a Danish registration + account number, and the payment
// reference. The first of each kind wins.
func ublPaymentMeans(b *builder, pm int32, oio bool) {
	t := b.t
	codeNode := t.child(pm, "cbc:PaymentMeansCode")
	code, codeName := t.text(codeNode), t.attr(codeNode, "name")

	// In OIOUBL a FI-card or giro payment (50, 93) gives the card type
	// (71, 73, 75, 04, ...) as PaymentID and the reference to quote as
	// InstructionID.
	// Peppol DK writes a FIK payment as code 93 with PaymentID "71#id".
	switch {
	case oio && (code == "50" || code == "93"):
		if !fikLine(b, pm) {
			b.id(FieldPaymentReference, t.child(pm, "cbc:InstructionID"))
		}
	case code == "93" && fikLine(b, pm):
		return // the payee account is the FIK creditor, already in the line
	default:
		b.id(FieldPaymentReference, t.child(pm, "cbc:PaymentID"))
	}

	acc := t.child(pm, "cac:PayeeFinancialAccount")
	idNode := t.child(acc, "cbc:ID")
	id := t.text(idNode)
	if id == "" {
		return
	}
	branchNode := t.find(acc, "cac:FinancialInstitutionBranch", "cbc:ID")
	branch := t.text(branchNode)
	kind := giroKind(branch, t.attr(idNode, "schemeID"), t.text(t.find(acc, "cac:FinancialInstitutionBranch", "cac:FinancialInstitution", "cbc:ID")), codeName)
	if kind == "" && isIBAN(id) {
		b.id(FieldIBAN, idNode)
		return
	}
	// Payment means code 50 is "payment by postgiro": PlusGirot is the
	// former Postgirot. OIOUBL uses 50 for Danish giro/FI cards instead.
	if kind == "" && code == "50" && !oio {
		kind = FieldPlusgiro
	}
	if kind != "" {
		b.id(kind, idNode)
		return
	}
	// A Danish domestic transfer gives the 4-digit registration number as
	// the branch and the account (up to 10 digits) as the account ID.
	if (code == "31" || code == "42") && len(branch) == 4 && allDigits(branch) {
		acct := normalize.Digits(id)
		if acct != "" && len(acct) <= 10 && len(acct) == len(strings.Map(dropSeparators, id)) {
			b.set(FieldBankAccount, branch+acct, branch+" "+id, idNode)
		}
	}
}

// fikLine records a Danish FIK payment (card type 71, 73 or 75) as the
// whole code line "+71<payment id+creditor<": the line is what a payer
// types and what the printed card shows, and it carries the card type and
// creditor that the payment id alone lacks.
func fikLine(b *builder, pm int32) bool {
	t := b.t
	pidNode := t.child(pm, "cbc:PaymentID")
	card := strings.TrimSpace(t.text(pidNode))
	credNode := t.find(pm, "cac:CreditAccount", "cbc:AccountID")
	if credNode < 0 {
		// Peppol DK: the creditor number as the payee account (DK-R-010).
		credNode = t.find(pm, "cac:PayeeFinancialAccount", "cbc:ID")
	}
	cred := normalize.Digits(t.text(credNode))
	instr := t.child(pm, "cbc:InstructionID")
	id := normalize.Digits(t.text(instr))
	// Peppol DK puts "71#<payment id>" in PaymentID (DK-R-010); OIOUBL
	// the card alone, the id in InstructionID.
	if c, rest, ok := strings.Cut(card, "#"); ok {
		card, id, instr = strings.TrimSpace(c), normalize.Digits(rest), pidNode
	}
	if (card != "71" && card != "73" && card != "75") || cred == "" {
		return false
	}
	if card != "73" && id == "" {
		return false
	}
	line := "+" + card + "<" + id + "+" + cred + "<"
	if instr < 0 || id == "" {
		instr = credNode
	}
	b.set(FieldPaymentReference, line, line, instr)
	return true
}

// giroKind says whether an account is a Swedish bankgiro or plusgiro by
// what names it: Peppol SE puts "SE:BANKGIRO" or "SE:PLUSGIRO" as the
// branch, some senders use the account's scheme, the institution or the
// payment means name.
func giroKind(names ...string) string {
	for _, s := range names {
		u := strings.ToUpper(s)
		switch {
		case strings.Contains(u, "BANKGIRO"):
			return FieldBankgiro
		case strings.Contains(u, "PLUSGIRO"), strings.Contains(u, "POSTGIRO"):
			return FieldPlusgiro
		}
	}
	return ""
}

// dropSeparators keeps the characters of an account number that are not
// separators, to tell "1234 567890" (digits) from "DK-ABC" (not).
func dropSeparators(r rune) rune {
	switch r {
	case ' ', '-', '.', '\u00a0':
		return -1
	}
	return r
}

func ublLine(t *tree, ln int32, qtyName string) pipeline.LineItem {
	item := t.child(ln, "cac:Item")
	qty := t.child(ln, qtyName)
	desc := t.text(t.child(item, "cbc:Name"))
	if desc == "" {
		desc = t.text(t.child(item, "cbc:Description"))
	}
	li := pipeline.LineItem{
		ID:          collapse(t.text(t.child(ln, "cbc:ID"))),
		Description: collapse(desc),
		Quantity:    decimalOr(t.text(qty)),
		Unit:        t.attr(qty, "unitCode"),
		UnitPrice:   decimalOr(t.text(t.find(ln, "cac:Price", "cbc:PriceAmount"))),
		Amount:      moneyOr(t.text(t.child(ln, "cbc:LineExtensionAmount"))),
	}
	cat := int32(-1)
	for c := range t.each(item, "cac:ClassifiedTaxCategory") {
		sch := t.child(c, "cac:TaxScheme")
		if sch < 0 || isVATScheme(t.text(t.child(sch, "cbc:ID")), t.text(t.child(sch, "cbc:Name"))) {
			cat = c
			break
		}
	}
	if cat < 0 {
		// OIOUBL lines may state the category only in their TaxTotal.
		for st := range t.each(t.child(ln, "cac:TaxTotal"), "cac:TaxSubtotal") {
			c := t.child(st, "cac:TaxCategory")
			sch := t.child(c, "cac:TaxScheme")
			if c >= 0 && isVATScheme(t.text(t.child(sch, "cbc:ID")), t.text(t.child(sch, "cbc:Name"))) {
				cat = c
				break
			}
		}
	}
	if cat >= 0 {
		li.VATCategory = vatCategory(t.text(t.child(cat, "cbc:ID")))
		li.VATRate = decimalOr(t.text(t.child(cat, "cbc:Percent")))
	}
	return li
}

// vatCategory maps OIOUBL's tax category names to the UNCL 5305 codes of
// EN 16931, so lines read the same whatever the syntax.
func vatCategory(id string) string {
	switch id {
	case "StandardRated":
		return "S"
	case "ZeroRated":
		return "Z"
	case "ReverseCharge":
		return "AE"
	}
	return id
}
