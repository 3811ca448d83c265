package pipeline

import (
	_ "embed"
	"math"
	"sort"
	"time"
)

// CaseSchemaID is the schema name every case file carries.
const CaseSchemaID = "intake.case/v1"

// CaseSchema is the JSON Schema of intake.case/v1 (draft 2020-12).
//
//go:embed case.v1.schema.json
var CaseSchema []byte

// CaseFile is the published, versioned JSON contract for robots and the UI.
// Fields are only ever added to v1; renaming or removing one is v2.
type CaseFile struct {
	Schema      string               `json:"schema"`
	ID          string               `json:"id"`
	Document    CaseDocument         `json:"document"`
	DocType     *CaseLabel           `json:"doc_type,omitempty"`
	Language    string               `json:"language,omitempty"`
	Fields      map[string]CaseField `json:"fields"`
	LineItems   []LineItem           `json:"line_items"`
	Findings    []CaseFinding        `json:"findings"`
	Route       CaseRoute            `json:"route"`
	Versions    CaseVersions         `json:"versions"`
	Trail       []CaseStep           `json:"trail"`
	ProcessedAt string               `json:"processed_at"`
}

// CaseDocument describes the original.
type CaseDocument struct {
	SHA256     string `json:"sha256"`
	Source     string `json:"source"`
	ETag       string `json:"etag,omitempty"`
	MediaType  string `json:"media_type"`
	Size       int64  `json:"size"`
	Pages      int    `json:"pages"`
	TextSource string `json:"text_source,omitempty"`
	ReceivedAt string `json:"received_at"`
}

// CaseLabel is the document type decision.
type CaseLabel struct {
	Value      string  `json:"value"`
	Confidence float64 `json:"confidence"`
	Model      string  `json:"model,omitempty"`
}

// CaseField is one field with the evidence a caseworker can check.
type CaseField struct {
	Value      string      `json:"value"`
	Raw        string      `json:"raw,omitempty"`
	Confidence float64     `json:"confidence"`
	Page       int         `json:"page,omitempty"`
	BBox       *[4]float64 `json:"bbox,omitempty"`
	Path       string      `json:"path,omitempty"`
	// ConfirmedBy names the register entry that agrees with the value.
	ConfirmedBy string `json:"confirmed_by,omitempty"`
	// MendedBy says why the value differs from the page's reading (raw).
	MendedBy string `json:"mended_by,omitempty"`
}

// CaseFinding is one rule outcome.
type CaseFinding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Message  Message  `json:"message"`
	Fields   []string `json:"fields"`
	Evidence string   `json:"evidence,omitempty"`
}

// CaseRoute is where the case goes and why.
type CaseRoute struct {
	To      Destination `json:"to"`
	Reasons []Reason    `json:"reasons"`
}

// CaseVersions names models and rule sets used.
type CaseVersions struct {
	Models map[string]string `json:"models"`
	Rules  map[string]string `json:"rules"`
}

// CaseStep is one stage in the trail.
type CaseStep struct {
	Stage      string  `json:"stage"`
	DurationMS float64 `json:"duration_ms"`
	Error      string  `json:"error,omitempty"`
	Version    string  `json:"version,omitempty"`
}

// Case builds the case file of a processed document.
func (d *Document) Case(processedAt time.Time) CaseFile {
	c := CaseFile{
		Schema: CaseSchemaID,
		ID:     d.ID,
		Document: CaseDocument{
			SHA256:     d.ID,
			Source:     d.Origin.Source,
			ETag:       d.Origin.ETag,
			MediaType:  d.MediaType,
			Size:       d.Size,
			Pages:      d.PageCount,
			TextSource: string(d.TextSource),
			ReceivedAt: d.Origin.Received.UTC().Format(time.RFC3339Nano),
		},
		Language:    d.Language,
		Fields:      make(map[string]CaseField, len(d.Fields)),
		LineItems:   d.LineItems,
		Findings:    make([]CaseFinding, 0, len(d.Findings)),
		Route:       CaseRoute{To: d.Route.To, Reasons: d.Route.Reasons},
		Versions:    CaseVersions{Models: map[string]string{}, Rules: map[string]string{}},
		ProcessedAt: processedAt.UTC().Format(time.RFC3339Nano),
		Trail:       make([]CaseStep, 0, len(d.Trail)),
	}
	if c.LineItems == nil {
		c.LineItems = []LineItem{}
	}
	if c.Route.Reasons == nil {
		c.Route.Reasons = []Reason{}
	}
	if d.Route.To != ToQuarantine && d.Type.Value != "" {
		c.DocType = &CaseLabel{Value: d.Type.Value, Confidence: round4(d.Type.Confidence), Model: d.Type.Model}
	}
	for name, f := range d.Fields {
		cf := CaseField{Value: f.Value, Raw: f.Raw, Confidence: round4(f.Confidence), Page: f.Page, Path: f.Path, ConfirmedBy: f.ConfirmedBy, MendedBy: f.MendedBy}
		if f.Box != nil {
			cf.BBox = &[4]float64{round2(f.Box.X0), round2(f.Box.Y0), round2(f.Box.X1), round2(f.Box.Y1)}
		}
		c.Fields[name] = cf
	}
	for _, f := range d.Findings {
		fields := f.Fields
		if fields == nil {
			fields = []string{}
		}
		c.Findings = append(c.Findings, CaseFinding{Rule: f.Rule, Severity: f.Severity, Message: f.Message, Fields: fields, Evidence: f.Evidence})
	}
	for k, v := range d.Versions.Models {
		c.Versions.Models[k] = v
	}
	for k, v := range d.Versions.Rules {
		c.Versions.Rules[k] = v
	}
	if d.Type.Model != "" && d.Route.To != ToQuarantine {
		c.Versions.Models["doc_type"] = d.Type.Model
	}
	for _, s := range d.Trail {
		c.Trail = append(c.Trail, CaseStep{Stage: s.Stage, DurationMS: round2(float64(s.Duration.Microseconds()) / 1000), Error: s.Err, Version: s.Version})
		if s.Stage == "route" && s.Version != "" {
			c.Versions.Rules["routing"] = s.Version
		}
	}
	sort.SliceStable(c.Findings, func(i, j int) bool { return c.Findings[i].Rule < c.Findings[j].Rule })
	return c
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
func round4(v float64) float64 { return math.Round(v*10000) / 10000 }
