package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Runner takes one document from bytes to a routed case: ingest, the text
// reader for its media type, the stages in order, then the router.
type Runner struct {
	Ingest  Ingest
	Readers []TextReader
	Stages  []Stage
	Router  Router
	Now     func() time.Time // nil means time.Now
}

// NewRunner returns a runner with default ingest limits and routing.
func NewRunner(readers []TextReader, stages ...Stage) *Runner {
	return &Runner{
		Ingest:  Ingest{Config: DefaultIngestConfig()},
		Readers: readers,
		Stages:  stages,
		Router:  Router{Config: DefaultRouting()},
	}
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// Run processes one document. Unreadable input is not an error: the
// document comes back routed to quarantine with the reason. An error means
// the machinery failed (the document may be retried) or ctx ended.
func (r *Runner) Run(ctx context.Context, origin Origin, data []byte) (*Document, error) {
	if origin.Received.IsZero() {
		origin.Received = r.now()
	}
	doc := &Document{Origin: origin, Data: data}
	stages := make([]Stage, 0, len(r.Stages)+3)
	stages = append(stages, r.Ingest, readStage{r.Readers})
	stages = append(stages, r.Stages...)
	stages = append(stages, r.Router)
	for _, s := range stages {
		if err := ctx.Err(); err != nil {
			return doc, err
		}
		err := r.runStage(ctx, s, doc)
		if err == nil {
			continue
		}
		var ue *UnreadableError
		if errors.As(err, &ue) {
			doc.Route = Route{To: ToQuarantine, Reasons: []Reason{{Code: ue.Code, Message: ue.Error()}}}
			return doc, nil
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return doc, ctxErr
		}
		return doc, fmt.Errorf("%s: %w", s.Name(), err)
	}
	return doc, nil
}

func (r *Runner) runStage(ctx context.Context, s Stage, doc *Document) (err error) {
	start := r.now()
	defer func() {
		// A panic in a stage is a failure of the machinery for this
		// document only; the process and the batch go on.
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
		step := Step{Stage: s.Name(), Start: start, Duration: r.now().Sub(start)}
		if v, ok := s.(Versioned); ok {
			step.Version = v.Version()
		}
		if err != nil {
			step.Err = err.Error()
		}
		doc.Trail = append(doc.Trail, step)
	}()
	return s.Process(ctx, doc)
}

// readStage picks the text reader for the document's media type.
type readStage struct{ readers []TextReader }

func (readStage) Name() string { return "text" }

func (s readStage) Process(ctx context.Context, doc *Document) error {
	for _, rd := range s.readers {
		if rd.Accepts(doc.MediaType) {
			if err := rd.Read(ctx, doc); err != nil {
				return err
			}
			restoreDiacritics(doc)
			return nil
		}
	}
	if ImageMedia(doc.MediaType) {
		return Unreadable("ocr.unavailable", ErrNoOCR, "%s needs OCR, which is not available", doc.MediaType)
	}
	return Unreadable("input.unsupported_type", ErrUnsupportedMedia, "no reader for %s", doc.MediaType)
}
