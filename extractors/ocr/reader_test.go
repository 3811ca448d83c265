package ocr

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"strings"
	"testing"

	"intake/pipeline"
)

// withPHYs inserts a pHYs chunk (dpi in pixels per metre) after IHDR,
// which image/png does not write.
func withPHYs(t testing.TB, pngData []byte, dpi float64) []byte {
	t.Helper()
	ppm := uint32(math.Round(dpi / 0.0254))
	body := binary.BigEndian.AppendUint32(nil, ppm)
	body = binary.BigEndian.AppendUint32(body, ppm)
	body = append(body, 1)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(body)))
	chunk = append(chunk, "pHYs"...)
	chunk = append(chunk, body...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	const ihdrEnd = 8 + 4 + 4 + 13 + 4
	return append(append(append([]byte{}, pngData[:ihdrEnd]...), chunk...), pngData[ihdrEnd:]...)
}

func encodePNG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// tiffPage is one page for makeTIFF; a nil image writes a page whose
// pixel data lies outside the file.
type tiffPage struct {
	img *image.Gray
	dpi uint32
}

// makeTIFF writes an uncompressed 8-bit grey multi-page TIFF, little
// endian, one strip per page, as simple scanners do.
func makeTIFF(pages []tiffPage) []byte {
	le := binary.LittleEndian
	out := []byte("II*\x00\x00\x00\x00\x00")
	prevNext := 4 // where the offset of the next directory goes
	for _, p := range pages {
		w, h := 1, 1
		var pix []byte
		if p.img != nil {
			w, h = p.img.Rect.Dx(), p.img.Rect.Dy()
			pix = p.img.Pix
		}
		stripOff := uint32(len(out))
		if p.img == nil {
			stripOff = 1 << 30
		}
		out = append(out, pix...)
		if len(out)%2 == 1 {
			out = append(out, 0)
		}
		ifd := uint32(len(out))
		le.PutUint32(out[prevNext:], ifd)
		const n = 12
		ratOff := ifd + 2 + n*12 + 4
		type entry struct {
			tag, typ uint16
			count    uint32
			val      uint32
		}
		entries := []entry{
			{256, 4, 1, uint32(w)}, {257, 4, 1, uint32(h)}, {258, 3, 1, 8}, {259, 3, 1, 1},
			{262, 3, 1, 1}, {273, 4, 1, stripOff}, {277, 3, 1, 1}, {278, 4, 1, uint32(h)},
			{279, 4, 1, uint32(w * h)}, {282, 5, 1, ratOff}, {283, 5, 1, ratOff}, {296, 3, 1, 2},
		}
		out = le.AppendUint16(out, n)
		for _, e := range entries {
			out = le.AppendUint16(out, e.tag)
			out = le.AppendUint16(out, e.typ)
			out = le.AppendUint32(out, e.count)
			out = le.AppendUint32(out, e.val)
		}
		prevNext = len(out)
		out = le.AppendUint32(out, 0)
		out = le.AppendUint32(out, p.dpi)
		out = le.AppendUint32(out, 1)
	}
	return out
}

func runReader(t *testing.T, r *Reader, data []byte) *pipeline.Document {
	t.Helper()
	doc, err := pipeline.NewRunner([]pipeline.TextReader{r}).Run(context.Background(), pipeline.Origin{Source: "test"}, data)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestReaderFormats reads a short page as PNG (with and without its
// resolution), JPEG and TIFF: same words, boxes in points from the
// file's resolution or the 300 dpi default.
func TestReaderFormats(t *testing.T) {
	r := NewReader(newTestEngine(t, nil))
	lines := testLines[:3]
	page200, _ := testPage(t, lines, 11, 200, 420, 160)
	page300, first := testPage(t, lines, 11, 300, 420, 160)
	var jp bytes.Buffer
	if err := jpeg.Encode(&jp, page300, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		data []byte
	}{
		{"png with pHYs 200 dpi", withPHYs(t, encodePNG(t, page200), 200)},
		{"png without resolution", encodePNG(t, page300)},
		{"jpeg without resolution", jp.Bytes()},
		{"tiff 200 dpi", makeTIFF([]tiffPage{{page200, 200}})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := runReader(t, r, c.data)
			if doc.Route.To == pipeline.ToQuarantine {
				t.Fatalf("quarantined: %v", doc.Route.Reasons)
			}
			if doc.TextSource != pipeline.SourceOCR || doc.PageCount != 1 || len(doc.Pages) != 1 {
				t.Fatalf("source %q, %d pages", doc.TextSource, doc.PageCount)
			}
			p := doc.Pages[0]
			if math.Abs(p.Width-420) > 1 || math.Abs(p.Height-160) > 1 {
				t.Errorf("page %.1f×%.1f pt, want 420×160", p.Width, p.Height)
			}
			if cer := CER(p.Text(), testText(lines)); cer > 0.02 {
				t.Errorf("CER %.3f; got %q", cer, p.Text())
			}
			if b := p.Words[0].Box; math.Abs(b.X0-first[0]) > 2 || math.Abs(b.Y0-first[1]) > 2 {
				t.Errorf("first word at %.1f,%.1f, want %.1f,%.1f", b.X0, b.Y0, first[0], first[1])
			}
		})
	}
}

// TestReaderTIFFPageFails: a multi-page TIFF with one broken page is
// still a case with the other pages, and the broken page is a warning.
func TestReaderTIFFPageFails(t *testing.T) {
	r := NewReader(newTestEngine(t, nil))
	p1, _ := testPage(t, testLines[:2], 11, 200, 420, 120)
	p3, _ := testPage(t, testLines[8:10], 11, 200, 420, 120)
	doc := runReader(t, r, makeTIFF([]tiffPage{{p1, 200}, {nil, 200}, {p3, 200}}))
	if doc.Route.To == pipeline.ToQuarantine {
		t.Fatalf("quarantined: %v", doc.Route.Reasons)
	}
	if doc.PageCount != 3 || len(doc.Pages) != 3 {
		t.Fatalf("%d pages (%d read), want 3", doc.PageCount, len(doc.Pages))
	}
	for i, p := range doc.Pages {
		if p.Number != i+1 {
			t.Errorf("page %d numbered %d", i+1, p.Number)
		}
	}
	if !strings.Contains(doc.Pages[0].Text(), "Faktura") || !strings.Contains(doc.Pages[2].Text(), "Göteborgs") {
		t.Errorf("pages 1 and 3: %q / %q", doc.Pages[0].Text(), doc.Pages[2].Text())
	}
	if len(doc.Pages[1].Words) != 0 {
		t.Errorf("the broken page has words")
	}
	if len(doc.Warnings) != 1 || doc.Warnings[0].Code != "ocr.page_failed" || !strings.Contains(doc.Warnings[0].Message, "page 2 of 3") {
		t.Fatalf("warnings %+v, want one ocr.page_failed for page 2", doc.Warnings)
	}
	// The router turns the warning into a reason for a person.
	found := false
	for _, re := range doc.Route.Reasons {
		found = found || re.Code == "ocr.page_failed"
	}
	if doc.Route.To != pipeline.ToCaseworker || !found {
		t.Errorf("route %+v, want a caseworker with reason ocr.page_failed", doc.Route)
	}
}

// TestReaderUnreadable: what can never be read is quarantined with a
// clear code, before any pixel is decoded when a limit says so.
func TestReaderUnreadable(t *testing.T) {
	e := newTestEngine(t, func(c *Config) { c.MaxPages = 3 })
	r := NewReader(e)
	small := image.NewGray(image.Rect(0, 0, 8, 8))
	good := encodePNG(t, small)
	// A valid PNG header claiming 60000×60000 pixels: decoding it would
	// allocate 3.6 GB, so the limit must act on the header alone.
	huge := append([]byte{}, good...)
	binary.BigEndian.PutUint32(huge[16:], 60000)
	binary.BigEndian.PutUint32(huge[20:], 60000)
	binary.BigEndian.PutUint32(huge[29:], crc32.ChecksumIEEE(huge[12:29]))
	var tiny []tiffPage
	for range 4 {
		tiny = append(tiny, tiffPage{small, 300})
	}
	cases := []struct {
		name, code, detail string
		data               []byte
	}{
		{"truncated png", "image.corrupt", "the PNG cannot be decoded", good[:len(good)-20]},
		{"png header only", "image.corrupt", "the PNG cannot be decoded", good[:33]},
		{"jpeg marker then junk", "image.corrupt", "the JPEG cannot be decoded", []byte("\xff\xd8\xff\xe0 not really a jpeg at all")},
		{"tiff header then junk", "image.corrupt", "leaves the file", []byte("II*\x00\xff\xff\xff\x7fjunk")},
		{"tiff with its only page broken", "image.corrupt", "the TIFF cannot be decoded", makeTIFF([]tiffPage{{nil, 300}})},
		{"too many pixels", "image.too_large", "60000×60000 pixels is over the limit", huge},
		{"too many pages", "image.too_many_pages", "more than 3 pages", makeTIFF(tiny)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := runReader(t, r, c.data)
			if doc.Route.To != pipeline.ToQuarantine || doc.Route.Reasons[0].Code != c.code {
				t.Fatalf("route %+v, want quarantine %s", doc.Route, c.code)
			}
			if msg := doc.Route.Reasons[0].Message; !strings.Contains(msg, c.detail) {
				t.Errorf("reason %q does not say %q", msg, c.detail)
			}
		})
	}
	// Ingest stops an empty file first; the reader alone says why too.
	doc := &pipeline.Document{MediaType: pipeline.MediaPNG}
	var ue *pipeline.UnreadableError
	if err := r.Read(context.Background(), doc); !errorsAs(err, &ue) || ue.Code != "image.corrupt" {
		t.Fatalf("0 bytes: %v, want image.corrupt", err)
	}
}
