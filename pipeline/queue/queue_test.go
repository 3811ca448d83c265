package queue

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// startQueue runs a real JetStream server on a temp dir (port -1, as the
// nats-server tests do) and opens the queue on it.
func startQueue(t *testing.T, dir string, mut func(*Config)) (*Server, *Queue) {
	t.Helper()
	sc := DefaultServerConfig(dir)
	sc.Port = -1
	srv, err := StartServer(sc)
	if err != nil {
		t.Fatal(err)
	}
	nc, err := srv.Connect("test")
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.AckWait = time.Second
	cfg.Backoff = []time.Duration{50 * time.Millisecond}
	cfg.PollWait = 200 * time.Millisecond
	if mut != nil {
		mut(&cfg)
	}
	q, err := New(context.Background(), nc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close(); nc.Close(); srv.Shutdown() })
	return srv, q
}

func job(key string) Job {
	return Job{Inbox: "inbox", Key: key, ETag: "e-" + key, Size: 10, Created: time.Now(), Via: "listing"}
}

func read(t *testing.T, q *Queue) (*Message, AckFunc) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	m, ack, err := q.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return m, ack
}

func TestOfferQueuesEachObjectVersionOnce(t *testing.T) {
	_, q := startQueue(t, t.TempDir(), nil)
	ctx := context.Background()
	for i, want := range []bool{true, false, false} {
		got, err := q.Offer(ctx, job("a.xml"))
		if err != nil || got != want {
			t.Fatalf("offer %d: got %v, %v; want %v", i, got, err, want)
		}
	}
	// Another version of the same key is another document.
	j := job("a.xml")
	j.ETag = "other"
	if got, err := q.Offer(ctx, j); err != nil || !got {
		t.Fatalf("new version: got %v, %v", got, err)
	}
	// Without the ledger, JetStream's message-ID deduplication still holds.
	if dup, err := q.Enqueue(ctx, j); err != nil || !dup {
		t.Fatalf("enqueue again: dup=%v err=%v", dup, err)
	}
	st, err := q.Stats(ctx)
	if err != nil || st.Pending != 2 {
		t.Fatalf("pending %d (%v), want 2", st.Pending, err)
	}
}

func TestAckRemovesAndFailuresGoToDeadLetters(t *testing.T) {
	_, q := startQueue(t, t.TempDir(), func(c *Config) { c.MaxDeliver = 3 })
	ctx := context.Background()
	for _, k := range []string{"good", "poison", "gone"} {
		if _, err := q.Offer(ctx, job(k)); err != nil {
			t.Fatal(err)
		}
	}
	deliveries := map[string]int{}
	for settled := 0; settled < 3; {
		m, ack := read(t, q)
		deliveries[m.Job.Key]++
		if m.Delivered != deliveries[m.Job.Key] {
			t.Fatalf("%s: delivered %d, counted %d", m.Job.Key, m.Delivered, deliveries[m.Job.Key])
		}
		var err error
		switch m.Job.Key {
		case "poison":
			err = fmt.Errorf("stage x: boom %d", m.Delivered)
			if m.Last() {
				settled++
			}
		case "gone":
			err = fmt.Errorf("%w: object not found", ErrPermanent)
			settled++
		default:
			settled++
		}
		if err := ack(ctx, err); err != nil {
			t.Fatal(err)
		}
	}
	if deliveries["poison"] != 3 || deliveries["gone"] != 1 || deliveries["good"] != 1 {
		t.Fatalf("deliveries %v", deliveries)
	}
	dead, err := q.DeadLetters(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(dead) != 2 {
		t.Fatalf("dead letters: %+v", dead)
	}
	byKey := map[string]DeadLetter{}
	for _, d := range dead {
		byKey[d.Job.Key] = d
	}
	if d := byKey["poison"]; d.Error != "stage x: boom 3" || d.Deliveries != 3 {
		t.Errorf("poison dead letter: %+v", d)
	}
	if d := byKey["gone"]; !strings.Contains(d.Error, "object not found") || d.Deliveries != 1 {
		t.Errorf("gone dead letter: %+v", d)
	}
	st, _ := q.Stats(ctx)
	if st.Pending != 0 || st.Dead != 2 {
		t.Fatalf("stats %+v", st)
	}
}

// A worker that dies on every delivery never reports an error; the
// max-deliveries advisory moves the job to the dead letters all the same.
func TestJobWithoutOutcomeIsDeadLettered(t *testing.T) {
	_, q := startQueue(t, t.TempDir(), func(c *Config) { c.MaxDeliver = 2 })
	ctx := context.Background()
	if _, err := q.Offer(ctx, job("crasher")); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		read(t, q) // never settled, as if the process were killed
	}
	// Workers keep pulling; the server notices the exhausted job then.
	rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	go q.Read(rctx)
	deadline := time.Now().Add(10 * time.Second)
	for {
		dead, err := q.DeadLetters(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(dead) == 1 {
			if !strings.Contains(dead[0].Error, "no outcome after 2 deliveries") || dead[0].Job.Key != "crasher" {
				t.Fatalf("dead letter %+v", dead[0])
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no dead letter after max deliveries")
		}
		time.Sleep(100 * time.Millisecond)
	}
	st, _ := q.Stats(ctx)
	if st.Pending != 0 {
		t.Fatalf("job left in the work stream: %+v", st)
	}
}

func TestKeepAliveHoldsALongJob(t *testing.T) {
	_, q := startQueue(t, t.TempDir(), nil) // AckWait 1s
	ctx := context.Background()
	q.Offer(ctx, job("slow"))
	m, ack := read(t, q)
	stop := m.KeepAlive()
	// Another reader must see nothing while the job is held for 3 AckWaits.
	rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if m2, _, err := q.Read(rctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("redelivered while in progress: %+v %v", m2, err)
	}
	stop()
	if err := ack(ctx, nil); err != nil {
		t.Fatal(err)
	}
}

func TestShutdownHandsBackWithoutDelay(t *testing.T) {
	_, q := startQueue(t, t.TempDir(), func(c *Config) { c.Backoff = []time.Duration{time.Hour} })
	ctx := context.Background()
	q.Offer(ctx, job("x"))
	_, ack := read(t, q)
	ack(ctx, fmt.Errorf("draining: %w", context.Canceled))
	m, ack := read(t, q) // would block an hour if it were backed off
	if m.Delivered != 2 {
		t.Fatalf("delivered %d", m.Delivered)
	}
	ack(ctx, nil)
}

func TestStateSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	srv, q := startQueue(t, dir, nil)
	ctx := context.Background()
	q.Offer(ctx, job("kept"))
	q.Close()
	srv.Shutdown()
	_, q = startQueue(t, dir, nil)
	if ok, _ := q.Offer(ctx, job("kept")); ok {
		t.Fatal("ledger forgot the job across a restart")
	}
	m, ack := read(t, q)
	if m.Job.Key != "kept" {
		t.Fatalf("got %+v", m.Job)
	}
	ack(ctx, nil)
}

func TestCaseEvents(t *testing.T) {
	_, q := startQueue(t, t.TempDir(), nil)
	ctx := context.Background()
	if got := q.CaseSubject("quarantine", ""); got != "intake.case.quarantine.unknown" {
		t.Fatal(got)
	}
	if got := q.CaseSubject("robot", "invoice"); got != "intake.case.robot.invoice" {
		t.Fatal(got)
	}
	for range 2 {
		if err := q.PublishCase(ctx, "robot", "invoice", "abc", []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	st, _ := q.Stats(ctx)
	if st.Cases != 1 {
		t.Fatalf("cases %d, want 1 (deduplicated by case id)", st.Cases)
	}
}

func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatal(err)
	}
	c := DefaultConfig()
	c.MaxDeliver, c.Backoff, c.Subject = 0, nil, "intake.case.x"
	err := c.Validate()
	for _, want := range []string{"max deliver", "backoff", "overlap"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in %v", want, err)
		}
	}
}
