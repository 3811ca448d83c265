package rules

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

//go:embed builtin/*.yaml
var builtin embed.FS

// Builtin is the rule files shipped with intake.
func Builtin() fs.FS {
	sub, err := fs.Sub(builtin, "builtin")
	if err != nil {
		panic("rules: embedded files: " + err.Error())
	}
	return sub
}

// Store holds the Set in force and, for a folder, reloads it when a rule
// file changes: a changed threshold takes effect without a restart.
type Store struct {
	fsys   fs.FS
	dir    string // "" for an embedded set, which never changes
	checks map[string]CheckFunc
	cur    atomic.Pointer[Set]
	mu     sync.Mutex
	stamp  string
}

// OpenDir compiles the rule files in dir.
func OpenDir(dir string, checks map[string]CheckFunc) (*Store, error) {
	st := &Store{fsys: os.DirFS(dir), dir: dir, checks: checks}
	if _, err := st.Reload(); err != nil {
		return nil, err
	}
	return st, nil
}

// OpenFS compiles the rule files of a fixed file system (Builtin).
func OpenFS(fsys fs.FS, checks map[string]CheckFunc) (*Store, error) {
	s, err := Load(fsys, checks)
	if err != nil {
		return nil, err
	}
	st := &Store{fsys: fsys, checks: checks}
	st.cur.Store(s)
	return st, nil
}

// Current is the Set in force.
func (st *Store) Current() *Set { return st.cur.Load() }

// Reload compiles the folder again if a file changed and reports whether
// a new Set is in force. A file that does not compile leaves the old Set.
func (st *Store) Reload() (bool, error) {
	if st.dir == "" {
		return false, nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	s, err := dirStamp(st.dir)
	if err != nil {
		return false, err
	}
	if s == st.stamp && st.cur.Load() != nil {
		return false, nil
	}
	set, err := Load(st.fsys, st.checks)
	if err != nil {
		return false, err
	}
	st.cur.Store(set)
	st.stamp = s
	return true, nil
}

// Watch polls the folder every interval until ctx ends.
func (st *Store) Watch(ctx context.Context, interval time.Duration, onErr func(error)) {
	if st.dir == "" {
		return
	}
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

func dirStamp(dir string) (string, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return "", fmt.Errorf("rules: %w", err)
	}
	s := ""
	for _, n := range names { // Glob sorts
		fi, err := os.Stat(n)
		if err != nil {
			return "", fmt.Errorf("rules: %w", err)
		}
		s += fmt.Sprintf("%s:%d:%d;", n, fi.Size(), fi.ModTime().UnixNano())
	}
	return s, nil
}
