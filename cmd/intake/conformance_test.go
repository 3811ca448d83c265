package main

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"intake/extractors/einvoice"
	"intake/extractors/pdf"
	"intake/pipeline"
)

var fiveFields = []string{"invoice_number", "issue_date", "currency", "amount_total", "supplier_id"}

// Every e-invoice example goes through the whole command to a schema-valid
// case with the five key fields read exactly from the XML.
func TestEInvoiceExamplesEndToEnd(t *testing.T) {
	data := sharedData(t)
	files := glob(t, data,
		"en16931/ubl/examples/*", "en16931/cii/examples/*", "en16931/test/testfiles/*",
		"peppol-bis3/examples/*", "oioubl/test/data/parse/*.xml",
		"zugferd/XML-Rechnung/CII/*.xml", "zugferd/XML-Rechnung/UBL/*.xml")
	code, stdout, stderr := runCLI(t, append([]string{"process"}, files...)...)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	n := 0
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		n++
		if err := pipeline.ValidateCase(sc.Bytes()); err != nil {
			t.Fatalf("case %d: %v", n, err)
		}
		var c pipeline.CaseFile
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		if c.Document.TextSource != "xml" || c.DocType == nil || c.DocType.Confidence != 1 {
			t.Errorf("%s: text_source %q doc_type %+v", c.Document.Source, c.Document.TextSource, c.DocType)
		}
		for _, f := range fiveFields {
			if got, ok := c.Fields[f]; !ok || got.Confidence != 1 || got.Path == "" {
				t.Errorf("%s: %s = %+v, want an exact value with its XML path", c.Document.Source, f, got)
			}
		}
	}
	// Same content twice (a UBL example copied into two folders) is one case.
	if n == 0 || n > len(files) {
		t.Fatalf("%d cases for %d files", n, len(files))
	}
	t.Logf("%d files, %d cases", len(files), n)
}

var ciiValue = map[string]*regexp.Regexp{
	"invoice_number": regexp.MustCompile(`(?s)<rsm:ExchangedDocument>.*?<ram:ID>([^<]+)</ram:ID>`),
	"issue_date":     regexp.MustCompile(`(?s)<rsm:ExchangedDocument>.*?<ram:IssueDateTime>\s*<udt:DateTimeString format="102">(\d{8})<`),
	"currency":       regexp.MustCompile(`<ram:InvoiceCurrencyCode>([A-Z]{3})<`),
	"amount_total":   regexp.MustCompile(`<ram:GrandTotalAmount(?: currencyID="[A-Z]+")?>([-0-9.]+)<`),
}

// Every hybrid PDF: the five fields come from the embedded XML, exactly.
func TestHybridPDFsUseEmbeddedInvoice(t *testing.T) {
	data := sharedData(t)
	files := glob(t, data, "zugferd/symtrax/Beispiele/*/*.pdf", "zugferd/XML-Rechnung/FX/*.pdf")
	o := &pipelineOptions{workers: 2, maxBytes: pipeline.DefaultIngestConfig().MaxBytes}
	a, err := o.build()
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	err = processAll(t.Context(), a.runner, files, 2, func(r result) error {
		if r.err != nil {
			t.Errorf("%s: %v", r.path, r.err)
			return nil
		}
		raw, _ := os.ReadFile(r.path)
		_, x, err := pdf.EmbeddedXML(raw)
		if err != nil || x == nil {
			t.Errorf("%s: no embedded XML (%v)", r.path, err)
			return nil
		}
		inv, err := einvoice.Parse(x, einvoice.DefaultLimits())
		if err != nil {
			t.Errorf("%s: embedded XML: %v", r.path, err)
			return nil
		}
		if r.doc.TextSource != pipeline.SourceNative || len(r.doc.Pages) == 0 {
			t.Errorf("%s: the visible text was not kept", r.path)
		}
		for _, f := range fiveFields {
			got, want := r.doc.Fields[f], inv.Fields[f]
			if want.Value == "" {
				t.Errorf("%s: the embedded XML has no %s", r.path, f)
				continue
			}
			if got.Value != want.Value || got.Confidence != 1 {
				t.Errorf("%s: %s = %q (%.2f), want %q from the XML", r.path, f, got.Value, got.Confidence, want.Value)
			}
			if re := ciiValue[f]; re != nil {
				m := re.FindSubmatch(x)
				if m == nil {
					t.Errorf("%s: test regexp finds no %s", r.path, f)
				} else if v := normalizeRaw(f, string(m[1])); v != got.Value {
					t.Errorf("%s: %s = %q, the XML says %q", r.path, f, got.Value, v)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func normalizeRaw(field, v string) string {
	v = strings.TrimSpace(v)
	switch field {
	case "issue_date":
		return v[:4] + "-" + v[4:6] + "-" + v[6:8]
	case "amount_total":
		if !strings.Contains(v, ".") {
			v += "."
		}
		for len(v)-strings.Index(v, ".") < 3 {
			v += "0"
		}
		return v
	}
	return v
}
