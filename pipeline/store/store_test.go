package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"intake/pipeline"
)

func open(t *testing.T, path string) *SQLite {
	t.Helper()
	s, err := Open(context.Background(), DefaultConfig(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestPutGetList(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "cases.db"))
	ctx := context.Background()
	now := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	c := Case{ID: "a1", Source: "s3://inbox/x.xml", ETag: "e1", Status: StatusDone, Route: pipeline.ToRobot,
		DocType: "invoice", Reasons: []pipeline.Reason{{Code: "checks.passed", Message: "ok"}},
		ReceivedAt: now, ProcessedAt: now.Add(time.Second), UpdatedAt: now}
	if err := s.Put(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Get(ctx, "a1")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if got.DocType != "invoice" || got.Route != pipeline.ToRobot || !got.ProcessedAt.Equal(c.ProcessedAt) || len(got.Reasons) != 1 {
		t.Fatalf("got %+v", got)
	}
	if _, ok, _ := s.Get(ctx, "nope"); ok {
		t.Fatal("found a missing row")
	}
	// A late failure report never hides a written case.
	if err := s.Put(ctx, Case{ID: "a1", Source: "s3://inbox/x.xml", ETag: "e1", Status: StatusFailed, LastError: "late"}); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := s.Get(ctx, "a1"); got.Status != StatusDone {
		t.Fatalf("status %s", got.Status)
	}
	s.Put(ctx, Case{ID: "b2", Source: "p", Status: StatusFailed, LastError: "boom", Attempts: 2})
	s.Put(ctx, Case{ID: "b2", Source: "p", Status: StatusDone, Route: pipeline.ToQuarantine})
	if err := s.AddSource(ctx, "a1", "s3://inbox/copy.xml", "e1", now); err != nil {
		t.Fatal(err)
	}
	srcs, _ := s.Sources(ctx, "a1")
	if len(srcs) != 2 {
		t.Fatalf("sources %v", srcs)
	}
	counts, _ := s.Counts(ctx)
	if counts[StatusDone] != 2 {
		t.Fatalf("counts %v", counts)
	}
	list, _ := s.List(ctx, Filter{Route: pipeline.ToQuarantine})
	if len(list) != 1 || list[0].ID != "b2" {
		t.Fatalf("list %+v", list)
	}
}

// Two handles on one file (two processes on one machine) write at once.
func TestConcurrentWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cases.db")
	a, b := open(t, path), open(t, path)
	ctx := context.Background()
	var wg sync.WaitGroup
	for w, s := range []*SQLite{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				if err := s.Put(ctx, Case{ID: fmt.Sprintf("%d-%d", w, i), Source: "x", Status: StatusDone}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	counts, _ := a.Counts(ctx)
	if counts[StatusDone] != 100 {
		t.Fatalf("counts %v", counts)
	}
}

// TestOpenTogether: processes started together on one fresh store (two
// workers of a service) all open it; none fails on the other's schema
// write with SQLITE_BUSY.
func TestOpenTogether(t *testing.T) {
	for round := range 10 {
		path := filepath.Join(t.TempDir(), fmt.Sprintf("cases-%d.db", round))
		var wg sync.WaitGroup
		errs := make(chan error, 6)
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(context.Background(), DefaultConfig(path))
				if err != nil {
					errs <- err
					return
				}
				s.Close()
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
	}
}
