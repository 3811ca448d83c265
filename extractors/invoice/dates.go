package invoice

import (
	"regexp"
	"strconv"
	"time"

	"intake/pipeline"
)

// misreadIssueDate mends an issue date when the date printed after a
// strong issue-date label was misread past parsing ("13/87/2924" for
// 13/07/2024, a 0 read as 8 and as 9; "2024-1 1-25", a space read in
// it), so that the pick fell on another date (the order's). Each part
// that is no possible day, month or year is read again with one digit
// changed for one OCR confuses it with; when that gives exactly one date
// no later than the due date and at most maxIssueBeforeDue before it,
// that is the issue date, mended. It runs on scans and photos only,
// after the pick, and needs the due date.
func (x *extraction) misreadIssueDate(fields map[string]pipeline.Field) {
	due, err := time.Parse(time.DateOnly, fields[fDueDate].Value)
	if err != nil {
		return
	}
	for _, ms := range x.labels {
		for _, m := range ms {
			if h, ok := m.has(fIssueDate); !ok || h.strength < 1 {
				continue
			}
			// The date is one of the next two words (a speck may come
			// first), or two of the next three run together.
			ws := m.line.words[m.end:min(len(m.line.words), m.end+3)]
			for j, w := range ws[:min(2, len(ws))] {
				if w.conf >= 1 {
					return // a text layer says what it says
				}
				read, raw := w.text, []word{w}
				if dateParts.FindString(read) == "" && j+1 < len(ws) {
					// "2024-1 1-25": a space read inside the date.
					read, raw = w.text+ws[j+1].text, ws[j:j+2]
				}
				parts := dateParts.FindStringSubmatch(read)
				if parts == nil {
					continue
				}
				if _, _, ok := parseDate(read, x.lang); ok && len(raw) == 1 {
					return // read as a date: the ranker weighed it
				}
				d, ok := repairDate(parts, due)
				if !ok || d == fields[fIssueDate].Value {
					return
				}
				b := boxOf(raw)
				f := pipeline.Field{Value: d, Raw: joinWords(raw), Confidence: min(raw[0].conf, raw[len(raw)-1].conf), Page: m.line.page, Box: &b}
				fields[fIssueDate] = mended(f, "the date after the issue date's label, misread ("+f.Raw+"), read again: a space dropped, or a digit OCR confuses changed, to the one date before the due date")
				return
			}
		}
	}
}

// dateParts is a numeric date, day first or year first, its separators
// alike.
var dateParts = regexp.MustCompile(`^(\d{1,4})([./-])(\d{1,2})([./-])(\d{1,4})$`)

// maxIssueBeforeDue bounds how long before its due date an invoice is
// issued: payment terms run to 90 days, a little more at month ends.
const maxIssueBeforeDue = 100 * 24 * time.Hour

// ocrDigits are the digits Tesseract reads for one another on degraded
// print.
var ocrDigits = map[byte]string{
	'0': "869", '1': "7", '2': "7", '3': "85", '4': "9", '5': "638",
	'6': "085", '7': "12", '8': "0365", '9': "04",
}

// repairDate reads a misread numeric date again: each of its parts that
// is out of range takes the one change of a digit that brings it in
// range, and the whole must fall in the due date's window. Ambiguity at
// any step gives up.
func repairDate(p []string, due time.Time) (string, bool) {
	if p[2] != p[4] {
		return "", false
	}
	dayFirst := len(p[1]) <= 2 && len(p[5]) == 4
	if !dayFirst && !(len(p[1]) == 4 && len(p[5]) <= 2) {
		return "", false
	}
	yearPart, monPart, dayPart := p[5], p[3], p[1]
	if !dayFirst {
		yearPart, dayPart = p[1], p[5]
	}
	okYear := func(v int) bool { return v == due.Year() || v == due.Year()-1 }
	y, ok1 := mendPart(yearPart, okYear)
	m, ok2 := mendPart(monPart, func(v int) bool { return v >= 1 && v <= 12 })
	d, ok3 := mendPart(dayPart, func(v int) bool { return v >= 1 && v <= 31 })
	if !ok1 || !ok2 || !ok3 {
		return "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || t.After(due) || due.Sub(t) > maxIssueBeforeDue {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// mendPart is s's value when ok, else the value of the one change of one
// digit of s for a digit OCR confuses it with that is ok.
func mendPart(s string, ok func(int) bool) (int, bool) {
	if v, _ := strconv.Atoi(s); ok(v) {
		return v, true
	}
	found, n := 0, 0
	for i := range len(s) {
		for _, c := range []byte(ocrDigits[s[i]]) {
			t := s[:i] + string(c) + s[i+1:]
			if v, _ := strconv.Atoi(t); ok(v) && (n == 0 || v != found) {
				found, n = v, n+1
			}
		}
	}
	return found, n == 1
}
