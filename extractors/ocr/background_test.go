package ocr

import (
	"image"
	"slices"
	"testing"
)

// TestWhitenSurround: the table around a photographed page goes white,
// with the black band normalising left at the paper's edge, while the
// text beside that edge stays; a printed dark band holding white text,
// which also reaches the border, is left alone.
func TestWhitenSurround(t *testing.T) {
	const dpi = 300
	photo := image.NewGray(image.Rect(0, 0, 1200, 1600))
	for y := range 1600 {
		for x := range 1200 {
			v := uint8(120) // the table
			if x >= 150 && x < 1050 && y >= 150 && y < 1450 {
				v = 235 // the paper
			}
			if x < 20 || y < 20 { // deskewing's white corner strip
				v = 255
			}
			photo.Pix[y*photo.Stride+x] = v
		}
	}
	text := image.Rect(880, 400, 1000, 430) // amounts beside the paper's edge
	for y := text.Min.Y; y < text.Max.Y; y++ {
		for x := text.Min.X; x < text.Max.X; x++ {
			if x/5%2 == 0 {
				photo.Pix[y*photo.Stride+x] = 20
			}
		}
	}
	img := normalizeContrast(photo, dpi/12)
	whitenSurround(img, photo, dpi)
	for y := range 1600 {
		for x := range 1200 {
			in := x >= 150 && x < 1050 && y >= 150 && y < 1450
			if v := img.Pix[y*img.Stride+x]; !in && v < 200 {
				t.Fatalf("(%d,%d) outside the paper is %d, want white", x, y, v)
			}
		}
	}
	ink := 0
	for y := text.Min.Y; y < text.Max.Y; y++ {
		for x := text.Min.X; x < text.Max.X; x++ {
			if img.Pix[y*img.Stride+x] < 100 {
				ink++
			}
		}
	}
	if ink < text.Dx()*text.Dy()/3 {
		t.Errorf("the amounts beside the edge kept %d dark pixels of %d", ink, text.Dx()*text.Dy()/2)
	}

	band := image.NewGray(image.Rect(0, 0, 1200, 1600))
	for y := range 1600 {
		for x := range 1200 {
			v := uint8(240)
			if y < 200 { // a dark header band across the top, bleeding off
				v = 60
				if y > 80 && y < 120 && x > 100 && x < 900 && x/6%2 == 0 {
					v = 250 // its white title
				}
			}
			band.Pix[y*band.Stride+x] = v
		}
	}
	img = normalizeContrast(band, dpi/12)
	before := slices.Clone(img.Pix)
	whitenSurround(img, band, dpi)
	if !slices.Equal(before, img.Pix) {
		t.Error("a printed band with text in it was whitened as if it were the table")
	}
}
