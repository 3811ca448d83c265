// Package artifacts holds the trained models (built by `intake train`,
// committed, embedded in the binary) and the manifest that describes each:
// what it is, how it was made and how well it did.
package artifacts

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
)

// Data says what an artifact was trained on.
type Data struct {
	Generator  string `json:"generator"` // how the corpus was made
	Seed       uint64 `json:"seed"`
	N          int    `json:"n"`
	Layouts    string `json:"layouts"`
	Formats    string `json:"formats"`
	Types      string `json:"types"`
	Text       string `json:"text"` // where the training text came from
	Train      int    `json:"train"`
	Validation int    `json:"validation"`
}

// Manifest describes one artifact file.
type Manifest struct {
	Name    string             `json:"name"`
	Version string             `json:"version"`
	File    string             `json:"file"`
	SHA256  string             `json:"sha256"`
	Bytes   int                `json:"bytes"`
	Labels  []string           `json:"labels,omitempty"`
	Data    Data               `json:"data"`
	Params  map[string]any     `json:"params,omitempty"`
	Metrics map[string]float64 `json:"metrics,omitempty"`
}

// Model is Name/Version, as recorded in labels and case files.
func (m Manifest) Model() string { return m.Name + "/" + m.Version }

// Describe fills the file's name, size and digest into m.
func Describe(m Manifest, file string, data []byte) Manifest {
	sum := sha256.Sum256(data)
	m.File, m.SHA256, m.Bytes = file, hex.EncodeToString(sum[:]), len(data)
	return m
}

// Read loads NAME.manifest.json from fsys and the file it names, checking
// the digest, so a stale or damaged artifact never loads.
func Read(fsys fs.FS, name string) ([]byte, Manifest, error) {
	var m Manifest
	b, err := fs.ReadFile(fsys, name+".manifest.json")
	if err != nil {
		return nil, m, fmt.Errorf("artifacts: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, m, fmt.Errorf("artifacts: %s.manifest.json: %w", name, err)
	}
	data, err := fs.ReadFile(fsys, path.Clean(m.File))
	if err != nil {
		return nil, m, fmt.Errorf("artifacts: %w", err)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != m.SHA256 {
		return nil, m, fmt.Errorf("artifacts: %s: sha256 %s, manifest says %s", m.File, got, m.SHA256)
	}
	return data, m, nil
}

// Encode renders a manifest as the indented JSON written beside its file.
func Encode(m Manifest) ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("artifacts: %w", err)
	}
	return append(b, '\n'), nil
}
