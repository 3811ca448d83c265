package einvoice

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"iter"
	"math"
	"strconv"
	"strings"

	"intake/pipeline"
)

// Namespaces of the syntaxes read here.
const (
	nsUBLInvoice    = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
	nsUBLCreditNote = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
	nsCBC           = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
	nsCAC           = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
	nsEXT           = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
	nsRSM           = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
	nsRAM           = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
	nsUDT           = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
	nsQDT           = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
)

// foreignNS marks an element whose namespace none of the queries name.
const foreignNS = "?"

// canonicalNS maps a namespace URI to the prefix queries and evidence paths
// use, so a document that binds cbc to another prefix (or to the default
// namespace) reads the same. The UBL document namespace maps to "", which
// renders the root as "/Invoice" like the specifications do.
func canonicalNS(uri string) string {
	switch uri {
	case nsCBC:
		return "cbc"
	case nsCAC:
		return "cac"
	case nsUBLInvoice, nsUBLCreditNote:
		return ""
	case nsRAM:
		return "ram"
	case nsUDT:
		return "udt"
	case nsRSM:
		return "rsm"
	case nsQDT:
		return "qdt"
	case nsEXT:
		return "ext"
	}
	return foreignNS
}

// node is one element. Nodes live in one slice and link by index, which
// keeps a typical invoice to a few dozen allocations.
type node struct {
	ns    string // canonical prefix, see canonicalNS
	local string
	attrs []xml.Attr
	// text is the character data directly inside the element (runs of
	// only white space dropped), as a span of tree.texts: one buffer for
	// the whole document instead of a string per element.
	textOff, textLen int32
	parent           int32
	first            int32 // first child, -1 if none
	last             int32
	next             int32 // next sibling, -1 if none
}

// tree is a parsed document; node 0 is the root element.
type tree struct {
	nodes []node
	texts []byte
}

// binding is one in-scope namespace declaration.
type binding struct {
	prefix, uri string
	depth       int
}

// skipText names elements whose content is never read: embedded
// attachments can be megabytes of base64 not worth copying.
func skipText(local string) bool {
	return local == "EmbeddedDocumentBinaryObject" || local == "AttachmentBinaryObject"
}

// build decodes data (already UTF-8 or with a declared charset that
// charsetReader handles) into a tree. It enforces lim.MaxDepth while
// decoding, refuses any DOCTYPE, checks that start and end tags match (the
// raw tokenizer leaves that to us), and stops at a root element that is not
// an e-invoice without reading further.
func build(ctx context.Context, data []byte, lim Limits, cs *charsets) (*tree, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = cs.reader

	t := &tree{nodes: make([]node, 0, 64+len(data)/48), texts: make([]byte, 0, 256+len(data)/8)}
	type resolved struct{ prefix, ns string }
	var (
		bindings []binding
		cache    []resolved // prefixes resolved under the current bindings
		open     []int32    // open element indices
		prefixes []string   // raw prefix of each open element, to match its end tag
		done     bool       // root element closed
		tokens   int
	)
	// resolve maps an element's prefix to its canonical namespace; ok is
	// false for a prefix no enclosing element declares.
	resolve := func(prefix string) (ns string, ok bool) {
		for _, r := range cache {
			if r.prefix == prefix {
				return r.ns, true
			}
		}
		uri, found := "", prefix == ""
		for i := len(bindings) - 1; i >= 0; i-- {
			if bindings[i].prefix == prefix {
				uri, found = bindings[i].uri, true
				break
			}
		}
		if !found {
			return "", false
		}
		ns = canonicalNS(uri)
		cache = append(cache, resolved{prefix: prefix, ns: ns})
		return ns, true
	}

	for {
		tokens++
		if tokens&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			if cs.bad != "" {
				return nil, pipeline.Unreadable(CodeEncoding, pipeline.ErrUnsupportedMedia, "xml: unsupported encoding %q", cs.bad)
			}
			return nil, malformed(err, d)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if done {
				return nil, pipeline.Unreadable(CodeMalformed, pipeline.ErrCorrupt, "xml: line %d: element <%s> after the root element", line(d), tok.Name.Local)
			}
			depth := len(open) + 1
			if depth > lim.MaxDepth {
				return nil, pipeline.Unreadable(CodeTooDeep, pipeline.ErrTooLarge, "xml: line %d: elements nested deeper than %d", line(d), lim.MaxDepth)
			}
			for _, a := range tok.Attr {
				switch {
				case a.Name.Space == "xmlns":
					bindings = append(bindings, binding{prefix: a.Name.Local, uri: a.Value, depth: depth})
					cache = cache[:0]
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					bindings = append(bindings, binding{prefix: "", uri: a.Value, depth: depth})
					cache = cache[:0]
				}
			}
			ns, ok := resolve(tok.Name.Space)
			if !ok {
				return nil, pipeline.Unreadable(CodeMalformed, pipeline.ErrCorrupt, "xml: line %d: undeclared namespace prefix %q", line(d), tok.Name.Space)
			}
			n := node{ns: ns, local: tok.Name.Local, attrs: tok.Attr, parent: -1, first: -1, last: -1, next: -1}
			idx := int32(len(t.nodes))
			if len(open) == 0 {
				if _, ok := rootSyntax(n.ns, n.local); !ok {
					return nil, notEInvoice(tok.Name)
				}
			} else {
				p := open[len(open)-1]
				n.parent = p
				if t.nodes[p].last >= 0 {
					t.nodes[t.nodes[p].last].next = idx
				} else {
					t.nodes[p].first = idx
				}
				t.nodes[p].last = idx
			}
			t.nodes = append(t.nodes, n)
			open = append(open, idx)
			prefixes = append(prefixes, tok.Name.Space)

		case xml.EndElement:
			if len(open) == 0 {
				return nil, pipeline.Unreadable(CodeMalformed, pipeline.ErrCorrupt, "xml: line %d: unexpected end tag </%s>", line(d), tok.Name.Local)
			}
			top := open[len(open)-1]
			if tok.Name.Local != t.nodes[top].local || tok.Name.Space != prefixes[len(prefixes)-1] {
				return nil, pipeline.Unreadable(CodeMalformed, pipeline.ErrCorrupt, "xml: line %d: end tag </%s> does not match <%s>", line(d), qname(tok.Name), qname(xml.Name{Space: prefixes[len(prefixes)-1], Local: t.nodes[top].local}))
			}
			depth := len(open)
			open = open[:len(open)-1]
			prefixes = prefixes[:len(prefixes)-1]
			if k := len(bindings); k > 0 && bindings[k-1].depth == depth {
				for k > 0 && bindings[k-1].depth == depth {
					k--
				}
				bindings = bindings[:k]
				cache = cache[:0]
			}
			if len(open) == 0 {
				done = true
			}

		case xml.CharData:
			if !hasNonSpace(tok) {
				continue
			}
			if len(open) == 0 {
				return nil, pipeline.Unreadable(CodeMalformed, pipeline.ErrCorrupt, "xml: line %d: text outside the root element", line(d))
			}
			idx := open[len(open)-1]
			n := &t.nodes[idx]
			if skipText(n.local) {
				continue
			}
			if n.textLen > 0 && int(n.textOff+n.textLen) != len(t.texts) {
				// Text split by a child element (mixed content): move the
				// earlier part to the end so the span stays contiguous.
				t.texts = append(t.texts, t.texts[n.textOff:n.textOff+n.textLen]...)
				n.textOff = int32(len(t.texts)) - n.textLen
			}
			if n.textLen == 0 {
				n.textOff = int32(len(t.texts))
			}
			if len(t.texts)+len(tok) > math.MaxInt32 {
				return nil, pipeline.Unreadable(CodeTooLarge, pipeline.ErrTooLarge, "xml: text over 2 GiB")
			}
			t.texts = append(t.texts, tok...)
			n.textLen += int32(len(tok))

		case xml.Directive:
			// E-invoices never carry a DOCTYPE; refusing every directive
			// closes the door on entity expansion and external references.
			return nil, pipeline.Unreadable(CodeDoctype, pipeline.ErrCorrupt, "xml: line %d: DOCTYPE or entity declaration refused", line(d))
		}
	}
	if len(t.nodes) == 0 {
		return nil, pipeline.Unreadable(CodeMalformed, pipeline.ErrCorrupt, "xml: no root element")
	}
	if len(open) > 0 {
		return nil, pipeline.Unreadable(CodeMalformed, pipeline.ErrCorrupt, "xml: unexpected end of input inside <%s> (truncated?)", t.nodes[open[len(open)-1]].local)
	}
	return t, nil
}

func hasNonSpace(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\r':
		default:
			return true
		}
	}
	return false
}

func line(d *xml.Decoder) int {
	l, _ := d.InputPos()
	return l
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// malformed turns a decoder error into the quarantine code for broken XML.
func malformed(err error, d *xml.Decoder) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &pipeline.UnreadableError{Code: CodeMalformed, Err: pipeline.ErrCorrupt, Detail: "xml: line " + strconv.Itoa(se.Line) + ": " + se.Msg}
	}
	return &pipeline.UnreadableError{Code: CodeMalformed, Err: pipeline.ErrCorrupt, Detail: "xml: line " + strconv.Itoa(line(d)) + ": " + err.Error()}
}

// step is one element name of a query, "cac:Party" or "Invoice".
func splitStep(step string) (ns, local string) {
	if i := strings.IndexByte(step, ':'); i >= 0 {
		return step[:i], step[i+1:]
	}
	return "", step
}

func (t *tree) is(n int32, step string) bool {
	ns, local := splitStep(step)
	return t.nodes[n].local == local && t.nodes[n].ns == ns
}

// child returns the first child of n named step, or -1.
func (t *tree) child(n int32, step string) int32 {
	if n < 0 {
		return -1
	}
	ns, local := splitStep(step)
	for c := t.nodes[n].first; c >= 0; c = t.nodes[c].next {
		if t.nodes[c].local == local && t.nodes[c].ns == ns {
			return c
		}
	}
	return -1
}

// find follows steps from n, taking the first match at each level, or -1.
func (t *tree) find(n int32, steps ...string) int32 {
	for _, s := range steps {
		n = t.child(n, s)
		if n < 0 {
			return -1
		}
	}
	return n
}

// each yields the children of n named step.
func (t *tree) each(n int32, step string) iter.Seq[int32] {
	return func(yield func(int32) bool) {
		if n < 0 {
			return
		}
		ns, local := splitStep(step)
		for c := t.nodes[n].first; c >= 0; c = t.nodes[c].next {
			if t.nodes[c].local == local && t.nodes[c].ns == ns {
				if !yield(c) {
					return
				}
			}
		}
	}
}

// text returns the trimmed character data of n, "" for n < 0.
func (t *tree) text(n int32) string {
	if n < 0 {
		return ""
	}
	nd := &t.nodes[n]
	return string(bytes.TrimSpace(t.texts[nd.textOff : nd.textOff+nd.textLen]))
}

// attr returns the value of n's attribute with the given local name.
func (t *tree) attr(n int32, local string) string {
	if n < 0 {
		return ""
	}
	for _, a := range t.nodes[n].attrs {
		if a.Name.Local == local && a.Name.Space != "xmlns" {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// path renders n as an XPath-like evidence path with canonical prefixes,
// adding a 1-based position where an element has same-named siblings:
// "/Invoice/cac:PaymentMeans[2]/cac:PayeeFinancialAccount/cbc:ID".
func (t *tree) path(n int32) string {
	if n < 0 {
		return ""
	}
	var parts []string
	for ; n >= 0; n = t.nodes[n].parent {
		nd := &t.nodes[n]
		name := nd.local
		if nd.ns != "" && nd.ns != foreignNS {
			name = nd.ns + ":" + nd.local
		}
		if p := nd.parent; p >= 0 {
			pos, count := 0, 0
			for c := t.nodes[p].first; c >= 0; c = t.nodes[c].next {
				if t.nodes[c].local == nd.local && t.nodes[c].ns == nd.ns {
					count++
					if c == n {
						pos = count
					}
				}
			}
			if count > 1 {
				name += "[" + strconv.Itoa(pos) + "]"
			}
		}
		parts = append(parts, name)
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(parts[i])
	}
	return b.String()
}
