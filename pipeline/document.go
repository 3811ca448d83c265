// Package pipeline holds the envelope that travels through Intake, the small
// interfaces its stages implement, the runner and the routing decision.
// It imports no plug-in package: extractors, models and validators plug in
// through the interfaces declared here and are wired in cmd/intake.
package pipeline

import "time"

// TextSource says where a document's text came from.
type TextSource string

const (
	SourceNative TextSource = "native" // the PDF's own text layer
	SourceOCR    TextSource = "ocr"    // Tesseract over page images
	SourceXML    TextSource = "xml"    // an e-invoice parsed exactly
)

// Document types of the case-file contract.
const (
	TypeInvoice         = "invoice"
	TypeCreditNote      = "credit_note"
	TypePaymentReminder = "payment_reminder"
	TypeSchoolTransport = "school_transport_application"
	TypeSickPayClaim    = "sick_pay_claim"
	TypeOther           = "other"
)

// DocTypes lists every document type in a stable order.
var DocTypes = []string{TypeInvoice, TypeCreditNote, TypePaymentReminder, TypeSchoolTransport, TypeSickPayClaim, TypeOther}

// Box is a rectangle on a page in PDF points (1/72 inch), origin at the
// top-left corner of the page, y growing downwards. Native text and OCR
// words share this system so extractors cannot tell them apart.
type Box struct {
	X0, Y0, X1, Y1 float64
}

// Word is one word as read from a page.
type Word struct {
	Text string
	Box  Box
	Conf float64 // 0..1; 1 for native text
	// Overprinted: a stamp lies over the word, so ink that is not the
	// type's may have changed its reading whatever Conf says.
	Overprinted bool `json:",omitempty"`
}

// Page is one page of words in reading order.
type Page struct {
	Number int     // 1-based
	Width  float64 // points
	Height float64 // points
	Words  []Word
	// Stamps is the text of stamps put on the page after it was printed
	// (a post room's received stamp), read apart from the document's
	// words: extractors read Words, and Text ends with it.
	Stamps []Word `json:",omitempty"`
	Source TextSource
}

// Origin says where a document came from.
type Origin struct {
	Source   string    // path, or bucket/key
	ETag     string    // object ETag when read from a bucket
	Received time.Time // when intake first saw it
}

// Label is a classification with its confidence.
type Label struct {
	Value      string
	Confidence float64
	Model      string // model name and version that decided it
}

// Field is one extracted value with its evidence.
type Field struct {
	Value      string  // normalised (dates YYYY-MM-DD, money "1234.50", ids without separators)
	Raw        string  // as printed or as written in the XML
	Confidence float64 // 0..1; 1 for exact e-invoice values
	Page       int     // 1-based page of the evidence; 0 when not on a page
	Box        *Box    // evidence box on Page; nil when not on a page
	Path       string  // XML path of the evidence for e-invoices
	// ConfirmedBy names the independent source (a register entry) that
	// agrees with the value read; Confidence then includes that evidence.
	ConfirmedBy string
	// MendedBy says why Value differs from what was read (Raw): the other
	// values or the register that mended a misreading.
	MendedBy string
}

// LineItem is one invoice line.
type LineItem struct {
	ID          string `json:"id,omitempty"`
	Description string `json:"description,omitempty"`
	Quantity    string `json:"quantity,omitempty"`
	Unit        string `json:"unit,omitempty"`
	UnitPrice   string `json:"unit_price,omitempty"`
	Amount      string `json:"amount,omitempty"` // line net amount (BT-131)
	VATCategory string `json:"vat_category,omitempty"`
	VATRate     string `json:"vat_rate,omitempty"`
}

// Severity of a finding.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Message is a text in the three languages of the UI.
type Message struct {
	DA string `json:"da"`
	SV string `json:"sv"`
	EN string `json:"en"`
}

// Finding is the outcome of one rule that did not simply hold.
type Finding struct {
	Rule     string
	Severity Severity
	Message  Message
	Fields   []string
	Evidence string
}

// Destination of a routed document.
type Destination string

const (
	ToRobot      Destination = "robot"
	ToCaseworker Destination = "caseworker"
	ToQuarantine Destination = "quarantine"
)

// Reason explains one part of a routing decision.
type Reason struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// Route is the routing decision.
type Route struct {
	To      Destination
	Reasons []Reason
}

// Step records one stage's run over a document.
type Step struct {
	Stage    string
	Start    time.Time
	Duration time.Duration
	Err      string
	Version  string
}

// Document is the envelope every stage reads and enriches. Low confidence
// and failed rules are data on it, never Go errors.
type Document struct {
	ID        string // sha256 of the original bytes, hex
	Origin    Origin
	MediaType string // sniffed from the bytes
	Size      int64
	Data      []byte // the original bytes; never modified

	PageCount  int
	Pages      []Page
	TextSource TextSource
	Language   string

	Type      Label
	Fields    map[string]Field
	LineItems []LineItem
	Findings  []Finding
	Route     Route
	Trail     []Step
	Versions  Versions

	// Structured is set when the text stage read an exact structured
	// source (an e-invoice, alone or embedded in a PDF): its fields are
	// authoritative and visual extraction only fills gaps.
	Structured bool
	// Warnings are problems met while reading that did not stop it.
	Warnings []Reason
}

// Versions names the models and rule sets a case was made with.
type Versions struct {
	Models map[string]string
	Rules  map[string]string
}

// SetField records a field, replacing an earlier value.
func (d *Document) SetField(name string, f Field) {
	if d.Fields == nil {
		d.Fields = make(map[string]Field)
	}
	d.Fields[name] = f
}

// ReadByOCR tells whether a field's evidence is on a page OCR read (the
// document's source when the field names no page).
func (d *Document) ReadByOCR(f Field) bool {
	if f.Page >= 1 && f.Page <= len(d.Pages) {
		return d.Pages[f.Page-1].Source == SourceOCR
	}
	return d.TextSource == SourceOCR
}

// AddFinding appends a finding.
func (d *Document) AddFinding(f Finding) { d.Findings = append(d.Findings, f) }
