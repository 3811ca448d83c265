package einvoice

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"intake/pipeline"
)

const ublOpen = `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">`

// wantUnreadable asserts err is an UnreadableError with code and sentinel.
func wantUnreadable(t *testing.T, err error, code string, sentinel error) {
	t.Helper()
	var ue *pipeline.UnreadableError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v (%T), want an UnreadableError %s", err, err, code)
	}
	if ue.Code != code || !errors.Is(err, sentinel) {
		t.Fatalf("err = %v (code %s), want code %s wrapping %v", err, ue.Code, code, sentinel)
	}
	if ue.Detail == "" {
		t.Errorf("%s: no detail", code)
	}
}

func TestHostileInput(t *testing.T) {
	deep := ublOpen + strings.Repeat("<cbc:Note>", 10000) + "x" + strings.Repeat("</cbc:Note>", 10000) + "</Invoice>"
	laughs := `<?xml version="1.0"?>
<!DOCTYPE Invoice [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
` + ublOpen + `<cbc:ID>&lol9;</cbc:ID></Invoice>`
	xxe := `<?xml version="1.0"?><!DOCTYPE Invoice SYSTEM "file:///etc/passwd">` + ublOpen + `<cbc:ID>1</cbc:ID></Invoice>`

	cases := []struct {
		name     string
		data     string
		lim      Limits
		code     string
		sentinel error
	}{
		{"nested 10000 deep", deep, Limits{}, CodeTooDeep, pipeline.ErrTooLarge},
		{"over a small depth limit", ublOpen + "<cbc:ID><a><b/></a></cbc:ID></Invoice>", Limits{MaxDepth: 3}, CodeTooDeep, pipeline.ErrTooLarge},
		{"billion laughs", laughs, Limits{}, CodeDoctype, pipeline.ErrCorrupt},
		{"external entity", xxe, Limits{}, CodeDoctype, pipeline.ErrCorrupt},
		{"empty", "", Limits{}, CodeEmpty, pipeline.ErrEmpty},
		{"white space", " \n\t\r\n", Limits{}, CodeEmpty, pipeline.ErrEmpty},
		{"byte order mark only", "\xef\xbb\xbf\n", Limits{}, CodeEmpty, pipeline.ErrEmpty},
		{"declaration only", `<?xml version="1.0"?>`, Limits{}, CodeMalformed, pipeline.ErrCorrupt},
		{"over the size limit", ublOpen + "</Invoice>", Limits{MaxBytes: 64}, CodeTooLarge, pipeline.ErrTooLarge},
		{"another UBL document", `<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID>1</ID></Order>`, Limits{}, CodeNotEInvoice, pipeline.ErrUnsupportedMedia},
		{"Invoice without namespace", `<Invoice><ID>1</ID></Invoice>`, Limits{}, CodeNotEInvoice, pipeline.ErrUnsupportedMedia},
		{"ZUGFeRD 1 root", `<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"/>`, Limits{}, CodeNotEInvoice, pipeline.ErrUnsupportedMedia},
		{"html", `<html><body>invoice</body></html>`, Limits{}, CodeNotEInvoice, pipeline.ErrUnsupportedMedia},
		{"pdf bytes", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", Limits{}, CodeMalformed, pipeline.ErrCorrupt},
		{"mismatched end tag", ublOpen + "<cbc:ID>1</cbc:IssueDate></Invoice>", Limits{}, CodeMalformed, pipeline.ErrCorrupt},
		{"end tag in another namespace prefix", ublOpen + "<cbc:ID>1</ID></Invoice>", Limits{}, CodeMalformed, pipeline.ErrCorrupt},
		{"unclosed root", ublOpen + "<cbc:ID>1</cbc:ID>", Limits{}, CodeMalformed, pipeline.ErrCorrupt},
		{"second root", ublOpen + "</Invoice>" + ublOpen + "</Invoice>", Limits{}, CodeMalformed, pipeline.ErrCorrupt},
		{"text after root", ublOpen + "</Invoice>trailing", Limits{}, CodeMalformed, pipeline.ErrCorrupt},
		{"undeclared prefix", ublOpen + "<cac:Delivery/></Invoice>", Limits{}, CodeMalformed, pipeline.ErrCorrupt},
		{"undefined entity", ublOpen + "<cbc:ID>&nbsp;</cbc:ID></Invoice>", Limits{}, CodeMalformed, pipeline.ErrCorrupt},
		{"unsupported charset", `<?xml version="1.0" encoding="Shift_JIS"?>` + ublOpen + "</Invoice>", Limits{}, CodeEncoding, pipeline.ErrUnsupportedMedia},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			inv, err := Parse([]byte(c.data), c.lim)
			if inv != nil {
				t.Errorf("got an invoice with the error")
			}
			wantUnreadable(t, err, c.code, c.sentinel)
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v to refuse", d)
			}
		})
	}
}

// Every cut of a real invoice before its root closes is malformed, never
// a partial invoice.
func TestTruncated(t *testing.T) {
	data := readFile(t, corpus(t, "peppol-bis3/examples/base-example.xml")[0])
	end := bytes.LastIndex(data, []byte("</Invoice>"))
	for cut := 0; cut < end+len("</Invoice>")-1; cut += 37 {
		_, err := Parse(data[:cut], DefaultLimits())
		if cut == 0 || len(bytes.TrimSpace(data[:cut])) == 0 {
			wantUnreadable(t, err, CodeEmpty, pipeline.ErrEmpty)
			continue
		}
		var ue *pipeline.UnreadableError
		if !errors.As(err, &ue) || (ue.Code != CodeMalformed && ue.Code != CodeNotEInvoice) {
			t.Fatalf("cut at %d: err = %v, want xml.malformed", cut, err)
		}
	}
}

// An e-invoice declared and encoded as UTF-16 or ISO-8859-1 reads the same
// as its UTF-8 original.
func TestCharsets(t *testing.T) {
	path := corpus(t, "oioubl/test/data/parse/credit-note.xml")[0]
	orig := readFile(t, path)
	want, err := Parse(orig, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if want.Fields[FieldSupplierName].Value != "Tavleleverandøren" {
		t.Fatalf("supplier_name = %q; the test needs the ø", want.Fields[FieldSupplierName].Value)
	}
	redeclare := func(enc string) string {
		s := string(orig)
		i := strings.Index(s, "?>")
		return `<?xml version="1.0" encoding="` + enc + `"` + s[i:]
	}
	latin1, err := charmap.ISO8859_1.NewEncoder().String(redeclare("ISO-8859-1"))
	if err != nil {
		t.Fatal(err)
	}
	win, _ := charmap.Windows1252.NewEncoder().String(redeclare("windows-1252"))
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(redeclare("UTF-16"))
	be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(redeclare("UTF-16"))
	leNoBOM, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().String(redeclare("UTF-16LE"))
	cases := map[string]string{
		"ISO-8859-1":          latin1,
		"windows-1252":        win,
		"UTF-16LE with BOM":   le,
		"UTF-16BE with BOM":   be,
		"UTF-16LE, no BOM":    leNoBOM,
		"UTF-8 with BOM":      "\xef\xbb\xbf" + string(orig),
		"lower-case utf-8":    redeclare("utf-8"),
		"UTF-16 label, UTF-8": redeclare("UTF-16"),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			if !IsEInvoice([]byte(data)) {
				t.Error("IsEInvoice = false")
			}
			got, err := Parse([]byte(data), DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Fields) != len(want.Fields) {
				t.Errorf("%d fields, want %d", len(got.Fields), len(want.Fields))
			}
			for k, f := range want.Fields {
				if got.Fields[k] != f {
					t.Errorf("%s = %+v, want %+v", k, got.Fields[k], f)
				}
			}
			if got.Text != want.Text {
				t.Errorf("text differs:\n%s\nwant\n%s", got.Text, want.Text)
			}
		})
	}
}

func TestIsEInvoice(t *testing.T) {
	for _, f := range corpus(t, corpusGlobs...) {
		if !IsEInvoice(readFile(t, f)) {
			t.Errorf("%s: IsEInvoice = false", filepath.Base(f))
		}
	}
	for _, s := range []string{
		"", "not xml", "%PDF-1.4", `<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>`,
		`<Invoice/>`, `<x:Invoice xmlns:x="urn:example"/>`,
		`<!-- ` + strings.Repeat("x", sniffLen) + ` -->` + ublOpen + `</Invoice>`, // root beyond the sniffed prefix
	} {
		if IsEInvoice([]byte(s)) {
			t.Errorf("IsEInvoice(%.40q) = true", s)
		}
	}
	for _, s := range []string{
		ublOpen + "</Invoice>",
		`<?xml version="1.0"?><!-- licence --><ubl:CreditNote xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/>`,
		`<CrossIndustryInvoice xmlns="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>`,
		ublOpen, // a sniff does not read past the root start tag
	} {
		if !IsEInvoice([]byte(s)) {
			t.Errorf("IsEInvoice(%.60q) = false", s)
		}
	}
}

// Prefixes are only names: a document binding the UBL namespaces to other
// prefixes (or the default namespace) reads the same, with canonical
// prefixes in evidence paths.
func TestNamespacePrefixes(t *testing.T) {
	doc := `<u:Invoice xmlns:u="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:b="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
 xmlns:a="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">
 <b:ID>INV 1</b:ID><b:IssueDate>2024-03-01</b:IssueDate><b:DocumentCurrencyCode>dkk</b:DocumentCurrencyCode>
 <a:LegalMonetaryTotal><PayableAmount xmlns="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">12.5</PayableAmount>
 <b:TaxInclusiveAmount xmlns:b="urn:example:not-cbc">99</b:TaxInclusiveAmount></a:LegalMonetaryTotal></u:Invoice>`
	inv, err := Parse([]byte(doc), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{FieldInvoiceNumber: "INV 1", FieldIssueDate: "2024-03-01", FieldCurrency: "DKK", FieldAmountDue: "12.50"}
	for k, v := range want {
		if inv.Fields[k].Value != v {
			t.Errorf("%s = %q, want %q", k, inv.Fields[k].Value, v)
		}
	}
	if _, ok := inv.Fields[FieldAmountTotal]; ok {
		t.Error("amount_total read from an element in a foreign namespace")
	}
	if p := inv.Fields[FieldAmountDue].Path; p != "/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount" {
		t.Errorf("path = %s", p)
	}
}

// A value that does not normalise is a warning, and its field stays unset.
func TestInvalidValuesWarn(t *testing.T) {
	doc := ublOpen + `<cbc:ID>1</cbc:ID><cbc:IssueDate>2024-02-30</cbc:IssueDate><cbc:DocumentCurrencyCode>kroner</cbc:DocumentCurrencyCode></Invoice>`
	inv, err := Parse([]byte(doc), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := inv.Fields[FieldIssueDate]; ok {
		t.Error("issue_date set from an impossible date")
	}
	if _, ok := inv.Fields[FieldCurrency]; ok {
		t.Error("currency set from a non-code")
	}
	if len(inv.Warnings) != 2 || inv.Warnings[0].Code != CodeBadValue || inv.Warnings[0].Field != FieldIssueDate {
		t.Errorf("warnings = %+v", inv.Warnings)
	}
}
