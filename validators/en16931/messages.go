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
var translated = map[string][2]string{
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
