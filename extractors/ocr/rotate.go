package ocr

import (
	"image"
	"math"
)

// rotateQuarter and rotateSmall read from the origin: give them an image
// that starts there.
func atOrigin(g *image.Gray) *image.Gray {
	if g.Rect.Min == (image.Point{}) {
		return g
	}
	return toGray(g)
}

// rotateQuarter turns g clockwise by q quarter turns (0..3).
func rotateQuarter(g *image.Gray, q int) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	switch q & 3 {
	case 0:
		return g
	case 2:
		out := image.NewGray(image.Rect(0, 0, w, h))
		for y := range h {
			s := g.Pix[y*g.Stride : y*g.Stride+w]
			d := out.Pix[(h-1-y)*out.Stride:]
			for x, v := range s {
				d[w-1-x] = v
			}
		}
		return out
	}
	out := image.NewGray(image.Rect(0, 0, h, w))
	cw := q&3 == 1
	// Tiles keep both images' rows in cache: a plain transpose of a
	// 300 dpi page misses the cache on nearly every write.
	const tile = 64
	for y0 := 0; y0 < h; y0 += tile {
		for x0 := 0; x0 < w; x0 += tile {
			for y := y0; y < min(y0+tile, h); y++ {
				s := g.Pix[y*g.Stride:]
				for x := x0; x < min(x0+tile, w); x++ {
					if cw { // (x,y) → (h-1-y, x)
						out.Pix[x*out.Stride+h-1-y] = s[x]
					} else { // (x,y) → (y, w-1-x)
						out.Pix[(w-1-x)*out.Stride+y] = s[x]
					}
				}
			}
		}
	}
	return out
}

// rotateSmall turns g by deg degrees (positive is clockwise on screen)
// about its centre onto a canvas grown to hold every corner, filling with
// white, with bilinear sampling. Growing the canvas keeps the corners of
// a skewed page for Tesseract; layout centres the page on it again.
func rotateSmall(g *image.Gray, deg float64) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	rad := deg * math.Pi / 180
	sin, cos := math.Sin(rad), math.Cos(rad)
	nw := int(math.Ceil(math.Abs(float64(w)*cos) + math.Abs(float64(h)*sin)))
	nh := int(math.Ceil(math.Abs(float64(w)*sin) + math.Abs(float64(h)*cos)))
	out := image.NewGray(image.Rect(0, 0, nw, nh))
	cx, cy := float64(w)/2, float64(h)/2
	ncx, ncy := float64(nw)/2, float64(nh)/2
	// Inverse mapping in 16.16 fixed point: for each output pixel the
	// source position moves by (cos, -sin) per step along the row.
	const one = 1 << 16
	dxs, dys := int64(cos*one), int64(-sin*one)
	for y := range nh {
		fy := float64(y) + 0.5 - ncy
		fx := 0.5 - ncx
		sx := int64((cos*fx + sin*fy + cx - 0.5) * one)
		sy := int64((-sin*fx + cos*fy + cy - 0.5) * one)
		d := out.Pix[y*out.Stride : y*out.Stride+nw]
		for x := range d {
			ix, iy := sx>>16, sy>>16
			if ix < 0 || iy < 0 || ix >= int64(w-1) || iy >= int64(h-1) {
				d[x] = 255
			} else {
				ax, ay := sx&(one-1), sy&(one-1)
				p := g.Pix[int(iy)*g.Stride+int(ix):]
				q := g.Pix[int(iy+1)*g.Stride+int(ix):]
				top := int64(p[0])*(one-ax) + int64(p[1])*ax
				bot := int64(q[0])*(one-ax) + int64(q[1])*ax
				d[x] = uint8((top*(one-ay) + bot*ay + (1 << 31)) >> 32)
			}
			sx += dxs
			sy += dys
		}
	}
	return out
}
