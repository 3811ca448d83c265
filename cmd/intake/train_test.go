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
		t.Skip("-short: generates a corpus and trains twice; make test and CI run it")
	}
	dirs := []string{t.TempDir(), t.TempDir()}
	for _, d := range dirs {
		if code, _, stderr := runCLI(t, "train", "--n", "40", "--vocab", "600", "--ranker-n", "40", "--seed", "5", "--out", d); code != 0 {
			t.Fatalf("train: exit %d: %s", code, stderr)
		}
	}
	names, err := filepath.Glob(filepath.Join(dirs[0], "*"))
	// tokenizer, doctype classifier, field ranker and field thresholds,
	// each beside its manifest
	if err != nil || len(names) != 8 {
		t.Fatalf("artifacts %v (%v), want 8 files", names, err)
	}
	for _, n := range names {
		a, _ := os.ReadFile(n)
		b, err := os.ReadFile(filepath.Join(dirs[1], filepath.Base(n)))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs (%v)", filepath.Base(n), err)
		}
	}
}
