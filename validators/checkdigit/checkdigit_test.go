package checkdigit

import (
	"errors"
	"testing"
)

// wantKind checks err against the expected sentinel; nil means valid.
func wantKind(t *testing.T, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want != nil && err == nil:
		t.Fatalf("no error, want %v", want)
	case want != nil && !errors.Is(err, want):
		t.Fatalf("error %v, want kind %v", err, want)
	}
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Scheme == "" || e.Kind == nil {
			t.Fatalf("error %#v is not a complete *Error", err)
		}
	}
}

func TestErrorKinds(t *testing.T) {
	err := newErr("cvr", ErrLength, "7 digits, want 8")
	if !errors.Is(err, ErrLength) || !errors.Is(err, ErrFormat) {
		t.Error("a length error must match ErrLength and ErrFormat")
	}
	if errors.Is(err, ErrCheckDigit) || errors.Is(newErr("cvr", ErrCheckDigit, ""), ErrFormat) {
		t.Error("kinds leak into each other")
	}
	if got, want := err.Error(), "cvr: wrong length: 7 digits, want 8"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestLuhn(t *testing.T) {
	tests := []struct {
		digits string
		valid  bool
	}{
		{"8112189876", true},  // Skatteverket's worked example, 811218-9876
		{"8112189875", false}, // check digit off by one
		{"8112188976", false}, // adjacent digits swapped
		{"18", true},          // Nets FI card: payment id 1 is printed 18
		{"26", true},          // and 2 is printed 26 (giro-kort.dk)
		{"79927398713", true}, // ISO/IEC 7812 example
		{"0", true},
		{"", false},
		{"12a4", false},
		{"１８", false}, // full-width digits are not ASCII
	}
	for _, tt := range tests {
		if got := Luhn(tt.digits); got != tt.valid {
			t.Errorf("Luhn(%q) = %v, want %v", tt.digits, got, tt.valid)
		}
	}
}

func TestLuhnDigit(t *testing.T) {
	tests := []struct {
		body string
		want int
	}{
		{"811218987", 6},
		{"1", 8},
		{"2", 6},
		{"7992739871", 3},
		{"0", 0},
		{"", -1},
		{"12 3", -1},
	}
	for _, tt := range tests {
		got := LuhnDigit(tt.body)
		if got != tt.want {
			t.Errorf("LuhnDigit(%q) = %d, want %d", tt.body, got, tt.want)
		}
		if got >= 0 && !Luhn(tt.body+string(rune('0'+got))) {
			t.Errorf("LuhnDigit(%q) = %d does not make a valid number", tt.body, got)
		}
	}
}

func TestMod11(t *testing.T) {
	tests := []struct {
		digits  string
		weights []int
		want    int
	}{
		{"24256790", cvrWeights, 0},   // Novo Nordisk A/S
		{"24256791", cvrWeights, 1},   // last weight is 1
		{"0707614285", cprWeights, 0}, // the CPR office's example
		{"123", cvrWeights, -1},
		{"2425679x", cvrWeights, -1},
	}
	for _, tt := range tests {
		if got := Mod11(tt.digits, tt.weights); got != tt.want {
			t.Errorf("Mod11(%q) = %d, want %d", tt.digits, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := map[string]string{
		"556012–5790":         "556012-5790", // en dash from PDF text
		"12\u00a034\u2009567": "1234567",     // no-break and thin space
		" DK 24 25 67 90 ":    "DK24256790",
		"640823\u22123234":    "640823-3234", // minus sign
	}
	for in, want := range tests {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}
