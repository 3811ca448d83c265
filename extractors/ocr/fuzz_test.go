package ocr

import (
	"image"
	"testing"

	"intake/pipeline"
)

// FuzzSplitPages feeds untrusted bytes to the page splitter and decoders
// (no Tesseract): they must never panic, and never decode past the limit.
func FuzzSplitPages(f *testing.F) {
	img := image.NewGray(image.Rect(0, 0, 4, 4))
	f.Add(pipeline.MediaTIFF, makeTIFF([]tiffPage{{img, 300}, {img, 200}}))
	f.Add(pipeline.MediaPNG, encodePNG(f, img))
	f.Add(pipeline.MediaJPEG, []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x01\x2c\x01\x2c\x00\x00"))
	f.Fuzz(func(t *testing.T, mt string, data []byte) {
		pages, err := splitPages(mt, data, 5)
		if err != nil {
			return
		}
		if len(pages) > 5 {
			t.Fatalf("%d pages past the limit of 5", len(pages))
		}
		for _, p := range pages {
			if img, err := loadSafely(p, 1<<20); err == nil {
				if b := img.Bounds(); b.Dx()*b.Dy() > 1<<20 {
					t.Fatalf("decoded %v past the pixel limit", b)
				}
			}
		}
	})
}
