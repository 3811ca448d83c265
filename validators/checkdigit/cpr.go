package checkdigit

import (
	"fmt"
	"time"
)

// cprWeights are the CPR office's modulus-11 weights for the ten digits.
var cprWeights = []int{4, 3, 2, 7, 6, 5, 4, 3, 2, 1}

// CPR is a parsed Danish personal identification number (CPR-nummer).
type CPR struct {
	Number    string    // ten digits DDMMYYSSSS
	BirthDate time.Time // midnight UTC
	// Mod11 reports whether the number passes the modulus-11 check. Since
	// 1 October 2007 the CPR office issues numbers without it for birth
	// dates whose modulus-11 numbers ran out, so failing it is a warning.
	Mod11 bool
	// Warnings are problems that do not make the number invalid; each is
	// an *Error (Kind ErrCheckDigit for a failed modulus-11 check).
	Warnings []error
}

// ParseCPR parses a Danish CPR number, DDMMYY-SSSS, with or without the
// dash. The century comes from the seventh digit (the first of the serial
// SSSS) and the year, per the CPR office's table:
//
//	7th digit   YY 00–36   YY 37–57   YY 58–99
//	0–3         19YY       19YY       19YY
//	4, 9        20YY       19YY       19YY
//	5–8         20YY       20YY       18YY
//
// The date must exist. The modulus-11 check (weights 4, 3, 2, 7, 6, 5, 4,
// 3, 2, 1) is reported in Mod11 and Warnings, never as an error.
func ParseCPR(s string) (CPR, error) {
	const scheme = "cpr"
	t, ok := dropDash(clean(s), 6)
	if !ok {
		return CPR{}, newErr(scheme, ErrFormat, "the only separator is a dash after DDMMYY")
	}
	if !allDigits(t) {
		return CPR{}, newErr(scheme, ErrFormat, fmt.Sprintf("%q is not DDMMYY-SSSS", s))
	}
	if len(t) != 10 {
		return CPR{}, newErr(scheme, ErrLength, fmt.Sprintf("%d digits, want 10", len(t)))
	}
	dd, mm, yy := atoi(t[0:2]), atoi(t[2:4]), atoi(t[4:6])
	year := cprCentury(t[6], yy) + yy
	birth, ok := date(year, mm, dd)
	if !ok {
		return CPR{}, newErr(scheme, ErrDate, fmt.Sprintf("%02d-%02d-%04d does not exist", dd, mm, year))
	}
	c := CPR{Number: t, BirthDate: birth, Mod11: Mod11(t, cprWeights) == 0}
	if !c.Mod11 {
		c.Warnings = append(c.Warnings, newErr(scheme, ErrCheckDigit,
			"fails the modulus-11 check; numbers issued since 2007 need not pass it"))
	}
	return c, nil
}

// cprCentury returns 1800, 1900 or 2000 from the seventh digit of a CPR
// number and the two-digit year.
func cprCentury(seventh byte, yy int) int {
	switch seventh {
	case '4', '9':
		if yy <= 36 {
			return 2000
		}
	case '5', '6', '7', '8':
		if yy <= 57 {
			return 2000
		}
		return 1800
	}
	return 1900
}

// date returns the date y-m-d at midnight UTC and whether it exists.
func date(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == d && int(t.Month()) == m
}
