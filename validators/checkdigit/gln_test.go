package checkdigit

import "testing"

func TestGS1CheckDigit(t *testing.T) {
	tests := []struct {
		body string
		want int
	}{
		{"629104150021", 3},  // GS1 check digit calculator example (GTIN-13)
		{"730001100001", 7},  // GS1 Sweden, "Så beräknas kontrollsiffran"
		{"03600029145", 2},   // UPC-A 036000 29145 2
		{"9638507", 4},       // EAN-8
		{"1061414100041", 5}, // GTIN-14 on GS1 US's example company prefix 0614141
		{"579800041660", 4},  // GLN in the OIOUBL sample documents
		{"", -1},
		{"12a", -1},
	}
	for _, tt := range tests {
		if got := GS1CheckDigit(tt.body); got != tt.want {
			t.Errorf("GS1CheckDigit(%q) = %d, want %d", tt.body, got, tt.want)
		}
	}
}

func TestGLN(t *testing.T) {
	tests := []struct {
		name, in, want string
		kind           error
	}{
		{"OIOUBL sample buyer", "5798000416604", "5798000416604", nil},
		{"OIOUBL sample customer", "5798009811578", "5798009811578", nil},
		{"spaced", "57 98000 41660 4", "5798000416604", nil},
		{"placeholder 5798000000000", "5798000000000", "", ErrCheckDigit},
		{"digits swapped", "5798000416640", "", ErrCheckDigit},
		{"GTIN-14 is not a GLN", "10614141000415", "", ErrLength},
		{"twelve digits", "579800041660", "", ErrLength},
		{"letter", "57980004166O4", "", ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := GLN(tt.in)
			wantKind(t, err, tt.kind)
			if got != tt.want {
				t.Errorf("GLN(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestGTIN(t *testing.T) {
	tests := []struct {
		name, in, want string
		kind           error
	}{
		{"GS1 calculator example", "6291041500213", "6291041500213", nil},
		{"GS1 Sweden example", "7300011000017", "7300011000017", nil},
		{"UPC-A as GTIN-12", "036000291452", "036000291452", nil},
		{"EAN-8", "9638 5074", "96385074", nil},
		{"GTIN-14", "10614141000415", "10614141000415", nil},
		{"wrong check digit", "6291041500214", "", ErrCheckDigit},
		{"eleven digits", "62910415002", "", ErrLength},
		{"empty", "", "", ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := GTIN(tt.in)
			wantKind(t, err, tt.kind)
			if got != tt.want {
				t.Errorf("GTIN(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
