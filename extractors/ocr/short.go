package ocr

import (
	"image"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/otiai10/gosseract/v2"
)

// Tesseract now and then drops a number's decimals in a page's reading:
// "3891," for 3891,38 in a column of monospaced amounts, with the word's
// box still spanning every digit and the dropped ones read, unsure, as a
// word of their own that is later lost. Read alone as one line, the
// same pixels read whole. shortWords finds such numbers: they end in a
// separator and their box has room for more characters than they have,
// at the page's width per character of a number (digits have one width
// in nearly every font).
func shortWords(boxes []gosseract.BoundingBox) []int {
	var per []float64
	for _, b := range boxes {
		if count(b.Word, unicode.IsDigit) >= 3 && b.Box.Dy() > 0 {
			per = append(per, float64(b.Box.Dx())/float64(utf8.RuneCountInString(b.Word)*b.Box.Dy()))
		}
	}
	if len(per) < minNumbers {
		return nil
	}
	slices.Sort(per)
	m := per[len(per)/2]
	var out []int
	for i, b := range boxes {
		last, _ := utf8.DecodeLastRuneInString(b.Word)
		if count(b.Word, unicode.IsDigit) < 2 || b.Box.Dy() == 0 || (last != ',' && last != '.') {
			continue
		}
		room := float64(b.Box.Dx())/(m*float64(b.Box.Dy())) - float64(utf8.RuneCountInString(b.Word))
		if room >= shortRoom && len(out) < maxShort {
			out = append(out, i)
		}
	}
	return out
}

const (
	// minNumbers is how many numbers a page needs to say how wide its
	// characters are.
	minNumbers = 5
	// shortRoom is the room, in characters, a number's box must have
	// beyond its text to be read again. On the scans of the evaluation
	// sets, 20 of the 22 numbers ending in a separator with this room or
	// more had lost their decimals (0.83 to 2.21 characters: a monospaced
	// comma is as wide as a digit, the page's median less).
	shortRoom = 0.8
	// maxShort bounds the numbers read again on a page.
	maxShort = 16
)

// count counts the runes of s that are f.
func count(s string, f func(rune) bool) int {
	n := 0
	for _, r := range s {
		if f(r) {
			n++
		}
	}
	return n
}

// rereadShort reads the words at idx of boxes (pixels of img) again,
// each alone as one line, and takes a reading that keeps every character
// the page's reading had, in order, and adds letters or digits: it only
// restores what was dropped, never changes what was read. The unsure
// pieces of the same ink the page's reading split off ("38" beside
// "3891,") go. Errors leave a word as it was.
func rereadShort(c *gosseract.Client, img *image.Gray, boxes []gosseract.BoundingBox, idx []int, dpi float64) []gosseract.BoundingBox {
	if len(idx) == 0 {
		return boxes
	}
	_ = c.SetVariable("tessedit_pageseg_mode", strconv.Itoa(int(gosseract.PSM_SINGLE_LINE)))
	defer c.SetVariable("tessedit_pageseg_mode", strconv.Itoa(int(gosseract.PSM_AUTO)))
	out := slices.Clone(boxes)
	drop := make([]bool, len(out))
	for _, i := range idx {
		b := boxes[i]
		got, err := readOne(c, wordAlone(img, b.Box), dpi)
		if err != nil || len(got) == 0 {
			continue
		}
		var text strings.Builder
		conf := 100.0
		for _, g := range got {
			text.WriteString(strings.TrimSpace(g.Word))
			conf = min(conf, g.Confidence)
		}
		if conf < missedConfidence || !restores(b.Word, text.String()) {
			continue
		}
		out[i].Word, out[i].Confidence = text.String(), conf
		for j := range out {
			if j != i && mostlyIn(out[j].Box, b.Box) {
				drop[j] = true
			}
		}
	}
	kept := out[:0]
	for j, b := range out {
		if !drop[j] {
			kept = append(kept, b)
		}
	}
	return kept
}

// restores reports whether t has every character of s in order, and
// more letters or digits than s.
func restores(s, t string) bool {
	rest := t
	for _, r := range s {
		i := strings.IndexRune(rest, r)
		if i < 0 {
			return false
		}
		rest = rest[i+utf8.RuneLen(r):]
	}
	return count(t, isLetterOrDigit) > count(s, isLetterOrDigit)
}

// mostlyIn reports a box at least half within r.
func mostlyIn(a, r image.Rectangle) bool {
	in := a.Intersect(r)
	return !in.Empty() && 2*area(in) >= area(a)
}

// wordAlone copies r of img (origin at img's top left) onto white paper
// of its own, with a margin of half its height.
func wordAlone(img *image.Gray, r image.Rectangle) *image.Gray {
	pad := max(4, r.Dy()/2)
	r = r.Intersect(image.Rect(0, 0, img.Rect.Dx(), img.Rect.Dy()))
	out := image.NewGray(image.Rect(0, 0, r.Dx()+2*pad, r.Dy()+2*pad))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for y := range r.Dy() {
		src := img.Pix[img.PixOffset(img.Rect.Min.X+r.Min.X, img.Rect.Min.Y+r.Min.Y+y):][:r.Dx()]
		copy(out.Pix[(y+pad)*out.Stride+pad:], src)
	}
	return out
}
