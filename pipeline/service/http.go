package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/pprof"
	"strconv"
	"time"

	"intake/pipeline"
	"intake/pipeline/queue"
)

// Handler serves operations staff and robots:
//
//	GET  /healthz     200 when the queue and the store answer and the last
//	                  inbox listing worked, 503 otherwise; JSON either way
//	GET  /metrics     Prometheus text exposition
//	POST /events/s3   S3 event notifications by webhook (versitygw
//	                  --event-webhook-url, MinIO's webhook target)
//	GET  /deadletters                jobs that failed every delivery, with
//	                                 their last error (?limit=, default 100)
//	POST /deadletters/{seq}/replay   put one back on the work queue
//	POST /deadletters/replay         put all of them back (?limit=)
//	GET  /debug/pprof/  Go profiles
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.serveHealth)
	mux.HandleFunc("GET /metrics", s.serveMetrics)
	mux.HandleFunc("POST /events/s3", s.serveWebhook)
	mux.HandleFunc("GET /deadletters", s.serveDeadLetters)
	mux.HandleFunc("POST /deadletters/{seq}/replay", s.serveReplay)
	mux.HandleFunc("POST /deadletters/replay", s.serveReplay)
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

// DeadLetterView is one dead letter as /deadletters shows it; personal
// numbers in the error are masked.
type DeadLetterView struct {
	Seq        uint64    `json:"seq"`
	Inbox      string    `json:"inbox"`
	Key        string    `json:"key"`
	ETag       string    `json:"etag,omitempty"`
	Error      string    `json:"error"`
	Deliveries int       `json:"deliveries"`
	DeadAt     time.Time `json:"dead_at"`
}

// ReplayResult is the answer to a replay request.
type ReplayResult struct {
	Replayed []uint64          `json:"replayed"`
	Failed   map[string]string `json:"failed,omitempty"` // seq → error
}

func limitParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return 100, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 10000 {
		return 0, fmt.Errorf("limit %q: want 1..10000", v)
	}
	return n, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (s *Service) serveDeadLetters(w http.ResponseWriter, r *http.Request) {
	if s.d.Dead == nil {
		http.Error(w, "dead letters are not available here", http.StatusNotImplemented)
		return
	}
	dead, ok := s.listDead(w, r)
	if !ok {
		return
	}
	out := make([]DeadLetterView, 0, len(dead))
	for _, d := range dead {
		out = append(out, DeadLetterView{
			Seq: d.Seq, Inbox: d.Job.Inbox, Key: d.Job.Key, ETag: d.Job.ETag,
			Error: pipeline.MaskPersonal(d.Error), Deliveries: d.Deliveries, DeadAt: d.At,
		})
	}
	writeJSON(w, http.StatusOK, out)
}

// listDead reads up to ?limit= dead letters; on failure it has answered.
func (s *Service) listDead(w http.ResponseWriter, r *http.Request) ([]queue.DeadLetter, bool) {
	limit, err := limitParam(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return nil, false
	}
	dead, err := s.d.Dead.DeadLetters(r.Context(), limit)
	if err != nil {
		http.Error(w, "queue unavailable", http.StatusServiceUnavailable)
		return nil, false
	}
	return dead, true
}

// serveReplay replays one dead letter ({seq}) or all of them.
func (s *Service) serveReplay(w http.ResponseWriter, r *http.Request) {
	if s.d.Dead == nil {
		http.Error(w, "dead letters are not available here", http.StatusNotImplemented)
		return
	}
	var seqs []uint64
	if v := r.PathValue("seq"); v != "" {
		seq, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			http.Error(w, "seq: want a number", http.StatusBadRequest)
			return
		}
		seqs = []uint64{seq}
	} else {
		dead, ok := s.listDead(w, r)
		if !ok {
			return
		}
		for _, d := range dead {
			seqs = append(seqs, d.Seq)
		}
	}
	res := ReplayResult{Replayed: []uint64{}}
	for _, seq := range seqs {
		j, err := s.d.Dead.Replay(r.Context(), seq)
		if err != nil {
			if len(seqs) == 1 && errors.Is(err, queue.ErrNoDeadLetter) {
				http.Error(w, err.Error(), http.StatusNotFound)
				return
			}
			if res.Failed == nil {
				res.Failed = map[string]string{}
			}
			res.Failed[strconv.FormatUint(seq, 10)] = err.Error()
			continue
		}
		res.Replayed = append(res.Replayed, seq)
		s.m.inc("intake_jobs_replayed_total", "")
		s.log.Info("dead letter replayed", "seq", seq, "job", j.ID())
	}
	status := http.StatusOK
	if len(res.Failed) > 0 {
		status = http.StatusMultiStatus
	}
	writeJSON(w, status, res)
}
