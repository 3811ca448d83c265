package pdf

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"intake/pipeline"
)

// fuzzSeeds are small valid and broken PDFs to mutate.
func fuzzSeeds(t testing.TB) [][]byte {
	one := buildPDF(testPage{content: text(72, 700, "Faktura 1.234,50")})
	return [][]byte{
		one,
		one[:len(one)/2],
		buildPDF(testPage{content: text(72, 700, "x"), rotate: 90, cropBox: "10 10 300 300"}, testPage{content: "q 612 0 0 792 0 0 cm /Im1 Do Q"}),
		buildPDF(testPage{content: text(72, 700, "Name:"), annots: []string{"<< /Type /Annot /Subtype /FreeText /Rect [150 690 350 710] AP >>"}}),
		withAttachments(attachment{name: "factur-x.xml", data: []byte("<Invoice/>"), flate: true}, attachment{name: "a.pdf", data: one}),
		encrypt(t, one, "", "owner"),
		[]byte("%PDF-1.7\n%%EOF\n"),
	}
}

// FuzzEmbeddedXML: any bytes give an answer, never a panic, and a found
// attachment is XML-like and named.
func FuzzEmbeddedXML(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		name, xml, err := EmbeddedXML(data)
		if err != nil && xml != nil {
			t.Fatalf("xml with error %v", err)
		}
		if xml != nil && (name == "" || !looksLikeXML(xml) || len(xml) > maxXMLBytes) {
			t.Fatalf("bad attachment %q: %.40q", name, xml)
		}
	})
}

var fuzzReader = sync.OnceValues(func() (*Reader, error) {
	cfg := testConfig()
	cfg.Embedded = &recorder{}
	return NewReader(cfg)
})

// FuzzRead: any bytes are read or rejected as unreadable, within a
// deadline, and what is read satisfies checkPage.
func FuzzRead(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	r, err := fuzzReader()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		doc := &pipeline.Document{ID: "fuzz", Data: data}
		err := r.Read(ctx, doc)
		var ue *pipeline.UnreadableError
		switch {
		case err == nil:
			if doc.PageCount != len(doc.Pages) || doc.PageCount == 0 {
				t.Fatalf("page count %d with %d pages", doc.PageCount, len(doc.Pages))
			}
			for _, p := range doc.Pages {
				checkBoxes(t, p)
			}
		case errors.As(err, &ue):
		default:
			t.Fatalf("machinery error on input: %v", err)
		}
	})
}

// checkBoxes is the part of checkPage that holds for any input: sizes and
// boxes inside the page. (Reading order cannot be checked on arbitrary
// layouts, where "line" has no single meaning.)
func checkBoxes(t *testing.T, p pipeline.Page) {
	t.Helper()
	if !(p.Width > 0 && p.Height > 0) {
		t.Fatalf("page %d: size %gx%g", p.Number, p.Width, p.Height)
	}
	for _, w := range p.Words {
		b := w.Box
		if w.Text == "" || !(b.X0 >= 0 && b.Y0 >= 0 && b.X1 <= p.Width && b.Y1 <= p.Height && b.X0 <= b.X1 && b.Y0 <= b.Y1) {
			t.Fatalf("page %d: word %q box %+v on %gx%g", p.Number, w.Text, b, p.Width, p.Height)
		}
	}
}
