package ocr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math"

	"golang.org/x/image/tiff"

	"intake/pipeline"
)

// maxPageInches is the longest side of a page whose resolution metadata
// is believed. Cameras write 72 dpi whatever they photograph, which would
// make a phone photo of an invoice a metre wide; beyond A3 the default
// resolution is the better guess.
const maxPageInches = 20

// pageSource is one page of an image file, decoded only when a Tesseract
// client is free for it, so that at most Workers pages are in memory.
type pageSource struct {
	number int
	format string  // "PNG", "JPEG", "TIFF", for messages
	dpi    float64 // from the file's metadata; 0 when unknown
	config func() (image.Config, error)
	decode func() (image.Image, error)
}

// splitPages lists the pages of an image file without decoding any. An
// error here is about the whole file (not an image, too many pages).
func splitPages(mediaType string, data []byte, maxPages int) ([]pageSource, error) {
	if len(data) == 0 {
		return nil, pipeline.Unreadable("image.corrupt", pipeline.ErrEmpty, "the image file is empty (0 bytes)")
	}
	one := func(format string, dpi float64, cfg func() (image.Config, error), dec func() (image.Image, error)) []pageSource {
		return []pageSource{{number: 1, format: format, dpi: dpi, config: cfg, decode: dec}}
	}
	switch mediaType {
	case pipeline.MediaPNG:
		return one("PNG", pngDPI(data),
			func() (image.Config, error) { return png.DecodeConfig(bytes.NewReader(data)) },
			func() (image.Image, error) { return png.Decode(bytes.NewReader(data)) }), nil
	case pipeline.MediaJPEG:
		return one("JPEG", jpegDPI(data),
			func() (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(data)) },
			func() (image.Image, error) { return jpeg.Decode(bytes.NewReader(data)) }), nil
	case pipeline.MediaTIFF:
		t, first, err := parseTIFF(data)
		if err != nil {
			return nil, pipeline.Unreadable("image.corrupt", pipeline.ErrCorrupt, "%v", err)
		}
		offs, err := t.pages(first, maxPages)
		if len(offs) > maxPages {
			return nil, pipeline.Unreadable("image.too_many_pages", pipeline.ErrTooLarge,
				"the TIFF has more than %d pages", maxPages)
		}
		if len(offs) == 0 {
			if err == nil {
				err = errors.New("tiff: no pages")
			}
			return nil, pipeline.Unreadable("image.corrupt", pipeline.ErrCorrupt, "%v", err)
		}
		// A broken link after some good pages: read those, the rest is
		// reported with the pages that failed.
		var pages []pageSource
		for i, off := range offs {
			pages = append(pages, pageSource{
				number: i + 1,
				format: "TIFF",
				dpi:    t.dpi(off),
				config: func() (image.Config, error) { return tiff.DecodeConfig(newPageReader(t, off)) },
				decode: func() (image.Image, error) { return tiff.Decode(newPageReader(t, off)) },
			})
		}
		return pages, nil
	}
	return nil, pipeline.Unreadable("input.unsupported_type", pipeline.ErrUnsupportedMedia, "ocr reads no %s", mediaType)
}

// load checks the page's size from its header and only then decodes it.
func (s pageSource) load(maxPixels int) (image.Image, error) {
	cfg, err := s.config()
	if err != nil {
		return nil, s.decodeError(err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, &PageError{Page: s.number, Code: "image.corrupt", Err: pipeline.ErrCorrupt,
			Detail: fmt.Sprintf("%d×%d pixels", cfg.Width, cfg.Height)}
	}
	if int64(cfg.Width)*int64(cfg.Height) > int64(maxPixels) {
		return nil, &PageError{Page: s.number, Code: "image.too_large", Err: pipeline.ErrTooLarge,
			Detail: fmt.Sprintf("%d×%d pixels is over the limit of %d", cfg.Width, cfg.Height, maxPixels)}
	}
	img, err := s.decode()
	if err != nil {
		return nil, s.decodeError(err)
	}
	return img, nil
}

// decodeError keeps valid-but-unsupported images (a TIFF compression the
// decoder lacks) apart from broken ones, as image/png does.
func (s pageSource) decodeError(err error) error {
	var pu png.UnsupportedError
	var ju jpeg.UnsupportedError
	var tu tiff.UnsupportedError
	if errors.As(err, &pu) || errors.As(err, &ju) || errors.As(err, &tu) {
		return &PageError{Page: s.number, Code: "image.unsupported", Err: pipeline.ErrUnsupportedMedia,
			Detail: fmt.Sprintf("the %s uses a feature intake does not read: %v", s.format, err)}
	}
	return &PageError{Page: s.number, Code: "image.corrupt", Err: pipeline.ErrCorrupt,
		Detail: fmt.Sprintf("the %s cannot be decoded: %v", s.format, err)}
}

// Paper sizes a page without credible resolution metadata is taken to be
// when its proportions match within paperTolerance: scanners that write
// no resolution still scan the whole sheet.
var papers = []struct {
	name        string
	long, short float64 // inches
}{{"A4", 297 / 25.4, 210 / 25.4}, {"Letter", 11, 8.5}}

const paperTolerance = 0.015

// pageDPI is the resolution to use for a page of w×h pixels: its metadata
// when that is credible for a page of this size; else the resolution
// that makes it an A4 or Letter sheet, when it has their proportions;
// else def. A page's size in points, and so every box on it, follows.
// measured is false for def: a guess the paper in a photo may correct.
func pageDPI(meta float64, w, h int, def float64) (dpi float64, measured bool) {
	long, short := float64(max(w, h)), float64(min(w, h))
	if meta >= minDPI && meta <= maxDPI && long/meta <= maxPageInches {
		return meta, true
	}
	if short > 0 {
		for _, p := range papers {
			if math.Abs(long/short/(p.long/p.short)-1) <= paperTolerance {
				if dpi := long / p.long; dpi >= minDPI && dpi <= maxDPI {
					return dpi, true
				}
			}
		}
	}
	return def, false
}
