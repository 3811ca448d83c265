package service

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/pprof"
	"time"
)

// Handler serves operations staff and robots:
//
//	GET  /healthz     200 when the queue and the store answer and the last
//	                  inbox listing worked, 503 otherwise; JSON either way
//	GET  /metrics     Prometheus text exposition
//	POST /events/s3   S3 event notifications by webhook (versitygw
//	                  --event-webhook-url, MinIO's webhook target)
//	GET  /debug/pprof/  Go profiles
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.serveHealth)
	mux.HandleFunc("GET /metrics", s.serveMetrics)
	mux.HandleFunc("POST /events/s3", s.serveWebhook)
	// Profiles for operations staff; the endpoint listens on loopback by
	// default.
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// Health is the state /healthz reports.
type Health struct {
	OK        bool   `json:"ok"`
	Queue     string `json:"queue"`
	Store     string `json:"store"`
	Inbox     string `json:"inbox"`
	ListedAt  string `json:"listed_at,omitempty"`
	Busy      int64  `json:"workers_busy"`
	Workers   int    `json:"workers"`
	CasesDone int64  `json:"cases_written"`
}

// Health checks the parts.
func (s *Service) Health(ctx context.Context) Health {
	h := Health{OK: true, Queue: "ok", Store: "ok", Inbox: "ok", Busy: s.m.busy.Load(), Workers: s.cfg.Workers}
	if s.d.Connected != nil && !s.d.Connected() {
		h.OK, h.Queue = false, "disconnected"
	}
	if err := s.d.Store.Ping(ctx); err != nil {
		h.OK, h.Store = false, err.Error()
	}
	s.mu.Lock()
	if s.listErr != nil {
		h.OK, h.Inbox = false, s.listErr.Error()
	}
	if !s.listedAt.IsZero() {
		h.ListedAt = s.listedAt.UTC().Format(time.RFC3339)
	}
	s.mu.Unlock()
	for _, r := range []string{"robot", "caseworker", "quarantine"} {
		h.CasesDone += s.m.get("intake_cases_total", r)
	}
	return h
}

func (s *Service) serveHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	h := s.Health(ctx)
	w.Header().Set("Content-Type", "application/json")
	if !h.OK {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	json.NewEncoder(w).Encode(h)
}

func (s *Service) serveMetrics(w http.ResponseWriter, r *http.Request) {
	var gauges []gauge
	if s.d.Stats != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		st, err := s.d.Stats(ctx)
		cancel()
		if err == nil {
			gauges = append(gauges,
				gauge{"intake_queue_jobs", "Jobs waiting or in flight in the work queue.", float64(st.Pending)},
				gauge{"intake_queue_dead", "Jobs kept in the dead-letter stream.", float64(st.Dead)},
				gauge{"intake_queue_inbox_events", "S3 notifications not yet turned into jobs.", float64(st.InboxEvents)},
			)
		}
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.m.write(w, gauges)
}

func (s *Service) serveWebhook(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	if err := s.OfferEvent(r.Context(), body, "webhook"); err != nil {
		// The sender may retry; the next listing catches the object anyway.
		http.Error(w, "queue unavailable", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
