package checkdigit

import (
	"errors"
	"slices"
	"testing"
)

func TestRF(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
		err  error
	}{
		{"RF18539007547034", "RF18539007547034", nil}, // the ISO 11649 example
		{"rf18 5390 0754 7034", "RF18539007547034", nil},
		{"RF19539007547034", "", ErrCheckDigit},
		{"XX18539007547034", "", ErrFormat},
		{"RF18", "", ErrLength},
		{"RF18-5390", "", ErrFormat},
	} {
		got, err := RF(c.in)
		if got != c.want || !errors.Is(err, c.err) || (err == nil) != (c.err == nil) {
			t.Errorf("RF(%q) = %q, %v; want %q, %v", c.in, got, err, c.want, c.err)
		}
	}
}

func TestReferenceBases(t *testing.T) {
	ocrLen, _ := MakeOCRReference("4882741074", true)
	ocrPlain, _ := MakeOCRReference("4882741074", false)
	for _, c := range []struct {
		in   string
		want []string
	}{
		// FI card 71: customer 48827, invoice 41074, check digit 6.
		{"+71<000048827410746+84988909<", []string{"00004882741074"}},
		{"+71<000048827410747+84988909<", nil}, // check digit off
		{"+73<+84988909<", nil},                // no payment id
		{"RF18539007547034", []string{"539007547034"}},
		{"RF19539007547034", nil},
		// Made with a length digit (12 digits in all: 2), it passes as a
		// plain reference too, made from the digits up to the length digit.
		{ocrLen, []string{"48827410742", "4882741074"}},
		{ocrPlain, []string{"4882741074"}},
		{"12345", nil},
	} {
		got := ReferenceBases(c.in)
		if !slices.Equal(got, c.want) {
			t.Errorf("ReferenceBases(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
