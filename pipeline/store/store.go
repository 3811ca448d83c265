// Package store is the case store: one row per document (its ID is the
// sha256 of the original) with where it came from, its status and routing,
// for the UI and the APIs to read. The embedded default is SQLite (pure Go,
// modernc.org/sqlite); the file may be shared by the processes of one
// machine. Several machines share a PostgreSQL store instead (not yet).
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"intake/pipeline"
)

// Status of a case row.
type Status string

const (
	StatusDone   Status = "done"   // case file, original and event written
	StatusFailed Status = "failed" // the last attempt failed; it will be retried
	StatusDead   Status = "dead"   // gave up: the job is in the dead-letter stream
)

// Case is one row: what the UI lists and robots look up.
type Case struct {
	ID          string
	Source      string // where the original came from (bucket URL or path)
	ETag        string
	Status      Status
	Route       pipeline.Destination
	DocType     string
	Reasons     []pipeline.Reason
	MediaType   string
	CaseKey     string // cases/<id>.json in the outbox
	OriginalKey string // originals/<id> in the outbox
	Attempts    int
	LastError   string
	ReceivedAt  time.Time // object created, as intake learnt it
	ProcessedAt time.Time // case written
	UpdatedAt   time.Time
}

// Config says where the store lives.
type Config struct {
	Path        string        // SQLite file
	BusyTimeout time.Duration // wait for another process's write
}

// DefaultConfig stores in path.
func DefaultConfig(path string) Config { return Config{Path: path, BusyTimeout: 10 * time.Second} }

// Validate reports impossible settings.
func (c Config) Validate() error {
	var errs []error
	if c.Path == "" {
		errs = append(errs, errors.New("store: path is empty"))
	}
	if c.BusyTimeout < 0 {
		errs = append(errs, fmt.Errorf("store: busy timeout %v is negative", c.BusyTimeout))
	}
	return errors.Join(errs...)
}

// SQLite is the embedded case store.
type SQLite struct {
	db *sql.DB
}

const schema = `
CREATE TABLE IF NOT EXISTS cases (
	id           TEXT PRIMARY KEY,
	source       TEXT NOT NULL,
	etag         TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL,
	route        TEXT NOT NULL DEFAULT '',
	doc_type     TEXT NOT NULL DEFAULT '',
	reasons      TEXT NOT NULL DEFAULT '[]',
	media_type   TEXT NOT NULL DEFAULT '',
	case_key     TEXT NOT NULL DEFAULT '',
	original_key TEXT NOT NULL DEFAULT '',
	attempts     INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT NOT NULL DEFAULT '',
	received_at  TEXT NOT NULL DEFAULT '',
	processed_at TEXT NOT NULL DEFAULT '',
	updated_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_status ON cases(status, route);
CREATE INDEX IF NOT EXISTS cases_processed ON cases(processed_at);
-- Every inbox object that carried a document, including later copies of
-- the same content (duplicates share the case of the first).
CREATE TABLE IF NOT EXISTS sources (
	source  TEXT NOT NULL,
	etag    TEXT NOT NULL,
	id      TEXT NOT NULL,
	seen_at TEXT NOT NULL,
	PRIMARY KEY (source, etag)
);
CREATE INDEX IF NOT EXISTS sources_id ON sources(id);
`

// Open opens (creating if needed) the store. Writes are durable when a
// call returns: WAL with synchronous=FULL.
func Open(ctx context.Context, cfg Config) (*SQLite, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(cfg.Path), 0o755); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", cfg.BusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+cfg.Path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// One writer at a time is SQLite's rule anyway; one connection keeps
	// the pragmas and avoids busy waits between our own goroutines.
	db.SetMaxOpenConns(1)
	if err := createSchema(ctx, db, cfg.BusyTimeout); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: schema: %w", err)
	}
	return &SQLite{db: db}, nil
}

// createSchema creates the tables in a write transaction, trying again
// while another process holds the database for up to busyTimeout. Two
// workers opening a fresh store together both write its schema; the
// busy timeout alone does not cover that: SQLite reports SQLITE_BUSY at
// once when switching to WAL or upgrading a read to a write would wait
// on the other.
func createSchema(ctx context.Context, db *sql.DB, busyTimeout time.Duration) error {
	deadline := time.Now().Add(busyTimeout)
	for {
		err := func() error {
			tx, err := db.BeginTx(ctx, nil) // BEGIN IMMEDIATE (_txlock)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			if _, err := tx.ExecContext(ctx, schema); err != nil {
				return err
			}
			return tx.Commit()
		}()
		if err == nil || !busy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// busy tells SQLITE_BUSY (and its extended codes, such as a stale WAL
// snapshot) from other errors.
func busy(err error) bool {
	var e interface{ Code() int }
	return errors.As(err, &e) && e.Code()&0xff == 5
}

// Close closes the database.
func (s *SQLite) Close() error { return s.db.Close() }

// Ping checks the database answers.
func (s *SQLite) Ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

const ts = time.RFC3339Nano

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(ts)
}

func parseTime(s string) time.Time {
	t, _ := time.Parse(ts, s)
	return t
}

// Put writes a row, replacing the one with the same ID, and records its
// source. A done row is never replaced by a failed or dead one: a stale
// failure report must not hide a written case.
func (s *SQLite) Put(ctx context.Context, c Case) error {
	if c.ID == "" {
		return errors.New("store: put: empty id")
	}
	reasons, err := json.Marshal(nonNil(c.Reasons))
	if err != nil {
		return fmt.Errorf("store: put %s: %w", c.ID, err)
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = time.Now()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: put %s: %w", c.ID, err)
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `
INSERT INTO cases (id, source, etag, status, route, doc_type, reasons, media_type, case_key, original_key,
	attempts, last_error, received_at, processed_at, updated_at)
VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
ON CONFLICT(id) DO UPDATE SET
	source=excluded.source, etag=excluded.etag, status=excluded.status, route=excluded.route,
	doc_type=excluded.doc_type, reasons=excluded.reasons, media_type=excluded.media_type,
	case_key=excluded.case_key, original_key=excluded.original_key, attempts=excluded.attempts,
	last_error=excluded.last_error, received_at=excluded.received_at, processed_at=excluded.processed_at,
	updated_at=excluded.updated_at
WHERE cases.status <> 'done' OR excluded.status = 'done'`,
		c.ID, c.Source, c.ETag, string(c.Status), string(c.Route), c.DocType, string(reasons), c.MediaType,
		c.CaseKey, c.OriginalKey, c.Attempts, c.LastError, fmtTime(c.ReceivedAt), fmtTime(c.ProcessedAt), fmtTime(c.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: put %s: %w", c.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO sources (source, etag, id, seen_at) VALUES (?,?,?,?)`,
		c.Source, c.ETag, c.ID, fmtTime(c.UpdatedAt)); err != nil {
		return fmt.Errorf("store: put %s: %w", c.ID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: put %s: %w", c.ID, err)
	}
	return nil
}

// AddSource records another inbox object carrying the document id (a
// duplicate by content).
func (s *SQLite) AddSource(ctx context.Context, id, source, etag string, at time.Time) error {
	if _, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO sources (source, etag, id, seen_at) VALUES (?,?,?,?)`,
		source, etag, id, fmtTime(at)); err != nil {
		return fmt.Errorf("store: source %s: %w", id, err)
	}
	return nil
}

const columns = `id, source, etag, status, route, doc_type, reasons, media_type, case_key, original_key,
	attempts, last_error, received_at, processed_at, updated_at`

func scan(row interface{ Scan(...any) error }) (Case, error) {
	var c Case
	var status, route, reasons, recv, proc, upd string
	err := row.Scan(&c.ID, &c.Source, &c.ETag, &status, &route, &c.DocType, &reasons, &c.MediaType,
		&c.CaseKey, &c.OriginalKey, &c.Attempts, &c.LastError, &recv, &proc, &upd)
	if err != nil {
		return c, err
	}
	c.Status, c.Route = Status(status), pipeline.Destination(route)
	c.ReceivedAt, c.ProcessedAt, c.UpdatedAt = parseTime(recv), parseTime(proc), parseTime(upd)
	if err := json.Unmarshal([]byte(reasons), &c.Reasons); err != nil {
		return c, fmt.Errorf("reasons: %w", err)
	}
	return c, nil
}

// Get returns the row of id; ok is false when there is none.
func (s *SQLite) Get(ctx context.Context, id string) (c Case, ok bool, err error) {
	c, err = scan(s.db.QueryRowContext(ctx, `SELECT `+columns+` FROM cases WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Case{}, false, nil
	}
	if err != nil {
		return Case{}, false, fmt.Errorf("store: get %s: %w", id, err)
	}
	return c, true, nil
}

// Filter selects rows for List; zero values match everything.
type Filter struct {
	Status Status
	Route  pipeline.Destination
	Limit  int    // default 100
	After  string // the last ID of the previous page
}

// List returns rows ordered by ID, a page at a time.
func (s *SQLite) List(ctx context.Context, f Filter) ([]Case, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+columns+` FROM cases
		WHERE (? = '' OR status = ?) AND (? = '' OR route = ?) AND id > ? ORDER BY id LIMIT ?`,
		string(f.Status), string(f.Status), string(f.Route), string(f.Route), f.After, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("store: list: %w", err)
	}
	defer rows.Close()
	var out []Case
	for rows.Next() {
		c, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Counts returns the number of rows per status.
func (s *SQLite) Counts(ctx context.Context) (map[Status]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT status, COUNT(*) FROM cases GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("store: counts: %w", err)
	}
	defer rows.Close()
	out := map[Status]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: counts: %w", err)
		}
		out[Status(st)] = n
	}
	return out, rows.Err()
}

// Sources returns the inbox objects that carried document id.
func (s *SQLite) Sources(ctx context.Context, id string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT source FROM sources WHERE id = ? ORDER BY seen_at, source`, id)
	if err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var src string
		if err := rows.Scan(&src); err != nil {
			return nil, fmt.Errorf("store: sources: %w", err)
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

func nonNil(r []pipeline.Reason) []pipeline.Reason {
	if r == nil {
		return []pipeline.Reason{}
	}
	return r
}
