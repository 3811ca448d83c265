package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"intake/extractors/invoice"
	"intake/fixtures"
	"intake/fixtures/layout"
	"intake/models/artifacts"
	"intake/models/ranker"
	"intake/pipeline"
	"intake/pipeline/eval"
)

// Ranker training settings recorded in the manifest.
const (
	rankerVersion  = "1"
	rankerMaxError = 0.004 // per-field error among accepted picks, under the 0.5% target
	// rankerEnsemble MLPs are averaged: one alone moved the routing
	// thresholds, and with them the straight-through share, by several
	// points from one retraining to the next.
	rankerEnsemble  = 5
	rankerFloor     = 0.5 // no field is accepted below this confidence
	rankerMinPicks  = 20  // fewer validation picks than this: the field always goes to a person
	thresholdsName  = ranker.ThresholdsArtifact
	thresholdsFile  = "field-thresholds.json"
	rankerFile      = "field-ranker.onnx"
	rankerTypes     = "invoice,credit_note,payment_reminder"
	rankerScanShare = 0.2
)

// rankerDoc is one document of the ranker corpus as the pipeline read it.
type rankerDoc struct {
	Name     string            `json:"name"`
	DocType  string            `json:"doc_type"`
	Format   string            `json:"format"`
	Language string            `json:"language"`
	Truth    map[string]string `json:"truth"`
	Pages    []pipeline.Page   `json:"pages"`
}

// trainRanker generates an invoice corpus, reads it through the pipeline's
// own text readers (native text and OCR), trains the ranker on 85 % of the
// documents, calibrates it and derives the routing thresholds on the same
// documents' cross-fitted scores, and measures it on the last 15 %. It
// returns the files to write.
func trainRanker(ctx context.Context, seed uint64, n, workers int, cache string, log func(string, ...any)) (map[string][]byte, error) {
	docs, data, err := rankerCorpus(ctx, seed, n, workers, cache)
	if err != nil {
		return nil, err
	}
	ext, err := invoice.New(invoice.Config{})
	if err != nil {
		return nil, err
	}
	// The last 15 % of each 20 documents is the test split. The rest is
	// both training and validation data by cross-fitting: each of five
	// folds is scored by a model trained on the other four, so Platt
	// scaling and the thresholds are fitted on held-out scores of every
	// development document, not on a validation split too small to show
	// a 0.5 % error rate.
	const folds = 5
	dev := make([][]ranker.Example, folds)
	var test []ranker.Example
	nDev := 0
	present := make(map[int]map[string]bool)
	recall := map[string][2]int{} // field → present, some candidate right
	for i, d := range docs {
		present[i] = make(map[string]bool)
		for f := range d.Truth {
			present[i][f] = true
		}
		// The true type stands in for the classifier's, which is right on
		// 99 % and more of such documents.
		cands := ext.Candidates(d.Pages, d.Language, d.DocType)
		hit := map[string]bool{}
		var ex []ranker.Example
		for _, c := range cands {
			want, ok := d.Truth[c.Field]
			value := c.Value
			if d.DocType == pipeline.TypeCreditNote && strings.HasPrefix(c.Field, "amount_") {
				value = strings.TrimPrefix(value, "-") // as the extractor reports it
			}
			right := ok && eval.Equal(c.Field, value, want)
			hit[c.Field] = hit[c.Field] || right
			ex = append(ex, ranker.Example{Doc: i, Field: c.Field, Features: c.Features, Correct: right})
		}
		if i%20 >= 17 { // the test share: recall measured where the model is
			for _, f := range invoice.RankedFields {
				if _, ok := d.Truth[f]; ok {
					r := recall[f]
					r[0]++
					if hit[f] {
						r[1]++
					}
					recall[f] = r
				}
			}
		}
		if i%20 < 17 {
			dev[nDev%folds] = append(dev[nDev%folds], ex...)
			nDev++
		} else {
			test = append(test, ex...)
		}
	}
	cfg := ranker.TrainConfig{Seed: seed}
	var valPicks []ranker.Pick
	var devAll []ranker.Example
	for f := range folds {
		var rest []ranker.Example
		for g := range folds {
			if g != f {
				rest = append(rest, dev[g]...)
			}
		}
		fm, err := ranker.TrainEnsemble(rest, invoice.FeatureNames, cfg, rankerEnsemble)
		if err != nil {
			return nil, err
		}
		fm.Group = slices.Index(invoice.FeatureNames, "ocr")
		valPicks = append(valPicks, fm.Picks(dev[f], present)...)
		devAll = append(devAll, dev[f]...)
	}
	m, err := ranker.TrainEnsemble(devAll, invoice.FeatureNames, cfg, rankerEnsemble)
	if err != nil {
		return nil, err
	}
	m.Group = slices.Index(invoice.FeatureNames, "ocr") // OCR'd values are calibrated apart
	m.Calibrate(valPicks)
	valPicks = m.Rescore(valPicks)
	th := ranker.Shared(valPicks, rankerMaxError, rankerFloor, rankerMinPicks)
	testPicks := m.Picks(test, present)

	metrics := map[string]float64{"validation_ece": ranker.ECE(valPicks), "test_ece": ranker.ECE(testPicks)}
	byField := map[string]*[4]int{} // present, correct, accepted, accepted wrong
	minConf := map[string]float64{}
	for _, t := range th {
		minConf[t.Field] = t.Min
	}
	for f, r := range recall {
		byField[f] = &[4]int{r[0]}
	}
	for _, p := range testPicks {
		s := byField[p.Field]
		if s == nil {
			s = &[4]int{}
			byField[p.Field] = s
		}
		if p.Present && p.Correct {
			s[1]++
		}
		if ranker.Reported(p.Prob) >= minConf[p.Key()] {
			s[2]++
			if !p.Correct {
				s[3]++
			}
		}
	}
	var all [4]int
	for f, s := range byField {
		for k := range all {
			all[k] += s[k]
		}
		if s[0] > 0 {
			metrics["test_accuracy_"+f] = float64(s[1]) / float64(s[0])
		}
	}
	for f, r := range recall {
		metrics["test_candidate_recall_"+f] = float64(r[1]) / float64(max(r[0], 1))
	}
	metrics["test_accuracy"] = float64(all[1]) / float64(max(all[0], 1))
	metrics["test_accepted_share"] = float64(all[2]) / float64(max(len(testPicks), 1))
	metrics["test_accepted_error_rate"] = float64(all[3]) / float64(max(all[2], 1))
	metrics["train_candidates"], metrics["test_candidates"] = float64(len(devAll)), float64(len(test))
	metrics["platt_a"], metrics["platt_b"], metrics["platt_ocr_a"], metrics["platt_ocr_b"] = m.PlattA, m.PlattB, m.GroupA, m.GroupB

	onnx, err := m.ONNX(rankerVersion)
	if err != nil {
		return nil, err
	}
	data.Train, data.Validation = countDocs(devAll), countDocs(devAll)
	man := artifacts.Describe(artifacts.Manifest{
		Name: ranker.Artifact, Version: rankerVersion, Labels: invoice.FeatureNames, Data: data,
		Params: map[string]any{
			"graph":       "features → Gemm → Relu → Gemm → Platt (own parameters for OCR rows) → Sigmoid (IR 8, opset 17); standardisation folded into the first Gemm",
			"hidden":      m.Hidden,
			"ensemble":    fmt.Sprintf("%d MLPs of %d hidden units (seeds %d…%d), logits averaged", rankerEnsemble, m.Hidden/rankerEnsemble, seed, seed+rankerEnsemble-1),
			"calibration": "Platt scaling of the chosen candidates' cross-fitted logits, apart for values read by OCR",
			"split":       "documents by index: 85% development (5-fold cross-fitted for calibration and thresholds, all for the final weights), 15% test",
			"extractor":   invoice.Version,
		},
		Metrics: metrics,
	}, rankerFile, onnx)
	thJSON, err := json.MarshalIndent(thresholdsDoc{Version: rankerVersion, Target: rankerMaxError, Floor: rankerFloor, Fields: th}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	thJSON = append(thJSON, '\n')
	thMan := artifacts.Describe(artifacts.Manifest{
		Name: thresholdsName, Version: rankerVersion, Data: data,
		Params: map[string]any{
			"derived_from": "the ranker's calibrated, cross-fitted (out-of-fold) confidences on the development documents",
			"rule":         fmt.Sprintf("per field the lowest confidence at which its accepted picks are wrong in at most k×%.1f%%, with k the largest of 1…5 for which all fields' accepted picks together are wrong in at most %.1f%%; never below %.2f; fewer than %d picks: 1", 100*rankerMaxError, 100*rankerMaxError, rankerFloor, rankerMinPicks),
			"ranker":       man.SHA256,
		},
		Metrics: map[string]float64{"test_accepted_share": metrics["test_accepted_share"], "test_accepted_error_rate": metrics["test_accepted_error_rate"]},
	}, thresholdsFile, thJSON)
	files := map[string][]byte{rankerFile: onnx, thresholdsFile: thJSON}
	for name, mm := range map[string]artifacts.Manifest{ranker.Artifact: man, thresholdsName: thMan} {
		b, err := artifacts.Encode(mm)
		if err != nil {
			return nil, err
		}
		files[name+".manifest.json"] = b
	}
	log("%s: test field accuracy %.2f%% over %d fields, ECE %.4f; accepted %.1f%% of picks, %.2f%% of them wrong\n",
		man.Model(), 100*metrics["test_accuracy"], all[0], metrics["test_ece"], 100*metrics["test_accepted_share"], 100*metrics["test_accepted_error_rate"])
	fields := make([]string, 0, len(byField))
	for f := range byField {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		s := byField[f]
		log("  %-18s accuracy %6.2f%% (%3d)  candidate recall %6.2f%%  threshold %.3f\n", f,
			100*metrics["test_accuracy_"+f], s[0], 100*metrics["test_candidate_recall_"+f], minConf[f])
	}
	return files, nil
}

// thresholdsDoc is field-thresholds.json.
type thresholdsDoc struct {
	Version string             `json:"version"`
	Target  float64            `json:"max_error_rate"`
	Floor   float64            `json:"floor"`
	Fields  []ranker.Threshold `json:"fields"`
}

func countDocs(ex []ranker.Example) int {
	seen := map[int]bool{}
	for _, e := range ex {
		seen[e.Doc] = true
	}
	return len(seen)
}

// rankerCorpus generates the ranker's documents (train layouts; native
// PDFs and a share of scans, so OCR's errors and confidences are seen)
// and reads their pages through the pipeline. With cache set the read
// pages are kept there, keyed by the corpus settings.
func rankerCorpus(ctx context.Context, seed uint64, n, workers int, cache string) ([]rankerDoc, artifacts.Data, error) {
	cfg := fixtures.DefaultConfig()
	cfg.N, cfg.Seed, cfg.Scanned, cfg.XML, cfg.Layouts, cfg.Workers = n, seed, rankerScanShare, 0, fixtures.LayoutsTrain, max(1, workers)
	cfg.Types = strings.Split(rankerTypes, ",")
	data := artifacts.Data{Generator: "intake fixtures", Seed: seed, N: n, Layouts: cfg.Layouts,
		Formats: fmt.Sprintf("native PDF, %.0f%% scanned or photographed (--xml 0)", 100*rankerScanShare), Types: rankerTypes,
		Text: "the pipeline's own reading: native text, OCR for scans"}
	var cached string
	if cache != "" {
		cached = filepath.Join(cache, fmt.Sprintf("ranker-pages-s%d-n%d.json", seed, n))
		if b, err := os.ReadFile(cached); err == nil {
			var docs []rankerDoc
			if err := json.Unmarshal(b, &docs); err == nil {
				return docs, data, nil
			}
		}
	}
	dir, err := os.MkdirTemp("", "intake-train-ranker-")
	if err != nil {
		return nil, data, fmt.Errorf("train: %w", err)
	}
	defer os.RemoveAll(dir)
	cfg.Out = filepath.Join(dir, "corpus")
	fonts, err := layout.LoadFonts(layout.FontDir)
	if err != nil {
		return nil, data, err
	}
	if _, err := fixtures.Generate(ctx, cfg, fonts); err != nil {
		return nil, data, err
	}
	truths, err := filepath.Glob(filepath.Join(cfg.Out, "*.truth.json"))
	if err != nil {
		return nil, data, fmt.Errorf("train: %w", err)
	}
	slices.Sort(truths)
	var docs []rankerDoc
	var paths []string
	for _, tp := range truths {
		b, err := os.ReadFile(tp)
		if err != nil {
			return nil, data, fmt.Errorf("train: %w", err)
		}
		var t fixtures.Truth
		if err := json.Unmarshal(b, &t); err != nil {
			return nil, data, fmt.Errorf("train: %s: %w", filepath.Base(tp), err)
		}
		docPath, err := docBeside(tp)
		if err != nil {
			return nil, data, err
		}
		docs = append(docs, rankerDoc{Name: filepath.Base(docPath), DocType: t.DocType, Format: t.Format, Truth: t.Fields})
		paths = append(paths, docPath)
	}
	opts := &pipelineOptions{workers: max(1, workers), plain: true, maxBytes: pipeline.DefaultIngestConfig().MaxBytes}
	p, err := opts.build()
	if err != nil {
		return nil, data, err
	}
	defer p.Close()
	i := 0
	err = processAll(ctx, p.runner, paths, opts.workers, func(r result) error {
		d := &docs[i]
		i++
		if r.err != nil {
			return fmt.Errorf("train: %s: %w", r.path, r.err)
		}
		d.Language, d.Pages = r.doc.Language, r.doc.Pages
		return nil
	})
	if err != nil {
		return nil, data, err
	}
	if cached != "" {
		if b, err := json.Marshal(docs); err == nil {
			_ = os.MkdirAll(cache, 0o755)
			_ = os.WriteFile(cached, b, 0o644)
		}
	}
	return docs, data, nil
}

// docBeside finds the document X.* a truth file X.truth.json describes.
func docBeside(truth string) (string, error) {
	base := strings.TrimSuffix(truth, ".truth.json")
	for _, ext := range []string{".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"} {
		if _, err := os.Stat(base + ext); err == nil {
			return base + ext, nil
		}
	}
	return "", fmt.Errorf("train: no document beside %s", filepath.Base(truth))
}
