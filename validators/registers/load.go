package registers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
)

// files maps each register file to where it is decoded. A missing file
// is an empty register: a municipality without sick-pay claims has no
// providers.json.
func (d *Data) files() map[string]any {
	return map[string]any{
		"municipalities.json": &d.Municipalities, "buyer_references.json": &d.BuyerReferences,
		"suppliers.json": &d.Suppliers, "purchase_orders.json": &d.PurchaseOrders,
		"invoices.json": &d.Invoices, "providers.json": &d.Providers, "persons.json": &d.Persons,
		"schools.json": &d.Schools, "decisions.json": &d.Decisions,
	}
}

// Load reads and indexes the registers in dir. Unknown keys are rejected
// and every file's problem is reported at once.
func Load(dir string) (*Set, error) {
	var d Data
	var errs []error
	found := 0
	for name, v := range d.files() {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		found++
		if err != nil {
			errs = append(errs, fmt.Errorf("registers: %w", err))
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			errs = append(errs, fmt.Errorf("registers: %s: %w", filepath.Join(dir, name), err))
		}
	}
	if found == 0 && len(errs) == 0 {
		// A mistyped folder must not pass for registers in which no
		// supplier is known.
		errs = append(errs, fmt.Errorf("registers: %s: no register files (suppliers.json, persons.json, ...)", dir))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return NewSet(&d), nil
}

// stamp is what tells a reload that the files changed: name, size and
// modification time of every register file.
func stamp(dir string) (string, error) {
	var b bytes.Buffer
	var d Data
	names := slices.Sorted(maps.Keys(d.files()))
	for _, name := range names {
		fi, err := os.Stat(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("registers: %w", err)
		}
		fmt.Fprintf(&b, "%s:%d:%d;", name, fi.Size(), fi.ModTime().UnixNano())
	}
	return b.String(), nil
}
