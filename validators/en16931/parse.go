package en16931

import (
	"errors"
	"fmt"
)

// ErrNotEInvoice is returned by Parse for XML whose root is not a UBL
// Invoice or CreditNote nor a CII CrossIndustryInvoice.
var ErrNotEInvoice = errors.New("not an e-invoice")

// Parse decodes an e-invoice and maps it onto the semantic model.
func Parse(data []byte) (*Invoice, error) {
	root, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("en16931: %w", err)
	}
	inv := fromElement(root)
	if inv == nil {
		return nil, fmt.Errorf("en16931: root <%s>: %w", root.name, ErrNotEInvoice)
	}
	return inv, nil
}

// fromElement maps a decoded document root; nil when it is not one.
func fromElement(root *node) *Invoice {
	switch root.name {
	case "Invoice", "CreditNote":
		return fromUBL(root)
	case "rsm:CrossIndustryInvoice":
		return fromCII(root)
	}
	return nil
}
