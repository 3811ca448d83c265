package registers

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Store holds the current Set of a folder and reloads it when the files
// change. Readers call Current and keep the Set for one document; a
// reload swaps the pointer atomically.
type Store struct {
	dir   string
	cur   atomic.Pointer[Set]
	mu    sync.Mutex // serialises reloads
	stamp string
}

// Open loads dir into a new Store.
func Open(dir string) (*Store, error) {
	st := &Store{dir: dir}
	if _, err := st.Reload(); err != nil {
		return nil, err
	}
	return st, nil
}

// Current is the Set in force.
func (st *Store) Current() *Set { return st.cur.Load() }

// Dir is the folder the store reads.
func (st *Store) Dir() string { return st.dir }

// Reload reads the folder again if a file changed (size or modification
// time) and reports whether it swapped in a new Set. On error the Set in
// force stays: a half-written file must not empty the registers.
func (st *Store) Reload() (bool, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	s, err := stamp(st.dir)
	if err != nil {
		return false, err
	}
	if s == st.stamp && st.cur.Load() != nil {
		return false, nil
	}
	set, err := Load(st.dir)
	if err != nil {
		return false, err
	}
	st.cur.Store(set)
	st.stamp = s
	return true, nil
}

// Watch polls the folder every interval until ctx ends, calling onErr
// (if not nil) with reload errors. Polling needs no platform notification
// API and works on network folders.
func (st *Store) Watch(ctx context.Context, interval time.Duration, onErr func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := st.Reload(); err != nil && onErr != nil {
				onErr(err)
			}
		}
	}
}
