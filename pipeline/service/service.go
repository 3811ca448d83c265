// Package service runs Intake as a service: inbox watchers queue one job
// per new object version (from the S3 server's event notifications, a
// webhook, and a listing at start-up and at intervals), a fixed pool of
// workers takes jobs from the queue, runs the pipeline and writes the
// outputs — the original and the case file in the outbox, the case-store
// row, the case event — and only then acks the job. The parts are small
// interfaces implemented by pipeline/queue, pipeline/source,
// pipeline/sink and pipeline/store and wired in cmd/intake.
package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"intake/pipeline"
	"intake/pipeline/queue"
	"intake/pipeline/source"
	"intake/pipeline/store"
)

// Source hands out jobs one delivery at a time (*queue.Queue). The
// AckFunc must be called exactly once per message.
type Source interface {
	Read(ctx context.Context) (*queue.Message, queue.AckFunc, error)
}

// Jobs queues an inbox object version unless it was queued before, and
// reports whether it was new (*queue.Queue).
type Jobs interface {
	Offer(ctx context.Context, j queue.Job) (bool, error)
}

// Notices yields the S3 server's event notifications (*queue.Queue).
type Notices interface {
	ReadInboxEvent(ctx context.Context) ([]byte, func(error) error, error)
}

// Publisher publishes a case event (*queue.Queue).
type Publisher interface {
	PublishCase(ctx context.Context, route, docType, id string, payload []byte) error
}

// Inbox lists and fetches originals (*source.Folder, *source.Bucket).
// Get returns an error wrapping source.ErrGone, ErrChanged or ErrTooLarge
// when no retry can help; any other error is taken as the inbox being
// unavailable for now.
type Inbox interface {
	Name() string
	Source(key string) string
	List(ctx context.Context, fn func(source.Object) error) error
	Get(ctx context.Context, key, etag string, limit int64) ([]byte, error)
	// Sum streams the version etag of key through SHA-256, so an object
	// too large to fetch is still recorded under its content hash.
	Sum(ctx context.Context, key, etag string) (sha256 string, size int64, err error)
}

// DeadLetters lists dead letters and puts one back on the work queue
// (*queue.Queue). Replay wraps queue.ErrNoDeadLetter for an unknown seq.
type DeadLetters interface {
	DeadLetters(ctx context.Context, limit int) ([]queue.DeadLetter, error)
	Replay(ctx context.Context, seq uint64) (queue.Job, error)
}

// Outbox stores case files and originals (*sink.Folder, *sink.Bucket).
// Put of the same key and bytes twice must be harmless.
type Outbox interface {
	Name() string
	Put(ctx context.Context, key string, data []byte, contentType string) error
}

// Store is the case store (*store.SQLite).
type Store interface {
	Get(ctx context.Context, id string) (store.Case, bool, error)
	Put(ctx context.Context, c store.Case) error
	AddSource(ctx context.Context, id, source, etag string, at time.Time) error
	Ping(ctx context.Context) error
}

// Processor runs the pipeline over one document (*pipeline.Runner).
// Unreadable input comes back routed to quarantine; an error is a failure
// of the machinery and the job is retried.
type Processor interface {
	Run(ctx context.Context, origin pipeline.Origin, data []byte) (*pipeline.Document, error)
}

// Deps are the parts the service runs. Notices may be nil (no event
// notifications: listing only).
type Deps struct {
	Source    Source
	Jobs      Jobs
	Notices   Notices
	Events    Publisher
	Inbox     Inbox
	Outbox    Outbox
	Store     Store
	Processor Processor
	// Stats, when set, adds the queue's counts to the metrics.
	Stats func(ctx context.Context) (queue.Stats, error)
	// Connected, when set, reports whether the queue's connection is up.
	Connected func() bool
	// Dead, when set, lists and replays dead letters over HTTP.
	Dead DeadLetters
	Log  *slog.Logger
}

// Config sets the service's sizes and times.
type Config struct {
	Workers      int           // documents processed at once in this process
	DocTimeout   time.Duration // one pipeline run
	DrainTimeout time.Duration // after a stop signal, for in-flight documents
	// ListInterval between inbox listings; the first is at start-up.
	// Zero lists at start-up only; Listing false not at all.
	ListInterval time.Duration
	Listing      bool
	MaxBytes     int64 // largest original fetched
	// RetryFor bounds the in-place retries of an unavailable inbox,
	// outbox, store or event stream for one document; after it the job is
	// handed back to the queue (a delivery is spent).
	RetryFor  time.Duration
	OpTimeout time.Duration // one call to a dependency
}

// DefaultConfig returns the production settings.
func DefaultConfig() Config {
	return Config{
		Workers: 2, DocTimeout: 5 * time.Minute, DrainTimeout: 30 * time.Second,
		ListInterval: time.Minute, Listing: true, MaxBytes: pipeline.DefaultIngestConfig().MaxBytes,
		RetryFor: 10 * time.Minute, OpTimeout: 30 * time.Second,
	}
}

// Validate reports every impossible setting at once.
func (c Config) Validate() error {
	var errs []error
	if c.Workers < 1 {
		errs = append(errs, fmt.Errorf("service: workers must be at least 1, got %d", c.Workers))
	}
	for name, d := range map[string]time.Duration{"doc timeout": c.DocTimeout, "drain timeout": c.DrainTimeout, "retry for": c.RetryFor, "op timeout": c.OpTimeout} {
		if d <= 0 {
			errs = append(errs, fmt.Errorf("service: %s must be positive, got %v", name, d))
		}
	}
	if c.ListInterval < 0 {
		errs = append(errs, fmt.Errorf("service: list interval %v is negative", c.ListInterval))
	}
	if c.MaxBytes <= 0 {
		errs = append(errs, fmt.Errorf("service: max bytes must be positive, got %d", c.MaxBytes))
	}
	return errors.Join(errs...)
}

// Service is Intake's long-running part.
type Service struct {
	cfg Config
	d   Deps
	log *slog.Logger
	m   *metrics

	mu       sync.Mutex
	seen     map[string]string // inbox key → ETag offered, as of the last listing
	listErr  error
	listedAt time.Time
}

// New checks the configuration and the parts.
func New(cfg Config, d Deps) (*Service, error) {
	var errs []error
	if err := cfg.Validate(); err != nil {
		errs = append(errs, err)
	}
	if d.Source == nil || d.Jobs == nil || d.Events == nil || d.Inbox == nil || d.Outbox == nil || d.Store == nil || d.Processor == nil {
		errs = append(errs, errors.New("service: source, jobs, events, inbox, outbox, store and processor are all needed"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	log := d.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Service{cfg: cfg, d: d, log: log, m: newMetrics(), seen: map[string]string{}}, nil
}

// Run runs the workers and the inbox watchers until ctx ends, then drains:
// no new job is taken, documents in flight get DrainTimeout to finish, and
// those that do not are handed back to the queue at once.
func (s *Service) Run(ctx context.Context) error {
	drainCtx, cancelDrain := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelDrain()
	var workers, watchers sync.WaitGroup
	for i := range s.cfg.Workers {
		workers.Go(func() { s.work(ctx, drainCtx, i) })
	}
	if s.cfg.Listing {
		watchers.Go(func() { s.listLoop(ctx) })
	}
	if s.d.Notices != nil {
		watchers.Go(func() { s.watchNotices(ctx) })
	}
	s.log.Info("service started", "workers", s.cfg.Workers, "inbox", s.d.Inbox.Name(), "outbox", s.d.Outbox.Name())
	<-ctx.Done()
	s.log.Info("draining", "timeout", s.cfg.DrainTimeout)
	t := time.AfterFunc(s.cfg.DrainTimeout, cancelDrain)
	defer t.Stop()
	workers.Wait()
	watchers.Wait()
	s.log.Info("drained")
	return nil
}

func (s *Service) work(ctx, drainCtx context.Context, id int) {
	for {
		msg, ack, err := s.d.Source.Read(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			s.m.inc("intake_errors_total", "queue.read")
			s.log.Warn("queue read", "worker", id, "err", err)
			sleep(ctx, time.Second)
			continue
		}
		s.handle(drainCtx, msg, ack)
	}
}

// handle settles one delivery. ctx is the drain context: it ends only
// when a drain runs out of time.
func (s *Service) handle(ctx context.Context, msg *queue.Message, ack queue.AckFunc) {
	s.m.busy.Add(1)
	defer s.m.busy.Add(-1)
	stop := msg.KeepAlive()
	err := s.process(ctx, msg)
	stop()
	if errors.Is(err, queue.ErrPermanent) {
		s.m.inc("intake_documents_dead_total", "")
		s.log.Warn("dead letter", "job", msg.Job.ID(), "err", err)
	}
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.OpTimeout)
	defer cancel()
	if aerr := ack(actx, err); aerr != nil {
		// Redelivered later and recognised as written, or retried.
		s.m.inc("intake_errors_total", "queue.ack")
		s.log.Warn("settle job", "job", msg.Job.ID(), "err", aerr)
	}
}

// process does one job: fetch, deduplicate, run the pipeline, write the
// outputs. nil means the job is settled (a case is written, or there is
// nothing to do); an error is for the queue to retry or dead-letter.
func (s *Service) process(ctx context.Context, msg *queue.Message) error {
	j := msg.Job
	src := s.d.Inbox.Source(j.Key)
	log := s.log.With("job", j.ID(), "delivery", msg.Delivered)
	var data []byte
	err := s.retry(ctx, "inbox.get", func(ctx context.Context) (err error) {
		data, err = s.d.Inbox.Get(ctx, j.Key, j.ETag, s.cfg.MaxBytes)
		return err
	})
	switch {
	case errors.Is(err, source.ErrChanged):
		// The key holds a newer version now, which is a job of its own.
		s.m.inc("intake_jobs_skipped_total", "replaced")
		log.Info("skipped: replaced by a newer version")
		return nil
	case errors.Is(err, source.ErrTooLarge):
		return s.quarantineUnfetched(ctx, msg, src, log)
	case errors.Is(err, source.ErrGone):
		return fmt.Errorf("%w: %v", queue.ErrPermanent, err)
	case err != nil:
		return err
	}
	sum := sha256.Sum256(data)
	id := hex.EncodeToString(sum[:])
	log = log.With("id", id[:12])

	var prev store.Case
	var found bool
	if err := s.retry(ctx, "store.get", func(ctx context.Context) (err error) {
		prev, found, err = s.d.Store.Get(ctx, id)
		return err
	}); err != nil {
		return err
	}
	if found && prev.Status == store.StatusDone {
		if prev.Source == src && prev.ETag == j.ETag {
			// Written before, the ack was lost (a crash, a redelivery):
			// the row is written last but for the event, so send it again
			// (deduplicated by case ID) and settle.
			s.m.inc("intake_jobs_skipped_total", "already_written")
			return s.retry(ctx, "event", func(ctx context.Context) error { return s.publish(ctx, prev) })
		}
		s.m.inc("intake_documents_duplicate_total", "")
		log.Info("duplicate content", "case_source", prev.Source)
		return s.retry(ctx, "store.source", func(ctx context.Context) error {
			return s.d.Store.AddSource(ctx, id, src, j.ETag, time.Now())
		})
	}

	origin := pipeline.Origin{Source: src, ETag: j.ETag, Received: j.Created}
	dctx, cancel := context.WithTimeout(ctx, s.cfg.DocTimeout)
	t0 := time.Now()
	doc, err := s.d.Processor.Run(dctx, origin, data)
	cancel()
	s.m.process.observe(time.Since(t0))
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("pipeline: %w", ctx.Err())
		}
		s.failed(ctx, msg, id, src, err)
		return err
	}
	if doc.ID == "" {
		doc.ID = id
	}
	return s.write(ctx, msg, doc, data, log)
}

// quarantineUnfetched records an object over the fetch limit as a
// quarantined case under its content hash, so it is not lost: the case
// says why, and the original stays in the inbox (it is not copied).
func (s *Service) quarantineUnfetched(ctx context.Context, msg *queue.Message, src string, log *slog.Logger) error {
	j := msg.Job
	var sum string
	var size int64
	err := s.retry(ctx, "inbox.sum", func(ctx context.Context) (err error) {
		sum, size, err = s.d.Inbox.Sum(ctx, j.Key, j.ETag)
		return err
	})
	switch {
	case errors.Is(err, source.ErrChanged):
		s.m.inc("intake_jobs_skipped_total", "replaced")
		return nil
	case errors.Is(err, source.ErrGone):
		return fmt.Errorf("%w: %v", queue.ErrPermanent, err)
	case err != nil:
		return err
	}
	doc := &pipeline.Document{
		ID: sum, Origin: pipeline.Origin{Source: src, ETag: j.ETag, Received: j.Created},
		MediaType: "application/octet-stream", Size: size,
		Route: pipeline.Route{To: pipeline.ToQuarantine, Reasons: []pipeline.Reason{{
			Code:    "input.too_large",
			Message: fmt.Sprintf("%d bytes is over the limit of %d; the original was not fetched and stays in the inbox", size, s.cfg.MaxBytes),
		}}},
	}
	log.Warn("quarantined unread: over the size limit", "bytes", size, "limit", s.cfg.MaxBytes)
	return s.write(ctx, msg, doc, nil, log)
}

// write stores the original (unless data is nil), the case file, the
// store row and the event, in that order.
func (s *Service) write(ctx context.Context, msg *queue.Message, doc *pipeline.Document, data []byte, log *slog.Logger) error {
	j := msg.Job
	src := doc.Origin.Source
	id := doc.ID
	now := time.Now()
	cf := doc.Case(now)
	body, err := json.MarshalIndent(cf, "", "  ")
	if err != nil {
		s.failed(ctx, msg, id, src, err)
		return fmt.Errorf("case %s: %w", id, err)
	}
	row := store.Case{
		ID: doc.ID, Source: src, ETag: j.ETag, Status: store.StatusDone, Route: doc.Route.To,
		Reasons: doc.Route.Reasons, MediaType: doc.MediaType, Attempts: msg.Delivered,
		CaseKey:    CaseKey(doc.ID),
		ReceivedAt: j.Created, ProcessedAt: now, UpdatedAt: now,
	}
	if cf.DocType != nil {
		row.DocType = cf.DocType.Value
	}
	if data != nil {
		row.OriginalKey = OriginalKey(doc.ID)
	}
	// Order matters: original, then case file, then the store row, then
	// the event. A row marked done means every file is there.
	steps := []struct {
		op string
		fn func(context.Context) error
	}{
		{"outbox.original", func(ctx context.Context) error {
			if data == nil {
				return nil
			}
			return s.d.Outbox.Put(ctx, row.OriginalKey, data, doc.MediaType)
		}},
		{"outbox.case", func(ctx context.Context) error {
			return s.d.Outbox.Put(ctx, row.CaseKey, append(body, '\n'), "application/json")
		}},
		{"store.put", func(ctx context.Context) error { return s.d.Store.Put(ctx, row) }},
		{"event", func(ctx context.Context) error { return s.publish(ctx, row) }},
	}
	for _, st := range steps {
		if err := s.retry(ctx, st.op, st.fn); err != nil {
			return err
		}
	}
	s.m.inc("intake_cases_total", string(row.Route))
	if !j.Created.IsZero() {
		s.m.latency.observe(time.Since(j.Created))
	}
	log.Debug("case written", "route", row.Route, "doc_type", row.DocType)
	return nil
}

// failed records a failed attempt in the store (best effort: the queue
// holds the truth) and counts it.
func (s *Service) failed(ctx context.Context, msg *queue.Message, id, src string, cause error) {
	status := store.StatusFailed
	if msg.Last() {
		status = store.StatusDead
		s.m.inc("intake_documents_dead_total", "")
	}
	s.m.inc("intake_documents_failed_total", "")
	s.log.Warn("document failed", "job", msg.Job.ID(), "delivery", msg.Delivered, "last", msg.Last(), "err", pipeline.MaskPersonal(cause.Error()))
	pctx, cancel := context.WithTimeout(ctx, s.cfg.OpTimeout)
	defer cancel()
	now := time.Now()
	_ = s.d.Store.Put(pctx, store.Case{
		ID: id, Source: src, ETag: msg.Job.ETag, Status: status, Attempts: msg.Delivered,
		LastError: pipeline.MaskPersonal(cause.Error()), ReceivedAt: msg.Job.Created, UpdatedAt: now,
	})
}

// CaseKey is where a case file is written in the outbox.
func CaseKey(id string) string { return "cases/" + id + ".json" }

// OriginalKey is where the original is kept in the outbox.
func OriginalKey(id string) string { return "originals/" + id }

// CaseEvent is the payload of an event on intake.case.<route>.<doc_type>.
type CaseEvent struct {
	ID          string            `json:"id"`
	Source      string            `json:"source"`
	ETag        string            `json:"etag,omitempty"`
	Route       string            `json:"route"`
	DocType     string            `json:"doc_type,omitempty"`
	Reasons     []pipeline.Reason `json:"reasons"`
	Outbox      string            `json:"outbox"`
	Case        string            `json:"case"`
	Original    string            `json:"original"`
	ReceivedAt  string            `json:"received_at,omitempty"`
	ProcessedAt string            `json:"processed_at"`
}

func (s *Service) publish(ctx context.Context, c store.Case) error {
	ev := CaseEvent{
		ID: c.ID, Source: c.Source, ETag: c.ETag, Route: string(c.Route), DocType: c.DocType, Reasons: c.Reasons,
		Outbox: s.d.Outbox.Name(), Case: c.CaseKey, Original: c.OriginalKey,
		ProcessedAt: c.ProcessedAt.UTC().Format(time.RFC3339Nano),
	}
	if ev.Reasons == nil {
		ev.Reasons = []pipeline.Reason{}
	}
	if !c.ReceivedAt.IsZero() {
		ev.ReceivedAt = c.ReceivedAt.UTC().Format(time.RFC3339Nano)
	}
	b, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("event %s: %w", c.ID, err)
	}
	return s.d.Events.PublishCase(ctx, ev.Route, ev.DocType, c.ID, b)
}

// retry calls fn until it succeeds, fails for good (the inbox's
// ErrGone, ErrChanged, ErrTooLarge), ctx ends or RetryFor has passed. The
// job's heartbeat runs meanwhile, so an S3 or disk outage holds the job
// here instead of spending its deliveries.
func (s *Service) retry(ctx context.Context, op string, fn func(context.Context) error) error {
	start := time.Now()
	delay := 100 * time.Millisecond
	for attempt := 1; ; attempt++ {
		octx, cancel := context.WithTimeout(ctx, s.cfg.OpTimeout)
		err := fn(octx)
		cancel()
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return fmt.Errorf("%s: %w", op, ctx.Err())
		case errors.Is(err, source.ErrGone), errors.Is(err, source.ErrChanged), errors.Is(err, source.ErrTooLarge):
			return err
		case time.Since(start) > s.cfg.RetryFor:
			return fmt.Errorf("%s: unavailable for %v: %w", op, s.cfg.RetryFor, err)
		}
		s.m.inc("intake_retries_total", op)
		if attempt == 1 || attempt%20 == 0 {
			s.log.Warn("dependency unavailable, retrying", "op", op, "attempt", attempt, "err", err)
		}
		sleep(ctx, delay)
		delay = min(delay*2, 5*time.Second)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
