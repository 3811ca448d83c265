package checkdigit

import (
	"fmt"
	"strings"
	"unicode"
)

// FIK is a Danish fælles indbetalingskort (FI card) payment: the code line
// "+71<000000000000018+12345678<" printed on invoices and entered in
// online banks.
type FIK struct {
	CardType  string // "71", "73" or "75"
	PaymentID string // 15 digits (71) or 16 digits (75), check digit last; "" for 73
	Creditor  string // the 8-digit FI creditor number
}

// FIK payment id lengths by card type (Nets, FI-kort): type 73 carries the
// payer's name and a message instead of a payment id.
var fikIDLen = map[string]int{"71": 15, "73": 0, "75": 16}

// String returns the canonical code line, "+71<000000000000018+12345678<"
// or "+73<+12345678<".
func (f FIK) String() string {
	return "+" + f.CardType + "<" + f.PaymentID + "+" + f.Creditor + "<"
}

// NewFIK validates the parts of an FI payment, as an OIOUBL e-invoice
// gives them apart (PaymentMeansCode 93: PaymentID = card type,
// InstructionID = payment id, CreditorAccount ID = creditor), and returns
// the payment with the id padded with leading zeros to its full length.
//
// Rules (Nets, FI-kort): card type 71 has a 15-digit and 75 a 16-digit
// payment id ending in a modulus-10 check digit (Luhn, weights 2 and 1 from
// the right: id 1 is printed 18, id 2 is 26); banks accept the id without
// its leading zeros, so shorter ids are padded. Card type 73 has no payment
// id. The creditor number has 8 digits (FI card printers say the first is
// 8; that is not checked). Other card types (01, 04, 15 of the older giro
// cards) are ErrFormat.
func NewFIK(cardType, paymentID, creditor string) (FIK, error) {
	const scheme = "fik"
	n, ok := fikIDLen[cardType]
	if !ok {
		return FIK{}, newErr(scheme, ErrFormat, fmt.Sprintf("card type %q, want 71, 73 or 75", cardType))
	}
	if creditor == "" || !allDigits(creditor) {
		return FIK{}, newErr(scheme, ErrFormat, fmt.Sprintf("creditor number %q is not digits", creditor))
	}
	if len(creditor) != 8 {
		return FIK{}, newErr(scheme, ErrLength, fmt.Sprintf("creditor number has %d digits, want 8", len(creditor)))
	}
	switch {
	case n == 0 && paymentID != "":
		return FIK{}, newErr(scheme, ErrFormat, "card type 73 has no payment id")
	case n == 0:
		return FIK{CardType: cardType, Creditor: creditor}, nil
	case paymentID == "":
		return FIK{}, newErr(scheme, ErrFormat, "card type "+cardType+" needs a payment id")
	case !allDigits(paymentID):
		return FIK{}, newErr(scheme, ErrFormat, fmt.Sprintf("payment id %q is not digits", paymentID))
	case len(paymentID) < 2 || len(paymentID) > n:
		return FIK{}, newErr(scheme, ErrLength, fmt.Sprintf("payment id has %d digits, card type %s takes 2 to %d", len(paymentID), cardType, n))
	case !Luhn(paymentID):
		body := paymentID[:len(paymentID)-1]
		return FIK{}, newErr(scheme, ErrCheckDigit, fmt.Sprintf("payment id check digit is %c, want %d",
			paymentID[len(paymentID)-1], LuhnDigit(body)))
	}
	return FIK{CardType: cardType, PaymentID: strings.Repeat("0", n-len(paymentID)) + paymentID, Creditor: creditor}, nil
}

// ParseFIK parses an FI code line and validates it with NewFIK. It takes
// the printed form "+71<000000000000018+12345678<" and what text
// extraction and people make of it: spaces anywhere, missing '<' or '+'
// ("71 000000000000018 12345678"), or no separators at all when the
// digits have the full lengths of the card type.
func ParseFIK(s string) (FIK, error) {
	const scheme = "fik"
	for _, r := range s {
		if !(r >= '0' && r <= '9') && !strings.ContainsRune("+<>", r) && !unicode.IsSpace(r) {
			return FIK{}, newErr(scheme, ErrFormat, fmt.Sprintf("%q holds a character other than digits, '+', '<' and spaces", s))
		}
	}
	// When the line has its printed separators only they divide the
	// fields, and spaces inside a field are OCR noise.
	groups := strings.Fields(s)
	if strings.ContainsAny(s, "+<>") {
		groups = fieldsBy(s, "+<>")
	}
	if len(groups) == 0 || len(groups[0]) < 2 {
		return FIK{}, newErr(scheme, ErrFormat, fmt.Sprintf("%q does not start with a card type", s))
	}
	card := groups[0][:2]
	rest := groups[1:]
	if len(groups[0]) > 2 {
		rest = append([]string{groups[0][2:]}, rest...)
	}
	n, ok := fikIDLen[card]
	if !ok {
		return FIK{}, newErr(scheme, ErrFormat, fmt.Sprintf("card type %q, want 71, 73 or 75", card))
	}
	switch {
	case len(rest) == 1 && n > 0 && len(rest[0]) == n+8:
		return NewFIK(card, rest[0][:n], rest[0][n:])
	case len(rest) == 1:
		return NewFIK(card, "", rest[0])
	case len(rest) == 2:
		return NewFIK(card, rest[0], rest[1])
	}
	return FIK{}, newErr(scheme, ErrFormat, fmt.Sprintf("%q is not +TT<payment id+creditor<", s))
}

// fieldsBy splits s at any of seps, drops white space inside fields and
// returns the non-empty fields.
func fieldsBy(s, seps string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if f = strings.Join(strings.Fields(f), ""); f != "" {
			out = append(out, f)
		}
	}
	return out
}
