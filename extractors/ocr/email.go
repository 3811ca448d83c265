package ocr

import (
	"regexp"
	"strings"
)

// An e-mail address's "@" is read as a "Q" in a blurred scan
// ("infoQdalrups.dk"): the one letter of the alphabet whose tail is
// where the "@"'s curl ends. mendAt gives it back when the word is an
// address in all else, lower case around a lone capital Q that only an
// "@" can be, with a domain after it.
var atAsQ = regexp.MustCompile(`^([a-z0-9._%+-]+)Q([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})([.,;:)]?)$`)

func mendAt(w string) string {
	if strings.Count(w, "Q") != 1 || strings.Contains(w, "@") {
		return w
	}
	if m := atAsQ.FindStringSubmatch(w); m != nil {
		return m[1] + "@" + m[2] + m[3]
	}
	return w
}
