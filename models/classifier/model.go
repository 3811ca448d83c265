// Package classifier is the document-type classifier: a bag of token ids
// averaged through an embedding table, one linear layer and a softmax
// (fastText's shape), trained here in Go, calibrated by a temperature,
// exported as ONNX and run in production through ONNX Runtime.
//
// It takes token ids and returns probabilities per label: it never sees a
// Document.
package classifier

import (
	"math"
	"slices"
)

// Model holds the weights. Token id Vocab is the document token, added to
// every input so that an empty document has a defined mean.
type Model struct {
	Labels      []string
	Vocab       int       // token ids are below Vocab
	Dim         int       // embedding width
	Emb         []float32 // (Vocab+1) × Dim
	W           []float32 // len(Labels) × Dim
	B           []float32 // len(Labels)
	Temperature float64   // logits are divided by it; 1 before calibration
}

// Input turns token ids into the model's input.
func (m *Model) Input(ids []int) []int64 { return Input(ids, m.Vocab) }

// Input turns token ids below vocab into a model input: each id once,
// sorted, and the document token (vocab). Counting an id once keeps a long
// table of line items from drowning out the one title that names the type.
func Input(ids []int, vocab int) []int64 {
	out := make([]int64, 0, len(ids)+1)
	for _, id := range ids {
		if id >= 0 && id < vocab {
			out = append(out, int64(id))
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	return append(out, int64(vocab))
}

// hidden is the mean embedding of input.
func (m *Model) hidden(input []int64) []float64 {
	h := make([]float64, m.Dim)
	for _, id := range input {
		row := m.Emb[int(id)*m.Dim : (int(id)+1)*m.Dim]
		for j, v := range row {
			h[j] += float64(v)
		}
	}
	for j := range h {
		h[j] /= float64(len(input))
	}
	return h
}

// logits are the uncalibrated scores of input.
func (m *Model) logits(h []float64) []float64 {
	z := make([]float64, len(m.Labels))
	for k := range z {
		s := float64(m.B[k])
		for j, v := range m.W[k*m.Dim : (k+1)*m.Dim] {
			s += float64(v) * h[j]
		}
		z[k] = s
	}
	return z
}

// Probs is the pure-Go forward pass over Input(ids), calibrated: the
// reference the ONNX graph is tested against.
func (m *Model) Probs(input []int64) []float64 {
	z := m.logits(m.hidden(input))
	t := m.Temperature
	if t <= 0 {
		t = 1
	}
	for k := range z {
		z[k] /= t
	}
	return softmax(z)
}

func softmax(z []float64) []float64 {
	hi := math.Inf(-1)
	for _, v := range z {
		hi = max(hi, v)
	}
	p := make([]float64, len(z))
	sum := 0.0
	for k, v := range z {
		p[k] = math.Exp(v - hi)
		sum += p[k]
	}
	for k := range p {
		p[k] /= sum
	}
	return p
}

// argmax is the index of the largest value, the first on a tie.
func argmax(p []float64) int {
	best := 0
	for k, v := range p {
		if v > p[best] {
			best = k
		}
	}
	return best
}
