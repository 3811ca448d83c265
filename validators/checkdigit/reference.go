package checkdigit

import (
	"fmt"
	"math/big"
	"strings"
)

// RF validates an ISO 11649 creditor reference and returns it without
// spaces, in upper case: "RF", two check digits, 1 to 21 letters or
// digits; the rest moved behind "RF" and the check digits, with letters
// as 10 to 35, is 1 modulo 97.
func RF(s string) (string, error) {
	const scheme = "rf"
	t := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if !strings.HasPrefix(t, "RF") {
		return "", newErr(scheme, ErrFormat, fmt.Sprintf("%q does not start with RF", s))
	}
	if len(t) < 5 || len(t) > 25 {
		return "", newErr(scheme, ErrLength, fmt.Sprintf("%d characters, want 5 to 25", len(t)))
	}
	var b strings.Builder
	for _, c := range t[4:] + t[:4] {
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(c)
		case c >= 'A' && c <= 'Z':
			fmt.Fprint(&b, int(c-'A'+10))
		default:
			return "", newErr(scheme, ErrFormat, fmt.Sprintf("%q holds %q", s, c))
		}
	}
	n, _ := new(big.Int).SetString(b.String(), 10)
	if n.Mod(n, big.NewInt(97)).Int64() != 1 {
		return "", newErr(scheme, ErrCheckDigit, fmt.Sprintf("%s fails modulo 97", t))
	}
	return t, nil
}

// ReferenceBases returns what a payment reference that passes its check
// was made from: the digits before its check digits (an FI card's
// payment id, a Swedish OCR reference with and without a length digit),
// or what follows an RF reference's check digits. Suppliers make them
// from the invoice number, often after a customer number. Nil when the
// reference does not pass, or carries no payment id (FI card 73).
func ReferenceBases(ref string) []string {
	t := strings.TrimSpace(ref)
	switch {
	case strings.HasPrefix(t, "+"):
		f, err := ParseFIK(t)
		if err != nil || f.PaymentID == "" {
			return nil
		}
		return []string{f.PaymentID[:len(f.PaymentID)-1]}
	case strings.HasPrefix(strings.ToUpper(t), "RF"):
		r, err := RF(t)
		if err != nil {
			return nil
		}
		return []string{r[4:]}
	}
	var out []string
	if d, err := OCRReference(t, false); err == nil {
		out = append(out, d[:len(d)-1])
	}
	if d, err := OCRReference(t, true); err == nil {
		out = append(out, d[:len(d)-2])
	}
	return out
}
