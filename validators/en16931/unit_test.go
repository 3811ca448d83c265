package en16931

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func sharedData(t testing.TB) string {
	dir := os.Getenv("INTAKE_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	dir = filepath.Join(dir, "data")
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("shared data folder missing (%v): the conformance data must be beside the repository", err)
	}
	return dir
}

// unitCase is one <test> of a VEFA test set.
type unitCase struct {
	file    string
	index   int
	rule    string
	success bool // <success>: the rule must hold; <error>: it must fire
	inv     *Invoice
}

func loadUnitCases(t *testing.T) []unitCase {
	base := filepath.Join(sharedData(t), "en16931", "test")
	var out []unitCase
	for _, dir := range []string{"Invoice-unit-UBL", "CreditNote-unit-UBL", "cii"} {
		files, err := filepath.Glob(filepath.Join(base, dir, "*.xml"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no test sets (%v)", dir, err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			root, err := decode(data)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			for i, test := range root.all("?:test") {
				assert := test.child("?:assert")
				var doc *Invoice
				for _, k := range test.kids {
					if inv := fromElement(k); inv != nil {
						doc = inv
					}
				}
				if doc == nil {
					t.Fatalf("%s test %d: no document", f, i+1)
				}
				for _, k := range assert.kids {
					if k.name == "?:success" || k.name == "?:error" {
						out = append(out, unitCase{file: dir + "/" + filepath.Base(f), index: i + 1, rule: k.text, success: k.name == "?:success", inv: doc})
					}
				}
			}
		}
	}
	return out
}

// TestUnitSets runs every <test> of the EN 16931 test sets
// (en16931/test: Invoice-unit-UBL, CreditNote-unit-UBL, cii) and checks
// that each rule implemented here holds (<success>) or fires (<error>)
// as the set expects. Every asserted rule is implemented.
func TestUnitSets(t *testing.T) {
	cases := loadUnitCases(t)
	known := map[string]bool{}
	for _, r := range Rules() {
		known[r.ID] = true
	}
	var checked, passed int
	skipped := map[string]int{}
	for _, c := range cases {
		if !known[c.rule] {
			skipped[c.rule]++
			continue
		}
		checked++
		var fired []Violation
		for _, v := range validate(c.inv, ProfilePeppol, Options{Peppol: true}) {
			if v.Rule.ID == c.rule {
				fired = append(fired, v)
			}
		}
		switch {
		case c.success && len(fired) > 0:
			t.Errorf("%s test %d: %s should hold, fired: %s at %s", c.file, c.index, c.rule, fired[0].Detail, fired[0].Path)
		case !c.success && len(fired) == 0:
			t.Errorf("%s test %d: %s should fire, held", c.file, c.index, c.rule)
		default:
			passed++
		}
	}
	var names []string
	for k, n := range skipped {
		names = append(names, k+"×"+itoa(n))
	}
	sort.Strings(names)
	t.Logf("%d assertions: %d on implemented rules (%d reproduced), %d on rules left out: %s",
		len(cases), checked, passed, len(cases)-checked, strings.Join(names, " "))
	if checked < len(cases) {
		t.Errorf("%d of %d assertions on rules not implemented", len(cases)-checked, len(cases))
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
