// Package queue is Intake's work queue on NATS JetStream: one message per
// document version, acked only after the case is durably written, nak'd
// with backoff on failure, and moved with its last error to a dead-letter
// stream after MaxDeliver. It also keeps the ledger of inbox objects
// already queued, takes in the S3 server's event notifications and
// publishes the case events robots consume.
package queue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Job is one object version in the inbox. Listing and event notification
// of the same upload give the same Job.ID, so it is queued once.
type Job struct {
	Inbox   string    `json:"inbox"` // bucket name or folder path
	Key     string    `json:"key"`
	ETag    string    `json:"etag"`
	Size    int64     `json:"size"`
	Created time.Time `json:"created"` // object created (event time or last modified)
	Seen    time.Time `json:"seen"`    // when intake queued it
	Via     string    `json:"via"`     // event | webhook | listing
}

// ID names the object version; it is the JetStream message ID.
func (j Job) ID() string { return j.Inbox + "/" + j.Key + "@" + j.ETag }

// Headers on dead letters.
const (
	HeaderError      = "Intake-Error"
	HeaderDeliveries = "Intake-Deliveries"
	HeaderJob        = "Intake-Job"
	HeaderStreamSeq  = "Intake-Stream-Seq"
	HeaderDeadAt     = "Intake-Dead-At"
)

// ErrPermanent marks a failure that no retry can cure (the object is not
// a document intake can fetch, a job that does not decode): the message
// goes to the dead-letter stream at once. Wrap it with %w.
var ErrPermanent = errors.New("permanent failure")

// Config names the streams and sets the delivery policy.
type Config struct {
	Stream   string // work queue of jobs
	Subject  string
	Consumer string // durable pull consumer shared by every worker

	DeadStream  string // dead letters, kept with their last error
	DeadSubject string

	InboxStream  string // the S3 server's event notifications
	InboxSubject string // what the S3 server publishes to

	CaseStream string // case events for robots
	CasePrefix string // events go to <prefix>.<route>.<doc_type>
	CaseMaxAge time.Duration

	Ledger string // key-value bucket of object versions already queued

	AckWait    time.Duration // without an ack or a heartbeat in this time, redeliver
	MaxDeliver int           // deliveries before the dead-letter stream
	// Backoff is the delay before delivery n+1 after a failed delivery n;
	// the last entry repeats.
	Backoff         []time.Duration
	DuplicateWindow time.Duration // JetStream message-ID deduplication
	MaxAckPending   int
	Replicas        int
	PollWait        time.Duration // how long one Read waits for a message before looking at ctx again
}

// DefaultConfig returns the production settings.
func DefaultConfig() Config {
	return Config{
		Stream: "INTAKE_JOBS", Subject: "intake.jobs", Consumer: "workers",
		DeadStream: "INTAKE_DEAD", DeadSubject: "intake.dead",
		InboxStream: "INTAKE_INBOX", InboxSubject: "intake.inbox.s3",
		CaseStream: "INTAKE_CASES", CasePrefix: "intake.case", CaseMaxAge: 7 * 24 * time.Hour,
		Ledger:     "intake_seen",
		AckWait:    30 * time.Second,
		MaxDeliver: 5,
		Backoff:    []time.Duration{2 * time.Second, 10 * time.Second, 30 * time.Second, time.Minute},
		// Longer than a listing interval, so a listing never queues twice
		// what an event just queued even before the ledger is written.
		DuplicateWindow: 10 * time.Minute,
		MaxAckPending:   1000,
		Replicas:        1,
		PollWait:        2 * time.Second,
	}
}

// Validate reports every impossible setting at once.
func (c Config) Validate() error {
	var errs []error
	for name, v := range map[string]string{
		"stream": c.Stream, "subject": c.Subject, "consumer": c.Consumer,
		"dead stream": c.DeadStream, "dead subject": c.DeadSubject,
		"inbox stream": c.InboxStream, "inbox subject": c.InboxSubject,
		"case stream": c.CaseStream, "case prefix": c.CasePrefix, "ledger": c.Ledger,
	} {
		if v == "" {
			errs = append(errs, fmt.Errorf("queue: %s is empty", name))
		}
	}
	if strings.HasPrefix(c.Subject, c.CasePrefix+".") || strings.HasPrefix(c.DeadSubject, c.CasePrefix+".") {
		errs = append(errs, fmt.Errorf("queue: subjects overlap the case events %s.>", c.CasePrefix))
	}
	if c.AckWait < time.Second {
		errs = append(errs, fmt.Errorf("queue: ack wait %v is under a second", c.AckWait))
	}
	if c.MaxDeliver < 1 {
		errs = append(errs, fmt.Errorf("queue: max deliver must be at least 1, got %d", c.MaxDeliver))
	}
	if len(c.Backoff) == 0 {
		errs = append(errs, errors.New("queue: backoff is empty"))
	}
	for i, d := range c.Backoff {
		if d < 0 {
			errs = append(errs, fmt.Errorf("queue: backoff[%d] is negative", i))
		}
	}
	if c.DuplicateWindow <= 0 || c.CaseMaxAge <= 0 || c.PollWait <= 0 {
		errs = append(errs, errors.New("queue: duplicate window, case max age and poll wait must be positive"))
	}
	if c.MaxAckPending < 1 || c.Replicas < 1 {
		errs = append(errs, errors.New("queue: max ack pending and replicas must be at least 1"))
	}
	return errors.Join(errs...)
}

func (c Config) backoff(delivered int) time.Duration {
	i := min(max(delivered-1, 0), len(c.Backoff)-1)
	return c.Backoff[i]
}

// Queue is the work queue and its companions on one NATS connection.
type Queue struct {
	cfg    Config
	nc     *nats.Conn
	js     jetstream.JetStream
	jobs   jetstream.Stream
	cons   jetstream.Consumer
	inbox  jetstream.Consumer
	kv     jetstream.KeyValue
	advSub *nats.Subscription
	closed sync.Once
}

// New creates (or updates) the streams, the consumers and the ledger, and
// starts watching for messages whose deliveries ran out without an outcome
// (a worker killed or hung each time) to move them to the dead letters.
func New(ctx context.Context, nc *nats.Conn, cfg Config) (*Queue, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	q := &Queue{cfg: cfg, nc: nc, js: js}
	// Several processes may start at once; a lost creation race is retried.
	for attempt := 0; ; attempt++ {
		err = q.setup(ctx)
		if err == nil || attempt == 4 || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Duration(attempt+1) * 200 * time.Millisecond)
	}
	if err != nil {
		return nil, err
	}
	subj := "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + cfg.Stream + "." + cfg.Consumer
	q.advSub, err = nc.QueueSubscribe(subj, "intake-dead", q.onMaxDeliveries)
	if err != nil {
		return nil, fmt.Errorf("queue: advisory: %w", err)
	}
	return q, nil
}

func (q *Queue) setup(ctx context.Context) error {
	c := q.cfg
	var err error
	q.jobs, err = q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: c.Stream, Subjects: []string{c.Subject}, Retention: jetstream.WorkQueuePolicy,
		Storage: jetstream.FileStorage, Replicas: c.Replicas, Duplicates: c.DuplicateWindow,
		Description: "intake: one job per inbox object version",
	})
	if err != nil {
		return fmt.Errorf("queue: stream %s: %w", c.Stream, err)
	}
	if _, err = q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: c.DeadStream, Subjects: []string{c.DeadSubject}, Retention: jetstream.LimitsPolicy,
		Storage: jetstream.FileStorage, Replicas: c.Replicas, Duplicates: c.DuplicateWindow,
		Description: "intake: jobs that failed MaxDeliver times, with the last error",
	}); err != nil {
		return fmt.Errorf("queue: stream %s: %w", c.DeadStream, err)
	}
	if _, err = q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: c.InboxStream, Subjects: []string{c.InboxSubject}, Retention: jetstream.WorkQueuePolicy,
		Storage: jetstream.FileStorage, Replicas: c.Replicas, MaxAge: 7 * 24 * time.Hour,
		Description: "intake: object-created notifications from the S3 server",
	}); err != nil {
		return fmt.Errorf("queue: stream %s: %w", c.InboxStream, err)
	}
	if _, err = q.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: c.CaseStream, Subjects: []string{c.CasePrefix + ".>"}, Retention: jetstream.LimitsPolicy,
		Storage: jetstream.FileStorage, Replicas: c.Replicas, MaxAge: c.CaseMaxAge, Duplicates: c.DuplicateWindow,
		Description: "intake: one event per case written",
	}); err != nil {
		return fmt.Errorf("queue: stream %s: %w", c.CaseStream, err)
	}
	q.cons, err = q.js.CreateOrUpdateConsumer(ctx, c.Stream, jetstream.ConsumerConfig{
		Durable: c.Consumer, AckPolicy: jetstream.AckExplicitPolicy, AckWait: c.AckWait,
		MaxDeliver: c.MaxDeliver, MaxAckPending: c.MaxAckPending,
		Description: "intake workers",
	})
	if err != nil {
		return fmt.Errorf("queue: consumer %s: %w", c.Consumer, err)
	}
	q.inbox, err = q.js.CreateOrUpdateConsumer(ctx, c.InboxStream, jetstream.ConsumerConfig{
		Durable: "watchers", AckPolicy: jetstream.AckExplicitPolicy, AckWait: 30 * time.Second,
		MaxDeliver: -1, Description: "intake inbox watchers",
	})
	if err != nil {
		return fmt.Errorf("queue: consumer watchers: %w", err)
	}
	q.kv, err = q.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket: c.Ledger, History: 1, Storage: jetstream.FileStorage, Replicas: c.Replicas,
		Description: "intake: inbox object versions already queued",
	})
	if err != nil {
		return fmt.Errorf("queue: ledger %s: %w", c.Ledger, err)
	}
	return nil
}

// Close stops the advisory watcher. The connection belongs to the caller.
func (q *Queue) Close() error {
	var err error
	q.closed.Do(func() {
		if q.advSub != nil {
			err = q.advSub.Unsubscribe()
		}
	})
	return err
}

// Config returns the settings in force.
func (q *Queue) Config() Config { return q.cfg }

// Offer queues j unless the ledger says this object version was queued
// before; it reports whether j was new. The job is published before the
// ledger entry is written, so a crash in between queues it again on the
// next offer (processing is idempotent) and never loses it.
func (q *Queue) Offer(ctx context.Context, j Job) (bool, error) {
	key := ledgerKey(j)
	if _, err := q.kv.Get(ctx, key); err == nil {
		return false, nil
	} else if !errors.Is(err, jetstream.ErrKeyNotFound) {
		return false, fmt.Errorf("queue: ledger: %w", err)
	}
	dup, err := q.Enqueue(ctx, j)
	if err != nil {
		return false, err
	}
	if _, err := q.kv.Put(ctx, key, []byte(j.ID())); err != nil {
		return false, fmt.Errorf("queue: ledger: %w", err)
	}
	return !dup, nil
}

// Enqueue publishes j with its ID as the message ID; it reports whether
// JetStream dropped it as a duplicate within the window.
func (q *Queue) Enqueue(ctx context.Context, j Job) (bool, error) {
	if j.Seen.IsZero() {
		j.Seen = time.Now().UTC()
	}
	b, err := json.Marshal(j)
	if err != nil {
		return false, fmt.Errorf("queue: %w", err)
	}
	ack, err := q.js.Publish(ctx, q.cfg.Subject, b, jetstream.WithMsgID(j.ID()))
	if err != nil {
		return false, fmt.Errorf("queue: publish %s: %w", j.ID(), err)
	}
	return ack.Duplicate, nil
}

func ledgerKey(j Job) string {
	sum := sha256.Sum256([]byte(j.ID()))
	return hex.EncodeToString(sum[:])
}

// Message is one delivery of a job.
type Message struct {
	Job        Job
	Delivered  int // 1 on the first delivery
	MaxDeliver int
	Seq        uint64 // stream sequence
	msg        jetstream.Msg
	touchEvery time.Duration
}

// Last reports whether a failure of this delivery sends the job to the
// dead letters.
func (m *Message) Last() bool { return m.Delivered >= m.MaxDeliver }

// KeepAlive tells the server at intervals that the job is still being
// worked on, so a long OCR job is not redelivered to another worker. Call
// the returned function when the work is done.
func (m *Message) KeepAlive() (stop func()) {
	done := make(chan struct{})
	var once sync.Once
	go func() {
		t := time.NewTicker(m.touchEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				_ = m.msg.InProgress() // a lost heartbeat only risks a redelivery
			}
		}
	}()
	return func() { once.Do(func() { close(done) }) }
}

// AckFunc settles a delivery: nil acks it (confirmed by the server, so an
// ack that returns nil is durable); an error wrapping context.Canceled
// hands it back at once (shutdown); ErrPermanent, or any error on the last
// delivery, moves it to the dead letters with the error; any other error
// naks it with the backoff for this delivery.
type AckFunc func(ctx context.Context, err error) error

// Read waits for the next job. It returns ctx.Err() when ctx ends.
// A job that does not decode is dead-lettered and skipped.
func (q *Queue) Read(ctx context.Context) (*Message, AckFunc, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		m, err := next(ctx, q.cons, q.cfg.PollWait)
		if err != nil {
			return nil, nil, fmt.Errorf("queue: read: %w", err)
		}
		if m == nil {
			continue
		}
		md, err := m.Metadata()
		if err != nil {
			_ = m.Nak()
			return nil, nil, fmt.Errorf("queue: read: %w", err)
		}
		msg := &Message{
			Delivered: int(md.NumDelivered), MaxDeliver: q.cfg.MaxDeliver, Seq: md.Sequence.Stream,
			msg: m, touchEvery: max(q.cfg.AckWait/3, 100*time.Millisecond),
		}
		if err := json.Unmarshal(m.Data(), &msg.Job); err != nil {
			derr := fmt.Errorf("%w: job does not decode: %v", ErrPermanent, err)
			if err := q.deadLetter(ctx, m.Data(), msg.Seq, msg.Delivered, "", derr); err == nil {
				_ = m.TermWithReason("undecodable job")
			}
			continue
		}
		return msg, q.ackFunc(msg), nil
	}
}

func (q *Queue) ackFunc(msg *Message) AckFunc {
	return func(ctx context.Context, err error) error {
		m := msg.msg
		switch {
		case err == nil:
			if err := m.DoubleAck(ctx); err != nil {
				return fmt.Errorf("queue: ack %s: %w", msg.Job.ID(), err)
			}
			return nil
		case errors.Is(err, context.Canceled):
			return m.Nak()
		case errors.Is(err, ErrPermanent) || msg.Last():
			if derr := q.deadLetter(ctx, m.Data(), msg.Seq, msg.Delivered, msg.Job.ID(), err); derr != nil {
				// Not dead-lettered: deliver it again later rather than lose it.
				_ = m.NakWithDelay(q.cfg.backoff(msg.Delivered))
				return derr
			}
			return m.TermWithReason(oneLine(err.Error(), 200))
		default:
			return m.NakWithDelay(q.cfg.backoff(msg.Delivered))
		}
	}
}

// deadLetter copies a job to the dead-letter stream with its last error.
// The message ID makes a second copy of the same job message a no-op.
func (q *Queue) deadLetter(ctx context.Context, data []byte, seq uint64, delivered int, jobID string, cause error) error {
	out := nats.NewMsg(q.cfg.DeadSubject)
	out.Data = data
	out.Header.Set(HeaderError, oneLine(cause.Error(), 4000))
	out.Header.Set(HeaderDeliveries, strconv.Itoa(delivered))
	out.Header.Set(HeaderStreamSeq, strconv.FormatUint(seq, 10))
	out.Header.Set(HeaderDeadAt, time.Now().UTC().Format(time.RFC3339Nano))
	if jobID != "" {
		out.Header.Set(HeaderJob, oneLine(jobID, 1000))
	}
	out.Header.Set(jetstream.MsgIDHeader, "dead:"+q.cfg.Stream+":"+strconv.FormatUint(seq, 10))
	if _, err := q.js.PublishMsg(ctx, out); err != nil {
		return fmt.Errorf("queue: dead letter: %w", err)
	}
	return nil
}

// onMaxDeliveries moves a job whose deliveries ran out without an outcome
// to the dead letters: JetStream keeps such a message in a work-queue
// stream but never delivers it again.
func (q *Queue) onMaxDeliveries(m *nats.Msg) {
	var adv struct {
		StreamSeq  uint64 `json:"stream_seq"`
		Deliveries int    `json:"deliveries"`
	}
	if err := json.Unmarshal(m.Data, &adv); err != nil || adv.StreamSeq == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	raw, err := q.jobs.GetMsg(ctx, adv.StreamSeq)
	if err != nil {
		return // already settled: terminated by the worker that failed it
	}
	var j Job
	_ = json.Unmarshal(raw.Data, &j)
	cause := fmt.Errorf("no outcome after %d deliveries: the worker stopped or hung each time", adv.Deliveries)
	if err := q.deadLetter(ctx, raw.Data, adv.StreamSeq, adv.Deliveries, j.ID(), cause); err != nil {
		return // the next advisory does not come; the job stays visible in the stream
	}
	_ = q.jobs.DeleteMsg(ctx, adv.StreamSeq)
}

func oneLine(s string, limit int) string {
	s = strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
	if len(s) > limit {
		s = s[:limit]
	}
	return s
}

// DeadLetter is one job in the dead-letter stream.
type DeadLetter struct {
	Seq        uint64
	Job        Job
	Error      string
	Deliveries int
	At         time.Time
}

// DeadLetters returns up to limit dead letters, oldest first.
func (q *Queue) DeadLetters(ctx context.Context, limit int) ([]DeadLetter, error) {
	st, err := q.js.Stream(ctx, q.cfg.DeadStream)
	if err != nil {
		return nil, fmt.Errorf("queue: dead letters: %w", err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("queue: dead letters: %w", err)
	}
	var out []DeadLetter
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && seq > 0 && len(out) < limit; seq++ {
		raw, err := st.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("queue: dead letters: %w", err)
		}
		d := DeadLetter{Seq: seq, Error: raw.Header.Get(HeaderError)}
		d.Deliveries, _ = strconv.Atoi(raw.Header.Get(HeaderDeliveries))
		d.At, _ = time.Parse(time.RFC3339Nano, raw.Header.Get(HeaderDeadAt))
		_ = json.Unmarshal(raw.Data, &d.Job)
		out = append(out, d)
	}
	return out, nil
}

// ErrNoDeadLetter: no dead letter has the sequence number asked for.
var ErrNoDeadLetter = errors.New("no such dead letter")

// Replay puts dead letter seq back on the work queue, with a message ID
// of its own so the duplicate window does not drop it, then removes it
// from the dead letters. A crash in between replays it twice at worst;
// processing is idempotent.
func (q *Queue) Replay(ctx context.Context, seq uint64) (Job, error) {
	st, err := q.js.Stream(ctx, q.cfg.DeadStream)
	if err != nil {
		return Job{}, fmt.Errorf("queue: replay: %w", err)
	}
	raw, err := st.GetMsg(ctx, seq)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return Job{}, fmt.Errorf("queue: replay %d: %w", seq, ErrNoDeadLetter)
	}
	if err != nil {
		return Job{}, fmt.Errorf("queue: replay %d: %w", seq, err)
	}
	var j Job
	if err := json.Unmarshal(raw.Data, &j); err != nil || j.Key == "" {
		return Job{}, fmt.Errorf("queue: replay %d: the dead letter holds no job (%q)", seq, oneLine(string(raw.Data), 80))
	}
	j.Seen, j.Via = time.Now().UTC(), "replay"
	b, err := json.Marshal(j)
	if err != nil {
		return Job{}, fmt.Errorf("queue: replay %d: %w", seq, err)
	}
	id := j.ID() + "#replay:" + strconv.FormatUint(seq, 10)
	if _, err := q.js.Publish(ctx, q.cfg.Subject, b, jetstream.WithMsgID(id)); err != nil {
		return Job{}, fmt.Errorf("queue: replay %d: %w", seq, err)
	}
	if err := st.DeleteMsg(ctx, seq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return j, fmt.Errorf("queue: replay %d: queued, but the dead letter stays: %w", seq, err)
	}
	return j, nil
}

// Stats are the queue's counts for metrics and health.
type Stats struct {
	Pending     uint64 // jobs waiting or in flight
	Dead        uint64 // dead letters kept
	InboxEvents uint64 // S3 notifications not yet turned into jobs
	Cases       uint64 // case events kept
}

// Stats reads the stream counts.
func (q *Queue) Stats(ctx context.Context) (Stats, error) {
	var s Stats
	for name, dst := range map[string]*uint64{q.cfg.Stream: &s.Pending, q.cfg.DeadStream: &s.Dead, q.cfg.InboxStream: &s.InboxEvents, q.cfg.CaseStream: &s.Cases} {
		st, err := q.js.Stream(ctx, name)
		if err != nil {
			return s, fmt.Errorf("queue: stats: %w", err)
		}
		info, err := st.Info(ctx)
		if err != nil {
			return s, fmt.Errorf("queue: stats: %w", err)
		}
		*dst = info.State.Msgs
	}
	return s, nil
}

// Connected reports whether the NATS connection is up.
func (q *Queue) Connected() bool { return q.nc.IsConnected() }

// next pulls one message, waiting up to wait. It returns nil, nil when
// none came in time, and ctx.Err() when ctx ended.
func next(ctx context.Context, c jetstream.Consumer, wait time.Duration) (jetstream.Msg, error) {
	fctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	deadline, _ := fctx.Deadline()
	m, err := c.Next(jetstream.FetchContext(fctx))
	if err == nil {
		return m, nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if fctx.Err() != nil || time.Until(deadline) < 10*time.Millisecond ||
		errors.Is(err, nats.ErrTimeout) || errors.Is(err, jetstream.ErrNoMessages) {
		return nil, nil
	}
	return nil, err
}
