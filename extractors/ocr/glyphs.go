package ocr

import "slices"

// Glyph sizes, in pixels of the analysis copy (about 140 dpi on A4),
// that can be letters: from a 6 pt lower-case letter to a 30 pt capital.
const (
	minGlyph = 3
	maxGlyph = 60
)

// glyphNeighbours looks at the letters of a page as connected blobs of
// ink and counts, for each, whether its nearest neighbour lies beside it
// or above or below it (Docstrum). Letters of a word sit side by side,
// closer than the lines sit to each other, so in text the count of side
// neighbours wins by several times whatever the page holds besides: the
// columns of a table line up vertically but their letters still sit side
// by side, which fooled projection profiles.
func glyphNeighbours(mask []bool, w, h int) (beside, above int, size float64) {
	boxes := blobs(mask, w, h)
	// Centres of the blobs that can be letters, bucketed for the search.
	const cell = maxGlyph
	type pt struct{ x, y int32 }
	grid := map[[2]int32][]pt{}
	var pts []pt
	var heights, widths []int32
	for _, b := range boxes {
		bw, bh := b.x1-b.x0+1, b.y1-b.y0+1
		if bh < minGlyph || bh > maxGlyph || bw > maxGlyph {
			continue
		}
		heights, widths = append(heights, bh), append(widths, bw)
		c := pt{(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2}
		pts = append(pts, c)
		k := [2]int32{c.x / cell, c.y / cell}
		grid[k] = append(grid[k], c)
	}
	for _, c := range pts {
		best, bdx, bdy := int32(1<<30), int32(0), int32(0)
		for gy := c.y/cell - 1; gy <= c.y/cell+1; gy++ {
			for gx := c.x/cell - 1; gx <= c.x/cell+1; gx++ {
				for _, o := range grid[[2]int32{gx, gy}] {
					dx, dy := o.x-c.x, o.y-c.y
					if d := dx*dx + dy*dy; d > 0 && d < best {
						best, bdx, bdy = d, dx, dy
					}
				}
			}
		}
		if best == 1<<30 {
			continue
		}
		if abs32(bdx) > abs32(bdy) {
			beside++
		} else {
			above++
		}
	}
	// A letter's size across its line: its height, or its width when the
	// lines run down the page.
	across := heights
	if above > beside {
		across = widths
	}
	if len(across) > 0 {
		slices.Sort(across)
		size = float64(across[len(across)/2])
	}
	return beside, above, size
}

func abs32(v int32) int32 {
	if v < 0 {
		return -v
	}
	return v
}

// A blob is one connected patch of ink: its bounds (inclusive) and its
// pixel count.
type blob struct {
	x0, y0, x1, y1 int32
	n              int32
}

// blobs finds the 8-connected patches of mask, a w×h image row by row.
func blobs(mask []bool, w, h int) []blob {
	labels := make([]int32, w*h)
	var out []blob
	var stack []int32
	for p, m := range mask {
		if !m || labels[p] != 0 {
			continue
		}
		id := int32(len(out) + 1)
		b := blob{int32(p % w), int32(p / w), int32(p % w), int32(p / w), 0}
		stack = append(stack[:0], int32(p))
		labels[p] = id
		for len(stack) > 0 {
			q := int(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
			x, y := int32(q%w), int32(q/w)
			b.x0, b.y0, b.x1, b.y1 = min(b.x0, x), min(b.y0, y), max(b.x1, x), max(b.y1, y)
			b.n++
			for dy := int32(-1); dy <= 1; dy++ {
				for dx := int32(-1); dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= int32(w) || ny >= int32(h) {
						continue
					}
					if n := int(ny)*w + int(nx); mask[n] && labels[n] == 0 {
						labels[n] = id
						stack = append(stack, int32(n))
					}
				}
			}
		}
		out = append(out, b)
	}
	return out
}
