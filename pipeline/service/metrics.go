package service

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// metrics are the service's counters, written in the Prometheus text
// exposition format by hand: a handful of counters and two histograms do
// not need a client library.
type metrics struct {
	mu       sync.Mutex
	counters map[string]*counter // by name
	busy     atomic.Int64
	latency  *histogram // object created → case written
	process  *histogram // pipeline run
}

type counter struct {
	help   string
	label  string
	values map[string]*atomic.Int64
}

func newMetrics() *metrics {
	m := &metrics{counters: map[string]*counter{}}
	m.define("intake_jobs_queued_total", "Inbox object versions queued, by how they were found.", "via")
	m.define("intake_cases_total", "Cases written (case file, original, store row, event), by route.", "route")
	m.define("intake_documents_failed_total", "Failed processing attempts (retried with backoff).", "")
	m.define("intake_documents_dead_total", "Jobs moved to the dead-letter stream.", "")
	m.define("intake_documents_duplicate_total", "Inbox objects whose content already had a case.", "")
	m.define("intake_jobs_skipped_total", "Jobs settled without a case, by reason.", "reason")
	m.define("intake_jobs_replayed_total", "Dead letters put back on the work queue by operations staff.", "")
	m.define("intake_retries_total", "In-place retries of an unavailable dependency, by operation.", "op")
	m.define("intake_errors_total", "Errors outside a document (listing, events, acks), by where.", "where")
	buckets := []float64{0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300}
	m.latency = newHistogram("intake_case_latency_seconds", "Time from object created (as intake learnt it) to case written.", buckets)
	m.process = newHistogram("intake_process_seconds", "Time the pipeline took for one document.", buckets)
	return m
}

func (m *metrics) define(name, help, label string) {
	m.counters[name] = &counter{help: help, label: label, values: map[string]*atomic.Int64{}}
}

// inc adds one to counter name with the label value lv ("" when the
// counter has no label).
func (m *metrics) inc(name, lv string) {
	c := m.counters[name]
	m.mu.Lock()
	v, ok := c.values[lv]
	if !ok {
		v = new(atomic.Int64)
		c.values[lv] = v
	}
	m.mu.Unlock()
	v.Add(1)
}

func (m *metrics) get(name, lv string) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.counters[name].values[lv]; ok {
		return v.Load()
	}
	return 0
}

type histogram struct {
	name, help string
	bounds     []float64
	mu         sync.Mutex
	counts     []uint64 // per bucket, not cumulative; the last is +Inf
	sum        float64
	n          uint64
}

func newHistogram(name, help string, bounds []float64) *histogram {
	return &histogram{name: name, help: help, bounds: bounds, counts: make([]uint64, len(bounds)+1)}
}

func (h *histogram) observe(d time.Duration) {
	v := d.Seconds()
	i := sort.SearchFloat64s(h.bounds, v)
	h.mu.Lock()
	h.counts[i]++
	h.sum += v
	h.n++
	h.mu.Unlock()
}

func (h *histogram) write(w io.Writer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s histogram\n", h.name, h.help, h.name)
	var cum uint64
	for i, b := range h.bounds {
		cum += h.counts[i]
		fmt.Fprintf(w, "%s_bucket{le=\"%s\"} %d\n", h.name, formatFloat(b), cum)
	}
	fmt.Fprintf(w, "%s_bucket{le=\"+Inf\"} %d\n%s_sum %s\n%s_count %d\n", h.name, h.n, h.name, formatFloat(h.sum), h.name, h.n)
}

func formatFloat(v float64) string {
	if math.IsInf(v, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// gauge is one extra value computed at scrape time.
type gauge struct {
	name, help string
	value      float64
}

// write writes every metric, names sorted so the output is stable.
func (m *metrics) write(w io.Writer, gauges []gauge) {
	m.mu.Lock()
	names := make([]string, 0, len(m.counters))
	for n := range m.counters {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		c := m.counters[n]
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n", n, c.help, n)
		if c.label == "" {
			var v int64
			if x, ok := c.values[""]; ok {
				v = x.Load()
			}
			fmt.Fprintf(w, "%s %d\n", n, v)
			continue
		}
		lvs := make([]string, 0, len(c.values))
		for lv := range c.values {
			lvs = append(lvs, lv)
		}
		slices.Sort(lvs)
		for _, lv := range lvs {
			fmt.Fprintf(w, "%s{%s=%q} %d\n", n, c.label, lv, c.values[lv].Load())
		}
	}
	m.mu.Unlock()
	m.latency.write(w)
	m.process.write(w)
	gauges = append(gauges, gauge{"intake_workers_busy", "Workers processing a document now.", float64(m.busy.Load())})
	for _, g := range gauges {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n%s %s\n", g.name, g.help, g.name, g.name, formatFloat(g.value))
	}
}
