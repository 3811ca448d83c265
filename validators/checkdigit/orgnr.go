package checkdigit

import (
	"fmt"
	"strings"
)

// Organisationsnummer validates a Swedish organisationsnummer of a legal
// entity and returns its ten digits (Skatteverket SKV 709; lag (1974:174)
// om identitetsbeteckning för juridiska personer m.fl.).
//
// Rule: ten digits, the third at least 2 (so the "month" 20–99 can never
// be a personnummer's), the last the Luhn digit of the other nine. Accepted
// forms are "556012-5790", "5560125790" and the twelve-digit forms with
// the fictitious century prefix 16 ("16556012-5790", "165560125790").
// A sole trader's organisationsnummer is the owner's personnummer: parse
// it with ParsePersonnummer, not here (this returns ErrFormat for it).
func Organisationsnummer(s string) (string, error) {
	const scheme = "organisationsnummer"
	t := clean(s)
	if len(t) == 12 || len(t) == 13 {
		if !strings.HasPrefix(t, "16") {
			return "", newErr(scheme, ErrFormat, "a twelve-digit organisationsnummer starts with 16")
		}
		t = t[2:]
	}
	t, ok := dropDash(t, len(t)-5)
	if !ok {
		return "", newErr(scheme, ErrFormat, "the only separator is a dash before the last four digits")
	}
	if !allDigits(t) {
		return "", newErr(scheme, ErrFormat, fmt.Sprintf("%q is not NNNNNN-NNNN", s))
	}
	if len(t) != 10 {
		return "", newErr(scheme, ErrLength, fmt.Sprintf("%d digits, want 10", len(t)))
	}
	if t[2] < '2' {
		return "", newErr(scheme, ErrFormat, "third digit below 2: a personnummer, not a legal entity's number")
	}
	if !Luhn(t) {
		return "", newErr(scheme, ErrCheckDigit, fmt.Sprintf("Luhn digit of %s is %d, not %c", t[:9], LuhnDigit(t[:9]), t[9]))
	}
	return t, nil
}
