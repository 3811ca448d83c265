package checkdigit

import "testing"

func TestParseFIK(t *testing.T) {
	tests := []struct {
		name, in string
		want     FIK
		kind     error
	}{
		// Payment id 1 with its check digit 8 (giro-kort.dk, the printer of
		// FI cards: "Nummer 1 vil i kodelinien fremgå som 18").
		{"printed code line", "+71<000000000000018+12345678<", FIK{"71", "000000000000018", "12345678"}, nil},
		{"spaces around fields", "+71< 000000000000018 +12345678<", FIK{"71", "000000000000018", "12345678"}, nil},
		{"no separators but spaces", "71 000000000000018 12345678", FIK{"71", "000000000000018", "12345678"}, nil},
		{"one digit run", "7100000000000001812345678", FIK{"71", "000000000000018", "12345678"}, nil},
		{"without '<'", "+71000000000000018+12345678", FIK{"71", "000000000000018", "12345678"}, nil},
		{"missing '+' before creditor", "+71<000000000000018 12345678<", FIK{"71", "000000000000018", "12345678"}, nil},
		{"leading zeros dropped", "+71<26+12345678<", FIK{"71", "000000000000026", "12345678"}, nil},
		{"OCR spaces inside the id", "+71< 0000 0000 0000 018 +12345678<", FIK{"71", "000000000000018", "12345678"}, nil},
		// Test vectors of the Business::DK::FI module.
		{"15-digit id", "+71<026840149965328+85320918<", FIK{"71", "026840149965328", "85320918"}, nil},
		{"16-digit id", "+75<0026840149965328+85320918<", FIK{"75", "0026840149965328", "85320918"}, nil},
		// A FIK code line of an accounting system's manual (Uniconta).
		{"debtor and invoice in the id", "+71<004040400000669+12345678<", FIK{"71", "004040400000669", "12345678"}, nil},
		{"card type 73", "+73<+12345678<", FIK{"73", "", "12345678"}, nil},
		{"card type 73 spaced", "+73< +12345678<", FIK{"73", "", "12345678"}, nil},
		{"card type 73 with an id", "+73<000000000000018+12345678<", FIK{}, ErrFormat},
		{"card type 71 without id", "+71<+12345678<", FIK{}, ErrFormat},
		// The style example "000000000000001" has no check digit: id 1 is 18.
		{"id without check digit", "+71<000000000000001+12345678<", FIK{}, ErrCheckDigit},
		{"digits swapped", "+71<026840149956328+85320918<", FIK{}, ErrCheckDigit},
		{"16 digits on a 71 card", "+71<0026840149965328+85320918<", FIK{}, ErrLength},
		{"one-digit id", "+71<8+12345678<", FIK{}, ErrLength},
		{"creditor 7 digits", "+71<000000000000018+1234567<", FIK{}, ErrLength},
		{"creditor 9 digits", "+71<000000000000018+123456789<", FIK{}, ErrLength},
		{"giro card type 04", "+04<000000000000018+12345678<", FIK{}, ErrFormat},
		{"letters", "+71<00000000000001B+12345678<", FIK{}, ErrFormat},
		{"too many fields", "+71<18+12345678+87654321<", FIK{}, ErrFormat},
		{"only a card type", "+71<", FIK{}, ErrFormat},
		{"empty", "", FIK{}, ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFIK(tt.in)
			wantKind(t, err, tt.kind)
			if got != tt.want {
				t.Errorf("ParseFIK(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestFIKString(t *testing.T) {
	for in, want := range map[string]string{
		"71 18 12345678": "+71<000000000000018+12345678<",
		"+73<+12345678<": "+73<+12345678<",
		"75 26 85320918": "+75<0000000000000026+85320918<",
	} {
		f, err := ParseFIK(in)
		if err != nil {
			t.Fatalf("ParseFIK(%q): %v", in, err)
		}
		if got := f.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
		if back, err := ParseFIK(f.String()); err != nil || back != f {
			t.Errorf("ParseFIK(String()) = %+v, %v; want %+v", back, err, f)
		}
	}
}

func TestNewFIK(t *testing.T) {
	// OIOUBL PaymentMeans 93: PaymentID "71", InstructionID, CreditorAccount.
	f, err := NewFIK("71", "026840149965328", "85320918")
	if err != nil || f.String() != "+71<026840149965328+85320918<" {
		t.Errorf("NewFIK = %v, %v", f, err)
	}
	_, err = NewFIK("+71", "026840149965328", "85320918")
	wantKind(t, err, ErrFormat)
	_, err = NewFIK("71", "026840149965328", "")
	wantKind(t, err, ErrFormat)
}
