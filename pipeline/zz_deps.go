package pipeline

import (
	_ "github.com/klippa-app/go-pdfium/webassembly"
	_ "github.com/pdfcpu/pdfcpu/pkg/api"
	_ "github.com/santhosh-tekuri/jsonschema/v6"
	_ "github.com/yalue/onnxruntime_go"
	_ "go.yaml.in/yaml/v3"
)
