package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// intake train rebuilds the same artifact bytes from the same flags.
func TestTrainDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and trains twice")
	}
	dirs := []string{t.TempDir(), t.TempDir()}
	for _, d := range dirs {
		if code, _, stderr := runCLI(t, "train", "--n", "40", "--vocab", "600", "--seed", "5", "--out", d); code != 0 {
			t.Fatalf("train: exit %d: %s", code, stderr)
		}
	}
	names, err := filepath.Glob(filepath.Join(dirs[0], "*"))
	if err != nil || len(names) != 4 {
		t.Fatalf("artifacts %v (%v), want 4 files", names, err)
	}
	for _, n := range names {
		a, _ := os.ReadFile(n)
		b, err := os.ReadFile(filepath.Join(dirs[1], filepath.Base(n)))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs (%v)", filepath.Base(n), err)
		}
	}
}
