package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/nats-io/nats.go"

	"intake/pipeline/service"
)

// benchSvcOptions are the flags of bench-service.
type benchSvcOptions struct {
	shared    string
	versitygw string
	tpDocs    int
	latDocs   int
	latRate   float64
	memDocs   int
	memKind   string
	keep      bool
}

// cmdBenchService measures the service end to end on real servers: an S3
// server (versitygw) announcing uploads over NATS to `intake serve` run as
// a child process. It reports documents/s with 1 and 2 workers, the
// latency from object created (upload finished) to case written (its event
// received), and the service's peak RSS over many documents.
func cmdBenchService(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("bench-service", flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	o := &benchSvcOptions{}
	fl.StringVar(&o.shared, "shared", "../shared", "the shared `DIR` holding data/")
	fl.StringVar(&o.versitygw, "versitygw", os.Getenv("INTAKE_VERSITYGW"), "versitygw `BIN` (env INTAKE_VERSITYGW; .ci/test-servers.sh installs it)")
	fl.IntVar(&o.tpDocs, "throughput-docs", 300, "native PDFs uploaded at once per throughput run")
	fl.IntVar(&o.latDocs, "latency-docs", 150, "native PDFs uploaded at a steady rate for the latency run")
	fl.Float64Var(&o.latRate, "latency-rate", 0, "uploads/s of the latency run (default: half the 2-worker throughput, at most 20)")
	fl.IntVar(&o.memDocs, "memory-docs", 10000, "documents for the memory run")
	fl.StringVar(&o.memKind, "memory-kind", "xml", "documents of the memory run: xml or pdf")
	fl.BoolVar(&o.keep, "keep", false, "keep the temporary folders")
	if err := fl.Parse(args); err != nil {
		return usagef("bench-service: %v", err)
	}
	if o.versitygw == "" {
		return usagef("bench-service: --versitygw or INTAKE_VERSITYGW is needed (bash .ci/test-servers.sh installs it)")
	}
	if o.memKind != "xml" && o.memKind != "pdf" {
		return usagef("bench-service: --memory-kind must be xml or pdf")
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	pdfs, err := benchBases(filepath.Join(o.shared, "data"), "zugferd/XML-Rechnung/FX/*.pdf", "zugferd/symtrax/Beispiele/*/*.pdf")
	if err != nil {
		return err
	}
	xmls, err := benchBases(filepath.Join(o.shared, "data"), "peppol-bis3/examples/*.xml", "en16931/ubl/examples/*.xml", "en16931/cii/examples/*.xml")
	if err != nil {
		return err
	}
	b := &svcBench{self: self, vgw: o.versitygw, keep: o.keep, log: stderr}
	if la, err := os.ReadFile("/proc/loadavg"); err == nil {
		// Other work on the machine skews every number below.
		fmt.Fprintf(stdout, "load average at start: %s\n", strings.Join(strings.Fields(string(la))[:3], " "))
	}
	fmt.Fprintf(stdout, "%-22s %7s %6s %8s %7s %7s %7s %9s %9s %9s %8s\n", "run", "workers", "docs", "seconds", "docs/s",
		"p50 ms", "p95 ms", "peak MB", "ready MB", "run MB", "listed")
	row := func(name string, r svcResult) {
		fmt.Fprintf(stdout, "%-22s %7d %6d %8.1f %7.1f %7.0f %7.0f %9.0f %9.0f %9.0f %8d\n", name, r.workers, r.docs, r.secs, r.docsPerSec,
			r.p50*1000, r.p95*1000, r.peakRSSMB, r.warmRSSMB, r.runRSSMB, r.viaListing)
	}
	var tp2 float64
	for _, w := range []int{1, 2} {
		r, err := b.run(ctx, svcRun{workers: w, docs: benchDocs(pdfs, o.tpDocs, fmt.Sprintf("tp%d", w))})
		if err != nil {
			return fmt.Errorf("bench-service throughput, %d workers: %w", w, err)
		}
		row("throughput pdf", r)
		tp2 = r.docsPerSec
	}
	rate := o.latRate
	if rate <= 0 {
		rate = min(20, max(1, tp2/2))
	}
	r, err := b.run(ctx, svcRun{workers: 2, docs: benchDocs(pdfs, o.latDocs, "lat"), rate: rate})
	if err != nil {
		return fmt.Errorf("bench-service latency: %w", err)
	}
	row(fmt.Sprintf("latency pdf @%.0f/s", rate), r)
	bases := xmls
	if o.memKind == "pdf" {
		bases = pdfs
	}
	r, err = b.run(ctx, svcRun{workers: 2, docs: benchDocs(bases, o.memDocs, "mem"), sampleRSS: true})
	if err != nil {
		return fmt.Errorf("bench-service memory: %w", err)
	}
	row("memory "+o.memKind, r)
	var parts []string
	for _, s := range r.rss {
		parts = append(parts, fmt.Sprintf("%d docs: %.0f MB", s.done, s.mb))
	}
	fmt.Fprintf(stdout, "RSS during the memory run: %s\n", strings.Join(parts, ", "))
	fmt.Fprintln(stdout, "latency: upload finished → case event received; peak MB: the service's VmHWM, start-up and drain included;\n"+
		"ready MB: peak when ready; run MB: largest RSS sampled while documents flowed;\n"+
		"listed: jobs found by the inbox listing because their S3 notification was lost or wrong")
	return nil
}

// benchBases reads the files matching the patterns under data.
func benchBases(data string, patterns ...string) ([][]byte, error) {
	var files []string
	for _, p := range patterns {
		m, err := filepath.Glob(filepath.Join(data, p))
		if err != nil {
			return nil, err
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("bench-service: no files match %v under %s", patterns, data)
	}
	out := make([][]byte, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

type benchDoc struct {
	key  string
	data []byte
}

// benchSet is n documents made from the bases on demand (the bench holds
// no more than the bases in memory), each with its own content hash: a
// comment after the XML declaration, or after a PDF's end.
type benchSet struct {
	bases [][]byte
	n     int
	tag   string
}

func benchDocs(bases [][]byte, n int, tag string) benchSet {
	run := make([]byte, 4)
	rand.Read(run)
	return benchSet{bases: bases, n: n, tag: hex.EncodeToString(run) + "-" + tag}
}

func (s benchSet) doc(i int) benchDoc {
	b := s.bases[i%len(s.bases)]
	mark := fmt.Sprintf("intake bench %s %d", s.tag, i)
	var data []byte
	ext := ".xml"
	switch j := bytes.Index(b, []byte("?>")); {
	case bytes.HasPrefix(b, []byte("%PDF")):
		data = append(append(append([]byte{}, b...), "\n%"...), mark+"\n"...)
		ext = ".pdf"
	case j >= 0:
		data = append(append(append([]byte{}, b[:j+2]...), "\n<!-- "+mark+" -->"...), b[j+2:]...)
	default:
		data = append([]byte("<!-- "+mark+" -->\n"), b...)
	}
	return benchDoc{key: fmt.Sprintf("%s/%06d%s", s.tag, i, ext), data: data}
}

type svcBench struct {
	self, vgw string
	keep      bool
	log       io.Writer
}

type svcRun struct {
	workers   int
	docs      benchSet
	rate      float64 // uploads/s; 0 is as fast as possible
	sampleRSS bool
}

type rssSample struct {
	done int
	mb   float64
}

type svcResult struct {
	workers    int
	docs       int
	secs       float64
	docsPerSec float64
	p50, p95   float64 // seconds from upload finished to case event received
	peakRSSMB  float64 // the process's peak (VmHWM), start-up and drain included
	warmRSSMB  float64 // peak when ready, before the first document
	runRSSMB   float64 // largest RSS sampled while documents flowed
	viaListing int     // jobs found by listing, their notification lost
	rss        []rssSample
}

func benchAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func waitListen(addr string, d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not listening after %v", addr, d)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// run starts a fresh versitygw and `intake serve`, uploads the documents
// and waits for every case event.
func (b *svcBench) run(ctx context.Context, r svcRun) (res svcResult, err error) {
	dir, err := os.MkdirTemp("", "intake-bench-service-")
	if err != nil {
		return res, err
	}
	if !b.keep {
		defer os.RemoveAll(dir)
	}
	var natsAddr, httpAddr, s3Addr string
	for _, p := range []*string{&natsAddr, &httpAddr, &s3Addr} {
		if *p, err = benchAddr(); err != nil {
			return res, err
		}
	}
	logf, err := os.Create(filepath.Join(dir, "servers.log"))
	if err != nil {
		return res, err
	}
	defer logf.Close()
	const ak, sk = "intake-bench", "intake-bench-secret"
	svc := exec.Command(b.self, "serve", "--data", filepath.Join(dir, "intake"), "--nats-listen", natsAddr, "--http", httpAddr,
		"--s3-endpoint", s3Addr, "--s3-access-key", ak, "--s3-secret-key", sk, "--workers", strconv.Itoa(r.workers),
		// versitygw v1.8.0 attaches a few object-created notifications to
		// the wrong object under concurrent requests; the listing finds
		// those objects (counted in the result).
		"--list-every", "5s", "--log", "warn")
	svc.Stdout, svc.Stderr = logf, logf
	if err := svc.Start(); err != nil {
		return res, err
	}
	svcDone := make(chan struct{})
	go func() { svc.Wait(); close(svcDone) }()
	defer func() {
		select {
		case <-svcDone:
		default:
			svc.Process.Kill()
			<-svcDone
		}
	}()
	if err := waitListen(natsAddr, time.Minute); err != nil {
		return res, err
	}
	vgw := exec.Command(b.vgw, "--port", s3Addr, "--access", ak, "--secret", sk, "--quiet",
		"--event-nats-url", "nats://"+natsAddr, "--event-nats-topic", "intake.inbox.s3", "posix", filepath.Join(dir, "s3"))
	vgw.Stdout, vgw.Stderr = logf, logf
	if err := os.MkdirAll(filepath.Join(dir, "s3"), 0o755); err != nil {
		return res, err
	}
	if err := vgw.Start(); err != nil {
		return res, err
	}
	defer func() { vgw.Process.Kill(); vgw.Wait() }()
	if err := waitListen(s3Addr, time.Minute); err != nil {
		return res, err
	}
	// The HTTP endpoint opens once the pipeline is built (the PDF engine
	// pool started): measure the service warm.
	if err := waitListen(httpAddr, 2*time.Minute); err != nil {
		return res, err
	}
	warmHWM := procStatusMB(svc.Process.Pid, "VmHWM:")
	cl, err := minio.New(s3Addr, &minio.Options{Creds: credentials.NewStaticV4(ak, sk, ""), BucketLookup: minio.BucketLookupPath, Region: "us-east-1"})
	if err != nil {
		return res, err
	}
	if err := cl.MakeBucket(ctx, "inbox", minio.MakeBucketOptions{}); err != nil {
		return res, fmt.Errorf("make bucket: %w", err)
	}
	nc, err := nats.Connect("nats://" + natsAddr)
	if err != nil {
		return res, err
	}
	defer nc.Close()
	type arrival struct {
		source string
		at     time.Time
	}
	arrivals := make(chan arrival, r.docs.n)
	sub, err := nc.Subscribe("intake.case.>", func(m *nats.Msg) {
		var ev service.CaseEvent
		if json.Unmarshal(m.Data, &ev) == nil {
			arrivals <- arrival{ev.Source, time.Now()}
		}
	})
	if err != nil {
		return res, err
	}
	sub.SetPendingLimits(-1, -1)
	defer sub.Unsubscribe()

	// Uploads: four at a time, paced when a rate is set.
	var mu sync.Mutex
	putDone := make(map[string]time.Time, r.docs.n)
	start := time.Now()
	upErr := make(chan error, 1)
	go func() {
		jobs := make(chan benchDoc)
		var wg sync.WaitGroup
		var first error
		var once sync.Once
		for range 4 {
			wg.Go(func() {
				for d := range jobs {
					_, err := cl.PutObject(ctx, "inbox", d.key, bytes.NewReader(d.data), int64(len(d.data)), minio.PutObjectOptions{})
					if err != nil {
						once.Do(func() { first = err })
					}
					mu.Lock()
					putDone["s3://inbox/"+d.key] = time.Now()
					mu.Unlock()
				}
			})
		}
		for i := range r.docs.n {
			if r.rate > 0 {
				if wait := time.Until(start.Add(time.Duration(float64(i) / r.rate * float64(time.Second)))); wait > 0 {
					time.Sleep(wait)
				}
			}
			jobs <- r.docs.doc(i)
		}
		close(jobs)
		wg.Wait()
		upErr <- first
	}()

	pid := svc.Process.Pid
	var samples []rssSample
	marks := map[int]bool{}
	for _, f := range []float64{0.1, 0.25, 0.5, 0.75, 1} {
		marks[int(f*float64(r.docs.n))] = true
	}
	var maxRSS float64
	got := map[string]time.Time{}
	var last time.Time
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	timeout := time.After(time.Duration(r.docs.n)*200*time.Millisecond + 5*time.Minute)
	for len(got) < r.docs.n {
		select {
		case a := <-arrivals:
			if _, dup := got[a.source]; !dup {
				got[a.source] = a.at
				last = a.at
				if r.sampleRSS && marks[len(got)] {
					samples = append(samples, rssSample{len(got), procStatusMB(pid, "VmRSS:")})
				}
			}
		case err := <-upErr:
			if err != nil {
				return res, fmt.Errorf("upload: %w", err)
			}
		case <-tick.C:
			maxRSS = max(maxRSS, procStatusMB(pid, "VmRSS:"))
		case <-svcDone:
			return res, fmt.Errorf("intake serve exited early (log: %s)", logf.Name())
		case <-timeout:
			return res, fmt.Errorf("%d of %d cases after the time limit", len(got), r.docs.n)
		case <-ctx.Done():
			return res, ctx.Err()
		}
	}
	secs := last.Sub(start).Seconds()
	mu.Lock()
	lat := make([]float64, 0, len(got))
	for src, at := range got {
		if put, ok := putDone[src]; ok {
			lat = append(lat, max(0, at.Sub(put).Seconds()))
		}
	}
	mu.Unlock()
	sort.Float64s(lat)
	viaListing := scrapeMetric(httpAddr, "intake_jobs_queued_total", `via="listing"`)
	// The peak is the child's own high-water mark, read until it exits
	// (the drain included). Not rusage: os/exec starts the child sharing
	// the parent's memory until exec, and Linux carries that high-water
	// mark into the child's maxrss — here the bench's own, with every
	// document in memory.
	peak := procStatusMB(pid, "VmHWM:")
	svc.Process.Signal(syscall.SIGTERM)
	stopBy := time.After(time.Minute)
wait:
	for {
		select {
		case <-svcDone:
			break wait
		case <-stopBy:
			return res, errors.New("intake serve did not stop within a minute of SIGTERM")
		case <-time.After(20 * time.Millisecond):
			peak = max(peak, procStatusMB(pid, "VmHWM:"))
		}
	}
	res = svcResult{workers: r.workers, docs: r.docs.n, secs: secs, docsPerSec: float64(r.docs.n) / secs,
		p50: quantile(lat, 0.5), p95: quantile(lat, 0.95), rss: samples,
		warmRSSMB: warmHWM, runRSSMB: maxRSS, viaListing: int(viaListing)}
	res.peakRSSMB = peak
	fmt.Fprintf(b.log, "bench-service: %d workers, %d docs done in %.1fs\n", r.workers, r.docs.n, secs)
	return res, nil
}

func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

// procStatusMB reads a memory field (VmRSS:, VmHWM:) of a process.
func procStatusMB(pid int, field string) float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

// scrapeMetric reads one series from the service's /metrics.
func scrapeMetric(addr, name, labels string) float64 {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + addr + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	want := name + " "
	if labels != "" {
		want = name + "{" + labels + "} "
	}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), want); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return f
		}
	}
	return 0
}
