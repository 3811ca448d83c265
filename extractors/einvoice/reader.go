package einvoice

import (
	"context"
	"fmt"
	"strings"

	"intake/pipeline"
)

// Reader is the pipeline's text reader for e-invoice XML. Limits zero
// fields take DefaultLimits.
type Reader struct {
	Limits Limits
}

var _ pipeline.TextReader = (*Reader)(nil)

// Accepts reports application/xml and text/xml (parameters ignored).
func (r *Reader) Accepts(mediaType string) bool {
	mt, _, _ := strings.Cut(mediaType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	return mt == "application/xml" || mt == "text/xml"
}

// Read parses doc.Data as an e-invoice and applies it (see Apply). The
// XML is then the document's text: TextSource is xml and Pages holds one
// page with the words of Invoice.Text; PageCount stays 0. Input that can
// never be read returns a *pipeline.UnreadableError (xml.* codes),
// including well-formed XML that is not an e-invoice; a cancelled ctx
// returns ctx.Err().
func (r *Reader) Read(ctx context.Context, doc *pipeline.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	inv, err := parse(ctx, doc.Data, r.Limits)
	if err != nil {
		return err
	}
	r.Apply(doc, inv)
	doc.TextSource = pipeline.SourceXML
	doc.Pages = []pipeline.Page{inv.Page()}
	doc.PageCount = 0
	return nil
}

// ApplyEmbedded parses data, an e-invoice attached to doc (a hybrid PDF:
// ZUGFeRD, Factur-X, XRechnung or a Peppol attachment) under the file name
// name, and applies it to doc without touching its pages or text source.
// It is how the PDF reader uses this package without importing it. An
// error leaves doc as it was.
func (r *Reader) ApplyEmbedded(doc *pipeline.Document, data []byte, name string) error {
	inv, err := parse(context.Background(), data, r.Limits)
	if err != nil {
		if name != "" {
			return fmt.Errorf("%s: %w", name, err)
		}
		return err
	}
	r.Apply(doc, inv)
	return nil
}

// Apply records inv's exact data on doc: every field (replacing visual
// candidates, the XML being authoritative), the line items, the type
// (confidence 1, model "xml/ubl" or "xml/cii"), Structured, and inv's
// warnings. It leaves Pages, PageCount and TextSource alone, so a PDF
// reader can apply an embedded invoice over the PDF's visible text.
func (r *Reader) Apply(doc *pipeline.Document, inv *Invoice) {
	for name, f := range inv.Fields {
		doc.SetField(name, f)
	}
	doc.LineItems = append([]pipeline.LineItem(nil), inv.LineItems...)
	doc.Type = pipeline.Label{Value: inv.DocType, Confidence: 1, Model: "xml/" + inv.Syntax}
	doc.Structured = true
	doc.Warnings = append(doc.Warnings, inv.Warnings...)
}
