package en16931

import "math/big"

// Value is one business term as written, with the element it came from.
// A Value whose element is absent has Exists() false and empty Text.
type Value struct {
	Text string // trimmed character data
	// Attr is the attribute that qualifies the term, where it has one:
	// schemeID (identifiers), currencyID (amounts), unitCode
	// (quantities), listID (classification codes).
	Attr    string
	HasAttr bool
	n       *node
	num     *big.Rat // Text as a decimal, parsed once; nil when it is not one
}

// Exists reports whether the element is present (possibly empty).
func (v Value) Exists() bool { return v.n != nil }

// Path is the XML path of the element, "" when absent.
func (v Value) Path() string { return v.n.path() }

func val(n *node) Value {
	if n == nil {
		return Value{}
	}
	v := Value{Text: n.text, n: n}
	if t := n.text; t != "" && len(t) < 64 && (t[0] >= '0' && t[0] <= '9' || t[0] == '-' || t[0] == '+' || t[0] == '.') {
		v.num, _ = decimal(t) // every rule reading an amount shares one parse
	}
	return v
}

func valAttr(n *node, attr string) Value {
	v := val(n)
	v.Attr, v.HasAttr = n.attr(attr), n.hasAttr(attr)
	return v
}

func vals(ns []*node, attr string) []Value {
	out := make([]Value, 0, len(ns))
	for _, n := range ns {
		out = append(out, valAttr(n, attr))
	}
	return out
}

// Invoice is the EN 16931 semantic model of one invoice or credit note,
// mapped from UBL or CII. Groups that are absent are nil or empty; every
// Value keeps its element for evidence.
type Invoice struct {
	Syntax string // "ubl" or "cii"
	Credit bool   // a UBL CreditNote
	root   *node

	CustomizationID Value   // BT-24
	ProfileID       Value   // BT-23
	OrderReference  Value   // BT-13
	ID              Value   // BT-1
	IssueDate       Value   // BT-2
	TypeCode        Value   // BT-3
	Currency        Value   // BT-5
	TaxCurrency     Value   // BT-6
	TaxPointDate    Value   // BT-7
	TaxPointCode    Value   // BT-8
	DueDate         Value   // BT-9
	BuyerReference  Value   // BT-10
	Notes           []Value // BT-22
	NoteSubjects    []Value // BT-21 (CII; UBL writes it as "#CODE#" in the note)
	PaymentTerms    []Value // BT-20

	Periods  []*Period // BG-14 (UBL allows one; kept as a list for evidence)
	Delivery *Delivery // BG-13

	Seller Party  // BG-4
	Buyer  Party  // BG-7
	Payee  *Party // BG-10
	TaxRep *Party // BG-11

	AllowanceCharges []*AllowanceCharge // BG-20 and BG-21
	TaxTotals        []*TaxTotal        // BT-110/BT-111 with BG-23
	Totals           *Totals            // BG-22
	Lines            []*Line            // BG-25
	PaymentMeans     []*PaymentMeans    // BG-16
	Preceding        []Ref              // BG-3
	Supporting       []Ref              // BG-24
}

// Ref is a group identified by one reference: BG-3 or BG-24.
type Ref struct {
	ID Value
	n  *node
}

// Period is BG-14 or BG-26.
type Period struct {
	Start, End, DescCode Value
	n                    *node
}

// Delivery is BG-13 with the deliver-to address country (BT-80).
type Delivery struct {
	Date       Value // BT-72
	LocationID Value // BT-71 with its scheme
	Address    *node // BG-15
	Country    Value // BT-80
	n          *node
}

// Party is a seller, buyer, payee or tax representative.
type Party struct {
	Name     Value   // trading name (BT-28), payee and tax representative name (BT-59, BT-62)
	RegName  Value   // legal name (BT-27, BT-44)
	Endpoint Value   // BT-34, BT-49
	IDs      []Value // BT-29, BT-46, BT-60
	LegalID  Value   // BT-30, BT-47, BT-61
	VATIDs   []Value // BT-31, BT-48, BT-63: tax scheme VAT
	TaxIDs   []Value // every tax scheme registration, VAT included (BT-31, BT-32)
	OtherTax []Value // registrations under another scheme than VAT (BT-32)
	Address  *node   // BG-5, BG-8, BG-12
	Country  Value   // BT-40, BT-55, BT-69
	n        *node
}

// Exists reports whether the party is in the document.
func (p *Party) Exists() bool { return p != nil && p.n != nil }

// Category is a VAT category: BT-95/96, BT-102/103, BT-118/119 with
// BT-120/121, or BT-151/152.
type Category struct {
	ID           Value
	Percent      Value
	ExemptReason Value
	ExemptCode   Value
	VAT          bool // the tax scheme is VAT
	n            *node
}

// AllowanceCharge is BG-20/BG-21 on the document or BG-27/BG-28 on a line.
type AllowanceCharge struct {
	Charge     bool
	Indicator  Value // the charge indicator as written
	Percent    Value // BT-94, BT-101, BT-138, BT-143
	Amount     Value
	Base       Value
	Reason     Value
	ReasonCode Value
	Cat        *Category
	n          *node
}

// TaxTotal is one VAT total (BT-110 in the document currency, BT-111 in
// the tax currency) with the VAT breakdown under it.
type TaxTotal struct {
	Amount    Value
	Subtotals []*Subtotal
	n         *node
}

// Subtotal is one VAT breakdown (BG-23).
type Subtotal struct {
	Taxable Value // BT-116
	Tax     Value // BT-117
	Cat     Category
	n       *node
}

// Totals is BG-22.
type Totals struct {
	LineExt   Value // BT-106
	Allowance Value // BT-107
	Charge    Value // BT-108
	TaxExcl   Value // BT-109
	TaxIncl   Value // BT-112
	Prepaid   Value // BT-113
	Rounding  Value // BT-114
	Payable   Value // BT-115
	n         *node
}

// Line is BG-25.
type Line struct {
	ID         Value // BT-126
	Qty        Value // BT-129 with BT-130 in Attr
	LineExt    Value // BT-131
	ItemName   Value // BT-153
	NetPrice   Value // BT-146
	GrossPrice Value // BT-148
	BaseQty    Value // BT-149 with BT-150 in Attr
	PriceACs   []*AllowanceCharge
	DocRefs    []Ref // BT-128 (UBL DocumentReference, its ID the type code)
	Cat        *Category
	Periods    []*Period
	ACs        []*AllowanceCharge
	StdIDs     []Value // BT-157
	ClassCodes []Value // BT-158
	Origin     Value   // BT-159
	Attributes []Attribute
	n          *node
}

// Attribute is BG-32.
type Attribute struct {
	Name, Value Value
	n           *node
}

// PaymentMeans is BG-16 with BG-17, BG-18 and BG-19.
type PaymentMeans struct {
	Code         Value // BT-81
	PaymentID    Value // BT-83
	Account      *node // BG-17
	AccountID    Value // BT-84
	Branch       Value // BT-86
	Card         *node // BG-18
	CardPAN      Value // BT-87
	Mandates     int
	MandateID    Value // BT-89
	PayerAccount Value // BT-91
	n            *node
}
