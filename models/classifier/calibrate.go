package classifier

import "math"

// Metrics describe a model on held-back examples.
type Metrics struct {
	Examples  int     `json:"examples"`
	Accuracy  float64 `json:"accuracy"`
	ECE       float64 `json:"ece"`        // expected calibration error of the top label, 15 bins
	NLL       float64 `json:"nll"`        // mean negative log-likelihood
	Confident float64 `json:"confidence"` // mean top probability
}

// Evaluate scores m on examples at m's current temperature.
func (m *Model) Evaluate(examples []Example) Metrics {
	conf := make([]float64, len(examples))
	ok := make([]bool, len(examples))
	met := Metrics{Examples: len(examples)}
	for i, e := range examples {
		p := m.Probs(m.Input(e.IDs))
		best := argmax(p)
		conf[i], ok[i] = p[best], best == e.Label
		if ok[i] {
			met.Accuracy++
		}
		met.NLL -= math.Log(max(p[e.Label], 1e-12))
		met.Confident += p[best]
	}
	if n := float64(len(examples)); n > 0 {
		met.Accuracy /= n
		met.NLL /= n
		met.Confident /= n
	}
	met.ECE = ECE(conf, ok, 15)
	return met
}

// ECE is the expected calibration error: over equal-width confidence bins,
// the gap between mean confidence and accuracy, weighted by the bin's size.
func ECE(conf []float64, correct []bool, bins int) float64 {
	if len(conf) == 0 {
		return 0
	}
	n := make([]float64, bins)
	c := make([]float64, bins)
	a := make([]float64, bins)
	for i, p := range conf {
		b := min(int(p*float64(bins)), bins-1)
		n[b]++
		c[b] += p
		if correct[i] {
			a[b]++
		}
	}
	e := 0.0
	for b := range n {
		if n[b] > 0 {
			e += math.Abs(c[b]-a[b]) / float64(len(conf))
		}
	}
	return e
}

// Calibrate sets m.Temperature to the one that minimises the negative
// log-likelihood of examples (temperature scaling, Guo et al. 2017), by a
// golden-section search over log T in [-3, 3]: the likelihood is smooth
// and unimodal in T, and the search is deterministic.
func (m *Model) Calibrate(examples []Example) {
	type cached struct {
		z     []float64
		label int
	}
	cs := make([]cached, len(examples))
	for i, e := range examples {
		cs[i] = cached{m.logits(m.hidden(m.Input(e.IDs))), e.Label}
	}
	nll := func(logT float64) float64 {
		t := math.Exp(logT)
		s := 0.0
		z := make([]float64, len(m.Labels))
		for _, c := range cs {
			for k := range z {
				z[k] = c.z[k] / t
			}
			s -= math.Log(max(softmax(z)[c.label], 1e-300))
		}
		return s
	}
	lo, hi := -3.0, 3.0
	g := (math.Sqrt(5) - 1) / 2
	x1, x2 := hi-g*(hi-lo), lo+g*(hi-lo)
	f1, f2 := nll(x1), nll(x2)
	for range 60 {
		if f1 < f2 {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - g*(hi-lo)
			f1 = nll(x1)
		} else {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + g*(hi-lo)
			f2 = nll(x2)
		}
	}
	m.Temperature = math.Exp((lo + hi) / 2)
}
