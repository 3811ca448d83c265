package tokenizer

import (
	"container/heap"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/sugarme/tokenizer/pretokenizer"
)

// TrainConfig says how big a vocabulary to learn.
type TrainConfig struct {
	VocabSize    int // ids in all, the 256 byte symbols included; 0 means 6000
	MinFrequency int // a pair seen fewer times is not merged; 0 means 2
}

// normalizerJSON and preTokenizerJSON are the tokenizer.json sections, the
// single source for both training and encoding. Lower case: a title in
// capitals ("FAKTURA") is the same evidence as in running text.
var (
	normalizerJSON = map[string]any{"type": "Sequence", "normalizers": []any{
		map[string]any{"type": "NFC"}, map[string]any{"type": "Lowercase"}}}
	preTokenizerJSON = map[string]any{"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true}
)

// Train learns a byte-level BPE vocabulary from texts and returns the
// Tokenizer; the same texts and config give the same bytes.
func Train(texts []string, cfg TrainConfig) (*Tokenizer, error) {
	if cfg.VocabSize == 0 {
		cfg.VocabSize = 6000
	}
	if cfg.MinFrequency == 0 {
		cfg.MinFrequency = 2
	}
	if cfg.VocabSize < 257 {
		return nil, fmt.Errorf("tokenizer: train: vocabulary size %d is below 257", cfg.VocabSize)
	}
	vocab, merges := learn(wordCounts(texts), cfg)
	b, err := json.MarshalIndent(map[string]any{
		"version":        "1.0",
		"truncation":     nil,
		"padding":        nil,
		"added_tokens":   []any{},
		"normalizer":     normalizerJSON,
		"pre_tokenizer":  preTokenizerJSON,
		"post_processor": nil,
		"decoder":        map[string]any{"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true},
		"model": map[string]any{
			"type": "BPE", "dropout": nil, "unk_token": nil,
			"continuing_subword_prefix": nil, "end_of_word_suffix": nil,
			"vocab": vocab, "merges": merges,
		},
	}, "", " ")
	if err != nil {
		return nil, fmt.Errorf("tokenizer: train: %w", err)
	}
	return FromJSON(append(b, '\n'))
}

// wordCounts splits texts into byte-level words exactly as encoding will.
func wordCounts(texts []string) map[string]int {
	counts := map[string]int{}
	for _, text := range texts {
		for _, line := range strings.Split(text, "\n") {
			for _, w := range words(line) {
				counts[w]++
			}
		}
	}
	return counts
}

// pair is two adjacent symbol ids.
type pair struct{ a, b int }

// learn runs BPE merges: the most frequent pair first, ties broken by the
// merged text and then the left part, so the result depends on nothing
// but the counts.
func learn(counts map[string]int, cfg TrainConfig) (map[string]int, []string) {
	var syms []string // id → symbol
	ids := map[string]int{}
	alphabet := pretokenizer.GenerateBytesChar()
	for b := 0; b < 256; b++ {
		s := alphabet[uint8(b)]
		ids[s] = len(syms)
		syms = append(syms, s)
	}
	keys := make([]string, 0, len(counts))
	for w := range counts {
		keys = append(keys, w)
	}
	slices.Sort(keys)
	words := make([][]int, len(keys))
	freq := make([]int, len(keys))
	pairs := map[pair]int{}
	where := map[pair]map[int]struct{}{}
	for i, w := range keys {
		freq[i] = counts[w]
		for _, r := range w {
			words[i] = append(words[i], ids[string(r)])
		}
		for j := 0; j+1 < len(words[i]); j++ {
			p := pair{words[i][j], words[i][j+1]}
			pairs[p] += freq[i]
			if where[p] == nil {
				where[p] = map[int]struct{}{}
			}
			where[p][i] = struct{}{}
		}
	}
	q := &queue{syms: &syms}
	for p, c := range pairs {
		heap.Push(q, entry{p, c})
	}
	var merges []string
	for len(syms) < cfg.VocabSize && q.Len() > 0 {
		top := heap.Pop(q).(entry)
		if pairs[top.p] != top.count {
			continue // stale: a newer entry carries the current count
		}
		if top.count < cfg.MinFrequency {
			break
		}
		merged := syms[top.p.a] + syms[top.p.b]
		id := len(syms)
		syms = append(syms, merged)
		ids[merged] = id
		merges = append(merges, syms[top.p.a]+" "+syms[top.p.b])
		touched := map[pair]bool{}
		ws := make([]int, 0, len(where[top.p]))
		for w := range where[top.p] {
			ws = append(ws, w)
		}
		slices.Sort(ws)
		for _, wi := range ws {
			w, f := words[wi], freq[wi]
			for j := 0; j+1 < len(w); j++ {
				pairs[pair{w[j], w[j+1]}] -= f
				touched[pair{w[j], w[j+1]}] = true
			}
			out := w[:0:0]
			for j := 0; j < len(w); j++ {
				if j+1 < len(w) && w[j] == top.p.a && w[j+1] == top.p.b {
					out = append(out, id)
					j++
					continue
				}
				out = append(out, w[j])
			}
			words[wi] = out
			for j := 0; j+1 < len(out); j++ {
				p := pair{out[j], out[j+1]}
				pairs[p] += f
				touched[p] = true
				if where[p] == nil {
					where[p] = map[int]struct{}{}
				}
				where[p][wi] = struct{}{}
			}
		}
		delete(pairs, top.p)
		delete(where, top.p)
		for p := range touched {
			if c := pairs[p]; c > 0 {
				heap.Push(q, entry{p, c})
			}
		}
	}
	vocab := make(map[string]int, len(syms))
	for i, s := range syms {
		vocab[s] = i
	}
	return vocab, merges
}

type entry struct {
	p     pair
	count int
}

// queue is a max-heap of pair counts with a deterministic tie-break.
type queue struct {
	e    []entry
	syms *[]string
}

func (q *queue) Len() int { return len(q.e) }
func (q *queue) Less(i, j int) bool {
	a, b := q.e[i], q.e[j]
	if a.count != b.count {
		return a.count > b.count
	}
	s := *q.syms
	ma, mb := s[a.p.a]+s[a.p.b], s[b.p.a]+s[b.p.b]
	if ma != mb {
		return ma < mb
	}
	return s[a.p.a] < s[b.p.a]
}
func (q *queue) Swap(i, j int) { q.e[i], q.e[j] = q.e[j], q.e[i] }
func (q *queue) Push(x any)    { q.e = append(q.e, x.(entry)) }
func (q *queue) Pop() any {
	e := q.e[len(q.e)-1]
	q.e = q.e[:len(q.e)-1]
	return e
}
