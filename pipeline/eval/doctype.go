package eval

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"intake/pipeline"
)

// eceBins is the number of equal-width confidence bins of the ECE.
const eceBins = 10

// Confusion counts documents by true type (outer key) and predicted type.
type Confusion map[string]map[string]int

// typeScore keeps what the doc_type confusion matrix and ECE need.
type typeScore struct {
	confusion Confusion
	conf      []float64
	correct   []bool
}

func (s *typeScore) add(got pipeline.Label, want string) {
	if s.confusion == nil {
		s.confusion = Confusion{}
	}
	if s.confusion[want] == nil {
		s.confusion[want] = map[string]int{}
	}
	s.confusion[want][got.Value]++
	s.conf = append(s.conf, got.Confidence)
	s.correct = append(s.correct, got.Value == want)
}

func (s *typeScore) report() (float64, Confusion) {
	c := Confusion{}
	for t, row := range s.confusion {
		c[t] = maps.Clone(row)
	}
	return ECE(s.conf, s.correct, eceBins), c
}

// ECE is the expected calibration error of confidences: over equal-width
// bins, the gap between mean confidence and accuracy, weighted by the
// share of documents in the bin. 0 is perfectly calibrated.
func ECE(conf []float64, correct []bool, bins int) float64 {
	if len(conf) == 0 || bins < 1 {
		return 0
	}
	gap := make([]float64, bins)
	for i, c := range conf {
		b := min(max(int(c*float64(bins)), 0), bins-1)
		gap[b] += c
		if correct[i] {
			gap[b]--
		}
	}
	e := 0.0
	for _, g := range gap {
		e += math.Abs(g)
	}
	return e / float64(len(conf))
}

// Format renders the matrix: true types as rows, predicted types as
// columns (abbreviated), in pipeline.DocTypes order, then any other
// predicted value ("(none)" when nothing was decided).
func (c Confusion) Format() string {
	cols := slices.Clone(pipeline.DocTypes)
	for _, row := range c {
		for got := range row {
			if !slices.Contains(cols, got) {
				cols = append(cols, got)
			}
		}
	}
	slices.Sort(cols[len(pipeline.DocTypes):])
	var b strings.Builder
	fmt.Fprintf(&b, "%-30s", "doc_type (rows truth, cols got)")
	for _, col := range cols {
		fmt.Fprintf(&b, " %8s", abbrev(col))
	}
	b.WriteByte('\n')
	for _, t := range cols {
		row, ok := c[t]
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "%-30s", t)
		for _, col := range cols {
			fmt.Fprintf(&b, " %8d", row[col])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// abbrev shortens a type name to a column head.
func abbrev(t string) string {
	if t == "" {
		return "(none)"
	}
	return t[:min(len(t), 8)]
}
