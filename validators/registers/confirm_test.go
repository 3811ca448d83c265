package registers

import (
	"context"
	"strings"
	"testing"

	"intake/pipeline"
	"intake/validators/checkdigit"
)

type fixedSet struct{ s *Set }

func (f fixedSet) Current() *Set { return f.s }

func confirmSet() *Set {
	return NewSet(&Data{
		Suppliers: []Supplier{
			{ID: "34539901", VATNumber: "DK34539901", Name: "Kimholm Kontorforsyning I/S", Status: "active",
				Accounts: []Account{{Kind: "iban", Value: "DK5000400440116243"}}},
			{ID: "5593265688", VATNumber: "SE559326568801", Name: "Skolmöbler Skovby AB", Status: "active",
				Accounts: []Account{{Kind: "bankgiro", Value: "6282081"}}},
			{ID: "IE9140458L", VATNumber: "IE9140458L", Name: "Broberg Grounds Maintenance Ltd", Status: "blocked"},
			{ID: "18558963", VATNumber: "DK18558963", Name: "Kontorforsyning Alvang I/S", Status: "active"},
		},
		BuyerReferences: []BuyerReference{{Reference: "KFX979", Unit: "Skoleforvaltningen"}},
	})
}

// page lays each line's words out left to right, one line per 20 points.
func page(lines ...string) pipeline.Page {
	p := pipeline.Page{Number: 1, Width: 595, Height: 842}
	for i, l := range lines {
		x := 40.0
		for _, w := range strings.Fields(l) {
			y := 40 + 20*float64(i)
			p.Words = append(p.Words, pipeline.Word{Text: w, Box: pipeline.Box{X0: x, Y0: y, X1: x + 8*float64(len(w)), Y1: y + 10}, Conf: 0.9})
			x += 8*float64(len(w)) + 6
		}
	}
	return p
}

func invoiceDoc(p pipeline.Page, fields map[string]pipeline.Field) *pipeline.Document {
	return &pipeline.Document{Type: pipeline.Label{Value: pipeline.TypeInvoice}, Pages: []pipeline.Page{p}, Fields: fields}
}

func runConfirm(t *testing.T, doc *pipeline.Document) {
	t.Helper()
	confirmWith(t, &Confirm{Registers: fixedSet{confirmSet()}}, doc)
}

// confirmWith runs c on doc.
func confirmWith(t *testing.T, c *Confirm, doc *pipeline.Document) {
	t.Helper()
	if err := c.Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
}

// confirmPage runs Confirm with set on a document of docType whose one
// page, read from src, holds lines, and returns its fields.
func confirmPage(t *testing.T, set *Set, docType string, src pipeline.TextSource, fields map[string]pipeline.Field, lines ...string) map[string]pipeline.Field {
	t.Helper()
	p := page(lines...)
	p.Source = src
	doc := invoiceDoc(p, fields)
	doc.Type.Value = docType
	confirmWith(t, &Confirm{Registers: fixedSet{set}}, doc)
	return doc.Fields
}

func TestConfirmReplacesAContactNameWithTheSupplierOnThePage(t *testing.T) {
	doc := invoiceDoc(page(
		"Kimholm Kontorforsyning I/S",
		"CVR-nr.: 34 53 99 01",
		"Kontakt: Bjørn Aalev",
		"IBAN DK50 0040 0440 1162 43",
		"Reference KFX979",
	), map[string]pipeline.Field{
		"supplier_id":     {Value: "34539901", Confidence: 0.73, Page: 1, Box: &pipeline.Box{X0: 1, Y0: 1, X1: 2, Y1: 2}},
		"supplier_name":   {Value: "Bjørn Aalev", Confidence: 0.01},
		"iban":            {Value: "DK5000400440116243", Confidence: 0.6},
		"buyer_reference": {Value: "KFX979", Confidence: 0.8},
		"invoice_number":  {Value: "A-1", Confidence: 0.5},
	})
	runConfirm(t, doc)
	id, name := doc.Fields["supplier_id"], doc.Fields["supplier_name"]
	if id.Value != "34539901" || id.Confidence != DefaultConfirmedConfidence || id.Box.X0 != 1 || !strings.Contains(id.ConfirmedBy, "34539901") {
		t.Errorf("supplier_id = %+v", id)
	}
	if name.Value != "Kimholm Kontorforsyning I/S" || name.Confidence != DefaultConfirmedConfidence || name.Page != 1 || name.Box == nil || name.Box.Y0 != 40 {
		t.Errorf("supplier_name = %+v (want the first line)", name)
	}
	if f := doc.Fields["iban"]; f.Confidence != DefaultConfirmedConfidence || f.ConfirmedBy == "" {
		t.Errorf("iban = %+v", f)
	}
	if f := doc.Fields["buyer_reference"]; f.Confidence != DefaultConfirmedConfidence || !strings.Contains(f.ConfirmedBy, "Skoleforvaltningen") {
		t.Errorf("buyer_reference = %+v", f)
	}
	if f := doc.Fields["invoice_number"]; f.Confidence != 0.5 || f.ConfirmedBy != "" {
		t.Errorf("invoice_number changed: %+v", f)
	}
}

func TestConfirmTakesTheRegisterSpellingOfAnOCRSlip(t *testing.T) {
	doc := invoiceDoc(page("Skolmåbler Skovby AB", "Org.nr 559326-5688"), map[string]pipeline.Field{
		"supplier_name": {Value: "Skolmåbler Skovby AB", Confidence: 0.75, Page: 1},
	})
	runConfirm(t, doc)
	name := doc.Fields["supplier_name"]
	if name.Value != "Skolmöbler Skovby AB" || name.Raw != "Skolmåbler Skovby AB" || name.Confidence != DefaultConfirmedConfidence {
		t.Errorf("supplier_name = %+v", name)
	}
	// The id was missing: it is now the one printed, with its evidence.
	if id := doc.Fields["supplier_id"]; id.Value != "5593265688" || id.Raw != "559326-5688" || id.Box == nil {
		t.Errorf("supplier_id = %+v", id)
	}
}

// TestConfirmNameWithSpacesMisread: spaces a scan put inside the name's
// words ("S ko lmö bler S k ovby") still name the supplier whose id is
// printed.
func TestConfirmNameWithSpacesMisread(t *testing.T) {
	read := "S ko lmö bler S k ovby AB"
	doc := invoiceDoc(page(read, "Org.nr 559326-5688"), map[string]pipeline.Field{
		"supplier_name": {Value: read, Confidence: 0.6, Page: 1},
	})
	runConfirm(t, doc)
	if name := doc.Fields["supplier_name"]; name.Value != "Skolmöbler Skovby AB" || name.Raw != read || name.ConfirmedBy == "" {
		t.Errorf("supplier_name = %+v, want the register's name confirmed, the page's as raw", name)
	}
}

// TestRespell: a company name OCR read that differs from a register name
// in diacritics alone takes the register's spelling, unconfirmed; a text
// layer's name, or one a letter away, stays as read.
func TestRespell(t *testing.T) {
	set := confirmSet()
	run := func(name string, src pipeline.TextSource) pipeline.Field {
		fields := map[string]pipeline.Field{"supplier_name": {Value: name, Confidence: 0.6, Page: 1}}
		return confirmPage(t, set, pipeline.TypeInvoice, src, fields, name)["supplier_name"]
	}
	if f := run("Skolmobler Skovby AB", pipeline.SourceOCR); f.Value != "Skolmöbler Skovby AB" || f.Raw != "Skolmobler Skovby AB" || f.ConfirmedBy != "" || f.MendedBy == "" {
		t.Errorf("supplier_name = %+v, want the register's spelling, unconfirmed, the page's as raw", f)
	}
	for _, c := range []struct {
		name string
		src  pipeline.TextSource
	}{{"Skolmobler Skovby AB", pipeline.SourceNative}, {"Skolmobler Skovbo AB", pipeline.SourceOCR}, {"SKOLMÖBLER SKOVBY AB", pipeline.SourceOCR}} {
		if f := run(c.name, c.src); f.Value != c.name || f.Raw != "" {
			t.Errorf("%s (%s) = %+v, want it as read", c.name, c.src, f)
		}
	}
	set = NewSet(&Data{Providers: []Provider{{ID: "5592242316", Name: "Personlig Assistans i Havgård AB"}}})
	fields := map[string]pipeline.Field{"provider_name": {Value: "Personlig Assistans i Havgard AB", Confidence: 0.6, Page: 1}}
	if f := confirmPage(t, set, pipeline.TypeSickPayClaim, pipeline.SourceOCR, fields, "Personlig Assistans i Havgard AB")["provider_name"]; f.Value != "Personlig Assistans i Havgård AB" {
		t.Errorf("provider_name = %+v, want the register's spelling", f)
	}
}

func TestConfirmFixesAnIDReadFromAnotherNumber(t *testing.T) {
	doc := invoiceDoc(page("Broberg Grounds Maintenance Ltd", "Date 01.11.2024", "VAT IE9140458L"), map[string]pipeline.Field{
		"supplier_id":   {Value: "01112024", Confidence: 0.6},
		"supplier_name": {Value: "Broberg Grounds Maintenance Ltd", Confidence: 0.7},
	})
	runConfirm(t, doc)
	// A blocked supplier is still who sent it; the rules judge the status.
	if id := doc.Fields["supplier_id"]; id.Value != "IE9140458L" || id.Confidence != DefaultConfirmedConfidence {
		t.Errorf("supplier_id = %+v", id)
	}
}

func TestConfirmKeepsAMisprintedID(t *testing.T) {
	// The VAT number is right, the printed CVR has a wrong digit: the
	// check-digit rule must still see the CVR as printed.
	doc := invoiceDoc(page("Kimholm Kontorforsyning I/S", "CVR 34539902", "VAT DK34539901"), map[string]pipeline.Field{
		"supplier_id":   {Value: "34539902", Confidence: 0.95},
		"supplier_name": {Value: "Kimholm Kontorforsyning I/S", Confidence: 0.9},
	})
	runConfirm(t, doc)
	if id, name := doc.Fields["supplier_id"], doc.Fields["supplier_name"]; id.Value != "34539902" || id.ConfirmedBy != "" || name.ConfirmedBy != "" {
		t.Errorf("confirmed over a misprint: %+v / %+v", id, name)
	}
}

func TestConfirmNeedsIDAndName(t *testing.T) {
	fields := func() map[string]pipeline.Field {
		return map[string]pipeline.Field{
			"supplier_id":   {Value: "34539901", Confidence: 0.7},
			"supplier_name": {Value: "Kimholm Kontor", Confidence: 0.4},
		}
	}
	for name, p := range map[string]pipeline.Page{
		"id without the name":      page("Holm Kontor og Papir", "CVR 34539901"),
		"name without the id":      page("Kimholm Kontorforsyning I/S", "CVR 34539902"),
		"two suppliers, none read": page("Skolmöbler Skovby AB 559326-5688", "Broberg Grounds Maintenance Ltd IE9140458L"),
	} {
		f := fields()
		if name == "two suppliers, none read" {
			f["supplier_id"] = pipeline.Field{Value: "99999999", Confidence: 0.5}
		}
		doc := invoiceDoc(p, f)
		want := doc.Fields["supplier_id"]
		runConfirm(t, doc)
		if got := doc.Fields["supplier_id"]; got != want || doc.Fields["supplier_name"].ConfirmedBy != "" {
			t.Errorf("%s: confirmed %+v / %+v", name, got, doc.Fields["supplier_name"])
		}
	}
}

func TestConfirmLeavesEInvoicesAndApplicationsSupplierFieldsAlone(t *testing.T) {
	p := page("Kimholm Kontorforsyning I/S", "CVR 34539901")
	einv := invoiceDoc(p, map[string]pipeline.Field{"supplier_id": {Value: "34539901", Confidence: 1, Path: "/Invoice/x"}})
	einv.Structured = true
	app := invoiceDoc(p, map[string]pipeline.Field{"supplier_id": {Value: "34539901", Confidence: 0.5}})
	app.Type.Value = pipeline.TypeSickPayClaim
	for _, d := range []*pipeline.Document{einv, app} {
		runConfirm(t, d)
		if f := d.Fields["supplier_id"]; f.ConfirmedBy != "" || len(d.Fields) != 1 {
			t.Errorf("%s: %+v", d.Type.Value, d.Fields)
		}
	}
}

// TestConfirmApplicationNames: an application's provider and persons take
// the register's spelling when the id read is theirs and their name is on
// the page; a guardian's id read as the child's confirms nothing.
func TestConfirmApplicationNames(t *testing.T) {
	set := NewSet(&Data{
		Providers: []Provider{{ID: "5592242316", Name: "Personlig Assistans i Havgård AB"}},
		Persons: []Person{
			{ID: "199305129950", Name: "Saga Eknäs", Role: "assistant"},
			{ID: "201105089955", Name: "Märta Alfors", Role: "child"},
			{ID: "198001019999", Name: "Åsa Alfors", Role: "guardian"},
		},
	})
	run := func(typ string, p pipeline.Page, fields map[string]pipeline.Field) map[string]pipeline.Field {
		doc := invoiceDoc(p, fields)
		doc.Type.Value = typ
		confirmWith(t, &Confirm{Registers: fixedSet{set}}, doc)
		return doc.Fields
	}
	got := run(pipeline.TypeSickPayClaim, page("mm Personlig Assistans i Havgard AB", "Org.nr 559224-2316", "Saga Eknås 19930512-9950"),
		map[string]pipeline.Field{
			"provider_id":    {Value: "5592242316", Confidence: 0.7},
			"provider_name":  {Value: "mm Personlig Assistans i Havgard AB", Confidence: 0.6},
			"assistant_id":   {Value: "199305129950", Confidence: 0.7},
			"assistant_name": {Value: "Saga Eknås", Confidence: 0.6},
		})
	for field, want := range map[string]string{"provider_name": "Personlig Assistans i Havgård AB", "assistant_name": "Saga Eknäs"} {
		if f := got[field]; f.Value != want || f.ConfirmedBy == "" || f.Confidence < DefaultConfirmedConfidence {
			t.Errorf("%s = %+v, want %q confirmed", field, f, want)
		}
	}
	if f := got["assistant_id"]; f.Value != "199305129950" || strings.Contains(f.ConfirmedBy, "199305129950") {
		t.Errorf("assistant_id = %+v: confirmed, as read, and its confirmation must not repeat the CPR number", f)
	}
	got = run(pipeline.TypeSchoolTransport, page("Barnets navn Marta Alfors", "Ansøger Åsa Alfors"),
		map[string]pipeline.Field{
			"child_id":   {Value: "198001019999", Confidence: 0.7}, // the guardian's
			"child_name": {Value: "Asa Alfors", Confidence: 0.6},
		})
	if f := got["child_name"]; f.Value != "Asa Alfors" || f.ConfirmedBy != "" {
		t.Errorf("a guardian's id confirmed the child's name: %+v", f)
	}
	got = run(pipeline.TypeSchoolTransport, page("Barnets navn Marta Alfors"),
		map[string]pipeline.Field{
			"child_id":   {Value: "201105089955", Confidence: 0.7},
			"child_name": {Value: "Marta Alfors", Confidence: 0.6},
		})
	if f := got["child_name"]; f.Value != "Märta Alfors" || f.Raw != "Marta Alfors" {
		t.Errorf("child_name = %+v, want the register's spelling with the page's as raw", f)
	}
	// The end of the name under a pen stroke: the register's name of the
	// id read, mended and at half the confidence, not confirmed.
	got = run(pipeline.TypeSchoolTransport, page("Barnets navn CPR-nr.", "Märta Al 201105-8995"),
		map[string]pipeline.Field{
			"child_id":   {Value: "201105089955", Confidence: 0.7},
			"child_name": {Value: "Märta Al", Confidence: 0.6},
		})
	if f := got["child_name"]; f.Value != "Märta Alfors" || f.Raw != "Märta Al" || f.MendedBy == "" || f.ConfirmedBy != "" || f.Confidence != 0.3 {
		t.Errorf("child_name = %+v, want the register's name mended from the cut reading at half its confidence", f)
	}
}

func TestNameCut(t *testing.T) {
	for _, c := range []struct {
		read, want string
		cut        bool
	}{
		{"Lærke Bj erg", "Lærke Bjergmose", true},
		{"Lærke Bjerg", "Lærke Bjergmose", true},
		{"Lærke Bj", "Lærke Bjergmose", true},
		{"Lærke B", "Lærke Bjergmose", false},         // one letter says nothing
		{"Lærke", "Lærke Bjergmose", false},           // no last name at all
		{"Lærke Bjergmose", "Lærke Bjergmose", false}, // whole: findName's
		{"Lærke Bjarne", "Lærke Bjergmose", false},    // another name
		{"Alfred Bj", "Lærke Bjergmose", false},       // another first name
		{"Jo Bj", "Jo Bjergmosegaardsen", false},      // too little of it
	} {
		if got := nameCut(c.read, c.want); got != c.cut {
			t.Errorf("nameCut(%q, %q) = %v, want %v", c.read, c.want, got, c.cut)
		}
	}
}

func TestConfirmHousehold(t *testing.T) {
	home := Address{Street: "Sjöstigen 18", Postcode: "753 21", City: "Björkvik"}
	set := NewSet(&Data{Persons: []Person{
		{ID: "201804159844", Name: "Linnea Strömnäs", Role: "child", Address: home},
		{ID: "198002029999", Name: "Östen Strömnäs", Role: "guardian", Address: home},
		{ID: "198203039999", Name: "Karin Strömnäs", Role: "guardian", Address: home},
		{ID: "197001019999", Name: "Östen Strömnäs", Role: "guardian", Address: Address{Street: "Kyrkgatan 2", Postcode: "754 40", City: "Björkvik"}},
	}})
	run := func(address, applicant string) map[string]pipeline.Field {
		doc := invoiceDoc(page("Barnets namn Linnea Strömnäs 20180415-9844", "Adress "+address, "Sökande "+applicant),
			map[string]pipeline.Field{
				"child_id":       {Value: "201804159844", Confidence: 0.7},
				"child_name":     {Value: "Linnea Strömnäs", Confidence: 0.7},
				"address":        {Value: address, Confidence: 0.6},
				"applicant_name": {Value: applicant, Confidence: 0.6},
			})
		doc.Type.Value = pipeline.TypeSchoolTransport
		confirmWith(t, &Confirm{Registers: fixedSet{set}}, doc)
		return doc.Fields
	}
	got := run("Sjostigen 18, 753 21 Bjorkvik", "Osten Strémnas")
	if f := got["address"]; f.Value != "Sjöstigen 18, 753 21 Björkvik" || f.Raw != "Sjostigen 18, 753 21 Bjorkvik" || f.ConfirmedBy == "" {
		t.Errorf("address = %+v, want the registered spelling confirmed, the page's as raw", f)
	}
	if f := got["applicant_name"]; f.Value != "Östen Strömnäs" || f.ConfirmedBy == "" || strings.Contains(f.ConfirmedBy, "1980") {
		t.Errorf("applicant_name = %+v, want the guardian at the child's address, without an id", f)
	}
	// Another house number is another address, however alike the rest.
	got = run("Sjöstigen 16, 753 21 Björkvik", "Karin Strömnäs")
	if f := got["address"]; f.Value != "Sjöstigen 16, 753 21 Björkvik" || f.ConfirmedBy != "" {
		t.Errorf("a different house number was confirmed as the registered one: %+v", f)
	}
	if f := got["applicant_name"]; f.Value != "Karin Strömnäs" || f.ConfirmedBy == "" {
		t.Errorf("applicant_name = %+v, want Karin confirmed", f)
	}
	// Someone the register does not have at the address stays as read.
	if f := run("Sjöstigen 18, 753 21 Björkvik", "Sven Ek")["applicant_name"]; f.Value != "Sven Ek" || f.ConfirmedBy != "" {
		t.Errorf("applicant_name = %+v, want it unconfirmed", f)
	}
}

func TestConfirmBuyerReferenceOCRRead(t *testing.T) {
	set := NewSet(&Data{BuyerReferences: []BuyerReference{
		{Reference: "AEH0969", Unit: "Ældre og Handicap"},
		{Reference: "SXX1501", Unit: "Skoleafdelingen"},
		{Reference: "SXXI5O1", Unit: "Skoleafdelingen, afdeling 2"},
		{Reference: "KFX792", Unit: "Kultur"},
		{Reference: "SLX745", Unit: "Vård och omsorg"},
	}})
	run := func(source pipeline.TextSource, ref string) pipeline.Field {
		p := page("Deres ref. " + ref)
		p.Source = source
		doc := invoiceDoc(p, map[string]pipeline.Field{"buyer_reference": {Value: ref, Confidence: 0.6, Page: 1}})
		confirmWith(t, &Confirm{Registers: fixedSet{set}}, doc)
		return doc.Fields["buyer_reference"]
	}
	if f := run(pipeline.SourceOCR, "AEHO969"); f.Value != "AEH0969" || f.Raw != "AEHO969" || f.ConfirmedBy == "" {
		t.Errorf("OCR's AEHO969 = %+v, want the register's AEH0969 confirmed, the page's as raw", f)
	}
	if f := run(pipeline.SourceNative, "AEHO969"); f.Value != "AEHO969" || f.ConfirmedBy != "" {
		t.Errorf("a native AEHO969 = %+v: printed text is no misreading", f)
	}
	if f := run(pipeline.SourceOCR, "SXX15O1"); f.ConfirmedBy != "" {
		t.Errorf("SXX15O1 is like two register references, confirmed as %+v", f)
	}
	// E for F (a faint lower bar), K for X.
	if f := run(pipeline.SourceOCR, "KEX792"); f.Value != "KFX792" || f.ConfirmedBy == "" {
		t.Errorf("OCR's KEX792 = %+v, want the register's KFX792", f)
	}
	// The next cell's words ran on; printed or read, the reference is
	// the first word.
	if f := run(pipeline.SourceNative, "SLX745 Granåsa kommun"); f.Value != "SLX745" || f.Raw != "SLX745 Granåsa kommun" || f.ConfirmedBy == "" {
		t.Errorf("SLX745 with the next cell's words = %+v, want SLX745 confirmed", f)
	}
	if f := run(pipeline.SourceOCR, "SLK745 Granåsa kommun"); f.Value != "SLX745" || f.ConfirmedBy == "" {
		t.Errorf("OCR's SLK745 with the next cell's words = %+v, want SLX745 confirmed", f)
	}
	if f := run(pipeline.SourceOCR, "Granåsa SLX745"); f.ConfirmedBy != "" {
		t.Errorf("a reference after other words is no run-on: %+v", f)
	}
}

func TestConfirmBuyerGLN(t *testing.T) {
	set := NewSet(&Data{BuyerReferences: []BuyerReference{
		{Reference: "BUP5800", Unit: "Børn og Unge", Municipality: "Vesterå Kommune", GLN: "5798007584740"},
		{Reference: "BUP5801", Unit: "Børn og Unge", Municipality: "Vesterå Kommune", GLN: "5798007584740"},
		{Reference: "TMV0758", Unit: "Vejdrift", Municipality: "Vesterå Kommune", GLN: "5798007042080"},
	}})
	run := func(fields map[string]pipeline.Field, lines ...string) (pipeline.Field, bool) {
		doc := invoiceDoc(page(lines...), fields)
		confirmWith(t, &Confirm{Registers: fixedSet{set}}, doc)
		f, ok := doc.Fields["buyer_gln"]
		return f, ok
	}
	// The label lost under a stamp: the number is the municipality's.
	f, ok := run(nil, "Sælger Emma Skovby", "Mie I 5798007042080", "Faktura 5798007042080")
	if !ok || f.Value != "5798007042080" || f.ConfirmedBy == "" || f.Page != 1 || f.Box == nil || f.Box.X0 != 40+8*3+6+8+6 {
		t.Errorf("an unlabelled own GLN = %+v (found %v), want it from its first place on the page, confirmed", f, ok)
	}
	if f, ok := run(nil, "EAN:5798 0075 84740"); !ok || f.Value != "5798007584740" || f.Raw != "EAN:5798 0075 84740" {
		t.Errorf("a GLN in groups with a label glued on = %+v (found %v)", f, ok)
	}
	if f, ok := run(nil, "EAN: 5798007584740"); !ok || f.Raw != "5798007584740" {
		t.Errorf("a GLN after a label of its own = %+v (found %v), want the number alone", f, ok)
	}
	if f, ok := run(nil, "5798007584740", "5798007042080"); ok {
		t.Errorf("two of the municipality's GLNs on a page are no answer, got %+v", f)
	}
	if f, ok := run(nil, "GLN 5798007584741"); ok {
		t.Errorf("a GLN the registers do not know is not taken: %+v", f)
	}
	// A GLN read is confirmed when it is the municipality's, and kept as
	// it is when not.
	read := pipeline.Field{Value: "5798007042080", Confidence: 0.7, Page: 1}
	if f, _ := run(map[string]pipeline.Field{"buyer_gln": read}, "EAN 5798007042080"); f.ConfirmedBy == "" || f.Confidence < DefaultConfirmedConfidence {
		t.Errorf("a GLN read that the register knows = %+v, want confirmed", f)
	}
	read.Value = "5790000000001"
	if f, _ := run(map[string]pipeline.Field{"buyer_gln": read}, "EAN 5790000000001", "5798007042080"); f.ConfirmedBy != "" || f.Value != read.Value {
		t.Errorf("a GLN read that the register does not know = %+v, want it unchanged", f)
	}
}

func TestConfirmOrder(t *testing.T) {
	set := NewSet(&Data{
		Suppliers: []Supplier{{ID: "34539901", Name: "Kimholm Kontorforsyning I/S", Status: "active"}},
		PurchaseOrders: []PurchaseOrder{
			{Number: "PO-2024-24054", SupplierID: "34539901"},
			{Number: "4566547860", SupplierID: "34539901"},
			{Number: "4500000001", SupplierID: "99999999"},
			{Number: "1234", SupplierID: "34539901"},
		},
	})
	run := func(fields map[string]pipeline.Field, lines ...string) (pipeline.Field, bool) {
		lines = append([]string{"Kimholm Kontorforsyning I/S", "CVR-nr. 34 53 99 01"}, lines...)
		doc := invoiceDoc(page(lines...), fields)
		confirmWith(t, &Confirm{Registers: fixedSet{set}}, doc)
		f, ok := doc.Fields["order_reference"]
		return f, ok
	}
	// The label lost under a stamp: the supplier's purchase order.
	if f, ok := run(nil, "Jeres mn ness ws S| PO-2024-24054"); !ok || f.Value != "PO-2024-24054" || f.ConfirmedBy == "" || f.Box == nil {
		t.Errorf("an unlabelled purchase order of the supplier = %+v (found %v), want it confirmed", f, ok)
	}
	if f, ok := run(nil, "Ordre:PO 2024 24054"); !ok || f.Value != "PO-2024-24054" || f.Raw != "Ordre:PO 2024 24054" {
		t.Errorf("a purchase order printed in parts after a glued label = %+v (found %v)", f, ok)
	}
	for _, l := range []string{"PO-2024-24054 4566547860", "4500000001", "Antal 1234"} {
		if f, ok := run(nil, l); ok {
			t.Errorf("%q: two orders, another supplier's or a short number is no answer, got %+v", l, f)
		}
	}
	read := pipeline.Field{Value: "4566547860", Confidence: 0.6, Page: 1}
	if f, _ := run(map[string]pipeline.Field{"order_reference": read}, "Ordre 4566547860"); f.ConfirmedBy == "" || f.Confidence < DefaultConfirmedConfidence || f.Raw != "" {
		t.Errorf("an order read that is the supplier's = %+v, want confirmed as read", f)
	}
	read.Value = "4500000001"
	if f, _ := run(map[string]pipeline.Field{"order_reference": read}, "Ordre 4500000001"); f.ConfirmedBy != "" {
		t.Errorf("another supplier's order is not confirmed: %+v", f)
	}
}

func TestConfirmBuyerReferenceOnPage(t *testing.T) {
	set := NewSet(&Data{BuyerReferences: []BuyerReference{
		{Reference: "KIX268", Unit: "Kommunledningskontoret"},
		{Reference: "AEH5822", Unit: "Hjemmeplejen"},
		{Reference: "MHA", Unit: "Økonomi"},
	}})
	run := func(lines ...string) (pipeline.Field, bool) {
		doc := invoiceDoc(page(lines...), map[string]pipeline.Field{})
		confirmWith(t, &Confirm{Registers: fixedSet{set}}, doc)
		f, ok := doc.Fields["buyer_reference"]
		return f, ok
	}
	// Its label under a stamp: "- 7077 KiX268".
	if f, ok := run("Stadshuset, Storgatan 18 - 7077 KiX268"); !ok || f.Value != "KIX268" || f.Raw != "KiX268" || f.ConfirmedBy == "" || f.Box == nil {
		t.Errorf("a register reference alone on the page = %+v (found %v), want KIX268 confirmed with its place", f, ok)
	}
	if f, ok := run("KIX268", "AEH5822"); ok {
		t.Errorf("two register references on a page are no answer: %+v", f)
	}
	if f, ok := run("Attn. MHA"); ok {
		t.Errorf("a short reference is taken only beside its label: %+v", f)
	}
	// The value read from a stamp's words ("kommun") is no reference the
	// register knows: the one it knows printed on the page is.
	doc := invoiceDoc(page("Er referens kommun", "Björkviks kommun", "AEH5822"), map[string]pipeline.Field{
		"buyer_reference": {Value: "kommun", Confidence: 0.6, Page: 1},
	})
	confirmWith(t, &Confirm{Registers: fixedSet{set}}, doc)
	if f := doc.Fields["buyer_reference"]; f.Value != "AEH5822" || f.ConfirmedBy == "" {
		t.Errorf("an unknown reference read, a register one printed = %+v, want AEH5822 confirmed", f)
	}
	// A reference the register lacks is what the page says: the rules
	// report it.
	doc = invoiceDoc(page("Er referens NYX1234", "AEH5822"), map[string]pipeline.Field{
		"buyer_reference": {Value: "NYX1234", Confidence: 0.6, Page: 1},
	})
	confirmWith(t, &Confirm{Registers: fixedSet{set}}, doc)
	if f := doc.Fields["buyer_reference"]; f.Value != "NYX1234" || f.ConfirmedBy != "" {
		t.Errorf("a reference the register lacks = %+v, want it as read", f)
	}
}

func TestConfirmDecision(t *testing.T) {
	set := NewSet(&Data{Decisions: []Decision{
		{ID: "SN 2022/230", Kind: "personal_assistance", PersonID: "199305129950", Outcome: "granted"},
		{ID: "SOC 2023/111", Kind: "personal_assistance", PersonID: "199012289998", Outcome: "granted"},
	}})
	run := func(ref, person string) pipeline.Field {
		return confirmPage(t, set, pipeline.TypeSickPayClaim, pipeline.SourceOCR, map[string]pipeline.Field{
			"decision_reference": {Value: ref, Confidence: 0.6, Page: 1},
			"assisted_person_id": {Value: person, Confidence: 0.9, Page: 1},
		}, "beslut "+ref)["decision_reference"]
	}
	if f := run("N 2022/230", "199305129950"); f.Value != "SN 2022/230" || f.Raw != "N 2022/230" || f.ConfirmedBy == "" {
		t.Errorf("N 2022/230 = %+v, want the person's SN 2022/230 confirmed, the page's as raw", f)
	}
	if f := run("SN 2022/230", "199305129950"); f.ConfirmedBy == "" {
		t.Errorf("the person's own decision was not confirmed: %+v", f)
	}
	// Another number is another decision; another person's decision is
	// not this person's.
	if f := run("SN 2022/231", "199305129950"); f.Value != "SN 2022/231" || f.ConfirmedBy != "" {
		t.Errorf("SN 2022/231 = %+v: a number that differs must stay as read", f)
	}
	if f := run("SOC 2023/111", "199305129950"); f.ConfirmedBy != "" {
		t.Errorf("another person's decision was confirmed: %+v", f)
	}
	// The assisted person's id not read: the confirmed provider's
	// decisions stand in.
	p := page("beslut VOF 2022/172")
	p.Source = pipeline.SourceOCR
	doc := invoiceDoc(p, map[string]pipeline.Field{
		"decision_reference": {Value: "2022/172", Confidence: 0.6, Page: 1},
		"provider_id":        {Value: "5596780493", Confidence: 0.999, Page: 1, ConfirmedBy: "provider register"},
	})
	doc.Type.Value = pipeline.TypeSickPayClaim
	withProvider := NewSet(&Data{Decisions: []Decision{{ID: "VOF 2022/172", Kind: "personal_assistance", PersonID: "197911179989", ProviderID: "5596780493"}}})
	if err := (&Confirm{Registers: fixedSet{withProvider}}).Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if f := doc.Fields["decision_reference"]; f.Value != "VOF 2022/172" || f.ConfirmedBy == "" {
		t.Errorf("decision_reference = %+v, want VOF 2022/172 by the provider's decisions", f)
	}
}

// TestSpellTown: the town of an address OCR read is spelt as the
// registers' addresses spell it for the postcode; the address is not
// confirmed by that, and a town unlike every one of the postcode stays.
func TestSpellTown(t *testing.T) {
	set := NewSet(&Data{
		Persons: []Person{{ID: "201804159844", Role: "child", Address: Address{Street: "Kyrkgatan 2", Postcode: "582 22", City: "Sjöhamra"}}},
		Schools: []School{{ID: "S1", Name: "Norra skolan", Address: Address{Street: "Skolvägen 1", Postcode: "58941", City: "Ekängen"}}},
	})
	run := func(address string, src pipeline.TextSource) pipeline.Field {
		fields := map[string]pipeline.Field{"address": {Value: address, Confidence: 0.6, Page: 1}}
		return confirmPage(t, set, pipeline.TypeSchoolTransport, src, fields, "Adress "+address)["address"]
	}
	for read, want := range map[string]string{
		"Kyrkbacken 29, 582 22 Sjéhamra": "Kyrkbacken 29, 582 22 Sjöhamra",
		"Videbacken 70, 589 41 Ekången":  "Videbacken 70, 589 41 Ekängen",
		"Kyrkbacken 29, 582 22 Malmö":    "Kyrkbacken 29, 582 22 Malmö",    // another town
		"Kyrkbacken 29, 582 23 Sjéhamra": "Kyrkbacken 29, 582 23 Sjéhamra", // a postcode no address has
	} {
		f := run(read, pipeline.SourceOCR)
		if f.Value != want || f.ConfirmedBy != "" || want != read && (f.Raw != read || f.MendedBy == "") {
			t.Errorf("%s: %+v, want %q unconfirmed, the page's as raw", read, f, want)
		}
	}
	if f := run("Kyrkbacken 29, 582 22 Sjéhamra", pipeline.SourceNative); f.Value != "Kyrkbacken 29, 582 22 Sjéhamra" {
		t.Errorf("a printed town was respelt: %+v", f)
	}
}

// TestProviderByName: the organisation number's first digits under a
// stamp, the provider named on the page whose number ends in the digits
// printed is the claim's; too few digits, or another name, are not.
func TestProviderByName(t *testing.T) {
	set := NewSet(&Data{Providers: []Provider{
		{ID: "5595761262", Name: "Assistansgruppen Fjordbro AB"},
		{ID: "5598761262", Name: "Personlig Assistans i Havgård AB"},
	}})
	run := func(name, printed string) map[string]pipeline.Field {
		return confirmPage(t, set, pipeline.TypeSickPayClaim, pipeline.SourceOCR, map[string]pipeline.Field{
			"provider_name": {Value: name, Confidence: 0.8, Page: 1},
		}, "Anordnarens namn Organisation!", name+" "+printed)
	}
	got := run("Assistansgruppen Fjordbro AB", "9576-1262")
	if f := got["provider_id"]; f.Value != "5595761262" || f.Raw != "9576-1262" || f.ConfirmedBy == "" || f.Box == nil {
		t.Errorf("provider_id = %+v, want the register's 5595761262 confirmed, the printed digits as raw", f)
	}
	if f := got["provider_name"]; f.ConfirmedBy == "" {
		t.Errorf("provider_name not confirmed: %+v", f)
	}
	if f := run("Assistansgruppen Fjordbro AB", "761262")["provider_id"]; f.Value != "" {
		t.Errorf("six digits identified a provider: %+v", f)
	}
	if f := run("Havgårds Städ AB", "9576-1262")["provider_id"]; f.Value != "" {
		t.Errorf("another name's provider was taken: %+v", f)
	}
}

// TestConfirmDecisionOnPage: no decision reference read (its label
// garbled), the one decision of the assisted person's printed on the
// page is taken; another person's decision printed there is not.
func TestConfirmDecisionOnPage(t *testing.T) {
	set := NewSet(&Data{Decisions: []Decision{
		{ID: "SOC 2023/1041", Kind: "personal_assistance", PersonID: "199703259979"},
		{ID: "SOC 2023/111", Kind: "personal_assistance", PersonID: "199012289998"},
		{ID: "BUF 2023/77", Kind: "school_transport", PersonID: "199703259979"},
	}})
	run := func(text, person string) pipeline.Field {
		return confirmPage(t, set, pipeline.TypeSickPayClaim, pipeline.SourceOCR, map[string]pipeline.Field{
			"assisted_person_id": {Value: person, Confidence: 0.9, Page: 1},
		}, "Personnummer Kommunens lut om", text)["decision_reference"]
	}
	f := run("19970325-9979 SOC 2023/1041", "199703259979")
	if f.Value != "SOC 2023/1041" || f.ConfirmedBy == "" || f.Raw != "SOC 2023/1041" || f.Box == nil {
		t.Errorf("decision_reference = %+v, want SOC 2023/1041 confirmed, with its place", f)
	}
	if f := run("19970325-9979 SOC 2023/111", "199703259979"); f.Value != "" {
		t.Errorf("another person's decision was taken: %+v", f)
	}
	if f := run("19970325-9979 BUF 2023/77", "199703259979"); f.Value != "" {
		t.Errorf("a school-transport decision was taken for a sick-pay claim: %+v", f)
	}
}

func TestConfirmSchool(t *testing.T) {
	set := NewSet(&Data{Schools: []School{
		{ID: "NOE-S1", Name: "Kløverlundskolen", Municipality: "Nørreskov Kommune"},
		{ID: "NOE-S2", Name: "Sandskolen", Municipality: "Nørreskov Kommune"},
		{ID: "BJO-S1", Name: "Södra skolan", Municipality: "Björkviks kommun"},
	}})
	run := func(school string) pipeline.Field {
		doc := invoiceDoc(page("Skole "+school), map[string]pipeline.Field{"school": {Value: school, Confidence: 0.6}})
		doc.Type.Value = pipeline.TypeSchoolTransport
		confirmWith(t, &Confirm{Registers: fixedSet{set}}, doc)
		return doc.Fields["school"]
	}
	if f := run("Kloverlundskolen lasse)"); f.Value != "Kløverlundskolen" || f.Raw != "Kloverlundskolen lasse)" || !strings.Contains(f.ConfirmedBy, "NOE-S1") {
		t.Errorf("school = %+v, want the register's Kløverlundskolen, the page's as raw", f)
	}
	if f := run("Södra skolan"); f.Value != "Södra skolan" || f.ConfirmedBy == "" {
		t.Errorf("school = %+v, want it confirmed as read", f)
	}
	// A school the register lacks, two letters from one it has, stays.
	if f := run("Strandskolen"); f.Value != "Strandskolen" || f.ConfirmedBy != "" {
		t.Errorf("school = %+v, want it as read, unconfirmed", f)
	}
}

// TestInvoiceNumberInTheSupplierSeries: an invoice number OCR read with
// look-alike characters takes the shape of the supplier's series, as its
// booked invoices show it; the page's reading stays as Raw, and the
// number is not confirmed.
func TestInvoiceNumberInTheSupplierSeries(t *testing.T) {
	d := confirmSet().Data()
	d.Invoices = []BookedInvoice{
		{SupplierID: "34539901", InvoiceNumber: "2024/07552"},
		{SupplierID: "34539901", InvoiceNumber: "2024/07590"},
		{SupplierID: "5593265688", InvoiceNumber: "SK41122"},
		{SupplierID: "18558963", InvoiceNumber: "ØS32601"},
		{SupplierID: "IE9140458L", InvoiceNumber: "BG1001"},
		{SupplierID: "IE9140458L", InvoiceNumber: "8G1002"}, // two series
	}
	set := NewSet(d)
	run := func(source pipeline.TextSource, supplier []string, number string) pipeline.Field {
		p := page(append(supplier, "Fakturanr "+number)...)
		p.Source = source
		doc := invoiceDoc(p, map[string]pipeline.Field{"invoice_number": {Value: number, Confidence: 0.8, Page: 1}})
		confirmWith(t, &Confirm{Registers: fixedSet{set}}, doc)
		return doc.Fields["invoice_number"]
	}
	kimholm := []string{"Kimholm Kontorforsyning I/S", "CVR-nr.: 34 53 99 01"}
	skovby := []string{"Skolmöbler Skovby AB", "Org.nr 559326-5688"}
	broberg := []string{"Broberg Grounds Maintenance Ltd", "VAT IE9140458L"}
	alvang := []string{"Kontorforsyning Alvang I/S", "CVR 18558963"}
	for _, c := range []struct {
		name     string
		source   pipeline.TextSource
		supplier []string
		read     string
		want     string
	}{
		{"slash read as 1", pipeline.SourceOCR, kimholm, "2024107615", "2024/07615"},
		{"letters read as digits", pipeline.SourceOCR, skovby, "5K41188", "SK41188"},
		{"Ø read as a zero", pipeline.SourceOCR, alvang, "0S32632", "ØS32632"},
		{"already in shape", pipeline.SourceOCR, kimholm, "2024/07615", "2024/07615"},
		{"three characters off", pipeline.SourceOCR, skovby, "5K4ll88", "5K4ll88"},
		{"two series fit", pipeline.SourceOCR, broberg, "8G10O1", "8G10O1"},
		{"one series fits", pipeline.SourceOCR, broberg, "BG1OO3", "BG1003"},
		{"printed text is no misreading", pipeline.SourceNative, kimholm, "2024107615", "2024107615"},
		{"another series' length", pipeline.SourceOCR, kimholm, "202410761", "202410761"},
	} {
		f := run(c.source, c.supplier, c.read)
		if f.Value != c.want || f.ConfirmedBy != "" {
			t.Errorf("%s: %q = %+v, want %q unconfirmed", c.name, c.read, f, c.want)
		}
		if c.want != c.read && (f.Raw != c.read || f.MendedBy == "") {
			t.Errorf("%s: raw %q (mended by %q), want the page's %q and why", c.name, f.Raw, f.MendedBy, c.read)
		}
	}
}

func TestConfirmInvoiceNumberByReference(t *testing.T) {
	d := confirmSet().Data()
	d.Invoices = []BookedInvoice{
		{SupplierID: "34539901", InvoiceNumber: "TO40990"},
		{SupplierID: "5593265688", InvoiceNumber: "41122"},
	}
	set := NewSet(d)
	run := func(supplier []string, number, ref string) pipeline.Field {
		p := page(append(supplier, "Fakturanr "+number, "Betaling "+ref)...)
		p.Source = pipeline.SourceOCR
		doc := invoiceDoc(p, map[string]pipeline.Field{
			"invoice_number":    {Value: number, Confidence: 0.9, Page: 1},
			"payment_reference": {Value: ref, Confidence: 0.9, Page: 1},
		})
		confirmWith(t, &Confirm{Registers: fixedSet{set}, ReferenceBases: checkdigit.ReferenceBases}, doc)
		return doc.Fields["invoice_number"]
	}
	kimholm := []string{"Kimholm Kontorforsyning I/S", "CVR-nr.: 34 53 99 01"}
	skovby := []string{"Skolmöbler Skovby AB", "Org.nr 559326-5688"}
	ocr, _ := checkdigit.MakeOCRReference("4882741188", true)
	for _, c := range []struct {
		name     string
		supplier []string
		number   string
		ref      string
		want     bool
	}{
		// FI card 71 made from customer 48827 and the number's digits.
		{"FI card", kimholm, "TO41074", "+71<000048827410746+84988909<", true},

		{"the reference's check digit off", kimholm, "TO41074", "+71<000048827410747+84988909<", false},
		{"OCR reference with a length digit", skovby, "41188", ocr, true},
		{"a digit lost in front", skovby, "1188", ocr, false},
		{"no supplier confirmed", nil, "41188", ocr, false},
	} {
		f := run(c.supplier, c.number, c.ref)
		if got := f.ConfirmedBy != "" && f.Confidence >= DefaultConfirmedConfidence; got != c.want || f.Value != c.number {
			t.Errorf("%s: %q with %q = %+v, want confirmed %v", c.name, c.number, c.ref, f, c.want)
		}
	}
	// One digit misread: the reference, valid by its check digits, gives
	// the number its digits, unconfirmed, the page's reading as raw.
	if f := run(kimholm, "TO41079", "+71<000048827410746+84988909<"); f.Value != "TO41074" || f.Raw != "TO41079" || f.ConfirmedBy != "" {
		t.Errorf("TO41079 with a reference made from TO41074 = %+v, want TO41074 unconfirmed", f)
	}
	// Two digits off is another number.
	if f := run(kimholm, "TO41779", "+71<000048827410746+84988909<"); f.Value != "TO41779" || f.ConfirmedBy != "" {
		t.Errorf("TO41779 with a reference made from TO41074 = %+v, want it as read", f)
	}
	// No series booked: six digits or more, and the reference's digits.
	broberg := []string{"Broberg Grounds Maintenance Ltd", "VAT IE9140458L"}
	long, _ := checkdigit.MakeOCRReference("2106824002686", true)
	if f := run(broberg, "24902686", long); f.Value != "24002686" || f.Raw != "24902686" || f.ConfirmedBy != "" {
		t.Errorf("24902686 with a reference made from 24002686 = %+v, want 24002686 unconfirmed", f)
	}
	short, _ := checkdigit.MakeOCRReference("210682400268", true)
	if f := run(broberg, "0278", short); f.Value != "0278" {
		t.Errorf("a four-digit number outside any series = %+v, want it as read", f)
	}
	// None read (the label garbled): the word on the page that, in the
	// series' shape, has the reference's digits.
	for _, c := range []struct{ printed, want string }{{"Fakturanr. T041074", "TO41074"}, {"Fakturanr. T041079", ""}} {
		p := page(append(kimholm, c.printed, "Betaling +71<000048827410746+84988909<")...)
		p.Source = pipeline.SourceOCR
		doc := invoiceDoc(p, map[string]pipeline.Field{"payment_reference": {Value: "+71<000048827410746+84988909<", Confidence: 0.9, Page: 1}})
		confirmWith(t, &Confirm{Registers: fixedSet{set}, ReferenceBases: checkdigit.ReferenceBases}, doc)
		if f := doc.Fields["invoice_number"]; f.Value != c.want || c.want != "" && (f.ConfirmedBy == "" || f.Raw != "T041074" || f.Box == nil) {
			t.Errorf("%s, none read: invoice_number = %+v, want %q", c.printed, f, c.want)
		}
	}
	// Letters read as digits take the series' letters (InvoiceNumberRead);
	// the reference then vouches for the digits.
	if f := run(kimholm, "7041074", "+71<000048827410746+84988909<"); f.Value != "TO41074" || f.Raw != "7041074" || f.ConfirmedBy == "" {
		t.Errorf("7041074 in a series of TO99999 with its digits in the reference = %+v, want TO41074 confirmed", f)
	}
}

// TestConfirmWrappedName: a supplier name wrapped over two lines of a
// narrow column, the second running on into the next column's words, is
// still found when the supplier's id is printed.
func TestConfirmWrappedName(t *testing.T) {
	doc := invoiceDoc(page("Skolmöbler", "Skovby AB Sjöhamra kommun", "Org.nr 559326-5688"), map[string]pipeline.Field{
		"supplier_name": {Value: "Skovby AB", Confidence: 0.6, Page: 1},
	})
	runConfirm(t, doc)
	if name := doc.Fields["supplier_name"]; name.Value != "Skolmöbler Skovby AB" || !strings.HasPrefix(name.Raw, "Skolmöbler Skovby") || name.ConfirmedBy == "" {
		t.Errorf("supplier_name = %+v, want the name on both lines confirmed", name)
	}
	if id := doc.Fields["supplier_id"]; id.Value != "5593265688" || id.ConfirmedBy == "" {
		t.Errorf("supplier_id = %+v, want it confirmed", id)
	}
}

// TestAccountsOnPage: a confirmed supplier's bankgiro printed under a
// label a scan garbled ("B" for BG), or read in part, is the bankgiro,
// where it is printed; a number that is not its account is not taken,
// and another account read is left as read.
func TestAccountsOnPage(t *testing.T) {
	for _, c := range []struct{ printed, read, want string }{
		{"B 628-2081", "", "6282081"},
		{"B 628-2018", "", ""},
		{"BG 628-2081", "2081", "6282081"},    // a piece of it read
		{"BG 628-2081", "5050105", "5050105"}, // another account read stays
		{"BG 62°8-2081", "2081", "6282081"},   // and a speck inside
	} {
		fields := map[string]pipeline.Field{}
		if c.read != "" {
			fields["bankgiro"] = pipeline.Field{Value: c.read, Confidence: 0.6, Page: 1}
		}
		doc := invoiceDoc(page("Skolmöbler Skovby AB", "Org.nr 559326-5688", c.printed), fields)
		runConfirm(t, doc)
		f := doc.Fields["bankgiro"]
		if f.Value != c.want || c.want == "6282081" && (f.ConfirmedBy == "" || f.Box == nil || f.Raw != strings.Fields(c.printed)[1]) {
			t.Errorf("%s (read %q): bankgiro = %+v, want %q", c.printed, c.read, f, c.want)
		}
	}
}

// TestSupplierByNameAndAccount: the organisation number misread ("589479"
// for 559479), the name and the bankgiro on the page still say which
// register supplier sent it: the name is confirmed over the seller's
// contact the extractor took, the bankgiro under a garbled label is
// filled, and the id is left as read for the check-digit rule. Another
// supplier's id read rules the match out.
func TestSupplierByNameAndAccount(t *testing.T) {
	set := NewSet(&Data{Suppliers: []Supplier{
		{ID: "5594797820", Name: "Egebro Städservice AB", Status: "active", Accounts: []Account{{Kind: "bankgiro", Value: "8127821"}}},
		{ID: "5593265688", Name: "Skolmöbler Skovby AB", Status: "active"},
	}})
	lines := []string{"Egebro Städservice AB", "Org.nr 589479-7820", "Säljare Wilma Sandkvist", "Bankpro! 812-7821"}
	fields := func(id string) map[string]pipeline.Field {
		return map[string]pipeline.Field{
			"supplier_id":   {Value: id, Confidence: 0.6, Page: 1},
			"supplier_name": {Value: "Wilma Sandkvist", Confidence: 0.6, Page: 1},
		}
	}
	got := confirmPage(t, set, pipeline.TypeInvoice, pipeline.SourceOCR, fields("5894797820"), lines...)
	if n := got["supplier_name"]; n.Value != "Egebro Städservice AB" || n.ConfirmedBy == "" || n.Box == nil {
		t.Errorf("supplier_name = %+v, want the register's, confirmed, where it is printed", n)
	}
	if id := got["supplier_id"]; id.Value != "5894797820" || id.ConfirmedBy != "" {
		t.Errorf("supplier_id = %+v, want it as read", id)
	}
	if bg := got["bankgiro"]; bg.Value != "8127821" || bg.ConfirmedBy == "" {
		t.Errorf("bankgiro = %+v, want the register's account printed on the page", bg)
	}
	got = confirmPage(t, set, pipeline.TypeInvoice, pipeline.SourceOCR, fields("5593265688"), lines...)
	if n := got["supplier_name"]; n.Value != "Wilma Sandkvist" {
		t.Errorf("with another supplier's id read: supplier_name = %+v, want it as read", n)
	}
}

// TestAccountInIBANIsNoAccount: a Danish account printed only as the end
// of its IBAN is not filled in as the account field.
func TestAccountInIBANIsNoAccount(t *testing.T) {
	set := NewSet(&Data{Suppliers: []Supplier{{ID: "18941317", Name: "Birkholm Tryk ApS", Status: "active",
		Accounts: []Account{{Kind: "dk_account", Value: "28655083791337"}, {Kind: "iban", Value: "DK7628655083791337"}}}}})
	got := confirmPage(t, set, pipeline.TypeInvoice, pipeline.SourceNative, map[string]pipeline.Field{},
		"Birkholm Tryk ApS", "CVR 18941317", "IBAN DK76 2865 5083 7913 37")
	if f, have := got["bank_account"]; have {
		t.Errorf("bank_account = %+v, want none: only the IBAN is printed", f)
	}
	got = confirmPage(t, set, pipeline.TypeInvoice, pipeline.SourceNative, map[string]pipeline.Field{},
		"Birkholm Tryk ApS", "CVR 18941317", "Reg.nr./konto 2865 5083791337")
	if f := got["bank_account"]; f.Value != "28655083791337" {
		t.Errorf("bank_account = %+v, want the registered one printed as reg.nr and account", f)
	}
}

// TestAddressOnPage: no address read (its label garbled, the postcode
// pushed a line up by a stamp), the confirmed child's registered street,
// house number and postcode on the page are the address; another house
// number, or no postcode beside the street, is not.
func TestAddressOnPage(t *testing.T) {
	home := Address{Street: "Bøgeparken 26, st.", Postcode: "5260", City: "Fruelund"}
	set := NewSet(&Data{Persons: []Person{{ID: "1707166866", Name: "Trine Lundlev", Role: "child", Address: home}}})
	run := func(lines ...string) pipeline.Field {
		fields := map[string]pipeline.Field{"child_id": {Value: "1707166866", Confidence: 0.7}, "child_name": {Value: "Trine Lundlev", Confidence: 0.7}}
		lines = append([]string{"Barnets navn Trine Lundlev"}, lines...)
		return confirmPage(t, set, pipeline.TypeSchoolTransport, pipeline.SourceOCR, fields, lines...)["address"]
	}
	if f := run("5260 Hai", "Ad Bøgeparken 26, st., Fruelund Kommun ."); f.Value != "Bøgeparken 26, st., 5260 Fruelund" || f.ConfirmedBy == "" || f.Box == nil || !strings.HasPrefix(f.Raw, "Bøgeparken 26") {
		t.Errorf("address = %+v, want the registered one, where its street is printed", f)
	}
	for _, lines := range [][]string{
		{"5260 Fruelund", "Ad Bøgeparken 28, st., Fruelund"},
		{"Ad Bøgeparken 26, st., Fruelund", "Telefon 91 19 52 84", "5260"},
	} {
		if f := run(lines...); f.Value != "" {
			t.Errorf("%q: address = %+v, want none", lines, f)
		}
	}
}

// TestBuyersIDReadAsSupplierID: the municipality's own organisation
// number, read as the supplier's, gives way to the id of the supplier the
// name and an account on the page identify, placed where it is printed
// inside a garbled run; an id that is nobody's stays as read.
func TestBuyersIDReadAsSupplierID(t *testing.T) {
	set := NewSet(&Data{
		Suppliers: []Supplier{{ID: "5597260420", Name: "Lundnäss Tryckeri HB", Status: "active", VATNumber: "SE559726042001",
			Accounts: []Account{{Kind: "plusgiro", Value: "9065772"}}}},
		Municipalities: []Municipality{{ID: "2120991415", Name: "Granåsa kommun", VAT: "SE212099141501"}},
	})
	run := func(id string, lines ...string) pipeline.Field {
		fields := map[string]pipeline.Field{
			"supplier_id":   {Value: id, Confidence: 0.6, Page: 1, Box: &pipeline.Box{X0: 1, Y0: 1, X1: 2, Y1: 2}},
			"supplier_name": {Value: "Lundnåss Tryckeri HB", Confidence: 0.6, Page: 1},
		}
		lines = append([]string{"Lundnäss Tryckeri HB", "Granåsa kommun", "Org.nr 212099-1415", "Betalningsmottagare PG: 906577-2"}, lines...)
		return confirmPage(t, set, pipeline.TypeInvoice, pipeline.SourceOCR, fields, lines...)["supplier_id"]
	}
	f := run("2120991415", "Mot MQepur75F5597 26042001")
	if f.Value != "5597260420" || f.ConfirmedBy == "" || f.MendedBy == "" || f.Box == nil || f.Raw != "MQepur75F5597 26042001" {
		t.Errorf("supplier_id = %+v, want the register's, confirmed, where it is printed", f)
	}
	if f := run("2120991415"); f.Value != "5597260420" || f.Box != nil || f.Page != 0 || !strings.Contains(f.MendedBy, "Granåsa kommun") {
		t.Errorf("supplier_id = %+v, want the register's, with no place: printed nowhere", f)
	}
	if f := run("5597260480"); f.Value != "5597260480" || f.ConfirmedBy != "" {
		t.Errorf("supplier_id = %+v, want a near miss as read", f)
	}
}

// TestSupplierIDBesideBuyers: with no register supplier on the page, the
// municipality's CVR read as the supplier's gives way to the one other
// CVR printed after an id label, even one failing its check digit (the
// rule reports that); with two such, or one without a label, it stays as
// read.
func TestSupplierIDBesideBuyers(t *testing.T) {
	set := NewSet(&Data{Municipalities: []Municipality{{ID: "77162631", Name: "Nørreskov Kommune", VAT: "DK77162631"}}})
	run := func(lines ...string) pipeline.Field {
		fields := map[string]pipeline.Field{
			"supplier_id":   {Value: "77162631", Confidence: 0.8, Page: 1, Box: &pipeline.Box{X0: 1, Y0: 1, X1: 2, Y1: 2}},
			"supplier_name": {Value: "Vikhus El-service A/S", Confidence: 0.8, Page: 1},
		}
		lines = append([]string{"Vikhus El-service A/S", "Tlf. 61 79 54 48"}, lines...)
		lines = append(lines, "Nørreskov Kommune", "CVR 77162631 Kundenr. 84473")
		return confirmPage(t, set, pipeline.TypeInvoice, pipeline.SourceOCR, fields, lines...)["supplier_id"]
	}
	f := run("CVR 49943951")
	if f.Value != "49943951" || f.Raw != "49943951" || f.Box == nil || f.ConfirmedBy != "" || !strings.Contains(f.MendedBy, "Nørreskov Kommune") || f.Confidence >= 0.8 {
		t.Errorf("supplier_id = %+v, want the other CVR, where printed, unconfirmed, at lower confidence", f)
	}
	for _, lines := range [][]string{
		{"CVR 49943951", "SE-nr. 34539901"}, // two: which is the supplier's?
		{"49943951"},                        // no label
		{"CVR 4994395"},                     // not a CVR's shape
	} {
		if f := run(lines...); f.Value != "77162631" {
			t.Errorf("%q: supplier_id = %+v, want it as read", lines, f)
		}
	}
}
