package ocr

import (
	"image"
	"regexp"
	"strconv"
	"strings"

	"github.com/otiai10/gosseract/v2"

	"intake/validators/checkdigit"
)

// An organisation number or personnummer in small print ("Org.nr
// 559426-6784" in a letterhead's footer) is the number a page's reading
// gets wrong most often and can least afford to: a faded digit read as
// another ("539426-6784") makes the supplier unknown. Its Luhn digit
// tells when that happened. failingIDs finds such numbers; rereadIDs
// reads each again alone, enlarged and with some paper and ink to either
// side (a faded first digit may lie outside the word's box), and takes
// the reading only when it is a number of the same shape whose check
// digit holds.

// idShape is a Swedish organisation number (its third digit 2 or more)
// or a personnummer with its century, as printed. Ten digits whose third
// is a month's first are left alone: a Danish CPR number has that shape
// and no Luhn digit, and a Swedish personnummer without its century
// cannot be told from one.
var idShape = regexp.MustCompile(`^(\d\d[2-9]\d{3}|(19|20)\d{6})-\d{4}$`)

// idIn finds numbers of that shape inside a reading.
var idIn = regexp.MustCompile(`\d{6,8}-\d{4}`)

// maxFailingIDs bounds the numbers read again on a page.
const maxFailingIDs = 6

// idPx is the height a number is enlarged to before it is read again:
// Tesseract reads digits best at 30 to 50 pixels.
const idPx = 40

// failingIDs returns the indexes of words of idShape whose check digit
// fails.
func failingIDs(boxes []gosseract.BoundingBox) []int {
	var out []int
	for i, b := range boxes {
		t := idText(b.Word)
		if idShape.MatchString(t) && !luhnID(t) && len(out) < maxFailingIDs {
			out = append(out, i)
		}
	}
	return out
}

// idText is a word without the punctuation beside it ("(559426-6784),").
func idText(w string) string { return strings.Trim(w, ".,:;()") }

// luhnID checks the last ten digits of a number of idShape.
func luhnID(t string) bool {
	d := strings.ReplaceAll(t, "-", "")
	return checkdigit.Luhn(d[len(d)-10:])
}

// rereadIDs reads the words at idx of boxes (pixels of img) again; see
// failingIDs. Errors leave a word as it was.
func rereadIDs(c *gosseract.Client, img *image.Gray, boxes []gosseract.BoundingBox, idx []int, dpi float64) []gosseract.BoundingBox {
	if len(idx) == 0 {
		return boxes
	}
	_ = c.SetVariable("tessedit_pageseg_mode", strconv.Itoa(int(gosseract.PSM_SINGLE_LINE)))
	defer c.SetVariable("tessedit_pageseg_mode", strconv.Itoa(int(gosseract.PSM_AUTO)))
	for _, i := range idx {
		b := boxes[i]
		r := widen(boxes, i)
		alone := wordAlone(img, r)
		f := 1.0
		if r.Dy() < idPx {
			f = float64(idPx) / float64(max(1, r.Dy()))
			alone = enlarge(alone, f)
		}
		got, err := readOne(c, alone, dpi*f)
		if err != nil {
			continue
		}
		var text strings.Builder
		for _, g := range got {
			text.WriteString(g.Word)
			text.WriteByte(' ')
		}
		old := idText(b.Word)
		for _, t := range idIn.FindAllString(text.String(), -1) {
			if len(t) == len(old) && idShape.MatchString(t) && luhnID(t) {
				boxes[i].Word = strings.Replace(b.Word, old, t, 1)
				break
			}
		}
	}
	return boxes
}

// widen is word i's box stretched by three times its height to the left
// and once to the right: a faded head of the number may lie outside the
// box, or inside the box of the label before it. The neighbours' ink
// that comes with it stays outside the number's shape.
func widen(boxes []gosseract.BoundingBox, i int) image.Rectangle {
	r := boxes[i].Box
	return image.Rect(r.Min.X-3*r.Dy(), r.Min.Y, r.Max.X+r.Dy(), r.Max.Y)
}
