package en16931

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"intake/pipeline"
)

func example(t testing.TB, rel string) []byte {
	b, err := os.ReadFile(filepath.Join(sharedData(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestStage(t *testing.T) {
	good := example(t, "peppol-bis3/examples/base-example.xml")
	bad := strings.Replace(string(good), "<cbc:PayableAmount currencyID=\"EUR\">1656.25</cbc:PayableAmount>",
		"<cbc:PayableAmount currencyID=\"EUR\">1600.00</cbc:PayableAmount>", 1)
	if bad == string(good) {
		t.Fatal("fixture changed: no PayableAmount 1656.25")
	}
	tests := []struct {
		name       string
		doc        pipeline.Document
		wantRule   string
		wantNoneOf string
	}{
		{"valid", pipeline.Document{Data: good, Structured: true, TextSource: pipeline.SourceXML}, "", "BR-"},
		{"payable off", pipeline.Document{Data: []byte(bad), Structured: true, TextSource: pipeline.SourceXML}, "BR-CO-16", ""},
		{"not structured", pipeline.Document{Data: []byte(bad), TextSource: pipeline.SourceNative}, "", "BR-"},
		{"replaces field rule", pipeline.Document{Data: good, Structured: true, TextSource: pipeline.SourceXML,
			Findings: []pipeline.Finding{{Rule: "BR-CO-16", Severity: pipeline.SeverityError}}}, "", "BR-CO-16"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := (&Stage{}).Process(t.Context(), &tc.doc); err != nil {
				t.Fatal(err)
			}
			for _, f := range tc.doc.Findings {
				if tc.wantNoneOf != "" && strings.HasPrefix(f.Rule, tc.wantNoneOf) && f.Severity == pipeline.SeverityError {
					t.Errorf("unexpected %s: %s", f.Rule, f.Evidence)
				}
			}
			if tc.wantRule == "" {
				return
			}
			for _, f := range tc.doc.Findings {
				if f.Rule == tc.wantRule {
					if f.Severity != pipeline.SeverityError || f.Message.DA == "" || f.Message.SV == "" || !strings.Contains(f.Evidence, "cbc:PayableAmount") || len(f.Fields) == 0 {
						t.Errorf("finding %+v", f)
					}
					return
				}
			}
			t.Errorf("no %s in %+v", tc.wantRule, tc.doc.Findings)
		})
	}
}

func TestParseRefusesDoctype(t *testing.T) {
	_, err := Parse([]byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>`))
	if err == nil {
		t.Fatal("DOCTYPE accepted")
	}
	deep := strings.Repeat("<a>", maxDepth+1) + strings.Repeat("</a>", maxDepth+1)
	if _, err := Parse([]byte(deep)); err == nil {
		t.Fatal("deep nesting accepted")
	}
}

func TestParseUTF16(t *testing.T) {
	doc := `<?xml version="1.0" encoding="UTF-16"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>Æ-1</cbc:ID></Invoice>`
	b := []byte{0xFF, 0xFE}
	for _, r := range doc {
		b = append(b, byte(r), byte(r>>8))
	}
	inv, err := Parse(b)
	if err != nil || inv.ID.Text != "Æ-1" {
		t.Fatalf("utf-16: %v %+v", err, inv)
	}
}

func TestRound2(t *testing.T) {
	for in, want := range map[string]string{"1.005": "1.01", "-1.005": "-1.00", "2.344": "2.34", "-2.345": "-2.34", "0": "0.00"} {
		r, _ := decimal(in)
		if got := fmtDec(round2(r)); got != want {
			t.Errorf("round2(%s) = %s, want %s", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, rel := range []string{"peppol-bis3/examples/base-example.xml", "en16931/cii/examples/CII_example1.xml", "peppol-bis3/examples/Allowance-example.xml"} {
		if b, err := os.ReadFile(filepath.Join(sharedData(f), rel)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><cbc:ID xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">1</cbc:ID></Invoice>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if inv, err := Parse(b); err == nil {
			Findings(inv, pipeline.TypeInvoice)
		}
	})
}

func BenchmarkValidate(b *testing.B) {
	data := example(b, "peppol-bis3/examples/base-example.xml")
	inv, err := Parse(data)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Validate(inv)
	}
}

func BenchmarkParseAndValidate(b *testing.B) {
	data := example(b, "peppol-bis3/examples/base-example.xml")
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		inv, err := Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		Validate(inv)
	}
}
