package ocr

import (
	"context"
	"image"
	"slices"
	"testing"

	"github.com/otiai10/gosseract/v2"
)

func TestFailingIDs(t *testing.T) {
	boxes := []gosseract.BoundingBox{
		{Word: "559426-6784"},    // valid
		{Word: "539426-6784"},    // a digit misread
		{Word: "(539426-6784),"}, // the same, in prose
		{Word: "19930512-9950"},  // a valid personnummer
		{Word: "19930512-9951"},  // one that fails
		{Word: "2024-03-21"},     // a date
		{Word: "068-098"},        // a phone number's part
	}
	if got, want := failingIDs(boxes), []int{1, 2, 4}; !slices.Equal(got, want) {
		t.Errorf("failingIDs = %v, want %v", got, want)
	}
}

// TestRereadIDs reads with real Tesseract an organisation number whose
// page reading failed its check digit: read again, it holds, and is
// taken; a number printed wrong reads the same again and stays.
func TestRereadIDs(t *testing.T) {
	const dpi = 200
	e := newTestEngine(t, nil)
	c, err := e.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer e.release(c)
	for _, tc := range []struct{ printed, read, want string }{
		{"559426-6784", "539426-6784", "559426-6784"},
		{"559426-6785", "559426-6785", "559426-6785"},
	} {
		page, first := testPage(t, []string{tc.printed + " Org.nr"}, 7, dpi, 420, 200)
		px := func(pt float64) int { return int(pt * dpi / 72) }
		r := image.Rect(px(first[0]), px(first[1]), px(first[2]), px(first[3]))
		boxes := []gosseract.BoundingBox{{Box: r, Word: tc.read, Confidence: 60}}
		got := rereadIDs(c, page, boxes, failingIDs(boxes), dpi)
		if got[0].Word != tc.want || got[0].Box != r {
			t.Errorf("%s read as %s: read again %+v, want %s in the same box", tc.printed, tc.read, got[0], tc.want)
		}
	}
	if v := c.Variables["tessedit_pageseg_mode"]; v != "3" {
		t.Errorf("page segmentation mode left at %q", v)
	}
}
