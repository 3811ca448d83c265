package pdf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// errClosed is returned by a Reader used after Close.
var errClosed = errors.New("pdf: reader closed")

// pool starts one pdfium WebAssembly pool on first use and hands out its
// instances. Compiling the 5.7 MB module takes seconds, instantiating it
// a few milliseconds: compile once, keep up to size instances.
type pool struct {
	size       int
	limitPages uint32 // wasm memory per instance, in 64 KiB pages
	cache      wazero.CompilationCache

	once    sync.Once
	ready   chan struct{} // closed when start has finished
	pdfium  pdfium.Pool   // set before ready closes, nil if start failed
	err     error         // start error, set before ready closes
	elapsed time.Duration // how long start took

	mu       sync.Mutex
	closed   bool
	inflight sync.WaitGroup // borrowed instances; Add only under mu while open

	// life ends at close. It wakes Reads waiting for an instance, which
	// the pdfium pool would otherwise leave waiting forever.
	life     context.Context
	lifeStop context.CancelFunc
}

func newPool(size, memoryLimitMB int, cache wazero.CompilationCache) *pool {
	life, stop := context.WithCancel(context.Background())
	return &pool{
		size:       size,
		limitPages: uint32(memoryLimitMB) * 16, // 16 pages of 64 KiB per MiB
		cache:      cache,
		ready:      make(chan struct{}),
		life:       life,
		lifeStop:   stop,
	}
}

// start compiles the module. It runs once, in its own goroutine, so that
// callers waiting for it can give up when their context ends.
func (p *pool) start() {
	defer close(p.ready)
	t0 := time.Now()
	// The bundled module needs exception handling (setjmp/longjmp), which a
	// custom RuntimeConfig must enable itself. WithCloseOnContextDone is left
	// off on purpose: it made page loading four times slower here.
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithMemoryLimitPages(p.limitPages)
	if p.cache != nil {
		rc = rc.WithCompilationCache(p.cache)
	}
	pl, err := webassembly.Init(webassembly.Config{
		MinIdle:       0,
		MaxIdle:       p.size,
		MaxTotal:      p.size,
		ReuseWorkers:  true, // a fresh instance per document costs more than the text itself
		RuntimeConfig: rc,
		// An empty file system: documents are passed in memory, and pdfium
		// must not read (or scan for fonts in) the host's files.
		FSConfig: wazero.NewFSConfig(),
		Stdout:   io.Discard,
		Stderr:   io.Discard,
	})
	p.elapsed = time.Since(t0)
	if err != nil {
		p.err = fmt.Errorf("pdf: start pdfium: %w", err)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		// Close ran while we compiled: nobody will close this pool later.
		pl.Close()
		p.err = errClosed
		return
	}
	p.pdfium = pl
}

// wait starts the pool if needed and waits for it.
func (p *pool) wait(ctx context.Context) error {
	p.once.Do(func() { go p.start() })
	select {
	case <-p.ready:
		return p.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// get borrows an instance, waiting while all are busy. The caller gives
// it back with put.
func (p *pool) get(ctx context.Context) (pdfium.Pdfium, error) {
	if p.isClosed() {
		return nil, errClosed
	}
	if err := p.wait(ctx); err != nil {
		return nil, err
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, errClosed
	}
	p.inflight.Add(1)
	p.mu.Unlock()
	bctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(p.life, cancel)()
	inst, err := p.pdfium.GetInstanceWithContext(bctx)
	if err == nil {
		return inst, nil
	}
	p.inflight.Done()
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case p.isClosed():
		return nil, errClosed
	}
	return nil, fmt.Errorf("pdf: pdfium instance: %w", err)
}

func (p *pool) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

// put gives an instance back. A healthy instance is kept for the next
// document; one that failed in an unknown way (a wasm trap, a panic) may
// hold broken state and is discarded, to be replaced on demand.
func (p *pool) put(inst pdfium.Pdfium, healthy bool) {
	defer p.inflight.Done()
	if healthy {
		if inst.Close() == nil {
			return
		}
	}
	inst.Kill()
}

// startTime reports how long starting the pool took, or 0 while it has
// not finished.
func (p *pool) startTime() time.Duration {
	select {
	case <-p.ready:
		return p.elapsed
	default:
		return 0
	}
}

// closeWait bounds how long close waits for documents still in pdfium.
const closeWait = 10 * time.Second

// close stops the pool once the instances lent out have come back: the
// pdfium pool's Close is not safe while they are in use. A start in
// progress finishes and is then closed.
func (p *pool) close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	pl := p.pdfium
	p.mu.Unlock()
	p.lifeStop()
	drained := make(chan struct{})
	go func() {
		p.inflight.Wait()
		close(drained)
	}()
	select {
	case <-drained:
	case <-time.After(closeWait):
		// A call stuck in pdfium: leave the pool to the process's exit
		// rather than close it under the call.
		return fmt.Errorf("pdf: close: documents still in pdfium after %v; pdfium left running", closeWait)
	}
	var errs []error
	if pl != nil {
		if err := pl.Close(); err != nil {
			errs = append(errs, fmt.Errorf("pdf: close pdfium: %w", err))
		}
	}
	if p.cache != nil {
		// A start still compiling keeps using the cache; it only writes
		// files, which Close does not remove.
		if err := p.cache.Close(context.Background()); err != nil {
			errs = append(errs, fmt.Errorf("pdf: close compilation cache: %w", err))
		}
	}
	return errors.Join(errs...)
}
