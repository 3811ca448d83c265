package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"intake/pipeline"
)

// result is one input's outcome.
type result struct {
	path string
	doc  *pipeline.Document
	err  error
}

func cmdProcess(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("process", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	out := fl.String("out", "", "write one <id>.json per document into `DIR` instead of JSON Lines on stdout")
	opts := addPipelineFlags(fl)
	if err := fl.Parse(args); err != nil {
		return usagef("process: %v", err)
	}
	if fl.NArg() == 0 {
		return usagef("process: no PATH given")
	}
	paths, err := expandPaths(fl.Args())
	if err != nil {
		return usagef("process: %v", err)
	}
	if *out != "" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return fmt.Errorf("process: %w", err)
		}
	}
	p, err := opts.build()
	if err != nil {
		return err
	}
	defer p.Close()

	var counts = map[pipeline.Destination]int{}
	failures := 0
	seen := map[string]bool{}
	enc := json.NewEncoder(stdout)
	err = processAll(ctx, p.runner, paths, opts.workers, func(r result) error {
		if r.err != nil {
			failures++
			fmt.Fprintf(stderr, "intake: %s: %s\n", r.path, pipeline.MaskPersonal(r.err.Error()))
			return nil
		}
		counts[r.doc.Route.To]++
		if seen[r.doc.ID] {
			fmt.Fprintf(stderr, "intake: %s: same content as an earlier input (%s), one case\n", r.path, r.doc.ID[:12])
			return nil
		}
		seen[r.doc.ID] = true
		c := r.doc.Case(time.Now())
		if r.doc.Route.To == pipeline.ToQuarantine {
			fmt.Fprintf(stderr, "intake: %s: quarantined: %s\n", r.path, pipeline.MaskPersonal(r.doc.Route.Reasons[0].Message))
		}
		if *out == "" {
			return enc.Encode(c)
		}
		return writeCase(*out, c)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "intake: %d inputs: %d robot, %d caseworker, %d quarantine, %d failed\n",
		len(paths), counts[pipeline.ToRobot], counts[pipeline.ToCaseworker], counts[pipeline.ToQuarantine], failures)
	switch {
	case failures > 0:
		return fmt.Errorf("%d inputs failed", failures)
	case counts[pipeline.ToQuarantine] > 0:
		return errQuarantined
	}
	return nil
}

// processAll runs the pipeline over paths with a fixed pool and hands the
// results to emit in input order, so output is reproducible.
func processAll(ctx context.Context, r *pipeline.Runner, paths []string, workers int, emit func(result) error) error {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	results := make([]chan result, len(paths))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] <- processFile(ctx, r, paths[i])
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range paths {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var err error
	for i := range paths {
		var res result
		select {
		case res = <-results[i]:
		case <-ctx.Done():
			wg.Wait()
			return ctx.Err()
		}
		if err == nil {
			err = emit(res)
		}
	}
	wg.Wait()
	return err
}

func processFile(ctx context.Context, r *pipeline.Runner, path string) result {
	data, err := os.ReadFile(path)
	if err != nil {
		return result{path: path, err: err}
	}
	var received time.Time
	if st, err := os.Stat(path); err == nil {
		received = st.ModTime()
	}
	doc, err := r.Run(ctx, pipeline.Origin{Source: path, Received: received}, data)
	return result{path: path, doc: doc, err: err}
}

// writeCase writes <id>.json atomically: a reader never sees half a file,
// and a rerun over the same input writes the same name.
func writeCase(dir string, c pipeline.CaseFile) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("case %s: %w", c.ID, err)
	}
	tmp, err := os.CreateTemp(dir, ".case-*")
	if err != nil {
		return fmt.Errorf("case %s: %w", c.ID, err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("case %s: %w", c.ID, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("case %s: %w", c.ID, err)
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, c.ID+".json"))
}

// expandPaths lists files; folders are walked (hidden entries and ground
// truth files are skipped) in lexical order.
func expandPaths(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if p != a && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && !strings.HasSuffix(name, ".truth.json") {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}
