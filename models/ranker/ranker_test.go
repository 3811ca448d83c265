package ranker

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"intake/models/onnxrt"
)

// synthetic makes candidates whose correctness depends on two features
// and their interaction, grouped three to a field of a document.
func synthetic(n int, seed uint64) []Example {
	r := rand.New(rand.NewPCG(seed, 1))
	var out []Example
	for doc := range n {
		right := r.IntN(3)
		for k := range 3 {
			f := make([]float32, 4)
			f[0] = float32(r.Float64())
			f[1] = float32(r.Float64())
			f[3] = 1
			if k == right {
				f[0] += 0.8
				f[2] = float32(r.IntN(2))
			}
			out = append(out, Example{Doc: doc, Field: "f", Features: f, Correct: k == right})
		}
	}
	return out
}

var names = []string{"a", "b", "c", "const"}

func TestTrainRanksAndCalibrates(t *testing.T) {
	m, err := Train(synthetic(400, 1), names, TrainConfig{Seed: 1, Epochs: 20})
	if err != nil {
		t.Fatal(err)
	}
	val := synthetic(300, 2)
	present := map[int]map[string]bool{}
	for _, e := range val {
		present[e.Doc] = map[string]bool{"f": true}
	}
	m.Calibrate(m.Picks(val, present))
	picks := m.Picks(synthetic(300, 3), present)
	right := 0
	for _, p := range picks {
		if p.Correct {
			right++
		}
	}
	if acc := float64(right) / float64(len(picks)); acc < 0.9 {
		t.Errorf("pick accuracy %.3f, want ≥ 0.9", acc)
	}
	if e := ECE(picks); e > 0.08 {
		t.Errorf("ECE %.3f after Platt scaling, want ≤ 0.08", e)
	}
}

func TestTrainDeterministic(t *testing.T) {
	ex := synthetic(100, 1)
	a, _ := Train(ex, names, TrainConfig{Seed: 7, Epochs: 3})
	b, _ := Train(ex, names, TrainConfig{Seed: 7, Epochs: 3})
	oa, _ := a.ONNX("t")
	ob, _ := b.ONNX("t")
	if !bytes.Equal(oa, ob) {
		t.Fatal("same examples and seed gave different ONNX bytes")
	}
}

func TestThresholds(t *testing.T) {
	var picks []Pick
	for i := range 1000 {
		p := float64(i) / 1000
		picks = append(picks, Pick{Field: "f", Prob: p, Correct: i >= 300 || i%3 == 0})
	}
	picks = append(picks, Pick{Field: "rare", Prob: 0.99, Correct: true})
	th := Thresholds(picks, 0.005, 0.5, 20)
	if len(th) != 2 || th[0].Field != "f" || th[1].Field != "rare" {
		t.Fatalf("thresholds %+v", th)
	}
	if th[0].Min != 0.5 || th[0].Wrong != 0 {
		t.Errorf("f: threshold %+v, want 0.5 (the floor) with no errors", th[0])
	}
	if th[1].Min != 1 {
		t.Errorf("rare: threshold %v, want 1 with too few picks", th[1].Min)
	}
	// OCR-read values of a field get their own threshold.
	ocr := append(append([]Pick(nil), picks[:1000]...), Pick{Field: "f", Prob: 0.95, Correct: false, Group: true})
	for i := range 30 {
		ocr = append(ocr, Pick{Field: "f", Prob: 0.9 + float64(i)/1000, Correct: true, Group: true})
	}
	th = Thresholds(ocr, 0.005, 0.5, 20)
	if len(th) != 2 || th[0].Field != "f" || th[1].Field != "f@ocr" || th[0].Min != 0.5 || th[1].Min != 1 || th[1].Picks != 31 {
		t.Errorf("native and OCR thresholds %+v", th)
	}
	picks[999].Correct = false // the most confident pick is wrong
	th = Thresholds(picks[:1000], 0.005, 0.5, 20)
	if th[0].ErrorRate > 0.005 || th[0].Accepted < 200 {
		t.Errorf("f: %+v, want ≤ 0.5%% wrong among ≥ 200 accepted", th[0])
	}
}

// The exported graph gives what the Go forward pass gives.
func TestONNXMatchesGo(t *testing.T) {
	if err := onnxrt.Init(); err != nil {
		t.Fatal(err) // make test installs the library; a test without it proves nothing
	}
	ex := synthetic(200, 1)
	m, err := Train(ex, names, TrainConfig{Seed: 1, Epochs: 5})
	if err != nil {
		t.Fatal(err)
	}
	m.PlattA, m.PlattB = 1.7, -0.3
	m.Group, m.GroupA, m.GroupB = 2, 0.6, 0.4 // feature c is 0 or 1 (see synthetic)
	data, err := m.ONNX("t")
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSession(data, len(names))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows := make([][]float32, 50)
	for i := range rows {
		rows[i] = ex[i].Features
	}
	got, err := s.Score(rows)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if d := math.Abs(float64(got[i]) - m.Prob(r)); d > 1e-5 {
			t.Fatalf("row %d: onnx %v, go %v", i, got[i], m.Prob(r))
		}
	}
	if _, err := s.Score([][]float32{{1, 2}}); err == nil {
		t.Error("a short row was scored")
	}
}

// The merged ensemble's logit is the mean of its members' logits.
func TestEnsembleIsTheMean(t *testing.T) {
	ex := synthetic(200, 3)
	cfg := TrainConfig{Seed: 11, Epochs: 3, Hidden: 8}
	ens, err := TrainEnsemble(ex, names, cfg, 3)
	if err != nil {
		t.Fatal(err)
	}
	if ens.Hidden != 24 || len(ens.W1) != 24*len(names) {
		t.Fatalf("hidden %d, W1 %d", ens.Hidden, len(ens.W1))
	}
	var members []*Model
	for i := range 3 {
		c := cfg
		c.Seed += uint64(i)
		m, _ := Train(ex, names, c)
		members = append(members, m)
	}
	for _, e := range ex[:20] {
		want := 0.0
		for _, m := range members {
			want += m.Logit(e.Features) / 3
		}
		if got := ens.Logit(e.Features); math.Abs(got-want) > 1e-9 {
			t.Fatalf("ensemble logit %v, mean of members %v", got, want)
		}
	}
	if _, err := TrainEnsemble(ex, names, cfg, 0); err == nil {
		t.Error("an empty ensemble was accepted")
	}
}
