package classifier

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// Example is one training document: its token ids and label index.
type Example struct {
	IDs   []int
	Label int
}

// TrainConfig sets the optimiser; zero values take defaults.
type TrainConfig struct {
	Dim    int     // embedding width; 0 means 32
	Epochs int     // 0 means 12
	LR     float64 // Adam step; 0 means 0.01
	L2     float64 // weight decay on W; 0 means 1e-5
	Drop   float64 // share of a document's ids dropped at each step; 0 means 0.25
	Seed   uint64  // shuffling and initial weights
}

func (c *TrainConfig) setDefaults() {
	if c.Dim == 0 {
		c.Dim = 32
	}
	if c.Epochs == 0 {
		c.Epochs = 12
	}
	if c.LR == 0 {
		c.LR = 0.01
	}
	if c.L2 == 0 {
		c.L2 = 1e-5
	}
	if c.Drop == 0 {
		c.Drop = 0.25
	}
}

// adam keeps the first and second moments of one parameter tensor.
type adam struct{ m, v []float64 }

func newAdam(n int) *adam { return &adam{make([]float64, n), make([]float64, n)} }

const b1, b2 = 0.9, 0.999

// corr are Adam's bias corrections at step t.
type corr struct{ c1, c2 float64 }

func corrAt(t int) corr { return corr{1 - math.Pow(b1, float64(t)), 1 - math.Pow(b2, float64(t))} }

// step updates p[i] by gradient g.
func (a *adam) step(p []float32, i int, g, lr float64, c corr) {
	a.m[i] = b1*a.m[i] + (1-b1)*g
	a.v[i] = b2*a.v[i] + (1-b2)*g*g
	p[i] -= float32(lr * (a.m[i] / c.c1) / (math.Sqrt(a.v[i]/c.c2) + 1e-8))
}

// Train fits a model to examples with Adam on single documents, in float64
// arithmetic on float32 weights (what ONNX stores), in an order fixed by
// the seed: the same examples and config give the same weights.
func Train(labels []string, vocab int, examples []Example, cfg TrainConfig) (*Model, error) {
	cfg.setDefaults()
	if len(examples) == 0 || len(labels) < 2 || vocab < 1 {
		return nil, errors.New("classifier: train: need examples, two labels and a vocabulary")
	}
	for i, e := range examples {
		if e.Label < 0 || e.Label >= len(labels) {
			return nil, fmt.Errorf("classifier: train: example %d: label %d out of range", i, e.Label)
		}
	}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x636c617373))
	k, d := len(labels), cfg.Dim
	m := &Model{Labels: labels, Vocab: vocab, Dim: d, Temperature: 1,
		Emb: make([]float32, (vocab+1)*d), W: make([]float32, k*d), B: make([]float32, k)}
	for i := range m.Emb {
		m.Emb[i] = float32((r.Float64()*2 - 1) * 0.1)
	}
	for i := range m.W {
		m.W[i] = float32((r.Float64()*2 - 1) * 0.1)
	}
	inputs := make([][]int64, len(examples))
	for i, e := range examples {
		inputs[i] = m.Input(e.IDs)
	}
	optE, optW, optB := newAdam(len(m.Emb)), newAdam(len(m.W)), newAdam(len(m.B))
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	gz := make([]float64, k)
	gh := make([]float64, d)
	t := 0
	for epoch := 0; epoch < cfg.Epochs; epoch++ {
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		lr := cfg.LR * (1 - float64(epoch)/float64(cfg.Epochs)*0.9)
		for _, ei := range order {
			t++
			bc := corrAt(t)
			// Dropping ids teaches the model not to lean on any one
			// phrase a new layout might word differently or OCR misread.
			in := Dropout(inputs[ei], cfg.Drop, r)
			h := m.hidden(in)
			p := softmax(m.logits(h))
			for c := range gz {
				gz[c] = p[c]
			}
			gz[examples[ei].Label]--
			clear(gh)
			for c := 0; c < k; c++ {
				for j := 0; j < d; j++ {
					gh[j] += gz[c] * float64(m.W[c*d+j])
					optW.step(m.W, c*d+j, gz[c]*h[j]+cfg.L2*float64(m.W[c*d+j]), lr, bc)
				}
				optB.step(m.B, c, gz[c], lr, bc)
			}
			// Sparse Adam: only rows in this document move, each with the
			// step count of the whole run, as lazy Adam does.
			inv := 1 / float64(len(in))
			for _, id := range in {
				for j := 0; j < d; j++ {
					optE.step(m.Emb, int(id)*d+j, gh[j]*inv, lr, bc)
				}
			}
		}
	}
	return m, nil
}

// Dropout returns input without a random share p of its ids, keeping the
// document token (the last).
func Dropout(input []int64, p float64, r *rand.Rand) []int64 {
	out := make([]int64, 0, len(input))
	for _, id := range input[:len(input)-1] {
		if r.Float64() >= p {
			out = append(out, id)
		}
	}
	return append(out, input[len(input)-1])
}
