package artifacts

import "embed"

// Embedded are the committed artifacts (written by `intake train`), each
// beside NAME.manifest.json, built into the binary so that a deployment
// is one file.
//
//go:embed *.json *.onnx
var Embedded embed.FS
