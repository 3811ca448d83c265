package onnxrt

import "testing"

// The real library, installed by the set-up, loads and is the pinned release.
func TestRuntimeLoads(t *testing.T) {
	v, err := RuntimeVersion()
	if err != nil {
		t.Fatalf("load %s: %v", LibraryPath(), err)
	}
	if v != Version {
		t.Fatalf("runtime version %q, want %q", v, Version)
	}
}
