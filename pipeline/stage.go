package pipeline

import "context"

// Stage is one step of the pipeline. Process enriches doc in place. It
// returns an *UnreadableError (possibly wrapped) when the input can never
// be read, any other error for a failure of the machinery (which makes the
// whole document fail and, in the service, be retried), and nil otherwise:
// low confidence and failed rules are recorded on doc, not returned.
// Process must honour ctx and must not keep doc after it returns.
type Stage interface {
	Name() string
	Process(ctx context.Context, doc *Document) error
}

// Versioned is implemented by stages whose output depends on a model or a
// rule set; the version is recorded in the trail and the case file.
type Versioned interface {
	Version() string
}

// StageFunc adapts a function to a Stage.
type StageFunc struct {
	StageName string
	Fn        func(ctx context.Context, doc *Document) error
}

func (s StageFunc) Name() string                                     { return s.StageName }
func (s StageFunc) Process(ctx context.Context, doc *Document) error { return s.Fn(ctx, doc) }

// TextReader reads the words of one kind of document (by media type).
// It fills doc.Pages, doc.PageCount and doc.TextSource, and may set
// structured fields (doc.Structured) when the input carries exact data.
type TextReader interface {
	Accepts(mediaType string) bool
	Read(ctx context.Context, doc *Document) error
}
