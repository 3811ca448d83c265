package main

// Helpers for the service's integration tests: they start every server
// they need themselves — versitygw (a real S3 server), a standalone
// nats-server, and `intake` itself as a child process built by the test.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"intake/pipeline/store"
)

const (
	testAccess = "intake-test"
	testSecret = "intake-test-secret"
)

// testServerBins returns the versitygw and nats-server binaries: from
// INTAKE_VERSITYGW and INTAKE_NATS_SERVER, or installed into the cache by
// .ci/test-servers.sh (idempotent; a few minutes the first time).
func testServerBins(t *testing.T) (versitygw, natsServer string) {
	t.Helper()
	versitygw, natsServer = os.Getenv("INTAKE_VERSITYGW"), os.Getenv("INTAKE_NATS_SERVER")
	if versitygw != "" && natsServer != "" {
		return versitygw, natsServer
	}
	cmd := exec.Command("bash", filepath.Join("..", "..", ".ci", "test-servers.sh"))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("installing the test servers: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "versitygw="); ok && versitygw == "" {
			versitygw = v
		}
		if v, ok := strings.CutPrefix(line, "nats-server="); ok && natsServer == "" {
			natsServer = v
		}
	}
	if versitygw == "" || natsServer == "" {
		t.Fatalf("test-servers.sh printed no paths: %s", out)
	}
	return versitygw, natsServer
}

// builtIntake is the intake binary shared by the tests running at once:
// built by the first, removed when the last is done.
var builtIntake struct {
	mu   sync.Mutex
	dir  string
	refs int
}

// intakeBinary builds intake into a temporary folder (or takes INTAKE_BIN).
func intakeBinary(t *testing.T) string {
	t.Helper()
	if b := os.Getenv("INTAKE_BIN"); b != "" {
		return b
	}
	b := &builtIntake
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.refs == 0 {
		dir, err := os.MkdirTemp("", "intake-test-bin-")
		if err != nil {
			t.Fatal(err)
		}
		goBin := os.Getenv("GO")
		if goBin == "" {
			if goBin, _ = exec.LookPath("go"); goBin == "" {
				goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
			}
		}
		cmd := exec.Command(goBin, "build", "-o", filepath.Join(dir, "intake"), ".")
		if out, err := cmd.CombinedOutput(); err != nil {
			os.RemoveAll(dir)
			t.Fatalf("go build: %v\n%s", err, out)
		}
		b.dir = dir
	}
	b.refs++
	t.Cleanup(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.refs--; b.refs == 0 {
			os.RemoveAll(b.dir)
		}
	})
	return filepath.Join(b.dir, "intake")
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitPort(t *testing.T, addr string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not listening after %v", addr, d)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// proc is a child process whose output goes to a log file shown on failure.
type proc struct {
	t    *testing.T
	name string
	bin  string
	args []string
	log  string
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

func startProc(t *testing.T, name, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{t: t, name: name, bin: bin, args: args, log: filepath.Join(t.TempDir(), name+".log")}
	p.start()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			b, _ := os.ReadFile(p.log)
			if len(b) > 8000 {
				b = b[len(b)-8000:]
			}
			t.Logf("--- %s log (tail) ---\n%s", p.name, b)
		}
	})
	return p
}

func (p *proc) start() {
	p.t.Helper()
	f, err := os.OpenFile(p.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		p.t.Fatal(err)
	}
	fmt.Fprintf(f, "=== start %s %s\n", p.bin, strings.Join(p.args, " "))
	p.cmd = exec.Command(p.bin, p.args...)
	p.cmd.Stdout, p.cmd.Stderr = f, f
	p.cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	if err := p.cmd.Start(); err != nil {
		f.Close()
		p.t.Fatalf("%s: %v", p.name, err)
	}
	p.done = make(chan struct{})
	go func() {
		p.err = p.cmd.Wait()
		f.Close()
		close(p.done)
	}()
}

func (p *proc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// kill ends the process with SIGKILL, as a crash or the OOM killer would.
func (p *proc) kill() {
	if p.cmd != nil && p.running() {
		p.cmd.Process.Signal(syscall.SIGKILL)
		<-p.done
	}
}

// term stops the process with SIGTERM and returns its exit error.
func (p *proc) term(d time.Duration) error {
	p.t.Helper()
	if !p.running() {
		return fmt.Errorf("%s had already exited: %v", p.name, p.err)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return p.err
	case <-time.After(d):
		p.kill()
		return fmt.Errorf("%s did not stop within %v of SIGTERM", p.name, d)
	}
}

// versity is a versitygw S3 server on a posix folder.
type versity struct {
	*proc
	addr string
}

// startVersity starts versitygw; events are "nats://HOST:PORT" (to the
// inbox subject) or "http://..." (a webhook), or empty.
func startVersity(t *testing.T, bin, dir, addr, events string) *versity {
	t.Helper()
	args := []string{"--port", addr, "--access", testAccess, "--secret", testSecret, "--quiet"}
	switch {
	case strings.HasPrefix(events, "nats://"):
		args = append(args, "--event-nats-url", events, "--event-nats-topic", "intake.inbox.s3")
	case strings.HasPrefix(events, "http"):
		args = append(args, "--event-webhook-url", events)
	}
	args = append(args, "posix", dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	v := &versity{proc: startProc(t, "versitygw", bin, args...), addr: addr}
	v.up()
	return v
}

func (v *versity) restart() {
	v.t.Helper()
	v.start()
	v.up()
}

// up waits until versitygw listens. It exits at once when its first
// connection to the event server fails, which a loaded machine can make
// time out; it is started again then, a few times, as a supervisor would.
func (v *versity) up() {
	v.t.Helper()
	for try := 1; ; try++ {
		deadline := time.Now().Add(20 * time.Second)
		for v.running() && time.Now().Before(deadline) {
			if c, err := net.DialTimeout("tcp", v.addr, 200*time.Millisecond); err == nil {
				c.Close()
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		if v.running() || try == 5 {
			v.t.Fatalf("versitygw not listening on %s after %d tries (exit: %v)", v.addr, try, v.err)
		}
		v.t.Logf("versitygw exited before listening (%v); starting it again", v.err)
		time.Sleep(time.Second)
		v.start()
	}
}

func s3Client(t *testing.T, addr string) *minio.Client {
	t.Helper()
	cl, err := minio.New(addr, &minio.Options{
		Creds: credentials.NewStaticV4(testAccess, testSecret, ""), BucketLookup: minio.BucketLookupPath, Region: "us-east-1",
	})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

func makeBucket(t *testing.T, cl *minio.Client, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := cl.MakeBucket(ctx, name, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("make bucket %s: %v", name, err)
	}
}

// testDoc is one generated document.
type testDoc struct {
	key  string
	data []byte
	id   string // sha256
}

// makeDocs varies the UBL and CII examples by a comment so that every
// document has its own content hash: small, valid, fast to process.
func makeDocs(t *testing.T, n int, tag string) []testDoc {
	t.Helper()
	data := serviceTestData(t)
	var srcs []string
	for _, p := range []string{"peppol-bis3/examples/*.xml", "en16931/ubl/examples/*.xml", "en16931/cii/examples/*.xml"} {
		m, _ := filepath.Glob(filepath.Join(data, p))
		srcs = append(srcs, m...)
	}
	sort.Strings(srcs)
	if len(srcs) == 0 {
		t.Fatalf("no example invoices under %s", data)
	}
	bases := make([][]byte, len(srcs))
	for i, s := range srcs {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		bases[i] = b
	}
	docs := make([]testDoc, n)
	for i := range docs {
		b := bases[i%len(bases)]
		comment := []byte(fmt.Sprintf("\n<!-- intake service test %s %d -->\n", tag, i))
		var out []byte
		if j := bytes.Index(b, []byte("?>")); j >= 0 && bytes.HasPrefix(bytes.TrimSpace(b), []byte("<?xml")) {
			out = append(append(append(out, b[:j+2]...), comment...), b[j+2:]...)
		} else {
			out = append(append(out, comment...), b...)
		}
		sum := sha256.Sum256(out)
		docs[i] = testDoc{key: fmt.Sprintf("%s/%04d-%s", tag, i, filepath.Base(srcs[i%len(srcs)])), data: out, id: hex.EncodeToString(sum[:])}
	}
	return docs
}

func serviceTestData(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("INTAKE_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	return filepath.Join(dir, "data")
}

// putDocs uploads docs with a few parallel clients and returns the ETags.
func putDocs(t *testing.T, cl *minio.Client, bucket string, docs []testDoc) map[string]string {
	t.Helper()
	var mu sync.Mutex
	etags := map[string]string{}
	jobs := make(chan testDoc)
	var wg sync.WaitGroup
	var firstErr error
	for range 4 {
		wg.Go(func() {
			for d := range jobs {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				info, err := cl.PutObject(ctx, bucket, d.key, bytes.NewReader(d.data), int64(len(d.data)), minio.PutObjectOptions{ContentType: "application/xml"})
				cancel()
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("put %s: %w", d.key, err)
				}
				etags[d.key] = strings.Trim(info.ETag, `"`)
				mu.Unlock()
			}
		})
	}
	for _, d := range docs {
		jobs <- d
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		t.Fatal(firstErr)
	}
	return etags
}

// listKeys lists a bucket's keys under prefix with their ETags.
func listKeys(t *testing.T, cl *minio.Client, bucket, prefix string) map[string]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out := map[string]string{}
	for o := range cl.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if o.Err != nil {
			t.Fatalf("list %s/%s: %v", bucket, prefix, o.Err)
		}
		out[o.Key] = strings.Trim(o.ETag, `"`)
	}
	return out
}

// storeCounts reads the case store the service writes (a second handle on
// the same SQLite file, as a UI would open it).
func storeCounts(t *testing.T, path string) map[store.Status]int {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		return map[store.Status]int{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	st, err := store.Open(ctx, store.DefaultConfig(path))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var metricLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? ([0-9.eE+-]+)$`)

// metricSum fetches /metrics and sums every series of name; -1 when the
// endpoint does not answer.
func metricSum(addr, name string) float64 {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + addr + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	sum := 0.0
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		m := metricLine.FindStringSubmatch(sc.Text())
		if m != nil && m[1] == name {
			v, _ := strconv.ParseFloat(m[3], 64)
			sum += v
		}
	}
	return sum
}

// healthOK reports whether /healthz answers 200.
func healthOK(addr string) (bool, string) {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + addr + "/healthz")
	if err != nil {
		return false, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode == http.StatusOK, string(b)
}

// eventually polls cond every 100 ms until it holds or d has passed.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
