package invoice

import (
	"strconv"
	"strings"

	"intake/pipeline"
)

// mendDigit mends the one amount of net, VAT and total that OCR read
// with one digit wrong ("7.178,00" for 7.778,00): the sum of the other
// two differs from it in one digit, and with it the VAT is the net at a
// rate printed on the page. One slipped digit can always be blamed on
// another amount of the three as well (a total one digit off the wrong
// net's sum), so the rate, not the sum alone, decides; when it does not
// single one out, nothing is mended. Only values read by OCR: a native
// invoice that does not add up is a misprint the rules must report.
// An amount printed twice as read (a total repeated as the amount due,
// a fee making up the difference) was read right; so was one OCR was
// sure of, or surer of than of another of the three: an invoice printed
// with a digit wrong reads as surely as one printed right, and its
// arithmetic error is the rules' to report. The page's reading stays as
// raw, and the confidence is halved.
func (x *extraction) mendDigit(fields map[string]pipeline.Field) {
	names := []string{fNet, fVAT, fTotal}
	var v [3]int64
	for i, n := range names {
		c, ok := centsOf(fields[n].Value)
		if !ok || c <= 0 {
			return
		}
		v[i] = c
	}
	if v[0]+v[1] == v[2] {
		return
	}
	rates := x.printedRates()
	var conf [3]float64
	for i, n := range names {
		conf[i] = x.readConf(fields[n])
	}
	fix, to := -1, int64(0)
	for i := range v {
		w := v
		switch i {
		case 0:
			w[0] = v[2] - v[1]
		case 1:
			w[1] = v[2] - v[0]
		case 2:
			w[2] = v[0] + v[1]
		}
		f := fields[names[i]]
		unsure := conf[i] < slipConf && conf[i] < conf[(i+1)%3] && conf[i] < conf[(i+2)%3]
		if !x.readByOCR(f) || !unsure || !oneDigitApart(v[i], w[i]) || !atRate(w[0], w[1], rates) || x.printedTwice(v[i], f) {
			continue
		}
		if fix >= 0 {
			return // two readings fit: neither is sure
		}
		fix, to = i, w[i]
	}
	if fix < 0 {
		return
	}
	f := fields[names[fix]]
	if f.Raw == "" {
		f.Raw = f.Value
	}
	f.Value = amount{cents: to}.String()
	fields[names[fix]] = mended(f, "net + VAT = total, and the VAT is the net at a rate printed on the page, with this amount's one misread digit changed")
}

// slipConf is the OCR confidence under which an amount's digit may have
// slipped. A total misprinted by one digit read at 0.96 on split2's
// photos; the net OCR misread by one, 0.85 (split3).
const slipConf = 0.9

// readConf is the least OCR confidence of the words f was read from; 1
// when it has no place on a page.
func (x *extraction) readConf(f pipeline.Field) float64 {
	c := 1.0
	if f.Box == nil {
		return c
	}
	for _, ln := range x.lay.lines {
		if ln.page != f.Page {
			continue
		}
		for _, w := range ln.words {
			if overlaps(w.box, *f.Box) {
				c = min(c, w.conf)
			}
		}
	}
	return c
}

// printedTwice reports an amount of cents printed somewhere on the pages
// other than where f was read.
func (x *extraction) printedTwice(cents int64, f pipeline.Field) bool {
	for _, a := range x.amounts {
		if a.cents == cents && (f.Box == nil || a.page != f.Page || !overlaps(a.box, *f.Box)) {
			return true
		}
	}
	return false
}

// readByOCR reports a field read from a page OCR read.
func (x *extraction) readByOCR(f pipeline.Field) bool {
	p, ok := x.lay.pages[f.Page]
	return ok && p.Source == pipeline.SourceOCR
}

// oneDigitApart reports two amounts printed with as many digits that
// differ in one of them.
func oneDigitApart(a, b int64) bool {
	sa, sb := strconv.FormatInt(a, 10), strconv.FormatInt(b, 10)
	if len(sa) != len(sb) || a < 0 || b < 0 {
		return false
	}
	diff := 0
	for i := range sa {
		if sa[i] != sb[i] {
			diff++
		}
	}
	return diff == 1
}

// atRate reports a VAT that is the net at one of rates (per cent), to
// the cent either way.
func atRate(net, vat int64, rates []float64) bool {
	for _, r := range rates {
		want := float64(net) * r / 100
		if d := float64(vat) - want; d >= -1.01 && d <= 1.01 {
			return true
		}
	}
	return false
}

// printedRates are the percentages printed on the pages ("25 %",
// "(12%)", "6,0 %"), above 0 and under 100.
func (x *extraction) printedRates() []float64 {
	var out []float64
	for _, ln := range x.lay.lines {
		for i, w := range ln.words {
			t := strings.Trim(w.text, "()")
			if !strings.HasSuffix(t, "%") {
				if i+1 >= len(ln.words) || strings.Trim(ln.words[i+1].text, "()") != "%" {
					continue
				}
			}
			t = strings.Replace(strings.TrimSuffix(t, "%"), ",", ".", 1)
			r, err := strconv.ParseFloat(t, 64)
			if err != nil || r <= 0 || r >= 100 {
				continue
			}
			out = append(out, r)
		}
	}
	return out
}
