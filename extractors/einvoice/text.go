package einvoice

import (
	"strings"
	"unicode/utf8"

	"intake/pipeline"
)

// textLabels orders the fields of the text rendering.
var textLabels = []struct{ field, label string }{
	{FieldInvoiceNumber, "Invoice number"},
	{FieldIssueDate, "Issue date"},
	{FieldDueDate, "Due date"},
	{FieldSupplierName, "Supplier"},
	{FieldSupplierID, "Supplier ID"},
	{FieldBuyerReference, "Buyer reference"},
	{FieldOrderReference, "Order reference"},
	{FieldBuyerGLN, "Buyer GLN"},
	{FieldCurrency, "Currency"},
	{FieldAmountNet, "Amount without VAT"},
	{FieldAmountVAT, "VAT amount"},
	{FieldAmountTotal, "Total with VAT"},
	{FieldAmountDue, "Amount due"},
	{FieldIBAN, "IBAN"},
	{FieldBankgiro, "Bankgiro"},
	{FieldPlusgiro, "Plusgiro"},
	{FieldBankAccount, "Bank account"},
	{FieldPaymentReference, "Payment reference"},
}

// render writes inv as text: a title line, one "Label: value" per field
// present, then one line per invoice line.
func render(inv *Invoice) string {
	var b strings.Builder
	title := "Invoice"
	if inv.DocType == pipeline.TypeCreditNote {
		title = "Credit note"
	}
	b.WriteString("Document: " + title + " (" + strings.ToUpper(inv.Syntax) + ")\n")
	for _, l := range textLabels {
		if f, ok := inv.Fields[l.field]; ok {
			b.WriteString(l.label + ": " + f.Value + "\n")
		}
	}
	if len(inv.LineItems) > 0 {
		b.WriteString("Lines:\n")
	}
	for _, li := range inv.LineItems {
		parts := make([]string, 0, 10)
		add := func(s ...string) {
			for _, x := range s {
				if x != "" {
					parts = append(parts, x)
				}
			}
		}
		add(li.ID, li.Description)
		if li.Quantity != "" {
			add(li.Quantity, li.Unit)
		}
		if li.UnitPrice != "" {
			add("x", li.UnitPrice)
		}
		if li.Amount != "" {
			add("=", li.Amount)
		}
		if li.VATCategory != "" || li.VATRate != "" {
			add("VAT", li.VATCategory)
			if li.VATRate != "" {
				add(li.VATRate + "%")
			}
		}
		b.WriteString(strings.Join(parts, " ") + "\n")
	}
	return b.String()
}

// Grid of the virtual page: a monospaced cell of 6 × 12 points.
const (
	cellWidth  = 6
	lineHeight = 12
)

// Page lays inv.Text out as one page of words on a monospaced grid
// (x = column × 6 pt, y = line × 12 pt, confidence 1), so downstream
// stages read an e-invoice like any other page.
func (inv *Invoice) Page() pipeline.Page {
	p := pipeline.Page{Number: 1, Source: pipeline.SourceXML}
	lines := strings.Split(strings.TrimRight(inv.Text, "\n"), "\n")
	cols := 0
	for y, line := range lines {
		col := 0
		for len(line) > 0 {
			i := strings.IndexByte(line, ' ')
			if i == 0 {
				line, col = line[1:], col+1
				continue
			}
			w := line
			if i > 0 {
				w = line[:i]
			}
			n := utf8.RuneCountInString(w)
			p.Words = append(p.Words, pipeline.Word{
				Text: w,
				Box: pipeline.Box{
					X0: float64(col * cellWidth), Y0: float64(y * lineHeight),
					X1: float64((col + n) * cellWidth), Y1: float64((y + 1) * lineHeight),
				},
				Conf: 1,
			})
			line, col = line[len(w):], col+n
		}
		cols = max(cols, col)
	}
	p.Width = float64(cols * cellWidth)
	p.Height = float64(len(lines) * lineHeight)
	return p
}
