package pipeline

import "testing"

// Learned thresholds fill the fields the routing file leaves open; a
// threshold written in the file wins.
func TestWithLearnedThresholds(t *testing.T) {
	c := RoutingConfig{Version: "t", MinFieldConfidence: 0.9, FieldConfidence: map[string]float64{"amount_total": 0.95}}
	got := c.WithLearnedThresholds(map[string]float64{"amount_total": 0.6, "iban": 0.55})
	if v := got.FieldThreshold("amount_total"); v != 0.95 {
		t.Errorf("amount_total %v, want the file's 0.95", v)
	}
	if v := got.FieldThreshold("iban"); v != 0.55 {
		t.Errorf("iban %v, want the learned 0.55", v)
	}
	if v := got.FieldThreshold("currency"); v != 0.9 {
		t.Errorf("currency %v, want the default 0.9", v)
	}
	if len(c.FieldConfidence) != 1 {
		t.Error("the original config was changed")
	}
}
