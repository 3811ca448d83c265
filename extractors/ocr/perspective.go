package ocr

import (
	"image"
	"math"
)

// A phone photo shows the page in perspective: the paper is a quadrangle,
// not a rectangle, and its lines slope by a degree or more differently at
// the top and the bottom (or the left and the right). Deskewing turns the
// page by one angle, so the lines at one end stay askew, and Tesseract
// then breaks a table's rows apart or drops a column. paperQuad finds the
// paper's four edges against the surround (see paperCells), and turn maps
// the quadrangle they make back onto a rectangle (quad.warp), as a flatbed
// scan would have seen the page. paperQuad is nil for a scan, a photo
// without a surround on every side, or paper that is already rectangular
// (only turned): turn then deskews as for a scan.
func paperQuad(g *image.Gray, dpi float64) *quad {
	cell := max(4, int(dpi/20))
	paper, cw, ch := paperCells(g, cell)
	if paper == nil {
		return nil
	}
	var lines [4]edgeLine
	for s := range lines {
		l, ok := fitEdge(g, paper, cw, ch, cell, s)
		if !ok {
			return nil
		}
		lines[s] = l
	}
	// Opposite sides that are parallel are a rectangle turned: deskew's
	// work, on the unresampled page.
	if max(math.Abs(lines[sideLeft].angle()-lines[sideRight].angle()),
		math.Abs(lines[sideTop].angle()-lines[sideBottom].angle())) < minPerspectiveDeg {
		return nil
	}
	q := &quad{inset: float64(cell)}
	q.p = [4][2]float64{
		corner(lines[sideLeft], lines[sideTop]),
		corner(lines[sideRight], lines[sideTop]),
		corner(lines[sideRight], lines[sideBottom]),
		corner(lines[sideLeft], lines[sideBottom]),
	}
	w, h := float64(g.Rect.Dx()), float64(g.Rect.Dy())
	for _, p := range q.p {
		if p[0] < -q.inset || p[1] < -q.inset || p[0] > w+q.inset || p[1] > h+q.inset {
			return nil
		}
	}
	if quadArea(q.p) < minPaperShare*w*h || inkOutside(g, lines, cell) {
		return nil
	}
	return q
}

// inkOutside reports print outside the sides found: a dark band along
// the paper's edge (a letterhead) that was taken for the surround, whose
// text rectifying would cut off. The surround is smooth: cells more than
// a cell and a half outside the sides that span more grey levels than the
// surround may are print.
func inkOutside(g *image.Gray, lines [4]edgeLine, cell int) bool {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	m := 1.5 * float64(cell)
	rough, outside := 0, 0
	for y0 := 0; y0+cell <= h; y0 += cell {
		for x0 := 0; x0+cell <= w; x0 += cell {
			x, y := float64(x0)+float64(cell)/2, float64(y0)+float64(cell)/2
			if x > lines[sideLeft].a*y+lines[sideLeft].b-m && x < lines[sideRight].a*y+lines[sideRight].b+m &&
				y > lines[sideTop].a*x+lines[sideTop].b-m && y < lines[sideBottom].a*x+lines[sideBottom].b+m {
				continue
			}
			outside++
			lo, hi := uint8(255), uint8(0)
			for yy := y0; yy < y0+cell; yy++ {
				for _, v := range g.Pix[g.PixOffset(g.Rect.Min.X+x0, g.Rect.Min.Y+yy):][:cell] {
					lo, hi = min(lo, v), max(hi, v)
				}
			}
			if int(hi)-int(lo) > surroundSmooth {
				rough++
			}
		}
	}
	return rough > max(3, outside/200)
}

// quad is the paper in a photo: its corners (top left, top right, bottom
// right, bottom left) in pixels, and how far inside them the rectified
// page begins, leaving out the surround's last sliver along the edges.
type quad struct {
	p     [4][2]float64
	inset float64
}

const (
	// minPerspectiveDeg is the least difference in slope between
	// opposite edges of the paper that is rectified: over a line as
	// wide as the page, half a degree moves its ends by a third of a
	// line's height at 300 dpi.
	minPerspectiveDeg = 0.5
	// minPaperShare is the least part of the photo the paper covers.
	minPaperShare = 0.25
)

const (
	sideLeft = iota
	sideRight
	sideTop
	sideBottom
)

// edgeLine is one side of the paper: for the left and right sides
// x = a·y + b, for the top and bottom y = a·x + b, in pixels.
type edgeLine struct{ a, b float64 }

func (l edgeLine) angle() float64 { return math.Atan(l.a) * 180 / math.Pi }

// corner is where a left or right side meets the top or bottom.
func corner(side, end edgeLine) [2]float64 {
	x := (side.a*end.b + side.b) / (1 - side.a*end.a)
	return [2]float64{x, end.a*x + end.b}
}

// fitEdge finds one side of the paper: across each row (left, right) or
// column (top, bottom) of cells through the middle of the paper, where
// the surround turns to paper to the pixel, and a straight line through
// those points. It fails when too few rows show the change, or when the
// paper runs off the photo on that side.
func fitEdge(g *image.Gray, paper []bool, cw, ch, cell, side int) (edgeLine, bool) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	across, along := ch, cw // lines across the side, cells along each
	if side >= sideTop {
		across, along = cw, ch
	}
	isPaper := func(i, j int) bool { // i: line across, j: cell along it
		if side >= sideTop {
			return paper[j*cw+i]
		}
		return paper[i*cw+j]
	}
	// The lines through the paper, and its first and last.
	first, last := -1, -1
	for i := range across {
		for j := range along {
			if isPaper(i, j) {
				if first < 0 {
					first = i
				}
				last = i
				break
			}
		}
	}
	if first < 0 {
		return edgeLine{}, false
	}
	// Away from the corners, where the side turns into the next.
	span := last - first
	lo, hi := first+span/6, last-span/6
	var ts, ps []float64 // position along the side, edge across it
	offPhoto := 0
	for i := lo; i <= hi; i++ {
		j := -1
		for k := range along {
			kk := k
			if side == sideRight || side == sideBottom {
				kk = along - 1 - k
			}
			if isPaper(i, kk) {
				j = kk
				break
			}
		}
		if j < 0 {
			continue
		}
		if j == 0 || j == along-1 {
			offPhoto++
			continue
		}
		// Scan from two cells outside to two inside, along the pixel
		// line through the middle of this row of cells.
		t, n := i*cell+cell/2, w // the pixel line, and the length of a scan along it
		if side >= sideTop {
			t, n = min(t, w-1), h
		} else {
			t = min(t, h-1)
		}
		at := func(p int) (int, bool) {
			if p < 0 || p >= n {
				return 0, false
			}
			if side >= sideTop {
				return int(g.Pix[g.PixOffset(g.Rect.Min.X+t, g.Rect.Min.Y+p)]), true
			}
			return int(g.Pix[g.PixOffset(g.Rect.Min.X+p, g.Rect.Min.Y+t)]), true
		}
		step, from, to := 1, (j-2)*cell, (j+2)*cell
		if side == sideRight || side == sideBottom {
			step, from, to = -1, (j+3)*cell-1, (j-1)*cell
		}
		p, ok := edgeCrossing(at, from, to, step)
		if ok {
			ts, ps = append(ts, float64(t)), append(ps, float64(p))
		}
	}
	if offPhoto*5 > hi-lo+1 || len(ts) < minEdgePoints {
		return edgeLine{}, false
	}
	return fitLine(ts, ps, 1.5*float64(cell))
}

// minEdgePoints is the fewest points a side is fitted through.
const minEdgePoints = 6

// edgeCrossing is where, going from `from` towards `to`, the grey level
// first reaches halfway between the surround's (the mean of the first
// few pixels) and the paper's (the last few).
func edgeCrossing(at func(int) (int, bool), from, to, step int) (int, bool) {
	mean := func(p0 int, dir int) (int, bool) {
		s, n := 0, 0
		for k := range 4 {
			if v, ok := at(p0 + dir*k); ok {
				s += v
				n++
			}
		}
		if n == 0 {
			return 0, false
		}
		return s / n, true
	}
	out, ok1 := mean(from, step)
	in, ok2 := mean(to, -step)
	if !ok1 || !ok2 || in-out < minEdgeContrast {
		return 0, false
	}
	mid := (out + in) / 2
	for p := from; p != to; p += step {
		if v, ok := at(p); ok && v >= mid {
			return p, true
		}
	}
	return 0, false
}

// minEdgeContrast is how much lighter than the surround the paper must
// be where an edge point is taken.
const minEdgeContrast = 20

// fitLine fits p = a·t + b by least squares, then again without the
// points further than tol from the first fit (a finger, a shadow), which
// must be few.
func fitLine(ts, ps []float64, tol float64) (edgeLine, bool) {
	fit := func(keep func(int) bool) (edgeLine, int) {
		var n, st, sp, stt, stp float64
		for i := range ts {
			if keep(i) {
				n++
				st += ts[i]
				sp += ps[i]
				stt += ts[i] * ts[i]
				stp += ts[i] * ps[i]
			}
		}
		d := n*stt - st*st
		if n < minEdgePoints || d == 0 {
			return edgeLine{}, int(n)
		}
		a := (n*stp - st*sp) / d
		return edgeLine{a: a, b: (sp - a*st) / n}, int(n)
	}
	l, n := fit(func(int) bool { return true })
	if n < minEdgePoints {
		return edgeLine{}, false
	}
	// Twice: the first line leans towards the outliers, so the second
	// pass keeps only the points close to a line fitted without them.
	for _, t := range []float64{tol, max(3, tol/3)} {
		prev := l
		l, n = fit(func(i int) bool { return math.Abs(prev.a*ts[i]+prev.b-ps[i]) <= t })
		if n < minEdgePoints {
			return edgeLine{}, false
		}
	}
	// An edge that is not one straight line is not the paper's: print
	// along it (a dark letterhead's letters) took its place in places.
	return l, n >= minEdgePoints && float64(n) >= minEdgeInliers*float64(len(ts))
}

// minEdgeInliers is the least share of a side's points on its line.
const minEdgeInliers = 0.85

// quadArea is the area of the quadrangle q (shoelace formula).
func quadArea(q [4][2]float64) float64 {
	s := 0.0
	for i := range q {
		j := (i + 1) % 4
		s += q[i][0]*q[j][1] - q[j][0]*q[i][1]
	}
	return math.Abs(s) / 2
}

// size is the rectified page's size in pixels at zoom 1: its longer
// opposite sides, less the inset.
func (q *quad) size() (int, int) {
	dist := func(a, b [2]float64) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }
	w := max(dist(q.p[0], q.p[1]), dist(q.p[3], q.p[2])) - 2*q.inset
	h := max(dist(q.p[0], q.p[3]), dist(q.p[1], q.p[2])) - 2*q.inset
	return max(1, int(math.Round(w))), max(1, int(math.Round(h)))
}

// paperDPI is the photo's resolution on the paper: the rectified page's
// short side over an A4 sheet's width, when its proportions are a
// sheet's. A camera's metadata says nothing about how far the page was,
// and a default of 300 dpi makes a page photographed at 130 dpi less
// than half its size: a stamp too small to be one, a page's margins and
// rules misjudged. The short side, because a camera tilted to take the
// page foreshortens or stretches its length by a tenth and more; Letter
// is 3 % wider than A4.
func (q *quad) paperDPI() (float64, bool) {
	if q == nil {
		return 0, false
	}
	w, h := q.size()
	long, short := float64(max(w, h)), float64(min(w, h))
	if r := long / short; r < minSheetRatio || r > maxSheetRatio {
		return 0, false
	}
	dpi := short / (210 / 25.4)
	return dpi, dpi >= minDPI && dpi <= maxDPI
}

// Proportions of a photographed sheet: Letter is 1.29, A4 1.41, and
// perspective adds up to a fifth either way.
const minSheetRatio, maxSheetRatio = 1.15, 1.75

// warp maps the quadrangle in g onto an upright rectangle of its size
// enlarged by zoom, in one resampling (Catmull-Rom, as enlarge): a
// second would blur small grey letters further.
func (q *quad) warp(g *image.Gray, zoom float64) *image.Gray {
	w0, h0 := q.size()
	W, H := max(1, int(float64(w0)*zoom+0.5)), max(1, int(float64(h0)*zoom+0.5))
	m := squareToQuad(q.p)
	out := image.NewGray(image.Rect(0, 0, W, H))
	fw, fh := float64(w0)+2*q.inset, float64(h0)+2*q.inset
	for y := range H {
		v := (float64(y)/zoom + q.inset + 0.5/zoom) / fh
		row := out.Pix[y*out.Stride:][:W]
		for x := range row {
			u := (float64(x)/zoom + q.inset + 0.5/zoom) / fw
			sx, sy := m.apply(u, v)
			row[x] = bicubic(g, sx-0.5, sy-0.5)
		}
	}
	return out
}

// homography maps the unit square onto a quadrangle (Heckbert,
// Fundamentals of Texture Mapping and Image Warping, 1989, §2.2.3).
type homography struct{ a, b, c, d, e, f, g, h float64 }

func squareToQuad(q [4][2]float64) homography {
	x0, y0, x1, y1 := q[0][0], q[0][1], q[1][0], q[1][1]
	x2, y2, x3, y3 := q[2][0], q[2][1], q[3][0], q[3][1]
	dx1, dx2, dx3 := x1-x2, x3-x2, x0-x1+x2-x3
	dy1, dy2, dy3 := y1-y2, y3-y2, y0-y1+y2-y3
	var m homography
	if den := dx1*dy2 - dx2*dy1; den != 0 {
		m.g = (dx3*dy2 - dx2*dy3) / den
		m.h = (dx1*dy3 - dx3*dy1) / den
	}
	m.a, m.b, m.c = x1-x0+m.g*x1, x3-x0+m.h*x3, x0
	m.d, m.e, m.f = y1-y0+m.g*y1, y3-y0+m.h*y3, y0
	return m
}

func (m homography) apply(u, v float64) (float64, float64) {
	w := m.g*u + m.h*v + 1
	return (m.a*u + m.b*v + m.c) / w, (m.d*u + m.e*v + m.f) / w
}

// bicubic samples g at (x, y), in pixels from its origin, with the
// Catmull-Rom kernel; outside g is paper white.
func bicubic(g *image.Gray, x, y float64) uint8 {
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if x0 < 1 || y0 < 1 || x0+2 >= w || y0+2 >= h {
		return 255
	}
	wx, wy := catmullRom(x-float64(x0)), catmullRom(y-float64(y0))
	i := g.PixOffset(g.Rect.Min.X+x0-1, g.Rect.Min.Y+y0-1)
	v := 0.0
	for r := range 4 {
		row := g.Pix[i+r*g.Stride:][:4]
		v += wy[r] * (wx[0]*float64(row[0]) + wx[1]*float64(row[1]) + wx[2]*float64(row[2]) + wx[3]*float64(row[3]))
	}
	return clamp8(int(math.Round(v)))
}

// catmullRom is the kernel's four weights for the pixels at -1, 0, 1, 2
// around a point t (0..1) past pixel 0.
func catmullRom(t float64) [4]float64 {
	t2, t3 := t*t, t*t*t
	return [4]float64{
		(-t3 + 2*t2 - t) / 2,
		(3*t3 - 5*t2 + 2) / 2,
		(-3*t3 + 4*t2 + t) / 2,
		(t3 - t2) / 2,
	}
}
