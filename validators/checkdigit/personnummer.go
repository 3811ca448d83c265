package checkdigit

import (
	"fmt"
	"strings"
	"time"
)

// Personnummer is a parsed Swedish personnummer or samordningsnummer.
type Personnummer struct {
	// Number is the twelve-digit form YYYYMMDDNNNC that Skatteverket
	// stores; a samordningsnummer keeps its day plus 60.
	Number     string
	BirthDate  time.Time // the real birth date, midnight UTC
	Century    int       // 18, 19 or 20
	Samordning bool      // a samordningsnummer (day of birth plus 60)
}

// ParsePersonnummer parses a Swedish personnummer or samordningsnummer in
// any of the forms YYMMDD-NNNC, YYMMDD+NNNC, YYMMDDNNNC, YYYYMMDDNNNC and
// YYYYMMDD-NNNC (folkbokföringslagen 18 and 18 a §§; Skatteverket SKV 704
// and SKV 707).
//
// The ten-digit forms carry no century. Skatteverket changes the dash to
// a plus sign in the year the person turns 100, so with '-' (or no
// separator) the birth year is the latest year, not after ref's year,
// ending in YY, and with '+' the latest such year at least 100 years
// before ref's year. ref is the date the number was written (the document
// date); it is required for the ten-digit forms. For every form the birth
// year must lie in 1800–2099 (Skatteverket's centuries 18, 19 and 20) and a
// birth date after ref is rejected.
//
// The birth number NNN is 001–999. In a samordningsnummer the day of birth
// is increased by 60 (61–91). The date must exist (ErrDate), and the check
// digit C is the Luhn digit of the other nine digits of the ten-digit form
// (ErrCheckDigit).
func ParsePersonnummer(s string, ref time.Time) (Personnummer, error) {
	const scheme = "personnummer"
	t := clean(s)
	if d := strings.NewReplacer("-", "", "+", "").Replace(t); !allDigits(d) {
		return Personnummer{}, newErr(scheme, ErrFormat, fmt.Sprintf("%q is not YYMMDD-NNNC", s))
	} else if len(d) != 10 && len(d) != 12 {
		return Personnummer{}, newErr(scheme, ErrLength, fmt.Sprintf("%d digits, want 10 or 12", len(d)))
	}
	var digits string
	sep := byte('-')
	switch len(t) {
	case 10, 12:
		digits = t
	case 11:
		sep = t[6]
		if sep != '-' && sep != '+' {
			return Personnummer{}, newErr(scheme, ErrFormat, "separator after YYMMDD must be '-' or '+'")
		}
		digits = t[:6] + t[7:]
	case 13:
		if t[8] != '-' {
			return Personnummer{}, newErr(scheme, ErrFormat, "the twelve-digit form takes only '-' after YYYYMMDD")
		}
		digits = t[:8] + t[9:]
	default:
		return Personnummer{}, newErr(scheme, ErrFormat, fmt.Sprintf("%q is not YYMMDD-NNNC", s))
	}
	if !allDigits(digits) {
		return Personnummer{}, newErr(scheme, ErrFormat, fmt.Sprintf("%q is not YYMMDD-NNNC", s))
	}
	short := digits
	if len(digits) == 12 {
		short = digits[2:]
	}
	if short[6:9] == "000" {
		return Personnummer{}, newErr(scheme, ErrFormat, "birth number 000")
	}

	yy, mm, dd := atoi(short[0:2]), atoi(short[2:4]), atoi(short[4:6])
	samordning := dd > 60
	if samordning {
		dd -= 60
	}
	var year int
	if len(digits) == 12 {
		year = atoi(digits[:4])
	} else {
		if ref.IsZero() {
			return Personnummer{}, newErr(scheme, ErrDate, "no reference date to resolve the century of a ten-digit number")
		}
		ry := ref.Year()
		year = ry - ((ry-yy)%100+100)%100
		if sep == '+' {
			year -= 100
		}
	}
	if year < 1800 || year > 2099 {
		return Personnummer{}, newErr(scheme, ErrDate, fmt.Sprintf("birth year %d, Skatteverket's centuries are 18, 19 and 20", year))
	}
	birth, ok := date(year, mm, dd)
	if !ok {
		return Personnummer{}, newErr(scheme, ErrDate, fmt.Sprintf("%04d-%02d-%02d does not exist", year, mm, dd))
	}
	if !ref.IsZero() {
		if r := time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, time.UTC); birth.After(r) {
			return Personnummer{}, newErr(scheme, ErrDate, fmt.Sprintf("birth date %s is after the reference date %s",
				birth.Format(time.DateOnly), r.Format(time.DateOnly)))
		}
	}
	if !Luhn(short) {
		return Personnummer{}, newErr(scheme, ErrCheckDigit, fmt.Sprintf("Luhn digit of %s is %d, not %c",
			short[:9], LuhnDigit(short[:9]), short[9]))
	}
	return Personnummer{
		Number:     fmt.Sprintf("%04d", year) + short[2:],
		BirthDate:  birth,
		Century:    year / 100,
		Samordning: samordning,
	}, nil
}
