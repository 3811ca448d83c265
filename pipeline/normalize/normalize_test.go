package normalize

import "testing"

func TestMoney(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1234.5", "1234.50"}, {"+12", "12.00"}, {"-0.125", "-0.13"}, {"0.005", "0.01"},
		{"-0.001", "0.00"}, {"100.00", "100.00"}, {" 7.1 ", "7.10"},
	}
	for _, tt := range tests {
		if got, err := Money(tt.in); err != nil || got != tt.want {
			t.Errorf("Money(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "1,50", "1e3", "12 EUR", "--1", "1/2"} {
		if got, err := Money(bad); err == nil {
			t.Errorf("Money(%q) = %q, want an error", bad, got)
		}
	}
}

func TestDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-03-01", "2024-03-01"}, {"20240301", "2024-03-01"}, {"2024-03-01+01:00", "2024-03-01"},
	}
	for _, tt := range tests {
		if got, err := Date(tt.in); err != nil || got != tt.want {
			t.Errorf("Date(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"2024-02-30", "01.03.2024", "", "2024131"} {
		if got, err := Date(bad); err == nil {
			t.Errorf("Date(%q) = %q, want an error", bad, got)
		}
	}
}

func TestIDAndCurrency(t *testing.T) {
	if got := ID("dk 12-34.56 78"); got != "DK12345678" {
		t.Errorf("ID = %q", got)
	}
	if got := Currency(" dkk"); got != "DKK" {
		t.Errorf("Currency = %q", got)
	}
	if got := Currency("€"); got != "" {
		t.Errorf("Currency(€) = %q, want empty", got)
	}
	if got := Digits("SE 582 22-٣x"); got != "58222" {
		t.Errorf("Digits = %q, want 58222 (ASCII digits only)", got)
	}
}

func TestDecimal(t *testing.T) {
	tests := []struct{ in, want string }{
		{"25.00", "25.00"}, {"+1", "1"}, {"64.", "64"}, {".5", "0.5"}, {"007", "7"}, {"-0.0", "0.0"}, {"-3.5", "-3.5"},
	}
	for _, tt := range tests {
		if got, err := Decimal(tt.in); err != nil || got != tt.want {
			t.Errorf("Decimal(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", ".", "1,5", "1e3", "1/2", "--1", "1.2.3"} {
		if got, err := Decimal(bad); err == nil {
			t.Errorf("Decimal(%q) = %q, want an error", bad, got)
		}
	}
}
