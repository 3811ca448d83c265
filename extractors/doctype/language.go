package doctype

// stopWords are frequent function words and invoice words per language,
// folded (lower case, no diacritics). A word shared by several languages
// counts for each in proportion (1/n), so the distinctive ones decide:
// Danish "af", "venligst", "beløb" against Norwegian "av", "vennligst",
// "beløp".
var stopWords = map[string][]string{
	"da": {
		"og", "af", "til", "er", "den", "det", "at", "med", "for", "ikke", "som", "fra", "har", "vi", "pa", "eller",
		"efter", "venligst", "belob", "bliver", "jeres", "vores", "heraf", "hvis", "denne", "dette", "moms",
		"mellem", "aftale", "kr", "ialt", "alt", "bedes", "indbetales", "kontonr", "fakturanr", "forfaldsdato",
		"betalingsbetingelser", "dato", "nu", "skal", "kan", "ved", "deres", "hvad", "maned", "maneder", "side",
		"ansogning", "barnets", "skole", "kommune", "jer", "vedrorende", "endnu", "modtaget", "leveret",
		"anmodning", "underskrift", "samt", "hos", "ogsa", "venlig", "hilsen", "kreditnota", "rykker",
	},
	"sv": {
		"och", "att", "av", "for", "med", "inte", "som", "fran", "har", "vi", "ar", "pa", "till", "eller", "om",
		"belopp", "moms", "betala", "vanligen", "var", "ert", "er", "detta", "denna", "sidan", "forfallodatum",
		"fakturadatum", "fakturanummer", "summa", "efter", "kr", "kronor", "datum", "dag", "dagar", "betalning",
		"ansokan", "ersattning", "sjuklon", "kommun", "skolan", "barnets", "manad", "ska", "kan", "vid", "ej",
		"avser", "fatt", "underskrift", "namn", "arskurs", "samt", "hos", "ocksa", "kreditfaktura", "halsningar",
		"paminnelse", "betalningspaminnelse",
	},
	"no": {
		"og", "av", "til", "er", "den", "det", "at", "med", "for", "ikke", "som", "fra", "har", "vi", "pa", "eller",
		"etter", "vennligst", "belop", "blir", "deres", "denne", "dette", "mva", "hva", "mellom", "avtale", "kr",
		"forfallsdato", "fakturanr", "fakturadato", "dato", "skal", "kan", "ved", "kid", "kontonummer", "betales",
		"maned", "soknad", "skole", "kommune", "sum", "totalt", "hvis", "samt", "hos", "ogsa", "hilsen",
		"purring", "kreditnota",
	},
	"en": {
		"the", "and", "of", "to", "for", "with", "is", "please", "amount", "total", "date", "due", "invoice",
		"your", "our", "this", "by", "from", "on", "at", "payment", "are", "be", "we", "you", "will", "number",
		"no", "tax", "subtotal", "terms", "days", "account", "bank", "thank", "credit", "note", "order",
		"records", "show", "that", "has", "have", "been", "not", "reminder", "overdue",
	},
	"de": {
		"und", "der", "die", "das", "mit", "fur", "von", "ist", "nicht", "bitte", "betrag", "rechnung", "den",
		"dem", "des", "ein", "eine", "zu", "auf", "im", "bei", "sie", "wir", "ihre", "unser", "nr", "datum",
		"summe", "gesamt", "netto", "brutto", "zahlbar", "tagen", "bis", "vom", "umsatzsteuer", "mwst", "ust",
		"steuer", "kunde", "seite", "bestellung",
	},
	"fr": {
		"le", "la", "les", "et", "de", "des", "du", "pour", "avec", "est", "montant", "facture", "un", "une", "en",
		"au", "aux", "par", "sur", "nous", "vous", "votre", "tva", "ttc", "ht", "date", "total", "paiement",
		"echeance", "client", "commande", "jours", "merci",
	},
	"nl": {
		"de", "het", "en", "van", "voor", "met", "is", "niet", "een", "bedrag", "factuur", "op", "te", "aan",
		"bij", "wij", "u", "uw", "ons", "onze", "btw", "totaal", "datum", "betaling", "vervaldatum", "klant",
		"dagen", "binnen", "graag", "over",
	},
}

// letterCues are letters that only some of the languages write.
var letterCues = map[rune][]string{
	'æ': {"da", "no"}, 'ø': {"da", "no"}, 'å': {"da", "sv", "no"},
	'ä': {"sv", "de"}, 'ö': {"sv", "de"}, 'ü': {"de"}, 'ß': {"de"},
	'é': {"fr"}, 'è': {"fr"}, 'ê': {"fr"}, 'ç': {"fr"}, 'à': {"fr"}, 'ë': {"nl", "fr"},
}

// languages lists the languages we detect, in a stable order.
var languages = []string{"da", "sv", "no", "en", "de", "fr", "nl"}

var stopIndex = func() map[string][]string {
	idx := make(map[string][]string)
	for _, lang := range languages {
		for _, w := range stopWords[lang] {
			idx[w] = append(idx[w], lang)
		}
	}
	return idx
}()

// detectLanguage scores the languages by stop words and telling letters
// and returns the best with its share of the evidence, or "" when the text
// is too short or too mixed to say.
func detectLanguage(tokens []token, raw string) (string, float64) {
	score := make(map[string]float64)
	for _, t := range tokens {
		langs := stopIndex[t.key]
		for _, l := range langs {
			score[l] += 1 / float64(len(langs))
		}
	}
	for _, r := range raw {
		for _, l := range letterCues[r] {
			score[l] += 0.5 / float64(len(letterCues[r]))
		}
	}
	best, second, total := "", 0.0, 0.0
	for _, l := range languages {
		s := score[l]
		total += s
		if best == "" || s > score[best] {
			if best != "" {
				second = max(second, score[best])
			}
			best = l
		} else {
			second = max(second, s)
		}
	}
	if best == "" || score[best] < 2.5 || score[best] < 1.2*second {
		return "", 0
	}
	return best, score[best] / total
}
