package pipeline

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

func TestEachBoundsAndCompletes(t *testing.T) {
	var running, peak atomic.Int32
	done := make([]bool, 20)
	Each(context.Background(), len(done), 3, func(i int) {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(2 * time.Millisecond)
		done[i] = true
		running.Add(-1)
	})
	for i, d := range done {
		if !d {
			t.Fatalf("call %d did not run", i)
		}
	}
	if p := peak.Load(); p > 3 || p < 2 {
		t.Errorf("peak concurrency %d, want 2..3 with limit 3", p)
	}
}

func TestEachStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	Each(ctx, 100, 1, func(i int) {
		if calls.Add(1) == 3 {
			cancel()
		}
	})
	if n := calls.Load(); n != 3 {
		t.Errorf("%d calls after cancelling in the third, want 3", n)
	}
}
