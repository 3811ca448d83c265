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

// known reports a word any list holds.
func (ls lexicons) known(w string) bool {
	return slices.ContainsFunc(ls, func(x *lexicon) bool { return x.knows(w) })
}

// knows reports whether the list holds w as read, in lower case, or with
// only its first letter a capital (lists hold "kommun", names "Sjöhamra").
func (x *lexicon) knows(w string) bool {
	low := strings.ToLower(w)
	first, n := utf8.DecodeRuneInString(low)
	title := strings.ToUpper(string(first)) + low[n:]
	return x.has(w) || x.has(low) || x.has(title)
}

// maxRespell is more letters than any word in the dan, swe and eng
// lists (16 at most), and maxRespellVowels more vowels than a compound
// of two such words has ("utbildningsförvaltningen" has 8). The
// spellings tried grow with the square of the vowels, and a garbled page
// can read a row of ink as a "word" of dozens: 40 of them took 0.6 s.
const (
	maxRespell       = 40
	maxRespellVowels = 12
)

// vowelKin are the letters OCR takes for one another: the dots of ä read
// as å's ring, ø's stroke lost, é's accent, an ö's dots run together.
// A letter's kin are those of every group it is in.
var vowelKin = []string{"aåäæà", "oöøó", "eé", "uü", "åö", "éö", "AÅÄÆÀ", "OÖØÓ", "EÉ", "UÜ", "ÅÖ", "ÉÖ"}

// A speller respells the words of one page: by all the page's word
// lists, and by compounds of two words of the language most of the
// page is in. Danish and Swedish join words freely, and no list holds
// "Semesterersättning"; the page's own language keeps a Danish name
// from being read as a Swedish compound.
type speller struct {
	lists lexicons
	lang  *lexicon // the page's language; nil when no list knows the page
}

// speller chooses the page's language: the list that knows most of
// its words of four letters or more.
func (ls lexicons) speller(words []string) speller {
	hits := make([]int, len(ls))
	for _, w := range words {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		if utf8.RuneCountInString(w) < 4 {
			continue
		}
		for i, x := range ls {
			if x.knows(w) {
				hits[i]++
			}
		}
	}
	sp := speller{lists: ls}
	best := 0
	for i, n := range hits {
		if n > best {
			sp.lang, best = ls[i], n
		}
	}
	return sp
}

// knows reports whether a list holds w, its stops aside, or w is a
// compound of the page's language.
func (sp speller) knows(w string) bool {
	core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
	return core != "" && (sp.lists.known(core) || sp.compound(core))
}

// minCompound is the fewest letters of a word read as a compound, and
// of its parts: shorter ones make too many words out of misreadings.
const (
	minCompound     = 8
	minCompoundHead = 3
	minCompoundTail = 4
)

// compound reports whether w is two words of the page's language, the
// first perhaps joined by an "s" or "e" ("omsorgs|förvaltningen",
// "skole|bestyrelse").
func (sp speller) compound(w string) bool {
	rs := []rune(strings.ToLower(w))
	if sp.lang == nil || len(rs) < minCompound {
		return false
	}
	heads := sp.lang.heads(rs)
	for k := minCompoundHead; k <= len(rs)-minCompoundTail; k++ {
		joined := k > minCompoundHead && heads[k-1] && (rs[k-1] == 's' || rs[k-1] == 'e')
		if (heads[k] || joined) && sp.lang.has(string(rs[k:])) {
			return true
		}
	}
	return false
}

// heads reports, for each k, whether the list holds the word rs[:k]: one
// walk down the graph instead of a lookup per length.
func (x *lexicon) heads(rs []rune) []bool {
	out := make([]bool, len(rs)+1)
	node := uint64(0)
	for i, r := range rs {
		id, ok := x.ids[r]
		if !ok {
			break
		}
		if _, ok := x.edge(node, id, true); ok {
			out[i+1] = true
		}
		e, ok := x.edge(node, id, false)
		if !ok {
			break
		}
		node = x.edges[e] >> x.nodeShift
	}
	return out
}

// respell gives a word no list holds the one listed spelling that
// differs from it in one or two such vowels, or else the one compound:
// "Saljare" is "Säljare", "Radhuspladsen" "Rådhuspladsen". Words of
// fewer than five letters are left, since their near neighbours are
// many; so are words with two such spellings, words with anything but
// letters inside (e-mail addresses, ids), and words longer than any
// list's or with more vowels than a compound's (see maxRespell).
func (sp speller) respell(w string) string {
	i := strings.IndexFunc(w, unicode.IsLetter)
	j := strings.LastIndexFunc(w, unicode.IsLetter)
	if len(sp.lists) == 0 || i < 0 {
		return w
	}
	_, n := utf8.DecodeRuneInString(w[j:])
	core := w[i : j+n]
	rs := []rune(core)
	if len(rs) < 5 || len(rs) > maxRespell || strings.ContainsFunc(core, func(r rune) bool { return !unicode.IsLetter(r) }) || sp.lists.known(core) {
		return w
	}
	var at []int // places of vowels with kin
	for k, r := range rs {
		if kin(r) != "" {
			at = append(at, k)
		}
	}
	if len(at) > maxRespellVowels {
		return w
	}
	// The spellings with one vowel changed, or two, that ok holds: one,
	// or two when there are more. With marked, vowels change only into
	// ones with a mark.
	spellings := func(ok func(string) bool, marked bool) []string {
		var found []string
		var vary func(v []rune, from, changes int) bool
		vary = func(v []rune, from, changes int) bool {
			for _, p := range at[from:] {
				from++
				was := v[p]
				for _, x := range kin(was) {
					if marked && x <= unicode.MaxASCII {
						continue
					}
					v[p] = x
					if s := string(v); ok(s) && !slices.Contains(found, s) {
						if found = append(found, s); len(found) > 1 {
							return false
						}
					}
					if changes > 1 && !vary(v, from, changes-1) {
						return false
					}
				}
				v[p] = was
			}
			return true
		}
		vary(slices.Clone(rs), 0, 2)
		return found
	}
	// A listed word before a compound: "måjlighet" is "möjlighet", not
	// "maj|lighet", and "halsning" "hälsning", though "hals|ning" is a
	// compound. Only a word that is none is respelled as one, and never
	// by taking a mark away: OCR loses marks, it seldom adds them, and a
	// name read right ("Nørbjerg") is as much a compound without its
	// mark ("nor|bjerg").
	found := spellings(sp.lists.known, false)
	if len(found) == 0 && !sp.compound(core) {
		found = spellings(sp.compound, true)
		if len(found) == 0 {
			found = strokeSpellings(rs, sp.lists.known)
		}
		if len(found) == 0 {
			found = aeSpellings(core, sp.knows)
		}
	}
	if len(found) != 1 {
		return w
	}
	return w[:i] + found[0] + w[j+n:]
}

// aeSpellings are the spellings of w with one "ee" or one "e" read for
// an æ put back ("treeer" is "træer", "Lerkeallé" "Lærkeallé"), that ok
// holds: Tesseract reads the Danish letter from its two halves.
func aeSpellings(w string, ok func(string) bool) []string {
	var found []string
	for _, from := range []string{"ee", "e", "EE", "E"} {
		to := "æ"
		if from[0] == 'E' {
			to = "Æ"
		}
		for i := 0; ; {
			j := strings.Index(w[i:], from)
			if j < 0 {
				break
			}
			s := w[:i+j] + to + w[i+j+len(from):]
			if ok(s) && !slices.Contains(found, s) {
				found = append(found, s)
			}
			i += j + 1
		}
	}
	return found
}

// strokeKin are the letters a blurred scan at 200 dpi reads for one
// another: an f's cross-bar for a t's, an i's dot run into an l's stem,
// an l for a t whose bar is lost ("Teleton", "behandies", "optysninger").
var strokeKin = map[rune]string{'f': "t", 't': "fl", 'i': "l", 'l': "it"}

// strokeSpellings are the spellings of rs with one letter changed for
// its strokeKin that ok holds, when there is one; a word of the lists
// with two such spellings is left as read.
func strokeSpellings(rs []rune, ok func(string) bool) []string {
	var found []string
	v := slices.Clone(rs)
	for p, was := range rs {
		for _, x := range strokeKin[was] {
			v[p] = x
			if s := string(v); ok(s) && !slices.Contains(found, s) {
				found = append(found, s)
			}
		}
		v[p] = was
	}
	return found
}

// kin are the letters OCR may have read as r, r not among them.
func kin(r rune) string { return kinOf[r] }

// kinOf is kin for every vowel of vowelKin, made once: respell asks for
// it at every place of every spelling it tries.
var kinOf = func() map[rune]string {
	out := map[rune]string{}
	for _, k := range vowelKin {
		for _, r := range k {
			for _, x := range k {
				if x != r && !strings.ContainsRune(out[r], x) {
					out[r] += string(x)
				}
			}
		}
	}
	return out
}()
