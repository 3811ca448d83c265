package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"text/tabwriter"
	"time"

	"intake/pipeline/service"
)

// cmdDeadLetters lists the dead letters of a running service, or replays
// them, through its HTTP endpoint (the same for serve and worker, embedded
// or external NATS).
func cmdDeadLetters(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("deadletters", flag.ContinueOnError)
	fl.SetOutput(stderr)
	url := fl.String("url", "http://127.0.0.1:8080", "`URL` of the service's HTTP endpoint (serve --http)")
	replay := fl.String("replay", "", "replay `SEQ` (a number from the list) or all")
	asJSON := fl.Bool("json", false, "print JSON")
	if err := fl.Parse(args); err != nil {
		return usagef("deadletters: %v", err)
	}
	if fl.NArg() > 0 {
		return usagef("deadletters: unexpected %q", fl.Arg(0))
	}
	base := strings.TrimRight(*url, "/")
	cl := &http.Client{Timeout: time.Minute}
	if *replay != "" {
		path := "/deadletters/replay"
		if *replay != "all" {
			path = "/deadletters/" + *replay + "/replay"
		}
		var res service.ReplayResult
		if err := call(ctx, cl, http.MethodPost, base+path, &res); err != nil {
			return fmt.Errorf("deadletters: %w", err)
		}
		fmt.Fprintf(stdout, "replayed %d\n", len(res.Replayed))
		for seq, e := range res.Failed {
			fmt.Fprintf(stdout, "not replayed %s: %s\n", seq, e)
		}
		if len(res.Failed) > 0 {
			return fmt.Errorf("deadletters: %d not replayed", len(res.Failed))
		}
		return nil
	}
	var dead []service.DeadLetterView
	if err := call(ctx, cl, http.MethodGet, base+"/deadletters?limit=10000", &dead); err != nil {
		return fmt.Errorf("deadletters: %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(dead)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tDEAD AT\tDELIVERIES\tKEY\tERROR")
	for _, d := range dead {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\n", d.Seq, d.DeadAt.Format(time.RFC3339), d.Deliveries, d.Key, d.Error)
	}
	return tw.Flush()
}

func call(ctx context.Context, cl *http.Client, method, url string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		return err
	}
	resp, err := cl.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusMultiStatus {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1000))
		return fmt.Errorf("%s %s: %s: %s", method, url, resp.Status, strings.TrimSpace(string(b)))
	}
	return json.NewDecoder(resp.Body).Decode(out)
}
