package ocr

import (
	"encoding/binary"
	xdraw "golang.org/x/image/draw"
	"image"
	"image/color"
	"image/draw"
	"math"
)

// toGray returns img as 8-bit grey with its origin at 0,0. Tesseract
// binarises grey itself, so colour carries nothing it would use, and grey
// is a quarter of the bytes to hand over. Transparent pixels count as
// white paper.
func toGray(img image.Image) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if g, ok := img.(*image.Gray); ok && b.Min == (image.Point{}) {
		return g
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	switch src := img.(type) {
	case *image.Gray:
		for y := range h {
			copy(out.Pix[y*out.Stride:y*out.Stride+w], src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):])
		}
	case *image.YCbCr:
		// JPEG's Y is the luma Tesseract would compute.
		for y := range h {
			copy(out.Pix[y*out.Stride:y*out.Stride+w], src.Y[src.YOffset(b.Min.X, b.Min.Y+y):])
		}
	case *image.RGBA:
		for y := range h {
			s := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			d := out.Pix[y*out.Stride : y*out.Stride+w]
			for x := range d {
				p := s[4*x : 4*x+4 : 4*x+4]
				// Premultiplied: add the white showing through.
				d[x] = clamp8(luma(p[0], p[1], p[2]) + 255 - int(p[3]))
			}
		}
	case *image.NRGBA:
		for y := range h {
			s := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			d := out.Pix[y*out.Stride : y*out.Stride+w]
			for x := range d {
				p := s[4*x : 4*x+4 : 4*x+4]
				a := int(p[3])
				d[x] = uint8((luma(p[0], p[1], p[2])*a + 255*(255-a) + 127) / 255)
			}
		}
	case *image.Paletted:
		var lut [256]uint8
		for i, c := range src.Palette {
			lut[i] = toGray(singlePixel(c)).Pix[0]
		}
		for y := range h {
			s := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			d := out.Pix[y*out.Stride : y*out.Stride+w]
			for x := range d {
				d[x] = lut[s[x]]
			}
		}
	case *image.Gray16:
		for y := range h {
			s := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
			d := out.Pix[y*out.Stride : y*out.Stride+w]
			for x := range d {
				d[x] = s[2*x]
			}
		}
	default:
		// Rare layouts (CMYK, 16-bit colour): the generic path is slow
		// but correct, and alpha is composited on white as above.
		white := image.NewUniform(color.White)
		rgba := image.NewNRGBA(image.Rect(0, 0, w, h))
		draw.Draw(rgba, rgba.Rect, white, image.Point{}, draw.Src)
		draw.Draw(rgba, rgba.Rect, img, b.Min, draw.Over)
		return toGray(rgba)
	}
	return out
}

func singlePixel(c color.Color) image.Image {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	img := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	img.Pix[0], img.Pix[1], img.Pix[2], img.Pix[3] = n.R, n.G, n.B, n.A
	return img
}

// luma is ITU-R 601 luma, as JPEG and Leptonica use.
func luma(r, g, b uint8) int { return (299*int(r) + 587*int(g) + 114*int(b) + 500) / 1000 }

func clamp8(v int) uint8 {
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return uint8(v)
}

// encodeTIFF writes g as an uncompressed 8-bit grey TIFF, one strip.
// Leptonica reads such a TIFF from memory a strip at a time: 7 ms for an
// A4 page at 300 dpi, where a binary PGM (read a byte per fread call)
// took 240 ms, and PNG would have to be inflated.
func encodeTIFF(g *image.Gray) []byte {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	const nTags = 8
	ifd := 8
	dataOff := ifd + 2 + nTags*12 + 4
	out := make([]byte, dataOff+w*h)
	le := binary.LittleEndian
	copy(out, "II*\x00")
	le.PutUint32(out[4:], uint32(ifd))
	le.PutUint16(out[ifd:], nTags)
	p := ifd + 2
	tag := func(id, typ uint16, v uint32) {
		le.PutUint16(out[p:], id)
		le.PutUint16(out[p+2:], typ)
		le.PutUint32(out[p+4:], 1)
		if typ == 3 {
			le.PutUint16(out[p+8:], uint16(v))
		} else {
			le.PutUint32(out[p+8:], v)
		}
		p += 12
	}
	tag(256, 4, uint32(w))       // ImageWidth
	tag(257, 4, uint32(h))       // ImageLength
	tag(258, 3, 8)               // BitsPerSample
	tag(259, 3, 1)               // Compression: none
	tag(262, 3, 1)               // Photometric: black is zero
	tag(273, 4, uint32(dataOff)) // StripOffsets
	tag(278, 4, uint32(h))       // RowsPerStrip
	tag(279, 4, uint32(w*h))     // StripByteCounts
	n := dataOff
	for y := range h {
		i := g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y)
		n += copy(out[n:], g.Pix[i:i+w])
	}
	return out
}

// downscale shrinks g by an integer factor, averaging each f×f block.
func downscale(g *image.Gray, f int) *image.Gray {
	if f <= 1 {
		return g
	}
	w, h := g.Rect.Dx()/f, g.Rect.Dy()/f
	out := image.NewGray(image.Rect(0, 0, w, h))
	sums := make([]int, w)
	for y := range h {
		clear(sums)
		for dy := range f {
			row := g.Pix[(y*f+dy)*g.Stride:]
			for x := range w {
				s := 0
				for _, v := range row[x*f : x*f+f] {
					s += int(v)
				}
				sums[x] += s
			}
		}
		d := out.Pix[y*out.Stride:]
		for x, s := range sums {
			d[x] = uint8(s / (f * f))
		}
	}
	return out
}

// contentBounds is the rectangle holding every mark on g that is darker
// than faint grey, padded by a sixth of an inch so that Tesseract still
// sees the paper around the text. A row or column needs two such pixels:
// one is a speck of dust.
func contentBounds(g *image.Gray, dpi float64) image.Rectangle {
	const faint = 200
	w, h := g.Rect.Dx(), g.Rect.Dy()
	rows := make([]int32, h)
	cols := make([]int32, w)
	for y := range h {
		i := g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y)
		n := int32(0)
		for x, v := range g.Pix[i : i+w] {
			if v < faint {
				cols[x]++
				n++
			}
		}
		rows[y] = n
	}
	first := func(c []int32) int {
		for i, n := range c {
			if n >= 2 {
				return i
			}
		}
		return -1
	}
	last := func(c []int32) int {
		for i := len(c) - 1; i >= 0; i-- {
			if c[i] >= 2 {
				return i
			}
		}
		return -1
	}
	y0, y1, x0, x1 := first(rows), last(rows), first(cols), last(cols)
	if y0 < 0 || x0 < 0 {
		return g.Rect
	}
	pad := int(dpi / 6)
	r := image.Rect(x0-pad, y0-pad, x1+1+pad, y1+1+pad).Add(g.Rect.Min)
	return r.Intersect(g.Rect)
}

// enlarge scales g up by f with Catmull-Rom sampling: sharper edges than
// bilinear, which is what thresholding needs.
func enlarge(g *image.Gray, f float64) *image.Gray {
	b := g.Bounds()
	out := image.NewGray(image.Rect(0, 0, int(float64(b.Dx())*f+0.5), int(float64(b.Dy())*f+0.5)))
	xdraw.CatmullRom.Scale(out, out.Rect, g, b, xdraw.Src, nil)
	return out
}

// normalizeContrast stretches g's grey levels between the local paper
// (the lightest level nearby) and the local ink (the darkest), so that
// light grey text next to paper becomes as dark as black text is: a scan's
// letterhead or footer in grey, toner running low, or a photo's uneven
// light. Tesseract finds text on a binarised page with one threshold, and
// grey text that falls on the paper's side of it is never read.
// Neighbourhoods whose levels differ by less than minContrast hold paper
// alone (its grain, JPEG noise): they are stretched no more than that, so
// the grain stays light. cell is the side of the squares levels are taken
// over, in pixels; each pixel weighs the squares around it.
func normalizeContrast(g *image.Gray, cell int) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	if w == 0 || h == 0 {
		return out
	}
	cw, ch := (w+cell-1)/cell, (h+cell-1)/cell
	lo := make([]int32, cw*ch)
	hi := make([]int32, cw*ch)
	for i := range lo {
		lo[i], hi[i] = 255, 0
	}
	for y := range h {
		row := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w]
		base := (y / cell) * cw
		for cx := range cw {
			l, m := uint8(lo[base+cx]), uint8(hi[base+cx])
			for _, v := range row[cx*cell : min((cx+1)*cell, w)] {
				l, m = min(l, v), max(m, v)
			}
			lo[base+cx], hi[base+cx] = int32(l), int32(m)
		}
	}
	// Widen each square to its neighbours: a bold letter can fill a
	// square, which then holds no paper of its own.
	spread := func(src []int32, pick func(a, b int32) int32) []int32 {
		dst := make([]int32, len(src))
		for cy := range ch {
			for cx := range cw {
				v := src[cy*cw+cx]
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						x, y := cx+dx, cy+dy
						if x >= 0 && y >= 0 && x < cw && y < ch {
							v = pick(v, src[y*cw+x])
						}
					}
				}
				dst[cy*cw+cx] = v
			}
		}
		return dst
	}
	lo = spread(lo, func(a, b int32) int32 { return min(a, b) })
	hi = spread(hi, func(a, b int32) int32 { return max(a, b) })
	// Per square: v' = 255 - (paper - v) * gain, in 8.8 fixed point.
	paper := make([]int32, cw*ch)
	gain := make([]int32, cw*ch)
	for i := range paper {
		paper[i] = hi[i]
		gain[i] = 255 * 256 / max(hi[i]-lo[i], minContrast)
	}
	// Bilinear between square centres keeps the stretch from stepping at
	// square edges, where a step would read as an edge of ink. The
	// weights along x are the same on every row, and each row first
	// blends its two rows of squares: per pixel only the blend along x is
	// left, in integers (the same sums as blending the four corners).
	xs0 := make([]int32, w)
	xs1 := make([]int32, w)
	axs := make([]int32, w)
	for x := range w {
		fx := (float64(x)+0.5)/float64(cell) - 0.5
		x0 := min(max(int(fx), 0), cw-1)
		if fx < 0 {
			x0 = 0
		}
		xs0[x], xs1[x] = int32(x0), int32(min(x0+1, cw-1))
		axs[x] = int32(min(max((fx-float64(x0))*256, 0), 256))
	}
	rowP := make([]int32, cw)
	rowK := make([]int32, cw)
	for y := range h {
		fy := (float64(y)+0.5)/float64(cell) - 0.5
		y0 := min(max(int(math.Floor(fy)), 0), ch-1)
		y1 := min(y0+1, ch-1)
		ay := int32(min(max((fy-float64(y0))*256, 0), 256))
		for cx := range cw {
			rowP[cx] = paper[y0*cw+cx]*(256-ay) + paper[y1*cw+cx]*ay
			rowK[cx] = gain[y0*cw+cx]*(256-ay) + gain[y1*cw+cx]*ay
		}
		src := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w]
		dst := out.Pix[y*out.Stride:][:w]
		for x, v := range src {
			x0, x1, ax := xs0[x], xs1[x], axs[x]
			p := (rowP[x0]*(256-ax) + rowP[x1]*ax) >> 16
			k := (rowK[x0]*(256-ax) + rowK[x1]*ax) >> 16
			d := max(p-int32(v), 0)
			dst[x] = uint8(max(255-(d*k)>>8, 0))
		}
	}
	return out
}

// minContrast is the least difference of levels that is stretched to the
// full range: paper grain and JPEG noise on the corpus's scans span 10 to
// 20 levels, the lightest text 60 to 100 below its paper.
const minContrast = 128

// level is the grey level under which n of hist's pixels lie.
func level(hist []int, n int) uint8 {
	sum := 0
	for v, c := range hist {
		if sum += c; sum > n {
			return uint8(v)
		}
	}
	return 255
}
