package rules

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func schoolSet(t *testing.T, seOverride string) *Set {
	b, err := fs.ReadFile(Builtin(), "school_transport.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	if seOverride != "" {
		src = strings.Replace(src, "    default: [2,", "    "+seOverride+"\n    default: [2,", 1)
	}
	all := map[string]CheckFunc{"cpr": func(string) bool { return true }, "personnummer": func(string) bool { return true }}
	s, err := Load(fstest.MapFS{"school_transport.yaml": {Data: []byte(src)}}, all)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDistanceThresholds(t *testing.T) {
	base := schoolSet(t, "")
	own := schoolSet(t, `"Björkviks kommun": [1, 1, 1, 1, 5, 5, 5, 6, 6, 6]`)
	for _, c := range []struct {
		set          *Set
		country, mun string
		grade        string
		km           float64
		want         bool
	}{
		{base, "DK", "Vesterå Kommune", "0", 2.4, true},
		{base, "DK", "Vesterå Kommune", "0", 2.5, false},
		{base, "DK", "Vesterå Kommune", "5", 5.9, true},
		{base, "DK", "Vesterå Kommune", "8", 6.9, true},
		{base, "DK", "Vesterå Kommune", "10", 8.9, true},
		{base, "DK", "Vesterå Kommune", "10", 9.1, false},
		{base, "SE", "Björkviks kommun", "2", 1.9, true},
		{base, "SE", "Björkviks kommun", "5", 3.1, false},
		{own, "SE", "Björkviks kommun", "2", 1.9, false}, // the municipality's own, lower threshold
		{own, "SE", "Björkviks kommun", "5", 4.0, true},
		{own, "SE", "Granåsa kommun", "2", 1.9, true}, // others keep the default
	} {
		in := Input{DocType: "school_transport_application",
			Fields: map[string]string{"reason": "distance", "grade": c.grade, "signed_date": "2024-05-01"},
			Facts:  map[string]any{"registers": true, "country": c.country, "municipality": c.mun, "distance_km": c.km, "distance_evidence": "x"}}
		got := false
		for _, f := range c.set.Evaluate(in) {
			got = got || f.Rule == "school_transport_application.distance_above_threshold"
		}
		if got != c.want {
			t.Errorf("%s %s grade %s %.1f km: finding %v, want %v", c.country, c.mun, c.grade, c.km, got, c.want)
		}
	}
}

func TestTrafficAndMedicalAreInfo(t *testing.T) {
	s := schoolSet(t, "")
	for reason, rule := range map[string]string{"traffic_danger": "traffic_danger_assessment", "illness_disability": "medical_assessment"} {
		got := s.Evaluate(Input{DocType: "school_transport_application", Fields: map[string]string{"reason": reason, "signed_date": "2024-05-01"}})
		if len(got) == 0 || got[0].Rule != "school_transport_application."+rule || got[0].Severity != "info" {
			t.Errorf("%s: %+v", reason, got)
		}
	}
}
