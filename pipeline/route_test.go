package pipeline

import (
	"context"
	"testing"
)

// Learned thresholds fill the fields the routing file leaves open; a
// threshold written in the file wins.
func TestWithLearnedThresholds(t *testing.T) {
	c := RoutingConfig{Version: "t", MinFieldConfidence: 0.9, FieldConfidence: map[string]float64{"amount_total": 0.95}}
	got := c.WithLearnedThresholds(map[string]float64{"amount_total": 0.6, "iban": 0.55})
	if v := got.FieldThreshold("amount_total"); v != 0.95 {
		t.Errorf("amount_total %v, want the file's 0.95", v)
	}
	if v := got.FieldThreshold("iban"); v != 0.55 {
		t.Errorf("iban %v, want the learned 0.55", v)
	}
	if v := got.FieldThreshold("currency"); v != 0.9 {
		t.Errorf("currency %v, want the default 0.9", v)
	}
	// The file's threshold for a field also wins over a learned OCR one.
	got = c.WithLearnedThresholds(map[string]float64{"amount_total@ocr": 0.7, "iban@ocr": 0.8})
	if v := got.threshold("amount_total", true); v != 0.95 {
		t.Errorf("amount_total read by OCR %v, want the file's 0.95", v)
	}
	if v, w := got.threshold("iban", true), got.threshold("iban", false); v != 0.8 || w != 0.9 {
		t.Errorf("iban %v by OCR and %v native, want 0.8 and the default 0.9", v, w)
	}
	if len(c.FieldConfidence) != 1 {
		t.Error("the original config was changed")
	}
}

// A field is judged by the threshold of the text it was read from: its
// page's source, or the document's when it has no page.
func TestRouteByTextSource(t *testing.T) {
	c := RoutingConfig{Version: "t", MinTypeConfidence: 0.5, MinFieldConfidence: 0.9,
		FieldConfidence: map[string]float64{"invoice_number": 0.9, "invoice_number@ocr": 0.99}}
	doc := func(page int, src TextSource) *Document {
		return &Document{TextSource: src, Type: Label{Value: TypeInvoice, Confidence: 1},
			Pages:  []Page{{Number: 1, Source: SourceNative}, {Number: 2, Source: SourceOCR}},
			Fields: map[string]Field{"invoice_number": {Value: "A1", Confidence: 0.95, Page: page}}}
	}
	for _, tc := range []struct {
		page int
		src  TextSource
		want Destination
	}{{1, SourceOCR, ToRobot}, {2, SourceNative, ToCaseworker}, {0, SourceOCR, ToCaseworker}, {0, SourceNative, ToRobot}} {
		d := doc(tc.page, tc.src)
		if err := (Router{Config: c}).Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		if d.Route.To != tc.want {
			t.Errorf("page %d of a %s document: %s, want %s (%+v)", tc.page, tc.src, d.Route.To, tc.want, d.Route.Reasons)
		}
	}
}

// TestRouteReasonShowsTheMiss: a reason tells operations staff how far
// below its threshold a field fell, even when both round to 1.00.
func TestRouteReasonShowsTheMiss(t *testing.T) {
	c := RoutingConfig{Version: "t", MinTypeConfidence: 0.5, FieldConfidence: map[string]float64{"bank_account": 0.998}}
	d := &Document{Type: Label{Value: TypeInvoice, Confidence: 1},
		Fields: map[string]Field{"bank_account": {Value: "548412414509", Confidence: 0.995}}}
	if err := (Router{Config: c}).Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if len(d.Route.Reasons) != 1 || d.Route.Reasons[0].Message != "bank_account has confidence 0.995, below 0.998" {
		t.Errorf("reasons %+v", d.Route.Reasons)
	}
}

// TestRouteConfirmedOCRValue: a value read by OCR is held to the OCR
// threshold, unless a register confirmed it; then the printed one holds.
func TestRouteConfirmedOCRValue(t *testing.T) {
	c := RoutingConfig{Version: "t", MinTypeConfidence: 0.5,
		FieldConfidence: map[string]float64{"bank_account": 0.97, "bank_account@ocr": 1}}
	for _, tc := range []struct {
		by   string
		want Destination
	}{{"", ToCaseworker}, {"supplier register: 12345678 account dk_account", ToRobot}} {
		d := &Document{TextSource: SourceOCR, Type: Label{Value: TypeInvoice, Confidence: 1},
			Pages:  []Page{{Number: 1, Source: SourceOCR}},
			Fields: map[string]Field{"bank_account": {Value: "55309663488", Confidence: 0.999, Page: 1, ConfirmedBy: tc.by}}}
		if err := (Router{Config: c}).Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		if d.Route.To != tc.want {
			t.Errorf("confirmed by %q: %s, want %s (%+v)", tc.by, d.Route.To, tc.want, d.Route.Reasons)
		}
	}
}
