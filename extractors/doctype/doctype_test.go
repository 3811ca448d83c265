package doctype

import (
	"context"
	"errors"
	"strings"
	"testing"

	"intake/pipeline"
)

// text lays lines out as words of a page: the first line large, as a
// title, the rest in body size.
func text(lines ...string) []pipeline.Page {
	p := pipeline.Page{Number: 1, Width: 595, Height: 842}
	y := 40.0
	for i, ln := range lines {
		size := 10.0
		if i == 0 {
			size = 18
		}
		x := 40.0
		for _, w := range strings.Fields(ln) {
			wd := 0.5 * size * float64(len([]rune(w)))
			p.Words = append(p.Words, pipeline.Word{Text: w, Box: pipeline.Box{X0: x, Y0: y, X1: x + wd, Y1: y + size}, Conf: 1})
			x += wd + 0.3*size
		}
		y += size * 1.6
	}
	return []pipeline.Page{p}
}

func TestClassify(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, want, lang string
		pages            []pipeline.Page
	}{
		{"da invoice", pipeline.TypeInvoice, "da", text("FAKTURA", "Fakturanr. 2024-0117 Fakturadato 1. marts 2024",
			"Vi takker for ordren og beder jer venligst betale beløbet til vores konto", "Subtotal 10.000,00 Moms 2.500,00 I alt 12.500,00", "CVR-nr. 12345674")},
		{"sv invoice", pipeline.TypeInvoice, "sv", text("Faktura", "Fakturanummer 10045 Fakturadatum 2024-03-01 Förfallodatum 2024-03-31",
			"Att betala 12 500,00 kr och moms 2 500,00", "Betala till bankgiro 5050-1055 och ange OCR")},
		{"no invoice", pipeline.TypeInvoice, "no", text("Faktura", "Fakturanr. 5501 Fakturadato 01.03.2024 Forfallsdato 15.03.2024",
			"Vennligst betal beløpet til kontonummer etter avtale. Sum eks. mva 8 000,00 MVA 2 000,00 Å betale 10 000,00")},
		{"en invoice", pipeline.TypeInvoice, "en", text("INVOICE", "Invoice No: INV-2024-0042 Invoice Date: 1 March 2024",
			"Please pay the total amount by the due date to our bank account", "Subtotal 1,234.50 VAT 246.90 Total 1,481.40")},
		{"de invoice", pipeline.TypeInvoice, "de", text("Rechnung", "Rechnungsnummer RE-2024-100 Rechnungsdatum 05.03.2024",
			"Bitte überweisen Sie den Betrag bis zum 19.03.2024 auf das unten genannte Konto", "Nettobetrag 1.000,00 zzgl. 19 % MwSt. 190,00 Gesamtbetrag 1.190,00")},
		{"fr invoice", pipeline.TypeInvoice, "fr", text("FACTURE", "Facture n° F2024-031 du 01/03/2024",
			"Merci de régler le montant total par virement avant la date d'échéance", "Total HT 1 000,00 TVA 200,00 Total TTC 1 200,00")},
		{"nl invoice", pipeline.TypeInvoice, "nl", text("FACTUUR", "Factuurnummer 2024-0188 Factuurdatum 1 maart 2024",
			"Wij verzoeken u het bedrag binnen 30 dagen over te maken op onze rekening", "Subtotaal 1.000,00 BTW 210,00 Totaal 1.210,00")},
		{"da credit note", pipeline.TypeCreditNote, "da", text("KREDITNOTA", "Kreditnota nr. 2024-0120 vedrørende faktura nr. 2024-0117",
			"Vi har krediteret jer for returvarer", "Subtotal -1.000,00 Moms -250,00 I alt -1.250,00")},
		{"sv credit note", pipeline.TypeCreditNote, "sv", text("Kreditfaktura", "Kreditfaktura 10046 avser faktura 10045", "Att betala -2 500,00 kr")},
		{"en credit note", pipeline.TypeCreditNote, "en", text("CREDIT NOTE", "Credit note number CN-17 for invoice INV-2024-0042", "Total -246.90")},
		{"de credit note", pipeline.TypeCreditNote, "de", text("Gutschrift", "Gutschrift Nr. 17 zur Rechnung RE-2024-100", "Der Betrag wird Ihnen gutgeschrieben. Gesamtbetrag -190,00")},
		{"fr credit note", pipeline.TypeCreditNote, "fr", text("AVOIR", "Avoir n° A-12 sur la facture F2024-031", "Total TTC -120,00")},
		{"nl credit note", pipeline.TypeCreditNote, "nl", text("CREDITNOTA", "Creditnota 2024-9 voor factuur 2024-0188", "Totaal -121,00")},
		{"da reminder", pipeline.TypePaymentReminder, "da", text("RYKKER", "Vi har endnu ikke modtaget betaling for faktura nr. 2024-0117 med forfaldsdato 15.03.2024",
			"Rykkergebyr 100,00 I alt at betale 12.600,00")},
		{"sv reminder", pipeline.TypePaymentReminder, "sv", text("Betalningspåminnelse", "Vi har inte fått betalt för faktura 10045 som förföll 2024-03-31", "Att betala 12 500,00 kr")},
		{"en reminder", pipeline.TypePaymentReminder, "en", text("PAYMENT REMINDER", "Our records show that invoice INV-2024-0042 is overdue", "Amount due 1,481.40")},
		{"de reminder", pipeline.TypePaymentReminder, "de", text("Zahlungserinnerung", "Sicher haben Sie übersehen, dass die Rechnung RE-2024-100 noch nicht bezahlt ist", "Offener Betrag 1.190,00 Mahngebühr 5,00")},
		{"da school transport", pipeline.TypeSchoolTransport, "da", text("Ansøgning om befordring", "Ansøgning om skolekørsel efter folkeskolelovens § 26",
			"Barnets navn: Ida Jensen CPR-nr. 010112-1234 Skole: Vestre Skole Klasse: 3.b", "Forælderens underskrift og dato")},
		{"sv school transport", pipeline.TypeSchoolTransport, "sv", text("Ansökan om skolskjuts", "Elevens namn och personnummer", "Skola och årskurs, vårdnadshavare underskrift")},
		{"sv sick pay", pipeline.TypeSickPayClaim, "sv", text("Ansökan om ersättning för sjuklönekostnader", "Personlig assistans enligt LSS",
			"Assistentens namn och personnummer, sjukperiod från och med till och med", "Assistansanordnare organisationsnummer")},
		{"da sick pay", pipeline.TypeSickPayClaim, "da", text("Anmodning om refusion", "Sygedagpenge for personlig assistent under BPA", "Sygefravær fra og med 1. marts 2024")},
		{"de not an invoice", pipeline.TypeOther, "de", text("Buchungshilfe - KEINE Rechnung", "Nr. 471102 vom 05.03.2020", "Gesamtbetrag 235,62")},
		{"en order confirmation", pipeline.TypeOther, "en", text("ORDER CONFIRMATION", "Thank you for your order. Total 1,481.40")},
		{"da delivery note", pipeline.TypeOther, "da", text("Følgeseddel", "Leveret af Hansen VVS ApS til Randers Kommune")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.Classify(tt.pages)
			if r.Label.Value != tt.want {
				t.Errorf("type %s (%.2f), want %s; scores %v", r.Label.Value, r.Label.Confidence, tt.want, r.Scores)
			}
			if r.Label.Model != Model || r.Label.Confidence <= 0 || r.Label.Confidence > 1 {
				t.Errorf("label %+v", r.Label)
			}
			if r.Language != tt.lang {
				t.Errorf("language %q, want %q", r.Language, tt.lang)
			}
			sum := 0.0
			for _, p := range r.Probs {
				sum += p
			}
			if sum < 0.999 || sum > 1.001 {
				t.Errorf("probabilities sum to %v", sum)
			}
		})
	}
}

func TestWeakEvidenceIsOther(t *testing.T) {
	s, _ := New(Config{})
	for _, pages := range [][]pipeline.Page{
		nil,
		text("Referat af møde", "Deltagere: Ida, Ole og Per", "Næste møde aftales senere"),
		text("Total"),
	} {
		r := s.Classify(pages)
		if r.Label.Value != pipeline.TypeOther || r.Label.Confidence > 0.5 {
			t.Errorf("weak evidence gave %+v", r.Label)
		}
	}
}

func TestProcess(t *testing.T) {
	s, _ := New(Config{})
	// An e-invoice reader set the type exactly: it stays, the language is
	// filled in.
	doc := &pipeline.Document{
		Type:  pipeline.Label{Value: pipeline.TypeCreditNote, Confidence: 1, Model: "ubl"},
		Pages: text("FAKTURA", "Fakturanr. 12 Fakturadato 1. marts 2024 og beløbet betales venligst til vores konto efter aftale"),
	}
	if err := s.Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if doc.Type.Value != pipeline.TypeCreditNote || doc.Type.Model != "ubl" {
		t.Errorf("exact type replaced: %+v", doc.Type)
	}
	if doc.Language != "da" {
		t.Errorf("language %q, want da", doc.Language)
	}
	doc = &pipeline.Document{Pages: text("FAKTURA", "Fakturanr. 12", "I alt 100,00")}
	_ = s.Process(context.Background(), doc)
	if doc.Type.Value != pipeline.TypeInvoice || doc.Type.Model != Model {
		t.Errorf("type %+v", doc.Type)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Process(ctx, &pipeline.Document{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
}

func TestKeywordTable(t *testing.T) {
	if _, err := compile(keywords); err != nil {
		t.Fatal(err)
	}
	_, err := compile(map[string][]keyword{
		"receipt":               {{"kvittering", 1}},
		pipeline.TypeInvoice:    {{"", 1}, {"faktura", 0}, {"two words*", 1}},
		pipeline.TypeCreditNote: {{"kreditnota", 2}},
	})
	if err == nil {
		t.Fatal("bad table accepted")
	}
	for _, want := range []string{`unknown type "receipt"`, `"" has no letters`, `"faktura" has weight 0`, `"two words*": a wildcard`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, err := New(Config{Temperature: -1, MaxOtherConfidence: 2}); err == nil {
		t.Error("bad config accepted")
	}
}
