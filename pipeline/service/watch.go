package service

import (
	"context"
	"fmt"
	"time"

	"intake/pipeline/queue"
	"intake/pipeline/source"
)

// listLoop lists the inbox at start-up and every ListInterval, queueing
// what no event announced (intake was down, an event was lost).
func (s *Service) listLoop(ctx context.Context) {
	for {
		n, err := s.ListOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			s.m.inc("intake_errors_total", "inbox.list")
			s.log.Warn("inbox listing", "err", err)
		} else if n > 0 {
			s.log.Info("inbox listing queued jobs", "jobs", n)
		}
		if s.cfg.ListInterval <= 0 {
			return
		}
		sleep(ctx, s.cfg.ListInterval)
		if ctx.Err() != nil {
			return
		}
	}
}

// ListOnce lists the inbox once and offers every object version not
// offered before; it returns how many were new to the queue.
func (s *Service) ListOnce(ctx context.Context) (int, error) {
	s.mu.Lock()
	known := s.seen
	s.mu.Unlock()
	listed := make(map[string]string, len(known))
	n := 0
	err := s.d.Inbox.List(ctx, func(o source.Object) error {
		if known[o.Key] == o.ETag {
			listed[o.Key] = o.ETag
			return nil
		}
		j := queue.Job{Inbox: s.d.Inbox.Name(), Key: o.Key, ETag: o.ETag, Size: o.Size, Created: o.Modified, Via: "listing"}
		fresh, err := s.d.Jobs.Offer(ctx, j)
		if err != nil {
			return err
		}
		listed[o.Key] = o.ETag
		if fresh {
			n++
			s.m.inc("intake_jobs_queued_total", "listing")
		}
		return nil
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listErr, s.listedAt = err, time.Now()
	if err == nil {
		// Only what is in the inbox now is remembered: memory follows the
		// inbox, not the history.
		s.seen = listed
	} else {
		for k, v := range listed {
			s.seen[k] = v
		}
	}
	return n, err
}

// watchNotices turns the S3 server's event notifications into jobs.
func (s *Service) watchNotices(ctx context.Context) {
	for {
		data, done, err := s.d.Notices.ReadInboxEvent(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			s.m.inc("intake_errors_total", "events.read")
			s.log.Warn("inbox events", "err", err)
			sleep(ctx, time.Second)
			continue
		}
		if err := done(s.OfferEvent(ctx, data, "event")); err != nil {
			s.m.inc("intake_errors_total", "events.ack")
		}
	}
}

// OfferEvent queues the objects an S3 event notification announces. A
// notification that does not parse is dropped (the listing finds its
// object); an error means a job could not be queued and the notification
// should be delivered again.
func (s *Service) OfferEvent(ctx context.Context, data []byte, via string) error {
	evs, err := source.ParseEvent(data)
	if err != nil {
		s.m.inc("intake_errors_total", "events.parse")
		s.log.Warn("inbox event does not parse", "err", err)
		return nil
	}
	now := time.Now()
	for _, e := range evs {
		if e.Bucket != s.d.Inbox.Name() {
			continue // the outbox's own writes, another bucket
		}
		if c, ok := s.d.Inbox.(interface{ Contains(key string) bool }); ok && !c.Contains(e.Key) {
			continue
		}
		// Event times have whole seconds; the receipt time is closer
		// unless the notification waited (intake was down).
		created := now
		if !e.Modified.IsZero() && now.Sub(e.Modified) > 2*time.Second {
			created = e.Modified
		}
		j := queue.Job{Inbox: e.Bucket, Key: e.Key, ETag: e.ETag, Size: e.Size, Created: created, Via: via}
		fresh, err := s.d.Jobs.Offer(ctx, j)
		if err != nil {
			return fmt.Errorf("offer %s: %w", j.ID(), err)
		}
		if fresh {
			s.m.inc("intake_jobs_queued_total", via)
		}
	}
	return nil
}
