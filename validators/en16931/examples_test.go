package en16931

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"intake/pipeline"
)

// knownInvalid are example files that are invalid on purpose or by
// mistake upstream, with the rules they break and why.
var knownInvalid = map[string]string{
	"oioubl/test/data/parse/negative-rounding_real.xml":                                                "the data README marks it known-invalid: payable 113.62 with rounding -0.01 on a total of 113.62 breaks BR-CO-16",
	"oioubl/test/data/parse/used-invoice_real.xml":                                                     "its own comment: the official OIOUBL validator rejects it with 24 errors; payable 6969.00 != 7000.00 - 50.00 + 0.25 breaks BR-CO-16",
	"zugferd/XML-Rechnung/UBL/not_validating_full_invoice_based_onTest_EeISI_300_CENfullmodel.ubl.xml": "invalid upstream by name: BT-106 200 against lines summing to 2000 (BR-CO-10), BT-112 205 != 200 + 50 (BR-CO-15)",
	"peppol-bis3/national-examples/GR/GR-base-example-TaxRepresentative.xml":                           "the seller has no PartyLegalEntity/RegistrationName, BT-27 (BR-06)",
}

// exampleFiles lists the valid example invoices of the shared corpus.
func exampleFiles(t testing.TB) []string {
	base := sharedData(t)
	var out []string
	for _, dir := range []string{"en16931/ubl/examples", "en16931/cii/examples", "en16931/test/testfiles", "peppol-bis3", "oioubl/test/data/parse", "zugferd/XML-Rechnung"} {
		filepath.WalkDir(filepath.Join(base, dir), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".xml") {
				out = append(out, p)
			}
			return nil
		})
	}
	sort.Strings(out)
	return out
}

func TestExamplesValid(t *testing.T) {
	base := sharedData(t)
	files := exampleFiles(t)
	var docs, clean int
	for _, f := range files {
		rel, _ := filepath.Rel(base, f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inv, err := Parse(data)
		if err != nil {
			continue // not an e-invoice (snippets, JSON twins, other roots)
		}
		docs++
		var errs []string
		for _, v := range Validate(inv) {
			if v.Rule.Severity == pipeline.SeverityError {
				errs = append(errs, v.Rule.ID+" "+v.Detail+" @"+v.Path)
			}
		}
		if len(errs) == 0 {
			clean++
			continue
		}
		if why, ok := knownInvalid[rel]; ok {
			t.Logf("%s: known invalid (%s): %d errors", rel, why, len(errs))
			continue
		}
		t.Errorf("%s: %d errors:\n  %s", rel, len(errs), strings.Join(errs, "\n  "))
	}
	t.Logf("%d e-invoices, %d without error findings", docs, clean)
}

// TestExamplesPeppol applies the optional Peppol rules to the examples
// that declare Peppol BIS 3: the Peppol and Swedish examples hold them;
// the ZUGFeRD UBL twins, conversions that declare Peppol BIS 3 without
// being Peppol documents, break the envelope rules (no electronic
// addresses: R010, R020) and a few others.
func TestExamplesPeppol(t *testing.T) {
	base := sharedData(t)
	counts := map[string]int{}
	var peppol int
	for _, f := range exampleFiles(t) {
		rel, _ := filepath.Rel(base, f)
		data, _ := os.ReadFile(f)
		inv, err := Parse(data)
		if err != nil || inv.Profile() != ProfilePeppol {
			continue
		}
		peppol++
		for _, v := range ValidateWith(inv, Options{Peppol: true}) {
			if !strings.HasPrefix(v.Rule.ID, "PEPPOL-") {
				continue
			}
			if strings.HasPrefix(rel, "zugferd/") {
				counts[v.Rule.ID]++
				continue
			}
			t.Errorf("%s: %s %s @%s", rel, v.Rule.ID, v.Detail, v.Path)
		}
	}
	t.Logf("%d examples declare Peppol BIS 3; Peppol rule violations in the ZUGFeRD UBL twins: %v", peppol, counts)
}
