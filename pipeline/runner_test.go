package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// fakeReader reads "text/plain"-free test media: it accepts PDFs and gives
// one page, or fails as told.
type fakeReader struct{ err error }

func (fakeReader) Accepts(mt string) bool { return mt == MediaPDF }
func (f fakeReader) Read(_ context.Context, d *Document) error {
	if f.err != nil {
		return f.err
	}
	d.Pages = []Page{{Number: 1, Width: 595, Height: 842, Words: []Word{{Text: "Faktura", Box: Box{10, 10, 50, 20}, Conf: 1}}}}
	d.PageCount = 1
	d.TextSource = SourceNative
	return nil
}

func setFields(conf float64, fields map[string]string) Stage {
	return StageFunc{StageName: "extract", Fn: func(_ context.Context, d *Document) error {
		d.Type = Label{Value: TypeInvoice, Confidence: conf, Model: "test/1"}
		for k, v := range fields {
			d.SetField(k, Field{Value: v, Raw: v, Confidence: conf, Page: 1, Box: &Box{1, 2, 3, 4}})
		}
		return nil
	}}
}

var fullInvoice = map[string]string{
	"supplier_id": "12345674", "invoice_number": "A-1", "issue_date": "2024-03-01",
	"currency": "DKK", "amount_total": "125.00",
}

func TestRunnerRoutes(t *testing.T) {
	pdf := []byte("%PDF-1.7\n...")
	tests := []struct {
		name    string
		data    []byte
		source  string
		readErr error
		stage   Stage
		want    Destination
		code    string
	}{
		{"confident and complete", pdf, "a.pdf", nil, setFields(0.99, fullInvoice), ToRobot, "checks.passed"},
		{"low confidence", pdf, "a.pdf", nil, setFields(0.5, fullInvoice), ToCaseworker, "doc_type.low_confidence"},
		{"missing field", pdf, "a.pdf", nil, setFields(0.99, map[string]string{"invoice_number": "1"}), ToCaseworker, "field.missing"},
		{"empty", nil, "e.pdf", nil, setFields(1, nil), ToQuarantine, "input.empty"},
		{"text named pdf", []byte("hello world\n"), "t.pdf", nil, setFields(1, nil), ToQuarantine, "input.wrong_type"},
		{"image without ocr", []byte("\x89PNG\r\n\x1a\n0000"), "s.png", nil, setFields(1, nil), ToQuarantine, "ocr.unavailable"},
		{"reader says unreadable", pdf, "x.pdf", Unreadable("pdf.encrypted", ErrEncrypted, "password"), setFields(1, nil), ToQuarantine, "pdf.encrypted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewRunner([]TextReader{fakeReader{tt.readErr}}, tt.stage)
			doc, err := r.Run(context.Background(), Origin{Source: tt.source}, tt.data)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if doc.Route.To != tt.want {
				t.Fatalf("route = %s %+v, want %s", doc.Route.To, doc.Route.Reasons, tt.want)
			}
			if !hasReason(doc.Route, tt.code) {
				t.Fatalf("reasons %+v lack %q", doc.Route.Reasons, tt.code)
			}
			b, err := json.Marshal(doc.Case(time.Unix(0, 0)))
			if err != nil {
				t.Fatal(err)
			}
			if err := ValidateCase(b); err != nil {
				t.Fatalf("case file does not match the schema: %v\n%s", err, b)
			}
		})
	}
}

func TestRunnerMachineryFailure(t *testing.T) {
	boom := errors.New("disk on fire")
	fail := StageFunc{StageName: "extract", Fn: func(context.Context, *Document) error { return boom }}
	doc, err := NewRunner([]TextReader{fakeReader{}}, fail).Run(context.Background(), Origin{Source: "a.pdf"}, []byte("%PDF-1.4"))
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "extract:") {
		t.Fatalf("err = %v, want wrapped %v", err, boom)
	}
	if last := doc.Trail[len(doc.Trail)-1]; last.Stage != "extract" || last.Err == "" {
		t.Fatalf("trail does not record the failure: %+v", last)
	}
}

func TestRunnerRecoversPanic(t *testing.T) {
	p := StageFunc{StageName: "extract", Fn: func(context.Context, *Document) error { panic("bad index") }}
	_, err := NewRunner([]TextReader{fakeReader{}}, p).Run(context.Background(), Origin{Source: "a.pdf"}, []byte("%PDF-1.4"))
	if err == nil || !strings.Contains(err.Error(), "bad index") {
		t.Fatalf("err = %v, want the panic as an error", err)
	}
}

func TestSchemaRejectsBadCase(t *testing.T) {
	doc, _ := NewRunner([]TextReader{fakeReader{}}, setFields(0.99, fullInvoice)).Run(context.Background(), Origin{Source: "a.pdf"}, []byte("%PDF-1.4"))
	c := doc.Case(time.Unix(0, 0))
	c.Fields["amount_total"] = CaseField{Value: "1.234,50", Confidence: 1}
	b, _ := json.Marshal(c)
	if err := ValidateCase(b); err == nil {
		t.Fatal("a money value with a comma passed the schema")
	}
	c = doc.Case(time.Unix(0, 0))
	c.DocType.Value = "sick_pay_claim"
	b, _ = json.Marshal(c)
	if err := ValidateCase(b); err == nil {
		t.Fatal("an application routed to a robot passed the schema")
	}
}

func hasReason(r Route, code string) bool {
	for _, x := range r.Reasons {
		if x.Code == code {
			return true
		}
	}
	return false
}

func TestSniff(t *testing.T) {
	tests := map[string]string{
		"%PDF-1.7":                  MediaPDF,
		"\xEF\xBB\xBF<?xml version": MediaXML,
		"  <Invoice xmlns=":         MediaXML,
		"\xFF\xD8\xFF\xE0":          MediaJPEG,
		"II*\x00abc":                MediaTIFF,
		"just text":                 MediaText,
		"PK\x03\x04":                "application/zip",
		"\x00\x01\x02\x03":          "application/octet-stream",
	}
	for in, want := range tests {
		if got := Sniff([]byte(in)); got != want {
			t.Errorf("Sniff(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestRoutingFileRejectsNonsense(t *testing.T) {
	_, err := ParseRouting([]byte("version: x\nmin_type_confidence: 2\nrequired: {invoize: [a]}\n"))
	if err == nil || !strings.Contains(err.Error(), "outside 0..1") || !strings.Contains(err.Error(), "invoize") {
		t.Fatalf("err = %v, want both problems reported", err)
	}
	if _, err := ParseRouting([]byte("version: x\nunknown_key: 1\n")); err == nil {
		t.Fatal("an unknown key was accepted")
	}
}

func TestMaskPersonal(t *testing.T) {
	tests := map[string]string{
		"cpr 010203-1234 here":    "cpr [personal-id] here",
		"pnr 19850312-1234":       "pnr [personal-id]",
		"pnr 850312+1234 (100+)":  "pnr [personal-id] (100+)",
		"samordn 850372-1234":     "samordn [personal-id]",
		"orgnr 5560000000 stays":  "orgnr 5560000000 stays",
		"invoice 2024-0001 stays": "invoice 2024-0001 stays",
	}
	for in, want := range tests {
		if got := MaskPersonal(in); got != want {
			t.Errorf("MaskPersonal(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCaseKeepsWhyMended: a value mended from what was read carries why
// into the case file, which the schema allows.
func TestCaseKeepsWhyMended(t *testing.T) {
	doc, _ := NewRunner([]TextReader{fakeReader{}}, setFields(0.99, fullInvoice)).Run(context.Background(), Origin{Source: "a.pdf"}, []byte("%PDF-1.4"))
	f := doc.Fields["amount_total"]
	f.Raw, f.MendedBy = "875,00", "net + VAT: the number before the amount read is its head"
	doc.Fields["amount_total"] = f
	c := doc.Case(time.Unix(0, 0))
	if got := c.Fields["amount_total"].MendedBy; got != f.MendedBy {
		t.Fatalf("mended_by = %q, want %q", got, f.MendedBy)
	}
	b, _ := json.Marshal(c)
	if !strings.Contains(string(b), `"mended_by":"net + VAT`) {
		t.Fatalf("no mended_by in %s", b)
	}
	if err := ValidateCase(b); err != nil {
		t.Fatalf("case file with mended_by does not match the schema: %v", err)
	}
}
