package einvoice

import (
	"testing"

	"intake/pipeline/normalize"
)

// moneyValue and decimalOr take shortcuts past big.Rat; they must agree
// with the normalize package on every input.
func TestFastNormalisationAgrees(t *testing.T) {
	inputs := []string{
		"0", "-0", "0.0", "-0.00", "0.001", "-0.004", "-0.005", "00", "007.5", "1", "12", "-12", "1.5", "1.50", "1.505",
		"1.", ".5", "+1", " 1", "1 ", "1,5", "1e3", "1/2", "", "-", "--1", "123456789012345678901234567890.99",
		"-782179.43", "3810.0", "4762.5", "0.10", "10.00", "-0.10", "0.00",
	}
	for _, s := range inputs {
		want, werr := normalize.Money(s)
		got, gerr := moneyValue(s)
		if got != want || (werr == nil) != (gerr == nil) {
			t.Errorf("moneyValue(%q) = %q, %v; normalize.Money = %q, %v", s, got, gerr, want, werr)
		}
		wantD, derr := normalize.Decimal(s)
		if derr != nil {
			wantD = s
		}
		if s == "" {
			wantD = ""
		}
		if got := decimalOr(s); got != wantD {
			t.Errorf("decimalOr(%q) = %q, want %q", s, got, wantD)
		}
	}
}

func FuzzMoneyValue(f *testing.F) {
	f.Add("12.5")
	f.Add("-0.00")
	f.Fuzz(func(t *testing.T, s string) {
		want, werr := normalize.Money(s)
		got, gerr := moneyValue(s)
		if got != want || (werr == nil) != (gerr == nil) {
			t.Fatalf("moneyValue(%q) = %q, %v; normalize.Money = %q, %v", s, got, gerr, want, werr)
		}
	})
}
