package checkdigit

import "fmt"

// OCR reference limits of Bankgirot's Bankgiro Inbetalningar.
const (
	ocrMinLen = 2
	ocrMaxLen = 25
)

// OCRReference validates a Swedish OCR reference (OCR-referensnummer) for
// bankgiro and plusgiro payments and returns its digits; spaces are
// ignored. Bankgirot's "hard" OCR check: 2–25 digits, the last the Luhn
// digit of the others. With lengthDigit (the payee's agreement includes
// the length check) the second-last digit must also be the total number of
// digits modulo 10, length and check digit included: 25 digits end in 5C.
// A wrong length digit is reported as ErrCheckDigit.
func OCRReference(s string, lengthDigit bool) (string, error) {
	const scheme = "ocr_reference"
	t := clean(s)
	if !allDigits(t) {
		return "", newErr(scheme, ErrFormat, fmt.Sprintf("%q is not all digits", s))
	}
	min := ocrMinLen
	if lengthDigit {
		min = 3
	}
	if len(t) < min || len(t) > ocrMaxLen {
		return "", newErr(scheme, ErrLength, fmt.Sprintf("%d digits, want %d to %d", len(t), min, ocrMaxLen))
	}
	if !Luhn(t) {
		return "", newErr(scheme, ErrCheckDigit, fmt.Sprintf("Luhn digit of %s is %d, not %c",
			t[:len(t)-1], LuhnDigit(t[:len(t)-1]), t[len(t)-1]))
	}
	if want := byte('0' + len(t)%10); lengthDigit && t[len(t)-2] != want {
		return "", newErr(scheme, ErrCheckDigit, fmt.Sprintf("length digit is %c, want %c", t[len(t)-2], want))
	}
	return t, nil
}

// MakeOCRReference turns base (an invoice or customer number, digits
// only) into an OCR reference: base, then with lengthDigit the length digit,
// then the Luhn digit.
func MakeOCRReference(base string, lengthDigit bool) (string, error) {
	const scheme = "ocr_reference"
	if !allDigits(base) {
		return "", newErr(scheme, ErrFormat, fmt.Sprintf("%q is not all digits", base))
	}
	n := len(base) + 1
	if lengthDigit {
		n++
	}
	if n > ocrMaxLen {
		return "", newErr(scheme, ErrLength, fmt.Sprintf("%d digits with the control digits, at most %d", n, ocrMaxLen))
	}
	if lengthDigit {
		base += string(rune('0' + n%10))
	}
	return base + string(rune('0'+LuhnDigit(base))), nil
}
