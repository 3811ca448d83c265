package ranker

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
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
			best[k] = Pick{Doc: e.Doc, Field: e.Field, Logit: z, Correct: e.Correct, Present: present[e.Doc][e.Field]}
		}
	}
	out := make([]Pick, len(keys))
	for i, k := range keys {
		p := best[k]
		p.Prob = sigmoid(m.PlattA*p.Logit + m.PlattB)
		out[i] = p
	}
	return out
}

// Calibrate fits Platt scaling, σ(A·z + B), to the picks' logits by
// Newton's method on their log-likelihood, with Platt's smoothed targets
// so that a perfectly separated split does not drive A to infinity. It
// calibrates what is reported: the chosen candidate of each field.
func (m *Model) Calibrate(picks []Pick) {
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
		a, b = a-da, b-db
		if math.Abs(da) < 1e-10 && math.Abs(db) < 1e-10 {
			break
		}
	}
	m.PlattA, m.PlattB = a, b
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

// Thresholds derives per field the lowest confidence at which the picks
// at or above it are wrong in at most maxError of cases, and never below
// floor. A pick with a value where the truth has none counts as wrong:
// a robot would act on it. Fields with fewer than minPicks picks get 1,
// leaving them to a person until there is evidence.
func Thresholds(picks []Pick, maxError, floor float64, minPicks int) []Threshold {
	byField := make(map[string][]Pick)
	for _, p := range picks {
		byField[p.Field] = append(byField[p.Field], p)
	}
	fields := make([]string, 0, len(byField))
	for f := range byField {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	var out []Threshold
	for _, f := range fields {
		ps := byField[f]
		sort.Slice(ps, func(i, j int) bool { return ps[i].Prob > ps[j].Prob })
		t := Threshold{Field: f, Min: 1, Picks: len(ps)}
		if len(ps) >= minPicks {
			wrong := 0
			for i, p := range ps {
				if !p.Correct {
					wrong++
				}
				// Accept down to this pick only if the error rate holds and
				// the next pick does not tie with it.
				if float64(wrong) > maxError*float64(i+1) {
					continue
				}
				if i+1 < len(ps) && ps[i+1].Prob == p.Prob {
					continue
				}
				if p.Prob >= floor {
					t.Min, t.Accepted, t.Wrong = p.Prob, i+1, wrong
				}
			}
		}
		if t.Accepted > 0 {
			t.ErrorRate = float64(t.Wrong) / float64(t.Accepted)
		}
		t.Min = math.Floor(t.Min*1000+0.5) / 1000 // as the extractor rounds confidences
		out = append(out, t)
	}
	return out
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
