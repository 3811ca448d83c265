package classifier

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"intake/models/artifacts"
	"intake/models/tokenizer"
)

// BuildConfig says how to build the document-type artifacts.
type BuildConfig struct {
	Version   string // artifact version; "" means "1"
	Seed      uint64 // split, initial weights and order
	VocabSize int    // tokenizer ids; 0 means 6000
	Train     TrainConfig
	Data      artifacts.Data // how the texts were made, for the manifests
}

// Built is the outcome of Build: artifact files by name and the model.
type Built struct {
	Files     map[string][]byte
	Doctype   artifacts.Manifest
	Tokenizer artifacts.Manifest
	Model     *Model
	Test      []Example // held back from training and calibration
}

// Build trains the tokenizer and the classifier on texts with their labels
// (names of labelSet), calibrates on a validation split and measures on a
// test split (70/15/15, by the seed). The same input gives the same bytes.
func Build(texts, labels, labelSet []string, cfg BuildConfig) (*Built, error) {
	if cfg.Version == "" {
		cfg.Version = "1"
	}
	if len(texts) != len(labels) || len(texts) < 10 {
		return nil, fmt.Errorf("classifier: build: %d texts, %d labels (need 10 or more)", len(texts), len(labels))
	}
	idx := make([]int, len(labels))
	for i, l := range labels {
		if idx[i] = slices.Index(labelSet, l); idx[i] < 0 {
			return nil, fmt.Errorf("classifier: build: text %d: unknown label %q", i, l)
		}
	}
	order := make([]int, len(texts))
	for i := range order {
		order[i] = i
	}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x73706c6974))
	r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	nTrain, nVal := len(order)*70/100, len(order)*15/100
	trainIdx, valIdx, testIdx := order[:nTrain], order[nTrain:nTrain+nVal], order[nTrain+nVal:]
	var trainTexts []string
	for _, i := range trainIdx {
		trainTexts = append(trainTexts, texts[i])
	}
	tok, err := tokenizer.Train(trainTexts, tokenizer.TrainConfig{VocabSize: cfg.VocabSize})
	if err != nil {
		return nil, err
	}
	examples := func(is []int) ([]Example, error) {
		out := make([]Example, len(is))
		for k, i := range is {
			ids, err := tok.Encode(texts[i])
			if err != nil {
				return nil, err
			}
			out[k] = Example{IDs: ids, Label: idx[i]}
		}
		return out, nil
	}
	train, err := examples(trainIdx)
	if err != nil {
		return nil, err
	}
	val, err := examples(valIdx)
	if err != nil {
		return nil, err
	}
	test, err := examples(testIdx)
	if err != nil {
		return nil, err
	}
	tc := cfg.Train
	tc.Seed = cfg.Seed
	m, err := Train(labelSet, tok.VocabSize(), train, tc)
	if err != nil {
		return nil, err
	}
	// Calibrate and measure on documents with half their ids dropped as
	// well as whole: the validation split, drawn from the training layouts,
	// is otherwise all right, and its likelihood would drive the
	// temperature to zero and every confidence to 1, which the held-out
	// layouts and OCR do not bear out.
	shift := rand.New(rand.NewPCG(cfg.Seed, 0x7368696674))
	shifted := func(es []Example) []Example {
		out := make([]Example, len(es))
		for i, e := range es {
			out[i] = Example{IDs: dropIDs(e.IDs, 0.5, shift), Label: e.Label}
		}
		return out
	}
	calib := append(slices.Clone(val), shifted(val)...)
	testShifted := shifted(test)
	before, beforeShifted := m.Evaluate(test), m.Evaluate(testShifted)
	m.Calibrate(calib)
	after, afterShifted := m.Evaluate(test), m.Evaluate(testShifted)
	trainMet := m.Evaluate(train)
	onnx, err := m.ONNX(cfg.Version)
	if err != nil {
		return nil, err
	}
	data := cfg.Data
	data.Train, data.Validation = len(train), len(val)
	tm := artifacts.Describe(artifacts.Manifest{Name: TokenizerName, Version: cfg.Version, Data: data,
		Params: map[string]any{"kind": "byte-level BPE", "vocab_size": tok.VocabSize(), "normalizer": "NFC, lower case, white space squeezed"}},
		"tokenizer.json", tok.JSON())
	tc.setDefaults()
	dm := artifacts.Describe(artifacts.Manifest{Name: DoctypeName, Version: cfg.Version, Labels: labelSet, Data: data,
		Params: map[string]any{"graph": "ids → Gather → ReduceMean → Gemm → Softmax (IR 8, opset 17)",
			"tokenizer": tm.SHA256, "dim": tc.Dim, "epochs": tc.Epochs, "lr": tc.LR, "l2": tc.L2, "id_dropout": tc.Drop,
			"temperature": m.Temperature, "calibration": "validation split, whole and with half its ids dropped"},
		Metrics: map[string]float64{
			"test_examples":           float64(len(test)),
			"test_accuracy":           after.Accuracy,
			"test_ece_before":         before.ECE,
			"test_ece_after":          after.ECE,
			"test_nll_before":         before.NLL,
			"test_nll_after":          after.NLL,
			"train_accuracy":          trainMet.Accuracy,
			"test_shifted_accuracy":   afterShifted.Accuracy,
			"test_shifted_ece_before": beforeShifted.ECE,
			"test_shifted_ece_after":  afterShifted.ECE,
			"validation_examples":     float64(len(val)),
		}}, "doctype.onnx", onnx)
	files := map[string][]byte{"tokenizer.json": tok.JSON(), "doctype.onnx": onnx}
	for _, mf := range []artifacts.Manifest{tm, dm} {
		b, err := artifacts.Encode(mf)
		if err != nil {
			return nil, err
		}
		files[mf.Name+".manifest.json"] = b
	}
	return &Built{Files: files, Doctype: dm, Tokenizer: tm, Model: m, Test: test}, nil
}

// dropIDs keeps each distinct id of ids with probability 1-p.
func dropIDs(ids []int, p float64, r *rand.Rand) []int {
	seen := map[int]bool{}
	var out []int
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if r.Float64() >= p {
			out = append(out, id)
		}
	}
	return out
}
