package registers

import (
	"slices"
	"strings"
	"unicode"

	"intake/pipeline/fuzzy"
	"intake/pipeline/normalize"
)

// Set is one immutable, indexed snapshot of the registers. A reload
// builds a new Set and swaps it in, so a validation never sees half of
// an update.
type Set struct {
	data *Data

	supplierByID      map[string]*Supplier
	supplierByVAT     map[string]*Supplier
	supplierByAccount map[string][]*Supplier // kind+":"+value
	names             *nameIndex
	buyerRefs         map[string]*BuyerReference
	buyerRefsByGlyph  map[string][]*BuyerReference // by glyphKey
	buyerGLNs         map[string]*BuyerReference   // a unit's GLN → its first reference
	orders            map[string][]*PurchaseOrder  // by number
	ordersPrinted     map[string][]*PurchaseOrder  // by normalize.ID(number)
	ledger            map[string]*BookedInvoice    // supplier id + "\x00" + upper(number)
	series            map[string]map[string]bool   // supplier id → seriesShape of its booked numbers
	providers         map[string]*Provider
	persons           map[string]*Person // by id, and Swedish ids also by their last ten digits
	personsByAddress  map[string][]*Person
	towns             map[string][]string  // postcode digits → the towns addresses give it
	spellings         map[string][]string  // foldedName → the supplier and provider names it folds from
	schools           map[string]*School   // by id and by lower-case name
	schoolsByName     map[string][]*School // lower-case name: municipalities reuse names
	municipalities    map[string]*Municipality
	buyerIDs          map[string]*Municipality // own CVR/organisationsnummer and VAT number
	decisions         map[string]*Decision     // by id
	decisionsByPerson map[string][]*Decision
	decisionsByProv   map[string][]*Decision
	sickByAssistant   map[string][]*Decision // reimbursed sick periods
}

// NewSet indexes d. d must not be changed afterwards.
func NewSet(d *Data) *Set {
	s := &Set{
		data:              d,
		supplierByID:      make(map[string]*Supplier, len(d.Suppliers)),
		supplierByVAT:     make(map[string]*Supplier, len(d.Suppliers)),
		supplierByAccount: make(map[string][]*Supplier, len(d.Suppliers)),
		buyerRefs:         make(map[string]*BuyerReference, len(d.BuyerReferences)),
		buyerRefsByGlyph:  make(map[string][]*BuyerReference, len(d.BuyerReferences)),
		buyerGLNs:         make(map[string]*BuyerReference, len(d.BuyerReferences)),
		orders:            make(map[string][]*PurchaseOrder, len(d.PurchaseOrders)),
		ordersPrinted:     make(map[string][]*PurchaseOrder, len(d.PurchaseOrders)),
		ledger:            make(map[string]*BookedInvoice, len(d.Invoices)),
		series:            map[string]map[string]bool{},
		providers:         make(map[string]*Provider, len(d.Providers)),
		persons:           make(map[string]*Person, 2*len(d.Persons)),
		personsByAddress:  make(map[string][]*Person, len(d.Persons)),
		towns:             map[string][]string{},
		spellings:         map[string][]string{},
		schools:           make(map[string]*School, 2*len(d.Schools)),
		schoolsByName:     make(map[string][]*School, len(d.Schools)),
		municipalities:    make(map[string]*Municipality, len(d.Municipalities)),
		buyerIDs:          make(map[string]*Municipality, 2*len(d.Municipalities)),
		decisions:         make(map[string]*Decision, len(d.Decisions)),
		decisionsByPerson: make(map[string][]*Decision, len(d.Decisions)),
		decisionsByProv:   make(map[string][]*Decision),
		sickByAssistant:   map[string][]*Decision{},
	}
	names := make([]string, len(d.Suppliers))
	for i := range d.Suppliers {
		p := &d.Suppliers[i]
		s.supplierByID[p.ID] = p
		if p.VATNumber != "" {
			s.supplierByVAT[p.VATNumber] = p
		}
		for _, a := range p.Accounts {
			k := a.Kind + ":" + a.Value
			s.supplierByAccount[k] = append(s.supplierByAccount[k], p)
		}
		names[i] = p.Name
		s.addSpelling(p.Name)
	}
	s.names = newNameIndex(names)
	for i := range d.BuyerReferences {
		s.buyerRefs[strings.ToUpper(d.BuyerReferences[i].Reference)] = &d.BuyerReferences[i]
		k := glyphKey(d.BuyerReferences[i].Reference)
		s.buyerRefsByGlyph[k] = append(s.buyerRefsByGlyph[k], &d.BuyerReferences[i])
		if g := d.BuyerReferences[i].GLN; g != "" && s.buyerGLNs[g] == nil {
			s.buyerGLNs[g] = &d.BuyerReferences[i]
		}
	}
	for i := range d.PurchaseOrders {
		n := d.PurchaseOrders[i].Number
		s.orders[n] = append(s.orders[n], &d.PurchaseOrders[i])
		k := normalize.ID(n)
		s.ordersPrinted[k] = append(s.ordersPrinted[k], &d.PurchaseOrders[i])
	}
	for i := range d.Invoices {
		b := &d.Invoices[i]
		s.ledger[ledgerKey(b.SupplierID, b.InvoiceNumber)] = b
		if s.series[b.SupplierID] == nil {
			s.series[b.SupplierID] = map[string]bool{}
		}
		s.series[b.SupplierID][seriesShape(b.InvoiceNumber)] = true
	}
	for i := range d.Providers {
		s.providers[d.Providers[i].ID] = &d.Providers[i]
		s.addSpelling(d.Providers[i].Name)
	}
	for i := range d.Persons {
		p := &d.Persons[i]
		s.persons[p.ID] = p
		if len(p.ID) == 12 { // personnummer printed without the century
			if _, taken := s.persons[p.ID[2:]]; !taken {
				s.persons[p.ID[2:]] = p
			}
		}
		k := addressKey(p.Address.Line())
		s.personsByAddress[k] = append(s.personsByAddress[k], p)
		s.addTown(p.Address)
	}
	for i := range d.Schools {
		sc := &d.Schools[i]
		s.schools[sc.ID] = sc
		s.schools[strings.ToLower(sc.Name)] = sc
		s.schoolsByName[strings.ToLower(sc.Name)] = append(s.schoolsByName[strings.ToLower(sc.Name)], sc)
		s.addTown(sc.Address)
	}
	for i := range d.Municipalities {
		m := &d.Municipalities[i]
		s.municipalities[m.Name] = m
		s.buyerIDs[m.ID] = m
		if m.VAT != "" {
			s.buyerIDs[m.VAT] = m
		}
	}
	for i := range d.Decisions {
		dc := &d.Decisions[i]
		s.decisions[dc.ID] = dc
		s.decisionsByPerson[dc.PersonID] = append(s.decisionsByPerson[dc.PersonID], dc)
		if dc.ProviderID != "" {
			s.decisionsByProv[dc.ProviderID] = append(s.decisionsByProv[dc.ProviderID], dc)
		}
		if dc.Kind == "sick_pay" && dc.AssistantID != "" {
			s.sickByAssistant[dc.AssistantID] = append(s.sickByAssistant[dc.AssistantID], dc)
		}
	}
	return s
}

func (s *Set) addTown(a Address) {
	k := normalize.Digits(a.Postcode)
	if k == "" || a.City == "" || slices.Contains(s.towns[k], a.City) {
		return
	}
	s.towns[k] = append(s.towns[k], a.City)
}

func (s *Set) addSpelling(name string) {
	k := foldedName(name)
	if !slices.Contains(s.spellings[k], name) {
		s.spellings[k] = append(s.spellings[k], name)
	}
}

// foldedName is a name without case, diacritics or extra spaces.
func foldedName(s string) string { return fuzzy.Fold(strings.Join(strings.Fields(s), " ")) }

// Spelling is the one supplier or provider name of the registers that s
// is but for case, diacritics and spacing ("Lundnåss Tryckeri HB" for
// Lundnäss Tryckeri HB).
func (s *Set) Spelling(name string) (string, bool) {
	if ns := s.spellings[foldedName(name)]; len(ns) == 1 {
		return ns[0], true
	}
	return "", false
}

// Towns lists the towns the registers' addresses give a postcode.
func (s *Set) Towns(postcode string) []string { return s.towns[normalize.Digits(postcode)] }

func ledgerKey(supplierID, number string) string {
	return supplierID + "\x00" + strings.ToUpper(number)
}

func addressKey(line string) string {
	return strings.Join(strings.Fields(strings.ToLower(line)), " ")
}

// Data returns the registers the set was built from; callers must not
// change them.
func (s *Set) Data() *Data { return s.data }

// Supplier finds a supplier by id (CVR, organisationsnummer) or VAT number.
func (s *Set) Supplier(id string) (*Supplier, bool) {
	if p, ok := s.supplierByID[id]; ok {
		return p, true
	}
	p, ok := s.supplierByVAT[id]
	return p, ok
}

// SupplierByName finds the supplier whose name is most like name, with
// the similarity (0..1); ok is false below minScore.
func (s *Set) SupplierByName(name string, minScore float64) (*Supplier, float64, bool) {
	i, score := s.names.best(name)
	if i < 0 || score < minScore {
		return nil, score, false
	}
	return &s.data.Suppliers[i], score, true
}

// SuppliersByAccount lists the suppliers paid through an account.
func (s *Set) SuppliersByAccount(kind, value string) []*Supplier {
	return s.supplierByAccount[kind+":"+value]
}

// BuyerReference finds a buyer reference, ignoring case.
func (s *Set) BuyerReference(ref string) (*BuyerReference, bool) {
	b, ok := s.buyerRefs[strings.ToUpper(ref)]
	return b, ok
}

// BuyerGLN finds the ordering unit a GLN (EAN location number) is the
// municipality's own for: e-invoices are addressed to it.
func (s *Set) BuyerGLN(gln string) (*BuyerReference, bool) {
	b, ok := s.buyerGLNs[gln]
	return b, ok
}

// BuyerReferenceRead finds the one buyer reference that a reference OCR
// read is, when it is not one as read: letters and digits that look
// alike in print (O and 0, I, l and 1, S and 5, B and 8, Z and 2, E and
// F, K and X) are taken as one. Two register references alike that way
// are no answer.
func (s *Set) BuyerReferenceRead(ref string) (*BuyerReference, bool) {
	if b, ok := s.BuyerReference(ref); ok {
		return b, true
	}
	if bs := s.buyerRefsByGlyph[glyphKey(ref)]; len(bs) == 1 {
		return bs[0], true
	}
	return nil, false
}

// glyphKey is ref with the characters OCR confuses most made one.
func glyphKey(ref string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case 'O', 'o', 'Q', 'D':
			return '0'
		case 'I', 'l', 'i', '|':
			return '1'
		case 'S', 's':
			return '5'
		case 'B':
			return '8'
		case 'Z', 'z':
			return '2'
		case 'F':
			return 'E' // the lower bar faint or lost
		case 'X':
			return 'K'
		}
		return unicode.ToUpper(r)
	}, ref)
}

// seriesShape is an invoice number with its digits as 9: the shape of
// the number series it belongs to ("INV-999999", "9999/99999").
func seriesShape(n string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return '9'
		}
		return unicode.ToUpper(r)
	}, n)
}

// digitLike and letterLike are the characters OCR reads for a digit, and
// for a letter or separator, when it misreads them.
var (
	digitLike  = map[rune]rune{'O': '0', 'o': '0', 'D': '0', '@': '0', 'Ø': '0', 'Ö': '0', 'I': '1', 'l': '1', 'i': '1', '|': '1', 'S': '5', 'B': '8', 'Z': '2', 'G': '6', 'T': '7'}
	letterLike = map[rune][]rune{'0': {'O', 'D', 'Ø', 'Ö'}, '1': {'I', 'L', '/'}, 'l': {'I', '/'}, '|': {'I', '/'}, '5': {'S'}, '$': {'S'}, '8': {'B'}, '2': {'Z'}, '6': {'G'}, '7': {'T'}}
)

// InSeries tells whether number has the shape of one of the supplier's
// number series, as its booked invoices show them.
func (s *Set) InSeries(supplierID, number string) bool {
	return s.series[supplierID][seriesShape(number)]
}

// InvoiceNumberRead is the one reading of an invoice number OCR read
// that has the shape of the supplier's number series, as its booked
// invoices show it, when the number read has none: characters that look
// alike ("1T3102" in a series of "AA9999", "2024107615" in one of
// "9999/99999") are read as the series has them, two at most. It says
// nothing when the supplier has no booked invoice, the number already
// fits, or two readings fit.
func (s *Set) InvoiceNumberRead(supplierID, read string) (string, bool) {
	shapes := s.series[supplierID]
	if len(shapes) == 0 || s.InSeries(supplierID, read) {
		return "", false
	}
	rs := []rune(read)
	found := ""
	for shape := range shapes {
		want := []rune(shape)
		if len(want) != len(rs) {
			continue
		}
		out := make([]rune, len(rs))
		changed, ok := 0, true
		for i, r := range rs {
			w := want[i]
			switch {
			case w == '9' && unicode.IsDigit(r):
				out[i] = r
			case w == '9' && digitLike[r] != 0:
				out[i], changed = digitLike[r], changed+1
			case w != '9' && unicode.ToUpper(r) == w:
				out[i] = w
			case w != '9' && slices.Contains(letterLike[r], w):
				out[i], changed = w, changed+1
			default:
				ok = false
			}
		}
		if !ok || changed > 2 {
			continue
		}
		if found != "" && found != string(out) {
			return "", false
		}
		found = string(out)
	}
	return found, found != ""
}

// PurchaseOrders lists the orders with a number.
func (s *Set) PurchaseOrders(number string) []*PurchaseOrder { return s.orders[number] }

// PurchaseOrdersPrinted finds purchase orders by their number as
// normalize.ID has it ("PO-2024-24054" printed "PO 2024 24054").
func (s *Set) PurchaseOrdersPrinted(key string) []*PurchaseOrder { return s.ordersPrinted[key] }

// Booked finds an invoice of a supplier in the ledger, ignoring case.
func (s *Set) Booked(supplierID, number string) (*BookedInvoice, bool) {
	b, ok := s.ledger[ledgerKey(supplierID, number)]
	return b, ok
}

// Provider finds an assistance provider by organisationsnummer.
func (s *Set) Provider(id string) (*Provider, bool) { p, ok := s.providers[id]; return p, ok }

// Person finds a person by id; a Swedish personnummer may omit the century.
func (s *Set) Person(id string) (*Person, bool) { p, ok := s.persons[id]; return p, ok }

// PersonsAt lists the persons registered at an address line.
func (s *Set) PersonsAt(line string) []*Person { return s.personsByAddress[addressKey(line)] }

// School finds a school by id or name, ignoring the case of the name.
func (s *Set) School(idOrName string) (*School, bool) {
	if sc, ok := s.schools[idOrName]; ok {
		return sc, true
	}
	sc, ok := s.schools[strings.ToLower(idOrName)]
	return sc, ok
}

// SchoolIn finds a school by id or name; when municipalities share the
// name ("Södra skolan"), one in municipality wins. Within one
// municipality the last listed wins, as in School.
func (s *Set) SchoolIn(idOrName, municipality string) (*School, bool) {
	named := s.schoolsByName[strings.ToLower(idOrName)]
	for i := len(named) - 1; i >= 0; i-- {
		if named[i].Municipality == municipality {
			return named[i], true
		}
	}
	return s.School(idOrName)
}

// Municipality finds a municipality by name.
func (s *Set) Municipality(name string) (*Municipality, bool) {
	m, ok := s.municipalities[name]
	return m, ok
}

// Buyer finds the municipality whose own id or VAT number id is.
func (s *Set) Buyer(id string) (*Municipality, bool) { m, ok := s.buyerIDs[id]; return m, ok }

// Decision finds a decision by its reference.
func (s *Set) Decision(id string) (*Decision, bool) { d, ok := s.decisions[id]; return d, ok }

// DecisionsFor lists the decisions about a person.
func (s *Set) DecisionsFor(personID string) []*Decision { return s.decisionsByPerson[personID] }

// DecisionsWith lists the decisions naming a provider.
func (s *Set) DecisionsWith(providerID string) []*Decision { return s.decisionsByProv[providerID] }

// SickPeriods lists the sick periods already reimbursed for an assistant.
func (s *Set) SickPeriods(assistantID string) []*Decision { return s.sickByAssistant[assistantID] }
