package forms

import (
	"fmt"
	"strings"
	"testing"

	"intake/pipeline"
	"intake/validators/checkdigit"
)

// cell is text printed from x on a row; its words are laid out at 5 pt
// per character with 3 pt spaces, 10 pt high.
type cell struct {
	x    float64
	text string
}

// page lays rows out 16 pt apart, the way a text layer or OCR reports
// them. A nil row leaves a blank line.
func page(rows ...[]cell) pipeline.Page {
	p := pipeline.Page{Number: 1, Width: 595, Height: 842}
	for i, row := range rows {
		y := 40 + 16*float64(i)
		for _, c := range row {
			x := c.x
			for _, w := range strings.Fields(c.text) {
				wd := 5 * float64(len([]rune(w)))
				p.Words = append(p.Words, pipeline.Word{Text: w, Box: pipeline.Box{X0: x, Y0: y, X1: x + wd, Y1: y + 10}, Conf: 1})
				x += wd + 3
			}
		}
	}
	return p
}

func row(cs ...cell) []cell { return cs }

// pnr makes a valid personnummer (twelve digits, printed with a dash)
// from a birth date YYYYMMDD and a birth number NNN.
func pnr(date, nnn string) string {
	short := date[2:] + nnn
	return date + "-" + nnn + fmt.Sprint(checkdigit.LuhnDigit(short))
}

// cpr makes a CPR number of someone born in 2000–2036 passing modulus
// 11 (and not Luhn, so it cannot pass for a personnummer), trying serials.
func cpr(ddmmyy string) string {
	for s := 4000; s < 5000; s++ {
		n := fmt.Sprintf("%s%04d", ddmmyy, s)
		if c, err := checkdigit.ParseCPR(n); err == nil && c.Mod11 && !checkdigit.Luhn(n) {
			return n[:6] + "-" + n[6:]
		}
	}
	panic("no serial")
}

// orgnr makes a valid organisationsnummer from nine digits.
func orgnr(nine string) string {
	return nine[:6] + "-" + nine[6:] + fmt.Sprint(checkdigit.LuhnDigit(nine))
}

func extract(t *testing.T, docType string, pages ...pipeline.Page) map[string]pipeline.Field {
	t.Helper()
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	return s.Extract(pages, docType)
}

func expect(t *testing.T, got map[string]pipeline.Field, want map[string]string) {
	t.Helper()
	for k, v := range want {
		f, ok := got[k]
		switch {
		case v == "" && ok:
			t.Errorf("%s: got %q (%q), want none", k, f.Value, f.Raw)
		case v != "" && f.Value != v:
			t.Errorf("%s: got %q (raw %q), want %q", k, f.Value, f.Raw, v)
		case v != "" && (f.Confidence <= 0 || f.Confidence > 1 || f.Box == nil || f.Page != 1):
			t.Errorf("%s: confidence %g, box %v, page %d", k, f.Confidence, f.Box, f.Page)
		}
	}
}

func TestSchoolBoxForm(t *testing.T) {
	// Danish paper form: labels at the top of boxes, values under them.
	id := cpr("170109")
	got := extract(t, pipeline.TypeSchoolTransport, page(
		row(cell{50, "Holmbæk Kommune"}),
		row(cell{50, "Ansøgning om befordring til og fra skole"}),
		row(cell{50, "1. Oplysninger om barnet"}),
		row(cell{50, "Barnets navn"}, cell{350, "CPR-nr."}),
		row(cell{52, "Emil Egetoft"}, cell{352, id}),
		row(cell{50, "Adresse (folkeregisteradresse)"}),
		row(cell{52, "Rosehaven 28, st., 5000 Holmbæk C"}),
		row(cell{50, "Skole"}, cell{350, "Klassetrin i perioden"}),
		row(cell{52, "Holmbæk Vestre Skole"}, cell{352, "9. klasse"}),
		row(cell{50, "2. Oplysninger om forælder/værge"}),
		row(cell{50, "Navn"}, cell{250, "Relation til barnet"}, cell{400, "Telefon"}),
		row(cell{52, "Jesper Egetoft"}, cell{252, "forælder"}, cell{402, "69 72 52 80"}),
		row(cell{50, "3. Begrundelse for ansøgningen"}),
		row(cell{52, "Afstand: skolevejen er længere end afstandskravet"}),
		row(cell{52, "Trafikfarlig skolevej"}),
		row(cell{52, "Sygdom eller handicap (dokumentation vedlægges)"}),
		row(cell{50, "Uddybning"}),
		row(cell{52, "Barnet skal krydse en trafikeret vej uden lysregulering."}),
		row(cell{50, "4. Periode"}),
		row(cell{50, "Fra dato"}, cell{300, "Til dato"}),
		row(cell{52, "12. august 2024"}, cell{302, "27. juni 2025"}),
		row(cell{50, "5. Underskrift"}),
		row(cell{50, "Dato"}, cell{200, "Underskrift"}, cell{350, "Navn med blokbogstaver"}),
		row(cell{52, "12.03.2024"}, cell{352, "JESPER EGETOFT"}),
	))
	expect(t, got, map[string]string{
		"child_name": "Emil Egetoft", "child_id": strings.ReplaceAll(id, "-", ""), "address": "Rosehaven 28, st., 5000 Holmbæk C",
		"school": "Holmbæk Vestre Skole", "grade": "9", "applicant_name": "Jesper Egetoft", "reason": ReasonTraffic,
		"period_start": "2024-08-12", "period_end": "2025-06-27", "signed_date": "2024-03-12",
	})
}

func TestSchoolColonLetterUnlikeGenerator(t *testing.T) {
	// An English-Norwegian e-form print: "Label: value" in one column,
	// the period on one line, the reason as ticked options and no
	// explanation, the pupil's number with the century.
	id := pnr("20150924", "989")
	got := extract(t, pipeline.TypeSchoolTransport, page(
		row(cell{40, "Application for school transport"}),
		row(cell{40, "Applicant: Helena Vikling"}),
		row(cell{40, "Phone: 036-589 95 02"}),
		row(cell{40, "Pupil's name: Wilma Vikling"}),
		row(cell{40, "Personal identity number: " + id}),
		row(cell{40, "Home address: Sjöallén 86, 754 40 Björkvik"}),
		row(cell{40, "School: Skogsskolan"}),
		row(cell{40, "Grade: 3"}),
		row(cell{40, "Reason for application"}),
		row(cell{40, "[ ]"}, cell{60, "Distance to school too far"}),
		row(cell{40, "[X]"}, cell{60, "Dangerous traffic on the way"}),
		row(cell{40, "[ ]"}, cell{60, "Illness or disability"}),
		row(cell{40, "Period: 19 August 2024 - 13 June 2025"}),
		row(cell{40, "Date: 4 May 2024"}),
	))
	expect(t, got, map[string]string{
		"applicant_name": "Helena Vikling", "child_name": "Wilma Vikling", "child_id": strings.ReplaceAll(id, "-", ""),
		"address": "Sjöallén 86, 754 40 Björkvik", "school": "Skogsskolan", "grade": "3", "reason": ReasonTraffic,
		"period_start": "2024-08-19", "period_end": "2025-06-13", "signed_date": "2024-05-04",
	})
}

func TestReasonFromCheckboxes(t *testing.T) {
	for _, c := range []struct {
		name string
		rows [][]cell
		want string
	}{
		{"inline glyphs", [][]cell{{{50, "Årsag: ☐ Afstand ☒ Trafikfarlig skolevej ☐ Sygdom eller handicap"}}}, ReasonTraffic},
		{"glued glyph", [][]cell{{{50, "☐Avstånd"}}, {{50, "☐Trafikfarlig skolväg"}}, {{50, "☒Funktionsnedsättning"}}}, ReasonHealth},
		{"two ticks cancel", [][]cell{{{50, "☒ Afstand"}}, {{50, "☒ Trafikfarlig skolevej"}}}, ""},
		{"x in prose is no tick", [][]cell{{{50, "Begrundelse"}}, {{50, "Vi bor på X-vej, langt fra skolen."}}}, ReasonDistance},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := extract(t, pipeline.TypeSchoolTransport, page(c.rows...))
			expect(t, got, map[string]string{"reason": c.want})
		})
	}
}

func TestSignatureUnderTheLineAndDotLeaders(t *testing.T) {
	got := extract(t, pipeline.TypeSchoolTransport, page(
		row(cell{50, "Barnets navn: ......................... Emil Hansen"}),
		row(cell{50, "Skole: ____________ Nørreskov Skole"}),
		nil,
		row(cell{52, "23/5-2024"}, cell{302, "Jens Hansen"}),
		row(cell{50, "____________________"}, cell{300, "____________________"}),
		row(cell{50, "Dato"}, cell{300, "Underskrift / navn"}),
	))
	expect(t, got, map[string]string{"child_name": "Emil Hansen", "school": "Nørreskov Skole", "signed_date": "2024-05-23", "applicant_name": "Jens Hansen"})
}

func TestWrappedAddress(t *testing.T) {
	got := extract(t, pipeline.TypeSchoolTransport, page(
		row(cell{50, "Bopælsadresse"}, cell{200, "Rosehaven 28, st.,"}),
		row(cell{200, "5000 Holmbæk C"}),
		row(cell{50, "Skole"}, cell{200, "Roseskolen"}),
	))
	expect(t, got, map[string]string{"address": "Rosehaven 28, st., 5000 Holmbæk C", "school": "Roseskolen"})
}

func TestSchoolLetter(t *testing.T) {
	// A citizen's own letter: no boxes, everything in sentences.
	id := cpr("120517")
	got := extract(t, pipeline.TypeSchoolTransport, page(
		row(cell{330, "Elias Hansen"}),
		row(cell{330, "Syrenvej 64"}),
		row(cell{330, "9400 Sundby"}),
		nil,
		row(cell{330, "Sundby, den 23. maj 2024"}),
		row(cell{50, "Ansøgning om kørsel til skole"}),
		row(cell{50, "Jeg søger hermed om befordring for min søn Oscar Hansen, CPR " + id + ", som går i"}),
		row(cell{50, "1. klasse på Vibedalskolen. Vi bor på Syrenvej 64, 9400 Sundby. Han har brækket"}),
		row(cell{50, "benet og kan ikke cykle. Lægeerklæring er vedlagt."}),
		row(cell{50, "Det gælder perioden 1. juni 2024 til 30. juni 2024."}),
		nil,
		row(cell{50, "Med venlig hilsen"}),
		row(cell{50, "Elias Hansen"}),
	))
	expect(t, got, map[string]string{
		"child_name": "Oscar Hansen", "child_id": strings.ReplaceAll(id, "-", ""), "grade": "1", "school": "Vibedalskolen",
		"address": "Syrenvej 64, 9400 Sundby", "applicant_name": "Elias Hansen",
		"period_start": "2024-06-01", "period_end": "2024-06-30",
	})
}

func TestSchoolNorwegianLabels(t *testing.T) {
	got := extract(t, pipeline.TypeSchoolTransport, page(
		row(cell{40, "Søknad om skoleskyss"}),
		row(cell{40, "Elevens navn"}, cell{300, "Trinn"}),
		row(cell{42, "Ingrid Nilsen"}, cell{302, "4"}),
		row(cell{40, "Skole"}, cell{300, "Foresatte"}),
		row(cell{42, "Bakkeløkka skole"}, cell{302, "Kari Nilsen"}),
		row(cell{40, "Begrunnelse"}),
		row(cell{42, "Hun har brukket foten og har legeerklæring."}),
		row(cell{40, "Fra og med"}, cell{300, "Til og med"}),
		row(cell{42, "01.09.2024"}, cell{302, "31.10.2024"}),
	))
	expect(t, got, map[string]string{"child_name": "Ingrid Nilsen", "grade": "4", "school": "Bakkeløkka skole", "applicant_name": "Kari Nilsen",
		"reason": ReasonHealth, "period_start": "2024-09-01", "period_end": "2024-10-31"})
}

func TestGuardianIDIsNotTheChilds(t *testing.T) {
	// Sections name whose values follow; the guardian's own personnummer
	// comes first and must not be taken for the child's.
	mother, child := pnr("19800101", "123"), pnr("20150924", "989")
	got := extract(t, pipeline.TypeSchoolTransport, page(
		row(cell{40, "Vårdnadshavare 1"}),
		row(cell{40, "Namn:"}, cell{200, "Anna Berg"}),
		row(cell{40, "Personnummer:"}, cell{200, mother}),
		row(cell{40, "Vårdnadshavare 2"}),
		row(cell{40, "Namn:"}, cell{200, "Per Berg"}),
		row(cell{40, "Elev"}),
		row(cell{40, "Namn:"}, cell{200, "Saga Berg"}),
		row(cell{40, "Personnummer:"}, cell{200, child}),
		row(cell{40, "Skola:"}, cell{200, "Ekskolan"}),
	))
	expect(t, got, map[string]string{"applicant_name": "Anna Berg", "child_name": "Saga Berg", "child_id": strings.ReplaceAll(child, "-", ""), "school": "Ekskolan"})
}

// TestScanGarbledSectionHeading: OCR's reading of a box form. "Barnets"
// read as "Bamets" ("rn" as "m") still labels the child's name, and the
// guardian's section, its heading garbled past recognition, still ends
// the child's: its "Navn" is not the child's name.
func TestScanGarbledSectionHeading(t *testing.T) {
	id := cpr("190610")
	rows := func(childLabel string) []pipeline.Page {
		return []pipeline.Page{page(
			row(cell{50, "1. Oplysninger om barnet"}),
			row(cell{50, childLabel}, cell{350, "CPR-nr."}),
			row(cell{52, "Lærke Bjergmose"}, cell{352, id}),
			row(cell{50, "Skole"}, cell{350, "Klassetrin i perioden"}),
			row(cell{52, "Nørreskov Østre Skole"}, cell{352, "8. klasse"}),
			row(cell{50, "| 2. oplysninger om foreideriverge"}),
			row(cell{50, "Navn"}, cell{250, "Relation til barnet"}, cell{400, "Telefon"}),
			row(cell{52, "Alfred Bjergmose"}, cell{252, "plejeforælder"}, cell{402, "97 52 21 39"}),
		)}
	}
	expect(t, extract(t, pipeline.TypeSchoolTransport, rows("Bamets navn")...), map[string]string{"child_name": "Lærke Bjergmose"})
	// Without a section to say whose it is, the label alone does.
	expect(t, extract(t, pipeline.TypeSchoolTransport, page(
		row(cell{50, "Ansøgning om befordring til og fra skole"}),
		row(cell{50, "Ansøger"}, cell{200, "Alfred Bjergmose"}),
		row(cell{50, "Bamets navn"}, cell{200, "Lærke Bjergmose"}),
	)), map[string]string{"child_name": "Lærke Bjergmose", "applicant_name": "Alfred Bjergmose"})
	// The child's name label lost altogether: the guardian's name is
	// still not the child's.
	if f, ok := extract(t, pipeline.TypeSchoolTransport, rows("Bxmxts nvn")...)["child_name"]; ok && f.Value == "Alfred Bjergmose" {
		t.Errorf("child_name %q: the guardian's section's name", f.Value)
	}
}

func TestSchoolNoIDFromPhone(t *testing.T) {
	// A ten-digit phone number that reads as a date must not become the
	// child's id; the id box is empty.
	got := extract(t, pipeline.TypeSchoolTransport, page(
		row(cell{50, "Elevens namn"}, cell{300, "Personnummer"}),
		row(cell{52, "Leo Lundberg"}),
		row(cell{50, "Telefon"}),
		row(cell{52, "2012345678"}),
		row(cell{50, "Mobil: 201234-5678"}),
	))
	expect(t, got, map[string]string{"child_name": "Leo Lundberg", "child_id": ""})
}

func TestCheckDigitLowersConfidence(t *testing.T) {
	good := cpr("170109")
	bad := good[:10] + fmt.Sprint((int(good[10]-'0')+1)%10)
	conf := map[string]float64{}
	for _, id := range []string{good, bad} {
		got := extract(t, pipeline.TypeSchoolTransport, page(
			row(cell{50, "Barnets CPR-nr."}, cell{200, id}),
		))
		f, ok := got["child_id"]
		if !ok || f.Value != strings.ReplaceAll(id, "-", "") {
			t.Fatalf("%s: got %+v", id, f)
		}
		conf[id] = f.Confidence
	}
	if conf[bad] >= conf[good] {
		t.Errorf("a failed check digit should lower confidence: good %g, bad %g", conf[good], conf[bad])
	}
}

func TestAmbiguityLowersConfidence(t *testing.T) {
	one := extract(t, pipeline.TypeSchoolTransport, page(row(cell{50, "Skole: Roseskolen"})))
	two := extract(t, pipeline.TypeSchoolTransport, page(row(cell{50, "Skole: Roseskolen"}), nil, row(cell{50, "Skola: Ekskolan"})))
	if two["school"].Confidence >= one["school"].Confidence {
		t.Errorf("two schools should make the pick less sure: %g vs %g", two["school"].Confidence, one["school"].Confidence)
	}
}

func TestSickFormSections(t *testing.T) {
	// The section heading says whose "Namn" and "Personnummer" follow,
	// also when a scan lost a letter at each end of its long word.
	for _, heading := range []string{"2. Assistansberättigad och beslut", "I 2. ssistansberättiga och beslut"} {
		sickFormSections(t, heading)
	}
}

func sickFormSections(t *testing.T, heading string) {
	t.Helper()
	assisted, assistant, org := pnr("19991018", "980"), pnr("19650314", "983"), orgnr("559530387")
	got := extract(t, pipeline.TypeSickPayClaim, page(
		row(cell{50, "1. Assistansanordnare"}),
		row(cell{50, "Anordnarens namn"}, cell{350, "Organisationsnummer"}),
		row(cell{52, "Personlig Assistans i Askvang AB"}, cell{352, org}),
		row(cell{50, heading}),
		row(cell{50, "Personnummer"}, cell{300, "Kommunens beslut (dnr)"}),
		row(cell{52, assisted}, cell{302, "SN 2022/2973"}),
		row(cell{50, "3. Sjuk personlig assistent"}),
		row(cell{50, "Namn"}, cell{350, "Personnummer"}),
		row(cell{52, "Linnea Lundby"}, cell{352, assistant}),
		row(cell{50, "Sjuk från och med"}, cell{200, "Sjuk till och med"}, cell{350, "Antal dagar"}),
		row(cell{52, "2024-05-05"}, cell{202, "2024-05-08"}, cell{352, "4"}),
		row(cell{50, "Sjuklön 80 % (24 tim à 188,24 kr)"}, cell{480, "3 614,21"}),
		row(cell{50, "Karensavdrag"}, cell{480, "-939,69"}),
		row(cell{50, "Semesterersättning 12 %"}, cell{480, "320,94"}),
		row(cell{50, "Sociala avgifter 31,42 %"}, cell{480, "941,17"}),
		row(cell{50, "Summa att ersätta, kr"}, cell{480, "3 937,63"}),
		row(cell{50, "Bankgiro"}),
		row(cell{52, "396-5126"}),
	))
	expect(t, got, map[string]string{
		"provider_name": "Personlig Assistans i Askvang AB", "provider_id": strings.ReplaceAll(org, "-", ""),
		"assisted_person_id": strings.ReplaceAll(assisted, "-", ""), "decision_reference": "SN 2022/2973",
		"assistant_name": "Linnea Lundby", "assistant_id": strings.ReplaceAll(assistant, "-", ""),
		"sick_from": "2024-05-05", "sick_to": "2024-05-08", "amount_claimed": "3937.63", "bankgiro": "3965126",
		// parts for the sum rule: 3614.21 - 939.69
		"sick_pay": "2674.52", "holiday_pay": "320.94", "social_fees": "941.17",
	})
}

// TestChildIDWithoutLabel: a received stamp over the personnummer's
// label, and the number read in two pieces; the section says whose it is
// and the check digit vouches for the join.
func TestChildIDWithoutLabel(t *testing.T) {
	id := pnr("20120922", "991")
	got := extract(t, pipeline.TypeSchoolTransport, page(
		row(cell{50, "Ansökan om skolskjuts"}),
		row(cell{50, "1. Uppgifter om eleven"}),
		row(cell{50, "Elevens namn"}, cell{300, "kommun nummer"}),
		row(cell{52, "Leo Lundberg"}, cell{302, id[:3] + " " + id[3:]}),
		row(cell{50, "Folkbokföringsadress"}),
		row(cell{52, "Torpbacken 32, 582 22 Sjöhamra"}),
	))
	expect(t, got, map[string]string{"child_id": strings.ReplaceAll(id, "-", ""), "child_name": "Leo Lundberg"})
}

// TestLabelWordsReadAsOne: two words of a label whose boxes touch, read
// as one ("tilloch"), are still the label.
func TestLabelWordsReadAsOne(t *testing.T) {
	lines := buildLines([]pipeline.Page{page(row(cell{50, "Sjuk tilloch med"}, cell{200, "Fradato"}))})
	var got []concept
	for _, l := range rawLabels(lines[0]) {
		got = append(got, l.concept)
	}
	if want := []concept{cRole, cTo, cFrom}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("concepts %v, want %v", got, want)
	}
}

func TestSectionContinuesOnNextPage(t *testing.T) {
	assistant := pnr("19650314", "983")
	p1 := page(row(cell{50, "3. Sjuk personlig assistent"}))
	p2 := page(row(cell{50, "Namn"}, cell{350, "Personnummer"}), row(cell{52, "Linnea Lundby"}, cell{352, assistant}))
	p2.Number = 2
	got := extract(t, pipeline.TypeSickPayClaim, p1, p2)
	if got["assistant_id"].Page != 2 {
		t.Errorf("assistant_id on page %d, want 2", got["assistant_id"].Page)
	}
	if got["assistant_name"].Value != "Linnea Lundby" || got["assistant_id"].Value != strings.ReplaceAll(assistant, "-", "") {
		t.Errorf("got %+v", got)
	}
}

func TestSickEnglishTableUnlikeGenerator(t *testing.T) {
	// A provider's own English claim: label column and value column,
	// "Employee" for the assistant, "Service user" context from a
	// heading, the period as one value, an IBAN.
	assisted, assistant, org := pnr("19770824", "996"), pnr("19790123", "991"), orgnr("559357844")
	got := extract(t, pipeline.TypeSickPayClaim, page(
		row(cell{40, "Vestbro Omsorg & Assistans HB"}),
		row(cell{40, "Claim for sick pay costs"}),
		row(cell{40, "Company name"}, cell{220, "Vestbro Omsorg & Assistans HB"}),
		row(cell{40, "Org. nr"}, cell{220, org}),
		row(cell{40, "Employee name"}, cell{220, "Astrid Vikqvist"}),
		row(cell{40, "Employee personal identity number"}, cell{220, assistant}),
		row(cell{40, "Assisted person"}),
		row(cell{40, "Personal identity number"}, cell{220, assisted}),
		row(cell{40, "Decision reference"}, cell{220, "SOC 2023/1261"}),
		row(cell{40, "Sick period"}, cell{220, "2024-07-15 – 2024-07-27"}),
		row(cell{40, "Total amount"}, cell{220, "SEK 19,367.93"}),
		row(cell{40, "IBAN"}, cell{220, "SE45 5000 0000 0583 9825 7466"}),
	))
	expect(t, got, map[string]string{
		"provider_name": "Vestbro Omsorg & Assistans HB", "provider_id": strings.ReplaceAll(org, "-", ""),
		"assistant_name": "Astrid Vikqvist", "assistant_id": strings.ReplaceAll(assistant, "-", ""),
		"assisted_person_id": strings.ReplaceAll(assisted, "-", ""), "decision_reference": "SOC 2023/1261",
		"sick_from": "2024-07-15", "sick_to": "2024-07-27", "amount_claimed": "19367.93", "iban": "SE4550000000058398257466",
	})
}

func TestSickLetterProse(t *testing.T) {
	assisted, assistant, org := pnr("19770824", "996"), pnr("19790123", "991"), orgnr("559357844")
	got := extract(t, pipeline.TypeSickPayClaim, page(
		row(cell{40, "Vestbro Omsorg & Assistans HB"}),
		row(cell{40, "Org.nr " + org + " · ekonomi@vestbro.se"}),
		row(cell{40, "Vi begär ersättning för sjuklönekostnader för personlig assistent Astrid Vikqvist"}),
		row(cell{40, "(" + assistant + "), som har varit sjuk under perioden 2024-07-15 – 2024-07-27. Assistansen"}),
		row(cell{40, "utförs hos den assistansberättigade med personnummer " + assisted + " enligt kommunens beslut SOC"}),
		row(cell{40, "2023/1261."}),
		row(cell{40, "Totalt begärt belopp"}, cell{480, "19.367,93"}),
		row(cell{40, "Beloppet önskas insatt på bankgiro 410-5854."}),
	))
	expect(t, got, map[string]string{
		"provider_name": "Vestbro Omsorg & Assistans HB", "provider_id": strings.ReplaceAll(org, "-", ""),
		"assistant_name": "Astrid Vikqvist", "assistant_id": strings.ReplaceAll(assistant, "-", ""),
		"assisted_person_id": strings.ReplaceAll(assisted, "-", ""), "decision_reference": "SOC 2023/1261",
		"sick_from": "2024-07-15", "sick_to": "2024-07-27", "amount_claimed": "19367.93", "bankgiro": "4105854",
	})
}

func TestSickShortLetter(t *testing.T) {
	// Danish-style wording, the period with a shared month.
	assistant, org := pnr("19790123", "991"), orgnr("559357844")
	got := extract(t, pipeline.TypeSickPayClaim, page(
		row(cell{40, "Omsorg Norr AB, org.nr " + org}),
		row(cell{40, "Vår assistent Eva Berg, personnummer " + assistant + ", var sjuk 5–8 maj 2024."}),
		row(cell{40, "Vi begär ersättning med 4 512,00 kr enligt beslut SN 2022/2973."}),
		row(cell{40, "Summa: 4 512,00 kr"}),
	))
	expect(t, got, map[string]string{
		"provider_name": "Omsorg Norr AB", "provider_id": strings.ReplaceAll(org, "-", ""),
		"assistant_name": "Eva Berg", "assistant_id": strings.ReplaceAll(assistant, "-", ""),
		"sick_from": "2024-05-05", "sick_to": "2024-05-08", "amount_claimed": "4512.00", "decision_reference": "SN 2022/2973",
	})
}

func TestParsers(t *testing.T) {
	ws := func(s string) []word {
		var out []word
		for _, f := range strings.Fields(s) {
			out = append(out, word{text: f, conf: 1})
		}
		return out
	}
	for _, c := range []struct {
		name  string
		parse parser
		in    string
		want  string
	}{
		{"date iso", date, "2024-08-12", "2024-08-12"},
		{"date dots", date, "12.8.2024", "2024-08-12"},
		{"date long da", date, "12. august 2024", "2024-08-12"},
		{"date long en", date, "August 12, 2024", "2024-08-12"},
		{"date after place", date, "Sjöhamra, 2024-05-15", "2024-05-15"},
		{"date da slash", date, "1/8-2024", "2024-08-01"},
		{"period shared month", period, "5.–8. maj 2024", "2024-05-05"},
		{"period spaced", period, "5 – 8 maj 2024", "2024-05-05"},
		{"period two dates", period, "12.08.2024 – 27.06.2025", "2024-08-12"},
		{"grade da", grade, "0. klasse (børnehaveklasse)", "0"},
		{"grade sv", grade, "Årskurs 6", "6"},
		{"grade f", grade, "Förskoleklass", "0"},
		{"grade letter", grade, "7.b", "7"},
		{"money sv", money, "3 614,21", "3614.21"},
		{"money da", money, "15.480,50", "15480.50"},
		{"money rightmost", money, "Sjuklön 80 % (24 tim à 188,24 kr) 3 614,21", "3614.21"},
		{"money split decimals", money, "16686 , 98", "16686.98"},
		{"money thin space read as &", money, "8&976,00", "8976.00"},
		{"no money from a section number", money, "5. Utbetalning", ""},
		{"money comma read as dash", money, "Summa att ersätta, kr 2652-75", "2652.75"},
		{"money colon", money, "2652:75", "2652.75"},
		{"no money from a date", money, "2024-08-12", ""},
		{"reference", reference, "VOF 2022/2188.", "VOF 2022/2188"},
		{"reference dk", reference, "17.04.10-G01-123-23", "17.04.10-G01-123-23"},
		{"no reference in a date", reference, "2024-05-05", ""},
		{"name stops at relation", personName, "Jesper Egetoft forælder", "Jesper Egetoft"},
		{"block letters", personName, "JESPER EGETOFT", "JESPER EGETOFT"},
		{"id with a spaced dash", personID, "19790123 - 9918", "197901239918"},
		{"orgnr with a spaced dash", orgID, "559696 - 2299", "5596962299"},
		{"date in quotes", date, "2024-06-14\"", "2024-06-14"},
		{"no id from a phone", personID, "069 72 52 80", ""},
		{"no id from a date", personID, "2024-05-05", ""},
		{"no school from a word in lower case", schoolName, "i perioden", ""},
		{"school", schoolName, "Holmbæk Vestre Skole", "Holmbæk Vestre Skole"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, ok := c.parse(ws(c.in))
			if c.want == "" {
				if ok {
					t.Errorf("%q: got %q, want nothing", c.in, p.value)
				}
				return
			}
			if !ok || p.value != c.want {
				t.Errorf("%q: got %q (%v), want %q", c.in, p.value, ok, c.want)
			}
		})
	}
}

func TestReasonFromExplanation(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Der er langt til skolen, og vi har ikke mulighed for at køre barnet.", ReasonDistance},
		{"Skolvägen går längs en landsväg utan trottoar.", ReasonTraffic},
		{"Barnet har brækket benet og går med krykker. Lægeerklæring vedlagt.", ReasonHealth},
		{"Vi har flyttat längre från skolan.", ReasonDistance},
	} {
		if got, _ := bestReason(c.text); got != c.want {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}
}

func TestOtherTypesUntouched(t *testing.T) {
	s, _ := New(Config{})
	doc := &pipeline.Document{Type: pipeline.Label{Value: pipeline.TypeInvoice}, Pages: []pipeline.Page{page(row(cell{50, "Skole: Roseskolen"}))}}
	if err := s.Process(t.Context(), doc); err != nil || len(doc.Fields) != 0 {
		t.Fatalf("invoice got fields %v (%v)", doc.Fields, err)
	}
	if err := (Config{MinConfidence: 2}).Validate(); err == nil {
		t.Error("MinConfidence 2 accepted")
	}
}

// FuzzExtract feeds arbitrary words, laid out in rows and cells, to both
// document types: nothing may panic, and every field must be well formed.
func FuzzExtract(f *testing.F) {
	f.Add("Barnets navn|CPR-nr.\nEmil Egetoft|170109-4113\nPeriode 12.08.2024 – 27.06.2025", uint8(3))
	f.Add("Sjuk från och med|Sjuk till och med\n2024-05-05|2024-05-08\nSumma att ersätta, kr|3 945,63\n16686 , 98", uint8(2))
	f.Add("☒Afstand ☐ Trafik\n5.–8. maj 2024\nbeslut SOC\n2023/1261.", uint8(7))
	f.Fuzz(func(t *testing.T, text string, gap uint8) {
		var rows [][]cell
		for _, l := range strings.Split(text, "\n") {
			var r []cell
			x := 40.0
			for _, c := range strings.Split(l, "|") {
				r = append(r, cell{x, c})
				x += 6*float64(len([]rune(c))) + float64(gap)
			}
			rows = append(rows, r)
		}
		s, _ := New(Config{})
		for _, typ := range []string{pipeline.TypeSchoolTransport, pipeline.TypeSickPayClaim} {
			for name, fl := range s.Extract([]pipeline.Page{page(rows...)}, typ) {
				if fl.Value == "" || fl.Confidence <= 0 || fl.Confidence > 1 || fl.Box == nil {
					t.Fatalf("%s: %+v", name, fl)
				}
			}
		}
	})
}

func TestCostPartsCheckedByRates(t *testing.T) {
	rows := map[string]string{
		"_gross":   "Sjuklön 80 % (45 tim å 190,25 kr) 6 849,00",
		"_holiday": "Semesterersättning 12 % 698,60",
		"_social":  "Sociala avgifter 31,42 % 2 048,66",
	}
	fields := func(grossConf float64, gross string) map[string]pipeline.Field {
		return map[string]pipeline.Field{
			"_gross":   {Value: gross, Raw: "6849 ,00", Confidence: grossConf},
			"_karens":  {Value: "-1027.35", Raw: "-1027,35", Confidence: 0.9},
			"_holiday": {Value: "698.60", Raw: "698,60", Confidence: 0.9},
			"_social":  {Value: "2048.66", Raw: "2048,66", Confidence: 0.9},
		}
	}
	// A faint gross that fits hours × wage × 80 % is kept.
	f := fields(0.3, "6849.00")
	costParts(f, rows, false)
	if f["sick_pay"].Value != "5821.65" || f["holiday_pay"].Value != "698.60" || f["social_fees"].Value != "2048.66" {
		t.Errorf("verified parts: %+v", f)
	}
	// A faint gross that fits nothing is dropped, and with it every part.
	f = fields(0.3, "6843.00")
	costParts(f, rows, false)
	if _, ok := f["sick_pay"]; ok || len(f) != 0 {
		t.Errorf("unverified parts kept: %+v", f)
	}
	// The deduction printed but its amount not read: the sick pay is not
	// known, so no part is kept.
	f = fields(0.9, "6849.00")
	delete(f, "_karens")
	rows["_karens"] = "Karensavdrag ~1 027,35"
	costParts(f, rows, false)
	if _, ok := f["sick_pay"]; ok {
		t.Errorf("parts kept without the deduction printed on the page: %+v", f)
	}
	delete(rows, "_karens")

	// A holiday pay read clearly but not 12 % of the sick pay, where the
	// parts do not add up to the amount claimed: on a scan a misreading
	// (no parts, no sum to question), in a text layer the claim's own.
	misread := func() map[string]pipeline.Field {
		f := fields(0.9, "6849.00")
		f["_holiday"] = pipeline.Field{Value: "2698.60", Raw: "2 698,60", Confidence: 0.9}
		f["amount_claimed"] = pipeline.Field{Value: "8568.91", Raw: "8 568,91", Confidence: 0.9}
		return f
	}
	f = misread()
	if costParts(f, rows, true); f["holiday_pay"].Value != "" {
		t.Errorf("scan: a misread part kept: %+v", f)
	}
	f = misread()
	if costParts(f, rows, false); f["holiday_pay"].Value != "2698.60" {
		t.Errorf("text layer: the claim's own part dropped: %+v", f)
	}
	// Parts that are their rates and a total that is not their sum: the
	// rule's to report, scan or not.
	f = fields(0.9, "6849.00")
	f["amount_claimed"] = pipeline.Field{Value: "9568.91", Raw: "9 568,91", Confidence: 0.9}
	if costParts(f, rows, true); f["sick_pay"].Value != "5821.65" {
		t.Errorf("scan: parts that fit their rates dropped: %+v", f)
	}
}

// TestPlusSign: a deduction whose minus a scan read as "+" is still its
// amount (the sign of a deduction is the row's, not the reading's).
func TestPlusSign(t *testing.T) {
	if c, _, ok := parseMoney("+887,75"); !ok || c != 88775 {
		t.Errorf(`parseMoney("+887,75") = %d, %v; want 88775`, c, ok)
	}
}

// TestAddressStopsAtCellGap: a received stamp printed beside the address
// box, on its line, is not part of the address.
func TestAddressStopsAtCellGap(t *testing.T) {
	got := extract(t, pipeline.TypeSchoolTransport, page(
		row(cell{50, "Folkbokföringsadress"}),
		row(cell{50, "Kyrkgatan 29B, 754 40 Björkvik"}, cell{400, "Björkviks kommun"}),
		row(cell{50, "Skola"}),
		row(cell{50, "Södra skolan"}),
	))
	expect(t, got, map[string]string{"address": "Kyrkgatan 29B, 754 40 Björkvik", "school": "Södra skolan"})
}

// TestPeriodEndLabelGarbled: a scan read the end's label "Til dato" as
// "Ta dato"; the later date beside the start is the end, with less
// confidence than a labelled one. An earlier date there is none.
func TestPeriodEndLabelGarbled(t *testing.T) {
	form := func(end string) pipeline.Page {
		return page(
			row(cell{50, "Ansøgning om befordring til og fra skole"}),
			row(cell{50, "4. Periode"}),
			row(cell{50, "Fra dato"}, cell{300, "Ta dato"}),
			row(cell{52, "12. august 2024"}, cell{302, end}),
		)
	}
	got := extract(t, pipeline.TypeSchoolTransport, form("27. juni 2025"))
	expect(t, got, map[string]string{"period_start": "2024-08-12", "period_end": "2025-06-27"})
	if got["period_end"].Confidence >= got["period_start"].Confidence {
		t.Errorf("end beside the start: confidence %v, not below the start's %v", got["period_end"].Confidence, got["period_start"].Confidence)
	}
	expect(t, extract(t, pipeline.TypeSchoolTransport, form("1. maj 2024")), map[string]string{"period_start": "2024-08-12", "period_end": ""})

	sick := page(
		row(cell{50, "Ansökan om ersättning för sjuklönekostnader"}),
		row(cell{50, "3. Sjuk personlig assistent"}),
		row(cell{50, "Sjuk från och med"}, cell{200, "Sjuk tll cch med"}, cell{350, "Antal dagar"}),
		row(cell{52, "2024-08-10"}, cell{202, "2024-08-12"}, cell{352, "3"}),
	)
	expect(t, extract(t, pipeline.TypeSickPayClaim, sick), map[string]string{"sick_from": "2024-08-10", "sick_to": "2024-08-12"})
}

// TestSchoolBesideCutLabel: a stamp over the grade label leaves "i
// perioden" of "Klassetrin i perioden" beside the school's label; a word
// in lower case is no school's name, and the school is read below.
func TestSchoolBesideCutLabel(t *testing.T) {
	got := extract(t, pipeline.TypeSchoolTransport, page(
		row(cell{50, "Ansøgning om befordring til og fra skole"}),
		row(cell{50, "1. Oplysninger om barnet"}),
		row(cell{50, "Barnets navn"}),
		row(cell{52, "Emil Egetoft"}),
		row(cell{50, "Skole"}, cell{380, "i perioden"}),
		row(cell{52, "Holmbæk Vestre Skole"}, cell{352, "8 kål sse"}),
	))
	expect(t, got, map[string]string{"school": "Holmbæk Vestre Skole"})
}
