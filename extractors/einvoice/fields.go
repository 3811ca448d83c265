package einvoice

import (
	"fmt"
	"math/big"
	"strings"

	"intake/pipeline"
	"intake/pipeline/normalize"
)

// Field names of the case-file contract that an e-invoice can fill.
const (
	FieldSupplierName     = "supplier_name"
	FieldSupplierID       = "supplier_id"
	FieldInvoiceNumber    = "invoice_number"
	FieldIssueDate        = "issue_date"
	FieldDueDate          = "due_date"
	FieldCurrency         = "currency"
	FieldAmountNet        = "amount_net"
	FieldAmountVAT        = "amount_vat"
	FieldAmountTotal      = "amount_total"
	FieldAmountDue        = "amount_due"
	FieldBuyerReference   = "buyer_reference"
	FieldOrderReference   = "order_reference"
	FieldBuyerGLN         = "buyer_gln"
	FieldIBAN             = "iban"
	FieldBankgiro         = "bankgiro"
	FieldPlusgiro         = "plusgiro"
	FieldPaymentReference = "payment_reference"
	FieldBankAccount      = "bank_account"
)

// builder records fields on an Invoice from tree nodes. Each setter does
// nothing for a missing node (n < 0) or empty text, and keeps the first
// value set: callers list sources in order of preference.
type builder struct {
	t   *tree
	inv *Invoice
}

func (b *builder) has(name string) bool {
	_, ok := b.inv.Fields[name]
	return ok
}

func (b *builder) set(name, value, raw string, n int32) {
	if value == "" || b.has(name) {
		return
	}
	b.inv.Fields[name] = pipeline.Field{Value: value, Raw: raw, Confidence: 1, Path: b.t.path(n)}
}

func (b *builder) warn(name string, err error) {
	b.inv.Warnings = append(b.inv.Warnings, pipeline.Reason{Code: CodeBadValue, Field: name, Message: err.Error()})
}

// text sets a free-text value (names, document numbers, references) as
// written, with runs of white space collapsed.
func (b *builder) text(name string, n int32) {
	raw := b.t.text(n)
	b.set(name, collapse(raw), raw, n)
}

// id sets an identifier without separators (normalize.ID).
func (b *builder) id(name string, n int32) {
	raw := b.t.text(n)
	b.set(name, normalize.ID(raw), raw, n)
}

func (b *builder) date(name string, n int32) {
	raw := b.t.text(n)
	if raw == "" || b.has(name) {
		return
	}
	v, err := normalize.Date(raw)
	if err != nil {
		b.warn(name, err)
		return
	}
	b.set(name, v, raw, n)
}

func (b *builder) money(name string, n int32) {
	raw := b.t.text(n)
	if raw == "" || b.has(name) {
		return
	}
	v, err := moneyValue(raw)
	if err != nil {
		b.warn(name, err)
		return
	}
	b.set(name, v, raw, n)
}

func (b *builder) currency(name string, n int32) {
	raw := b.t.text(n)
	if raw == "" || b.has(name) {
		return
	}
	v := normalize.Currency(raw)
	if v == "" {
		b.warn(name, fmt.Errorf("currency: %q is not an ISO 4217 code", raw))
		return
	}
	b.set(name, v, raw, n)
}

// collapse trims s and folds runs of white space into one space.
func collapse(s string) string {
	if !strings.ContainsAny(s, "\t\n\r\u00a0") && !strings.Contains(s, "  ") {
		return strings.TrimSpace(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// decimalOr normalises a quantity, price or rate, keeping the raw text
// when it is not a plain decimal so a line is never silently emptied.
func decimalOr(raw string) string {
	if raw == "" {
		return ""
	}
	if v, err := normalize.Decimal(raw); err == nil {
		return v
	}
	return raw
}

func moneyOr(raw string) string {
	if raw == "" {
		return ""
	}
	if v, err := moneyValue(raw); err == nil {
		return v
	}
	return raw
}

// moneyValue is normalize.Money with a fast path: amounts in e-invoices
// are canonical decimals with at most two decimals, which need only
// padding, and parsing each through big.Rat was a tenth of the parse time.
func moneyValue(s string) (string, error) {
	if plainDecimal(s) {
		intPart, frac, _ := strings.Cut(s, ".")
		digits := strings.TrimPrefix(intPart, "-")
		if len(frac) <= 2 && (len(digits) == 1 || digits[0] != '0') && strings.Trim(s, "-0.") != "" {
			switch len(frac) {
			case 0:
				return intPart + ".00", nil
			case 1:
				return s + "0", nil
			default:
				return s, nil
			}
		}
	}
	return normalize.Money(s)
}

// plainDecimal reports an optional minus, digits and an optional
// fraction: "-12.50", "3", not "+1", "1.", ".5" or " 1".
func plainDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, dot := strings.Cut(s, ".")
	return intPart != "" && allDigits(intPart) && (!dot || (frac != "" && allDigits(frac)))
}

// subtract returns a − b as money, for values derived from two amounts.
func subtract(a, b string) (string, bool) {
	x, ok1 := new(big.Rat).SetString(a)
	y, ok2 := new(big.Rat).SetString(b)
	if !ok1 || !ok2 {
		return "", false
	}
	v, err := normalize.Money(x.Sub(x, y).FloatString(4))
	return v, err == nil
}

// Credit-note type codes of UNTDID 1001 as the EN 16931 code list uses
// them; every other code (380, 383, 384, 389, 751, ...) is an invoice.
var creditNoteCodes = map[string]bool{
	"81": true, "83": true, "261": true, "262": true, "296": true, "308": true,
	"381": true, "396": true, "420": true, "458": true, "532": true,
}

func docTypeFor(code string) string {
	if creditNoteCodes[strings.TrimSpace(code)] {
		return pipeline.TypeCreditNote
	}
	return pipeline.TypeInvoice
}
