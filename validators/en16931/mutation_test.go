package en16931

import (
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// bump adds 1 to the value of the first (last when fromEnd) element named
// name in the raw XML; ok is false when there is none.
func bump(xml, name string, fromEnd bool) (string, bool) {
	re := regexp.MustCompile(`(<` + regexp.QuoteMeta(name) + `(?:\s[^>]*)?>)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(</)`)
	locs := re.FindAllStringSubmatchIndex(xml, -1)
	if len(locs) == 0 {
		return xml, false
	}
	m := locs[0]
	if fromEnd {
		m = locs[len(locs)-1]
	}
	v, _ := decimal(xml[m[4]:m[5]])
	v.Add(v, ratOne)
	return xml[:m[4]] + v.FloatString(2) + xml[m[5]:], true
}

var ratOne = big.NewRat(1, 1)

// TestMutationsDetected takes every example that validates clean, breaks
// one amount and checks that the calculation rule that guards it fires:
// the mapping of both syntaxes reaches the totals, not only the unit-test
// fragments.
func TestMutationsDetected(t *testing.T) {
	base := sharedData(t)
	type mutation struct {
		syntax, element string
		fromEnd         bool
		rule            string
	}
	muts := []mutation{
		{"ubl", "cbc:PayableAmount", false, "BR-CO-16"},
		{"ubl", "cbc:TaxInclusiveAmount", false, "BR-CO-15"},
		{"ubl", "cbc:TaxExclusiveAmount", false, "BR-CO-13"},
		{"ubl", "cbc:TaxAmount", false, "BR-CO-14"},
		{"cii", "ram:DuePayableAmount", true, "BR-CO-16"},
		{"cii", "ram:GrandTotalAmount", true, "BR-CO-15"},
		{"cii", "ram:TaxBasisTotalAmount", true, "BR-CO-13"},
		{"cii", "ram:LineTotalAmount", true, "BR-CO-10"},
		// Without a VAT total (category O) the breakdown's own rule guards it.
		{"cii", "ram:CalculatedAmount", false, "BR-CO-14|BR-O-09"},
	}
	tried, caught := map[string]int{}, map[string]int{}
	for _, f := range exampleFiles(t) {
		rel, _ := filepath.Rel(base, f)
		if _, bad := knownInvalid[rel]; bad {
			continue
		}
		data, _ := os.ReadFile(f)
		inv, err := Parse(data)
		if err != nil || inv.Profile() == ProfileOIOUBL || inv.Profile() == ProfileNone {
			continue
		}
		for _, m := range muts {
			if m.syntax != inv.Syntax {
				continue
			}
			broken, ok := bump(string(data), m.element, m.fromEnd)
			if !ok {
				continue
			}
			key := m.syntax + " " + m.element + " → " + m.rule
			tried[key]++
			inv2, err := Parse([]byte(broken))
			if err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			for _, v := range Validate(inv2) {
				if strings.Contains("|"+m.rule+"|", "|"+v.Rule.ID+"|") {
					caught[key]++
					break
				}
			}
			if caught[key] != tried[key] {
				t.Errorf("%s: %s + 1 not caught by %s", rel, m.element, m.rule)
				caught[key] = tried[key] // report each file once
			}
		}
	}
	var lines []string
	for k, n := range tried {
		lines = append(lines, fmt.Sprintf("%s: %d files", k, n))
	}
	sort.Strings(lines)
	t.Logf("mutations: %s", strings.Join(lines, "; "))
}
