package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// pdfBuilder writes small PDFs for tests: numbered objects, a correct
// cross-reference table, nothing else.
type pdfBuilder struct {
	objs []string
}

// add appends an object and returns its number.
func (b *pdfBuilder) add(obj string) int {
	b.objs = append(b.objs, obj)
	return len(b.objs)
}

// set replaces object n (reserved earlier with add("")).
func (b *pdfBuilder) set(n int, obj string) { b.objs[n-1] = obj }

// stream appends a stream object with extra dictionary entries.
func (b *pdfBuilder) stream(dict, data string) int {
	return b.add(fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data))
}

func (b *pdfBuilder) bytes(root int) []byte {
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(b.objs))
	for i, o := range b.objs {
		offsets[i] = buf.Len()
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(b.objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(b.objs)+1, root, xref)
	return buf.Bytes()
}

// testPage is one page of a test PDF.
type testPage struct {
	content  string // content stream; /F1 is Helvetica, /Im1 a gray image
	rotate   int
	mediaBox string // default "0 0 612 792"
	cropBox  string
	annots   []string // annotation dictionaries, "<< ... >>"; "AP" in one is replaced by an appearance stream showing "Filled In"
}

// text is a content stream that shows s at x, y (user space) in 12 pt
// Helvetica.
func text(x, y float64, s string) string {
	return fmt.Sprintf("BT /F1 12 Tf %g %g Td (%s) Tj ET\n", x, y, s)
}

// buildPDF makes a PDF of the given pages.
func buildPDF(pages ...testPage) []byte {
	var b pdfBuilder
	catalog := b.add("")
	pagesObj := b.add("")
	font := b.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	image := b.stream("/Type /XObject /Subtype /Image /Width 4 /Height 4 /ColorSpace /DeviceGray /BitsPerComponent 8",
		strings.Repeat("\x80\x20", 8))
	appearance := b.stream(fmt.Sprintf("/Type /XObject /Subtype /Form /BBox [0 0 200 20] /Resources << /Font << /F1 %d 0 R >> >>", font),
		"BT /F1 12 Tf 2 5 Td (Filled In) Tj ET")
	var kids []string
	for _, p := range pages {
		content := b.stream("", p.content)
		mb := p.mediaBox
		if mb == "" {
			mb = "0 0 612 792"
		}
		extra := ""
		if p.cropBox != "" {
			extra += " /CropBox [" + p.cropBox + "]"
		}
		if p.rotate != 0 {
			extra += fmt.Sprintf(" /Rotate %d", p.rotate)
		}
		if len(p.annots) > 0 {
			var refs []string
			for _, a := range p.annots {
				a = strings.Replace(a, "AP", fmt.Sprintf("/AP << /N %d 0 R >>", appearance), 1)
				refs = append(refs, fmt.Sprintf("%d 0 R", b.add(a)))
			}
			extra += " /Annots [" + strings.Join(refs, " ") + "]"
		}
		page := b.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [%s]%s /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>",
			pagesObj, mb, extra, content, font, image))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	b.set(pagesObj, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))
	b.set(catalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj))
	return b.bytes(catalog)
}

// attachment is an embedded file for withAttachments.
type attachment struct {
	name   string
	data   []byte
	flate  bool // compress with /FlateDecode
	afOnly bool // list it only in the catalog's /AF array, not the name tree
}

// withAttachments makes a one-page PDF showing "Invoice" and carrying
// files in the EmbeddedFiles name tree, one leaf per file under a root of
// /Kids as large trees have, and in the catalog's /AF array.
func withAttachments(files ...attachment) []byte {
	var b pdfBuilder
	catalog := b.add("")
	pagesObj := b.add("")
	font := b.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	content := b.stream("", text(72, 700, "Invoice"))
	page := b.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>", pagesObj, content, font))
	var leaves, af []string
	for _, f := range files {
		dict, data := "/Type /EmbeddedFile", f.data
		if f.flate {
			var z bytes.Buffer
			w := zlib.NewWriter(&z)
			w.Write(f.data)
			w.Close()
			dict, data = dict+" /Filter /FlateDecode", z.Bytes()
		}
		file := b.stream(dict, string(data))
		spec := b.add(fmt.Sprintf("<< /Type /Filespec /F (%s) /UF (%s) /EF << /F %d 0 R >> >>", f.name, f.name, file))
		af = append(af, fmt.Sprintf("%d 0 R", spec))
		if !f.afOnly {
			leaves = append(leaves, fmt.Sprintf("%d 0 R", b.add(fmt.Sprintf("<< /Names [(%s) %d 0 R] >>", f.name, spec))))
		}
	}
	root := b.add(fmt.Sprintf("<< /Kids [%s] >>", strings.Join(leaves, " ")))
	b.set(pagesObj, fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", page))
	b.set(catalog, fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R /Names << /EmbeddedFiles %d 0 R >> /AF [%s] >>", pagesObj, root, strings.Join(af, " ")))
	return b.bytes(catalog)
}

// encrypt encrypts a PDF with pdfcpu (AES-256); an empty user password
// makes a PDF anyone can open but whose permissions an owner password
// guards.
func encrypt(t testing.TB, data []byte, user, owner string) []byte {
	t.Helper()
	// pdfcpu's default configuration would install a config directory in
	// the home directory; tests do not want that either.
	model.ConfigPath = "disable"
	conf := model.NewAESConfiguration(user, owner, 256)
	var out bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(data), &out, conf); err != nil {
		t.Fatalf("encrypt: %v", err)
	}
	return out.Bytes()
}
