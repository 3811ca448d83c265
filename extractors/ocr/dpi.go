package ocr

import (
	"bytes"
	"encoding/binary"
)

// pngDPI reads the pHYs chunk of a PNG; 0 when there is none or its unit
// is not the metre.
func pngDPI(data []byte) float64 {
	p := 8
	for p+12 <= len(data) {
		n := int(binary.BigEndian.Uint32(data[p:]))
		typ := string(data[p+4 : p+8])
		if n < 0 || p+12+n > len(data) || typ == "IDAT" {
			return 0
		}
		if typ == "pHYs" && n == 9 {
			c := data[p+8:]
			if c[8] != 1 {
				return 0
			}
			return float64(binary.BigEndian.Uint32(c)) * 0.0254
		}
		p += 12 + n
	}
	return 0
}

// jpegDPI reads the resolution from a JPEG's JFIF header or Exif block,
// JFIF first; 0 when neither gives one in absolute units.
func jpegDPI(data []byte) float64 {
	exif := 0.0
	p := 2
	for p+4 <= len(data) && data[p] == 0xFF {
		marker := data[p+1]
		if marker == 0xDA || marker == 0xD9 { // image data starts
			break
		}
		n := int(binary.BigEndian.Uint16(data[p+2:]))
		if n < 2 || p+2+n > len(data) {
			break
		}
		seg := data[p+4 : p+2+n]
		switch {
		case marker == 0xE0 && bytes.HasPrefix(seg, []byte("JFIF\x00")) && len(seg) >= 12:
			x := float64(binary.BigEndian.Uint16(seg[8:]))
			switch seg[7] {
			case 1:
				return x
			case 2:
				return x * 2.54
			}
		case marker == 0xE1 && exif == 0:
			exif = exifDPI(seg)
		}
		p += 2 + n
	}
	return exif
}
