package ranker

import (
	"fmt"
	"io/fs"
	"strings"
	"sync/atomic"
	"time"

	ort "github.com/yalue/onnxruntime_go"

	"intake/models/artifacts"
	"intake/models/onnxrt"
)

// Artifact is the ranker's name in models/artifacts.
const Artifact = "field-ranker"

// Session runs an exported ranker in ONNX Runtime: one per process, safe
// for concurrent use, one Run per document over all its candidates.
type Session struct {
	features int
	s        *ort.DynamicAdvancedSession
	manifest artifacts.Manifest
	runs     atomic.Int64 // for Inference
	nanos    atomic.Int64
}

// Inference reports how many batches were scored and the time spent in
// ONNX Runtime doing so, for benchmarks.
func (s *Session) Inference() (runs int64, total time.Duration) {
	if s == nil {
		return 0, 0
	}
	return s.runs.Load(), time.Duration(s.nanos.Load())
}

// NewSession loads an ONNX model made by Model.ONNX taking rows of the
// given width.
func NewSession(onnx []byte, features int) (*Session, error) {
	if err := onnxrt.Init(); err != nil {
		return nil, err
	}
	opts, err := ort.NewSessionOptions()
	if err != nil {
		return nil, fmt.Errorf("ranker: session options: %w", err)
	}
	defer opts.Destroy()
	// One thread: the batch is small and workers run documents in parallel.
	if err := opts.SetIntraOpNumThreads(1); err != nil {
		return nil, fmt.Errorf("ranker: session options: %w", err)
	}
	if err := opts.SetInterOpNumThreads(1); err != nil {
		return nil, fmt.Errorf("ranker: session options: %w", err)
	}
	s, err := ort.NewDynamicAdvancedSessionWithONNXData(onnx, []string{InputName}, []string{OutputName}, opts)
	if err != nil {
		return nil, fmt.Errorf("ranker: session: %w", err)
	}
	return &Session{features: features, s: s}, nil
}

// Load opens the committed ranker from fsys (models/artifacts.Embedded),
// checking its digest, and that its features are the ones want names.
func Load(fsys fs.FS, want []string) (*Session, error) {
	data, m, err := artifacts.Read(fsys, Artifact)
	if err != nil {
		return nil, err
	}
	if got := strings.Join(m.Labels, ","); got != strings.Join(want, ",") {
		return nil, fmt.Errorf("ranker: artifact features differ from the extractor's: retrain with `intake train`")
	}
	s, err := NewSession(data, len(want))
	if err != nil {
		return nil, err
	}
	s.manifest = m
	return s, nil
}

// Model is the loaded artifact's name/version, for trails.
func (s *Session) Model() string { return s.manifest.Model() }

// Score returns the calibrated probability of each row.
func (s *Session) Score(rows [][]float32) ([]float32, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	flat := make([]float32, 0, len(rows)*s.features)
	for _, r := range rows {
		if len(r) != s.features {
			return nil, fmt.Errorf("ranker: row of %d features, want %d", len(r), s.features)
		}
		flat = append(flat, r...)
	}
	in, err := ort.NewTensor(ort.NewShape(int64(len(rows)), int64(s.features)), flat)
	if err != nil {
		return nil, fmt.Errorf("ranker: input: %w", err)
	}
	defer in.Destroy()
	out, err := ort.NewEmptyTensor[float32](ort.NewShape(int64(len(rows)), 1))
	if err != nil {
		return nil, fmt.Errorf("ranker: output: %w", err)
	}
	defer out.Destroy()
	t0 := time.Now()
	if err := s.s.Run([]ort.Value{in}, []ort.Value{out}); err != nil {
		return nil, fmt.Errorf("ranker: run: %w", err)
	}
	s.nanos.Add(int64(time.Since(t0)))
	s.runs.Add(1)
	return append([]float32(nil), out.GetData()...), nil
}

// Close releases the session.
func (s *Session) Close() error { return s.s.Destroy() }
