package doctype

import "intake/pipeline"

// keyword is weighted evidence for a document type. A phrase is matched
// on word boundaries, case- and diacritic-insensitively; a trailing '*'
// matches any word that starts with the rest ("faktura*" matches
// "fakturanummer"). A leading '*' matches any word that ends with it
// ("*rechnung" matches "Handelsrechnung").
type keyword struct {
	phrase string
	weight float64
}

// keywords is the evidence table in da, sv, no, en, de, fr and nl. It is
// data: tune weights here, not in code. Weights are log-odds-like: about
// 1 for a cue that many documents of other types also carry (a total, a
// due date), 3–4 for a word that names the type ("Kreditnota"), and
// higher for phrases that settle it ("self-billed invoice").
var keywords = map[string][]keyword{
	// Amounts, VAT and payment terms: every invoice, credit note and
	// reminder prints them, so they tell that group from the rest but not
	// its members apart. Their score is added to each of the three.
	financial: {
		{"total", 0.6}, {"i alt", 0.6}, {"at betale", 0.8}, {"att betala", 0.8}, {"a betale", 0.8},
		{"summa", 0.5}, {"gesamtbetrag", 0.8}, {"rechnungsbetrag", 1}, {"zahlbetrag", 0.8}, {"bruttosumme", 0.8},
		{"total ttc", 0.8}, {"totaal", 0.5}, {"moms", 0.8}, {"mva", 0.8}, {"vat", 0.8}, {"mwst", 0.8},
		{"ust", 0.5}, {"umsatzsteuer", 0.8}, {"tva", 0.8}, {"btw", 0.8}, {"netto", 0.4}, {"subtotal", 0.6},
		{"forfaldsdato", 1}, {"forfallodatum", 1}, {"forfallsdato", 1}, {"due date", 1}, {"zahlbar", 0.6},
		{"echeance", 0.8}, {"vervaldatum", 1}, {"iban", 0.4}, {"bankgiro", 0.6}, {"plusgiro", 0.6},
		{"ocr", 0.3}, {"betalingsbetingelser", 0.6}, {"betalningsvillkor", 0.6}, {"zahlungsbedingungen", 0.6},
		{"payment terms", 0.6}, {"ean", 0.3}, {"cvr", 0.3}, {"ust-idnr", 0.4}, {"momsreg.nr", 0.4},
		{"leitweg-id", 1},
	},
	pipeline.TypeInvoice: {
		{"faktura", 3}, {"faktura*", 1.5}, {"fakturanr", 2}, {"fakturanummer", 2}, {"fakturadato", 2},
		{"fakturadatum", 2}, {"regning", 2.5}, {"invoice", 3}, {"invoice*", 1.5}, {"tax invoice", 3},
		{"rechnung", 3}, {"*rechnung", 2.5}, {"rechnungsnummer", 2}, {"rechnungsdatum", 2}, {"rechnungs-nr", 2},
		{"facture", 3}, {"numero de facture", 2}, {"factuur", 3}, {"factuurnummer", 2}, {"factuurdatum", 2},
		{"selbst ausgestellte rechnung", 6}, {"self-billed invoice", 6}, {"self billing", 4}, {"selvfakturering", 5},
		{"autofacturation", 5},
		// A corrected invoice (UNTDID 1001 code 384) replaces an earlier
		// invoice; it is an invoice, not a credit note.
		{"rechnungskorrektur", 2}, {"korrekturrechnung", 2}, {"corrected invoice", 2}, {"korrigeret faktura", 2},
	},
	pipeline.TypeCreditNote: {
		{"kreditnota", 5}, {"kreditnota*", 2}, {"kreditfaktura", 5}, {"kreditfaktura*", 2}, {"kreditering", 3},
		{"credit note", 5}, {"credit memo", 5}, {"creditnote", 5}, {"credit invoice", 4},
		{"gutschrift", 4.5}, {"gutschrift*", 1.5}, {"stornorechnung", 5}, {"storno", 2},
		{"avoir", 5}, {"facture d'avoir", 6}, {"note de credit", 5},
		{"creditnota", 5}, {"creditfactuur", 5},
		{"kreditnota nr", 2}, {"krediteret", 1.5}, {"krediterad", 1.5}, {"gutgeschrieben", 1.5},
		{"refund", 1.5}, {"tilbagebetaling", 1.5}, {"aterbetalning", 1.5},
	},
	pipeline.TypePaymentReminder: {
		{"rykker", 5}, {"rykker*", 2}, {"rykkergebyr", 3}, {"betalingspaamindelse", 5}, {"betalingspamindelse", 5},
		{"paamindelse", 3.5}, {"pamindelse", 3.5}, {"betalningspaminnelse", 5}, {"paminnelse", 3.5},
		{"inkassovarsel", 4}, {"purring", 4}, {"betalingspaminnelse", 5}, {"inkasso", 2},
		{"reminder", 4}, {"payment reminder", 5}, {"overdue", 2.5}, {"past due", 2.5}, {"final notice", 3},
		{"mahnung", 5}, {"zahlungserinnerung", 5}, {"mahngebuhr", 3}, {"mahnstufe", 3}, {"uberfallig", 2},
		{"rappel", 4}, {"relance", 4}, {"lettre de relance", 5}, {"impaye", 2}, {"en retard", 1.5},
		{"herinnering", 4}, {"betalingsherinnering", 5}, {"aanmaning", 5}, {"achterstallig", 2},
		{"forfalden", 1.5}, {"forfaldne", 1.5}, {"forfallen", 1.5}, {"forfalt", 1.5}, {"ikke betalt", 2},
		{"ej betald", 2}, {"not been paid", 2.5}, {"noch nicht bezahlt", 2.5}, {"morarenter", 2}, {"drojsmalsranta", 2},
		{"dröjsmålsränta", 2}, {"verzugszinsen", 2},
	},
	pipeline.TypeSchoolTransport: {
		{"skolekorsel", 6}, {"skolekørsel", 6}, {"befordring", 3}, {"befordringsgodtgorelse", 5},
		{"kørsel til skole", 5}, {"korsel", 1}, {"folkeskoleloven", 3}, {"folkeskolelovens", 3},
		{"folkeskoleloven 26", 5}, {"folkeskolelovens 26", 5}, {"skolevej", 3}, {"trafikfarlig", 3}, {"handicapkørsel", 3},
		{"skolskjuts", 6}, {"skolskjuts*", 3}, {"skollagen", 2}, {"elevens", 1.5}, {"skoldag", 1},
		{"skoleskyss", 6}, {"skyss", 2}, {"opplaeringslova", 2},
		{"school transport", 6}, {"pupil", 1}, {"schulbeforderung", 6}, {"schulweg", 3},
		{"transport scolaire", 6}, {"leerlingenvervoer", 6},
		{"skole", 1.5}, {"skola", 1.5}, {"klasse", 1}, {"klass", 1}, {"elev", 1.5}, {"barnets", 1.5},
		{"barnets navn", 2}, {"barnets namn", 2}, {"cpr-nr", 1}, {"personnummer", 1}, {"forælder", 1},
		{"foraelder", 1}, {"vardnadshavare", 2}, {"vårdnadshavare", 2}, {"ansøgning", 1.5}, {"ansogning", 1.5},
		{"ansokan", 1.5}, {"ansøkning", 1.5}, {"soknad", 1.5}, {"application", 1},
	},
	pipeline.TypeSickPayClaim: {
		{"sjuklon", 5}, {"sjuklön", 5}, {"sjuklonekostnad", 5}, {"sjuklöneersättning", 6}, {"sjukloneersattning", 6},
		{"personlig assistans", 4}, {"personlig assistent", 3}, {"assistansersattning", 4}, {"assistansersättning", 4},
		{"sjukfranvaro", 3}, {"sjukfrånvaro", 3}, {"ordinarie assistent", 3}, {"forsakringskassan", 2},
		{"försäkringskassan", 2}, {"lss", 2}, {"sfb", 1.5}, {"karensavdrag", 3}, {"sjukdag", 2}, {"sjukperiod", 3},
		{"sygedagpenge", 4}, {"sygefravær", 3}, {"sygefravaer", 3}, {"refusion", 2}, {"borgerstyret personlig assistance", 5},
		{"bpa", 2}, {"hjelpeordning", 2}, {"sykepenger", 4}, {"sykefravær", 3},
		{"sick pay", 5}, {"sick leave", 3}, {"personal assistance", 3}, {"lohnfortzahlung", 4}, {"krankengeld", 3},
		{"ersattning", 1}, {"ersättning", 1}, {"assistent", 1.5}, {"assistenten", 1.5}, {"anordnare", 2},
		{"assistansanordnare", 4}, {"ansokan om ersattning", 3},
	},
	pipeline.TypeOther: {
		{"ordrebekraeftelse", 5}, {"ordrebekræftelse", 5}, {"orderbekraftelse", 5}, {"orderbekräftelse", 5},
		{"ordrebekreftelse", 5}, {"order confirmation", 5}, {"auftragsbestatigung", 5}, {"confirmation de commande", 5},
		{"orderbevestiging", 5}, {"folgeseddel", 5}, {"følgeseddel", 5}, {"foljesedel", 5}, {"följesedel", 5},
		{"pakkseddel", 5}, {"delivery note", 5}, {"packing slip", 5}, {"lieferschein", 5}, {"bon de livraison", 5},
		{"pakbon", 5}, {"tilbud", 3}, {"offert", 3}, {"quotation", 4}, {"angebot", 3.5}, {"devis", 4}, {"offerte", 4},
		{"kontoudtog", 5}, {"kontoutdrag", 5}, {"kontoauszug", 5}, {"account statement", 5}, {"statement of account", 5},
		{"releve de compte", 5}, {"rekeningafschrift", 5}, {"proforma", 5}, {"pro forma", 5}, {"pro-forma", 5},
		{"keine rechnung", 8}, {"not an invoice", 8}, {"ingen faktura", 8}, {"ikke en faktura", 8}, {"ej faktura", 8},
		{"buchungshilfe", 4}, {"kvittering", 1}, {"kvitto", 1}, {"receipt", 1}, {"quittung", 1}, {"recu", 1},
		{"kassenbon", 3}, {"lonseddel", 5}, {"lønseddel", 5}, {"lonebesked", 5}, {"lønnsslipp", 5}, {"payslip", 5},
		{"gehaltsabrechnung", 5}, {"fiche de paie", 5}, {"loonstrook", 5}, {"kontrakt", 2}, {"contract", 2},
		{"vertrag", 2}, {"nyhedsbrev", 3}, {"newsletter", 3},
	},
}
