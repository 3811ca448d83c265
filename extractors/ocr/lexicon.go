package ocr

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A lexicon is the word list of one Tesseract language: the DAWG (a
// directed acyclic word graph) its traineddata file carries for the LSTM
// recogniser, looked up in place as Tesseract does (dict/dawg.cpp).
type lexicon struct {
	edges     []uint64
	ids       map[rune]uint64 // a letter's unichar id; multi-letter unichars are not needed
	flagShift uint            // where an edge's flags start; its letter lies below
	nodeShift uint            // where the next node starts
}

// Sections of a traineddata file (tessdatamanager.h) and DAWG edge flags
// (dawg.h).
const (
	tessdataLSTMWordDAWG   = 19
	tessdataLSTMUnicharset = 21
	dawgMagic              = 42
	edgeLast               = 1 // the node's last edge
	edgeBackward           = 2
	edgeWordEnd            = 4
)

// loadLexicon reads the word list of the traineddata file at path.
func loadLexicon(path string) (*lexicon, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	var n int32
	if err := binary.Read(f, binary.LittleEndian, &n); err != nil {
		return nil, fmt.Errorf("ocr: lexicon %s: %w", path, err)
	}
	if n <= tessdataLSTMUnicharset || n > 64 {
		return nil, fmt.Errorf("ocr: lexicon %s: %d sections, no LSTM word list", path, n)
	}
	offsets := make([]int64, n)
	if err := binary.Read(f, binary.LittleEndian, offsets); err != nil {
		return nil, fmt.Errorf("ocr: lexicon %s: %w", path, err)
	}
	section := func(i int) (*io.SectionReader, error) {
		start := offsets[i]
		if start < 0 {
			return nil, fmt.Errorf("ocr: lexicon %s: section %d missing", path, i)
		}
		end := fi.Size()
		for _, o := range offsets[i+1:] {
			if o >= 0 {
				end = o
				break
			}
		}
		if end < start || end > fi.Size() {
			return nil, fmt.Errorf("ocr: lexicon %s: section %d out of bounds", path, i)
		}
		return io.NewSectionReader(f, start, end-start), nil
	}
	us, err := section(tessdataLSTMUnicharset)
	if err != nil {
		return nil, err
	}
	ids, err := readUnicharset(us)
	if err != nil {
		return nil, fmt.Errorf("ocr: lexicon %s: %w", path, err)
	}
	ds, err := section(tessdataLSTMWordDAWG)
	if err != nil {
		return nil, err
	}
	var hdr struct {
		Magic    int16
		Unichars int32
		Edges    int32
	}
	if err := binary.Read(ds, binary.LittleEndian, &hdr); err != nil {
		return nil, fmt.Errorf("ocr: lexicon %s: %w", path, err)
	}
	if hdr.Magic != dawgMagic || hdr.Unichars <= 0 || hdr.Edges <= 0 || int64(hdr.Edges)*8 > ds.Size() {
		return nil, fmt.Errorf("ocr: lexicon %s: not a word graph", path)
	}
	edges := make([]uint64, hdr.Edges)
	if err := binary.Read(ds, binary.LittleEndian, edges); err != nil {
		return nil, fmt.Errorf("ocr: lexicon %s: %w", path, err)
	}
	// As Dawg::init: the letter takes as many bits as the unicharset
	// needs, three flags follow, and the next node the rest.
	flagShift := uint(bits.Len32(uint32(hdr.Unichars)))
	return &lexicon{edges: edges, ids: ids, flagShift: flagShift, nodeShift: flagShift + 3}, nil
}

// readUnicharset maps each single-letter unichar to its id: the line
// number after the count line, the unichar being the line's first field.
func readUnicharset(r io.Reader) (map[rune]uint64, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(string(data), "\n")
	if len(lines) < 2 {
		return nil, errors.New("empty unicharset")
	}
	ids := make(map[rune]uint64, len(lines))
	for i, l := range lines[1:] {
		u, _, _ := strings.Cut(l, " ")
		if r, n := utf8.DecodeRuneInString(u); n == len(u) && r != utf8.RuneError {
			ids[r] = uint64(i)
		}
	}
	return ids, nil
}

// has reports whether word, letter for letter, is in the list.
func (x *lexicon) has(word string) bool {
	node := uint64(0)
	rs := []rune(word)
	for i, r := range rs {
		id, ok := x.ids[r]
		if !ok {
			return false
		}
		e, ok := x.edge(node, id, i == len(rs)-1)
		if !ok {
			return false
		}
		if i == len(rs)-1 {
			return true
		}
		node = x.edges[e] >> x.nodeShift
	}
	return false
}

// edge finds the forward edge of node that spells id (ending a word, if
// end), as SquishedDawg::edge_char_of.
func (x *lexicon) edge(node, id uint64, end bool) (uint64, bool) {
	letter := uint64(1)<<x.flagShift - 1
	empty := ^uint64(0) << x.nodeShift
	for e := node; e < uint64(len(x.edges)); e++ {
		rec := x.edges[e]
		if rec == empty {
			return 0, false
		}
		flags := rec >> x.flagShift & 7
		// Not ending a word, the edge must lead on.
		if flags&edgeBackward == 0 && rec&letter == id && (end && flags&edgeWordEnd != 0 || !end && rec>>x.nodeShift != 0) {
			return e, true
		}
		if flags&edgeLast != 0 {
			return 0, false
		}
	}
	return 0, false
}

// lexicons are the word lists of a page's languages.
type lexicons []*lexicon

// loadLexicons reads the word lists of langs from the tessdata folder
// dir, or from where Tesseract's are usually installed. Without them
// words are left as read: the lists are a help, not a need.
func loadLexicons(dir string, langs []string) lexicons {
	dirs := []string{dir}
	if dir == "" {
		dirs = []string{os.Getenv("TESSDATA_PREFIX"), "/usr/share/tesseract-ocr/5/tessdata",
			"/usr/share/tesseract-ocr/4.00/tessdata", "/usr/local/share/tessdata", "/usr/share/tessdata"}
	}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		var out lexicons
		for _, l := range langs {
			x, err := loadLexicon(filepath.Join(d, l+".traineddata"))
			if err != nil {
				break
			}
			out = append(out, x)
		}
		if len(out) == len(langs) {
			return out
		}
	}
	return nil
}

// known reports a word any list holds as read, in lower case, or with
// only its first letter a capital (lists hold "kommun", names "Sjöhamra").
func (ls lexicons) known(w string) bool {
	low := strings.ToLower(w)
	first, n := utf8.DecodeRuneInString(low)
	title := strings.ToUpper(string(first)) + low[n:]
	for _, x := range ls {
		if x.has(w) || x.has(low) || x.has(title) {
			return true
		}
	}
	return false
}

// maxRespell is more letters than any word in the dan, swe and eng
// lists (16 at most).
const maxRespell = 40

// vowelKin are the letters OCR takes for one another: the dots of ä read
// as å's ring, ø's stroke lost, é's accent.
var vowelKin = []string{"aåäæà", "oöøó", "eé", "uü", "AÅÄÆÀ", "OÖØÓ", "EÉ", "UÜ"}

// respell gives a word no list holds the one spelling a list does hold
// that differs from it in one or two such vowels: "Saljare" is
// "Säljare", "Radhuspladsen" "Rådhuspladsen". Words of fewer than five
// letters are left, since their near neighbours are many; so are words
// with two such spellings, and words with anything but letters inside
// (e-mail addresses, ids). Words longer than any list's are left too:
// their spellings grow with the square of their vowels, and a garbled
// page can read a row of ink as a "word" of hundreds of letters.
func (ls lexicons) respell(w string) string {
	i := strings.IndexFunc(w, unicode.IsLetter)
	j := strings.LastIndexFunc(w, unicode.IsLetter)
	if len(ls) == 0 || i < 0 {
		return w
	}
	_, n := utf8.DecodeRuneInString(w[j:])
	core := w[i : j+n]
	rs := []rune(core)
	if len(rs) < 5 || len(rs) > maxRespell || strings.ContainsFunc(core, func(r rune) bool { return !unicode.IsLetter(r) }) || ls.known(core) {
		return w
	}
	var at []int // places of vowels with kin
	for k, r := range rs {
		if kin(r) != "" {
			at = append(at, k)
		}
	}
	// Each spelling with one vowel changed, or two; false once two
	// known spellings are found.
	found := ""
	var vary func(v []rune, from, changes int) bool
	vary = func(v []rune, from, changes int) bool {
		for _, p := range at[from:] {
			from++
			was := v[p]
			for _, x := range kin(was) {
				if x == was {
					continue
				}
				v[p] = x
				if s := string(v); ls.known(s) {
					if found != "" && found != s {
						return false
					}
					found = s
				}
				if changes > 1 && !vary(v, from, changes-1) {
					return false
				}
			}
			v[p] = was
		}
		return true
	}
	if !vary(slices.Clone(rs), 0, 2) || found == "" {
		return w
	}
	return w[:i] + found + w[j+n:]
}

func kin(r rune) string {
	for _, k := range vowelKin {
		if strings.ContainsRune(k, r) {
			return k
		}
	}
	return ""
}
