package invoice

// Field names of the case-file contract this package fills.
const (
	fSupplierName     = "supplier_name"
	fSupplierID       = "supplier_id"
	fInvoiceNumber    = "invoice_number"
	fIssueDate        = "issue_date"
	fDueDate          = "due_date"
	fCurrency         = "currency"
	fNet              = "amount_net"
	fVAT              = "amount_vat"
	fTotal            = "amount_total"
	fDue              = "amount_due"
	fBuyerReference   = "buyer_reference"
	fOrderReference   = "order_reference"
	fBuyerGLN         = "buyer_gln"
	fIBAN             = "iban"
	fBankgiro         = "bankgiro"
	fPlusgiro         = "plusgiro"
	fPaymentReference = "payment_reference"
	fBankAccount      = "bank_account"
)

// Pseudo-targets of labels that feed no field of their own.
const (
	// tStop owns the value to its right so that no weaker label takes it:
	// "Kundennummer" keeps "Nummer" away, "Lieferdatum" keeps "Datum" away.
	tStop = "stop"
	// tSeller and tBuyer head a block of party data.
	tSeller = "seller"
	tBuyer  = "buyer"
	// tPayee heads the block of a payee other than the seller: it is
	// neither party, and ends the block above it.
	tPayee = "payee"
	// tBuyerID labels an identifier of the buyer (its VAT number, its
	// customer number): never the supplier's.
	tBuyerID = "buyer_id"
	// tName labels a party's name inside a seller or buyer block.
	tName = "name"
	// tRegNo and tAccountNo are the two halves of a Danish account.
	tRegNo     = "reg_no"
	tAccountNo = "account_no"
)

// labelSet is a group of printed labels of one meaning and strength.
// Phrases are matched case- and diacritic-insensitively on word boundaries
// with punctuation ignored, so "Rechnungs-Nr." also matches "Rechnungsnr"
// and "RECHNUNGS NR:". strength is how surely the phrase introduces the
// target (1 for "Rechnungsnummer", 0.5 for "Datum"). titled labels are
// weak words ("Nr.", "vom", "dated") that count only on a title line such
// as "Rechnung Nr. 4711 vom 05.03.2018".
type labelSet struct {
	target   string
	strength float64
	titled   bool
	phrases  []string
}

// labelTable is the multilingual label vocabulary (da, sv, no, en, de, fr,
// nl). It is data: extend it rather than adding code. When one phrase
// serves two targets (Danish "at betale" is both the total and what is
// due) it appears in both sets with different strengths; when two phrases
// overlap the longer wins ("Gesamtbetrag der Zuschläge" is a stop, not a
// total).
var labelTable = []labelSet{
	// invoice_number
	{fInvoiceNumber, 1, false, []string{
		"fakturanummer", "fakturanr", "faktura nr", "faktura nummer", "faktura-nr", "fakturanr.",
		"kreditnotanummer", "kreditnota nr", "kreditnotanr", "kreditfakturanummer", "kreditfaktura nr",
		"invoice number", "invoice no", "invoice nr", "invoice id", "inv no", "inv. no",
		"credit note number", "credit note no", "credit memo no",
		"rechnungsnummer", "rechnungs-nr", "rechnung nr", "rechnungsnr", "re-nr", "rechnungs nummer",
		"gutschriftsnummer", "gutschrift nr", "gutschrifts-nr", "rechnungskorrektur nr",
		"numero de facture", "n° de facture", "n° facture", "facture n°", "facture no", "no de facture",
		"numero facture", "numero d'avoir", "avoir n°",
		"factuurnummer", "factuur nr", "factuurnr", "factuur nummer", "creditnotanummer", "creditnota nr",
	}},
	{fInvoiceNumber, 0.7, false, []string{
		"belegnummer", "beleg-nr", "belegnr", "dokumentnummer", "document number", "document no",
		"bilagsnummer", "bilagsnr", "nota nr", "regningsnummer", "regningsnr",
		"fakt.nr", "fakt nr", "fakt. nr", "fakt.-nr",
	}},
	{fInvoiceNumber, 0.75, true, []string{"nr", "no", "n°", "nº", "nummer", "number", "num", "#"}},

	// issue_date
	{fIssueDate, 1, false, []string{
		"fakturadato", "fakturadatum", "faktura dato", "faktureringsdato", "fakturadag",
		"invoice date", "date of invoice", "invoice dated", "date of issue", "issue date", "tax point date",
		"rechnungsdatum", "rechnungs-datum", "datum der rechnung", "ausstellungsdatum", "belegdatum",
		"date de facture", "date de facturation", "date facture", "date d'emission",
		"factuurdatum", "datum factuur", "kreditnotadato", "gutschriftsdatum", "regningsdato",
	}},
	{fIssueDate, 0.55, false, []string{"dato", "datum", "date", "udstedt", "utfardad", "dated"}},
	{fIssueDate, 0.8, true, []string{"vom", "af", "den", "du", "dated", "from", "van", "fra"}},

	// due_date
	{fDueDate, 1, false, []string{
		"forfaldsdato", "forfaldsdag", "forfald", "sidste rettidige betalingsdag", "sidste rettidige betalingsdato", "sidste betalingsdag",
		"betales senest", "betalingsfrist", "betalingsdato", "seneste betalingsdato",
		"forfallodatum", "forfallodag", "forfaller", "betala senast", "sista betalningsdag", "betalas senast",
		"forfallsdato", "forfall", "betalingsfrist", "betales innen",
		"due date", "payment due", "payment due date", "date due", "pay by", "due by", "please pay by",
		"falligkeitsdatum", "falligkeit", "fallig am", "fallig bis", "zahlbar bis", "zahlungsziel",
		"netto bis", "ohne abzug bis", "ohne abschlag bis", "zahlbar ohne abzug bis", "zahlbar ohne abschlag bis",
		"spatestens am", "zahlungsfrist",
		"echeance", "date d'echeance", "date limite de paiement", "a payer avant le", "payable avant le",
		"vervaldatum", "vervaldag", "uiterste betaaldatum", "te betalen voor", "betalen voor",
	}},
	{fDueDate, 0.5, false, []string{"due", "fallig", "payable", "bis zum", "senest", "senast"}},

	// totals; the same printed word often serves two amounts
	{fTotal, 1, false, []string{
		"bruttosumme", "bruttobetrag", "gesamtbetrag", "rechnungsbetrag", "rechnungssumme", "endbetrag",
		"gesamtsumme", "summe brutto", "gesamt brutto", "brutto gesamt", "rechnungsbetrag brutto",
		"total inkl. moms", "total inkl moms", "i alt inkl. moms", "total incl. moms", "beløb inkl. moms",
		"total ink. moms", "totalbeløb", "fakturabeløb", "fakturabelopp", "totalbelopp", "summa att betala",
		"summa inkl. moms", "totalt inkl. moms", "belopp inkl moms", "sum inkl. mva", "totalt inkl. mva",
		"total amount", "invoice total", "grand total", "total incl. vat", "total including vat",
		"total inc vat", "total incl vat", "total (incl. vat)", "amount incl. vat", "total amount incl. vat",
		"total ttc", "montant ttc", "total t.t.c.", "montant total",
		"totaal incl. btw", "totaalbedrag", "totaal inclusief btw", "factuurbedrag", "totaal",
	}},
	{fTotal, 0.7, false, []string{
		"total", "i alt", "totalt", "summa", "sum", "gesamt", "summe", "total dkk", "total sek", "total eur",
		"total nok", "i alt dkk", "at betale", "att betala", "a betale", "zahlbetrag", "zu zahlen",
		"total due", "amount due", "balance due", "net a payer", "te betalen", "total a payer", "totalt a betale",
	}},

	// amount_due
	{fDue, 1, false, []string{
		"zahlbetrag", "zu zahlender betrag", "zu zahlen", "noch zu zahlen", "offener betrag", "restbetrag",
		"at betale", "beløb at betale", "total at betale", "i alt at betale",
		"att betala", "summa att betala", "belopp att betala", "att betala totalt",
		"a betale", "å betale", "beløp å betale", "totalt a betale",
		"amount due", "balance due", "total due", "amount payable", "total payable", "amount to pay", "to pay", "total to pay", "please pay",
		"net a payer", "montant a payer", "reste a payer", "total a payer",
		"te betalen", "totaal te betalen", "openstaand bedrag",
	}},
	{fDue, 0.45, false, []string{
		"gesamtbetrag", "rechnungsbetrag", "endbetrag", "total", "i alt", "totalt", "summa", "total ttc", "totaal",
		"bruttosumme", "grand total", "total amount", "invoice total",
	}},

	// amount_net
	{fNet, 1, false, []string{
		"nettobetrag", "summe netto", "netto gesamt", "gesamt netto", "nettosumme", "rechnungssumme ohne ust",
		"summe ohne ust", "betrag ohne ust", "zwischensumme netto", "gesamtbetrag netto", "warenwert netto",
		"summe positionen netto", "steuerbasisbetrag", "steuerpflichtiger betrag",
		"subtotal", "sub total", "sub-total", "net total", "total net", "net amount", "total excl. vat",
		"total excluding vat", "total excl vat", "amount excl. vat", "total (excl. vat)",
		"nettobeløb", "i alt ekskl. moms", "total ekskl. moms", "ekskl. moms", "beløb ekskl. moms",
		"subtotal ekskl. moms", "total eksl. moms", "momsgrundlag", "momspligtigt beløb",
		"nettobelopp", "summa exkl. moms", "exkl. moms", "totalt exkl. moms", "belopp exkl moms", "momsunderlag",
		"sum eks. mva", "eks. mva", "totalt eks. mva", "grunnlag mva", "mva-grunnlag", "nettobeløp",
		"total ht", "montant ht", "total hors taxes", "sous-total", "base ht",
		"subtotaal", "totaal excl. btw", "excl. btw", "bedrag excl. btw", "totaal exclusief btw", "netto bedrag",
	}},
	{fNet, 0.7, false, []string{"net", "netto"}},
	{fNet, 0.55, false, []string{"positionssumme", "summe positionen", "warenwert", "zwischensumme"}},

	// amount_vat
	{fVAT, 1, false, []string{
		"mwst", "mehrwertsteuer", "umsatzsteuer", "steuerbetrag", "mwst-betrag",
		"ust-betrag", "ust.-betrag", "summe mwst", "summe ust", "gesamt mwst", "mwst gesamt", "mehrwertsteuerbetrag",
		"umsatzsteuerbetrag",
		"moms", "momsbeløb", "moms i alt", "heraf moms", "moms 25%", "momsbelopp", "summa moms", "varav moms",
		"mva", "merverdiavgift", "mva-beløp", "sum mva",
		"vat amount", "total vat", "tax amount", "total tax", "sales tax",
		"tva", "montant tva", "total tva", "montant de la tva",
		"btw", "btw-bedrag", "totaal btw", "btw bedrag",
	}},
	{fVAT, 0.7, false, []string{"vat", "tax", "steuer", "ust"}},

	// buyer_reference
	{fBuyerReference, 1, false, []string{
		"referenz des kaufers", "kauferreferenz", "leitweg-id", "leitwege-id", "leitweg id", "buyer reference",
		"ihr zeichen", "ihre referenz", "ihre zeichen", "ihr ansprechpartner",
		"deres ref", "deres reference", "deres referencenr", "jeres ref", "rekvirent", "ean/ref", "kontaktperson",
		"er referens", "er ref", "ert referensnummer", "beställare", "referens",
		"jeres reference", "jeres ref.", "personreference", "kontaktreference", "beställarreferens", "referenskod",
		"bestillerreference", "rekvirentreference",
		"deres referanse", "deres ref.",
		"your reference", "your ref", "customer reference", "client reference",
		"votre reference", "vos references", "votre ref", "vos ref",
		"uw referentie", "uw kenmerk", "uw ref",
	}},

	// order_reference
	{fOrderReference, 1, false, []string{
		"bestellnummer", "bestell-nr", "bestellnr", "bestellung nr", "bestellung", "ihre bestellung",
		"ihre bestellnummer", "auftragsnummer", "auftrags-nr", "auftragsnr", "auftrag nr", "ihr auftrag",
		"ordrenummer", "ordrenr", "ordre nr", "rekvisitionsnummer", "rekvisitionsnr", "rekv.nr", "rekv. nr",
		"indkobsordre", "indkøbsordrenr", "købsordre",
		"ordernummer", "ordernr", "order nr", "ert ordernummer", "ert ordernr", "er beställning", "beställning",
		"beställningsnummer", "inköpsorder", "inkopsordernummer",
		"beställningsnr", "beställnings-nr", "ordrenr./rekv.nr.", "ordrenr/rekvnr", "rekv.nr./ordrenr", "ert order",
		"bestillingsnummer", "bestillingsnr", "innkjøpsordre", "deres ordrenr",
		"jeres ordrenr", "jeres ordrenummer", "jeres ordre", "jeres rekv.nr", "your order no", "your po",
		"po", "po number", "po no", "po nr", "p.o. number", "purchase order", "purchase order number", "order number",
		"order no", "your order", "your order no", "customer order",
		"bon de commande", "n° de commande", "numero de commande", "commande n°", "votre commande",
		"bestelnummer", "inkoopordernummer", "uw bestelling", "uw ordernummer", "inkooporder",
	}},

	// identifiers of the supplier
	{fSupplierID, 1, false, []string{
		"ust-idnr", "ust-id-nr", "ust-id", "ustid", "ust id nr", "ust-identnr", "umsatzsteuer-identifikationsnummer",
		"umsatzsteuer-id", "ust.-id.-nr", "ust-id.-nr", "mwst-nr", "vat no", "vat number", "vat reg no",
		"vat registration number", "vat reg", "vat id", "vat-id", "vat identification number", "vat reg. no",
		"cvr", "cvr-nr", "cvr nr", "cvr-nummer", "cvr.nr", "se-nr", "momsnr", "moms nr", "momsregistreringsnummer",
		"momsreg.nr", "momsregnr", "momsreg nr", "vat-nr", "org.nr", "org nr", "orgnr", "organisationsnummer",
		"org.nummer", "organisasjonsnummer", "foretaksregisteret", "org.nr.", "mva-nr",
		"n° tva", "numero de tva", "tva intracommunautaire", "n° tva intracommunautaire", "numero tva",
		"n° de tva", "id tva", "btw-nummer", "btw nummer", "btw nr", "btw-nr", "btw-id", "btw id",
	}},
	{fSupplierID, 0.8, false, []string{"reg. no", "reg no", "registration no", "registration number", "company reg. no", "company registration no"}},
	{fSupplierID, 0.5, false, []string{"steuer-nr", "tax id", "tax number", "company no", "company number", "company reg no"}},

	// the buyer's identifiers, to keep them away from supplier_id
	{tBuyerID, 1, false, []string{
		"kundennummer", "kunden-nr", "kundennr", "kunde nr", "kunden nr", "debitorennummer", "debitor-nr",
		"ihre ust-idnr", "ihre ust-id", "ust-idnr des kunden", "ust-id des kunden", "kunden-ust-idnr",
		"ust-idnr. des leistungsempfangers", "ust-id kunde", "ust-idnr kunde", "ust-id des leistungsempfangers",
		"customer no", "customer number", "customer id", "customer vat", "customer vat no", "your vat no",
		"buyer vat", "buyer vat number", "client no", "account no", "account number",
		"kundenummer", "kundenr", "kunde nr", "kunde-nr", "debitornummer", "debitornr", "deres cvr", "kundens cvr",
		"deres cvr-nr", "kundnummer", "kundnr", "kund nr", "ert org.nr", "er org.nr", "kopare org.nr",
		"kundens org.nr", "kundens momsreg.nr",
		"numero client", "n° client", "votre n° tva", "tva client", "code client",
		"klantnummer", "klantnr", "debiteurnummer", "uw btw-nummer", "btw klant",
		"kaufer-iban", "kunden-iban", "ihre iban", "iban des kunden", "iban des zahlungspflichtigen", "buyer iban",
		"your iban", "debtor iban", "payer iban", "kundens iban", "deres iban", "ert iban", "votre iban", "uw iban",
	}},

	// values that belong to no field and must not be taken by one
	{tStop, 1, false, []string{
		"lieferdatum", "leistungsdatum", "liefer- und leistungsdatum", "liefer und leistungsdatum",
		"leistungszeitraum", "abrechnungszeitraum", "berechnungszeitraum", "lieferzeitraum", "bestelldatum",
		"auftragsdatum", "druckdatum", "gesamtbetrag der zuschlage", "gesamtbetrag der abschlage",
		"summe der zuschlage", "summe der abschlage", "erhaltene anzahlungen", "anzahlung", "bereits gezahlt",
		"steuernummer", "steuer-nr.", "st.-nr", "handelsregisternummer", "handelsregister", "hrb", "amtsgericht",
		"skonto", "skontobetrag", "rabatt", "telefon", "tel", "fax", "e-mail", "email", "mobil",
		"leveringsdato", "leveringsdag", "ordredato", "periode", "leveransdatum", "leveransdag", "orderdatum",
		"leveringsdato", "delivery date", "date of delivery", "order date", "shipping date", "service date",
		"leveret", "levereret", "levererat", "levert", "delivered", "geliefert", "bestilt", "bestallt", "ordered",
		"service period", "period", "billing period", "prepaid", "prepayment", "paid", "amount paid",
		"date de livraison", "date de commande", "periode de facturation",
		"leverdatum", "leveringsdatum", "orderdatum", "besteldatum", "periode",
		"vores ref", "vores reference", "var referens", "var ref", "our reference", "our ref", "unser zeichen",
		"notre reference", "onze referentie", "ons kenmerk", "var referanse",
		"bic", "swift", "bic/swift", "swift/bic", "bankleitzahl", "blz", "sort code",
		"zahlungsart", "zahlungstyp", "zahlungsbedingungen", "betalingsbetingelser", "betalingsvilkar",
		"betalningsvillkor", "payment terms", "terms", "conditions de paiement", "betalingsvoorwaarden",
		"seite", "side", "sida", "page", "pagina", "blatt",
		"mandatsreferenz", "mandatsreferenznummer", "glaubiger-id", "glaubiger-identifikationsnummer",
		"anschrift", "adresse", "address", "adress", "straße", "strasse", "country",
		"kontoname", "verkaufer-kontoname", "kontoinhaber", "account name", "account holder",
		"globale nummer", "iln", "lief-nr", "lieferantennummer", "lieferanten-nr", "supplier no",
		"vendor no", "kreditor-nr", "kreditornummer",
		"contact", "kontakt", "contact person",
		"vedr. faktura", "vedr. faktura nr", "vedr. fakturanr", "krediterer faktura", "krediterar faktura",
		"avser faktura", "reference til faktura", "credits invoice", "original invoice", "refers to invoice",
		"rykker nr", "reminder no", "reminder number", "påminnelse nr", "betalningspåminnelse nr", "mahnung nr",
		"bezug auf rechnung", "zu rechnung",
	}},

	// blocks of party data
	{tSeller, 1, false, []string{
		"verkaufer", "lieferant", "rechnungssteller", "leistungserbringer", "rechnungsaussteller", "absender",
		"seller", "supplier", "vendor", "issued by", "billed by",
		"saelger", "sælger", "leverandor", "leverandør", "afsender", "kreditor",
		"saljare", "säljare", "leverantor", "leverantör", "avsandare", "avsändare",
		"selger", "avsender",
		"vendeur", "fournisseur", "emetteur", "emis par",
		"verkoper", "leverancier", "afzender",
	}},
	{tBuyer, 1, false, []string{
		"kaufer", "kaufer/leistungsempfanger", "kunde", "rechnungsempfanger", "leistungsempfanger",
		"empfanger", "warenempfanger", "lieferanschrift", "rechnungsanschrift", "abweichender warenempfanger",
		"abweichender rechnungsempfanger",
		"buyer", "customer", "bill to", "billed to", "invoice to", "sold to", "ship to", "deliver to",
		"delivery address", "billing address", "recipient", "client",
		"kober", "køber", "faktureres til", "modtager", "leveringsadresse", "fakturaadresse",
		"kopare", "köpare", "kund", "fakturaadress", "leveransadress", "mottagare",
		"kjoper", "kjøper", "mottaker", "faktureres",
		"acheteur", "facture a", "facturer a", "livre a", "livrer a", "destinataire", "adresse de livraison",
		"koper", "klant", "afnemer", "factuuradres", "afleveradres",
	}},
	{tPayee, 1, false, []string{
		"zahlungsempfanger", "abweichender zahlungsempfanger", "payee", "betalingsmodtager", "betalningsmottagare",
		"betalingsmottaker", "beneficiaire", "begunstigde", "remit to", "remittance address", "make payable to",
	}},
	{tName, 1, false, []string{"name", "firma", "company", "company name", "navn", "firmanavn", "namn", "foretag", "nom", "raison sociale", "naam", "bedrijfsnaam"}},

	{fCurrency, 1, false, []string{
		"wahrung", "rechnungswahrung", "currency", "invoice currency", "valuta", "valutakode", "fakturavaluta",
		"devise", "monnaie", "munt", "munteenheid",
	}},

	// payment
	{fIBAN, 1, false, []string{"iban", "iban-nr", "iban nr", "iban no", "iban-nummer", "verkaufer-iban", "konto (iban)"}},
	{fBankgiro, 1, false, []string{"bankgiro", "bankgironr", "bankgironummer", "bankgiro nr", "bg", "bg nr", "bg-nr"}},
	{fPlusgiro, 1, false, []string{"plusgiro", "plusgironr", "plusgironummer", "plusgiro nr", "pg", "pg nr", "pg-nr", "postgiro"}},
	{fPaymentReference, 1, false, []string{
		"ocr", "ocr-nummer", "ocr nr", "ocr-nr", "ocr-referens", "ocr referens", "ocrnummer", "betalningsreferens",
		"ocr reference", "ocr-reference", "ocr ref", "ocr number", "ocr no",
		"kid", "kid-nummer", "kid nr", "kidnummer",
		"fik", "fi-kort", "betalings-id", "betalingsid", "betalingsreference", "indbetalingskort",
		"payment reference", "payment ref", "remittance reference", "structured reference", "creditor reference",
		"zahlungsreferenz", "verwendungszweck", "referencia de pago", "reference de paiement", "communication structuree",
		"betalingskenmerk", "betalingsreferentie",
	}},
	{tRegNo, 1, false, []string{"reg.nr", "reg nr", "regnr", "reg. nr", "registreringsnummer", "reg.-nr", "registreringsnr",
		// English on Danish invoices: the bank's four-digit code, then the account
		"sort code / account no", "sort code / account number", "sort code/account no", "reg. no. / account no",
		"reg. no / account no", "reg. no. / account number", "bank reg. no", "bank code / account no"}},
	{tAccountNo, 1, false, []string{"kontonr", "konto nr", "kontonummer", "konto-nr", "konto", "kto", "kto.nr", "kontonr."}},
	{tAccountNo, 0.8, false, []string{"bank", "bankkonto", "bankforbindelse", "pengeinstitut", "bankoplysninger"}},
	{fBuyerGLN, 1, false, []string{"ean", "ean-nr", "ean nr", "ean-nummer", "ean nummer", "ean-lokationsnummer", "ean lokationsnummer", "ean/gln", "gln-nr",
		"ean-lokationsnr", "ean lokationsnr", "gln-nummer", "gln nummer", "gln no", "gln number"}},
	{fBuyerGLN, 0.6, false, []string{"gln"}},
}

// titleNouns name a document on its title line. The titled labels above
// count only after one of them ("Rechnung Nr. 4711 vom 05.03.2018"), and a
// number right after one is the document's number ("FAKTURA 2024-0117").
var titleNouns = map[string]bool{
	"faktura": true, "invoice": true, "rechnung": true, "factuur": true, "facture": true, "kreditnota": true,
	"creditnota": true, "gutschrift": true, "kreditfaktura": true, "regning": true, "avoir": true,
	"creditnote": true, "rykker": true, "mahnung": true, "taxinvoice": true, "rechnungskorrektur": true,
}

// titleSuffixes end compound titles: "Handelsrechnung", "Mietrechnung",
// "Slutfaktura", "Sammelgutschrift".
var titleSuffixes = []string{"rechnung", "faktura", "gutschrift", "kreditnota", "rechnungskorrektur"}
