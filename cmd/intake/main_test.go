package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intake/pipeline"
)

// sharedData is ../shared/data beside the repository (or $INTAKE_SHARED/data).
func sharedData(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("INTAKE_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	d := filepath.Join(dir, "data")
	if _, err := os.Stat(d); err != nil {
		t.Fatalf("shared data folder missing (%v): the conformance data must be beside the repository", err)
	}
	return d
}

func glob(t testing.TB, base string, patterns ...string) []string {
	t.Helper()
	var out []string
	for _, p := range patterns {
		m, err := filepath.Glob(filepath.Join(base, p))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	if len(out) == 0 {
		t.Fatalf("no files match %v under %s", patterns, base)
	}
	return out
}

// runCLI runs the intake command in-process.
func runCLI(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

// readCases reads every case file in dir, checking each against the schema.
func readCases(t testing.TB, dir string) map[string]pipeline.CaseFile {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]pipeline.CaseFile{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := pipeline.ValidateCase(b); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var c pipeline.CaseFile
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatal(err)
		}
		if filepath.Base(f) != c.ID+".json" {
			t.Fatalf("%s holds case %s", f, c.ID)
		}
		out[c.Document.Source] = c
	}
	return out
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"nope"}, {"process"}, {"process", "--bogus", "x"}, {"text"}, {"eval"}} {
		if code, _, _ := runCLI(t, args...); code != exitUsage {
			t.Errorf("intake %s: exit %d, want %d", strings.Join(args, " "), code, exitUsage)
		}
	}
}

func TestSchemaCommand(t *testing.T) {
	code, out, _ := runCLI(t, "schema")
	if code != 0 || !json.Valid([]byte(out)) || !strings.Contains(out, "intake.case/v1") {
		t.Fatalf("schema: exit %d, output not the schema", code)
	}
}
