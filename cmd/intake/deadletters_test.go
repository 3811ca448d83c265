package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"intake/pipeline/service"
)

func TestDeadLettersCommand(t *testing.T) {
	var replayed []string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /deadletters", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode([]service.DeadLetterView{{Seq: 7, Key: "scan.pdf", Error: "ocr: timeout", Deliveries: 5, DeadAt: time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)}})
	})
	mux.HandleFunc("POST /deadletters/{seq}/replay", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("seq") != "7" {
			http.Error(w, "no such dead letter", http.StatusNotFound)
			return
		}
		replayed = append(replayed, r.PathValue("seq"))
		json.NewEncoder(w).Encode(service.ReplayResult{Replayed: []uint64{7}})
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"deadletters", "--url", srv.URL}, &out, &errb); code != exitOK {
		t.Fatalf("list: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "scan.pdf") || !strings.Contains(out.String(), "ocr: timeout") {
		t.Errorf("list output:\n%s", out.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"deadletters", "--url", srv.URL, "--replay", "7"}, &out, &errb); code != exitOK || len(replayed) != 1 {
		t.Fatalf("replay: exit %d, replayed %v: %s", code, replayed, errb.String())
	}
	errb.Reset()
	if code := run(context.Background(), []string{"deadletters", "--url", srv.URL, "--replay", "8"}, &out, &errb); code != exitFailure || !strings.Contains(errb.String(), "404") {
		t.Errorf("replay of an unknown seq: exit %d: %s", code, errb.String())
	}
}
