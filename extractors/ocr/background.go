package ocr

import (
	"image"
	"slices"
)

// A phone photo of a page shows the table around the paper. Contrast
// normalisation turns that smooth dark surround white but the paper's
// edge black, and Tesseract takes a column of amounts beside that black
// band for part of a picture and drops it. whitenSurround finds the
// surround on the page as it was photographed (raw) and whitens it, with
// the paper's edge, on the normalised page (img): both are the same
// size. A scan has no surround, and a dark band printed on the page is
// left alone: its letters are holes in it (see paperCells).
func whitenSurround(img, raw *image.Gray, dpi float64) {
	cell := max(4, int(dpi/20)) // a twentieth of an inch
	paper, cw, ch := paperCells(raw, cell)
	if paper == nil {
		return
	}
	// Normalisation blackened the surround for a few cells beside the
	// paper's edge (its neighbourhoods reach that far): the paper's outer
	// cells go too. Margins are wider than that.
	keep := slices.Clone(paper)
	for y := range ch {
		for x := range cw {
			if paper[y*cw+x] {
				continue
			}
			for dy := -paperEdge; dy <= paperEdge; dy++ {
				for dx := -paperEdge; dx <= paperEdge; dx++ {
					if nx, ny := x+dx, y+dy; nx >= 0 && ny >= 0 && nx < cw && ny < ch {
						keep[ny*cw+nx] = false
					}
				}
			}
		}
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for y := range h {
		row := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y):][:w]
		base := min(y/cell, ch-1) * cw
		for x := range row {
			if !keep[base+min(x/cell, cw-1)] {
				row[x] = 255
			}
		}
	}
}

// paperEdge is how many cells of the paper's edge are whitened with the
// surround.
const paperEdge = 2

// Limits of the surround: its cells are darker than surroundDrop % of the
// paper (a table, not a tinted sidebar printed on the page) and span at
// most surroundSmooth levels (no ink on them); it covers at least
// surroundMin of the page, and encloses at most surroundHoles parts other
// than the paper, with surroundRough cells of them per cell of its own (a
// printed band's letters are many).
const (
	surroundDrop   = 60
	surroundSmooth = 40
	surroundMin    = 0.02
	surroundRough  = 0.005
	surroundHoles  = 3
	// surroundMaxFill is the most of the page pure white cells reached
	// from its border may cover: more is paper, not deskewing's corners.
	surroundMaxFill = 0.3
)

// paperCells marks the cells of the paper in a photo: the largest part
// left by the surround, the smooth dark cells reached from the page's
// border through smooth dark cells. It returns nil when there is no
// surround worth whitening.
func paperCells(raw *image.Gray, cell int) ([]bool, int, int) {
	w, h := raw.Rect.Dx(), raw.Rect.Dy()
	cw, ch := (w+cell-1)/cell, (h+cell-1)/cell
	if cw < 8 || ch < 8 {
		return nil, 0, 0
	}
	sum := make([]int, cw*ch)
	n := make([]int, cw*ch)
	lo := make([]uint8, cw*ch)
	hi := make([]uint8, cw*ch)
	for i := range lo {
		lo[i] = 255
	}
	for y := range h {
		row := raw.Pix[raw.PixOffset(raw.Rect.Min.X, raw.Rect.Min.Y+y):][:w]
		base := (y / cell) * cw
		for x, v := range row {
			c := base + x/cell
			sum[c] += int(v)
			n[c]++
			lo[c], hi[c] = min(lo[c], v), max(hi[c], v)
		}
	}
	mean := make([]int, len(sum))
	for i := range sum {
		mean[i] = sum[i] / n[i]
	}
	sorted := slices.Clone(mean)
	slices.Sort(sorted)
	level := sorted[len(sorted)*9/10]
	dark := func(c int) bool { return mean[c]*100 < level*surroundDrop && int(hi[c])-int(lo[c]) <= surroundSmooth }
	// Deskewing grows the canvas with pure white corners: the surround
	// is reached across them too.
	fill := func(c int) bool { return lo[c] == 255 }
	mask := fromEdges(cw, ch, func(c int) bool { return dark(c) || fill(c) })
	count, filled := 0, 0
	for c, m := range mask {
		if m && fill(c) {
			mask[c] = false
			filled++
		} else if m {
			count++
		}
	}
	if float64(filled) > surroundMaxFill*float64(cw*ch) {
		return nil, 0, 0 // the paper itself is pure white: a rendered page
	}
	if float64(count) < surroundMin*float64(cw*ch) {
		return nil, 0, 0
	}
	// What the surround encloses apart from the paper (the largest
	// part it leaves) are holes in it: the letters of a printed dark band,
	// white on dark. A dark border that holds text is print, not a table.
	label, sizes := parts(mask, cw, ch)
	if len(sizes) == 0 {
		return nil, 0, 0
	}
	big := slices.Index(sizes, slices.Max(sizes)) + 1
	// Parts on the page's border are the rotation's white corners and
	// the like; the others are enclosed by the surround.
	border := map[int]bool{}
	for x := range cw {
		border[label[x]], border[label[(ch-1)*cw+x]] = true, true
	}
	for y := range ch {
		border[label[y*cw]], border[label[y*cw+cw-1]] = true, true
	}
	holes, enclosed := 0, 0
	for id, n := range sizes {
		if id+1 != big && !border[id+1] {
			holes += n
			enclosed++
		}
	}
	if enclosed > surroundHoles || float64(holes) > surroundRough*float64(count) {
		return nil, 0, 0
	}
	paper := make([]bool, len(mask))
	for c, id := range label {
		paper[c] = id == big
	}
	return paper, cw, ch
}

// parts labels the 4-connected parts of the cells mask leaves out (1, 2,
// ...; 0 for masked cells) and returns each part's size, by label - 1.
func parts(mask []bool, cw, ch int) ([]int, []int) {
	label := make([]int, len(mask))
	var sizes []int
	var stack []int
	for c := range mask {
		if mask[c] || label[c] != 0 {
			continue
		}
		sizes = append(sizes, 0)
		id := len(sizes)
		label[c] = id
		stack = append(stack[:0], c)
		for len(stack) > 0 {
			q := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			sizes[id-1]++
			x, y := q%cw, q/cw
			for _, nb := range [4][2]int{{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}} {
				if nb[0] >= 0 && nb[1] >= 0 && nb[0] < cw && nb[1] < ch {
					if r := nb[1]*cw + nb[0]; !mask[r] && label[r] == 0 {
						label[r] = id
						stack = append(stack, r)
					}
				}
			}
		}
	}
	return label, sizes
}
