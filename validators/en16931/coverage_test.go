package en16931

import (
	"fmt"
	"strings"
	"testing"
)

// official lists the rule ids of the EN 16931 validation artefacts
// (model and code list patterns of EN16931-UBL/CII 1.3.x), by group.
func official() map[string][]string {
	seq := func(prefix string, from, to int, skip ...int) []string {
		var out []string
	next:
		for i := from; i <= to; i++ {
			for _, s := range skip {
				if i == s {
					continue next
				}
			}
			out = append(out, fmt.Sprintf("%s-%02d", prefix, i))
		}
		return out
	}
	vat := []string{}
	for _, g := range []struct {
		p string
		n int
	}{{"BR-S", 10}, {"BR-Z", 10}, {"BR-E", 10}, {"BR-AE", 10}, {"BR-IC", 12}, {"BR-G", 10}, {"BR-O", 14}, {"BR-AF", 10}, {"BR-AG", 10}} {
		vat = append(vat, seq(g.p, 1, g.n)...)
	}
	return map[string][]string{
		// BR-34, 35, 39, 40 and 58 to 60 were withdrawn from the standard.
		"BR":     seq("BR", 1, 67, 34, 35, 39, 40, 58, 59, 60),
		"BR-CO":  seq("BR-CO", 3, 26),
		"BR-B":   seq("BR-B", 1, 2),
		"VAT":    vat,
		"BR-DEC": seq("BR-DEC", 1, 28, 3, 4, 7, 8, 21, 22, 26),
		"BR-CL":  seq("BR-CL", 1, 26, 2, 9, 12),
	}
}

// TestCoverage counts the official rules implemented per group and holds
// the BR, BR-CO and VAT category groups to at least 90 %. The rules left
// out are listed in doc.go with the reason.
func TestCoverage(t *testing.T) {
	have := map[string]bool{}
	for _, r := range Rules() {
		have[r.ID] = true
	}
	var core, coreHave int
	for _, group := range []string{"BR", "BR-CO", "BR-B", "VAT", "BR-DEC", "BR-CL"} {
		ids := official()[group]
		var missing []string
		for _, id := range ids {
			if !have[id] {
				missing = append(missing, id)
			}
		}
		n := len(ids) - len(missing)
		t.Logf("%-6s %3d of %3d implemented; left out: %s", group, n, len(ids), strings.Join(missing, " "))
		if group != "BR-DEC" && group != "BR-CL" {
			core += len(ids)
			coreHave += n
		}
	}
	pct := 100 * float64(coreHave) / float64(core)
	t.Logf("BR, BR-CO, BR-B and VAT category rules: %d of %d (%.1f %%)", coreHave, core, pct)
	if pct < 90 {
		t.Errorf("only %.1f %% of the BR, BR-CO and VAT category rules implemented", pct)
	}
}

func TestTranslations(t *testing.T) {
	n := 0
	for _, r := range Rules() {
		if da, sv, ok := translation(r.ID); ok {
			n++
			if strings.Contains(da+sv, "%!") {
				t.Errorf("%s: %q / %q", r.ID, da, sv)
			}
		}
	}
	if da, _, _ := translation("BR-S-08"); !strings.Contains(da, "normalsats") {
		t.Errorf("BR-S-08: %q", da)
	}
	t.Logf("%d of %d rules have Danish and Swedish texts", n, len(Rules()))
}

func TestTranslatedRulesExist(t *testing.T) {
	have := map[string]bool{}
	for _, r := range Rules() {
		have[r.ID] = true
	}
	for id, m := range translated {
		if !have[id] || m[0] == "" || m[1] == "" {
			t.Errorf("translation for %s: no such rule or an empty text", id)
		}
	}
}
