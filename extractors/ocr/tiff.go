package ocr

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// TIFF tags read here.
const (
	tagXResolution    = 0x011A
	tagResolutionUnit = 0x0128
)

// tiffFile is the directory structure of a TIFF (or of the TIFF inside a
// JPEG's Exif block): enough to find its pages and their resolution.
type tiffFile struct {
	data  []byte
	order binary.ByteOrder
}

func parseTIFF(data []byte) (tiffFile, uint32, error) {
	if len(data) < 8 {
		return tiffFile{}, 0, errors.New("tiff: header truncated")
	}
	t := tiffFile{data: data}
	switch string(data[:4]) {
	case "II*\x00":
		t.order = binary.LittleEndian
	case "MM\x00*":
		t.order = binary.BigEndian
	default:
		return tiffFile{}, 0, errors.New("tiff: bad header")
	}
	return t, t.order.Uint32(data[4:8]), nil
}

// pages lists the offsets of the image directories, one per page. It
// stops after limit+1 pages so the caller can tell "over the limit", and
// refuses directory chains that loop or leave the file.
func (t tiffFile) pages(first uint32, limit int) ([]uint32, error) {
	var offs []uint32
	seen := map[uint32]bool{}
	for off := first; off != 0 && len(offs) <= limit; {
		if seen[off] {
			return offs, errors.New("tiff: directory chain loops")
		}
		seen[off] = true
		n, ok := t.u16(int64(off))
		end := int64(off) + 2 + 12*int64(n)
		if !ok || end+4 > int64(len(t.data)) {
			return offs, fmt.Errorf("tiff: directory at %d leaves the file", off)
		}
		offs = append(offs, off)
		off = t.order.Uint32(t.data[end : end+4])
	}
	return offs, nil
}

func (t tiffFile) u16(off int64) (uint16, bool) {
	if off < 0 || off+2 > int64(len(t.data)) {
		return 0, false
	}
	return t.order.Uint16(t.data[off:]), true
}

// dpi reads the horizontal resolution of the directory at off; 0 when it
// is missing or unusable.
func (t tiffFile) dpi(off uint32) float64 {
	n, ok := t.u16(int64(off))
	if !ok {
		return 0
	}
	var res float64
	unit := uint16(2) // inches, the TIFF default
	for i := range int64(n) {
		e := int64(off) + 2 + 12*i
		if e+12 > int64(len(t.data)) {
			return 0
		}
		tag, typ := t.order.Uint16(t.data[e:]), t.order.Uint16(t.data[e+2:])
		switch {
		case tag == tagXResolution && typ == 5: // RATIONAL, stored at an offset
			p := int64(t.order.Uint32(t.data[e+8:]))
			if p < 0 || p+8 > int64(len(t.data)) {
				return 0
			}
			num, den := t.order.Uint32(t.data[p:]), t.order.Uint32(t.data[p+4:])
			if den != 0 {
				res = float64(num) / float64(den)
			}
		case tag == tagResolutionUnit && typ == 3: // SHORT, inline
			unit = t.order.Uint16(t.data[e+8:])
		}
	}
	switch unit {
	case 2:
		return res
	case 3:
		return res * 2.54
	}
	return 0 // unit 1: no absolute unit, an aspect ratio only
}

// pageReader presents one page of a multi-page TIFF as a TIFF of its own
// to golang.org/x/image/tiff, which decodes only the first directory: the
// header's first-directory offset is replaced, nothing is copied.
type pageReader struct {
	head [8]byte
	data []byte
	pos  int64
}

func newPageReader(t tiffFile, ifd uint32) *pageReader {
	r := &pageReader{data: t.data}
	copy(r.head[:], t.data[:8])
	t.order.PutUint32(r.head[4:], ifd)
	return r
}

func (r *pageReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("tiff: negative offset")
	}
	if off >= int64(len(r.data)) {
		return 0, io.EOF
	}
	n := copy(p, r.data[off:])
	if off < 8 {
		copy(p, r.head[off:])
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (r *pageReader) Read(p []byte) (int, error) {
	n, err := r.ReadAt(p, r.pos)
	r.pos += int64(n)
	return n, err
}

// exifDPI reads the resolution from a JPEG's Exif block (a TIFF inside
// APP1), as phones and many scanners write it.
func exifDPI(app1 []byte) float64 {
	body, ok := bytes.CutPrefix(app1, []byte("Exif\x00\x00"))
	if !ok {
		return 0
	}
	t, first, err := parseTIFF(body)
	if err != nil {
		return 0
	}
	return t.dpi(first)
}
