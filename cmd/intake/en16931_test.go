package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intake/extractors/pdf"
	"intake/pipeline"
	"intake/validators/en16931"
)

// A known-bad e-invoice (the Peppol base example with its amount due cut)
// reaches the case file with its EN 16931 finding; the untouched example
// carries no EN 16931 error.
func TestEN16931FindingInCaseFile(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(sharedData(t), "peppol-bis3", "examples", "base-example.xml"))
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(good), `<cbc:PayableAmount currencyID="EUR">1656.25</cbc:PayableAmount>`,
		`<cbc:PayableAmount currencyID="EUR">1600.00</cbc:PayableAmount>`, 1)
	if bad == string(good) {
		t.Fatal("fixture changed: no PayableAmount 1656.25")
	}
	dir := t.TempDir()
	badPath, goodPath := filepath.Join(dir, "bad.xml"), filepath.Join(dir, "good.xml")
	if err := os.WriteFile(badPath, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(goodPath, good, 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "process", badPath, goodPath)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	cases := map[string]pipeline.CaseFile{}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if err := pipeline.ValidateCase([]byte(line)); err != nil {
			t.Fatal(err)
		}
		var c pipeline.CaseFile
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatal(err)
		}
		cases[filepath.Base(c.Document.Source)] = c
	}
	var hit bool
	for _, f := range cases["bad.xml"].Findings {
		if f.Rule == "BR-CO-16" {
			hit = true
			if f.Severity != pipeline.SeverityError || !strings.Contains(f.Evidence, "cbc:PayableAmount") || f.Message.DA == "" ||
				!strings.Contains(strings.Join(f.Fields, " "), "amount_due") {
				t.Errorf("BR-CO-16 finding %+v", f)
			}
		}
	}
	if !hit {
		t.Errorf("bad.xml: no BR-CO-16 in %+v", cases["bad.xml"].Findings)
	}
	if cases["bad.xml"].Route.To == pipeline.ToRobot {
		t.Errorf("bad.xml routed to the robot despite an error finding")
	}
	if v := cases["good.xml"].Versions.Rules["en16931"]; v == "" {
		t.Errorf("good.xml: no en16931 rule version in %+v", cases["good.xml"].Versions)
	}
	for _, f := range cases["good.xml"].Findings {
		if strings.HasPrefix(f.Rule, "BR-") && f.Severity == pipeline.SeverityError {
			t.Errorf("good.xml: %s %s", f.Rule, f.Evidence)
		}
	}
}

// knownHybridFindings are EN 16931 errors the embedded XML of the
// ZUGFeRD corpus really has.
var knownHybridFindings = map[string]string{
	"zugferd_2p1_EXTENDED_Fremdwaehrung.pdf BR-CL-19": "a line allowance coded ADZ, a UNCL7161 charge code, which EXTENDED allows and EN 16931 does not",
}

// The invoices embedded in the ZUGFeRD PDFs validate without EN 16931
// errors (MINIMUM and BASIC WL declare themselves below EN 16931 and are
// not checked), and the stage reads them through the PDF in the pipeline.
func TestEN16931HybridPDFs(t *testing.T) {
	files := glob(t, sharedData(t), "zugferd/symtrax/Beispiele/*/*.pdf", "zugferd/XML-Rechnung/FX/*.pdf")
	profiles := map[string]int{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, x, err := pdf.EmbeddedXML(raw)
		if err != nil || x == nil {
			t.Errorf("%s: no embedded XML (%v)", f, err)
			continue
		}
		inv, err := en16931.Parse(x)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		profiles[inv.Profile()]++
		for _, fd := range en16931.Findings(inv, pipeline.TypeInvoice) {
			key := filepath.Base(f) + " " + fd.Rule
			if fd.Severity != pipeline.SeverityError {
				continue
			}
			if why, ok := knownHybridFindings[key]; ok {
				t.Logf("%s: known (%s)", key, why)
				continue
			}
			t.Errorf("%s: %s", key, fd.Evidence)
		}
	}
	t.Logf("%d hybrid PDFs by profile: %v", len(files), profiles)

	code, stdout, stderr := runCLI(t, "process", files[0])
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	var c pipeline.CaseFile
	if err := json.Unmarshal([]byte(stdout), &c); err != nil {
		t.Fatal(err)
	}
	if c.Versions.Rules["en16931"] == "" {
		t.Errorf("%s: the en16931 stage did not read the embedded invoice: %+v", files[0], c.Versions)
	}
}
