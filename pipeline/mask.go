package pipeline

import "regexp"

// Danish CPR (DDMMYY-SSSS) and Swedish personnummer / samordningsnummer
// ([CC]YYMMDD[-+]NNNN), with or without the separator. Both have a month
// digit 0 or 1 in third place, which keeps organisationsnummer (third
// digit 2 or more) readable in logs. Dates are not validated: masking a
// number that only looks like one is the safe side for a log line.
var personalID = regexp.MustCompile(`\b(?:19|20)?\d{2}[01]\d{3}\s?[-+]?\s?\d{4}\b`)

// MaskPersonal replaces anything shaped like a CPR number or personnummer
// with a mask that keeps no digit, for log lines and error messages.
func MaskPersonal(s string) string {
	return personalID.ReplaceAllString(s, "[personal-id]")
}
