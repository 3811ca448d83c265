package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"intake/pipeline/queue"
	"intake/pipeline/service"
	"intake/pipeline/sink"
	"intake/pipeline/source"
	"intake/pipeline/store"
)

// serviceOptions are the flags of serve and worker.
type serviceOptions struct {
	mode string // serve | worker
	pipe *pipelineOptions

	data       string
	inboxDir   string
	outboxDir  string
	natsURL    string
	natsListen string
	natsSync   bool

	s3Endpoint   string
	s3Access     string
	s3Secret     string
	s3Region     string
	inboxBucket  string
	inboxPrefix  string
	outboxBucket string
	eventSubject string

	storePath    string
	httpAddr     string
	listEvery    time.Duration
	ackWait      time.Duration
	maxDeliver   int
	backoff      string
	docTimeout   time.Duration
	drainTimeout time.Duration
	logLevel     string
}

func addServiceFlags(fl *flag.FlagSet, mode string) *serviceOptions {
	o := &serviceOptions{mode: mode, pipe: addPipelineFlags(fl)}
	qd, sd := queue.DefaultConfig(), service.DefaultConfig()
	fl.StringVar(&o.data, "data", "intake-data", "`DIR` for the embedded default: NATS state, case store, inbox and outbox folders")
	fl.StringVar(&o.inboxDir, "inbox", "", "inbox `DIR` (default DATA/inbox; not used with --s3-endpoint)")
	fl.StringVar(&o.outboxDir, "outbox", "", "outbox `DIR` (default DATA/outbox, or the outbox bucket with --s3-endpoint)")
	fl.StringVar(&o.natsURL, "nats", os.Getenv("INTAKE_NATS"), "external NATS `URL` (env INTAKE_NATS); serve embeds one when empty")
	fl.StringVar(&o.natsListen, "nats-listen", "", "`HOST:PORT` the embedded NATS listens on for S3 events and other processes (default: in-process only)")
	fl.BoolVar(&o.natsSync, "nats-sync", false, "fsync every JetStream write of the embedded NATS (survives power loss, slower)")
	fl.StringVar(&o.s3Endpoint, "s3-endpoint", os.Getenv("INTAKE_S3_ENDPOINT"), "S3 server `HOST:PORT` or URL for the inbox and outbox buckets (env INTAKE_S3_ENDPOINT)")
	fl.StringVar(&o.s3Access, "s3-access-key", "", "S3 access `KEY` (default env INTAKE_S3_ACCESS_KEY or AWS_ACCESS_KEY_ID)")
	fl.StringVar(&o.s3Secret, "s3-secret-key", "", "S3 secret `KEY` (default env INTAKE_S3_SECRET_KEY or AWS_SECRET_ACCESS_KEY; prefer the env)")
	fl.StringVar(&o.s3Region, "s3-region", "us-east-1", "S3 `REGION`")
	fl.StringVar(&o.inboxBucket, "inbox-bucket", "inbox", "`BUCKET` new documents arrive in")
	fl.StringVar(&o.inboxPrefix, "inbox-prefix", "", "only objects under `PREFIX` in the inbox bucket")
	fl.StringVar(&o.outboxBucket, "outbox-bucket", "outbox", "`BUCKET` case files and originals are written to (created if missing)")
	fl.StringVar(&o.eventSubject, "s3-events-subject", qd.InboxSubject, "NATS `SUBJECT` the S3 server publishes object events to (versitygw --event-nats-topic)")
	fl.StringVar(&o.storePath, "store", "", "case store SQLite `FILE` (default DATA/cases.db)")
	httpDefault := "127.0.0.1:8080"
	if mode == "worker" {
		httpDefault = ""
	}
	fl.StringVar(&o.httpAddr, "http", httpDefault, "`ADDR` for /healthz, /metrics and the S3 webhook /events/s3 (empty: none)")
	fl.DurationVar(&o.listEvery, "list-every", 0, "inbox listing interval (default 2s for a folder, 1m for a bucket)")
	fl.DurationVar(&o.ackWait, "ack-wait", qd.AckWait, "redeliver a job after this long without an ack or heartbeat")
	fl.IntVar(&o.maxDeliver, "max-deliver", qd.MaxDeliver, "deliveries before a job goes to the dead-letter stream")
	fl.StringVar(&o.backoff, "backoff", joinDurations(qd.Backoff), "comma-separated delays before redelivering a failed job")
	fl.DurationVar(&o.docTimeout, "doc-timeout", sd.DocTimeout, "longest pipeline run for one document")
	fl.DurationVar(&o.drainTimeout, "drain-timeout", sd.DrainTimeout, "on SIGTERM, how long documents in flight may take to finish")
	fl.StringVar(&o.logLevel, "log", "info", "log `LEVEL`: debug, info, warn, error")
	return o
}

func joinDurations(ds []time.Duration) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = d.String()
	}
	return strings.Join(s, ",")
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runService(ctx, "serve", args, stdout, stderr)
}

func cmdWorker(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runService(ctx, "worker", args, stdout, stderr)
}

// runService wires the service in plain code, top to bottom: NATS (embedded
// or external), the queue, the inbox and outbox (folders or buckets), the
// case store, the pipeline, the service and its HTTP endpoint.
func runService(ctx context.Context, mode string, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet(mode, flag.ContinueOnError)
	fl.SetOutput(io.Discard)
	o := addServiceFlags(fl, mode)
	if err := fl.Parse(args); err != nil {
		return usagef("%s: %v", mode, err)
	}
	if fl.NArg() > 0 {
		return usagef("%s: unexpected arguments %q", mode, fl.Args())
	}
	if mode == "worker" && o.natsURL == "" {
		return usagef("worker: --nats is needed: workers share an external NATS")
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		return usagef("%s: --log: %v", mode, err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	qcfg := queue.DefaultConfig()
	qcfg.AckWait, qcfg.MaxDeliver, qcfg.InboxSubject = o.ackWait, o.maxDeliver, o.eventSubject
	backoff, err := parseDurations(o.backoff)
	if err != nil {
		return usagef("%s: --backoff: %v", mode, err)
	}
	qcfg.Backoff = backoff
	if err := qcfg.Validate(); err != nil {
		return usagef("%s: %v", mode, err)
	}
	scfg := service.DefaultConfig()
	scfg.Workers, scfg.MaxBytes = o.pipe.workers, o.pipe.maxBytes
	scfg.DocTimeout, scfg.DrainTimeout = o.docTimeout, o.drainTimeout
	scfg.ListInterval = o.listEvery
	if scfg.ListInterval == 0 {
		scfg.ListInterval = 2 * time.Second
		if o.s3Endpoint != "" {
			scfg.ListInterval = time.Minute
		}
	}
	if err := scfg.Validate(); err != nil {
		return usagef("%s: %v", mode, err)
	}

	// NATS: embedded with its state on disk, or external.
	var nc *nats.Conn
	natsWhere := o.natsURL
	if o.natsURL == "" {
		sc := queue.DefaultServerConfig(filepath.Join(o.data, "nats"))
		sc.SyncAlways = o.natsSync
		if o.natsListen != "" {
			host, port, err := net.SplitHostPort(o.natsListen)
			if err != nil {
				return usagef("%s: --nats-listen: %v", mode, err)
			}
			sc.Host = host
			if sc.Port, err = strconv.Atoi(port); err != nil || sc.Port == 0 {
				return usagef("%s: --nats-listen: bad port %q", mode, port)
			}
		}
		srv, err := queue.StartServer(sc)
		if err != nil {
			return err
		}
		defer srv.Shutdown()
		if nc, err = srv.Connect("intake " + mode); err != nil {
			return err
		}
		natsWhere = "embedded, state in " + sc.Dir
		if u := srv.URL(); u != "" {
			natsWhere += ", listening on " + u
		}
	} else if nc, err = queue.Connect(o.natsURL, "intake "+mode); err != nil {
		return err
	}
	defer nc.Close()
	setupCtx, cancel := context.WithTimeout(ctx, time.Minute)
	q, err := queue.New(setupCtx, nc, qcfg)
	cancel()
	if err != nil {
		return err
	}
	defer q.Close()

	// Inbox and outbox: buckets on an S3 server, or folders.
	var inbox service.Inbox
	var outbox service.Outbox
	var notices service.Notices
	if o.s3Endpoint != "" {
		s3 := source.DefaultS3Config(o.s3Endpoint)
		s3.Region = o.s3Region
		s3.AccessKey = firstSet(o.s3Access, os.Getenv("INTAKE_S3_ACCESS_KEY"), s3.AccessKey)
		s3.SecretKey = firstSet(o.s3Secret, os.Getenv("INTAKE_S3_SECRET_KEY"), s3.SecretKey)
		if err := s3.Validate(); err != nil {
			return usagef("%s: %v", mode, err)
		}
		cl, err := s3.Client()
		if err != nil {
			return err
		}
		if inbox, err = source.NewBucket(cl, o.inboxBucket, o.inboxPrefix); err != nil {
			return err
		}
		notices = q // the S3 server publishes to the inbox subject; a webhook also works
		if o.outboxDir == "" {
			if outbox, err = sink.NewBucket(cl, o.outboxBucket); err != nil {
				return err
			}
		}
	} else {
		fc := source.DefaultFolderConfig(firstSet(o.inboxDir, filepath.Join(o.data, "inbox")))
		if inbox, err = source.NewFolder(fc); err != nil {
			return err
		}
	}
	if outbox == nil {
		if outbox, err = sink.NewFolder(firstSet(o.outboxDir, filepath.Join(o.data, "outbox"))); err != nil {
			return err
		}
	}

	storePath := firstSet(o.storePath, filepath.Join(o.data, "cases.db"))
	st, err := store.Open(ctx, store.DefaultConfig(storePath))
	if err != nil {
		return err
	}
	defer st.Close()

	p, err := o.pipe.build()
	if err != nil {
		return err
	}
	defer p.Close()
	// Start the PDF engine now: the first documents should not wait for it
	// (seconds), and /healthz should not answer before the workers can work.
	wctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	took, err := p.pdf.Start(wctx)
	cancel()
	if err != nil {
		return fmt.Errorf("%s: starting the PDF engine: %w", mode, err)
	}
	log.Info("pdf engine ready", "took", took.Round(time.Millisecond))

	svc, err := service.New(scfg, service.Deps{
		Source: q, Jobs: q, Notices: notices, Events: q,
		Inbox: inbox, Outbox: outbox, Store: st, Processor: p.runner,
		Stats: q.Stats, Connected: q.Connected, Dead: q, Log: log,
	})
	if err != nil {
		return err
	}

	httpWhere := "off"
	if o.httpAddr != "" {
		ln, err := net.Listen("tcp", o.httpAddr)
		if err != nil {
			return fmt.Errorf("%s: --http: %w", mode, err)
		}
		hs := &http.Server{Handler: svc.Handler(), ReadHeaderTimeout: 10 * time.Second}
		go func() {
			if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("http", "err", err)
			}
		}()
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			hs.Shutdown(sctx)
		}()
		httpWhere = "http://" + ln.Addr().String()
	}
	fmt.Fprintf(stdout, "intake %s: %d workers\n  inbox:   %s\n  outbox:  %s\n  store:   %s\n  nats:    %s\n  health:  %s/healthz\n  metrics: %s/metrics\n",
		mode, scfg.Workers, inbox.Name(), outbox.Name(), storePath, natsWhere, httpWhere, httpWhere)
	if f, ok := stdout.(interface{ Sync() error }); ok {
		f.Sync()
	}
	return svc.Run(ctx)
}

func firstSet(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func parseDurations(s string) ([]time.Duration, error) {
	var out []time.Duration
	for _, part := range strings.Split(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}
