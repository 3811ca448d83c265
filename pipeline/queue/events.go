package queue

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// CaseSubject is the subject a case event goes to:
// <prefix>.<route>.<doc_type>, "unknown" when there is no document type
// (quarantine).
func (q *Queue) CaseSubject(route, docType string) string {
	if docType == "" {
		docType = "unknown"
	}
	return q.cfg.CasePrefix + "." + token(route) + "." + token(docType)
}

// token makes s one subject token: no dots, spaces or wildcards.
func token(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '.', ' ', '*', '>', '\t', '\r', '\n':
			return '_'
		}
		return r
	}, s)
	if s == "" {
		return "unknown"
	}
	return s
}

// PublishCase publishes a case event and waits for JetStream to store it.
// The case ID is the message ID: publishing the same case again within
// the duplicate window (a redelivered job) stores it once.
func (q *Queue) PublishCase(ctx context.Context, route, docType, id string, payload []byte) error {
	m := nats.NewMsg(q.CaseSubject(route, docType))
	m.Data = payload
	m.Header.Set(jetstream.MsgIDHeader, "case:"+id)
	if _, err := q.js.PublishMsg(ctx, m); err != nil {
		return fmt.Errorf("queue: case event %s: %w", id, err)
	}
	return nil
}

// ReadInboxEvent waits for the next notification the S3 server published
// to the inbox subject. done(nil) acks it once its jobs are queued;
// done(err) hands it back for another try. It returns ctx.Err() when ctx
// ends.
func (q *Queue) ReadInboxEvent(ctx context.Context) (data []byte, done func(error) error, err error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		m, err := next(ctx, q.inbox, q.cfg.PollWait)
		if err != nil {
			return nil, nil, fmt.Errorf("queue: inbox event: %w", err)
		}
		if m == nil {
			continue
		}
		return m.Data(), func(err error) error {
			if err != nil {
				return m.NakWithDelay(time.Second)
			}
			return m.Ack()
		}, nil
	}
}
