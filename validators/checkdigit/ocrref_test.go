package checkdigit

import "testing"

func TestOCRReference(t *testing.T) {
	tests := []struct {
		name, in    string
		lengthDigit bool
		want        string
		kind        error
	}{
		// Invoice number 12345: with Bankgirot's length check it becomes
		// 12345 7 4 (seven digits, Luhn digit 4); without it 12345 5.
		{"with length digit", "1234574", true, "1234574", nil},
		{"Luhn only", "123455", false, "123455", nil},
		{"length digit not required", "1234574", false, "1234574", nil},
		{"printed in groups", "1234 5678 9023", true, "123456789023", nil},
		{"length 12 gives length digit 2", "123456789023", true, "123456789023", nil},
		{"shortest, Luhn only", "18", false, "18", nil},
		{"shortest with length digit", "133", true, "133", nil},
		{"Luhn fine, length digit wrong", "554", true, "", ErrCheckDigit},
		{"wrong check digit", "1234575", true, "", ErrCheckDigit},
		{"wrong length digit", "123455", true, "", ErrCheckDigit},
		{"25 digits", "1234567890123456789012357", true, "1234567890123456789012357", nil},
		{"26 digits", "12345678901234567890123452", false, "", ErrLength},
		{"one digit", "0", false, "", ErrLength},
		{"two digits with length digit", "26", true, "", ErrLength},
		{"letter", "12345A4", false, "", ErrFormat},
		{"empty", "", false, "", ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := OCRReference(tt.in, tt.lengthDigit)
			wantKind(t, err, tt.kind)
			if got != tt.want {
				t.Errorf("OCRReference(%q, %v) = %q, want %q", tt.in, tt.lengthDigit, got, tt.want)
			}
		})
	}
}

func TestMakeOCRReference(t *testing.T) {
	tests := []struct {
		base        string
		lengthDigit bool
		want        string
		kind        error
	}{
		{"12345", true, "1234574", nil},
		{"12345", false, "123455", nil},
		{"1234567890", true, "123456789023", nil},
		{"55", true, "5546", nil},
		{"12345678901234567890123", true, "1234567890123456789012357", nil},
		{"123456789012345678901234", true, "", ErrLength},
		{"123456789012345678901234", false, "1234567890123456789012340", nil},
		{"12-345", false, "", ErrFormat},
		{"", false, "", ErrFormat},
	}
	for _, tt := range tests {
		got, err := MakeOCRReference(tt.base, tt.lengthDigit)
		wantKind(t, err, tt.kind)
		if got != tt.want {
			t.Errorf("MakeOCRReference(%q, %v) = %q, want %q", tt.base, tt.lengthDigit, got, tt.want)
		}
		if err == nil {
			if _, err := OCRReference(got, tt.lengthDigit); err != nil {
				t.Errorf("made %q does not validate: %v", got, err)
			}
		}
	}
}
