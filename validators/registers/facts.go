package registers

import (
	"context"
	"fmt"
	"math"
	"strings"

	"intake/pipeline"
)

// MinNameScore is the trigram similarity a supplier name needs to stand
// in for a missing supplier id.
const MinNameScore = 0.6

// Facts are what the registers say about one document, for rule
// expressions to judge (as facts.<name>). A fact is absent when it cannot
// be established (no supplier found, no coordinates): rules test has().
type Facts map[string]any

// Facts reads the Set in force; it implements the rule engine's fact
// source. It never fails: an unknown value is a fact too.
func (st *Store) Facts(_ context.Context, doc *pipeline.Document) (map[string]any, error) {
	fields := make(map[string]string, len(doc.Fields))
	for k, f := range doc.Fields {
		fields[k] = f.Value
	}
	ids := make([]string, 0, len(doc.LineItems))
	for _, l := range doc.LineItems {
		ids = append(ids, l.ID)
	}
	return st.Current().Facts(doc.Type.Value, fields, ids), nil
}

// Facts derives the register facts of a document from its normalised
// fields; lineIDs are the line-item ids (a reminder's reminded invoices).
func (s *Set) Facts(docType string, fields map[string]string, lineIDs []string) Facts {
	f := Facts{"registers": true}
	switch docType {
	case pipeline.TypeInvoice, pipeline.TypeCreditNote, pipeline.TypePaymentReminder:
		s.supplierFacts(f, docType, fields, lineIDs)
	case pipeline.TypeSchoolTransport:
		s.schoolFacts(f, fields)
	case pipeline.TypeSickPayClaim:
		s.sickFacts(f, fields)
	}
	return f
}

func (s *Set) supplierFacts(f Facts, docType string, fields map[string]string, lineIDs []string) {
	var sup *Supplier
	id := fields["supplier_id"]
	if id != "" {
		sup, _ = s.Supplier(id)
		f["supplier_match"] = "id"
	}
	if m, ok := s.Buyer(id); ok && sup == nil {
		// The buyer's own id printed in the address block was read as the
		// supplier's: the name is the better witness of who invoices.
		f["supplier_id_is_buyer"] = true
		f["buyer_evidence"] = id + " is the id of " + m.Name
		id = ""
	}
	if name := fields["supplier_name"]; id == "" && name != "" {
		var score float64
		sup, score, _ = s.SupplierByName(name, MinNameScore)
		f["supplier_match"] = "name"
		f["supplier_name_score"] = score
	}
	if sup == nil && id == "" {
		// No usable id and no name match: an account only one supplier
		// is paid through still says who invoices.
		sup = s.supplierByAccounts(printedAccounts(fields))
		if sup != nil {
			f["supplier_match"] = "account"
		}
	}
	f["supplier_known"] = sup != nil && sup.Status == "active"
	if sup == nil {
		f["supplier_evidence"] = "not in the supplier register"
	} else {
		f["supplier_status"] = sup.Status
		f["supplier_evidence"] = fmt.Sprintf("%s %s (%s)", sup.ID, sup.Name, sup.Status)
		var wrong []string
		for _, a := range printedAccounts(fields) {
			if !hasAccount(sup, a) {
				wrong = append(wrong, a.Kind+" "+a.Value)
			}
		}
		f["bank_account_matches"] = len(wrong) == 0
		f["bank_account_evidence"] = strings.Join(wrong, ", ") + " not among the accounts of " + sup.ID
		if n := fields["invoice_number"]; n != "" && docType == pipeline.TypeInvoice {
			b, dup := s.Booked(sup.ID, n)
			f["duplicate"] = dup
			if dup {
				f["duplicate_evidence"] = fmt.Sprintf("%s %s booked %s (%s)", sup.ID, n, b.IssueDate, b.Status)
			}
		}
		if o := fields["order_reference"]; o != "" {
			known, open := false, false
			for _, po := range s.PurchaseOrders(o) {
				if po.SupplierID == sup.ID {
					known, open = true, open || po.Status == "open"
				}
			}
			f["order_known"], f["order_open"] = known, open
		}
		if docType == pipeline.TypePaymentReminder {
			var unknown []string
			for _, n := range append([]string{fields["invoice_number"]}, lineIDs...) {
				if _, ok := s.Booked(sup.ID, n); n != "" && !ok {
					unknown = append(unknown, n)
				}
			}
			f["invoices_known"] = len(unknown) == 0
			f["invoices_evidence"] = strings.Join(unknown, ", ") + " not in the ledger for " + sup.ID
		}
	}
	if r := fields["buyer_reference"]; r != "" {
		_, ok := s.BuyerReference(r)
		f["buyer_reference_known"] = ok
	} else {
		f["buyer_reference_known"] = false
	}
}

// printedAccounts are the accounts a document asks to be paid to; a FIK
// line names the creditor after its second "+".
func printedAccounts(fields map[string]string) []Account {
	var out []Account
	for _, fk := range [][2]string{{"iban", "iban"}, {"bank_account", "dk_account"}, {"bankgiro", "bankgiro"}, {"plusgiro", "plusgiro"}} {
		if v := fields[fk[0]]; v != "" {
			out = append(out, Account{Kind: fk[1], Value: v})
		}
	}
	if ref := fields["payment_reference"]; strings.HasPrefix(ref, "+") {
		if i := strings.LastIndex(ref, "+"); i > 0 {
			if c := strings.TrimSuffix(ref[i+1:], "<"); c != "" {
				out = append(out, Account{Kind: "fik_creditor", Value: c})
			}
		}
	}
	return out
}

// supplierByAccounts is the one supplier paid through the accounts, or nil
// when they name none or several.
func (s *Set) supplierByAccounts(accounts []Account) *Supplier {
	var found *Supplier
	for _, a := range accounts {
		for _, p := range s.SuppliersByAccount(a.Kind, a.Value) {
			if found != nil && found != p {
				return nil
			}
			found = p
		}
	}
	return found
}

func hasAccount(s *Supplier, a Account) bool {
	for _, b := range s.Accounts {
		if b.Kind == a.Kind && b.Value == a.Value {
			return true
		}
	}
	return false
}

func (s *Set) schoolFacts(f Facts, fields map[string]string) {
	var child *Person
	if p, ok := s.Person(fields["child_id"]); ok {
		child = p
	} else {
		// A misread or mistyped id: the registered address still finds the child.
		for _, p := range s.PersonsAt(fields["address"]) {
			if p.Role == "child" {
				child = p
				break
			}
		}
	}
	var school *School
	var okSchool bool
	if child != nil {
		// The child's school is in its own municipality.
		school, okSchool = s.SchoolIn(fields["school"], child.Address.Municipality)
	} else {
		school, okSchool = s.School(fields["school"])
	}
	f["child_found"], f["school_found"] = child != nil, okSchool
	if okSchool {
		f["country"] = school.Country
		f["municipality"] = school.Municipality
	}
	if child == nil || !okSchool || child.Address.Lat == 0 || school.Address.Lat == 0 {
		return
	}
	km := Haversine(child.Address.Lat, child.Address.Lon, school.Address.Lat, school.Address.Lon)
	f["distance_km"] = math.Round(km*100) / 100
	f["distance_evidence"] = fmt.Sprintf("%s (%s) to %s: %.2f km", child.Address.Line(), child.ID, school.Name, km)
}

// Haversine is the great-circle distance in km between two points.
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0088 // mean Earth radius, km
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

func (s *Set) sickFacts(f Facts, fields map[string]string) {
	from, to := fields["sick_from"], fields["sick_to"]
	if to == "" {
		to = from
	}
	p, ok := s.Provider(fields["provider_id"])
	f["provider_known"] = ok
	if ok && from != "" {
		pm := p.Permit
		valid := pm.From <= from && (pm.To == "" && pm.Status == "valid" || pm.To != "" && to <= pm.To)
		f["permit_valid"] = valid
		f["permit_evidence"] = fmt.Sprintf("permit %s %s–%s (%s)", pm.Number, pm.From, pm.To, pm.Status)
	}
	if ref := fields["decision_reference"]; ref != "" && from != "" {
		d, ok := s.Decision(ref)
		// An assisted person's id that was not read is no mismatch: the
		// decision is still checked for its kind, outcome and period.
		person := fields["assisted_person_id"]
		valid := ok && d.Kind == "personal_assistance" && d.Outcome == "granted" &&
			(person == "" || d.PersonID == person) && d.From <= from && to <= d.To
		f["decision_valid"] = valid
		if ok {
			f["decision_evidence"] = fmt.Sprintf("%s %s for %s %s–%s", d.ID, d.Kind, d.PersonID, d.From, d.To)
		} else {
			f["decision_evidence"] = ref + " is not a known decision"
		}
	}
	if a := fields["assistant_id"]; a != "" && from != "" {
		var hits []string
		for _, d := range s.SickPeriods(a) {
			if d.From <= to && from <= d.To {
				hits = append(hits, fmt.Sprintf("%s %s–%s", d.ID, d.From, d.To))
			}
		}
		f["sick_period_overlaps"] = len(hits) > 0
		f["overlap_evidence"] = strings.Join(hits, ", ")
	}
}
