package classifier

import (
	"testing"

	"intake/models/artifacts"
)

// BenchmarkDoctype times one document through the committed tokenizer and
// model in ONNX Runtime, the cost the classify stage adds per document.
func BenchmarkDoctype(b *testing.B) {
	d, err := LoadDoctype(artifacts.Embedded)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	texts, _ := corpus(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := d.Classify(texts[i%len(texts)]); err != nil {
			b.Fatal(err)
		}
	}
}
