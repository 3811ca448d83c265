// Package pdf reads PDFs: the words of every page with their boxes, from
// the PDF's own text layer through pdfium (compiled to WebAssembly, run by
// wazero: no cgo), and the e-invoice XML that hybrid PDFs (ZUGFeRD,
// Factur-X, XRechnung) carry as an attachment, through pdfcpu.
//
// Words come in reading order: lines top to bottom, words left to right,
// as seen with the page turned so that most of its text is upright. Boxes
// are in points on the page as displayed (after /Rotate and the crop box),
// origin top-left. Filled-in form fields and other annotations are read
// where a viewer shows them. Pages without a text layer come back without
// words and flagged with a "pdf.page_without_text" warning, for an OCR
// stage; blank pages are not flagged.
//
// # Design
//
//   - One pdfium pool per Reader, started on first use: compiling the
//     module takes seconds (Config.CacheDir keeps the machine code between
//     processes), an instance milliseconds. Instances are reused, except
//     after pdfium trapped or panicked, when the instance is discarded.
//   - pdfium cannot be interrupted inside a call without making every call
//     four times slower (wazero's WithCloseOnContextDone), so a Read runs
//     pdfium in a goroutine and returns when its context ends; the instance
//     returns to the pool when the call does.
//   - Text comes from FPDFText_GetText in one call; boxes need one call per
//     character (FPDFText_GetLooseCharBox: font ascent to descent, so the
//     words of a line share a height), as pdfium has no bulk call.
//   - Hostile input is bounded by the page limit (checked before any page
//     is loaded), a memory limit per instance (a trap, "pdf.corrupt"), and
//     pdfcpu's resource limits; panics are recovered.
//   - pdfcpu finds attachments by walking the EmbeddedFiles name tree and
//     the catalog's /AF array itself: its own listing needs a full
//     validation first, which costs more and rejects many real invoices.
package pdf
