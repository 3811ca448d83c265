package source

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestParseEvent(t *testing.T) {
	// As versitygw sends it (over NATS or a webhook), key URL-encoded.
	ev := `{"Records":[{"eventVersion":"2.2","eventSource":"aws:s3","eventTime":"2026-01-02T03:04:05Z",
	"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"inbox"},
	"object":{"key":"my%20dir/a+b.xml","size":12,"eTag":"\"abc\""}}},
	{"eventName":"s3:ObjectRemoved:Delete","s3":{"bucket":{"name":"inbox"},"object":{"key":"gone.xml"}}}]}`
	got, err := ParseEvent([]byte(ev))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("got %+v", got)
	}
	e := got[0]
	if e.Bucket != "inbox" || e.Key != "my dir/a b.xml" || e.ETag != "abc" || e.Size != 12 || e.Modified.IsZero() {
		t.Errorf("event %+v", e)
	}
	// The test event a server sends at start-up carries no records.
	if got, err := ParseEvent([]byte(`{"Service":"S3","Event":"s3:TestEvent"}`)); err != nil || len(got) != 0 {
		t.Errorf("test event: %v %v", got, err)
	}
	if _, err := ParseEvent([]byte(`not json`)); err == nil {
		t.Error("garbage parsed")
	}
}

func TestFolder(t *testing.T) {
	dir := t.TempDir()
	f, err := NewFolder(FolderConfig{Dir: dir, Settle: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "a.xml"), []byte("<a/>"), 0o644)
	os.WriteFile(filepath.Join(dir, ".part"), []byte("half"), 0o644)
	list := func() []Object {
		var out []Object
		if err := f.List(ctx, func(o Object) error { out = append(out, o); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := list(); len(got) != 0 {
		t.Fatalf("listed a file still being written: %+v", got)
	}
	f.settle = 0
	got := list()
	if len(got) != 1 || got[0].Key != "sub/a.xml" {
		t.Fatalf("listed %+v", got)
	}
	b, err := f.Get(ctx, "sub/a.xml", got[0].ETag, 100)
	if err != nil || string(b) != "<a/>" {
		t.Fatalf("get: %q %v", b, err)
	}
	if _, err := f.Get(ctx, "sub/a.xml", got[0].ETag, 2); !errors.Is(err, ErrTooLarge) {
		t.Errorf("limit: %v", err)
	}
	if _, err := f.Get(ctx, "sub/a.xml", "old", 100); !errors.Is(err, ErrChanged) {
		t.Errorf("changed: %v", err)
	}
	if _, err := f.Get(ctx, "nope.xml", "x", 100); !errors.Is(err, ErrGone) {
		t.Errorf("gone: %v", err)
	}
	if _, err := f.Get(ctx, "../etc/passwd", "x", 100); !errors.Is(err, ErrGone) {
		t.Errorf("escape: %v", err)
	}
}
