package einvoice

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"intake/pipeline"
)

// Quarantine codes of the UnreadableErrors returned by Parse.
const (
	CodeMalformed   = "xml.malformed"     // ErrCorrupt: not well-formed, truncated
	CodeTooDeep     = "xml.too_deep"      // ErrTooLarge: nesting over Limits.MaxDepth
	CodeDoctype     = "xml.doctype"       // ErrCorrupt: a DOCTYPE or entity declaration
	CodeTooLarge    = "xml.too_large"     // ErrTooLarge: over Limits.MaxBytes
	CodeNotEInvoice = "xml.not_einvoice"  // ErrUnsupportedMedia: well-formed XML with another root
	CodeEmpty       = "xml.empty"         // ErrEmpty: no bytes, or only white space
	CodeEncoding    = "xml.encoding"      // ErrUnsupportedMedia: a declared charset we do not decode
	CodeBadValue    = "xml.invalid_value" // a warning: a value that does not normalise (not an error)
)

// Syntaxes.
const (
	SyntaxUBL = "ubl"
	SyntaxCII = "cii"
)

// Limits bound what Parse accepts. Zero fields take the defaults.
type Limits struct {
	MaxBytes int64 // input size; default 50 MiB
	MaxDepth int   // element nesting; default 256 (real invoices stay under 15)
}

// DefaultLimits returns 50 MiB and 256 levels.
func DefaultLimits() Limits { return Limits{MaxBytes: 50 << 20, MaxDepth: 256} }

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	return l
}

// Invoice is one parsed e-invoice.
type Invoice struct {
	Syntax        string // SyntaxUBL or SyntaxCII
	Customization string // CustomizationID, or the CII guideline ID
	DocType       string // pipeline.TypeInvoice or pipeline.TypeCreditNote
	// Fields holds the case-file fields the XML has, normalised, each with
	// Confidence 1, Raw as written and Path the XML path of the evidence.
	Fields    map[string]pipeline.Field
	LineItems []pipeline.LineItem
	// Text renders the invoice readably: one "Label: value" per line, then
	// the lines. The pipeline reads it as the document's only page.
	Text string
	// Warnings are values present in the XML that did not normalise (a
	// date "2024-02-30", an amount "12,50"); their fields are left unset.
	Warnings []pipeline.Reason
}

// Parse reads one e-invoice. Input it can never read is reported as a
// *pipeline.UnreadableError with one of the Code constants; a value that
// does not normalise is a warning on the Invoice, not an error.
func Parse(data []byte, lim Limits) (*Invoice, error) {
	return parse(context.Background(), data, lim)
}

func parse(ctx context.Context, data []byte, lim Limits) (*Invoice, error) {
	lim = lim.withDefaults()
	if int64(len(data)) > lim.MaxBytes {
		return nil, pipeline.Unreadable(CodeTooLarge, pipeline.ErrTooLarge, "xml: %d bytes, over the limit of %d", len(data), lim.MaxBytes)
	}
	body, transcoded := toUTF8(data)
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, pipeline.Unreadable(CodeEmpty, pipeline.ErrEmpty, "xml: no content")
	}
	cs := &charsets{transcoded: transcoded}
	t, err := build(ctx, body, lim, cs)
	if err != nil {
		return nil, err
	}
	inv := &Invoice{Fields: make(map[string]pipeline.Field, 24)}
	syntax, _ := rootSyntax(t.nodes[0].ns, t.nodes[0].local)
	inv.Syntax = syntax
	switch syntax {
	case SyntaxUBL:
		readUBL(t, inv)
	case SyntaxCII:
		readCII(t, inv)
	}
	inv.Text = render(inv)
	return inv, nil
}

// rootSyntax says which syntax a root element belongs to.
func rootSyntax(ns, local string) (string, bool) {
	switch {
	case ns == "" && (local == "Invoice" || local == "CreditNote"):
		return SyntaxUBL, true
	case ns == "rsm" && local == "CrossIndustryInvoice":
		return SyntaxCII, true
	}
	return "", false
}

func notEInvoice(name xml.Name) error {
	return pipeline.Unreadable(CodeNotEInvoice, pipeline.ErrUnsupportedMedia,
		"xml: root element <%s> is not a UBL Invoice or CreditNote nor a CII CrossIndustryInvoice", qname(name))
}

// sniffLen bounds how much IsEInvoice reads: the root start tag follows at
// most a declaration and a licence comment.
const sniffLen = 64 << 10

// IsEInvoice reports whether data's root element is a UBL Invoice or
// CreditNote or a CII CrossIndustryInvoice. It looks at the first start
// element only (within the first 64 KiB) and does not check the rest.
func IsEInvoice(data []byte) bool {
	if len(data) > sniffLen {
		data = data[:sniffLen]
	}
	body, transcoded := toUTF8(data)
	d := xml.NewDecoder(bytes.NewReader(body))
	d.CharsetReader = (&charsets{transcoded: transcoded}).reader
	for {
		tok, err := d.RawToken()
		if err != nil {
			return false
		}
		if st, ok := tok.(xml.StartElement); ok {
			uri := ""
			for _, a := range st.Attr {
				if (a.Name.Space == "xmlns" && a.Name.Local == st.Name.Space) ||
					(st.Name.Space == "" && a.Name.Space == "" && a.Name.Local == "xmlns") {
					uri = a.Value
				}
			}
			_, ok := rootSyntax(canonicalNS(uri), st.Name.Local)
			return ok
		}
	}
}

// toUTF8 strips a UTF-8 byte order mark and transcodes UTF-16 (with a
// byte order mark, or recognisable from "<?" in two-byte units) to UTF-8:
// encoding/xml reads only byte-oriented encodings.
func toUTF8(data []byte) (body []byte, transcoded bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:], false
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), bytes.HasPrefix(data, []byte{0x00, '<', 0x00, '?'}):
		return utf16To8(data, unicode.BigEndian), true
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{'<', 0x00, '?', 0x00}):
		return utf16To8(data, unicode.LittleEndian), true
	}
	return data, false
}

func utf16To8(data []byte, order unicode.Endianness) []byte {
	if len(data)%2 == 1 {
		data = data[:len(data)-1] // a cut sniff prefix; a whole file then fails as truncated
	}
	out, err := unicode.UTF16(order, unicode.UseBOM).NewDecoder().Bytes(data)
	if err != nil {
		return nil
	}
	return out
}

// charsets is the decoder's CharsetReader. It supports what e-invoices
// are seen with besides UTF-8: ISO-8859-1 (older OIOUBL and ERP exports),
// ISO-8859-15, Windows-1252, US-ASCII, and UTF-16 (transcoded up front).
type charsets struct {
	transcoded bool   // the input was UTF-16, already transcoded
	bad        string // a declared encoding we do not read
}

func (c *charsets) reader(label string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-16", "utf-16le", "utf-16be", "ucs-2", "unicode":
		// Transcoded already; a UTF-16 declaration on bytes that read as
		// ASCII is a common exporter slip, read them as they are.
		return r, nil
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "iso-ir-100", "cp819", "ibm819":
		return charmap.ISO8859_1.NewDecoder().Reader(r), nil
	case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin-9", "latin9":
		return charmap.ISO8859_15.NewDecoder().Reader(r), nil
	case "windows-1252", "cp1252", "x-cp1252":
		return charmap.Windows1252.NewDecoder().Reader(r), nil
	case "us-ascii", "ascii", "utf8":
		return r, nil
	}
	c.bad = label
	return nil, errors.New("unsupported encoding")
}
