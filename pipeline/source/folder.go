package source

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// FolderConfig configures a folder inbox.
type FolderConfig struct {
	Dir string
	// Settle is how long a file must stay unmodified before it is listed,
	// so a file still being copied in is not read half-written. Writers
	// that create a hidden temporary file and rename it need none.
	Settle time.Duration
}

// DefaultFolderConfig watches dir.
func DefaultFolderConfig(dir string) FolderConfig {
	return FolderConfig{Dir: dir, Settle: time.Second}
}

// Validate reports impossible settings.
func (c FolderConfig) Validate() error {
	var errs []error
	if c.Dir == "" {
		errs = append(errs, errors.New("folder inbox: dir is empty"))
	}
	if c.Settle < 0 {
		errs = append(errs, fmt.Errorf("folder inbox: settle %v is negative", c.Settle))
	}
	return errors.Join(errs...)
}

// Folder is an inbox on a local folder. A file's ETag is its size and
// modification time, so a rewritten file is a new version.
type Folder struct {
	dir    string
	settle time.Duration
}

// NewFolder opens a folder inbox, creating the folder.
func NewFolder(cfg FolderConfig) (*Folder, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("folder inbox: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("folder inbox: %w", err)
	}
	return &Folder{dir: dir, settle: cfg.Settle}, nil
}

// Name is the folder's absolute path.
func (f *Folder) Name() string { return f.dir }

// Source is how a case names the original: the file's path.
func (f *Folder) Source(key string) string { return filepath.Join(f.dir, filepath.FromSlash(key)) }

func etagOf(st fs.FileInfo) string {
	return strconv.FormatInt(st.Size(), 16) + "-" + strconv.FormatInt(st.ModTime().UnixNano(), 16)
}

// List calls fn for every settled regular file, hidden files and folders
// skipped, keys with forward slashes.
func (f *Folder) List(ctx context.Context, fn func(Object) error) error {
	now := time.Now()
	return filepath.WalkDir(f.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == f.dir {
				return fmt.Errorf("folder inbox: %w", err)
			}
			return nil // vanished while walking
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if p != f.dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		st, err := d.Info()
		if err != nil || now.Sub(st.ModTime()) < f.settle {
			return nil
		}
		rel, err := filepath.Rel(f.dir, p)
		if err != nil {
			return nil
		}
		return fn(Object{Key: filepath.ToSlash(rel), ETag: etagOf(st), Size: st.Size(), Modified: st.ModTime()})
	})
}

// Get reads the version etag of key, at most limit bytes.
func (f *Folder) Get(ctx context.Context, key, etag string, limit int64) ([]byte, error) {
	if strings.Contains("/"+key+"/", "/../") {
		return nil, fmt.Errorf("folder inbox: %q: %w", key, ErrGone)
	}
	fh, err := os.Open(f.Source(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("folder inbox: %s: %w", key, ErrGone)
	}
	if err != nil {
		return nil, fmt.Errorf("folder inbox: %w", err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, fmt.Errorf("folder inbox: %w", err)
	}
	if etagOf(st) != etag {
		return nil, fmt.Errorf("folder inbox: %s: %w", key, ErrChanged)
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("folder inbox: %s: %d bytes: %w", key, st.Size(), ErrTooLarge)
	}
	b, err := io.ReadAll(io.LimitReader(fh, limit+1))
	if err != nil {
		return nil, fmt.Errorf("folder inbox: %w", err)
	}
	if st2, err := os.Stat(f.Source(key)); err != nil || etagOf(st2) != etag || int64(len(b)) != st.Size() {
		return nil, fmt.Errorf("folder inbox: %s: %w", key, ErrChanged)
	}
	return b, ctx.Err()
}

// Sum streams the version etag of key through SHA-256 without holding it.
func (f *Folder) Sum(ctx context.Context, key, etag string) (string, int64, error) {
	if strings.Contains("/"+key+"/", "/../") {
		return "", 0, fmt.Errorf("folder inbox: %q: %w", key, ErrGone)
	}
	fh, err := os.Open(f.Source(key))
	if errors.Is(err, fs.ErrNotExist) {
		return "", 0, fmt.Errorf("folder inbox: %s: %w", key, ErrGone)
	}
	if err != nil {
		return "", 0, fmt.Errorf("folder inbox: %w", err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return "", 0, fmt.Errorf("folder inbox: %w", err)
	}
	if etagOf(st) != etag {
		return "", 0, fmt.Errorf("folder inbox: %s: %w", key, ErrChanged)
	}
	h := sha256.New()
	n, err := io.Copy(h, fh)
	if err != nil {
		return "", 0, fmt.Errorf("folder inbox: %w", err)
	}
	if st2, err := os.Stat(f.Source(key)); err != nil || etagOf(st2) != etag || n != st.Size() {
		return "", 0, fmt.Errorf("folder inbox: %s: %w", key, ErrChanged)
	}
	return hex.EncodeToString(h.Sum(nil)), n, ctx.Err()
}
