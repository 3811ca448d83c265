package ranker

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math"
	"math/rand/v2"
	"sort"

	"intake/models/artifacts"
)

// Pick is the best candidate of one field of one document: what the
// extractor reports, with its probability and whether it is right.
type Pick struct {
	Doc     int
	Field   string
	Logit   float64
	Prob    float64
	Correct bool
	Group   bool // in the model's separately calibrated group
	// Present is whether the document has a true value for the field.
	Present bool
}

// Picks chooses the highest-scoring candidate per document and field.
// present[doc][field] says which fields have a true value.
func (m *Model) Picks(examples []Example, present map[int]map[string]bool) []Pick {
	type key struct {
		doc   int
		field string
	}
	best := make(map[key]Pick)
	var keys []key
	for _, e := range examples {
		z := m.Logit(e.Features)
		k := key{e.Doc, e.Field}
		p, ok := best[k]
		if !ok {
			keys = append(keys, k)
		}
		if !ok || z > p.Logit {
			best[k] = Pick{Doc: e.Doc, Field: e.Field, Logit: z, Correct: e.Correct, Group: m.inGroup(e.Features), Present: present[e.Doc][e.Field]}
		}
	}
	out := make([]Pick, len(keys))
	for i, k := range keys {
		p := best[k]
		p.Prob = m.calibrated(p.Logit, p.Group)
		out[i] = p
	}
	return out
}

// Rescore sets the picks' probabilities from their logits with m's
// calibration: for picks scored by other models (cross-fitting).
func (m *Model) Rescore(picks []Pick) []Pick {
	out := make([]Pick, len(picks))
	for i, p := range picks {
		p.Prob = m.calibrated(p.Logit, p.Group)
		out[i] = p
	}
	return out
}

// Calibrate fits Platt scaling, σ(A·z + B), to the picks' logits, apart
// for the picks in the model's group when there are enough of them. It
// calibrates what is reported: the chosen candidate of each field.
func (m *Model) Calibrate(picks []Pick) {
	var in, out []Pick
	for _, p := range picks {
		if p.Group {
			in = append(in, p)
		} else {
			out = append(out, p)
		}
	}
	m.PlattA, m.PlattB = platt(append(out, in...))
	m.GroupA, m.GroupB = m.PlattA, m.PlattB
	if len(out) >= 50 {
		m.PlattA, m.PlattB = platt(out)
	}
	if len(in) >= 50 {
		m.GroupA, m.GroupB = platt(in)
	}
}

// platt fits σ(A·z + B) by Newton's method on the log-likelihood, with
// Platt's smoothed targets so that a perfectly separated set does not
// drive A to infinity.
func platt(picks []Pick) (float64, float64) {
	pos := 0
	for _, p := range picks {
		if p.Correct {
			pos++
		}
	}
	neg := len(picks) - pos
	tPos, tNeg := (float64(pos)+1)/(float64(pos)+2), 1/(float64(neg)+2)
	a, b := 1.0, 0.0
	for range 100 {
		var ga, gb, haa, hab, hbb float64
		for _, p := range picks {
			t := tNeg
			if p.Correct {
				t = tPos
			}
			q := sigmoid(a*p.Logit + b)
			d := q - t
			w := max(q*(1-q), 1e-12)
			ga += d * p.Logit
			gb += d
			haa += w * p.Logit * p.Logit
			hab += w * p.Logit
			hbb += w
		}
		haa += 1e-9
		hbb += 1e-9
		det := haa*hbb - hab*hab
		if det <= 0 {
			break
		}
		da := (hbb*ga - hab*gb) / det
		db := (haa*gb - hab*ga) / det
		// Damped: near separation the Hessian vanishes and a full step
		// would throw A far beyond any useful slope.
		if r := math.Max(math.Abs(da), math.Abs(db)); r > 1 {
			da, db = da/r, db/r
		}
		a, b = max(0.05, min(a-da, 20)), max(-20, min(b-db, 20))
		if math.Abs(da) < 1e-10 && math.Abs(db) < 1e-10 {
			break
		}
	}
	return a, b
}

// ECE is the expected calibration error of picks over 15 equal bins.
func ECE(picks []Pick) float64 {
	const bins = 15
	var n, c, a [bins]float64
	for _, p := range picks {
		k := min(int(p.Prob*bins), bins-1)
		n[k]++
		c[k] += p.Prob
		if p.Correct {
			a[k]++
		}
	}
	e := 0.0
	for k := range n {
		e += math.Abs(c[k]-a[k]) / float64(max(len(picks), 1))
	}
	return e
}

// Threshold is the confidence a field needs to be accepted without a
// person, and what that gave on the split it was derived from.
type Threshold struct {
	Field     string  `json:"field"`
	Min       float64 `json:"min_confidence"`
	Picks     int     `json:"picks"`
	Accepted  int     `json:"accepted"`
	Wrong     int     `json:"wrong"`
	ErrorRate float64 `json:"error_rate"`
}

// OCRSuffix marks the threshold of a field's values read by OCR (the
// model's separately calibrated group): OCR misreads a value with a
// confidence a native text layer never has, so one threshold for both
// would hold native values to OCR's error rate.
const OCRSuffix = "@ocr"

// Key is the threshold a pick is judged by: its field, apart for OCR.
func (p Pick) Key() string {
	if p.Group {
		return p.Field + OCRSuffix
	}
	return p.Field
}

// Thresholds derives per field, and apart for OCR-read values, the lowest
// confidence at which the picks at or above it are wrong in at most
// maxError of cases, and never below floor. A pick with a value where the
// truth has none counts as wrong: a robot would act on it. Fields with
// fewer than minPicks picks get 1, leaving them to a person until there
// is evidence.
//
// At a 0.4 % target a few hundred picks hold one or two errors, and where
// they happen to fall moved a threshold from 0.68 to 1 between two
// trainings on the same corpus that differed in one feature. So the threshold is the median of those of
// bootstrapBy resamples of the picks (seeded, so the same picks give the
// same thresholds); Accepted and Wrong count the picks themselves.
func Thresholds(picks []Pick, maxError, floor float64, minPicks int) []Threshold {
	byField := make(map[string][]Pick)
	for _, p := range picks {
		byField[p.Key()] = append(byField[p.Key()], p)
	}
	fields := make([]string, 0, len(byField))
	for f := range byField {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	var out []Threshold
	for _, f := range fields {
		ps := byField[f]
		// Compare as the extractor reports: rounded to 0.001, below 1.
		for i := range ps {
			ps[i].Prob = Reported(ps[i].Prob)
		}
		t := Threshold{Field: f, Min: 1, Picks: len(ps)}
		if len(ps) >= minPicks {
			t.Min = bootstrapThreshold(f, ps, maxError, floor)
			for _, p := range ps {
				if p.Prob >= t.Min {
					t.Accepted++
					if !p.Correct {
						t.Wrong++
					}
				}
			}
		}
		if t.Accepted > 0 {
			t.ErrorRate = float64(t.Wrong) / float64(t.Accepted)
		}
		out = append(out, t)
	}
	return out
}

// bootstrapBy is the number of resamples a threshold is the median of.
const bootstrapBy = 101

func bootstrapThreshold(field string, ps []Pick, maxError, floor float64) float64 {
	h := fnv.New64a()
	h.Write([]byte(field))
	rng := rand.New(rand.NewPCG(h.Sum64(), uint64(len(ps))))
	mins := make([]float64, bootstrapBy)
	sample := make([]Pick, len(ps))
	for b := range mins {
		for i := range sample {
			sample[i] = ps[rng.IntN(len(ps))]
		}
		mins[b] = threshold(sample, maxError, floor)
	}
	sort.Float64s(mins)
	return mins[len(mins)/2]
}

// threshold is the lowest confidence at which the picks at or above it
// are wrong in at most maxError of cases, never below floor; 1 when no
// confidence is.
func threshold(ps []Pick, maxError, floor float64) float64 {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Prob > ps[j].Prob })
	minConf, wrong := 1.0, 0
	for i, p := range ps {
		if !p.Correct {
			wrong++
		}
		// Accept down to this pick only if the error rate holds and the
		// next pick does not tie with it.
		if float64(wrong) > maxError*float64(i+1) {
			continue
		}
		if i+1 < len(ps) && ps[i+1].Prob == p.Prob {
			continue
		}
		if p.Prob >= floor {
			minConf = p.Prob
		}
	}
	return math.Floor(minConf*1000+0.5) / 1000 // as the extractor rounds confidences
}

// Reported is a probability as the extractor reports it as a confidence:
// rounded to 0.001 and at most 0.999, certainty being kept for exact
// e-invoice values.
func Reported(p float64) float64 {
	return min(math.Floor(p*1000+0.5)/1000, 0.999)
}

// Shared picks per-field thresholds under a shared error budget: the
// routing target is on all auto-accepted fields together, so a field
// whose picks are nearly always right leaves room for one that is
// harder. It tries per-field error rates from maxError upwards and keeps
// the loosest whose accepted picks, over all fields, are still wrong in
// at most maxError of cases.
func Shared(picks []Pick, maxError, floor float64, minPicks int) []Threshold {
	best := Thresholds(picks, maxError, floor, minPicks)
	for _, per := range []float64{1.5, 2, 2.5, 3, 4, 5} {
		th := Thresholds(picks, per*maxError, floor, minPicks)
		acc, wrong := 0, 0
		for _, t := range th {
			acc += t.Accepted
			wrong += t.Wrong
		}
		if float64(wrong) > maxError*float64(acc) {
			break
		}
		best = th
	}
	return best
}

// ThresholdsArtifact is the thresholds file's name in models/artifacts.
const ThresholdsArtifact = "field-thresholds"

// LoadThresholds reads the committed per-field thresholds from fsys,
// checking the digest its manifest records.
func LoadThresholds(fsys fs.FS) (map[string]float64, error) {
	data, _, err := artifacts.Read(fsys, ThresholdsArtifact)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Fields []Threshold `json:"fields"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("ranker: %s: %w", ThresholdsArtifact, err)
	}
	out := make(map[string]float64, len(doc.Fields))
	for _, t := range doc.Fields {
		if t.Min < 0 || t.Min > 1 {
			return nil, fmt.Errorf("ranker: %s: %s: threshold %v is outside 0..1", ThresholdsArtifact, t.Field, t.Min)
		}
		out[t.Field] = t.Min
	}
	return out, nil
}
