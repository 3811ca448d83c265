package ocr

import (
	"strings"
	"testing"

	"intake/pipeline"
)

func wordsPage(text string) pipeline.Page {
	var p pipeline.Page
	for _, f := range strings.Fields(text) {
		p.Words = append(p.Words, pipeline.Word{Text: f, Conf: 1})
	}
	return p
}

// caesar shifts ASCII letters by k, as a font whose glyph codes are off
// by k from their Unicode values reads.
func caesar(s string, k int) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return 'a' + (r-'a'+rune(k))%26
		case r >= 'A' && r <= 'Z':
			return 'A' + (r-'A'+rune(k))%26
		}
		return r
	}, s)
}

func TestTextLayerProblem(t *testing.T) {
	cases := []struct {
		name, text, want string // want: part of the problem, "" for usable
	}{
		{"invoice text", "Faktura nr. 2024-0117 Beløb i alt 6.750,00 DKK Forfaldsdato 13.04.2024", ""},
		{"swedish", "Att betala 12 500,00 kr Bankgiro 5050-1055 förfallodag", ""},
		{"numbers only", "12345678 0012345678 1234 450,00 5.400,00", ""},
		{"scan", "", "no text layer"},
		{"spaces only", "   ", "no text layer"},
		{"stray label", "Side 1", "only"},
		{"private use", "\ue001\ue002\ue003 \ue004\ue005\ue006\ue007 \ue008\ue009", "private-use"},
		{"replacement", "Fa\ufffd\ufffdura \ufffd\ufffd\ufffd \ufffd\ufffd\ufffdlt 6.750,00", "private-use, replacement"},
		{"symbol font", "!\"#$ %&'( )*+, -./: ;<=> ?@[\\", "symbols"},
		{"invoice prose", "Leverandøren fremsender hermed faktura for skolekørsel i perioden marts samt tillæg for ventetid ved Rådhuspladsen, betales senest ved forfald til kontoen nedenfor", ""},
		{"shifted encoding", caesar("Leverandøren fremsender hermed faktura for skolekørsel i perioden marts samt tillæg for ventetid ved Rådhuspladsen, betales senest ved forfald", 3), "form no language"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := TextLayerProblem(wordsPage(c.text))
			if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
				t.Errorf("TextLayerProblem(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
}
