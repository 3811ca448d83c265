package pipeline

import (
	"errors"
	"fmt"
)

// Sentinels callers branch on. An UnreadableError wraps one of them.
var (
	// ErrUnsupportedMedia: valid bytes of a kind intake does not read.
	ErrUnsupportedMedia = errors.New("unsupported media type")
	// ErrCorrupt: bytes that claim a format but break it.
	ErrCorrupt = errors.New("corrupt input")
	// ErrEncrypted: a document that cannot be read without a password.
	ErrEncrypted = errors.New("encrypted document")
	// ErrEmpty: no bytes, or no content at all.
	ErrEmpty = errors.New("empty input")
	// ErrTooLarge: over a configured limit (bytes, pages, pixels, depth).
	ErrTooLarge = errors.New("input over limit")
	// ErrNoOCR: an image that needs OCR while none is configured.
	ErrNoOCR = errors.New("OCR not available")
)

// UnreadableError marks input that can never be processed as it is. The
// runner routes the document to quarantine with Code and the message as
// the reason; it is not a failure of the machinery and is never retried.
type UnreadableError struct {
	Code   string // stable machine code, e.g. "pdf.encrypted"
	Detail string // human explanation
	Err    error  // one of the sentinels, or the underlying cause
}

func (e *UnreadableError) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("%s: %v", e.Code, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Detail)
}

func (e *UnreadableError) Unwrap() error { return e.Err }

// Unreadable builds an UnreadableError.
func Unreadable(code string, sentinel error, format string, args ...any) error {
	return &UnreadableError{Code: code, Err: sentinel, Detail: fmt.Sprintf(format, args...)}
}
