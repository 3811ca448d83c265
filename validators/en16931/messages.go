package en16931

import (
	"fmt"
	"strconv"
	"strings"
)

// translated holds Danish and Swedish texts for the rules a caseworker
// meets most: the totals, the VAT breakdown, the mandatory header terms
// and the national rules; the VAT category rules are composed below.
// Other rules get a sentence naming the rule and its business terms (see
// message).
var translated = withMissing(map[string][2]string{
	"BR-02":                    {"Fakturanummer (BT-1) mangler.", "Fakturanummer (BT-1) saknas."},
	"BR-03":                    {"Fakturadato (BT-2) mangler.", "Fakturadatum (BT-2) saknas."},
	"BR-05":                    {"Valutakode (BT-5) mangler.", "Valutakod (BT-5) saknas."},
	"BR-06":                    {"Sælgers navn (BT-27) mangler.", "Säljarens namn (BT-27) saknas."},
	"BR-07":                    {"Køberens navn (BT-44) mangler.", "Köparens namn (BT-44) saknas."},
	"BR-16":                    {"Fakturaen har ingen fakturalinjer (BG-25).", "Fakturan har inga fakturarader (BG-25)."},
	"BR-27":                    {"Varens nettopris (BT-146) er negativ.", "Artikelns nettopris (BT-146) är negativt."},
	"BR-61":                    {"Betaling ved overførsel (kode 30 eller 58) uden kontonummer (BT-84).", "Betalning via överföring (kod 30 eller 58) utan kontonummer (BT-84)."},
	"BR-CO-09":                 {"Momsnummeret har ikke et gyldigt landepræfiks.", "Momsregistreringsnumret saknar giltigt landsprefix."},
	"BR-CO-10":                 {"Summen af linjebeløb (BT-106) er ikke summen af fakturalinjerne (BT-131).", "Summan av radbelopp (BT-106) är inte summan av fakturaraderna (BT-131)."},
	"BR-CO-11":                 {"Summen af rabatter (BT-107) er ikke summen af rabatterne på dokumentniveau (BT-92).", "Summan av rabatter (BT-107) är inte summan av rabatterna på dokumentnivå (BT-92)."},
	"BR-CO-12":                 {"Summen af gebyrer (BT-108) er ikke summen af gebyrerne på dokumentniveau (BT-99).", "Summan av avgifter (BT-108) är inte summan av avgifterna på dokumentnivå (BT-99)."},
	"BR-CO-13":                 {"Beløb uden moms (BT-109) er ikke linjesum minus rabatter plus gebyrer.", "Belopp exklusive moms (BT-109) är inte radsumma minus rabatter plus avgifter."},
	"BR-CO-14":                 {"Momsbeløbet i alt (BT-110) er ikke summen af momsbeløbene pr. kategori (BT-117).", "Total moms (BT-110) är inte summan av momsbeloppen per kategori (BT-117)."},
	"BR-CO-15":                 {"Beløb uden moms plus moms er ikke lig totalbeløbet (BT-112).", "Belopp exklusive moms plus moms är inte lika med totalbeloppet (BT-112)."},
	"BR-CO-16":                 {"Beløb til betaling (BT-115) er ikke totalbeløbet minus forudbetalt plus afrunding.", "Belopp att betala (BT-115) är inte totalbeloppet minus förskott plus avrundning."},
	"BR-CO-17":                 {"Momsbeløbet for en kategori (BT-117) passer ikke til grundlag gange sats.", "Momsbeloppet för en kategori (BT-117) stämmer inte med underlag gånger momssats."},
	"BR-CO-18":                 {"Fakturaen har ingen momsspecifikation (BG-23).", "Fakturan saknar momsspecifikation (BG-23)."},
	"BR-CO-25":                 {"Beløb til betaling er positivt, men forfaldsdato (BT-9) og betalingsbetingelser (BT-20) mangler.", "Belopp att betala är positivt men förfallodag (BT-9) och betalningsvillkor (BT-20) saknas."},
	"BR-CO-26":                 {"Sælger er ikke identificeret: hverken sælger-id, CVR/registreringsnummer eller momsnummer.", "Säljaren är inte identifierad: varken säljar-id, organisationsnummer eller momsregistreringsnummer."},
	"BR-S-08":                  {"Momsgrundlaget for normalsats (BT-116) er ikke summen af linjer, rabatter og gebyrer med samme sats.", "Momsunderlaget för normalsats (BT-116) är inte summan av rader, rabatter och avgifter med samma sats."},
	"BR-S-09":                  {"Momsbeløbet for normalsats (BT-117) er ikke grundlag gange sats.", "Momsbeloppet för normalsats (BT-117) är inte underlag gånger momssats."},
	"DK-R-002":                 {"Danske leverandører skal angive CVR-nummer (juridisk enhed, BT-30).", "Danska leverantörer ska ange CVR-nummer (juridisk person, BT-30)."},
	"DK-R-005":                 {"Betalingsmåden er ikke tilladt for danske leverandører (1, 10, 31, 42, 48, 49, 50, 58, 59, 93, 97).", "Betalningssättet är inte tillåtet för danska leverantörer (1, 10, 31, 42, 48, 49, 50, 58, 59, 93, 97)."},
	"DK-R-006":                 {"Ved betalingsmåde 31 eller 42 skal både registreringsnummer og kontonummer angives.", "Vid betalningssätt 31 eller 42 ska både registreringsnummer och kontonummer anges."},
	"DK-R-010":                 {"Ved FIK-betaling (93) skal betalings-id begynde med 71#, 73# eller 75#, og kreditornummeret have 8 tegn.", "Vid FIK-betalning (93) ska betalnings-id börja med 71#, 73# eller 75# och kreditornumret ha 8 tecken."},
	"DK-R-014":                 {"CVR-nummeret (BT-30) skal have skema-id 0184.", "CVR-numret (BT-30) ska ha schema-id 0184."},
	"SE-R-001":                 {"Svenske momsnumre skal have 14 tegn.", "Svenska momsregistreringsnummer ska ha 14 tecken."},
	"SE-R-004":                 {"Svenske organisationsnumre har 10 cifre.", "Svenska organisationsnummer har 10 siffror."},
	"SE-R-005":                 {"Svenske leverandører skal angive 'Godkänd för F-skatt' som skatteregistrering.", "Svenska leverantörer ska ange 'Godkänd för F-skatt' som skatteregistrering."},
	"SE-R-006":                 {"Svenske leverandører må kun bruge momssatserne 25, 12 og 6 % ved normalsats.", "Svenska leverantörer får bara använda momssatserna 25, 12 och 6 % vid normalsats."},
	"SE-R-013":                 {"Kontrolcifferet i det svenske organisationsnummer er forkert (Luhn).", "Kontrollsiffran i organisationsnumret är felaktig (Luhn)."},
	"invoice.vat_rate_country": {"Momssatsen findes ikke i sælgers land.", "Momssatsen finns inte i säljarens land."},
})

// missing names, in Danish and Swedish, what a presence rule wants:
// the finding says it is missing.
var missing = map[string][2]string{
	"BR-01":    {"Specifikations-id (BT-24)", "Specifikationsidentitet (BT-24)"},
	"BR-04":    {"Fakturatypekode (BT-3)", "Fakturatypkod (BT-3)"},
	"BR-08":    {"Sælgers postadresse (BG-5)", "Säljarens postadress (BG-5)"},
	"BR-09":    {"Sælgers landekode (BT-40)", "Säljarens landskod (BT-40)"},
	"BR-10":    {"Køberens postadresse (BG-8)", "Köparens postadress (BG-8)"},
	"BR-11":    {"Køberens landekode (BT-55)", "Köparens landskod (BT-55)"},
	"BR-12":    {"Summen af linjebeløb (BT-106)", "Summan av radbelopp (BT-106)"},
	"BR-13":    {"Beløb uden moms (BT-109)", "Belopp exklusive moms (BT-109)"},
	"BR-14":    {"Beløb med moms (BT-112)", "Belopp inklusive moms (BT-112)"},
	"BR-15":    {"Beløb til betaling (BT-115)", "Belopp att betala (BT-115)"},
	"BR-18":    {"Skatterepræsentantens navn (BT-62)", "Skatteombudets namn (BT-62)"},
	"BR-19":    {"Skatterepræsentantens postadresse (BG-12)", "Skatteombudets postadress (BG-12)"},
	"BR-20":    {"Skatterepræsentantens landekode (BT-69)", "Skatteombudets landskod (BT-69)"},
	"BR-21":    {"Linje-id (BT-126)", "Rad-id (BT-126)"},
	"BR-22":    {"Fakturerede mængde (BT-129)", "Fakturerad kvantitet (BT-129)"},
	"BR-23":    {"Måleenhed for mængden (BT-130)", "Måttenhet för kvantiteten (BT-130)"},
	"BR-24":    {"Linjebeløb (BT-131)", "Radbelopp (BT-131)"},
	"BR-25":    {"Varenavn (BT-153)", "Artikelnamn (BT-153)"},
	"BR-26":    {"Varens nettopris (BT-146)", "Artikelns nettopris (BT-146)"},
	"BR-31":    {"Rabatbeløb på dokumentniveau (BT-92)", "Rabattbelopp på dokumentnivå (BT-92)"},
	"BR-32":    {"Momskategori for rabat på dokumentniveau (BT-95)", "Momskategori för rabatt på dokumentnivå (BT-95)"},
	"BR-33":    {"Årsag eller årsagskode for rabat (BT-97/BT-98)", "Orsak eller orsakskod för rabatt (BT-97/BT-98)"},
	"BR-36":    {"Gebyrbeløb på dokumentniveau (BT-99)", "Avgiftsbelopp på dokumentnivå (BT-99)"},
	"BR-37":    {"Momskategori for gebyr på dokumentniveau (BT-102)", "Momskategori för avgift på dokumentnivå (BT-102)"},
	"BR-38":    {"Årsag eller årsagskode for gebyr (BT-104/BT-105)", "Orsak eller orsakskod för avgift (BT-104/BT-105)"},
	"BR-41":    {"Rabatbeløb på linjen (BT-136)", "Rabattbelopp på raden (BT-136)"},
	"BR-42":    {"Årsag eller årsagskode for linjerabat (BT-139/BT-140)", "Orsak eller orsakskod för radrabatt (BT-139/BT-140)"},
	"BR-43":    {"Gebyrbeløb på linjen (BT-141)", "Avgiftsbelopp på raden (BT-141)"},
	"BR-44":    {"Årsag eller årsagskode for linjegebyr (BT-144/BT-145)", "Orsak eller orsakskod för radavgift (BT-144/BT-145)"},
	"BR-45":    {"Momsgrundlag i momsspecifikationen (BT-116)", "Momsunderlag i momsspecifikationen (BT-116)"},
	"BR-46":    {"Momsbeløb i momsspecifikationen (BT-117)", "Momsbelopp i momsspecifikationen (BT-117)"},
	"BR-47":    {"Momskategori i momsspecifikationen (BT-118)", "Momskategori i momsspecifikationen (BT-118)"},
	"BR-48":    {"Momssats i momsspecifikationen (BT-119)", "Momssats i momsspecifikationen (BT-119)"},
	"BR-49":    {"Betalingsmådekode (BT-81)", "Betalningssättskod (BT-81)"},
	"BR-50":    {"Kontonummer for overførslen (BT-84)", "Kontonummer för överföringen (BT-84)"},
	"BR-52":    {"Reference til bilag (BT-122)", "Referens till bilaga (BT-122)"},
	"BR-53":    {"Momsbeløb i regnskabsvalutaen (BT-111)", "Momsbelopp i redovisningsvalutan (BT-111)"},
	"BR-54":    {"Navn eller værdi for en vareegenskab (BT-160/BT-161)", "Namn eller värde för en artikelegenskap (BT-160/BT-161)"},
	"BR-55":    {"Nummer på den tidligere faktura (BT-25)", "Nummer på den tidigare fakturan (BT-25)"},
	"BR-56":    {"Skatterepræsentantens momsnummer (BT-63)", "Skatteombudets momsregistreringsnummer (BT-63)"},
	"BR-57":    {"Landekode for leveringsadressen (BT-80)", "Landskod för leveransadressen (BT-80)"},
	"BR-62":    {"Skema-id for sælgers elektroniske adresse (BT-34)", "Schema-id för säljarens elektroniska adress (BT-34)"},
	"BR-63":    {"Skema-id for køberens elektroniske adresse (BT-49)", "Schema-id för köparens elektroniska adress (BT-49)"},
	"BR-64":    {"Skema-id for varens standard-id (BT-157)", "Schema-id för artikelns standard-id (BT-157)"},
	"BR-65":    {"Skema-id for varens klassifikation (BT-158)", "Schema-id för artikelns klassificering (BT-158)"},
	"BR-CO-04": {"Momskategori på linjen (BT-151)", "Momskategori på raden (BT-151)"},
	"BR-CO-19": {"Start- eller slutdato for fakturaperioden (BT-73/BT-74)", "Start- eller slutdatum för fakturaperioden (BT-73/BT-74)"},
	"BR-CO-20": {"Start- eller slutdato for linjeperioden (BT-134/BT-135)", "Start- eller slutdatum för radperioden (BT-134/BT-135)"},
	"BR-CO-21": {"Årsag eller årsagskode for rabat (BT-97/BT-98)", "Orsak eller orsakskod för rabatt (BT-97/BT-98)"},
	"BR-CO-22": {"Årsag eller årsagskode for gebyr (BT-104/BT-105)", "Orsak eller orsakskod för avgift (BT-104/BT-105)"},
	"BR-CO-23": {"Årsag eller årsagskode for linjerabat (BT-139/BT-140)", "Orsak eller orsakskod för radrabatt (BT-139/BT-140)"},
	"BR-CO-24": {"Årsag eller årsagskode for linjegebyr (BT-144/BT-145)", "Orsak eller orsakskod för radavgift (BT-144/BT-145)"},
}

// withMissing adds to texts the presence rules (missing) and the rules
// whose text does not fit a pattern.
func withMissing(texts map[string][2]string) map[string][2]string {
	for id, m := range missing {
		texts[id] = [2]string{m[0] + " mangler.", m[1] + " saknas."}
	}
	for id, t := range map[string][2]string{
		"BR-17":     {"Betalingsmodtagerens navn (BT-59) mangler, eller modtageren er sælgeren selv.", "Betalningsmottagarens namn (BT-59) saknas, eller mottagaren är säljaren själv."},
		"BR-28":     {"Varens bruttopris (BT-148) er negativ.", "Artikelns bruttopris (BT-148) är negativt."},
		"BR-29":     {"Fakturaperiodens slutdato ligger før startdatoen.", "Fakturaperiodens slutdatum ligger före startdatumet."},
		"BR-30":     {"Linjeperiodens slutdato ligger før startdatoen.", "Radperiodens slutdatum ligger före startdatumet."},
		"BR-51":     {"Betalingskortets nummer skal angives med 4 til 6 cifre (BT-87).", "Betalkortets nummer ska anges med 4 till 6 siffror (BT-87)."},
		"BR-66":     {"Fakturaen må højst have ét betalingskort (BG-18).", "Fakturan får ha högst ett betalkort (BG-18)."},
		"BR-67":     {"Fakturaen må højst have ét betalingsmandat (BG-19).", "Fakturan får ha högst ett betalningsmandat (BG-19)."},
		"BR-CO-03":  {"Momstidspunkt (BT-7) og momstidspunktskode (BT-8) må ikke angives begge.", "Momsdatum (BT-7) och momsdatumkod (BT-8) får inte anges båda."},
		"BR-B-01":   {"Split payment (B) må kun bruges på indenlandske italienske fakturaer.", "Split payment (B) får bara användas på inhemska italienska fakturor."},
		"BR-B-02":   {"Split payment (B) og normalsats (S) må ikke bruges på samme faktura.", "Split payment (B) och normalskattesats (S) får inte användas på samma faktura."},
		"BR-IC-11":  {"Ved levering inden for EU (K) skal leveringsdato (BT-72) eller fakturaperiode (BG-14) angives.", "Vid unionsintern leverans (K) ska leveransdatum (BT-72) eller fakturaperiod (BG-14) anges."},
		"BR-IC-12":  {"Ved levering inden for EU (K) skal leveringslandet (BT-80) angives.", "Vid unionsintern leverans (K) ska leveranslandet (BT-80) anges."},
		"BR-O-11":   {"En faktura uden for momsområdet (O) må ikke have andre momskategorier i momsspecifikationen.", "En faktura utanför momsens tillämpningsområde (O) får inte ha andra momskategorier i momsspecifikationen."},
		"BR-O-12":   {"En faktura uden for momsområdet (O) må ikke have linjer med en anden momskategori.", "En faktura utanför momsens tillämpningsområde (O) får inte ha rader med en annan momskategori."},
		"BR-O-13":   {"En faktura uden for momsområdet (O) må ikke have rabatter med en anden momskategori.", "En faktura utanför momsens tillämpningsområde (O) får inte ha rabatter med en annan momskategori."},
		"BR-O-14":   {"En faktura uden for momsområdet (O) må ikke have gebyrer med en anden momskategori.", "En faktura utanför momsens tillämpningsområde (O) får inte ha avgifter med en annan momskategori."},
		"BR-CL-03":  {"Valutakoden på et beløb findes ikke i ISO 4217.", "Valutakoden på ett belopp finns inte i ISO 4217."},
		"UBL-DT-01": {"Et beløb har mere end to decimaler.", "Ett belopp har fler än två decimaler."},
		"DK-R-003":  {"Varenes klassifikation skal bruge UNSPSC version 19.05.01 eller 26.08.01.", "Artiklarnas klassificering ska använda UNSPSC version 19.05.01 eller 26.08.01."},
		"DK-R-004":  {"Afgifter med årsagskode ZZZ skal have den 4-cifrede afgiftskode (eller en tekst med #) som årsag.", "Avgifter med orsakskod ZZZ ska ha den fyrsiffriga avgiftskoden (eller en text med #) som orsak."},
		"DK-R-007":  {"Ved betalingsmåde 49 skal mandat-id og betalers konto angives.", "Vid betalningssätt 49 ska mandat-id och betalarens konto anges."},
		"DK-R-008":  {"Ved girobetaling (50) skal betalings-id begynde med 01#, 04# eller 15#, og gironummeret have 7 eller 8 cifre.", "Vid girobetalning (50) ska betalnings-id börja med 01#, 04# eller 15# och gironumret ha 7 eller 8 siffror."},
		"DK-R-009":  {"Ved girobetaling (50) med 04# eller 15# skal betalings-id have 16 cifre efter #.", "Vid girobetalning (50) med 04# eller 15# ska betalnings-id ha 16 siffror efter #."},
		"DK-R-011":  {"Ved FIK-betaling (93) med 71# eller 75# skal betalings-id have 15 eller 16 cifre efter #.", "Vid FIK-betalning (93) med 71# eller 75# ska betalnings-id ha 15 eller 16 siffror efter #."},
		"DK-R-016":  {"En dansk kreditnota må ikke have et negativt beløb til betaling.", "En dansk kreditnota får inte ha ett negativt belopp att betala."},
		"SE-R-002":  {"Svenske momsnumre skal have 12 cifre efter SE.", "Svenska momsregistreringsnummer ska ha 12 siffror efter SE."},
		"SE-R-003":  {"Svenske organisationsnumre skal være numeriske.", "Svenska organisationsnummer ska vara numeriska."},
		"SE-R-007":  {"Plusgironummeret skal være numerisk.", "Plusgironumret ska vara numeriskt."},
		"SE-R-008":  {"Bankgironummeret skal være numerisk.", "Bankgironumret ska vara numeriskt."},
		"SE-R-009":  {"Bankgironummeret skal have 7 eller 8 cifre.", "Bankgironumret ska ha 7 eller 8 siffror."},
		"SE-R-010":  {"Plusgironummeret skal have 2 til 8 cifre.", "Plusgironumret ska ha 2 till 8 siffror."},
		"SE-R-011":  {"Bankgiro og plusgiro angives med betalingsmåde 30 og SE:BANKGIRO eller SE:PLUSGIRO.", "Bankgiro och plusgiro anges med betalningssätt 30 och SE:BANKGIRO eller SE:PLUSGIRO."},
		"SE-R-012":  {"Overførsler mellem svenske parter angives med betalingsmåde 30, ikke 31.", "Överföringar mellan svenska parter anges med betalningssätt 30, inte 31."},
	} {
		texts[id] = t
	}
	return texts
}

// vatNames names the VAT categories in Danish and Swedish.
var vatNames = map[string][2]string{
	"BR-S":  {"normalsats (S)", "normalskattesats (S)"},
	"BR-Z":  {"nulsats (Z)", "nollskattesats (Z)"},
	"BR-E":  {"momsfritaget (E)", "momsbefriad (E)"},
	"BR-AE": {"omvendt betalingspligt (AE)", "omvänd skattskyldighet (AE)"},
	"BR-IC": {"levering inden for EU (K)", "unionsintern leverans (K)"},
	"BR-G":  {"eksport uden for EU (G)", "export utanför EU (G)"},
	"BR-O":  {"uden for momsområdet (O)", "utanför momsens tillämpningsområde (O)"},
	"BR-AF": {"IGIC, De Kanariske Øer (L)", "IGIC, Kanarieöarna (L)"},
	"BR-AG": {"IPSI, Ceuta og Melilla (M)", "IPSI, Ceuta och Melilla (M)"},
}

// vatTexts are the Danish and Swedish texts of BR-x-01 to BR-x-10, with
// %s for the category.
var vatTexts = map[int][2]string{
	1:  {"Momskategorien %s bruges på linjer, rabatter eller gebyrer, men momsspecifikationen (BG-23) passer ikke til det.", "Momskategorin %s används på rader, rabatter eller avgifter men momsspecifikationen (BG-23) stämmer inte med det."},
	2:  {"Linjer med momskategorien %s kræver de momsnumre reglen nævner (sælger, repræsentant, køber).", "Rader med momskategorin %s kräver de momsregistreringsnummer regeln anger (säljare, representant, köpare)."},
	3:  {"Rabatter med momskategorien %s kræver de momsnumre reglen nævner (sælger, repræsentant, køber).", "Rabatter med momskategorin %s kräver de momsregistreringsnummer regeln anger (säljare, representant, köpare)."},
	4:  {"Gebyrer med momskategorien %s kræver de momsnumre reglen nævner (sælger, repræsentant, køber).", "Avgifter med momskategorin %s kräver de momsregistreringsnummer regeln anger (säljare, representant, köpare)."},
	5:  {"Momssatsen på en linje med momskategorien %s er ikke tilladt.", "Momssatsen på en rad med momskategorin %s är inte tillåten."},
	6:  {"Momssatsen på en rabat med momskategorien %s er ikke tilladt.", "Momssatsen på en rabatt med momskategorin %s är inte tillåten."},
	7:  {"Momssatsen på et gebyr med momskategorien %s er ikke tilladt.", "Momssatsen på en avgift med momskategorin %s är inte tillåten."},
	8:  {"Momsgrundlaget for %s (BT-116) er ikke summen af linjer, rabatter og gebyrer i kategorien.", "Momsunderlaget för %s (BT-116) är inte summan av rader, rabatter och avgifter i kategorin."},
	9:  {"Momsbeløbet for %s (BT-117) er forkert.", "Momsbeloppet för %s (BT-117) är fel."},
	10: {"Fritagelsesgrunden (BT-120/BT-121) for %s mangler eller må ikke angives.", "Undantagsskälet (BT-120/BT-121) för %s saknas eller får inte anges."},
}

// translation is the Danish and Swedish text of rule id, if there is one.
func translation(id string) (da, sv string, ok bool) {
	if t, ok := translated[id]; ok {
		return t[0], t[1], true
	}
	if r := ruleByID[id]; r != nil && len(r.Terms) > 0 {
		terms := strings.Join(r.Terms, ", ")
		switch {
		case strings.HasPrefix(id, "BR-DEC-"):
			return "Beløbet (" + terms + ") må højst have to decimaler.", "Beloppet (" + terms + ") får ha högst två decimaler.", true
		case strings.HasPrefix(id, "BR-CL-"):
			return "Koden (" + terms + ") findes ikke i kodelisten.", "Koden (" + terms + ") finns inte i kodlistan.", true
		}
	}
	i := strings.LastIndexByte(id, '-')
	if i < 0 {
		return "", "", false
	}
	name, ok1 := vatNames[id[:i]]
	n, err := strconv.Atoi(id[i+1:])
	text, ok2 := vatTexts[n]
	if !ok1 || err != nil || !ok2 {
		return "", "", false
	}
	return fmt.Sprintf(text[0], name[0]), fmt.Sprintf(text[1], name[1]), true
}

var ruleByID = func() map[string]*Rule {
	m := map[string]*Rule{}
	for _, r := range ruleTable {
		m[r.ID] = r
	}
	return m
}()
