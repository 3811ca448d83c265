package fuzzy

import "testing"

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"kitten", "sitting", 3},
		{"Skolmöbler", "Skolmåbler", 1}, {"5593265688", "5593265688", 0}, {"ab", "ba", 2},
	} {
		if got := Distance([]rune(tc.a), []rune(tc.b)); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Årskurs": "arskurs", "Fälligkeit": "falligkeit", "Bærbar": "baerbar", "Straße": "strasse",
		"Økonomi Ñandú": "okonomi nandu", "Žabka Łeba Čech": "zabka leba cech", "1\u00a0234": "1 234",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
