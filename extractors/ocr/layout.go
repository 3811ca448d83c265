package ocr

import (
	"image"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/otiai10/gosseract/v2"

	"intake/pipeline"
)

// Resolutions outside this range are metadata mistakes, not scans; they
// match Tesseract's own credible range.
const (
	minDPI = 70
	maxDPI = 2400
)

// layout is a page made ready for Tesseract, turned upright, straightened
// and cropped to its content, with what is needed to put its words on
// the page.
type layout struct {
	src           *image.Gray       // the page before turning
	quad          *quad             // the paper in a photo in perspective, or nil
	img           *image.Gray       // what Tesseract reads
	raw           *image.Gray       // img before contrast normalisation (see stampFrames)
	stamps        []image.Rectangle // stamps' frames over type, pixels of img (see rereadStamps)
	width, height int               // the upright page, in pixels
	orient        orientation
	dpi           float64 // the page's resolution, before zoom
	// zoom is img's pixels per page pixel; zw and zh are the page's size
	// at that zoom, and off is where img's origin lies on the page at it.
	zoom   float64
	zw, zh int
	off    image.Point
}

// prepare turns g upright, straightens it and crops the empty margins:
// about half of Tesseract's time goes into work that grows with the
// pixels (thresholding, layout analysis), and margins are a fifth to a
// third of a typical page. A photo's paper gives its resolution when
// the image's was not measured (see quad.paperDPI).
func prepare(g *image.Gray, dpi float64, measured bool) layout {
	o := detectOrientation(g)
	q := paperQuad(g, dpi)
	if d, ok := q.paperDPI(); ok && !measured {
		dpi = d
	}
	return turn(g, q, dpi, o)
}

// turn applies an orientation decision to g, and rectifies the paper
// in a photo taken in perspective (q; see paperQuad).
func turn(g *image.Gray, q *quad, dpi float64, o orientation) layout {
	l := layout{src: g, quad: q, orient: o, dpi: dpi, zoom: 1}
	if o.glyph > 0 && o.glyph < minGlyphPx {
		// Phone photos of a page hold it at 100-150 dpi: letters a dozen
		// pixels high, where Tesseract's line finding and thresholding
		// break down. Enlarged to about 300 dpi, the same photos read with
		// a quarter to a tenth of the errors. Enlarging comes first, so
		// that deskewing samples the finer image.
		l.zoom = min(maxZoom, goodGlyphPx/o.glyph)
	}
	if q != nil {
		// Rectified and enlarged in one resampling. The paper's edges
		// are level now; its print is too, unless it was copied askew.
		l.img = rotateQuarter(q.warp(g, l.zoom), o.quarter)
		l.width, l.height = q.size()
		if o.quarter&1 == 1 {
			l.width, l.height = l.height, l.width
		}
		o.skew = skewAt(l.img, 0)
		l.orient.skew = o.skew
	} else {
		up := rotateQuarter(g, o.quarter)
		l.img, l.width, l.height = up, up.Rect.Dx(), up.Rect.Dy()
		if l.zoom != 1 {
			l.img = enlarge(up, l.zoom)
		}
	}
	l.zw, l.zh = l.img.Rect.Dx(), l.img.Rect.Dy()
	if math.Abs(o.skew) >= minDeskewDeg {
		l.img = rotateSmall(l.img, -o.skew)
		// The grown canvas is centred on the page.
		l.off = image.Pt(-(l.img.Rect.Dx()-l.zw)/2, -(l.img.Rect.Dy()-l.zh)/2)
	}
	if !o.blank {
		c := contentBounds(l.img, dpi*l.zoom)
		l.off = l.off.Add(c.Min)
		l.img = l.img.SubImage(c).(*image.Gray)
		l.raw = l.img
		// Squares of a twelfth of an inch: larger than a letter's
		// strokes, small enough to follow a grey box or uneven light.
		l.img = normalizeContrast(l.img, max(8, int(dpi*l.zoom/12)))
		whitenSurround(l.img, l.raw, dpi*l.zoom)
	}
	return l
}

// Letter sizes (median height, pixels) under which a page is enlarged
// before reading, the size it is enlarged to, and the most it is.
const (
	minGlyphPx  = 13
	goodGlyphPx = 22
	maxZoom     = 2.5
)

// words turns Tesseract's boxes (pixels of l.img) into words in points on
// the upright, straightened page. The page keeps the scan's size, and
// words are clamped to it. Boxes are not rotated back onto the skewed
// scan: lines must stay horizontal, as in native text, for extractors to
// read them as lines.
func (l layout) words(boxes []gosseract.BoundingBox, scale float64) []pipeline.Word {
	words, _ := l.placed(boxes, scale)
	return words
}

// placed is words, with each word's box in pixels of l.img.
func (l layout) placed(boxes []gosseract.BoundingBox, scale float64) ([]pipeline.Word, []image.Rectangle) {
	w, h := float64(l.width), float64(l.height)
	med := medianHeight(boxes)
	words := make([]pipeline.Word, 0, len(boxes))
	var at []image.Rectangle
	for i, b := range boxes {
		text := strings.TrimSpace(b.Word)
		if g, ok := l.checkbox(text, b.Box, med); ok {
			text = g
		} else if text == "" || noise(text, b, med) || speck(boxes, i, med) || dust(text, b, med) || l.onRule(text, b.Box, med) || l.stray(boxes, i, med) {
			continue
		}
		if text == "-" && b.Box.Dx() < 2*b.Box.Dy() || (text == "+" || text == ":") && 3*max(b.Box.Dx(), b.Box.Dy()) < med {
			// A square "hyphen" is a middle dot ("Org.nr … · e-mail"), a
			// letter Tesseract's models rarely give; a hyphen is three
			// or more times as wide as it is thick. So is a "plus" or a
			// "colon" a third of a letter's height: a plus sign is over
			// half of it, and a colon's two dots stand as high as an x.
			text = "·"
		} else if text == "-" && enDash(boxes, i, med) {
			text = "–"
		} else if (text == "å" || text == "a") && unitPrice(boxes, i, med) {
			text = "à"
		}
		if m := ringed.FindStringSubmatch(text); m != nil && b.Box.Dy() > 2*med {
			// A logo's initials in a ring or a hexagon: the outline,
			// twice a letter's height, is read as brackets round them.
			text = m[1]
		}
		conf := clampF(b.Confidence/100, 0, 1)
		add := func(text string, r image.Rectangle) {
			at = append(at, r)
			r = unzoom(r.Add(l.off), l.zoom)
			box := pipeline.Box{
				X0: clampF(float64(r.Min.X), 0, w) * scale,
				Y0: clampF(float64(r.Min.Y), 0, h) * scale,
				X1: clampF(float64(r.Max.X), 0, w) * scale,
				Y1: clampF(float64(r.Max.Y), 0, h) * scale,
			}
			words = append(words, pipeline.Word{Text: text, Box: box, Conf: conf, Overprinted: overlapsAny(b.Box, l.stamps)})
		}
		if decimalSemicolon.MatchString(text) {
			// A comma's tail with a speck above it: no amount has a
			// semicolon ("25;50" is 25,50).
			text = strings.Replace(text, ";", ",", 1)
		}
		if num, sign, ok := l.spacedSign(text, b.Box); ok {
			add(text[:len(text)-1], num)
			add(text[len(text)-1:], sign)
			continue
		}
		add(text, b.Box)
	}
	return words, at
}

func overlapsAny(r image.Rectangle, rs []image.Rectangle) bool {
	for _, o := range rs {
		if r.Overlaps(o) {
			return true
		}
	}
	return false
}

// ringed is one to three letters or digits in brackets: "(HO)".
var ringed = regexp.MustCompile(`^[(\[{]([\pL\pN]{1,3})[)\]}]$`)

// decimalSemicolon is an amount whose decimal comma was read as ";".
var decimalSemicolon = regexp.MustCompile(`^-?[0-9][0-9.]*;[0-9]{2}$`)

// spacedSign finds a space Tesseract read through: a number and its
// per cent sign set apart ("25 %") but read as one word. The gap before
// the sign tells: a space is a third of a digit's height or more, while
// the letters of a word stand a tenth apart. It returns the boxes of the
// number and the sign.
func (l layout) spacedSign(text string, r image.Rectangle) (num, sign image.Rectangle, ok bool) {
	n := len(text)
	if n < 2 || text[n-1] != '%' || !unicode.IsDigit(rune(text[n-2])) || l.img == nil {
		return
	}
	r = r.Intersect(l.img.Rect)
	dark := func(x, y int) bool { return l.img.Pix[l.img.PixOffset(x, y)] < 160 }
	// A table rule the box took in runs across it: its rows are no
	// letters', and would leave no gap.
	var rows []int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		n := 0
		for x := r.Min.X; x < r.Max.X; x++ {
			if dark(x, y) {
				n++
			}
		}
		if 10*n < 9*r.Dx() {
			rows = append(rows, y)
		}
	}
	ink := func(x int) bool {
		return slices.ContainsFunc(rows, func(y int) bool { return dark(x, y) })
	}
	x := r.Max.X - 1
	for x >= r.Min.X && !ink(x) {
		x--
	}
	top, bottom := r.Max.Y, r.Min.Y // the sign's own height
	for x >= r.Min.X && ink(x) {
		for _, y := range rows {
			if dark(x, y) {
				top, bottom = min(top, y), max(bottom, y+1)
			}
		}
		x--
	}
	signAt := x + 1
	for x >= r.Min.X && !ink(x) {
		x--
	}
	if x < r.Min.X || 10*(signAt-x-1) < 3*(bottom-top) {
		return
	}
	return image.Rect(r.Min.X, r.Min.Y, x+1, r.Max.Y), image.Rect(signAt, r.Min.Y, r.Max.X, r.Max.Y), true
}

// unzoom maps a rectangle on an image enlarged by zoom back onto the
// original.
func unzoom(r image.Rectangle, zoom float64) image.Rectangle {
	if zoom == 1 {
		return r
	}
	f := func(v int) int { return int(math.Round(float64(v) / zoom)) }
	return image.Rect(f(r.Min.X), f(r.Min.Y), f(r.Max.X), f(r.Max.Y))
}

// noise reports a "word" of punctuation alone that is unsure or
// oversized, or any word oversized and very unsure: specks, pen marks,
// the edge of a stamp, a logo. Besides
// being no text, a logo's tall box would pull the lines beside it into
// one when the page is cut into lines.
func noise(text string, b gosseract.BoundingBox, med int) bool {
	oversized := med > 0 && b.Box.Dy() > 3*med
	if strings.ContainsFunc(text, isLetterOrDigit) {
		// A stamp's ink or a pen's loop read as a tall word ("35," three
		// lines high over an invoice number) is no more text. Nor is an
		// unsure word of four letters or fewer twice a letter's height
		// (a tick read "Få", a signature's waves "W OS", a logo's rings
		// "CD"), or one four letters' height wide per letter (a rule or
		// a loop's lower edge read "se" or "ør").
		runes := utf8.RuneCountInString(text)
		scrawl := med > 0 && b.Confidence < scrawlConfidence && (b.Box.Dy() > 2*med && runes <= 4 || b.Box.Dx() > 4*med*runes)
		return oversized && b.Confidence < tallNoiseConfidence || scrawl
	}
	return b.Confidence < noiseConfidence || oversized
}

// tallNoiseConfidence is the confidence under which an oversized word of
// letters or digits is noise; a heading or a logo's name, large as it
// is, reads surely.
const tallNoiseConfidence = 30

// scrawlConfidence: on the corpus's scans and photos, short words twice
// a letter's height read from pen strokes, signatures and logo outlines
// at 0.16 to 0.68; short words of large type read at 0.9 and above.
const scrawlConfidence = 70

// speck reports a "word" of marks that never stand alone in text, the
// size of a speck: a period, a comma or a quote belongs to a word, so
// alone and smaller than half a letter it is dust or a stamp's crumb,
// unless it is the decimal mark of digits read apart on either side.
// A bar this small is the same; a bar as tall as a letter may be a
// separator ("Tel … | E-mail …") and is judged by onRule.
func speck(boxes []gosseract.BoundingBox, i, med int) bool {
	b := boxes[i]
	text := strings.TrimSpace(b.Word)
	if med <= 0 || strings.ContainsFunc(text, func(r rune) bool { return !strings.ContainsRune(speckMarks, r) }) {
		return false
	}
	return 2*b.Box.Dy() < med && b.Box.Dx() < med && !decimalMark(boxes, i, med)
}

// decimalMark reports a period or comma with digits on its line ending
// just before it and starting just after it: "16686 , 98" is one amount.
func decimalMark(boxes []gosseract.BoundingBox, i, med int) bool {
	b := boxes[i].Box
	if t := strings.TrimSpace(boxes[i].Word); t != "." && t != "," {
		return false
	}
	near := func(gap int) bool { return gap > -med/4 && gap < med }
	left, right := false, false
	for j, o := range boxes {
		t := strings.TrimSpace(o.Word)
		if j == i || t == "" || o.Box.Min.Y > b.Max.Y || o.Box.Max.Y < b.Min.Y {
			continue
		}
		left = left || near(b.Min.X-o.Box.Max.X) && strings.LastIndexFunc(t, unicode.IsDigit) == len(t)-1
		right = right || near(o.Box.Min.X-b.Max.X) && strings.IndexFunc(t, unicode.IsDigit) == 0
	}
	return left && right
}

// dust reports a letter or two, unsure and under half a letter's size
// each way: a speck read as "å", "Z" or "5". A letter standing alone,
// "i" or "å", is an x-height high at least, over half a word's height.
func dust(text string, b gosseract.BoundingBox, med int) bool {
	if med <= 0 || utf8.RuneCountInString(text) > 2 || !strings.ContainsFunc(text, isLetterOrDigit) || 20*b.Box.Dy() >= 9*med || 20*b.Box.Dx() >= 9*med {
		return false
	}
	// A letter or digit alone that small is dust up to a surer reading.
	alone := utf8.RuneCountInString(text) == 1 && strings.IndexFunc(text, isLetterOrDigit) == 0
	return b.Confidence < dustConfidence || alone && b.Confidence < dustLetterConfidence
}

// dustConfidence: on the corpus's scans, specks read as letters are at
// 0.1 to 0.58; a speck read as one letter or digit ("i", "k", "Ä", "4",
// "g") at up to 0.87, where small type alone reads at 0.9 and more.
const dustConfidence, dustLetterConfidence = 60, 88

const speckMarks = ".,;'`‘’\"“”_|"

// stray reports a one-stroke "letter" that is no text: a speck read as
// "i" (a third of a letter's height or less), or a solid bar read as
// "|", "[" or "i" half again as tall as the tallest word beside it on
// its line (the block a form prints before its section headings). A
// letter, or a separator bar, is no taller than the words of its line;
// a letter's box that is that tall took in a speck above it, and is
// mostly paper.
func (l layout) stray(boxes []gosseract.BoundingBox, i, med int) bool {
	b := boxes[i].Box
	if med <= 0 || !oneStroke(strings.TrimSpace(boxes[i].Word)) {
		return false
	}
	if 3*b.Dy() < med && 3*b.Dx() < med {
		return true
	}
	tallest := 0
	for _, o := range beside(boxes, i, med) {
		// The block may be read as two strokes ("I I"), each as tall.
		if t := strings.TrimSpace(o.Word); strings.ContainsFunc(t, isLetterOrDigit) && !oneStroke(t) {
			tallest = max(tallest, o.Box.Dy())
		}
	}
	return tallest > 0 && 2*b.Dy() > 3*tallest && l.solid(b)
}

// solid: at least three quarters of r is ink on l.img.
func (l layout) solid(r image.Rectangle) bool {
	if l.img == nil {
		return false
	}
	r = r.Intersect(l.img.Rect)
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for _, v := range l.img.Pix[l.img.PixOffset(r.Min.X, y):][:r.Dx()] {
			if v < 128 {
				n++
			}
		}
	}
	return 4*n >= 3*r.Dx()*r.Dy() && n > 0
}

// beside returns the words on boxes[i]'s line (their middle within its
// height) less than two letters' height away from it, either side.
func beside(boxes []gosseract.BoundingBox, i, med int) []gosseract.BoundingBox {
	b := boxes[i].Box
	var out []gosseract.BoundingBox
	for j, o := range boxes {
		mid := (o.Box.Min.Y + o.Box.Max.Y) / 2
		gap := max(o.Box.Min.X-b.Max.X, b.Min.X-o.Box.Max.X)
		if j != i && mid >= b.Min.Y-med/2 && mid < b.Max.Y+med/2 && gap < 2*med {
			out = append(out, o)
		}
	}
	return out
}

// unitPrice reports a word before a price or a count that is "à" ("3 st
// à 100 kr", "æske à 50 stk.", "à pris"): Danish and Swedish models,
// which rarely saw the letter, read it "å" or "a", neither of which
// stands before a number.
func unitPrice(boxes []gosseract.BoundingBox, i, med int) bool {
	b := boxes[i].Box
	next, gap := "", 2*med
	for _, o := range beside(boxes, i, med) {
		if g := o.Box.Min.X - b.Max.X; g >= 0 && g < gap {
			next, gap = strings.TrimSpace(o.Word), g
		}
	}
	first, _ := utf8.DecodeRuneInString(next)
	return unicode.IsDigit(first) || strings.HasPrefix(strings.ToLower(next), "pris")
}

// enDash reports a dash standing alone between numbers or dates ("2024-08-19
// – 2025-06-13", "08.00 – 16.00") that is an en dash, not a hyphen: its
// ink is 0.45 as wide as a digit is tall or more (0.5 to 0.57 when
// clean, 0.35 to 0.53 on the corpus's scans), where a hyphen's is 0.31
// to 0.39 in common faces (Tesseract's models read both as "-").
func enDash(boxes []gosseract.BoundingBox, i, med int) bool {
	digits := 0
	for _, o := range beside(boxes, i, med) {
		t := strings.TrimSpace(o.Word)
		if t != "" && !strings.ContainsFunc(t, unicode.IsLetter) && strings.ContainsFunc(t, unicode.IsDigit) {
			digits = max(digits, o.Box.Dy())
		}
	}
	return digits > 0 && 20*boxes[i].Box.Dx() >= 9*digits
}

// oneStroke: a word Tesseract may read from a single upright stroke.
func oneStroke(text string) bool {
	return strings.Trim(text, "|") == "" || text == "i" || text == "l" || text == "I" || text == "!" || text == "[" || text == "]"
}

// onRule reports a stroke read from a table rule or a scanner's streak:
// a bar, or a one-stroke letter ("i", "l", "I"), whose ink runs on,
// straight up or down, well past the "word". A bar typed as a separator,
// or a letter, ends with its line.
func (l layout) onRule(text string, r image.Rectangle, med int) bool {
	if med <= 0 || !oneStroke(text) || l.img == nil {
		return false
	}
	r = r.Intersect(l.img.Rect)
	limit := r.Dy() + med // the bar, and more than a letter beyond it
	for x := r.Min.X; x < r.Max.X; x++ {
		if darkRun(l.img, x, r.Min.Y, r.Max.Y) > limit {
			return true
		}
	}
	return false
}

// darkRun is the length of the longest vertical run of ink in column x
// that meets the rows y0..y1 of g.
func darkRun(g *image.Gray, x, y0, y1 int) int {
	// Normalised paper is white; a faint rule is anti-aliased into
	// mid-grey, which Tesseract's threshold still takes for ink.
	dark := func(y int) bool { return g.Pix[g.PixOffset(x, y)] < 192 }
	best := 0
	for y := y0; y < y1; y++ {
		if !dark(y) {
			continue
		}
		a, b := y, y
		for a > g.Rect.Min.Y && dark(a-1) {
			a--
		}
		for b+1 < g.Rect.Max.Y && dark(b+1) {
			b++
		}
		best = max(best, b-a+1)
		y = b
	}
	return best
}

// medianHeight is the median height of the boxes, in pixels.
func medianHeight(boxes []gosseract.BoundingBox) int {
	if len(boxes) == 0 {
		return 0
	}
	hs := make([]int, len(boxes))
	for i, b := range boxes {
		hs[i] = b.Box.Dy()
	}
	slices.Sort(hs)
	return hs[len(hs)/2]
}

// noiseConfidence (0..100, Tesseract's scale) is the confidence under
// which a "word" of punctuation alone is taken for specks, pen marks or
// the edge of a stamp: on scans these read as "+", ".", "»" at 0 to 0.7,
// while real punctuation that stands alone ("%", "-") reads above 0.8.
const noiseConfidence = 70

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func clampF(v, lo, hi float64) float64 { return math.Min(math.Max(v, lo), hi) }

// alternatives are the other ways up to read a page whose first reading
// says its orientation was wrong, most likely first. When its words stood
// on end (sideways), the quarter turns come first, the one the ascenders
// favour leading; otherwise the half turn, and the quarter turns only if
// the line direction itself was in doubt. Each has its own skew.
func (l layout) alternatives(g *image.Gray, dpi float64, sideways bool) []func() layout {
	quarter := func(q int) func() layout {
		return func() layout {
			o := l.orient
			o.quarter = (l.orient.quarter + q) & 3
			o.skew = skewAt(g, o.quarter)
			return turn(g, l.quad, dpi, o)
		}
	}
	if sideways {
		first, second := 1, 3
		if updownAt(g, (l.orient.quarter+3)&3) > updownAt(g, (l.orient.quarter+1)&3) {
			first, second = 3, 1
		}
		return []func() layout{quarter(first), quarter(second), l.flipped}
	}
	alts := []func() layout{l.flipped}
	if l.orient.lines < uncertainLines {
		alts = append(alts, quarter(1), quarter(3))
	}
	return alts
}

// flipped is the same page turned by 180°: the image turns about its own
// centre, and its place on the page mirrors through the page's centre.
func (l layout) flipped() layout {
	f := l
	f.img = rotateQuarter(atOrigin(l.img), 2)
	if l.raw != nil {
		f.raw = rotateQuarter(atOrigin(l.raw), 2)
	}
	f.orient.quarter = (l.orient.quarter + 2) & 3
	f.off = image.Pt(l.zw-l.off.X-l.img.Rect.Dx(), l.zh-l.off.Y-l.img.Rect.Dy())
	return f
}
