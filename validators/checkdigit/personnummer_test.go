package checkdigit

import (
	"testing"
	"time"
)

func TestParsePersonnummer(t *testing.T) {
	ref := time.Date(2024, 6, 1, 15, 30, 0, 0, time.UTC)
	tests := []struct {
		name, in   string
		ref        time.Time
		number     string
		birth      string
		samordning bool
		kind       error
	}{
		// Skatteverket's worked check-digit example (SKV 704).
		{"SKV 704 example", "811218-9876", ref, "198112189876", "1981-12-18", false, nil},
		{"ten digits", "8112189876", ref, "198112189876", "1981-12-18", false, nil},
		{"twelve digits", "198112189876", ref, "198112189876", "1981-12-18", false, nil},
		{"twelve with dash", "19811218-9876", ref, "198112189876", "1981-12-18", false, nil},
		{"spaced", " 811218 - 9876 ", ref, "198112189876", "1981-12-18", false, nil},
		{"another example", "640823-3234", ref, "196408233234", "1964-08-23", false, nil},
		// Skatteverket's samordningsnummer example (SKVM 2010:3): a man born
		// 3 October 1970 with individual number 239.
		{"samordningsnummer", "701063-2391", ref, "197010632391", "1970-10-03", true, nil},
		{"samordningsnummer twelve", "197010632391", ref, "197010632391", "1970-10-03", true, nil},
		// Century from the reference date and the separator.
		{"dash, 2000s", "050101-1233", ref, "200501011233", "2005-01-01", false, nil},
		{"plus: 100 or older", "230505+1233", ref, "192305051233", "1923-05-05", false, nil},
		{"dash turns plus the year of the 100th birthday", "240101+1230", ref, "192401011230", "1924-01-01", false, nil},
		{"dash, earlier this year", "240101-1230", ref, "202401011230", "2024-01-01", false, nil},
		{"dash, later this year is the future", "240701-1234", ref, "", "", false, ErrDate},
		{"same number on its birthday", "240701-1234", time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), "202407011234", "2024-07-01", false, nil},
		{"29 February 2000", "000229-1235", ref, "200002291235", "2000-02-29", false, nil},
		{"29 February 1900", "000229+1235", ref, "", "", false, ErrDate},
		{"twelve digits in the future", "202501011234", ref, "", "", false, ErrDate},
		{"twelve digits without ref", "198112189876", time.Time{}, "198112189876", "1981-12-18", false, nil},
		{"ten digits without ref", "811218-9876", time.Time{}, "", "", false, ErrDate},
		{"30 February", "810230-1234", ref, "", "", false, ErrDate},
		{"day 40: neither form", "811240-1234", ref, "", "", false, ErrDate},
		{"samordning 31 November", "811191-1234", ref, "", "", false, ErrDate},
		{"month 00", "810018-1234", ref, "", "", false, ErrDate},
		{"century 17", "178112189876", ref, "", "", false, ErrDate},
		{"wrong check digit", "811218-9875", ref, "", "", false, ErrCheckDigit},
		{"swapped digits", "811218-8976", ref, "", "", false, ErrCheckDigit},
		{"birth number 000", "811218-0002", ref, "", "", false, ErrFormat},
		{"plus in the twelve-digit form", "19811218+9876", ref, "", "", false, ErrFormat},
		{"slash separator", "811218/9876", ref, "", "", false, ErrFormat},
		{"letters", "81121B-9876", ref, "", "", false, ErrFormat},
		{"nine digits", "811218-987", ref, "", "", false, ErrLength},
		{"eleven digits", "81121898761", ref, "", "", false, ErrLength},
		{"thirteen digits", "1981121898761", ref, "", "", false, ErrLength},
		{"two separators", "811218--9876", ref, "", "", false, ErrFormat},
		{"empty", "", ref, "", "", false, ErrFormat},
		{"word", "abc", ref, "", "", false, ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePersonnummer(tt.in, tt.ref)
			wantKind(t, err, tt.kind)
			if err != nil {
				return
			}
			if p.Number != tt.number || p.BirthDate.Format(time.DateOnly) != tt.birth || p.Samordning != tt.samordning {
				t.Errorf("got %s %s samordning=%v, want %s %s samordning=%v",
					p.Number, p.BirthDate.Format(time.DateOnly), p.Samordning, tt.number, tt.birth, tt.samordning)
			}
			if p.Century != p.BirthDate.Year()/100 {
				t.Errorf("century %d for %s", p.Century, p.BirthDate)
			}
		})
	}
}

func TestOrganisationsnummer(t *testing.T) {
	tests := []struct {
		name, in, want string
		kind           error
	}{
		{"Skatteverket", "202100-5448", "2021005448", nil},
		{"AB Volvo", "556012-5790", "5560125790", nil},
		{"Bankgirocentralen BGC AB", "556047-3521", "5560473521", nil},
		{"no dash", "5560125790", "5560125790", nil},
		{"century prefix 16", "16556012-5790", "5560125790", nil},
		{"century prefix 16, no dash", "165560125790", "5560125790", nil},
		{"spaced", "556012 - 5790", "5560125790", nil},
		{"wrong check digit", "556012-5791", "", ErrCheckDigit},
		{"personnummer", "811218-9876", "", ErrFormat},
		{"personnummer, twelve digits", "19811218-9876", "", ErrFormat},
		{"dash misplaced", "55601-25790", "", ErrFormat},
		{"two dashes", "5560-12-5790", "", ErrFormat},
		{"nine digits", "556012579", "", ErrLength},
		{"eleven digits", "55601257901", "", ErrLength},
		{"letter", "556O12-5790", "", ErrFormat},
		{"empty", "", "", ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Organisationsnummer(tt.in)
			wantKind(t, err, tt.kind)
			if got != tt.want {
				t.Errorf("Organisationsnummer(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
