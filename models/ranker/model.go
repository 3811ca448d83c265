// Package ranker scores field candidates: a small MLP over relational
// feature rows (label, position to the label, format, competition with
// other values) gives the probability that a candidate is its field's true
// value. It is trained in Go, calibrated by Platt scaling on a validation
// split, exported to ONNX and run through ONNX Runtime, one batch per
// document. Per-field routing thresholds are derived from the calibrated
// scores (calibrate.go).
//
// The package sees plain rows and labels, never a document: the features
// are made by the extractor that proposes the candidates.
package ranker

import (
	"errors"
	"math"
	"math/rand/v2"
)

// Example is one candidate: its feature row, whether its value is the
// truth, and the document and field it competes in.
type Example struct {
	Doc      int
	Field    string
	Features []float32
	Correct  bool
}

// Model is a one-hidden-layer MLP with standardised inputs and a Platt
// calibration of its output logit.
type Model struct {
	Features []string
	Hidden   int
	Mean     []float64 // per input, subtracted before W1
	Scale    []float64 // per input, 1/std
	W1       []float64 // Hidden × len(Features)
	B1       []float64
	W2       []float64 // Hidden
	B2       float64
	// PlattA and PlattB map the raw logit z to σ(A·z + B).
	PlattA, PlattB float64
	// Group is the index of a 0/1 feature whose rows are calibrated apart
	// (text read by OCR errs where a native text layer does not), -1 for
	// none; GroupA and GroupB are their Platt parameters.
	Group          int
	GroupA, GroupB float64
}

// TrainConfig sets the optimiser; zero values take defaults.
type TrainConfig struct {
	Hidden int     // 0 means 24
	Epochs int     // 0 means 40
	LR     float64 // Adam step; 0 means 0.003
	L2     float64 // weight decay; 0 means 1e-4
	Batch  int     // 0 means 64
	Seed   uint64
}

func (c *TrainConfig) setDefaults() {
	if c.Hidden == 0 {
		c.Hidden = 24
	}
	if c.Epochs == 0 {
		c.Epochs = 40
	}
	if c.LR == 0 {
		c.LR = 0.003
	}
	if c.L2 == 0 {
		c.L2 = 1e-4
	}
	if c.Batch == 0 {
		c.Batch = 64
	}
}

// Train fits a model on examples by Adam on the cross-entropy of each
// candidate. The result depends only on the examples and cfg.
func Train(examples []Example, features []string, cfg TrainConfig) (*Model, error) {
	cfg.setDefaults()
	d := len(features)
	if len(examples) == 0 {
		return nil, errors.New("ranker: no examples")
	}
	for _, e := range examples {
		if len(e.Features) != d {
			return nil, errors.New("ranker: a feature row does not match the feature names")
		}
	}
	m := &Model{Features: features, Hidden: cfg.Hidden, Mean: make([]float64, d), Scale: make([]float64, d),
		W1: make([]float64, cfg.Hidden*d), B1: make([]float64, cfg.Hidden), W2: make([]float64, cfg.Hidden), PlattA: 1, GroupA: 1, Group: -1}
	for _, e := range examples {
		for j, v := range e.Features {
			m.Mean[j] += float64(v)
		}
	}
	n := float64(len(examples))
	for j := range m.Mean {
		m.Mean[j] /= n
	}
	for _, e := range examples {
		for j, v := range e.Features {
			dv := float64(v) - m.Mean[j]
			m.Scale[j] += dv * dv
		}
	}
	for j := range m.Scale {
		sd := math.Sqrt(m.Scale[j] / n)
		if sd < 1e-6 {
			m.Scale[j] = 0 // constant in training: carries nothing
		} else {
			m.Scale[j] = 1 / sd
		}
	}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	lim := math.Sqrt(6 / float64(d+cfg.Hidden))
	for i := range m.W1 {
		m.W1[i] = (2*r.Float64() - 1) * lim
	}
	for i := range m.W2 {
		m.W2[i] = (2*r.Float64() - 1) * math.Sqrt(6/float64(cfg.Hidden+1))
	}
	// Positives are rarer than negatives; weighting them up keeps the
	// scores spread, and Platt scaling restores calibration afterwards.
	pos := 0
	for _, e := range examples {
		if e.Correct {
			pos++
		}
	}
	wPos := 1.0
	if pos > 0 {
		wPos = min(4, max(1, float64(len(examples)-pos)/float64(pos)))
	}

	params := [][]float64{m.W1, m.B1, m.W2}
	ms, vs := make([][]float64, 4), make([][]float64, 4)
	for i, p := range params {
		ms[i], vs[i] = make([]float64, len(p)), make([]float64, len(p))
	}
	ms[3], vs[3] = make([]float64, 1), make([]float64, 1)
	grads := [][]float64{make([]float64, len(m.W1)), make([]float64, len(m.B1)), make([]float64, len(m.W2)), make([]float64, 1)}
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	x := make([]float64, d)
	h := make([]float64, cfg.Hidden)
	step := 0
	const beta1, beta2 = 0.9, 0.999
	for range cfg.Epochs {
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for start := 0; start < len(order); start += cfg.Batch {
			end := min(start+cfg.Batch, len(order))
			for _, g := range grads {
				clear(g)
			}
			for _, idx := range order[start:end] {
				e := examples[idx]
				m.input(e.Features, x)
				z := m.forward(x, h)
				y, w := 0.0, 1.0
				if e.Correct {
					y, w = 1, wPos
				}
				dz := w * (sigmoid(z) - y)
				grads[3][0] += dz
				for k := range h {
					if h[k] <= 0 {
						continue
					}
					grads[2][k] += dz * h[k]
					dh := dz * m.W2[k]
					grads[1][k] += dh
					row := grads[0][k*d : (k+1)*d]
					for j, v := range x {
						row[j] += dh * v
					}
				}
			}
			step++
			c1, c2 := 1-math.Pow(beta1, float64(step)), 1-math.Pow(beta2, float64(step))
			bs := float64(end - start)
			update := func(p []float64, g, mm, vv []float64, decay bool) {
				for i := range p {
					gi := g[i] / bs
					if decay {
						gi += cfg.L2 * p[i]
					}
					mm[i] = beta1*mm[i] + (1-beta1)*gi
					vv[i] = beta2*vv[i] + (1-beta2)*gi*gi
					p[i] -= cfg.LR * (mm[i] / c1) / (math.Sqrt(vv[i]/c2) + 1e-8)
				}
			}
			update(m.W1, grads[0], ms[0], vs[0], true)
			update(m.B1, grads[1], ms[1], vs[1], false)
			update(m.W2, grads[2], ms[2], vs[2], true)
			b2 := []float64{m.B2}
			update(b2, grads[3], ms[3], vs[3], false)
			m.B2 = b2[0]
		}
	}
	return m, nil
}

func (m *Model) input(f []float32, x []float64) {
	for j, v := range f {
		x[j] = (float64(v) - m.Mean[j]) * m.Scale[j]
	}
}

// forward returns the raw logit, leaving the hidden activations in h.
func (m *Model) forward(x, h []float64) float64 {
	d := len(x)
	z := m.B2
	for k := range h {
		s := m.B1[k]
		row := m.W1[k*d : (k+1)*d]
		for j, v := range x {
			s += row[j] * v
		}
		h[k] = max(0, s)
		z += m.W2[k] * h[k]
	}
	return z
}

// Logit is the uncalibrated score of a feature row.
func (m *Model) Logit(f []float32) float64 {
	x := make([]float64, len(f))
	m.input(f, x)
	return m.forward(x, make([]float64, m.Hidden))
}

// Prob is the calibrated probability that a candidate is right.
func (m *Model) Prob(f []float32) float64 {
	return m.calibrated(m.Logit(f), m.inGroup(f))
}

func (m *Model) inGroup(f []float32) bool { return m.Group >= 0 && f[m.Group] > 0.5 }

func (m *Model) calibrated(z float64, group bool) float64 {
	if group {
		return sigmoid(m.GroupA*z + m.GroupB)
	}
	return sigmoid(m.PlattA*z + m.PlattB)
}

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// TrainEnsemble trains k models on the same examples with seeds cfg.Seed …
// cfg.Seed+k-1 and returns their average as one model: the hidden layers
// side by side and each output weight divided by k, so that its logit is
// the mean of theirs and the exported graph keeps its shape. One MLP's
// picks near a threshold move with its seed; the mean of several does not
// move as much.
func TrainEnsemble(examples []Example, features []string, cfg TrainConfig, k int) (*Model, error) {
	if k < 1 {
		return nil, errors.New("ranker: an ensemble needs at least one model")
	}
	var out *Model
	for i := range k {
		c := cfg
		c.Seed = cfg.Seed + uint64(i)
		m, err := Train(examples, features, c)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = &Model{Features: m.Features, Mean: m.Mean, Scale: m.Scale, PlattA: 1, GroupA: 1, Group: -1}
		}
		out.Hidden += m.Hidden
		out.W1 = append(out.W1, m.W1...)
		out.B1 = append(out.B1, m.B1...)
		for _, w := range m.W2 {
			out.W2 = append(out.W2, w/float64(k))
		}
		out.B2 += m.B2 / float64(k)
	}
	return out, nil
}
