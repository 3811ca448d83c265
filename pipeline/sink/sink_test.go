package sink

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestFolderPut(t *testing.T) {
	dir := t.TempDir()
	f, err := NewFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for range 2 { // the same key twice is harmless
		if err := f.Put(ctx, "cases/abc.json", []byte(`{"id":"abc"}`), "application/json"); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "cases", "abc.json"))
	if err != nil || string(b) != `{"id":"abc"}` {
		t.Fatalf("%q %v", b, err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "cases"))
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	for _, bad := range []string{"", "../x", "/etc/x", "a/../../x"} {
		if err := f.Put(ctx, bad, []byte("x"), ""); err == nil {
			t.Errorf("key %q accepted", bad)
		}
	}
}
