package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"intake/pipeline"
	"intake/pipeline/store"
)

// waitNATS waits until a NATS server completes a client's handshake, not
// only accepts its connection.
func waitNATS(t *testing.T, addr string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		nc, err := nats.Connect("nats://"+addr, nats.Timeout(5*time.Second))
		if err == nil {
			nc.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("NATS on %s not ready after %v: %v", addr, d, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// streamMsgs returns the message count of each named stream.
func streamMsgs(t *testing.T, url string, names ...string) map[string]uint64 {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out := map[string]uint64{}
	for _, n := range names {
		st, err := js.Stream(ctx, n)
		if err != nil {
			t.Fatalf("stream %s: %v", n, err)
		}
		info, err := st.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out[n] = info.State.Msgs
	}
	return out
}

// checkOutbox verifies exactly one case file and one original per
// document, named by its content hash, and that the inbox is untouched.
func checkOutbox(t *testing.T, v *versity, docs []testDoc, etags map[string]string) {
	t.Helper()
	cl := s3Client(t, v.addr)
	cases := listKeys(t, cl, "outbox", "cases/")
	originals := listKeys(t, cl, "outbox", "originals/")
	want := map[string]bool{}
	for _, d := range docs {
		want[d.id] = true
	}
	if len(cases) != len(want) || len(originals) != len(want) {
		t.Errorf("outbox: %d case files and %d originals, want %d of each", len(cases), len(originals), len(want))
	}
	for _, d := range docs {
		if _, ok := cases["cases/"+d.id+".json"]; !ok {
			t.Errorf("no case file for %s", d.key)
		}
		if _, ok := originals["originals/"+d.id]; !ok {
			t.Errorf("no original for %s", d.key)
		}
	}
	// A case file in the outbox is the pipeline's, valid against the schema.
	obj, err := cl.GetObject(context.Background(), "outbox", "cases/"+docs[0].id+".json", minio.GetObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(obj)
	obj.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := pipeline.ValidateCase(body); err != nil {
		t.Errorf("case file %s: %v", docs[0].id, err)
	}
	inbox := listKeys(t, cl, "inbox", "")
	for k, e := range etags {
		if inbox[k] != e {
			t.Errorf("inbox object %s changed: etag %q, put %q", k, inbox[k], e)
		}
	}
}

// 500 documents into the bucket, the service killed with SIGKILL part-way
// and restarted: exactly 500 case files, none lost, none duplicated.
func TestServeSurvivesSIGKILL(t *testing.T) {
	t.Parallel()
	vgwBin, _ := testServerBins(t)
	bin := intakeBinary(t)
	dir := t.TempDir()
	natsAddr, httpAddr, s3Addr := freeAddr(t), freeAddr(t), freeAddr(t)
	args := []string{"serve", "--data", filepath.Join(dir, "intake"), "--nats-listen", natsAddr, "--http", httpAddr,
		"--s3-endpoint", s3Addr, "--s3-access-key", testAccess, "--s3-secret-key", testSecret,
		"--ack-wait", "5s", "--list-every", "3s", "--workers", "2", "--log", "warn"}
	// intake first: the S3 server connects to its NATS for the events.
	in := startProc(t, "intake", bin, args...)
	waitNATS(t, natsAddr, 30*time.Second)
	v := startVersity(t, vgwBin, filepath.Join(dir, "s3"), s3Addr, "nats://"+natsAddr)
	cl := s3Client(t, s3Addr)
	makeBucket(t, cl, "inbox")

	docs := makeDocs(t, 500, "kill")
	etagsCh := make(chan map[string]string, 1)
	start := time.Now()
	go func() { etagsCh <- putDocs(t, cl, "inbox", docs) }()
	eventually(t, 2*time.Minute, "100 cases before the kill", func() bool { return metricSum(httpAddr, "intake_cases_total") >= 100 })
	before := metricSum(httpAddr, "intake_cases_total")
	in.kill()
	t.Logf("SIGKILL after %d cases (%.1fs)", int(before), time.Since(start).Seconds())
	if before >= 500 {
		t.Log("every case was written before the kill: the restart had nothing left to recover")
	}
	time.Sleep(time.Second) // uploads go on while intake is down
	in.start()
	etags := <-etagsCh
	storePath := filepath.Join(dir, "intake", "cases.db")
	eventually(t, 3*time.Minute, "500 cases in the store", func() bool { return storeCounts(t, storePath)[store.StatusDone] >= 500 })
	t.Logf("500 cases %.1fs after the first upload", time.Since(start).Seconds())
	eventually(t, 30*time.Second, "the queue to empty", func() bool {
		return streamMsgs(t, "nats://"+natsAddr, "INTAKE_JOBS")["INTAKE_JOBS"] == 0
	})
	msgs := streamMsgs(t, "nats://"+natsAddr, "INTAKE_CASES", "INTAKE_DEAD")
	if msgs["INTAKE_CASES"] != 500 || msgs["INTAKE_DEAD"] != 0 {
		t.Errorf("streams %v: want 500 case events and no dead letter", msgs)
	}
	if err := in.term(30 * time.Second); err != nil {
		t.Errorf("graceful stop: %v", err)
	}
	if c := storeCounts(t, storePath); c[store.StatusDone] != 500 || len(c) != 1 {
		t.Errorf("store rows %v, want 500 done", c)
	}
	checkOutbox(t, v, docs, etags)
}

// The S3 server stopped for 30 s during a run: nothing is lost and intake
// recovers by itself, without a restart. Events come by webhook here.
func TestServeRidesOutS3Outage(t *testing.T) {
	t.Parallel()
	vgwBin, _ := testServerBins(t)
	bin := intakeBinary(t)
	dir := t.TempDir()
	httpAddr, s3Addr := freeAddr(t), freeAddr(t)
	in := startProc(t, "intake", bin, "serve", "--data", filepath.Join(dir, "intake"), "--http", httpAddr,
		"--s3-endpoint", s3Addr, "--s3-access-key", testAccess, "--s3-secret-key", testSecret,
		"--ack-wait", "5s", "--list-every", "2s", "--workers", "2", "--max-deliver", "3", "--backoff", "1s", "--log", "warn")
	waitPort(t, httpAddr, 2*time.Minute)
	v := startVersity(t, vgwBin, filepath.Join(dir, "s3"), s3Addr, "http://"+httpAddr+"/events/s3")
	cl := s3Client(t, s3Addr)
	makeBucket(t, cl, "inbox")

	docs := makeDocs(t, 250, "outage")
	first, second := docs[:200], docs[200:]
	etags := putDocs(t, cl, "inbox", first)
	eventually(t, time.Minute, "some cases", func() bool { return metricSum(httpAddr, "intake_cases_total") >= 20 })
	if err := v.term(10 * time.Second); err != nil {
		t.Logf("versitygw stop: %v", err)
	}
	down := time.Now()
	eventually(t, 20*time.Second, "health to report the outage", func() bool { ok, _ := healthOK(httpAddr); return !ok })
	atStop := metricSum(httpAddr, "intake_cases_total")
	time.Sleep(30*time.Second - time.Since(down))
	if !in.running() {
		t.Fatal("intake exited during the outage")
	}
	retries := metricSum(httpAddr, "intake_retries_total") + metricSum(httpAddr, "intake_errors_total")
	v.restart()
	t.Logf("S3 down for %.1fs; %d cases before, %v retries and errors meanwhile", time.Since(down).Seconds(), int(atStop), retries)
	// New uploads after the outage are announced and processed too.
	for k, e := range putDocs(t, cl, "inbox", second) {
		etags[k] = e
	}
	storePath := filepath.Join(dir, "intake", "cases.db")
	eventually(t, 2*time.Minute, "250 cases", func() bool { return storeCounts(t, storePath)[store.StatusDone] >= 250 })
	eventually(t, 20*time.Second, "health to recover", func() bool { ok, _ := healthOK(httpAddr); return ok })
	if d := metricSum(httpAddr, "intake_documents_dead_total"); d != 0 {
		t.Errorf("%v documents dead-lettered by the outage", d)
	}
	if err := in.term(30 * time.Second); err != nil {
		t.Errorf("graceful stop: %v", err)
	}
	if c := storeCounts(t, storePath); c[store.StatusDone] != 250 || len(c) != 1 {
		t.Errorf("store rows %v, want 250 done", c)
	}
	checkOutbox(t, v, docs, etags)
}

// Two `intake worker` processes against one standalone nats-server share
// the work; the case store is one SQLite file on this machine.
func TestTwoWorkersShareTheWork(t *testing.T) {
	t.Parallel()
	vgwBin, natsBin := testServerBins(t)
	bin := intakeBinary(t)
	dir := t.TempDir()
	natsAddr, s3Addr := freeAddr(t), freeAddr(t)
	host, port, _ := strings.Cut(natsAddr, ":")
	startProc(t, "nats-server", natsBin, "-js", "-sd", filepath.Join(dir, "nats"), "-a", host, "-p", port)
	waitNATS(t, natsAddr, 30*time.Second)
	v := startVersity(t, vgwBin, filepath.Join(dir, "s3"), s3Addr, "nats://"+natsAddr)
	cl := s3Client(t, s3Addr)
	makeBucket(t, cl, "inbox")

	storePath := filepath.Join(dir, "cases.db")
	var workers []*proc
	var addrs []string
	for i := range 2 {
		addr := freeAddr(t)
		addrs = append(addrs, addr)
		workers = append(workers, startProc(t, fmt.Sprintf("worker%d", i+1), bin, "worker",
			"--nats", "nats://"+natsAddr, "--s3-endpoint", s3Addr, "--s3-access-key", testAccess, "--s3-secret-key", testSecret,
			"--store", storePath, "--data", filepath.Join(dir, fmt.Sprintf("w%d", i+1)), "--http", addr,
			"--workers", "1", "--list-every", "5s", "--log", "warn"))
	}
	for _, a := range addrs {
		waitPort(t, a, 2*time.Minute)
	}
	docs := makeDocs(t, 200, "share")
	etags := putDocs(t, cl, "inbox", docs)
	eventually(t, 2*time.Minute, "200 cases", func() bool { return storeCounts(t, storePath)[store.StatusDone] >= 200 })
	total := 0.0
	for i, a := range addrs {
		n := metricSum(a, "intake_cases_total")
		t.Logf("worker %d wrote %v cases", i+1, n)
		if n <= 0 {
			t.Errorf("worker %d wrote no case", i+1)
		}
		total += n
	}
	if total != 200 {
		t.Errorf("workers wrote %v cases together, want 200", total)
	}
	for _, w := range workers {
		if err := w.term(30 * time.Second); err != nil {
			t.Errorf("graceful stop: %v", err)
		}
	}
	msgs := streamMsgs(t, "nats://"+natsAddr, "INTAKE_CASES", "INTAKE_DEAD", "INTAKE_JOBS")
	if msgs["INTAKE_CASES"] != 200 || msgs["INTAKE_DEAD"] != 0 || msgs["INTAKE_JOBS"] != 0 {
		t.Errorf("streams %v", msgs)
	}
	checkOutbox(t, v, docs, etags)
}
