package en16931

import (
	"math/big"
	"strings"
)

// Amounts are compared exactly: xs:decimal parsed into big.Rat, never a
// float. round follows XPath fn:round (half towards positive infinity),
// which is what the Schematron's "round(x * 10 * 10) div 100" computes.

// decimal parses an xs:decimal: optional sign, digits, optional point and
// digits; no exponent, no grouping.
func decimal(s string) (*big.Rat, bool) {
	s = strings.TrimSpace(s)
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 || body == "" || body == "." {
		return nil, false
	}
	dot := false
	for _, c := range body {
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && !dot:
			dot = true
		default:
			return nil, false
		}
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// dec is v's decimal value; ok is false when v is absent or not a number.
// The value is shared: callers must not modify it.
func (v Value) dec() (*big.Rat, bool) {
	if !v.Exists() {
		return nil, false
	}
	if v.num != nil {
		return v.num, true
	}
	return decimal(v.Text)
}

var (
	ratHalf    = big.NewRat(1, 2)
	ratHundred = big.NewRat(100, 1)
)

var scales = []*big.Rat{big.NewRat(1, 1), big.NewRat(10, 1), big.NewRat(100, 1)}

// roundTo rounds r to places (0 to 2) decimals, halves towards +∞.
func roundTo(r *big.Rat, places int) *big.Rat {
	scale := scales[places]
	x := new(big.Rat).Mul(r, scale)
	x.Add(x, ratHalf)
	q := new(big.Int).Div(x.Num(), x.Denom()) // Euclidean: floor for a positive denominator
	return new(big.Rat).Quo(new(big.Rat).SetInt(q), scale)
}

func round2(r *big.Rat) *big.Rat { return roundTo(r, 2) }

func add(a, b *big.Rat) *big.Rat { return new(big.Rat).Add(a, b) }
func sub(a, b *big.Rat) *big.Rat { return new(big.Rat).Sub(a, b) }
func mul(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }
func abs(a *big.Rat) *big.Rat    { return new(big.Rat).Abs(a) }
func eq(a, b *big.Rat) bool      { return a.Cmp(b) == 0 }

// within reports |a - b| < 1: the tolerance the Schematron allows for
// VAT computed per line and summed (BR-CO-17, BR-S-08, BR-S-09).
func within(a, b *big.Rat) bool {
	d := abs(sub(a, b))
	return d.Cmp(big.NewRat(1, 1)) < 0
}

// vatOf is round2(|taxable| × rate / 100).
func vatOf(taxable, rate *big.Rat) *big.Rat {
	return round2(new(big.Rat).Quo(mul(abs(taxable), rate), ratHundred))
}

// fmtDec renders r for evidence with at most 6 decimals, trailing zeros
// kept to two.
func fmtDec(r *big.Rat) string {
	if r == nil {
		return "∅"
	}
	s := r.FloatString(6)
	s = strings.TrimRight(s, "0")
	if i := strings.IndexByte(s, '.'); i < 0 {
		s += ".00"
	} else if len(s)-i-1 < 2 {
		s += strings.Repeat("0", 2-(len(s)-i-1))
	}
	return s
}

// decimals counts the digits after the point, as
// string-length(substring-after(x, '.')) does.
func decimals(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}
