package einvoice

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"intake/pipeline"
)

// benchFiles are typical invoices of each syntax, plus the largest
// example (a 3.3 MB UBL invoice carrying a base64 PDF attachment).
var benchFiles = []string{
	"peppol-bis3/examples/base-example.xml",              // Peppol BIS 3, 9 KB
	"en16931/test/testfiles/BIS_Billing_30-Telefoni.xml", // Swedish Peppol, 12 lines
	"oioubl/test/data/parse/used-invoice_real.xml",       // OIOUBL 2.01, 47 KB
	"en16931/cii/examples/CII_example1.xml",              // CII, 20 lines
	"zugferd/XML-Rechnung/CII/EN16931_Einfach.cii.xml",   // ZUGFeRD
	"en16931/ubl/examples/FT G2G_TD01 con Allegato, Bonifico e Split Payment.xml",
}

func BenchmarkParse(b *testing.B) {
	for _, g := range benchFiles {
		data := readFile(b, corpus(b, g)[0])
		name := strings.TrimSuffix(filepath.Base(g), filepath.Ext(g))
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(data, DefaultLimits()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRead is the whole XML path of the pipeline: parse, apply, lay
// out the page.
func BenchmarkRead(b *testing.B) {
	data := readFile(b, corpus(b, benchFiles[0])[0])
	r := &Reader{}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		doc := &pipeline.Document{Data: data}
		if err := r.Read(context.Background(), doc); err != nil {
			b.Fatal(err)
		}
	}
}
