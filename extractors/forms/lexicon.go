package forms

import "strings"

// concept is what a label asks for, independent of whose it is: a name,
// a personal id, a date. Forms combine a few concepts with a few roles
// ("Barnets navn", "Elevens personnummer", "Sjuk från och med"), so the
// lexicon lists each once and match.go composes them.
type concept int

const (
	cNone     concept = iota
	cRole             // a role word only ("Barnet", "Assistansanordnare")
	cStop             // a label of a field we do not read: it ends values
	cName             // a person's or an organisation's name
	cSigner           // the printed name under a signature
	cPersonID         // CPR-nummer, personnummer
	cOrgID            // organisationsnummer, CVR
	cAddress          //
	cSchool           //
	cGrade            //
	cReason           // the ground of an application (a short answer or a choice)
	cExplain          // the applicant's own words about it
	cPeriod           // a period printed as one value, "d1 – d2"
	cFrom             //
	cTo               //
	cSignDate         // when the application was signed or submitted
	cAmount           // the total claimed
	cGross            // sick pay before the waiting-day deduction
	cKarens           // the waiting-day deduction
	cHoliday          // holiday pay
	cSocial           // social fees
	cDecision         // the reference of a decision
	cBankgiro         //
	cIBAN             //
)

// role is whose a value is.
type role int

const (
	rNone role = iota
	rChild
	rGuardian
	rProvider
	rAssistant
	rAssisted
	rSick   // qualifies dates: the sick period
	rSign   // the signature block
	rPermit // a permit: its reference is not the decision
)

// entry is one label phrase.
type entry struct {
	phrase  []string // compact words
	concept concept
	role    role
	// implied is the concept a role word stands for when no concept word
	// follows it ("Ansøger: Jens Hansen", "personlig assistent Eva Berg").
	implied  concept
	strength float64
}

// functionWords may sit between a role word and its concept word
// ("den assistansberättigade med personnummer", "Navn på barnet").
var functionWords = map[string]bool{
	"med": true, "pa": true, "for": true, "om": true, "til": true, "till": true, "of": true,
	"the": true, "den": true, "det": true, "dess": true, "hans": true, "hennes": true, "i": true, "af": true, "av": true,
}

func ent(phrase string, c concept, r role, s float64) entry {
	var ws []string
	for _, p := range strings.Fields(phrase) {
		if k := compact(p); k != "" {
			ws = append(ws, k)
		}
	}
	return entry{phrase: ws, concept: c, role: r, strength: s}
}

func roleWords(r role, implied concept, words ...string) []entry {
	out := make([]entry, 0, len(words))
	for _, w := range words {
		e := ent(w, cRole, r, 0.85)
		e.implied = implied
		out = append(out, e)
	}
	return out
}

// owned gives concept phrases the role they name themselves.
func owned(r role, es []entry) []entry {
	for i := range es {
		es[i].role = r
	}
	return es
}

func concepts(c concept, s float64, phrases ...string) []entry {
	out := make([]entry, 0, len(phrases))
	for _, p := range phrases {
		out = append(out, ent(p, c, rNone, s))
	}
	return out
}

// lexicon holds the label phrases of Danish, Swedish, Norwegian and
// English application forms. Longer phrases win over their prefixes.
var lexicon = func() []entry {
	var l []entry
	add := func(es ...[]entry) {
		for _, e := range es {
			l = append(l, e...)
		}
	}
	add(
		roleWords(rChild, cName, "barnets", "barnet", "barn", "barns", "elevens", "eleven", "elev", "elevs",
			"child", "childs", "pupil", "pupils", "student", "students", "skolebarn", "skolebarnets",
			"søn", "datter", "sønnen", "datteren", "son", "dotter", "sonen", "dottern", "daughter"),
		roleWords(rGuardian, cName, "ansøger", "ansøgers", "ansøgeren", "ansøgerens", "sökande", "sökandes", "søker", "søkers",
			"forælder", "forældre", "forælderens", "forældres", "forælders", "förälder", "föräldrar", "förälderns", "vårdnadshavare", "vårdnadshavares",
			"værge", "forældremyndighedsindehaver", "indehaver af forældremyndigheden", "foresatt", "foresatte", "applicant", "applicants", "parent", "parents", "guardian", "guardians", "målsman"),
		roleWords(rProvider, cName, "anordnare", "anordnarens", "anordnaren", "assistansanordnare", "assistansanordnarens",
			"assistansanordnaren", "leverandør", "leverandørens", "assistanceleverandør", "provider", "providers",
			"arbetsgivare", "arbetsgivarens", "arbejdsgiver", "arbejdsgiverens", "employer", "employers", "utförare", "utförarens",
			"tjenesteyter", "företag", "företagets"),
		roleWords(rAssistant, cName, "assistent", "assistenten", "assistentens", "assistant", "assistants",
			"arbetstagare", "arbetstagarens", "medarbetare", "employee", "employees", "hjelper"),
		roleWords(rAssisted, cNone, "assistansberättigad", "assistansberättigade", "assistansberättigades",
			"assistansberättigads", "brukare", "brukaren", "brukarens", "insatsmottagare", "borger", "borgeren",
			"assisted", "beneficiary", "enskilde", "enskildes"),
		roleWords(rSick, cPeriod, "sjuk", "sjuka", "syg", "sick", "sjukskriven", "sygemeldt", "sygemeldt"),
		roleWords(rSign, cNone, "underskrift", "namnteckning", "signatur", "signature", "underskrevet", "underskrivet"),
		roleWords(rPermit, cNone, "tillstånd", "tilladelse", "ivo", "permit", "tillståndsnummer"),

		concepts(cName, 1, "navn", "namn", "name", "fulde navn", "fullständigt namn", "full name", "för- och efternamn",
			"fornavn og efternavn", "for- og efternavn", "navnet"),
		owned(rChild, concepts(cName, 1, "elevnavn", "elevnamn")),
		owned(rProvider, concepts(cName, 1, "firmanavn", "firmanamn", "företagsnamn", "company name", "virksomhedens navn")),
		concepts(cSigner, 0.9, "namnförtydligande", "navn med blokbogstaver", "blokbogstaver", "printed name",
			"name in block letters", "namn i klartext", "navn i blokbokstaver"),
		concepts(cPersonID, 1, "cpr", "cpr-nr", "cpr-nr.", "cpr nr", "cpr-nummer", "cprnummer", "personnummer", "personnr",
			"pers.nr", "pnr", "person nr", "fødselsnummer", "födelsenummer", "samordningsnummer",
			"personnummer/samordningsnummer", "personal identity number", "personal id", "civic registration number",
			"id-nummer", "id number", "personal number"),
		concepts(cOrgID, 1, "organisationsnummer", "org.nr", "orgnr", "org nr", "org. nr", "org.-nr", "organisasjonsnummer",
			"cvr", "cvr-nr", "cvr nr", "cvr-nummer", "company registration number", "corporate identity number",
			"registration number", "company number", "organisation number", "organization number"),
		concepts(cAddress, 1, "adresse", "adress", "folkeregisteradresse", "folkbokföringsadress", "bopælsadresse",
			"hjemadresse", "bostadsadress", "hemadress", "address", "home address", "bopæl", "bostad", "postadresse",
			"folkeregistreret adresse", "folkbokförd adress"),
		concepts(cSchool, 1, "skole", "skola", "school", "skolen", "skolan", "nuværende skole", "skolens navn",
			"skolans namn", "skolenavn", "nuvarande skola", "ønsket skole", "önskad skola", "name of school", "distriktsskole", "skole barnet går på", "skola eleven går i", "grundskola"),
		concepts(cGrade, 1, "klassetrin", "klassetrin i perioden", "klasse", "klass", "årskurs", "trinn", "grade",
			"school year", "year group", "klasstrin", "årskurs läsåret", "klassetrinn", "klassetrin i skoleåret"),
		concepts(cReason, 1, "begrundelse", "begrundelse for ansøgningen", "skäl", "skäl för ansökan", "årsag", "orsak",
			"reason", "reasons", "begrunnelse", "grund for ansøgning", "ansökan avser", "ansøgningen vedrører",
			"grounds", "reason for application", "skäl till ansökan"),
		concepts(cExplain, 1, "uddybning", "beskriv skälen", "skälen", "beskriv", "beskriv kort", "beskrivning", "beskrivelse", "motivering", "uddybende begrundelse",
			"explanation", "details", "bemærkninger", "övriga upplysningar", "supplerende oplysninger", "kommentar"),
		concepts(cPeriod, 1, "periode", "period", "perioden", "tidsperiode", "tidsperiod", "tidsrum", "ansøgningsperiode",
			"gäller för perioden", "ansøgt periode"),
		owned(rSick, concepts(cPeriod, 1, "sjukperiod", "sjukperioden", "sjukperiode", "sygeperiode", "sygeperioden",
			"sick period", "period of absence", "sjukfrånvaro", "sygefravær")),
		concepts(cFrom, 1, "fra dato", "fra og med", "från och med", "fom", "fr o m", "from date", "start date",
			"startdato", "startdatum", "gyldig fra", "gäller från", "første dag", "första dag", "första sjukdag", "första dagen",
			"first day", "fra"),
		concepts(cTo, 1, "til dato", "til og med", "till och med", "tom", "t o m", "to date", "end date", "slutdato",
			"slutdatum", "gyldig til", "gäller till", "sidste dag", "sista dag", "sista sjukdag", "sista dagen", "last day"),
		concepts(cSignDate, 0.85, "dato", "datum", "date", "ort och datum", "sted og dato", "sted og dato for underskrift", "dato og underskrift", "datum och underskrift", "datum och namnteckning",
			"dato for underskrift", "underskriftsdato", "indsendt", "inskickad", "submitted", "signed", "ansøgningsdato",
			"ansökningsdatum", "signed on", "underskrevet den", "date of application"),
		concepts(cAmount, 1, "summa att ersätta", "att ersätta", "totalt begärt belopp", "begärt belopp", "summa begärd ersättning",
			"belopp att ersätta", "ersättning totalt", "total ersättning", "totalbelopp", "i alt", "beløb i alt", "samlet beløb",
			"ansøgt beløb", "krævet beløb", "att utbetala", "belopp att utbetala", "begärd ersättning", "sökt belopp", "amount claimed", "total amount", "total claimed", "summa", "total", "totalt"),
		concepts(cGross, 1, "sjuklön", "sygeløn", "sick pay", "sjuklönekostnad", "sjuklön 80 %"),
		concepts(cKarens, 1, "karensavdrag", "karens", "karensdag", "avdrag för karens", "waiting day deduction"),
		concepts(cHoliday, 1, "semesterersättning", "semesterlön", "feriepenge", "holiday pay", "semestertillägg"),
		concepts(cSocial, 1, "sociala avgifter", "arbetsgivaravgifter", "lagstadgade avgifter", "arbejdsgiverbidrag",
			"social fees", "employer contributions", "social security contributions"),
		concepts(cDecision, 1, "beslut", "kommunens beslut", "beslut om personlig assistans", "beslutsnummer", "beslut dnr",
			"beslutets diarienummer", "diarienummer", "dnr", "afgørelse", "afgørelsens journalnummer", "journalnummer",
			"sagsnummer", "sagsnr", "decision", "decision reference", "decision number", "vedtak", "vedtaksnummer"),
		concepts(cBankgiro, 1, "bankgiro", "bankgironummer", "bg", "bg-nr", "bankgiro nr"),
		concepts(cIBAN, 1, "iban", "iban-nummer", "iban nr"),

		// Words a slip away from a label that are none: matched exactly
		// first, they keep "Personlig assistans" from reading as a person.
		concepts(cNone, 1, "assistans", "assistansen", "personlig assistans", "assistance"),

		// Labels of fields we do not read: they end the values of others.
		concepts(cStop, 1, "telefon", "telefonnummer", "tlf", "tel", "mobil", "mobilnummer", "phone", "e-post", "epost",
			"e-mail", "email", "mail", "relation", "relation til barnet", "relation till barnet", "relation till eleven",
			"relation to the child", "antal dagar", "antal dage", "schemalagda timmar", "timer", "timmar", "lovgrundlag",
			"lagrum", "ansøgnings-id", "ärendenummer", "sagsnummer hos kommunen", "kostnadsslag", "underlag",
			"belopp, kr", "modtaget", "mottaget", "inkom", "inkommen", "inkommit", "received", "kopi", "kopia", "copy",
			"betalt", "paid", "scannet", "skannad", "clearingnummer", "kontonummer", "reg.nr", "bank", "plusgiro", "ort", "sted", "swift", "bic"),
	)
	return l
}()
