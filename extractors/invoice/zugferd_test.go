package invoice

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"intake/extractors/doctype"
	"intake/extractors/pdf"
	"intake/pipeline"
	"intake/pipeline/normalize"
)

// zugferdDir holds 64 hybrid PDFs (German, some English) whose embedded
// CII XML is the truth for what the page shows.
const zugferdDir = "../../../shared/data/zugferd"

// zugferdFloor is the accuracy per field below which the visual path has
// regressed. The floors sit well under what the baseline reaches (see the
// logged table) so that layout noise does not fail the build, while a
// broken parser or label table does.
var zugferdFloor = map[string]float64{
	"doc_type":       0.85,
	"invoice_number": 0.8,
	"issue_date":     0.8,
	"currency":       0.85,
	"amount_net":     0.75,
	"amount_vat":     0.75,
	"amount_total":   0.8,
	"amount_due":     0.75,
	"supplier_id":    0.8,
	"supplier_name":  0.6,
}

// zugferdFields are scored in this order.
var zugferdFields = []string{
	"doc_type", "invoice_number", "issue_date", "due_date", "currency", "amount_net", "amount_vat",
	"amount_total", "amount_due", "supplier_id", "supplier_name", "buyer_reference", "order_reference", "iban",
}

// TestZUGFeRDVisual reads the PDFs' words (attachments ignored), runs the
// doctype and invoice stages as the pipeline does, and compares with the
// embedded XML. It logs accuracy per field: n documents whose XML has the
// field, ok/wrong/missing among them, extra values where the XML has none
// (often printed on the page all the same), and the mean confidence of
// right and wrong answers, which says whether confidences are honest.
func TestZUGFeRDVisual(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: reads 64 PDFs with pdfium; make test and CI run it")
	}
	var files []string
	_ = filepath.WalkDir(zugferdDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".pdf") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Fatalf("no PDFs under %s: the shared conformance data must be beside the repository", zugferdDir)
	}
	sort.Strings(files)

	cfg := pdf.DefaultConfig()
	cfg.IgnoreAttachments = true
	cfg.Workers = 2
	cfg.CacheDir = filepath.Join(os.TempDir(), "intake-extractors-pdf-wazero")
	reader, err := pdf.NewReader(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	classify, err := doctype.New(doctype.Config{})
	if err != nil {
		t.Fatal(err)
	}
	extract, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}

	type tally struct {
		n, ok, wrong, miss, extra int
		confOK, confWrong         float64
	}
	stats := make(map[string]*tally)
	for _, f := range zugferdFields {
		stats[f] = &tally{}
	}
	start := time.Now()
	ctx := context.Background()
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, x, err := pdf.EmbeddedXML(data)
		if err != nil || len(x) == 0 {
			t.Errorf("%s: no embedded XML: %v", path, err)
			continue
		}
		want, err := ciiTruth(x)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		doc := &pipeline.Document{Data: data, MediaType: pdf.MediaType}
		if err := reader.Read(ctx, doc); err != nil {
			t.Errorf("%s: read: %v", path, err)
			continue
		}
		for _, st := range []pipeline.Stage{classify, extract} {
			if err := st.Process(ctx, doc); err != nil {
				t.Fatalf("%s: %s: %v", path, st.Name(), err)
			}
		}
		got := map[string]pipeline.Field{"doc_type": {Value: doc.Type.Value, Confidence: doc.Type.Confidence}}
		for k, v := range doc.Fields {
			got[k] = v
		}
		var diffs []string
		for _, f := range zugferdFields {
			w, hasW := want[f]
			g, hasG := got[f]
			st := stats[f]
			switch {
			case hasW && hasG && sameValue(f, w, g.Value):
				st.n++
				st.ok++
				st.confOK += g.Confidence
			case hasW && hasG:
				st.n++
				st.wrong++
				st.confWrong += g.Confidence
				diffs = append(diffs, fmt.Sprintf("%s: want %q, got %q (%.2f)", f, w, g.Value, g.Confidence))
			case hasW:
				st.n++
				st.miss++
				diffs = append(diffs, fmt.Sprintf("%s: want %q, missing", f, w))
			case hasG:
				st.extra++
			}
		}
		if len(diffs) > 0 && testing.Verbose() {
			rel, _ := filepath.Rel(zugferdDir, path)
			t.Logf("%s:\n\t%s", rel, strings.Join(diffs, "\n\t"))
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%d PDFs in %v (visual path, attachments ignored)\n", len(files), time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(&b, "%-16s %3s %3s %5s %4s %5s %6s %7s %8s\n", "field", "n", "ok", "wrong", "miss", "extra", "acc", "conf_ok", "conf_bad")
	for _, f := range zugferdFields {
		st := stats[f]
		acc, cOK, cBad := 0.0, 0.0, 0.0
		if st.n > 0 {
			acc = float64(st.ok) / float64(st.n)
		}
		if st.ok > 0 {
			cOK = st.confOK / float64(st.ok)
		}
		if st.wrong > 0 {
			cBad = st.confWrong / float64(st.wrong)
		}
		fmt.Fprintf(&b, "%-16s %3d %3d %5d %4d %5d %6.2f %7.2f %8.2f\n", f, st.n, st.ok, st.wrong, st.miss, st.extra, acc, cOK, cBad)
		if floor, ok := zugferdFloor[f]; ok && st.n > 0 && acc < floor {
			t.Errorf("%s: accuracy %.2f under the floor %.2f", f, acc, floor)
		}
	}
	t.Log("\n" + b.String())
}

// sameValue compares a field with the XML's value: identifiers and names
// without spacing, case and punctuation (the XML keeps an IBAN in groups,
// the page may print a name on two lines), the rest exactly.
func sameValue(field, want, got string) bool {
	switch field {
	case "invoice_number", "supplier_id", "order_reference", "buyer_reference", "iban", "supplier_name":
		return compact(want) == compact(got)
	}
	return want == got
}

// ciiTruth reads the fields we score from a UN/CEFACT CII invoice, by the
// local names of the element path, normalised as the case file wants.
func ciiTruth(data []byte) (map[string]string, error) {
	type elem struct {
		path  string
		attrs map[string]string
		text  string
	}
	var elems []elem
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []string
	var text strings.Builder
	var attrStack []map[string]string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch v := tok.(type) {
		case xml.StartElement:
			stack = append(stack, v.Name.Local)
			a := make(map[string]string)
			for _, at := range v.Attr {
				a[at.Name.Local] = at.Value
			}
			attrStack = append(attrStack, a)
			text.Reset()
		case xml.CharData:
			text.Write(v)
		case xml.EndElement:
			elems = append(elems, elem{path: strings.Join(stack, "/"), attrs: attrStack[len(attrStack)-1], text: strings.TrimSpace(text.String())})
			stack, attrStack = stack[:len(stack)-1], attrStack[:len(attrStack)-1]
			text.Reset()
		}
	}
	if len(elems) == 0 {
		return nil, fmt.Errorf("cii: no elements")
	}
	first := func(suffix string, ok func(elem) bool) (elem, bool) {
		for _, e := range elems {
			if strings.HasSuffix(e.path, suffix) && (ok == nil || ok(e)) {
				return e, true
			}
		}
		return elem{}, false
	}
	out := make(map[string]string)
	set := func(field, suffix string, conv func(string) (string, error)) {
		if e, ok := first(suffix, nil); ok && e.text != "" {
			v := e.text
			if conv != nil {
				c, err := conv(v)
				if err != nil {
					return
				}
				v = c
			}
			out[field] = v
		}
	}
	const sum = "SpecifiedTradeSettlementHeaderMonetarySummation/"
	set("invoice_number", "ExchangedDocument/ID", nil)
	set("issue_date", "ExchangedDocument/IssueDateTime/DateTimeString", normalize.Date)
	set("due_date", "SpecifiedTradePaymentTerms/DueDateDateTime/DateTimeString", normalize.Date)
	set("currency", "InvoiceCurrencyCode", nil)
	set("amount_net", sum+"TaxBasisTotalAmount", normalize.Money)
	set("amount_total", sum+"GrandTotalAmount", normalize.Money)
	set("amount_due", sum+"DuePayableAmount", normalize.Money)
	set("supplier_name", "SellerTradeParty/Name", nil)
	set("buyer_reference", "ApplicableHeaderTradeAgreement/BuyerReference", nil)
	set("order_reference", "BuyerOrderReferencedDocument/IssuerAssignedID", nil)
	set("iban", "PayeePartyCreditorFinancialAccount/IBANID", nil)
	// The VAT total in the invoice currency (an invoice may add it in the
	// accounting currency too).
	if e, ok := first(sum+"TaxTotalAmount", func(e elem) bool { c := e.attrs["currencyID"]; return c == "" || c == out["currency"] }); ok {
		if v, err := normalize.Money(e.text); err == nil {
			out["amount_vat"] = v
		}
	}
	if e, ok := first("SellerTradeParty/SpecifiedTaxRegistration/ID", func(e elem) bool { return e.attrs["schemeID"] == "VA" }); ok {
		out["supplier_id"] = normalize.ID(e.text)
	}
	// Document type: 381 is a credit note, and so is a corrected invoice
	// (384) that takes money back; 751 ("invoice information for
	// accounting purposes") says on its face it is not an invoice.
	code := ""
	if e, ok := first("ExchangedDocument/TypeCode", nil); ok {
		code = e.text
	}
	switch {
	case slices.Contains([]string{"381", "261", "262", "296", "308", "396", "420", "458", "532"}, code),
		code == "384" && strings.HasPrefix(out["amount_total"], "-"):
		out["doc_type"] = pipeline.TypeCreditNote
	case code == "751":
		out["doc_type"] = pipeline.TypeOther
	default:
		out["doc_type"] = pipeline.TypeInvoice
	}
	return out, nil
}
