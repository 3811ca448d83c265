package einvoice

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"testing"
)

// This file is the test oracle: a deliberately naive XML tree built with
// encoding/xml's namespace-aware Token (the parser uses RawToken and
// resolves namespaces itself) and slash-separated path queries. Expected
// values are computed from it, never from the parser's code.

// xnode is one element of the oracle tree; name.Space is the namespace URI.
type xnode struct {
	name     xml.Name
	attrs    []xml.Attr
	text     string
	children []*xnode
}

var oracleNS = map[string]string{
	"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
	"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
	"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
	"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
	"udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}

func parseOracle(t testing.TB, data []byte) *xnode {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	var stack []*xnode
	var root *xnode
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("oracle: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &xnode{name: tok.Name, attrs: tok.Copy().Attr}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			}
		}
	}
	return root
}

// all returns the descendants of n along path, "cac:A/cbc:B", every match
// at every level.
func (n *xnode) all(path string) []*xnode {
	cur := []*xnode{n}
	for _, step := range strings.Split(path, "/") {
		prefix, local, _ := strings.Cut(step, ":")
		uri := oracleNS[prefix]
		var next []*xnode
		for _, c := range cur {
			for _, k := range c.children {
				if k.name.Space == uri && k.name.Local == local {
					next = append(next, k)
				}
			}
		}
		cur = next
	}
	return cur
}

func (n *xnode) first(path string) *xnode {
	if n == nil {
		return nil
	}
	if a := n.all(path); len(a) > 0 {
		return a[0]
	}
	return nil
}

// val is the trimmed text at path, "" when absent.
func (n *xnode) val(path string) string {
	if f := n.first(path); f != nil {
		return strings.TrimSpace(f.text)
	}
	return ""
}

func (n *xnode) attr(local string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == local {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// resolve follows an evidence path as the parser writes it,
// "/Invoice/cac:PaymentMeans[2]/cbc:PaymentID", from the root.
func (n *xnode) resolve(path string) *xnode {
	steps := strings.Split(strings.TrimPrefix(path, "/"), "/")
	root := steps[0]
	if _, local, ok := strings.Cut(root, ":"); ok {
		root = local
	}
	if n.name.Local != root {
		return nil
	}
	cur := n
	for _, step := range steps[1:] {
		pos := 1
		if i := strings.IndexByte(step, '['); i >= 0 {
			pos, _ = strconv.Atoi(strings.TrimSuffix(step[i+1:], "]"))
			step = step[:i]
		}
		prefix, local, _ := strings.Cut(step, ":")
		var found *xnode
		k := 0
		for _, c := range cur.children {
			if c.name.Space == oracleNS[prefix] && c.name.Local == local {
				if k++; k == pos {
					found = c
					break
				}
			}
		}
		if found == nil {
			return nil
		}
		cur = found
	}
	return cur
}
