package forms

import (
	"regexp"
	"strings"
	"unicode"
)

// Letters state in sentences what forms put in boxes: "min søn går i
// 1. klasse på Vibedalskolen", "Vi bor på Syrenvej 64, 9400 Sundby",
// "Med venlig hilsen / Elias Hansen". The patterns below read them with
// low scores, so that any labelled value wins and agrees or competes.

var (
	gradeProse = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(\d{1,2})\.\s?(?:klasse|klass|trinn)\b`),
		regexp.MustCompile(`(?i)\b(?:årskurs|arskurs|klasse|klass|grade|year)\s(\d{1,2})\b`),
		regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)\sgrade\b`),
	}
	// A street, a number and a Danish (4 digits) or Swedish (3+2) postcode
	// with the town.
	addressProse   = regexp.MustCompile(`^\p{Lu}[\p{L}\-]+(?: \p{Lu}[\p{L}\-]*){0,3} \d{1,4} ?[A-Za-z]?(?:, ?[\w.]+(?: [\w.]+)?)?, (?:\d{4}|\d{3} \d{2}) \p{Lu}[\p{L}\-]+(?: \p{Lu}[\p{L}\-]*){0,2}`)
	schoolSuffixes = []string{"skolen", "skolan", "skole", "skola", "school"}
	closings       = []string{"med venlig hilsen", "venlig hilsen", "med vänlig hälsning", "vänliga hälsningar", "med vennlig hilsen", "kind regards", "yours sincerely", "best regards", "hälsningar"}
)

// schoolProse adds the values a letter states in running text.
func (x *extraction) schoolProse() {
	for i, ln := range x.lines {
		t := joinWords(ln.words)
		whole := run{ln: ln, ws: ln.words, pos: 1}
		for _, re := range gradeProse {
			if m := re.FindStringSubmatch(t); m != nil {
				if p, ok := grade([]word{{text: m[1], conf: confOf(ln.words)}}); ok {
					x.add("grade", p, run{ln: ln, ws: []word{{text: m[0], box: ln.box, conf: confOf(ln.words)}}, pos: 1}, 0.5)
				}
				break
			}
		}
		for j := range ln.words {
			if x.labelAt(i, j) != nil {
				continue
			}
			if m := addressProse.FindString(joinWords(ln.words[j:])); m != "" {
				x.add("address", parsed{value: m, validity: 1, start: j, n: len(strings.Fields(m))}, whole, 0.45)
				break
			}
		}
		for j := range ln.words {
			if name, n := schoolAt(ln.words, j); name != "" && x.labelAt(i, j) == nil {
				x.add("school", parsed{value: name, validity: 1, start: j - n + 1, n: n}, whole, 0.4)
			}
		}
	}
	x.closing("applicant_name")
}

// schoolAt returns a school's name ending at word j ("Vibedalskolen",
// "Holmbæk Vestre Skole") and its length in words.
func schoolAt(ws []word, j int) (string, int) {
	t := strings.TrimRight(ws[j].text, ".,;:)")
	r := []rune(t)
	if len(r) < 5 || !unicode.IsUpper(r[0]) {
		return "", 0
	}
	f := fold(t)
	ok := false
	for _, s := range schoolSuffixes {
		ok = ok || strings.HasSuffix(f, s)
	}
	if !ok {
		return "", 0
	}
	n := 1
	for j-n >= 0 && n < 3 {
		p := []rune(ws[j-n].text)
		if len(p) == 0 || !unicode.IsUpper(p[0]) || strings.ContainsAny(ws[j-n].text, ".,:") || j-n == 0 {
			break
		}
		n++
	}
	if n == 1 && len(f) <= 6 {
		return "", 0 // "Skole" alone is a label, not a name
	}
	return strings.TrimRight(joinWords(ws[j-n+1:j+1]), ".,;:)"), n
}

// closing reads the name under a letter's closing ("Med venlig hilsen")
// as the writer's, for field.
func (x *extraction) closing(field string) {
	for i, ln := range x.lines {
		f := strings.Trim(fold(joinWords(ln.words)), " ,.!")
		isClosing := false
		for _, c := range closings {
			isClosing = isClosing || f == c
		}
		if !isClosing {
			continue
		}
		for k := i + 1; k <= i+3 && k < len(x.lines) && x.lines[k].page == ln.page; k++ {
			if p, ok := personName(x.lines[k].words); ok && p.n >= 2 && p.n == len(x.lines[k].words) {
				x.add(field, p, run{ln: x.lines[k], ws: x.lines[k].words, pos: 1}, 0.5)
				break
			}
		}
	}
}
