package service

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"intake/pipeline"
	"intake/pipeline/queue"
	"intake/pipeline/sink"
	"intake/pipeline/source"
	"intake/pipeline/store"
)

// xmlReader is a test text reader: one page with the words of the XML.
type xmlReader struct{}

func (xmlReader) Accepts(mt string) bool { return mt == pipeline.MediaXML }
func (xmlReader) Read(_ context.Context, doc *pipeline.Document) error {
	doc.PageCount, doc.TextSource = 1, pipeline.SourceXML
	doc.Pages = []pipeline.Page{{Number: 1, Source: pipeline.SourceXML}}
	for _, w := range strings.Fields(string(doc.Data)) {
		doc.Pages[0].Words = append(doc.Pages[0].Words, pipeline.Word{Text: w, Conf: 1})
	}
	return nil
}

// poison fails every time on a document holding the marker, as a broken
// stage would.
func poisonStage(marker string) pipeline.Stage {
	return pipeline.StageFunc{StageName: "poison", Fn: func(_ context.Context, doc *pipeline.Document) error {
		if bytes.Contains(doc.Data, []byte(marker)) {
			return errors.New("poison: this stage always fails on this document")
		}
		doc.Type = pipeline.Label{Value: pipeline.TypeInvoice, Confidence: 0.99, Model: "test"}
		return nil
	}}
}

type harness struct {
	t      *testing.T
	inbox  string
	outbox string
	q      *queue.Queue
	st     *store.SQLite
	svc    *Service
	cancel context.CancelFunc
	done   chan error
}

type options struct {
	qcfg   func(*queue.Config)
	scfg   func(*Config)
	outbox func(Outbox) Outbox
	proc   Processor
}

func start(t *testing.T, o options) *harness {
	t.Helper()
	dir := t.TempDir()
	sc := queue.DefaultServerConfig(filepath.Join(dir, "nats"))
	sc.Port = -1
	srv, err := queue.StartServer(sc)
	if err != nil {
		t.Fatal(err)
	}
	nc, err := srv.Connect("test")
	if err != nil {
		t.Fatal(err)
	}
	qc := queue.DefaultConfig()
	qc.AckWait, qc.PollWait = 2*time.Second, 200*time.Millisecond
	qc.Backoff = []time.Duration{50 * time.Millisecond}
	if o.qcfg != nil {
		o.qcfg(&qc)
	}
	ctx := context.Background()
	q, err := queue.New(ctx, nc, qc)
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, store.DefaultConfig(filepath.Join(dir, "cases.db")))
	if err != nil {
		t.Fatal(err)
	}
	fc := source.DefaultFolderConfig(filepath.Join(dir, "inbox"))
	fc.Settle = 0
	in, err := source.NewFolder(fc)
	if err != nil {
		t.Fatal(err)
	}
	var out Outbox
	out, err = sink.NewFolder(filepath.Join(dir, "outbox"))
	if err != nil {
		t.Fatal(err)
	}
	if o.outbox != nil {
		out = o.outbox(out)
	}
	proc := o.proc
	if proc == nil {
		proc = pipeline.NewRunner([]pipeline.TextReader{xmlReader{}}, poisonStage("POISON"))
	}
	cfg := DefaultConfig()
	cfg.Workers, cfg.ListInterval, cfg.DrainTimeout = 2, 100*time.Millisecond, 5*time.Second
	if o.scfg != nil {
		o.scfg(&cfg)
	}
	svc, err := New(cfg, Deps{
		Source: q, Jobs: q, Notices: q, Events: q, Inbox: in, Outbox: out, Store: st, Processor: proc,
		Stats: q.Stats, Connected: q.Connected, Dead: q,
		Log: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, inbox: fc.Dir, outbox: filepath.Join(dir, "outbox"), q: q, st: st, svc: svc, done: make(chan error, 1)}
	var rctx context.Context
	rctx, h.cancel = context.WithCancel(ctx)
	go func() { h.done <- svc.Run(rctx) }()
	t.Cleanup(func() {
		h.stop()
		q.Close()
		nc.Close()
		srv.Shutdown()
		st.Close()
	})
	return h
}

func (h *harness) stop() {
	if h.cancel != nil {
		h.cancel()
		if err := <-h.done; err != nil {
			h.t.Error(err)
		}
		h.cancel = nil
	}
}

func (h *harness) drop(name, content string) {
	h.t.Helper()
	// Written under a hidden name and renamed, as a careful writer does.
	tmp := filepath.Join(h.inbox, "."+name)
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		h.t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(h.inbox, name)); err != nil {
		h.t.Fatal(err)
	}
}

func doc(n int, extra string) string {
	return fmt.Sprintf("<?xml version=\"1.0\"?>\n<Invoice><ID>%d</ID>%s</Invoice>\n", n, extra)
}

// waitFor polls cond until it holds or the time is up.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func countFiles(t *testing.T, dir string) int {
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			n++
		}
	}
	return n
}

func (h *harness) done_(status store.Status) int {
	c, err := h.st.Counts(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return c[status]
}

func TestEveryDocumentGetsOneCase(t *testing.T) {
	h := start(t, options{})
	for i := range 30 {
		h.drop(fmt.Sprintf("doc-%02d.xml", i), doc(i, ""))
	}
	h.drop("copy-of-7.xml", doc(7, "")) // same content, another name
	h.drop("empty.xml", "")             // unreadable: quarantined, not lost
	waitFor(t, 20*time.Second, "31 cases", func() bool { return h.done_(store.StatusDone) == 31 })
	ctx := context.Background()
	waitFor(t, 5*time.Second, "queue empty", func() bool { st, _ := h.q.Stats(ctx); return st.Pending == 0 })
	if n := countFiles(t, filepath.Join(h.outbox, "cases")); n != 31 {
		t.Errorf("%d case files, want 31", n)
	}
	if n := countFiles(t, filepath.Join(h.outbox, "originals")); n != 31 {
		t.Errorf("%d originals, want 31", n)
	}
	st, _ := h.q.Stats(ctx)
	if st.Cases != 31 || st.Dead != 0 {
		t.Errorf("stats %+v", st)
	}
	// The copy shares the case of the original: one case, two sources.
	// (Two workers may take both at the same moment; then both write the
	// same case file and row, and the duplicate counter stays 0.)
	sum := sha256.Sum256([]byte(doc(7, "")))
	srcs, err := h.st.Sources(ctx, hex.EncodeToString(sum[:]))
	if err != nil || len(srcs) != 2 {
		t.Errorf("sources of the duplicated content: %v %v", srcs, err)
	}
	// The case file is the pipeline's, valid against the schema.
	rows, _ := h.st.List(ctx, store.Filter{Route: pipeline.ToQuarantine})
	if len(rows) != 1 || rows[0].DocType != "" {
		t.Fatalf("quarantine rows %+v", rows)
	}
	b, err := os.ReadFile(filepath.Join(h.outbox, rows[0].CaseKey))
	if err != nil {
		t.Fatal(err)
	}
	if err := pipeline.ValidateCase(b); err != nil {
		t.Errorf("case file: %v", err)
	}
	// Originals are never touched.
	if n := countFiles(t, h.inbox); n != 32 {
		t.Errorf("inbox has %d files", n)
	}
	// A second listing of an unchanged inbox queues nothing.
	if n, err := h.svc.ListOnce(ctx); n != 0 || err != nil {
		t.Errorf("relisting queued %d (%v)", n, err)
	}
}

func TestPoisonDocumentEndsInDeadLetters(t *testing.T) {
	h := start(t, options{qcfg: func(c *queue.Config) { c.MaxDeliver = 3 }})
	h.drop("poison.xml", doc(0, "POISON"))
	for i := 1; i <= 20; i++ {
		h.drop(fmt.Sprintf("ok-%02d.xml", i), doc(i, ""))
	}
	ctx := context.Background()
	waitFor(t, 20*time.Second, "the rest written and one dead letter", func() bool {
		st, _ := h.q.Stats(ctx)
		return h.done_(store.StatusDone) == 20 && st.Dead == 1 && st.Pending == 0
	})
	dead, err := h.q.DeadLetters(ctx, 10)
	if err != nil || len(dead) != 1 {
		t.Fatalf("dead letters %+v %v", dead, err)
	}
	d := dead[0]
	if d.Job.Key != "poison.xml" || d.Deliveries != 3 || !strings.Contains(d.Error, "poison: this stage always fails") {
		t.Errorf("dead letter %+v", d)
	}
	rows, _ := h.st.List(ctx, store.Filter{Status: store.StatusDead})
	if len(rows) != 1 || rows[0].Attempts != 3 || !strings.Contains(rows[0].LastError, "always fails") {
		t.Errorf("store rows %+v", rows)
	}
	if got := h.svc.m.get("intake_documents_failed_total", ""); got != 3 {
		t.Errorf("failed attempts %d", got)
	}
}

// flaky is an outbox that is down until up is set.
type flaky struct {
	Outbox
	up    atomic.Bool
	fails atomic.Int64
}

func (f *flaky) Put(ctx context.Context, key string, data []byte, ct string) error {
	if !f.up.Load() {
		f.fails.Add(1)
		return errors.New("connection refused")
	}
	return f.Outbox.Put(ctx, key, data, ct)
}

// An unavailable outbox holds the jobs without spending their deliveries.
func TestOutageHoldsJobsWithoutSpendingDeliveries(t *testing.T) {
	var fl *flaky
	h := start(t, options{
		qcfg:   func(c *queue.Config) { c.MaxDeliver = 2; c.AckWait = time.Second },
		outbox: func(o Outbox) Outbox { fl = &flaky{Outbox: o}; return fl },
	})
	for i := range 5 {
		h.drop(fmt.Sprintf("d%d.xml", i), doc(i, ""))
	}
	waitFor(t, 10*time.Second, "retries", func() bool { return fl.fails.Load() > 10 })
	time.Sleep(3 * time.Second) // three AckWaits: heartbeats keep the jobs
	fl.up.Store(true)
	waitFor(t, 20*time.Second, "5 cases", func() bool { return h.done_(store.StatusDone) == 5 })
	rows, _ := h.st.List(context.Background(), store.Filter{})
	for _, r := range rows {
		if r.Attempts != 1 {
			t.Errorf("%s: %d deliveries spent", r.Source, r.Attempts)
		}
	}
	st, _ := h.q.Stats(context.Background())
	if st.Dead != 0 {
		t.Errorf("dead letters %d", st.Dead)
	}
}

// slowProc takes its time, as OCR does.
type slowProc struct {
	Processor
	d       time.Duration
	started chan struct{}
	once    sync.Once
}

func (p *slowProc) Run(ctx context.Context, o pipeline.Origin, b []byte) (*pipeline.Document, error) {
	p.once.Do(func() { close(p.started) })
	select {
	case <-time.After(p.d):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return p.Processor.Run(ctx, o, b)
}

// A stop signal lets in-flight documents finish and takes no new job.
func TestDrainFinishesInFlight(t *testing.T) {
	p := &slowProc{Processor: pipeline.NewRunner([]pipeline.TextReader{xmlReader{}}), d: time.Second, started: make(chan struct{})}
	h := start(t, options{proc: p, scfg: func(c *Config) { c.Workers = 1 }})
	h.drop("a.xml", doc(1, ""))
	h.drop("b.xml", doc(2, ""))
	<-p.started
	waitFor(t, 5*time.Second, "both queued", func() bool { st, _ := h.q.Stats(context.Background()); return st.Pending == 2 })
	h.stop()
	if n := h.done_(store.StatusDone); n != 1 {
		t.Fatalf("%d cases after drain, want the one in flight", n)
	}
	st, _ := h.q.Stats(context.Background())
	if st.Pending != 1 {
		t.Fatalf("pending %d, want the untouched job", st.Pending)
	}
}

func TestWebhookHealthMetrics(t *testing.T) {
	h := start(t, options{scfg: func(c *Config) { c.Listing = false }})
	srv := httptest.NewServer(h.svc.Handler())
	defer srv.Close()
	// An S3 server announces an object by webhook.
	h.drop("hooked.xml", doc(1, ""))
	in, _ := source.NewFolder(source.FolderConfig{Dir: h.inbox})
	var obj source.Object
	in.List(context.Background(), func(o source.Object) error { obj = o; return nil })
	ev := map[string]any{"Records": []any{map[string]any{
		"eventName": "s3:ObjectCreated:Put", "eventTime": time.Now().UTC().Format(time.RFC3339),
		"s3": map[string]any{"bucket": map[string]any{"name": in.Name()},
			"object": map[string]any{"key": "hooked.xml", "size": obj.Size, "eTag": `"` + obj.ETag + `"`}},
	}}}
	body, _ := json.Marshal(ev)
	resp, err := http.Post(srv.URL+"/events/s3", "application/json", bytes.NewReader(body))
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("webhook: %v %v", resp, err)
	}
	waitFor(t, 10*time.Second, "the case", func() bool { return h.done_(store.StatusDone) == 1 })

	resp, err = http.Get(srv.URL + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health: %v %v", resp, err)
	}
	var hl Health
	json.NewDecoder(resp.Body).Decode(&hl)
	if !hl.OK || hl.CasesDone != 1 {
		t.Errorf("health %+v", hl)
	}
	resp, err = http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	var sb bytes.Buffer
	_, _ = sb.ReadFrom(resp.Body)
	for _, want := range []string{
		`intake_jobs_queued_total{via="webhook"} 1`,
		`intake_cases_total{route="caseworker"} 1`,
		`intake_case_latency_seconds_count 1`,
		`intake_queue_jobs 0`,
		"# TYPE intake_process_seconds histogram",
	} {
		if !strings.Contains(sb.String(), want) {
			t.Errorf("metrics lack %q:\n%s", want, sb.String())
		}
	}
}

func TestOversizeObjectIsQuarantinedUnderItsHash(t *testing.T) {
	h := start(t, options{scfg: func(c *Config) { c.MaxBytes = 1000 }})
	big := doc(1, strings.Repeat("<Note>padding</Note>", 300))
	h.drop("big.xml", big)
	h.drop("small.xml", doc(2, ""))
	ctx := context.Background()
	waitFor(t, 20*time.Second, "two cases", func() bool { return h.done_(store.StatusDone) == 2 })
	st, _ := h.q.Stats(ctx)
	if st.Dead != 0 {
		t.Errorf("%d dead letters; an oversize object is a case, not a dead letter", st.Dead)
	}
	rows, _ := h.st.List(ctx, store.Filter{Route: pipeline.ToQuarantine})
	if len(rows) != 1 {
		t.Fatalf("quarantine rows %+v", rows)
	}
	sum := sha256.Sum256([]byte(big))
	r := rows[0]
	if r.ID != hex.EncodeToString(sum[:]) || len(r.Reasons) != 1 || r.Reasons[0].Code != "input.too_large" || r.OriginalKey != "" {
		t.Errorf("row %+v", r)
	}
	b, err := os.ReadFile(filepath.Join(h.outbox, r.CaseKey))
	if err != nil {
		t.Fatal(err)
	}
	if err := pipeline.ValidateCase(b); err != nil {
		t.Errorf("case file: %v", err)
	}
	if !bytes.Contains(b, []byte(fmt.Sprintf("%d bytes is over the limit of 1000", len(big)))) {
		t.Errorf("case file does not say why:\n%s", b)
	}
	if n := countFiles(t, filepath.Join(h.outbox, "originals")); n != 1 {
		t.Errorf("%d originals, want only the small one", n)
	}
}

func TestDeadLetterReplayedOverHTTP(t *testing.T) {
	var healed atomic.Bool
	stage := pipeline.StageFunc{StageName: "flaky", Fn: func(_ context.Context, doc *pipeline.Document) error {
		if !healed.Load() {
			return errors.New("flaky: the model server is down")
		}
		doc.Type = pipeline.Label{Value: pipeline.TypeInvoice, Confidence: 0.99, Model: "test"}
		return nil
	}}
	h := start(t, options{
		qcfg: func(c *queue.Config) { c.MaxDeliver = 2 },
		proc: pipeline.NewRunner([]pipeline.TextReader{xmlReader{}}, stage),
	})
	srv := httptest.NewServer(h.svc.Handler())
	defer srv.Close()
	ctx := context.Background()
	h.drop("a.xml", doc(1, ""))
	waitFor(t, 20*time.Second, "a dead letter", func() bool { st, _ := h.q.Stats(ctx); return st.Dead == 1 })

	resp, err := http.Get(srv.URL + "/deadletters")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("list: %v %v", resp, err)
	}
	var dead []DeadLetterView
	json.NewDecoder(resp.Body).Decode(&dead)
	if len(dead) != 1 || dead[0].Key != "a.xml" || dead[0].Deliveries != 2 || !strings.Contains(dead[0].Error, "model server is down") {
		t.Fatalf("dead letters %+v", dead)
	}
	resp, err = http.Post(fmt.Sprintf("%s/deadletters/%d/replay", srv.URL, dead[0].Seq+1000), "", nil)
	if err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("replay of an unknown seq: %v %v", resp, err)
	}

	healed.Store(true)
	resp, err = http.Post(fmt.Sprintf("%s/deadletters/%d/replay", srv.URL, dead[0].Seq), "", nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("replay: %v %v", resp, err)
	}
	var res ReplayResult
	json.NewDecoder(resp.Body).Decode(&res)
	if len(res.Replayed) != 1 || res.Replayed[0] != dead[0].Seq {
		t.Errorf("replay result %+v", res)
	}
	waitFor(t, 20*time.Second, "the replayed case", func() bool { return h.done_(store.StatusDone) == 1 })
	st, _ := h.q.Stats(ctx)
	if st.Dead != 0 || h.done_(store.StatusDead) != 0 {
		t.Errorf("after replay: stats %+v, dead rows %d", st, h.done_(store.StatusDead))
	}
	if got := h.svc.m.get("intake_jobs_replayed_total", ""); got != 1 {
		t.Errorf("replayed counter %d", got)
	}
	// Replaying everything when nothing is dead replays nothing.
	resp, err = http.Post(srv.URL+"/deadletters/replay", "", nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("replay all: %v %v", resp, err)
	}
	res = ReplayResult{}
	json.NewDecoder(resp.Body).Decode(&res)
	if len(res.Replayed) != 0 {
		t.Errorf("replay all replayed %v", res.Replayed)
	}
}
