package pdf

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"

	"intake/pipeline"
)

// errPage marks a failure inside pdfium after the document opened: the
// instance may be in a broken state and is not reused.
var errPage = errors.New("pdfium failed")

// errNoPage marks a page pdfium declines to load (FPDF_LoadPage returns
// no page, as for a page-tree entry that is no page dictionary): a normal
// answer, which leaves the instance healthy.
var errNoPage = errors.New("page cannot be loaded")

// extraction is what one document yields.
type extraction struct {
	pages    []pipeline.Page
	warnings []pipeline.Reason
	// attachments is pdfium's count of embedded files (the EmbeddedFiles
	// name tree), -1 when unknown.
	attachments int
	// scans holds, by page index, the rendered image of each page without
	// a text layer, when the reader has OCR to read them.
	scans map[int]*image.Gray
}

// extract reads the words of every page. Errors are *UnreadableError for
// input pdfium rejects, ctx.Err(), or wrap errPage.
func extract(ctx context.Context, inst pdfium.Pdfium, data []byte, maxPages int, render bool) (*extraction, error) {
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return nil, openError(err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})

	pc, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, fmt.Errorf("%w: page count: %v", errPage, err)
	}
	switch {
	case pc.PageCount <= 0:
		return nil, pipeline.Unreadable("pdf.empty", pipeline.ErrEmpty, "the PDF has no pages")
	case pc.PageCount > maxPages:
		return nil, pipeline.Unreadable("pdf.too_many_pages", pipeline.ErrTooLarge,
			"the PDF has %d pages, more than the limit of %d", pc.PageCount, maxPages)
	}

	ex := &extraction{pages: make([]pipeline.Page, 0, pc.PageCount), attachments: -1}
	if ac, err := inst.FPDFDoc_GetAttachmentCount(&requests.FPDFDoc_GetAttachmentCount{Document: doc.Document}); err == nil {
		ex.attachments = ac.AttachmentCount
	}
	broken := 0
	for i := 0; i < pc.PageCount; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		page, marked, err := extractPage(inst, doc.Document, i)
		if errors.Is(err, errNoPage) {
			// Viewers show such a page blank; the other pages still count.
			broken++
			page = blankPage(inst, doc.Document, i)
			ex.warnings = append(ex.warnings, pipeline.Reason{
				Code:    "pdf.page_unreadable",
				Message: fmt.Sprintf("page %d cannot be loaded: it is read as blank", i+1),
			})
			ex.pages = append(ex.pages, page)
			continue
		}
		if err != nil {
			return nil, err
		}
		var renderErr error
		if len(page.Words) == 0 && marked && render {
			img, err := renderPage(inst, doc.Document, i)
			if err == nil {
				if ex.scans == nil {
					ex.scans = map[int]*image.Gray{}
				}
				ex.scans[i] = img
				ex.pages = append(ex.pages, page)
				continue
			}
			renderErr = err
		}
		if len(page.Words) == 0 && marked {
			msg := fmt.Sprintf("page %d has no text layer (a scan?): it needs OCR", page.Number)
			if renderErr != nil {
				msg += "; it was not read: " + renderErr.Error()
			}
			ex.warnings = append(ex.warnings, pipeline.Reason{Code: "pdf.page_without_text", Message: msg})
		}
		ex.pages = append(ex.pages, page)
	}
	if broken == pc.PageCount {
		return nil, pipeline.Unreadable("pdf.corrupt", pipeline.ErrCorrupt, "pdfium cannot load any of the %d pages", broken)
	}
	return ex, nil
}

// blankPage stands in for a page that cannot be loaded, with the size
// pdfium reads from the page tree, or US Letter, pdfium's own default.
func blankPage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int) pipeline.Page {
	p := pipeline.Page{Number: index + 1, Width: 612, Height: 792, Source: pipeline.SourceNative}
	if sz, err := inst.FPDF_GetPageSizeByIndexF(&requests.FPDF_GetPageSizeByIndexF{Document: doc, Index: index}); err == nil {
		w, h := float64(sz.Size.Width), float64(sz.Size.Height)
		if w > 0 && h > 0 && !math.IsInf(w, 0) && !math.IsInf(h, 0) {
			p.Width, p.Height = w, h
		}
	}
	return p
}

// openError classifies pdfium's reasons for not opening a document.
func openError(err error) error {
	switch {
	case errors.Is(err, pdfiumerrors.ErrPassword):
		return pipeline.Unreadable("pdf.encrypted", pipeline.ErrEncrypted, "the PDF is protected by a password")
	case errors.Is(err, pdfiumerrors.ErrSecurity):
		return pipeline.Unreadable("pdf.encrypted", pipeline.ErrEncrypted, "the PDF is encrypted with an unsupported security handler")
	case errors.Is(err, pdfiumerrors.ErrFormat), errors.Is(err, pdfiumerrors.ErrFile),
		errors.Is(err, pdfiumerrors.ErrUnknown), errors.Is(err, pdfiumerrors.ErrPage):
		return pipeline.Unreadable("pdf.corrupt", pipeline.ErrCorrupt, "pdfium cannot open the PDF: %v", err)
	}
	return fmt.Errorf("%w: open: %v", errPage, err)
}

// extractPage reads one page's words in reading order. For a page without
// words it also reports whether it may show text all the same: a blank
// page needs no OCR, a scan or text drawn as outlines does.
func extractPage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int) (_ pipeline.Page, marked bool, _ error) {
	fail := func(op string, err error) (pipeline.Page, bool, error) {
		return pipeline.Page{}, false, fmt.Errorf("%w: page %d: %s: %v", errPage, index+1, op, err)
	}
	lp, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if errors.Is(err, pdfiumerrors.ErrPage) {
		return pipeline.Page{}, false, errNoPage
	}
	if err != nil {
		return fail("load", err)
	}
	pageRef := lp.Page
	defer func() { inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: pageRef}) }()
	page := requests.Page{ByReference: &pageRef}

	// Filled-in form fields and other annotations are drawn from their
	// appearance streams, outside the page content that the text page
	// reads: flatten them into the content first, as a viewer shows them.
	if ac, err := inst.FPDFPage_GetAnnotCount(&requests.FPDFPage_GetAnnotCount{Page: page}); err == nil && ac.Count > 0 {
		fl, err := inst.FPDFPage_Flatten(&requests.FPDFPage_Flatten{Page: page, Usage: requests.FPDFPage_FlattenUsageNormalDisplay})
		if err != nil {
			return fail("flatten", err)
		}
		if fl.Result == 1 { // FLATTEN_SUCCESS: the loaded page is stale, reload it
			inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: pageRef})
			if lp, err = inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index}); err != nil {
				pageRef = "" // nothing to close
				return fail("reload", err)
			}
			pageRef = lp.Page
		}
	}

	bb, err := inst.FPDF_GetPageBoundingBox(&requests.FPDF_GetPageBoundingBox{Page: page})
	if err != nil {
		return fail("bounding box", err)
	}
	rot, err := inst.FPDFPage_GetRotation(&requests.FPDFPage_GetRotation{Page: page})
	if err != nil {
		return fail("rotation", err)
	}
	g := pageGeometry{
		left: float64(bb.Rect.Left), bottom: float64(bb.Rect.Bottom),
		right: float64(bb.Rect.Right), top: float64(bb.Rect.Top),
		rotate: int(rot.PageRotation) & 3,
	}
	w, h := g.size()
	if !(w > 0 && h > 0) || math.IsInf(w, 0) || math.IsInf(h, 0) {
		// A crop box outside the media box leaves nothing to show.
		return pipeline.Page{}, false, pipeline.Unreadable("pdf.corrupt", pipeline.ErrCorrupt, "page %d has an empty page box", index+1)
	}
	out := pipeline.Page{Number: index + 1, Width: w, Height: h, Source: pipeline.SourceNative}

	chars, err := pageChars(inst, page, g)
	if err != nil {
		return fail("text", err)
	}
	words, dir := groupWords(chars)
	out.Words = readingOrder(clip(words, w, h), dir)
	if len(out.Words) > 0 {
		return out, true, nil
	}
	marked, err = drawsText(inst, page)
	if err != nil {
		return fail("objects", err)
	}
	return out, marked, nil
}

// Thresholds for drawsText. An outlined glyph takes some 10 to 30 path
// segments, a rule or a frame 2 to 5.
const (
	outlineSegments = 100   // path segments that suggest text drawn as outlines
	maxPageObjects  = 10000 // objects looked at before assuming the worst
)

// drawsText reports whether a page without readable text may still show
// text that OCR could read: an image (a scan), a text object whose glyphs
// map to no characters, a form XObject, or enough path segments to be
// text converted to outlines. Rules, frames and an empty page are not.
func drawsText(inst pdfium.Pdfium, page requests.Page) (bool, error) {
	co, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return false, err
	}
	if co.Count > maxPageObjects {
		return true, nil
	}
	segments := 0
	for i := 0; i < co.Count; i++ {
		o, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			return false, err
		}
		ty, err := inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: o.PageObject})
		if err != nil {
			return false, err
		}
		switch ty.Type {
		case enums.FPDF_PAGEOBJ_IMAGE, enums.FPDF_PAGEOBJ_TEXT, enums.FPDF_PAGEOBJ_FORM:
			return true, nil
		case enums.FPDF_PAGEOBJ_PATH:
			ps, err := inst.FPDFPath_CountSegments(&requests.FPDFPath_CountSegments{PageObject: o.PageObject})
			if err != nil {
				return false, err
			}
			if segments += ps.Count; segments >= outlineSegments {
				return true, nil
			}
		}
	}
	return false, nil
}

// pageChars reads the characters of a page with their boxes. The text
// comes in one call; boxes need one call per character, as pdfium has no
// bulk call for them, so white space, which needs none, is skipped.
func pageChars(inst pdfium.Pdfium, page requests.Page, g pageGeometry) ([]char, error) {
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
	if err != nil {
		return nil, err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	cc, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return nil, err
	}
	n := cc.Count
	if n <= 0 {
		return nil, nil
	}
	runes, err := pageRunes(inst, tp.TextPage, n)
	if err != nil {
		return nil, err
	}
	chars := make([]char, n)
	for i, r := range runes {
		chars[i].r = r
		if isBreak(r) {
			continue
		}
		lb, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: i})
		if err != nil {
			// pdfium has no box for this character (it reports that as an
			// error): keep it, boxless, inside its word.
			continue
		}
		r := lb.Rect
		b := g.box(float64(r.Left), float64(r.Bottom), float64(r.Right), float64(r.Top))
		if finite(b) {
			chars[i].box = b
		}
	}
	return chars, nil
}

// finite rejects boxes a degenerate text matrix can produce.
func finite(b pipeline.Box) bool {
	for _, v := range [4]float64{b.X0, b.Y0, b.X1, b.Y1} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// pageRunes returns one rune per pdfium character index. FPDFText_GetText
// returns the page's text in one call, as UTF-16 with one unit per index;
// characters outside the BMP (two units) break that correspondence, and
// then the runes are read one by one.
func pageRunes(inst pdfium.Pdfium, tp references.FPDF_TEXTPAGE, n int) ([]rune, error) {
	gt, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp, StartIndex: 0, Count: n})
	if err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(gt.Text) == n {
		runes := make([]rune, 0, n)
		for _, r := range gt.Text {
			if r >= 0x10000 {
				break // paired with a lost unit elsewhere: do it slowly
			}
			runes = append(runes, r)
		}
		if len(runes) == n {
			return runes, nil
		}
	}
	runes := make([]rune, n)
	for i := range runes {
		u, err := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp, Index: i})
		if err != nil {
			return nil, err
		}
		runes[i] = rune(u.Unicode)
	}
	return runes, nil
}
