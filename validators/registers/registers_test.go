package registers

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const corpus = "../../fixtures/corpus/registers"

func TestLoadCorpus(t *testing.T) {
	s, err := Load(corpus)
	if err != nil {
		t.Fatal(err)
	}
	d := s.Data()
	if len(d.Suppliers) == 0 || len(d.Persons) == 0 || len(d.Decisions) == 0 {
		t.Fatalf("empty registers: %d suppliers, %d persons", len(d.Suppliers), len(d.Persons))
	}
	sup := d.Suppliers[0]
	if got, ok := s.Supplier(sup.ID); !ok || got.Name != sup.Name {
		t.Errorf("Supplier(%s) = %v, %v", sup.ID, got, ok)
	}
	if got, ok := s.Supplier(sup.VATNumber); !ok || got.ID != sup.ID {
		t.Errorf("Supplier(%s) by VAT = %v, %v", sup.VATNumber, got, ok)
	}
	a := sup.Accounts[0]
	if got := s.SuppliersByAccount(a.Kind, a.Value); len(got) == 0 || got[0].ID != sup.ID {
		t.Errorf("SuppliersByAccount(%v) = %v", a, got)
	}
}

func TestLoadRejectsUnknownKeysAndReportsAll(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "suppliers.json"), []byte(`[{"id":"1","colour":"red"}]`), 0o644)
	os.WriteFile(filepath.Join(dir, "persons.json"), []byte(`{`), 0o644)
	_, err := Load(dir)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"suppliers.json", "colour", "persons.json"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

func TestSupplierByName(t *testing.T) {
	s, err := Load(corpus)
	if err != nil {
		t.Fatal(err)
	}
	sup := s.Data().Suppliers[3]
	for _, q := range []string{sup.Name, strings.ToUpper(sup.Name), strings.Replace(sup.Name, "o", "0", 1) + " ApS"} {
		got, score, ok := s.SupplierByName(q, MinNameScore)
		if !ok || got.ID != sup.ID {
			t.Errorf("SupplierByName(%q) = %v %.2f %v, want %s", q, got, score, ok, sup.Name)
		}
	}
	if got, score, ok := s.SupplierByName("Zyxwv Qqq", MinNameScore); ok {
		t.Errorf("unrelated name matched %v (%.2f)", got.Name, score)
	}
}

func TestHaversine(t *testing.T) {
	// Copenhagen City Hall to Aarhus City Hall is about 156 km.
	if km := Haversine(55.6761, 12.5683, 56.1572, 10.2107); km < 150 || km > 160 {
		t.Errorf("Haversine = %.1f km", km)
	}
}

func TestReloadOnChange(t *testing.T) {
	dir := t.TempDir()
	write := func(name string) {
		b := fmt.Appendf(nil, `[{"id":"12345678","name":%q,"status":"active"}]`, name)
		if err := os.WriteFile(filepath.Join(dir, "suppliers.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Old Name")
	st, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	old := st.Current()
	write("New Name Longer")
	// Modification times may be coarse: make the change visible by size and time.
	os.Chtimes(filepath.Join(dir, "suppliers.json"), time.Now(), time.Now().Add(time.Second))
	if changed, err := st.Reload(); err != nil || !changed {
		t.Fatalf("Reload = %v, %v", changed, err)
	}
	if p, _ := st.Current().Supplier("12345678"); p.Name != "New Name Longer" {
		t.Errorf("after reload: %q", p.Name)
	}
	if p, _ := old.Supplier("12345678"); p.Name != "Old Name" {
		t.Errorf("the old snapshot changed: %q", p.Name)
	}
	os.WriteFile(filepath.Join(dir, "suppliers.json"), []byte("[{"), 0o644)
	if _, err := st.Reload(); err == nil {
		t.Error("a broken file was accepted")
	}
	if p, _ := st.Current().Supplier("12345678"); p.Name != "New Name Longer" {
		t.Errorf("a broken file replaced the registers: %q", p.Name)
	}
}

func TestLoadEmptyFolderFails(t *testing.T) {
	if _, err := Load(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no register files") {
		t.Errorf("Load(empty) = %v", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "nosuch")); err == nil {
		t.Error("Load(missing folder) succeeded")
	}
}

func TestBuyerIDFallsBackToName(t *testing.T) {
	s, err := Load(corpus)
	if err != nil {
		t.Fatal(err)
	}
	m, sup := s.Data().Municipalities[0], s.Data().Suppliers[0]
	f := s.Facts("invoice", map[string]string{"supplier_id": m.ID, "supplier_name": sup.Name}, nil)
	if f["supplier_known"] != true || f["supplier_id_is_buyer"] != true || f["supplier_match"] != "name" {
		t.Errorf("facts = %v", f)
	}
	f = s.Facts("invoice", map[string]string{"supplier_id": m.ID}, nil)
	if f["supplier_known"] != false {
		t.Errorf("without a name: %v", f)
	}
}

func TestSupplierByAccountWhenNoIDOrName(t *testing.T) {
	s, err := Load(corpus)
	if err != nil {
		t.Fatal(err)
	}
	m := s.Data().Municipalities[0]
	var sup Supplier
	for _, p := range s.Data().Suppliers {
		if _, ok := p.Account("iban"); ok && p.Status == "active" {
			sup = p
			break
		}
	}
	iban, _ := sup.Account("iban")
	f := s.Facts("invoice", map[string]string{"supplier_id": m.ID, "supplier_name": "Anna Kroglev", "iban": iban.Value}, nil)
	if f["supplier_known"] != true || f["supplier_match"] != "account" {
		t.Errorf("facts = %v", f)
	}
	// A real but unknown id is not overridden: it may be a corrupted one.
	f = s.Facts("invoice", map[string]string{"supplier_id": "12345674", "iban": iban.Value}, nil)
	if f["supplier_known"] != false {
		t.Errorf("unknown id: %v", f)
	}
}

func TestDecisionWithoutAssistedID(t *testing.T) {
	s, err := Load(corpus)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range s.Data().Decisions {
		if d.Kind != "personal_assistance" || d.Outcome != "granted" {
			continue
		}
		fields := map[string]string{"decision_reference": d.ID, "sick_from": d.From, "sick_to": d.From}
		// An id a scan lost is no mismatch; a different id is.
		if f := s.Facts("sick_pay_claim", fields, nil); f["decision_valid"] != true {
			t.Errorf("without the assisted id: %v", f)
		}
		fields["assisted_person_id"] = "190001010000"
		if f := s.Facts("sick_pay_claim", fields, nil); f["decision_valid"] != false {
			t.Errorf("with another person's id: %v", f)
		}
		return
	}
	t.Fatal("no granted assistance decision in the corpus registers")
}

func TestSchoolOfTheChildsMunicipality(t *testing.T) {
	// Two municipalities each have a "Södra skolan": the distance is
	// measured to the one where the child lives.
	near := School{ID: "A-S1", Name: "Södra skolan", Municipality: "A kommun", Country: "SE", Address: Address{Lat: 59.0, Lon: 15.0}}
	far := School{ID: "B-S1", Name: "Södra skolan", Municipality: "B kommun", Country: "SE", Address: Address{Lat: 60.0, Lon: 17.0}}
	child := Person{ID: "201103259998", Name: "Ebba", Role: "child", Address: Address{Street: "Storgatan 1", Postcode: "123 45", City: "A", Municipality: "A kommun", Lat: 59.01, Lon: 15.0}}
	for _, order := range [][]School{{near, far}, {far, near}} {
		s := NewSet(&Data{Schools: order, Persons: []Person{child}})
		f := s.Facts("school_transport_application", map[string]string{"child_id": child.ID, "school": "Södra skolan"}, nil)
		if km, _ := f["distance_km"].(float64); km > 2 || f["municipality"] != "A kommun" {
			t.Errorf("schools %s first: %v", order[0].ID, f)
		}
	}
}
