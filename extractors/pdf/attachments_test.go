package pdf

import (
	"bytes"
	"strings"
	"testing"
)

func TestEmbeddedXML(t *testing.T) {
	inv := []byte("<?xml version=\"1.0\"?>\n<Invoice/>")
	bom := append([]byte("\xEF\xBB\xBF  \n"), inv...)
	for _, tc := range []struct {
		name     string
		files    []attachment
		wantName string
		wantXML  []byte
	}{
		{"none", nil, "", nil},
		{"factur-x", []attachment{{name: "factur-x.xml", data: inv}}, "factur-x.xml", inv},
		{"compressed", []attachment{{name: "factur-x.xml", data: inv, flate: true}}, "factur-x.xml", inv},
		{"zugferd 1 spelling", []attachment{{name: "ZUGFeRD-invoice.xml", data: inv}}, "ZUGFeRD-invoice.xml", inv},
		{"xrechnung", []attachment{{name: "xrechnung.xml", data: bom}}, "xrechnung.xml", bom},
		{"standard name first", []attachment{{name: "extra.xml", data: []byte("<x/>")}, {name: "zugferd-invoice.xml", data: inv}}, "zugferd-invoice.xml", inv},
		{"any xml", []attachment{{name: "scan.png", data: []byte("\x89PNG")}, {name: "invoice.XML", data: inv}}, "invoice.XML", inv},
		{"not xml inside", []attachment{{name: "factur-x.xml", data: []byte("%PDF-1.4 oops")}}, "", nil},
		{"no xml attachment", []attachment{{name: "delivery-note.pdf", data: []byte("%PDF-1.4")}}, "", nil},
		{"associated file only", []attachment{{name: "factur-x.xml", data: inv, afOnly: true}}, "factur-x.xml", inv},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name, xml, err := EmbeddedXML(withAttachments(tc.files...))
			if err != nil || name != tc.wantName || !bytes.Equal(xml, tc.wantXML) {
				t.Errorf("got %q, %.40q, %v; want %q, %.40q", name, xml, err, tc.wantName, tc.wantXML)
			}
		})
	}
}

func TestEmbeddedXMLPlainPDF(t *testing.T) {
	name, xml, err := EmbeddedXML(buildPDF(testPage{content: text(72, 700, "x")}))
	if name != "" || xml != nil || err != nil {
		t.Errorf("got %q, %q, %v", name, xml, err)
	}
}

func TestEmbeddedXMLBomb(t *testing.T) {
	// 24 MiB of zeros compress to 24 KiB: decoding stops at the limit.
	bomb := attachment{name: "factur-x.xml", data: make([]byte, 24<<20), flate: true}
	name, xml, err := EmbeddedXML(withAttachments(bomb))
	if err == nil || xml != nil || name != "" {
		t.Errorf("got %q, %d bytes, %v; want an error", name, len(xml), err)
	}
}

func TestEmbeddedXMLLoopingTree(t *testing.T) {
	// A name tree node that is its own kid must not loop forever.
	var b pdfBuilder
	catalog := b.add("")
	pages := b.add("<< /Type /Pages /Kids [] /Count 0 >>")
	node := b.add("")
	b.set(node, "<< /Kids [3 0 R 3 0 R] >>")
	b.set(catalog, "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> >>")
	_ = pages
	if _, xml, err := EmbeddedXML(b.bytes(catalog)); xml != nil {
		t.Errorf("got %q, %v", xml, err)
	}
}

func TestEmbeddedXMLHostile(t *testing.T) {
	good := withAttachments(attachment{name: "factur-x.xml", data: []byte("<Invoice/>"), flate: true})
	inputs := map[string][]byte{
		"empty":     nil,
		"text":      []byte("hello"),
		"header":    []byte("%PDF-1.7\n"),
		"garbage":   append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("<< /Type /Catalog [[[[ >> endobj\n"), 100)...),
		"truncated": good[:len(good)/2],
		"mangled":   bytes.ReplaceAll(good, []byte("/Length"), []byte("/Lngth ")),
		"deep":      []byte("%PDF-1.7\n1 0 obj\n" + strings.Repeat("[", 100000) + "\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			_, xml, err := EmbeddedXML(data) // must return, not panic
			t.Logf("xml %d bytes, err %v", len(xml), err)
		})
	}
}
