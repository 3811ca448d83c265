// Command intake turns incoming documents into prepared case files.
//
//	intake process [--out DIR] PATH...   files or folders → case files
//	intake text [--json] PATH            the text the pipeline reads
//	intake eval [--json] [--visual] --labels DIR
//	intake train [--out DIR] [--seed S] [--n N] the model artifacts
//	intake schema                        the case-file JSON Schema
//	intake bench                         throughput and memory per path
//	intake serve / intake worker         the service (see serve.go)
//
// Exit codes of process: 0 all processed (including those routed to a
// person), 1 an internal failure, 2 bad usage, 3 at least one input
// quarantined.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"intake/pipeline"
)

// Exit codes of the contract.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitQuarantined = 3
)

// usageError is bad usage: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// quarantinedError says the run went through but quarantined some input.
var errQuarantined = errors.New("at least one input was quarantined")

const usage = `usage: intake <command> [flags]

commands:
  process [--out DIR] [--workers N] PATH...  process files or folders into case files
  text [--json] PATH                         print the text the pipeline reads
  eval [--json] [--visual] --labels DIR      score the pipeline against ground truth
  schema                                     print the intake.case/v1 JSON Schema
  fixtures --out DIR [--n N] [--seed S]      generate a synthetic labelled corpus and registers
  train [--out DIR] [--seed S] [--n N]       rebuild the model artifacts from a generated corpus
  bench [--shared DIR]                       documents/s and peak RSS per path (make bench)
  serve [--data DIR] [--s3-endpoint ...]     the service in one process: inbox, embedded NATS,
                                             workers, case store, outbox, /healthz, /metrics
  worker --nats URL [--s3-endpoint ...]      the same workers against an external NATS (scale out)
  deadletters [--url URL] [--replay SEQ|all] list or replay a running service's dead letters
  bench-service [--shared DIR]               service docs/s with 1 and 2 workers, latency, peak RSS
`

func main() {
	ensureSingleThreadedOMP() // first: Tesseract reads it only at start-up
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "process":
		err = cmdProcess(ctx, args[1:], stdout, stderr)
	case "text":
		err = cmdText(ctx, args[1:], stdout)
	case "eval":
		err = cmdEval(ctx, args[1:], stdout, stderr)
	case "serve":
		err = cmdServe(ctx, args[1:], stdout, stderr)
	case "worker":
		err = cmdWorker(ctx, args[1:], stdout, stderr)
	case "deadletters":
		err = cmdDeadLetters(ctx, args[1:], stdout, stderr)
	case "bench-service":
		err = cmdBenchService(ctx, args[1:], stdout, stderr)
	case "bench":
		err = cmdBench(ctx, args[1:], stdout, stderr)
	case "fixtures":
		err = cmdFixtures(ctx, args[1:], stdout, stderr)
	case "train":
		err = cmdTrain(ctx, args[1:], stdout, stderr)
	case "schema":
		_, err = stdout.Write(pipeline.CaseSchema)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		err = usagef("unknown command %q", args[0])
	}
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "intake: %v\n\n%s", err, usage)
		return exitUsage
	case errors.Is(err, errQuarantined):
		return exitQuarantined
	default:
		fmt.Fprintf(stderr, "intake: %s\n", pipeline.MaskPersonal(err.Error()))
		return exitFailure
	}
}
