package pdf

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Limits for attachment extraction. An e-invoice is a few hundred
// kilobytes at most; the limits stop a hostile PDF from making pdfcpu
// allocate without bound.
const (
	maxXMLBytes      = 16 << 20  // decoded e-invoice XML
	maxStreamBytes   = 256 << 20 // any encoded stream pdfcpu reads
	maxNameTreeDepth = 32        // /Kids nesting of the EmbeddedFiles tree
	maxFileSpecs     = 1000      // file specifications looked at
)

// einvoiceNames are the attachment names the e-invoice standards
// prescribe, best first, lower case: Factur-X and ZUGFeRD 2.x, ZUGFeRD 2.0
// and 1.0, XRechnung.
var einvoiceNames = []string{"factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml"}

// EmbeddedXML returns the e-invoice embedded in a hybrid PDF (ZUGFeRD,
// Factur-X, XRechnung): the attachment with a standard name, else the first
// attachment whose name ends in .xml and whose content starts like XML. It
// returns "", nil, nil when the PDF has no such attachment, and an error
// when pdfcpu cannot read the PDF. It works in memory and never panics.
func EmbeddedXML(data []byte) (name string, xml []byte, err error) {
	return embeddedXML(context.Background(), data)
}

func embeddedXML(ctx context.Context, data []byte) (name string, xml []byte, err error) {
	// pdfcpu panics on some malformed input (and its api package only
	// recovers its own fault panics): one hostile file must not take the
	// process down.
	defer func() {
		if p := recover(); p != nil {
			name, xml = "", nil
			err = fmt.Errorf("embedded xml: pdfcpu panic: %v", p)
		}
	}()
	pctx, err := pdfcpu.ReadWithContext(ctx, bytes.NewReader(data), pdfcpuConfig())
	if err != nil {
		if ctx.Err() != nil {
			return "", nil, ctx.Err()
		}
		return "", nil, fmt.Errorf("embedded xml: read pdf: %w", err)
	}
	specs := fileSpecs(pctx.XRefTable)
	// Standard names first, then other .xml files in document order; a
	// broken factur-x.xml stream should not hide a readable xrechnung.xml.
	var order []int
	for i, s := range specs {
		if rank(s.name) >= 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int { return rank(specs[i].name) - rank(specs[j].name) })
	var firstErr error
	for _, i := range order {
		b, err := decodeFile(pctx.XRefTable, specs[i].stream)
		if err != nil {
			if firstErr == nil {
				firstErr = fmt.Errorf("embedded xml: %s: %w", specs[i].name, err)
			}
			continue
		}
		if !looksLikeXML(b) {
			continue
		}
		return specs[i].name, b, nil
	}
	return "", nil, firstErr
}

// pdfcpuConfig is a read-only configuration built here rather than with
// model.NewDefaultConfiguration, which creates a config directory (and
// installs fonts) under the user's home and panics when it cannot.
func pdfcpuConfig() *model.Configuration {
	limits := model.DefaultResourceLimits()
	limits.MaxStreamBytes = maxStreamBytes
	limits.MaxDecodeBytes = maxStreamBytes
	return &model.Configuration{
		Reader15:                  true,
		ValidationMode:            model.ValidationRelaxed,
		UnsupportedResourcePolicy: model.UnsupportedResourceSkip,
		Eol:                       types.EolLF,
		Offline:                   true,
		Cmd:                       model.EXTRACTATTACHMENTS,
		Limits:                    limits,
	}
}

// rank orders attachment names: 0.. for the standard names, len(names)
// for any other .xml file, -1 for the rest.
func rank(name string) int {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, `\`, "/")))
	for i, n := range einvoiceNames {
		if base == n {
			return i
		}
	}
	if strings.HasSuffix(base, ".xml") {
		return len(einvoiceNames)
	}
	return -1
}

// looksLikeXML skips a byte-order mark and white space and expects '<'.
func looksLikeXML(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '<'
}

type fileSpec struct {
	name   string
	stream types.Object // the /EF /F entry, usually an indirect reference
}

// fileSpecs collects the embedded files of the catalog's EmbeddedFiles
// name tree and its /AF array (PDF/A-3 associated files), walking the tree
// itself: pdfcpu's own listing only works after a full validation, which
// is slow and rejects many real-world invoices.
func fileSpecs(xt *model.XRefTable) []fileSpec {
	cat, err := xt.Catalog()
	if err != nil || cat == nil {
		return nil
	}
	w := specWalker{xt: xt, seen: map[int]bool{}, streams: map[int]bool{}}
	if names := w.dict(cat["Names"]); names != nil {
		w.nameTree(names["EmbeddedFiles"], 0)
	}
	if af, err := xt.DereferenceArray(cat["AF"]); err == nil {
		for _, o := range af {
			w.add("", o)
		}
	}
	return w.specs
}

type specWalker struct {
	xt      *model.XRefTable
	seen    map[int]bool // object numbers of visited tree nodes: trees may loop
	streams map[int]bool // object numbers of collected streams: /AF repeats the tree
	specs   []fileSpec
}

func (w *specWalker) dict(o types.Object) types.Dict {
	d, err := w.xt.DereferenceDict(o)
	if err != nil {
		return nil
	}
	return d
}

func (w *specWalker) nameTree(o types.Object, depth int) {
	if depth > maxNameTreeDepth || len(w.specs) >= maxFileSpecs {
		return
	}
	if ref, ok := o.(types.IndirectRef); ok {
		if w.seen[ref.ObjectNumber.Value()] {
			return
		}
		w.seen[ref.ObjectNumber.Value()] = true
	}
	node := w.dict(o)
	if node == nil {
		return
	}
	if names, err := w.xt.DereferenceArray(node["Names"]); err == nil {
		for i := 0; i+1 < len(names); i += 2 {
			key, _ := w.xt.DereferenceText(names[i])
			w.add(key, names[i+1])
		}
	}
	if kids, err := w.xt.DereferenceArray(node["Kids"]); err == nil {
		for _, k := range kids {
			w.nameTree(k, depth+1)
		}
	}
}

// add records a file specification; key is its name in the name tree,
// used when the specification names no file.
func (w *specWalker) add(key string, o types.Object) {
	if len(w.specs) >= maxFileSpecs {
		return
	}
	spec := w.dict(o)
	if spec == nil {
		return
	}
	ef := w.dict(spec["EF"])
	if ef == nil {
		return
	}
	stream, ok := ef["F"]
	if !ok {
		if stream, ok = ef["UF"]; !ok {
			return
		}
	}
	if ref, ok := stream.(types.IndirectRef); ok {
		if w.streams[ref.ObjectNumber.Value()] {
			return
		}
		w.streams[ref.ObjectNumber.Value()] = true
	}
	name := key
	for _, k := range []string{"UF", "F"} {
		if s, err := w.xt.DereferenceText(spec[k]); err == nil && s != "" {
			name = s
			break
		}
	}
	// The stream is decoded only when chosen: a hybrid invoice often
	// carries scans or PDFs beside its XML.
	w.specs = append(w.specs, fileSpec{name: name, stream: stream})
}

// decodeFile decodes an embedded file stream through its filters.
func decodeFile(xt *model.XRefTable, o types.Object) ([]byte, error) {
	sd, _, err := xt.DereferenceStreamDict(o)
	if err != nil {
		return nil, err
	}
	if sd == nil {
		return nil, fmt.Errorf("missing stream")
	}
	if len(sd.FilterPipeline) == 0 {
		if len(sd.Raw) > maxXMLBytes {
			return nil, fmt.Errorf("over %d bytes", maxXMLBytes)
		}
		// A copy: Raw may share pdfcpu's read buffer, and the caller owns
		// what it gets.
		return bytes.Clone(sd.Raw), nil
	}
	if err := sd.DecodeWithLimit(maxXMLBytes); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	return sd.Content, nil
}
