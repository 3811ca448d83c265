package pipeline

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var caseSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(CaseSchema))
	if err != nil {
		return nil, fmt.Errorf("case schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "intake.case.v1.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("case schema: %w", err)
	}
	return c.Compile(url)
})

// ValidateCase checks one case file (JSON) against the intake.case/v1
// schema. Robots can run the same check on what they receive.
func ValidateCase(caseJSON []byte) error {
	sch, err := caseSchema()
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(caseJSON))
	if err != nil {
		return fmt.Errorf("case file: %w", err)
	}
	if err := sch.Validate(v); err != nil {
		return fmt.Errorf("case file: %w", err)
	}
	return nil
}
