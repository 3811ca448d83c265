package pipeline

import (
	"context"
	"sync"
)

// Each calls fn(i) for every i in [0, n), at most limit at once, and
// returns when every call it started has returned. Once ctx is done it
// starts no more: the caller checks ctx.Err(). Goroutines never outnumber
// limit, so the rest of a long document waits here rather than parked.
func Each(ctx context.Context, n, limit int, fn func(i int)) {
	sem := make(chan struct{}, max(1, limit))
	var wg sync.WaitGroup
	for i := range n {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			fn(i)
		}()
	}
	wg.Wait()
}
