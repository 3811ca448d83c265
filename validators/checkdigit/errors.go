package checkdigit

import "errors"

// Sentinels callers branch on; every error from this package wraps one.
var (
	// ErrFormat: characters or structure that the identifier never has
	// (a letter in a CVR number, an unknown IBAN country, FIK card type 04).
	// An ErrLength error also matches ErrFormat.
	ErrFormat = errors.New("malformed")
	// ErrLength: the right characters, but too few or too many of them.
	ErrLength = errors.New("wrong length")
	// ErrCheckDigit: well formed, but the check digit (or Bankgirot's
	// length digit) does not match the other digits.
	ErrCheckDigit = errors.New("wrong check digit")
	// ErrDate: the birth date inside a personal number does not exist, or
	// lies after the reference date.
	ErrDate = errors.New("invalid date")
)

// Error is the error every validator returns: which scheme rejected the
// value, the sentinel kind and a human detail.
type Error struct {
	Scheme string // "cvr", "cpr", "personnummer", "iban", ...
	Kind   error  // ErrFormat, ErrLength, ErrCheckDigit or ErrDate
	Detail string
}

func (e *Error) Error() string {
	if e.Detail == "" {
		return e.Scheme + ": " + e.Kind.Error()
	}
	return e.Scheme + ": " + e.Kind.Error() + ": " + e.Detail
}

// Unwrap returns the sentinel kind.
func (e *Error) Unwrap() error { return e.Kind }

// Is makes a length error also a format error: callers that only separate
// "malformed" from "wrong check digit" need not know about ErrLength.
func (e *Error) Is(target error) bool {
	return target == ErrFormat && e.Kind == ErrLength
}

func newErr(scheme string, kind error, detail string) *Error {
	return &Error{Scheme: scheme, Kind: kind, Detail: detail}
}
