package en16931

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Limits of the decoder. They match the e-invoice reader's defaults: the
// validator sees the same bytes the reader already accepted.
const (
	maxBytes = 50 << 20
	maxDepth = 256
)

// ErrNotXML is returned by Decode for input that is not well-formed XML
// within the limits, or that carries a DOCTYPE.
var ErrNotXML = errors.New("not well-formed xml")

// node is one element. Names use the canonical prefixes of the e-invoice
// specifications (cbc, cac, rsm, ram, udt, qdt), whatever prefixes the
// document binds, so that evidence paths read like the Schematron's.
type node struct {
	name   string // "cbc:ID"; the UBL root is "Invoice" or "CreditNote"
	attrs  []xml.Attr
	text   string // trimmed character data directly inside
	kids   []*node
	parent *node
}

func canonical(uri string) string {
	switch uri {
	case "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2":
		return "cbc"
	case "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2":
		return "cac"
	case "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2":
		return "ext"
	case "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
		"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2":
		return ""
	case "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100":
		return "rsm"
	case "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100":
		return "ram"
	case "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100":
		return "udt"
	case "urn:un:unece:uncefact:data:standard:QualifiedDataType:100":
		return "qdt"
	}
	return "?"
}

// decode reads data into an element tree. Like the e-invoice reader it
// refuses any DOCTYPE (no entity expansion, no external references) and
// bounds size and nesting while decoding. The reader's tree is private to
// its package and validators may not import extractors, hence this copy of
// the same hardening.
func decode(data []byte) (*node, error) {
	if len(data) > maxBytes {
		return nil, fmt.Errorf("decode: %d bytes over the limit of %d: %w", len(data), maxBytes, ErrNotXML)
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) {
		// encoding/xml reads byte-oriented encodings only; the reader
		// accepts UTF-16 with a byte order mark, so must we.
		u, err := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("decode: utf-16: %v: %w", err, ErrNotXML)
		}
		data = u
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charsetReader
	var root *node
	var open []*node
	var text [][]byte // character data per open element
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("decode: %v: %w", err, ErrNotXML)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(open) >= maxDepth {
				return nil, fmt.Errorf("decode: nested deeper than %d: %w", maxDepth, ErrNotXML)
			}
			name := t.Name.Local
			if p := canonical(t.Name.Space); p != "" {
				name = p + ":" + name
			}
			n := &node{name: name, attrs: t.Attr}
			if len(open) == 0 {
				if root != nil {
					return nil, fmt.Errorf("decode: second root element: %w", ErrNotXML)
				}
				root = n
			} else {
				p := open[len(open)-1]
				n.parent = p
				p.kids = append(p.kids, n)
			}
			open = append(open, n)
			text = append(text, nil)
		case xml.EndElement:
			n := open[len(open)-1]
			if !strings.HasSuffix(n.name, "BinaryObject") {
				n.text = string(bytes.TrimSpace(text[len(text)-1]))
			} else if len(bytes.TrimSpace(text[len(text)-1])) > 0 {
				n.text = "(binary)" // attachments can be megabytes no rule reads
			}
			open = open[:len(open)-1]
			text = text[:len(text)-1]
		case xml.CharData:
			if len(open) > 0 {
				text[len(text)-1] = append(text[len(text)-1], t...)
			}
		case xml.Directive:
			return nil, fmt.Errorf("decode: DOCTYPE or entity declaration refused: %w", ErrNotXML)
		}
	}
	if root == nil {
		return nil, fmt.Errorf("decode: no root element: %w", ErrNotXML)
	}
	return root, nil
}

func charsetReader(label string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
		return charmap.ISO8859_1.NewDecoder().Reader(r), nil
	case "iso-8859-15", "iso8859-15", "latin9", "latin-9":
		return charmap.ISO8859_15.NewDecoder().Reader(r), nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(r), nil
	case "us-ascii", "ascii", "utf8", "utf-16", "utf-16le", "utf-16be":
		return r, nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", label)
}

// child returns the first child named name, or nil. It is nil-safe so
// that paths chain: n.child("cac:Party").child("cbc:EndpointID").
func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// find follows a path of child names.
func (n *node) find(names ...string) *node {
	for _, s := range names {
		n = n.child(s)
	}
	return n
}

// all returns the children named name.
func (n *node) all(name string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

func (n *node) attr(local string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == local && a.Name.Space != "xmlns" {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

func (n *node) hasAttr(local string) bool {
	if n == nil {
		return false
	}
	for _, a := range n.attrs {
		if a.Name.Local == local && a.Name.Space != "xmlns" {
			return true
		}
	}
	return false
}

// path renders n as an XPath-like evidence path, with a 1-based position
// where an element has same-named siblings.
func (n *node) path() string {
	if n == nil {
		return ""
	}
	var parts []string
	for ; n != nil; n = n.parent {
		s := n.name
		if p := n.parent; p != nil {
			pos, count := 0, 0
			for _, k := range p.kids {
				if k.name == n.name {
					count++
					if k == n {
						pos = count
					}
				}
			}
			if count > 1 {
				s += "[" + strconv.Itoa(pos) + "]"
			}
		}
		parts = append(parts, s)
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(parts[i])
	}
	return b.String()
}

// str is n's text, "" for a nil n.
func (n *node) str() string {
	if n == nil {
		return ""
	}
	return n.text
}
