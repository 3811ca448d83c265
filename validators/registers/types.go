// Package registers loads the municipality's registers (suppliers, buyer
// references, purchase orders, the invoice ledger, assistance providers,
// persons, schools and earlier decisions) from a folder of JSON files,
// indexes them for lookups by id, VAT number, bank account and name, and
// reloads them when the files change, without a restart.
//
// The file format (fixtures/registers writes these types): one JSON array per
// file, values normalised as in case files (dates YYYY-MM-DD, money
// "1234.50", identifiers without separators), so values compare directly.
package registers

// Address is a postal address; people and schools carry coordinates.
type Address struct {
	Street       string  `json:"street"`
	Postcode     string  `json:"postcode"`
	City         string  `json:"city"`
	Country      string  `json:"country"`
	Municipality string  `json:"municipality,omitempty"`
	Lat          float64 `json:"lat,omitempty"`
	Lon          float64 `json:"lon,omitempty"`
}

// Line is the address as forms print it on one line.
func (a Address) Line() string { return a.Street + ", " + a.Postcode + " " + a.City }

// Lines is the address as an envelope block.
func (a Address) Lines() []string { return []string{a.Street, a.Postcode + " " + a.City} }

// Account is one way to pay a party; Kind is iban, dk_account
// (reg.nr + account), bankgiro, plusgiro or fik_creditor.
type Account struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
	BIC   string `json:"bic,omitempty"`
}

// Municipality is a buyer.
type Municipality struct {
	Name     string  `json:"name"`
	Country  string  `json:"country"`
	Language string  `json:"language"`
	ID       string  `json:"id"`
	VAT      string  `json:"vat_number"`
	Address  Address `json:"address"`
	Lat      float64 `json:"lat"`
	Lon      float64 `json:"lon"`
	RadiusKM float64 `json:"radius_km"`
}

// BuyerReference maps a reference printed on invoices to the ordering unit.
type BuyerReference struct {
	Reference    string `json:"reference"`
	UnitID       string `json:"unit_id"`
	Unit         string `json:"unit"`
	Municipality string `json:"municipality"`
	GLN          string `json:"gln,omitempty"`
	Contact      string `json:"contact"`
}

// Supplier is a company that invoices the municipality.
type Supplier struct {
	ID        string    `json:"id"`
	IDKind    string    `json:"id_kind"`
	Name      string    `json:"name"`
	VATNumber string    `json:"vat_number"`
	Country   string    `json:"country"`
	Language  string    `json:"language"`
	GLN       string    `json:"gln,omitempty"`
	Address   Address   `json:"address"`
	Phone     string    `json:"phone"`
	Email     string    `json:"email"`
	Web       string    `json:"web"`
	Trade     string    `json:"trade"`
	Accounts  []Account `json:"accounts"`
	Status    string    `json:"status"` // active | blocked | ceased
}

// Account returns the supplier's first account of a kind.
func (s Supplier) Account(kind string) (Account, bool) {
	for _, a := range s.Accounts {
		if a.Kind == kind {
			return a, true
		}
	}
	return Account{}, false
}

// PurchaseOrder is an order the municipality placed.
type PurchaseOrder struct {
	Number         string `json:"number"`
	SupplierID     string `json:"supplier_id"`
	BuyerReference string `json:"buyer_reference"`
	Issued         string `json:"issued"`
	AmountNet      string `json:"amount_net"`
	Currency       string `json:"currency"`
	Status         string `json:"status"` // open | invoiced
}

// BookedInvoice is an invoice already in the ledger.
type BookedInvoice struct {
	SupplierID    string `json:"supplier_id"`
	InvoiceNumber string `json:"invoice_number"`
	IssueDate     string `json:"issue_date"`
	DueDate       string `json:"due_date"`
	AmountTotal   string `json:"amount_total"`
	Currency      string `json:"currency"`
	Status        string `json:"status"`
}

// Permit is a provider's permit to run personal assistance.
type Permit struct {
	Number string `json:"number"`
	From   string `json:"valid_from"`
	To     string `json:"valid_to,omitempty"` // empty: until further notice
	Status string `json:"status"`             // valid | revoked
}

// Provider is a personal-assistance provider.
type Provider struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Address  Address   `json:"address"`
	Phone    string    `json:"phone"`
	Email    string    `json:"email"`
	Permit   Permit    `json:"permit"`
	Accounts []Account `json:"accounts"`
}

// Person is a person known to the municipality.
type Person struct {
	ID         string  `json:"id"`
	IDKind     string  `json:"id_kind"`
	Name       string  `json:"name"`
	Born       string  `json:"born"`
	Role       string  `json:"role"`
	Address    Address `json:"address"`
	GuardianID string  `json:"guardian_id,omitempty"`
	Phone      string  `json:"phone,omitempty"`
	Email      string  `json:"email,omitempty"`
}

// School is a school with its location.
type School struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	Municipality string  `json:"municipality"`
	Country      string  `json:"country"`
	Address      Address `json:"address"`
}

// Decision is an earlier decision: school_transport, personal_assistance
// or sick_pay (a sick period already reimbursed).
type Decision struct {
	ID           string `json:"id"`
	Kind         string `json:"kind"`
	Municipality string `json:"municipality"`
	PersonID     string `json:"person_id"`
	ProviderID   string `json:"provider_id,omitempty"`
	AssistantID  string `json:"assistant_id,omitempty"`
	SchoolID     string `json:"school_id,omitempty"`
	From         string `json:"from"`
	To           string `json:"to"`
	HoursPerWeek string `json:"hours_per_week,omitempty"`
	Amount       string `json:"amount,omitempty"`
	Reason       string `json:"reason,omitempty"`
	Outcome      string `json:"outcome"`
}

// Data is every register as read from the files.
type Data struct {
	Municipalities  []Municipality
	BuyerReferences []BuyerReference
	Suppliers       []Supplier
	PurchaseOrders  []PurchaseOrder
	Invoices        []BookedInvoice
	Providers       []Provider
	Persons         []Person
	Schools         []School
	Decisions       []Decision
}
