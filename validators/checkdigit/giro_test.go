package checkdigit

import "testing"

func TestBankgiro(t *testing.T) {
	tests := []struct {
		name, in, want string
		kind           error
	}{
		{"Skatteverket", "5050-1055", "50501055", nil},
		{"Bankgirot", "160-9908", "1609908", nil},
		{"no dash", "50501055", "50501055", nil},
		{"spaced", "5050 - 1055", "50501055", nil},
		{"wrong check digit", "5050-1056", "", ErrCheckDigit},
		{"digits swapped", "5005-1055", "", ErrCheckDigit},
		{"six digits", "160-990", "", ErrLength},
		{"nine digits", "50501-0557", "", ErrLength},
		{"letter", "5050-1O55", "", ErrFormat},
		{"empty", "", "", ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Bankgiro(tt.in)
			wantKind(t, err, tt.kind)
			if got != tt.want {
				t.Errorf("Bankgiro(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Plusgiro numbers in PlusGirot's printed format: pairs from the right,
// a dash before the check digit.
func TestPlusgiro(t *testing.T) {
	tests := []struct {
		name, in, want string
		kind           error
	}{
		{"six digits", "28 65 43-4", "2865434", nil},
		{"90-account (fund-raising)", "90 01 22-3", "9001223", nil},
		{"eight digits", "1 23 45 67-4", "12345674", nil},
		{"shortest", "1-8", "18", nil},
		{"no separators", "2865434", "2865434", nil},
		{"wrong check digit", "28 65 43-5", "", ErrCheckDigit},
		{"one digit", "8", "", ErrLength},
		{"nine digits", "12 34 56 78-2", "", ErrLength},
		{"letter", "28 65 4B-4", "", ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Plusgiro(tt.in)
			wantKind(t, err, tt.kind)
			if got != tt.want {
				t.Errorf("Plusgiro(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
