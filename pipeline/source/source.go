// Package source reads the inbox: a folder on the embedded default, or an
// S3 bucket (any S3 server, through minio-go). An inbox lists its objects
// and fetches one object version; it never modifies or deletes an original.
// New objects are announced by the S3 server's event notifications (see
// ParseEvent) and found by listing at start-up and at intervals.
package source

import (
	"errors"
	"time"
)

// Sentinels the service branches on.
var (
	// ErrGone: the object is no longer in the inbox.
	ErrGone = errors.New("object gone")
	// ErrChanged: the key now holds another version (another ETag);
	// that version is a job of its own.
	ErrChanged = errors.New("object replaced by a newer version")
	// ErrTooLarge: the object is over the size limit and is not fetched.
	ErrTooLarge = errors.New("object over the size limit")
)

// Object is one object version in an inbox.
type Object struct {
	Key      string
	ETag     string // changes whenever the content may have changed
	Size     int64
	Modified time.Time
}
