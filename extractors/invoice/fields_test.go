package invoice

import (
	"testing"

	"intake/pipeline"
)

// invoiceCase is a synthetic invoice layout with the fields it must yield
// and the values it must not (the traps: the buyer's VAT number, the
// delivery date, a line total).
type invoiceCase struct {
	name  string
	lang  string
	pages []pipeline.Page
	want  map[string]string
	never map[string][]string
}

var invoiceCases = []invoiceCase{
	{
		name: "danish letterhead, buyer block with CVR and EAN, FIK line, footer CVR and IBAN",
		lang: "da",
		pages: []pipeline.Page{page(1,
			at{40, 40, "Hansen VVS ApS", 18}, at{400, 40, "FAKTURA", 16},
			at{40, 64, "Industrivej 12, 8900 Randers", 9},
			at{40, 140, "Faktureres til:", 0}, at{330, 140, "Fakturanr.:", 0}, at{440, 140, "2024-0117", 0},
			at{40, 154, "Randers Kommune", 0}, at{330, 154, "Fakturadato:", 0}, at{440, 154, "1. marts 2024", 0},
			at{40, 168, "Laksetorvet 1", 0}, at{330, 168, "Forfaldsdato:", 0}, at{440, 168, "15.03.2024", 0},
			at{40, 182, "8900 Randers C", 0}, at{330, 182, "Ordrenr.:", 0}, at{440, 182, "45001234", 0},
			at{40, 196, "EAN: 5798000000001", 0}, at{330, 196, "Deres ref.:", 0}, at{440, 196, "Jens Hansen", 0},
			at{40, 210, "CVR: 29189722", 0}, at{330, 210, "Leveringsdato:", 0}, at{440, 210, "28.02.2024", 0},
			at{40, 260, "Beskrivelse", 0}, at{300, 260, "Antal", 0}, at{360, 260, "Pris", 0}, at{480, 260, "Beløb", 0},
			at{40, 278, "Udskiftning af radiatorer", 0}, at{300, 278, "4", 0}, at{360, 278, "2.000,00", 0}, at{480, 278, "8.000,00", 0},
			at{40, 292, "Arbejdsløn", 0}, at{300, 292, "16", 0}, at{360, 292, "125,00", 0}, at{480, 292, "2.000,00", 0},
			at{360, 340, "Subtotal", 0}, at{480, 340, "10.000,00", 0},
			at{360, 354, "Moms 25%", 0}, at{480, 354, "2.500,00", 0},
			at{360, 368, "Total DKK", 0}, at{480, 368, "12.500,00", 0},
			at{40, 420, "Betalingsbetingelser: Netto 14 dage", 0},
			at{40, 434, "Bank: Reg.nr. 1234 Kontonr. 0001234567", 0},
			at{40, 470, "+71< 000000001234567 +12345678<", 12},
			at{40, 780, "Hansen VVS ApS · Industrivej 12 · 8900 Randers · CVR-nr. 12345674 · IBAN DK50 0040 0440 1162 43", 7},
		)},
		want: map[string]string{
			fSupplierName: "Hansen VVS ApS", fSupplierID: "12345674", fInvoiceNumber: "2024-0117",
			fIssueDate: "2024-03-01", fDueDate: "2024-03-15", fCurrency: "DKK",
			fNet: "10000.00", fVAT: "2500.00", fTotal: "12500.00", fDue: "12500.00",
			fBuyerReference: "Jens Hansen", fOrderReference: "45001234", fBuyerGLN: "5798000000001",
			fIBAN: "DK5000400440116243", fBankAccount: "12340001234567", fPaymentReference: "+71<000000001234567+12345678<",
		},
		never: map[string][]string{fSupplierID: {"29189722"}, fSupplierName: {"Randers Kommune"}},
	},
	{
		name: "swedish, buyer org.nr in the customer block, bankgiro and OCR, spaces as thousands separator",
		lang: "sv",
		pages: []pipeline.Page{page(1,
			at{40, 40, "Byggservice i Uppsala AB", 16}, at{420, 40, "FAKTURA", 16},
			at{40, 120, "Kund:", 0}, at{330, 120, "Fakturanummer", 0}, at{450, 120, "10045", 0},
			at{40, 134, "Uppsala kommun", 0}, at{330, 134, "Fakturadatum", 0}, at{450, 134, "2024-03-01", 0},
			at{40, 148, "Org.nr 212000-3005", 0}, at{330, 148, "Förfallodatum", 0}, at{450, 148, "2024-03-31", 0},
			at{40, 162, "753 75 Uppsala", 0}, at{330, 162, "Er referens", 0}, at{450, 162, "Anna Svensson", 0},
			at{330, 176, "Vår referens", 0}, at{450, 176, "Olle Berg", 0},
			at{330, 190, "Ert ordernr", 0}, at{450, 190, "PO-55123", 0},
			at{40, 240, "Benämning", 0}, at{300, 240, "Antal", 0}, at{470, 240, "Belopp", 0},
			at{40, 256, "Takarbete", 0}, at{300, 256, "1", 0}, at{470, 256, "10 000,00", 0},
			at{330, 400, "Summa exkl. moms", 0}, at{470, 400, "10 000,00", 0},
			at{330, 414, "Moms 25 %", 0}, at{470, 414, "2 500,00", 0},
			at{330, 428, "Att betala", 0}, at{470, 428, "12 500,00 kr", 0},
			at{40, 480, "Bankgiro", 0}, at{120, 480, "5050-1055", 0},
			at{40, 494, "OCR", 0}, at{120, 494, "1234567897", 0},
			at{40, 780, "Byggservice i Uppsala AB · Org.nr 556036-0793 · Momsreg.nr SE556036079301 · Godkänd för F-skatt", 7},
		)},
		want: map[string]string{
			fSupplierName: "Byggservice i Uppsala AB", fSupplierID: "5560360793", fInvoiceNumber: "10045",
			fIssueDate: "2024-03-01", fDueDate: "2024-03-31", fCurrency: "SEK",
			fNet: "10000.00", fVAT: "2500.00", fTotal: "12500.00", fDue: "12500.00",
			fBuyerReference: "Anna Svensson", fOrderReference: "PO-55123", fBankgiro: "50501055",
			fPaymentReference: "1234567897",
		},
		never: map[string][]string{fSupplierID: {"2120003005"}, fBuyerReference: {"Olle Berg"}},
	},
	{
		name: "norwegian, KID, org.nr with MVA, buyer org.nr",
		lang: "no",
		pages: []pipeline.Page{page(1,
			at{40, 40, "Fjordkraft Service AS", 16}, at{420, 40, "FAKTURA", 16},
			at{40, 120, "Kunde:", 0}, at{330, 120, "Fakturanr.", 0}, at{450, 120, "5501", 0},
			at{40, 134, "Bergen kommune", 0}, at{330, 134, "Fakturadato", 0}, at{450, 134, "01.03.2024", 0},
			at{40, 148, "Org.nr. 964 338 531", 0}, at{330, 148, "Forfallsdato", 0}, at{450, 148, "15.03.2024", 0},
			at{330, 162, "Deres ref.", 0}, at{450, 162, "Kari Nordmann", 0},
			at{330, 400, "Sum eks. mva", 0}, at{470, 400, "8 000,00", 0},
			at{330, 414, "MVA 25 %", 0}, at{470, 414, "2 000,00", 0},
			at{330, 428, "Å betale", 0}, at{470, 428, "10 000,00", 0},
			at{40, 480, "Kontonummer 1234.56.78903", 0}, at{300, 480, "KID 1234567897", 0},
			at{40, 780, "Fjordkraft Service AS · Org.nr. NO 923 609 016 MVA", 7},
		)},
		want: map[string]string{
			fSupplierName: "Fjordkraft Service AS", fSupplierID: "NO923609016MVA", fInvoiceNumber: "5501",
			fIssueDate: "2024-03-01", fDueDate: "2024-03-15", fCurrency: "NOK",
			fNet: "8000.00", fVAT: "2000.00", fTotal: "10000.00", fDue: "10000.00",
			fBuyerReference: "Kari Nordmann", fPaymentReference: "1234567897",
		},
		never: map[string][]string{fSupplierID: {"964338531"}},
	},
	{
		name: "english, bill-to VAT number, line-total column, pound amounts, dates in words",
		lang: "en",
		pages: []pipeline.Page{page(1,
			at{40, 40, "Northwind Traders Ltd", 18}, at{430, 40, "INVOICE", 20},
			at{40, 64, "12 High Street, London EC1A 1BB", 9},
			at{40, 120, "Bill To:", 0}, at{350, 120, "Invoice No:", 0}, at{450, 120, "INV-2024-0042", 0},
			at{40, 134, "Contoso plc", 0}, at{350, 134, "Invoice Date:", 0}, at{450, 134, "1 March 2024", 0},
			at{40, 148, "1 Main Road, Leeds", 0}, at{350, 148, "Due Date:", 0}, at{450, 148, "March 31, 2024", 0},
			at{40, 162, "VAT No: GB 123 4567 89", 0}, at{350, 162, "PO Number:", 0}, at{450, 162, "PO-7781", 0},
			at{350, 176, "Customer ID:", 0}, at{450, 176, "C-1009", 0},
			at{40, 230, "Description", 0}, at{300, 230, "Qty", 0}, at{360, 230, "Unit Price", 0}, at{480, 230, "Total", 0},
			at{40, 246, "Consulting services", 0}, at{300, 246, "10", 0}, at{360, 246, "100.00", 0}, at{480, 246, "1,000.00", 0},
			at{40, 260, "Travel expenses", 0}, at{300, 260, "1", 0}, at{360, 260, "234.50", 0}, at{480, 260, "234.50", 0},
			at{360, 380, "Subtotal", 0}, at{480, 380, "£1,234.50", 0},
			at{360, 394, "VAT @ 20%", 0}, at{480, 394, "£246.90", 0},
			at{360, 408, "Total", 0}, at{480, 408, "£1,481.40", 0},
			at{360, 422, "Amount Due", 0}, at{480, 422, "£1,481.40", 0},
			at{40, 480, "IBAN GB29 NWBK 6016 1331 9268 19", 0},
			at{40, 780, "Northwind Traders Ltd · Registered in England No. 01234567 · VAT Reg No. GB 999 9999 73", 7},
		)},
		want: map[string]string{
			fSupplierName: "Northwind Traders Ltd", fSupplierID: "GB999999973", fInvoiceNumber: "INV-2024-0042",
			fIssueDate: "2024-03-01", fDueDate: "2024-03-31", fCurrency: "GBP",
			fNet: "1234.50", fVAT: "246.90", fTotal: "1481.40", fDue: "1481.40",
			fOrderReference: "PO-7781", fIBAN: "GB29NWBK60161331926819",
		},
		never: map[string][]string{fSupplierID: {"GB123456789"}, fTotal: {"1000.00"}, fInvoiceNumber: {"C-1009"}},
	},
	{
		name: "german DIN letter, return-address line, buyer VAT id, delivery date, 'zzgl. 19 % MwSt.'",
		lang: "de",
		pages: []pipeline.Page{page(1,
			at{380, 40, "Muster Bau GmbH", 16},
			at{380, 60, "Hauptstraße 1, 10115 Berlin", 9},
			at{55, 130, "Muster Bau GmbH · Hauptstraße 1 · 10115 Berlin", 7},
			at{55, 150, "Stadt Musterstadt", 0}, at{350, 150, "Rechnungsnummer:", 0}, at{470, 150, "RE-2024-100", 0},
			at{55, 164, "Fachbereich Bau", 0}, at{350, 164, "Rechnungsdatum:", 0}, at{470, 164, "05.03.2024", 0},
			at{55, 178, "Rathausplatz 1", 0}, at{350, 178, "Lieferdatum:", 0}, at{470, 178, "01.03.2024", 0},
			at{55, 192, "12345 Musterstadt", 0}, at{350, 192, "Kundennummer:", 0}, at{470, 192, "10023", 0},
			at{350, 206, "Ihr Zeichen:", 0}, at{470, 206, "Frau Meier", 0},
			at{350, 220, "Ihre USt-IdNr.:", 0}, at{470, 220, "DE811569869", 0},
			at{55, 260, "Rechnung", 14},
			at{55, 290, "Pos.", 0}, at{90, 290, "Bezeichnung", 0}, at{300, 290, "Menge", 0}, at{370, 290, "Einzelpreis", 0}, at{480, 290, "Gesamt", 0},
			at{55, 306, "1", 0}, at{90, 306, "Pflasterarbeiten", 0}, at{300, 306, "10", 0}, at{370, 306, "80,00 €", 0}, at{480, 306, "800,00 €", 0},
			at{55, 320, "2", 0}, at{90, 320, "Material", 0}, at{300, 320, "1", 0}, at{370, 320, "200,00 €", 0}, at{480, 320, "200,00 €", 0},
			at{330, 400, "Nettobetrag", 0}, at{480, 400, "1.000,00 €", 0},
			at{330, 414, "zzgl. 19 % MwSt.", 0}, at{480, 414, "190,00 €", 0},
			at{330, 428, "Gesamtbetrag", 0}, at{480, 428, "1.190,00 €", 0},
			at{55, 470, "Zahlbar bis 19.03.2024 ohne Abzug.", 0},
			at{55, 760, "Muster Bau GmbH · Geschäftsführer: Max Muster · Amtsgericht Berlin HRB 12345", 7},
			at{55, 770, "USt-IdNr.: DE123456789 · Steuernummer: 12/345/67890", 7},
			at{55, 780, "Berliner Bank · IBAN: DE89 3704 0044 0532 0130 00 · BIC: COBADEFFXXX", 7},
		)},
		want: map[string]string{
			fSupplierName: "Muster Bau GmbH", fSupplierID: "DE123456789", fInvoiceNumber: "RE-2024-100",
			fIssueDate: "2024-03-05", fDueDate: "2024-03-19", fCurrency: "EUR",
			fNet: "1000.00", fVAT: "190.00", fTotal: "1190.00", fDue: "1190.00",
			fBuyerReference: "Frau Meier", fIBAN: "DE89370400440532013000",
		},
		never: map[string][]string{fSupplierID: {"DE811569869"}, fIssueDate: {"2024-03-01"}, fInvoiceNumber: {"10023"}},
	},
	{
		name: "french, client block with its VAT number, total HT/TVA/TTC, net à payer",
		lang: "fr",
		pages: []pipeline.Page{page(1,
			at{40, 40, "Dupont & Fils SARL", 16}, at{420, 40, "FACTURE", 16},
			at{40, 120, "Client :", 0}, at{330, 120, "Facture n° :", 0}, at{450, 120, "F2024-031", 0},
			at{40, 134, "Mairie de Lyon", 0}, at{330, 134, "Date de facture :", 0}, at{450, 134, "01/03/2024", 0},
			at{40, 148, "N° TVA : FR83404833048", 0}, at{330, 148, "Date d'échéance :", 0}, at{450, 148, "31/03/2024", 0},
			at{330, 162, "Bon de commande :", 0}, at{450, 162, "BC-889", 0},
			at{330, 400, "Total HT", 0}, at{470, 400, "1 000,00 €", 0},
			at{330, 414, "TVA 20 %", 0}, at{470, 414, "200,00 €", 0},
			at{330, 428, "Total TTC", 0}, at{470, 428, "1 200,00 €", 0},
			at{330, 442, "Net à payer", 0}, at{470, 442, "1 200,00 €", 0},
			at{40, 780, "Dupont & Fils SARL – SIRET 123 456 789 00012 – N° TVA intracommunautaire : FR40303265045", 7},
			at{40, 790, "IBAN FR14 2004 1010 0505 0001 3M02 606", 7},
		)},
		want: map[string]string{
			fSupplierName: "Dupont & Fils SARL", fSupplierID: "FR40303265045", fInvoiceNumber: "F2024-031",
			fIssueDate: "2024-03-01", fDueDate: "2024-03-31", fCurrency: "EUR",
			fNet: "1000.00", fVAT: "200.00", fTotal: "1200.00", fDue: "1200.00",
			fOrderReference: "BC-889", fIBAN: "FR1420041010050500013M02606",
		},
		never: map[string][]string{fSupplierID: {"FR83404833048"}},
	},
	{
		name: "dutch, euro sign before amounts, date with month name",
		lang: "nl",
		pages: []pipeline.Page{page(1,
			at{40, 40, "Bakkerij De Vries B.V.", 16}, at{420, 40, "FACTUUR", 16},
			at{330, 120, "Factuurnummer:", 0}, at{450, 120, "2024-0188", 0},
			at{330, 134, "Factuurdatum:", 0}, at{450, 134, "1 maart 2024", 0},
			at{330, 148, "Vervaldatum:", 0}, at{450, 148, "31-03-2024", 0},
			at{330, 162, "Uw referentie:", 0}, at{450, 162, "Gemeente-4411", 0},
			at{330, 400, "Subtotaal", 0}, at{470, 400, "€ 1.000,00", 0},
			at{330, 414, "BTW 21%", 0}, at{470, 414, "€ 210,00", 0},
			at{330, 428, "Totaal", 0}, at{470, 428, "€ 1.210,00", 0},
			at{40, 780, "BTW-nummer: NL123456789B01 · KvK 12345678 · IBAN: NL91 ABNA 0417 1643 00", 7},
		)},
		want: map[string]string{
			fSupplierName: "Bakkerij De Vries B.V.", fSupplierID: "NL123456789B01", fInvoiceNumber: "2024-0188",
			fIssueDate: "2024-03-01", fDueDate: "2024-03-31", fCurrency: "EUR",
			fNet: "1000.00", fVAT: "210.00", fTotal: "1210.00", fDue: "1210.00",
			fBuyerReference: "Gemeente-4411", fIBAN: "NL91ABNA0417164300",
		},
	},
	{
		name: "two pages: totals on the last, several dates and totals, english decimal format",
		lang: "en",
		pages: []pipeline.Page{
			page(1,
				at{40, 40, "Acme Supplies Inc.", 18}, at{430, 40, "INVOICE", 20},
				at{350, 120, "Invoice #", 0}, at{450, 120, "100234", 0},
				at{350, 134, "Date", 0}, at{450, 134, "2024-02-29", 0},
				at{350, 148, "Order date", 0}, at{450, 148, "2024-02-01", 0},
				at{350, 162, "Ship date", 0}, at{450, 162, "2024-02-20", 0},
				at{40, 230, "Item", 0}, at{300, 230, "Qty", 0}, at{400, 230, "Price", 0}, at{480, 230, "Amount", 0},
				at{40, 246, "Widgets", 0}, at{300, 246, "1000", 0}, at{400, 246, "1.25", 0}, at{480, 246, "1,250.00", 0},
				at{480, 700, "continued", 0},
			),
			page(2,
				at{40, 46, "Gadgets", 0}, at{300, 46, "10", 0}, at{400, 46, "75.00", 0}, at{480, 46, "750.00", 0},
				at{360, 300, "Subtotal", 0}, at{480, 300, "2,000.00", 0},
				at{360, 314, "Sales Tax", 0}, at{480, 314, "160.00", 0},
				at{360, 328, "Total", 0}, at{480, 328, "$2,160.00", 0},
				at{360, 342, "Payments/Credits", 0}, at{480, 342, "-160.00", 0},
				at{360, 356, "Balance Due", 0}, at{480, 356, "$2,000.00", 0},
			),
		},
		want: map[string]string{
			fSupplierName: "Acme Supplies Inc.", fInvoiceNumber: "100234", fIssueDate: "2024-02-29", fCurrency: "USD",
			fNet: "2000.00", fVAT: "160.00", fTotal: "2160.00", fDue: "2000.00",
		},
		never: map[string][]string{fIssueDate: {"2024-02-01", "2024-02-20"}, fNet: {"1250.00"}},
	},
	{
		name: "header row with values below, label glued to value, VAT included in the total",
		lang: "da",
		pages: []pipeline.Page{page(1,
			at{40, 40, "Kontorland A/S", 16},
			at{40, 100, "Fakturanummer", 0}, at{160, 100, "Fakturadato", 0}, at{280, 100, "Betalingsfrist", 0}, at{420, 100, "Kundenr.", 0},
			at{40, 114, "88123", 0}, at{160, 114, "05-03-2024", 0}, at{280, 114, "04-04-2024", 0}, at{420, 114, "30077", 0},
			at{40, 200, "Varenr.", 0}, at{120, 200, "Tekst", 0}, at{400, 200, "Total", 0},
			at{40, 214, "1001", 0}, at{120, 214, "Kopipapir A4", 0}, at{400, 214, "1.000,00", 0},
			at{300, 300, "Total:DKK 1.250,00", 0},
			at{300, 314, "Heraf moms:250,00", 0},
			at{40, 780, "Kontorland A/S · CVR 12345674 · Bank: 1234-0001234567", 7},
		)},
		want: map[string]string{
			fSupplierName: "Kontorland A/S", fSupplierID: "12345674", fInvoiceNumber: "88123", fBankAccount: "12340001234567",
			fIssueDate: "2024-03-05", fDueDate: "2024-04-04", fCurrency: "DKK",
			fVAT: "250.00", fTotal: "1250.00", fDue: "1250.00",
		},
		never: map[string][]string{fInvoiceNumber: {"30077"}, fTotal: {"1000.00"}},
	},
	{
		name: "number right after the title, date after 'af', no labels for them",
		lang: "da",
		pages: []pipeline.Page{page(1,
			at{40, 40, "Tømrer Jensen", 18},
			at{40, 62, "Skovvej 3 · 4000 Roskilde · CVR 12345674", 8},
			at{55, 140, "Kunden GmbH", 0}, at{55, 154, "Hovedgaden 1", 0}, at{55, 168, "2800 Lyngby", 0},
			at{55, 260, "Faktura 1045 af 1. marts 2024", 14},
			at{330, 400, "I alt ekskl. moms", 0}, at{480, 400, "4.000,00", 0},
			at{330, 414, "Moms", 0}, at{480, 414, "1.000,00", 0},
			at{330, 428, "I alt at betale", 0}, at{480, 428, "5.000,00", 0},
		)},
		want: map[string]string{
			fSupplierName: "Tømrer Jensen", fSupplierID: "12345674", fInvoiceNumber: "1045", fIssueDate: "2024-03-01",
			fNet: "4000.00", fVAT: "1000.00", fTotal: "5000.00", fDue: "5000.00", fCurrency: "DKK",
		},
		never: map[string][]string{fSupplierName: {"Kunden GmbH"}},
	},
	{
		name: "us style: bill-to and ship-to side by side, P.O.#, day-first dates, sales tax",
		lang: "en",
		pages: []pipeline.Page{page(1,
			at{40, 40, "ACME CONSULTING", 20}, at{430, 40, "INVOICE", 20},
			at{40, 66, "500 Market St, Suite 100", 0}, at{40, 80, "San Francisco, CA 94105", 0},
			at{40, 120, "BILL TO", 0}, at{220, 120, "SHIP TO", 0}, at{400, 120, "INVOICE #", 0}, at{490, 120, "US-001", 0},
			at{40, 134, "John Smith", 0}, at{220, 134, "John Smith", 0}, at{400, 134, "INVOICE DATE", 0}, at{490, 134, "11/02/2024", 0},
			at{40, 148, "2 Court Square", 0}, at{220, 148, "3787 Pineview Drive", 0}, at{400, 148, "P.O.#", 0}, at{490, 148, "2312/2019", 0},
			at{40, 162, "New York, NY 12210", 0}, at{220, 162, "Cambridge, MA 12210", 0}, at{400, 162, "DUE DATE", 0}, at{490, 162, "26/02/2024", 0},
			at{40, 210, "QTY", 0}, at{90, 210, "DESCRIPTION", 0}, at{380, 210, "UNIT PRICE", 0}, at{490, 210, "AMOUNT", 0},
			at{40, 226, "1", 0}, at{90, 226, "Front and rear brake cables", 0}, at{380, 226, "100.00", 0}, at{490, 226, "100.00", 0},
			at{40, 240, "2", 0}, at{90, 240, "New set of pedal arms", 0}, at{380, 240, "15.00", 0}, at{490, 240, "30.00", 0},
			at{40, 254, "3", 0}, at{90, 254, "Labor 3hrs", 0}, at{380, 254, "5.00", 0}, at{490, 254, "15.00", 0},
			at{400, 330, "Subtotal", 0}, at{490, 330, "145.00", 0},
			at{400, 344, "Sales Tax 6.25%", 0}, at{490, 344, "9.06", 0},
			at{400, 358, "TOTAL", 0}, at{490, 358, "$154.06", 0},
		)},
		want: map[string]string{
			fSupplierName: "ACME CONSULTING", fInvoiceNumber: "US-001", fIssueDate: "2024-02-11", fDueDate: "2024-02-26",
			fOrderReference: "2312/2019", fNet: "145.00", fVAT: "9.06", fTotal: "154.06", fDue: "154.06", fCurrency: "USD",
		},
		never: map[string][]string{fSupplierName: {"John Smith"}},
	},
	{
		name: "swedish utility bill with payment slip, öre rounding, Förfallodag",
		lang: "sv",
		pages: []pipeline.Page{page(1,
			at{40, 40, "Uppsala Energi AB", 14}, at{400, 40, "Faktura", 14},
			at{400, 70, "Fakturadatum", 0}, at{490, 70, "2024-03-01", 0},
			at{400, 84, "Förfallodag", 0}, at{490, 84, "2024-03-31", 0},
			at{400, 98, "Fakturanr", 0}, at{490, 98, "7000123", 0},
			at{400, 112, "Kundnummer", 0}, at{490, 112, "445566", 0},
			at{60, 150, "Anna Andersson", 0}, at{60, 164, "Storgatan 1", 0}, at{60, 178, "753 20 Uppsala", 0},
			at{400, 180, "Att betala", 12}, at{490, 180, "1 234,00 kr", 12},
			at{40, 260, "Elnät mars", 0}, at{470, 260, "987,20", 0},
			at{300, 320, "Summa exkl moms", 0}, at{470, 320, "987,20", 0},
			at{300, 334, "Moms 25%", 0}, at{470, 334, "246,80", 0},
			at{300, 348, "Öresavrundning", 0}, at{470, 348, "0,00", 0},
			at{300, 362, "Att betala", 0}, at{470, 362, "1 234,00", 0},
			at{40, 640, "INBETALNING/GIRERING AVI", 12},
			at{40, 670, "Till bankgironr", 0}, at{160, 670, "5050-1055", 0}, at{300, 670, "OCR-nummer", 0}, at{400, 670, "1234567897", 0},
			at{40, 684, "Betalningsmottagare", 0}, at{160, 684, "Uppsala Energi AB", 0},
			at{40, 780, "Uppsala Energi AB · Org.nr 556677-8899 · Styrelsens säte Uppsala · Godkänd för F-skatt", 7},
		)},
		want: map[string]string{
			fSupplierName: "Uppsala Energi AB", fSupplierID: "5566778899", fInvoiceNumber: "7000123", fIssueDate: "2024-03-01",
			fDueDate: "2024-03-31", fNet: "987.20", fVAT: "246.80", fTotal: "1234.00", fDue: "1234.00", fCurrency: "SEK",
			fBankgiro: "50501055", fPaymentReference: "1234567897",
		},
		never: map[string][]string{fInvoiceNumber: {"445566"}, fSupplierName: {"Anna Andersson"}},
	},
	{
		name: "german header-row table of references, e.K., spaced VAT id, EUR after amounts",
		lang: "de",
		pages: []pipeline.Page{page(1,
			at{40, 40, "Elektro Schmidt e.K.", 16}, at{400, 40, "Tel. 089 123456", 0}, at{400, 54, "info@elektro-schmidt.de", 0},
			at{55, 130, "Gemeinde Unterhaching", 0}, at{55, 144, "Bauamt", 0}, at{55, 158, "Rathausplatz 7", 0}, at{55, 172, "82008 Unterhaching", 0},
			at{40, 230, "RECHNUNG", 14},
			at{40, 260, "Rechnungs-Nr.", 0}, at{160, 260, "Datum", 0}, at{260, 260, "Kunden-Nr.", 0}, at{380, 260, "Seite", 0},
			at{40, 274, "2024-0815", 0}, at{160, 274, "12.03.2024", 0}, at{260, 274, "K-4711", 0}, at{380, 274, "1 von 1", 0},
			at{40, 320, "Pos", 0}, at{80, 320, "Leistung", 0}, at{470, 320, "Betrag", 0},
			at{40, 334, "1", 0}, at{80, 334, "Austausch Sicherungskasten", 0}, at{470, 334, "2.345,60 EUR", 0},
			at{300, 420, "Summe netto", 0}, at{470, 420, "2.345,60 EUR", 0},
			at{300, 434, "19% USt.", 0}, at{470, 434, "445,66 EUR", 0},
			at{300, 448, "Rechnungsbetrag", 0}, at{470, 448, "2.791,26 EUR", 0},
			at{40, 500, "Bitte überweisen Sie den Rechnungsbetrag innerhalb von 14 Tagen ohne Abzug.", 0},
			at{40, 780, "Elektro Schmidt e.K. | Inh. Hans Schmidt | USt-IdNr. DE 287 654 321 | Sparkasse München IBAN DE47 7015 0000 1234 5678 90", 7},
		)},
		want: map[string]string{
			fSupplierName: "Elektro Schmidt e.K.", fSupplierID: "DE287654321", fInvoiceNumber: "2024-0815", fIssueDate: "2024-03-12",
			fNet: "2345.60", fVAT: "445.66", fTotal: "2791.26", fDue: "2791.26", fCurrency: "EUR", fIBAN: "DE47701500001234567890",
		},
		never: map[string][]string{fInvoiceNumber: {"K-4711"}, fSupplierName: {"Gemeinde Unterhaching"}},
	},
	{
		name: "OCR lost the net's label ('kl. moms'): VAT cannot exceed the net",
		lang: "sv",
		pages: []pipeline.Page{page(1,
			at{40, 40, "Konsultbyrån Ek AB", 16}, at{420, 40, "FAKTURA", 16},
			at{330, 300, "kl. moms", 0}, at{480, 300, "272 500,00", 0},
			at{480, 314, "68 125,00", 0},
			at{330, 328, "Totalt", 0}, at{480, 328, "340 625,00", 0},
		)},
		want: map[string]string{fNet: "272500.00", fVAT: "68125.00", fTotal: "340625.00"},
	},
}

func TestExtractSynthetic(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range invoiceCases {
		t.Run(tc.name, func(t *testing.T) {
			got := s.Extract(tc.pages, tc.lang)
			for f, want := range tc.want {
				g, ok := got[f]
				switch {
				case !ok:
					t.Errorf("%s: missing, want %q", f, want)
				case g.Value != want:
					t.Errorf("%s = %q (raw %q, %.2f), want %q", f, g.Value, g.Raw, g.Confidence, want)
				}
			}
			for f, bad := range tc.never {
				for _, b := range bad {
					if got[f].Value == b {
						t.Errorf("%s = %q: a trap value", f, b)
					}
				}
			}
			for f, g := range got {
				if g.Confidence <= 0 || g.Confidence > 1 {
					t.Errorf("%s: confidence %v outside (0, 1]", f, g.Confidence)
				}
				if g.Raw != "" && (g.Box == nil || g.Page < 1) {
					t.Errorf("%s: printed value %q without a page box", f, g.Raw)
				}
			}
		})
	}
}
