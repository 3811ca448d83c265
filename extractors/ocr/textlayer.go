package ocr

import (
	"fmt"
	"strings"
	"unicode"

	"intake/pipeline"
)

// Thresholds for judging a PDF page's own text. They are deliberately
// lenient: native text is exact and a hundred times cheaper than OCR, so
// only a text layer that is clearly broken is replaced.
const (
	minTextRunes   = 8    // fewer: a scan with a stray label, or nothing
	maxBrokenShare = 0.10 // private-use glyphs, U+FFFD, control characters
	maxSymbolShare = 0.50 // symbol fonts mapped onto punctuation
	// In Danish, Swedish, English and German running text, even on
	// invoices full of abbreviations, over half the letters are among
	// these ten; a shifted or scrambled encoding leaves about a third.
	commonLetters     = "eanrtsildo"
	minCommonShare    = 0.40
	minLettersToJudge = 60
)

// TextLayerProblem says why the words a PDF page carries cannot stand for
// its text, or "" when they can. It catches a missing layer (a scan), a
// layer of spaces, and broken font encodings: private-use code points
// (fonts without a ToUnicode map), replacement and control characters,
// symbol soup, and letters that form no language. The PDF reader uses it to
// decide page by page between native text and OCR.
func TextLayerProblem(p pipeline.Page) string {
	var runes, broken, symbols, letters, common int
	for _, w := range p.Words {
		for _, r := range w.Text {
			if unicode.IsSpace(r) {
				continue
			}
			runes++
			switch {
			case r == unicode.ReplacementChar, unicode.Is(unicode.Co, r), unicode.IsControl(r):
				broken++
			case unicode.IsLetter(r):
				letters++
				if strings.ContainsRune(commonLetters, unicode.ToLower(r)) {
					common++
				}
			case unicode.IsDigit(r):
			default:
				symbols++
			}
		}
	}
	switch {
	case runes == 0:
		return "no text layer"
	case runes < minTextRunes:
		return fmt.Sprintf("only %d characters of text", runes)
	case float64(broken) > maxBrokenShare*float64(runes):
		return fmt.Sprintf("%d of %d characters are private-use, replacement or control characters (a font without a Unicode map)", broken, runes)
	case float64(symbols) > maxSymbolShare*float64(runes):
		return fmt.Sprintf("%d of %d characters are symbols (a font encoding mapped onto punctuation)", symbols, runes)
	case letters >= minLettersToJudge && float64(common) < minCommonShare*float64(letters):
		return fmt.Sprintf("only %d of %d letters are common ones: the letters form no language (a shifted font encoding)", common, letters)
	}
	return ""
}

// NeedsOCR is TextLayerProblem as a method, so that the engine alone
// satisfies the PDF reader's interface.
func (e *Engine) NeedsOCR(native pipeline.Page) string { return TextLayerProblem(native) }
