package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"intake/pipeline"
)

// Hostile and broken inputs are quarantined with their reason, the run
// exits 3, and the good documents of the same run are processed.
func TestHostileInputQuarantined(t *testing.T) {
	data := sharedData(t)
	in := t.TempDir()
	good := map[string]string{
		"good-ubl.xml": filepath.Join(data, "peppol-bis3/examples/base-example.xml"),
		"good-cii.xml": filepath.Join(data, "en16931/cii/examples/CII_example1.xml"),
		"good-pdf.pdf": filepath.Join(data, "zugferd/XML-Rechnung/FX/EN16931_Einfach.pdf"),
	}
	for name, src := range good {
		copyFile(t, src, filepath.Join(in, name))
	}
	pdfBytes, err := os.ReadFile(good["good-pdf.pdf"])
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(in, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("truncated.pdf", pdfBytes[:len(pdfBytes)/3])
	write("text-named.pdf", []byte("Dear sir, please find our invoice attached.\n"))
	write("empty.pdf", nil)
	// An invoice root, so the depth limit and not the root check refuses it.
	write("deep.xml", []byte(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">`+
		strings.Repeat("<a>", 10000)+strings.Repeat("</a>", 10000)+`</Invoice>`))
	write("zero.png", nil)
	write("encrypted.pdf", encryptPDF(t, pdfBytes))

	want := map[string]string{ // file → reason code prefix
		"truncated.pdf":  "pdf.corrupt",
		"text-named.pdf": "input.wrong_type",
		"empty.pdf":      "input.empty",
		"deep.xml":       "xml.too_deep",
		"zero.png":       "input.empty",
		"encrypted.pdf":  "pdf.encrypted",
	}
	out := t.TempDir()
	code, _, stderr := runCLI(t, "process", "--out", out, in)
	if code != exitQuarantined {
		t.Fatalf("exit %d, want %d\n%s", code, exitQuarantined, stderr)
	}
	cases := readCases(t, out)
	// empty.pdf and zero.png have the same (empty) content: one case.
	if len(cases) != len(good)+len(want)-1 {
		t.Fatalf("%d case files, want %d:\n%s", len(cases), len(good)+len(want)-1, stderr)
	}
	for name := range good {
		c, ok := cases[filepath.Join(in, name)]
		if !ok {
			t.Fatalf("no case for good input %s", name)
		}
		if c.Route.To == pipeline.ToQuarantine {
			t.Errorf("%s quarantined: %+v", name, c.Route.Reasons)
		}
		if c.Fields["invoice_number"].Value == "" {
			t.Errorf("%s: no invoice number read", name)
		}
	}
	for name, code := range want {
		c, ok := cases[filepath.Join(in, name)]
		if !ok {
			if name == "zero.png" || name == "empty.pdf" {
				continue // the empty content's case is under the other name
			}
			t.Fatalf("no case for %s", name)
		}
		if c.Route.To != pipeline.ToQuarantine || !strings.HasPrefix(c.Route.Reasons[0].Code, code) {
			t.Errorf("%s: route %s %+v, want quarantine %s", name, c.Route.To, c.Route.Reasons, code)
		}
		if !strings.Contains(stderr, name) {
			t.Errorf("stderr does not name %s:\n%s", name, stderr)
		}
	}
}

func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func encryptPDF(t testing.TB, in []byte) []byte {
	t.Helper()
	conf := model.NewAESConfiguration("user-secret", "owner-secret", 256)
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(in), &out, conf); err != nil {
		t.Fatalf("encrypt: %v", err)
	}
	return out.Bytes()
}
