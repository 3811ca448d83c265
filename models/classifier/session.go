package classifier

import (
	"fmt"

	ort "github.com/yalue/onnxruntime_go"

	"intake/models/onnxrt"
)

// Session runs an exported classifier in ONNX Runtime. Create one per
// process and share it: Run is safe for concurrent use (ONNX Runtime's
// session Run is), and a session costs a graph optimisation to create.
type Session struct {
	labels []string
	s      *ort.DynamicAdvancedSession
}

// NewSession loads an ONNX model made by Model.ONNX with its labels.
// One intra-op thread: a document is small, and the workers already run
// documents in parallel.
func NewSession(onnx []byte, labels []string) (*Session, error) {
	if err := onnxrt.Init(); err != nil {
		return nil, err
	}
	opts, err := ort.NewSessionOptions()
	if err != nil {
		return nil, fmt.Errorf("classifier: session options: %w", err)
	}
	defer opts.Destroy()
	if err := opts.SetIntraOpNumThreads(1); err != nil {
		return nil, fmt.Errorf("classifier: session options: %w", err)
	}
	if err := opts.SetInterOpNumThreads(1); err != nil {
		return nil, fmt.Errorf("classifier: session options: %w", err)
	}
	s, err := ort.NewDynamicAdvancedSessionWithONNXData(onnx, []string{InputName}, []string{OutputName}, opts)
	if err != nil {
		return nil, fmt.Errorf("classifier: session: %w", err)
	}
	return &Session{labels: labels, s: s}, nil
}

// Labels are the names of the probabilities Probs returns, in order.
func (s *Session) Labels() []string { return s.labels }

// Probs runs the model on an input made by Model.Input (or InputFor).
func (s *Session) Probs(input []int64) ([]float32, error) {
	in, err := ort.NewTensor(ort.NewShape(int64(len(input))), input)
	if err != nil {
		return nil, fmt.Errorf("classifier: input: %w", err)
	}
	defer in.Destroy()
	out, err := ort.NewEmptyTensor[float32](ort.NewShape(1, int64(len(s.labels))))
	if err != nil {
		return nil, fmt.Errorf("classifier: output: %w", err)
	}
	defer out.Destroy()
	if err := s.s.Run([]ort.Value{in}, []ort.Value{out}); err != nil {
		return nil, fmt.Errorf("classifier: run: %w", err)
	}
	return append([]float32(nil), out.GetData()...), nil
}

// Close releases the session.
func (s *Session) Close() error { return s.s.Destroy() }
