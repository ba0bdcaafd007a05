package store

import (
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/RoaringBitmap/roaring/v2"

	"fichier/model"
	"fichier/model/query"
)

// textIndex is the inverted index over the index rows: for each free-word
// prefix and each value of a structured field (query.Dims), the set of rows
// that have it, as a compressed bitmap of slots (docs/ARCHITECTURE.md).
// A query is answered by intersecting sets; what the sets cannot decide is
// tested by the query's residual matcher on the candidates only.
//
// Slots number rows. When the index is built they follow name order, so the
// bits of a set come out already sorted; a fiche created, or renamed, later
// takes a new slot at the end (the tail), sorted at query time and merged.
// A removed or renamed fiche leaves its slot behind as a tombstone (out of
// live and of every set). When tail and tombstones grow past a fraction of the
// rows, the index is rebuilt in name order.
//
// Guarded by index.mu like the rest of the index: sets are modified in place.
type textIndex struct {
	rows    []*entry         // by slot; a tombstone keeps its last row, for the order
	ids     []model.PersonID // by slot: results are read from here, not from the scattered rows
	ordered int              // rows[:ordered] are in name order
	dead    int              // tombstones
	live    *roaring.Bitmap
	// short: rows with a word starting with p, for each p of 1 to shortPrefix
	// bytes. words/wordSets: for each word longer than that, its rows; a
	// longer prefix is the union over the range of words it starts.
	short    map[string]*roaring.Bitmap
	words    []string
	wordSets []*roaring.Bitmap
	dims     []dimSets // in query.Dims() order
	// cols: for each column of dates (query.Dim.Column), the value by slot;
	// colDims gives one dimension per column, to fill it.
	cols     map[string][]uint32
	colDims  []*query.Dim
	archived *query.Dim
	units    [3]*query.Dim // federation, section, cell
	// dimsReady is closed once the sets and columns of the dimensions other
	// than units and archived are built: in the background, after the rest
	// (buildTextIndex). Whatever reads them, and every write, waits for it.
	// idle is closed when nothing of the build runs in the background any
	// more.
	dimsReady, idle chan struct{}
	closing         atomic.Bool // shutdown began: what was to run after the build is not needed
}

// shortPrefix: prefixes up to this length (bytes) have their own set; the
// first letters typed would otherwise be unions of thousands of words.
const shortPrefix = 3

type dimSets struct {
	dim  *query.Dim
	num  map[uint64]*roaring.Bitmap
	text map[string]*roaring.Bitmap
}

var emptySet = roaring.New() // never modified

// buildTextIndex indexes rows sorted by name (slot i = rows[i]). The text
// dimensions are indexed in the background, then runs (if set).
func buildTextIndex(sorted []*entry, then func()) *textIndex {
	t := &textIndex{
		rows:     slices.Clone(sorted),
		ids:      make([]model.PersonID, len(sorted)),
		ordered:  len(sorted),
		live:     roaring.New(),
		archived: query.DimFor(model.FieldArchived),
		units: [3]*query.Dim{query.DimFor(model.FieldFederation), query.DimFor(model.FieldSection),
			query.DimFor(model.FieldCell)},
	}
	t.live.AddRange(0, uint64(len(sorted)))
	for i, e := range sorted {
		t.ids[i] = e.ID
	}
	dims := query.Dims()
	t.cols = map[string][]uint32{}
	for _, d := range dims {
		if d.Column() && t.cols[d.Key] == nil {
			t.cols[d.Key] = make([]uint32, len(sorted))
			t.colDims = append(t.colDims, d)
		}
	}
	t.dimsReady, t.idle = make(chan struct{}), make(chan struct{})
	// What the list of a file just opened needs (every search reads the
	// units and archived sets) and free words (what is typed first) are
	// built at once; the other dimensions, two thirds of the work, which
	// searches use less, in the background.
	var early, late []int // indexes in dims
	for i, d := range dims {
		if t.isEarly(d) {
			early = append(early, i)
		} else {
			late = append(late, i)
		}
	}
	t.dims = make([]dimSets, len(dims))
	for i, d := range dims {
		t.dims[i].dim = d
	}
	rows := t.rows[:len(sorted)]
	parts := buildParts(rows, dims, early, nil, true)
	t.short = mergeLists(parts, func(b *textBuilder) map[string]*slotList { return b.short })
	long := mergeLists(parts, func(b *textBuilder) map[string]*slotList { return b.long })
	t.words = make([]string, 0, len(long))
	for k := range long {
		t.words = append(t.words, k)
	}
	slices.Sort(t.words)
	t.wordSets = make([]*roaring.Bitmap, len(t.words))
	for i, w := range t.words {
		t.wordSets[i] = long[w]
	}
	t.mergeDims(parts, early)
	rows = slices.Clone(rows) // t.rows changes with writes (rappel's setCalls swaps rows) before it ends
	go func() {
		t.mergeDims(buildParts(rows, dims, late, t.cols, false), late)
		close(t.dimsReady)
		if then != nil && !t.closing.Load() {
			then()
		}
		close(t.idle)
	}()
	return t
}

// isEarly reports whether d's sets are built before buildTextIndex
// returns: the units and archived, which every search reads.
func (t *textIndex) isEarly(d *query.Dim) bool {
	return d == t.archived || slices.Contains(t.units[:], d)
}

// mergeDims sets the dimensions which (indexes in t.dims) from the parts'
// lists.
func (t *textIndex) mergeDims(parts []*textBuilder, which []int) {
	for j, i := range which {
		ds := &t.dims[i]
		switch {
		case ds.dim.Column():
		case ds.dim.Numeric():
			ds.num = mergeLists(parts, func(b *textBuilder) map[uint64]*slotList { return b.nums[j].all() })
		default:
			ds.text = mergeLists(parts, func(b *textBuilder) map[string]*slotList { return b.texts[j] })
		}
	}
}

// waitDims waits for the dimensions built in the background (dimsReady).
func (t *textIndex) waitDims() { <-t.dimsReady }

// waitIdle waits for the end of the build's background work.
func (t *textIndex) waitIdle() { <-t.idle }

// shutdown waits for the end of the build's background work, without what
// was to run after it if it has not begun: giving the build's garbage back
// to the system (finish) serves a file kept open, not one being closed (a
// command line's work done), where it cost 100 ms and more of CPU at 100k.
func (t *textIndex) shutdown() {
	t.closing.Store(true)
	t.waitIdle()
}

// buildParts gathers the slots of rows (slot i = rows[i]) in one pass,
// split into consecutive parts over the cores: for the dimensions which
// (indexes in dims), and, with words, for the free words. Each part gathers
// its slots per key in increasing order, and the parts' lists,
// concatenated in order, become bitmaps in one go (much faster than adding
// bits one by one). The rows are scattered in memory: each pass costs a
// cache miss a row.
func buildParts(rows []*entry, dims []*query.Dim, which []int, cols map[string][]uint32, words bool) []*textBuilder {
	mine := make([]*query.Dim, len(which))
	for j, i := range which {
		mine[j] = dims[i]
	}
	workers := min(runtime.GOMAXPROCS(0), 4, max(1, len(rows)/buildPartMin))
	parts := make([]*textBuilder, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := len(rows)*w/workers, len(rows)*(w+1)/workers
		wg.Go(func() {
			b := newTextBuilder(mine, cols, words)
			for i := lo; i < hi; i++ {
				b.addRow(uint32(i), rows[i])
				if (i-lo)%buildChunk == buildChunk-1 {
					b.flush()
				}
			}
			b.flush()
			parts[w] = b
		})
	}
	wg.Wait()
	return parts
}

// buildChunk: rows whose slots are gathered in lists before the lists are
// added to the bitmaps, so that the lists stay small (at 1M fiches, lists for
// all the rows would take hundreds of MiB at the peak). Tests lower it.
var buildChunk = 1 << 14

// buildPartMin is the least number of rows worth a part of its own (tests
// lower it).
var buildPartMin = 5000

// textBuilder gathers the sets of a part of the rows: those of its
// dimensions, and of the free words if words.
type textBuilder struct {
	words bool
	dirty []*slotList // lists holding slots not yet in their bitmap
	dims  []*query.Dim
	short map[string]*slotList // word prefixes of 1 to shortPrefix bytes
	long  map[string]*slotList // words longer than that
	seen  map[string]*wordLists
	parts byMemory[[]*wordLists] // by typed name or commune
	nums  []numLists             // by dimension (numeric ones)
	texts []map[string]*slotList // by dimension (text ones)
	mem   []byMemory[*slotList]  // the same lists, by the key's memory
	cols  [][]uint32             // by dimension (columns; shared, each part writes its slots)
	keys  []string
}

// wordLists are the lists a word's slots go to.
type wordLists struct {
	prefixes [shortPrefix]*slotList
	whole    *slotList
}

// numLists are a numeric dimension's lists: small values in a slice.
type numLists struct {
	small []*slotList
	big   map[uint64]*slotList
}

func (n *numLists) get(k uint64) *slotList {
	if k < 1<<12 {
		if int(k) >= len(n.small) {
			n.small = append(n.small, make([]*slotList, int(k)+1-len(n.small))...)
		}
		if n.small[k] == nil {
			n.small[k] = &slotList{}
		}
		return n.small[k]
	}
	if n.big == nil {
		n.big = map[uint64]*slotList{}
	}
	return listIn(n.big, k)
}

func (n *numLists) all() map[uint64]*slotList {
	m := make(map[uint64]*slotList, len(n.big)+len(n.small))
	for k, l := range n.small {
		if l != nil {
			m[uint64(k)] = l
		}
	}
	for k, l := range n.big {
		m[k] = l
	}
	return m
}

func newTextBuilder(dims []*query.Dim, cols map[string][]uint32, words bool) *textBuilder {
	b := &textBuilder{words: words, dims: dims, short: map[string]*slotList{}, long: map[string]*slotList{},
		seen: map[string]*wordLists{}, parts: byMemory[[]*wordLists]{}, nums: make([]numLists, len(dims)), texts: make([]map[string]*slotList, len(dims))}
	b.cols, b.mem = make([][]uint32, len(dims)), make([]byMemory[*slotList], len(dims))
	for i, d := range dims {
		switch {
		case d.Column():
			b.cols[i] = cols[d.Key]
		case !d.Numeric():
			b.texts[i], b.mem[i] = map[string]*slotList{}, byMemory[*slotList]{}
		}
	}
	return b
}

func listIn[K comparable](m map[K]*slotList, k K) *slotList {
	l := m[k]
	if l == nil {
		l = &slotList{}
		m[k] = l
	}
	return l
}

func (b *textBuilder) addRow(slot uint32, e *entry) {
	if b.words {
		b.addWords(slot, e)
	}
	for i, d := range b.dims {
		switch {
		case d.Column():
			b.cols[i][slot] = uint32(d.NumKey(e))
		case d.Numeric():
			b.add(b.nums[i].get(d.NumKey(e)), slot)
		default:
			b.keys = d.TextKeys(b.keys[:0], e)
			for _, k := range b.keys {
				b.add(b.textList(i, k), slot)
			}
		}
	}
}

// addWords adds a row to the sets of its free words and their prefixes.
func (b *textBuilder) addWords(slot uint32, e *entry) {
	// The free words of a row are the words of its folded last name, first
	// name and commune (Row.FreeWords); those strings repeat, and the typed
	// ones are interned: their word lists are found by the typed string's
	// identity, without folding or hashing text again.
	for _, part := range [3][2]string{{e.Display.LastName, e.LastName}, {e.Display.FirstName, e.FirstName},
		{e.Display.Commune, e.Commune}} {
		for _, wl := range b.wordListsOf(part[0], part[1]) {
			for _, l := range wl.prefixes {
				if l != nil {
					b.add(l, slot)
				}
			}
			if wl.whole != nil {
				b.add(wl.whole, slot)
			}
		}
	}
}

func (b *textBuilder) add(l *slotList, slot uint32) {
	n := len(l.slots)
	if n == 0 {
		b.dirty = append(b.dirty, l)
	} else if l.slots[n-1] == slot {
		return // a word twice in a row
	}
	l.slots = append(l.slots, slot)
}

// flush adds the lists' slots to their bitmaps.
func (b *textBuilder) flush() {
	for _, l := range b.dirty {
		if l.set == nil {
			l.set = roaring.New()
		}
		l.set.AddMany(l.slots)
		l.slots = l.slots[:0]
	}
	b.dirty = b.dirty[:0]
}

// textList is the list of value k in text dimension i. The rows' values
// repeat and share their memory (query.RowBuilder): a list is found by the
// value's memory, without reading or hashing its text, but the first time.
func (b *textBuilder) textList(i int, k string) *slotList {
	if l, ok := b.mem[i].get(k); ok {
		return l
	}
	l := listIn(b.texts[i], k)
	b.mem[i].put(k, l)
	return l
}

// byMemory maps strings that rows share (interned, or folded once) to
// what was found for them, by their memory: hashing a pointer is much
// cheaper than hashing text or a pointer and a length (with those, the
// lookups were a third of the build).
type byMemory[V any] map[*byte]memEntry[V]

type memEntry[V any] struct {
	n int // the string's length (two strings may start at one address)
	v V
}

func (m byMemory[V]) get(s string) (V, bool) {
	e, ok := m[unsafe.StringData(s)]
	if !ok || e.n != len(s) {
		var zero V
		return zero, false
	}
	return e.v, true
}

func (m byMemory[V]) put(s string, v V) { m[unsafe.StringData(s)] = memEntry[V]{len(s), v} }

// wordListsOf gives the lists of the words of folded, the folded form of
// typed.
func (b *textBuilder) wordListsOf(typed, folded string) []*wordLists {
	if folded == "" {
		return nil
	}
	if wls, ok := b.parts.get(typed); ok {
		return wls
	}
	var wls []*wordLists
	query.Words(folded, func(w string) {
		wl := b.seen[w]
		if wl == nil {
			wl = &wordLists{}
			for n := 1; n <= min(shortPrefix, len(w)); n++ {
				wl.prefixes[n-1] = listIn(b.short, w[:n])
			}
			if len(w) > shortPrefix {
				wl.whole = listIn(b.long, w)
			}
			b.seen[w] = wl
		}
		wls = append(wls, wl)
	})
	b.parts.put(typed, wls)
	return wls
}

// mergeLists unites the parts' bitmaps, key by key.
func mergeLists[K comparable](parts []*textBuilder, lists func(*textBuilder) map[K]*slotList) map[K]*roaring.Bitmap {
	out := map[K]*roaring.Bitmap{}
	for _, p := range parts {
		for k, l := range lists(p) {
			if u := out[k]; u != nil {
				u.Or(l.set)
			} else {
				out[k] = l.set
			}
		}
	}
	return out
}

// slotList gathers a set's slots in increasing order while building, a
// chunk at a time (much faster than adding bits to the bitmap one by one).
type slotList struct {
	slots []uint32
	set   *roaring.Bitmap
}

// ---------------------------------------------------------------------------
// Following writes (caller holds index.mu for writing)

// add gives e a new slot at the end.
func (t *textIndex) add(e *entry) {
	t.waitDims()
	slot := uint32(len(t.rows))
	t.rows = append(t.rows, e)
	t.ids = append(t.ids, e.ID)
	for _, d := range t.colDims {
		t.cols[d.Key] = append(t.cols[d.Key], uint32(d.NumKey(e)))
	}
	t.live.Add(slot)
	t.post(slot, e, true)
}

// replace puts e in old's place: the same slot if the name (the order) is
// unchanged, else a new one.
func (t *textIndex) replace(old, e *entry) {
	t.waitDims()
	slot, ok := t.slotOf(old)
	if !ok || old.Name != e.Name {
		t.drop(old)
		t.add(e)
		return
	}
	t.post(slot, old, false)
	t.rows[slot] = e
	for _, d := range t.colDims {
		t.cols[d.Key][slot] = uint32(d.NumKey(e))
	}
	t.post(slot, e, true)
}

// drop turns old's slot into a tombstone.
func (t *textIndex) drop(old *entry) {
	t.waitDims()
	slot, ok := t.slotOf(old)
	if !ok {
		return
	}
	t.post(slot, old, false)
	t.live.Remove(slot)
	t.dead++
}

// stale reports whether tail and tombstones have grown enough to rebuild.
func (t *textIndex) stale() bool {
	return t.dead+len(t.rows)-t.ordered > max(textRebuildMin, t.ordered/8)
}

// textRebuildMin is the least number of unsorted slots and tombstones that
// triggers a rebuild (tests lower it).
var textRebuildMin = 1024

// slotOf finds the slot holding exactly e: by name in the ordered part,
// else in the tail.
func (t *textIndex) slotOf(e *entry) (uint32, bool) {
	i, _ := slices.BinarySearchFunc(t.rows[:t.ordered], e, less)
	if i < t.ordered && t.rows[i] == e {
		return uint32(i), true
	}
	for j := t.ordered; j < len(t.rows); j++ {
		if t.rows[j] == e {
			return uint32(j), true
		}
	}
	return 0, false
}

// post adds slot to (or, not adding, removes it from) the sets of e's words and values.
func (t *textIndex) post(slot uint32, e *entry, adding bool) {
	op := (*roaring.Bitmap).Remove
	if adding {
		op = (*roaring.Bitmap).Add
	}
	e.FreeWords(func(w string) {
		for n := 1; n <= min(shortPrefix, len(w)); n++ {
			if b := t.short[w[:n]]; b != nil {
				op(b, slot)
			} else if adding {
				t.short[strings.Clone(w[:n])] = roaring.BitmapOf(slot)
			}
		}
		if len(w) <= shortPrefix {
			return
		}
		i, found := slices.BinarySearch(t.words, w)
		switch {
		case found:
			op(t.wordSets[i], slot)
		case adding:
			t.words = slices.Insert(t.words, i, strings.Clone(w))
			t.wordSets = slices.Insert(t.wordSets, i, roaring.BitmapOf(slot))
		}
	})
	var keys []string
	for i := range t.dims {
		ds := &t.dims[i]
		if ds.dim.Column() {
			continue
		}
		if ds.num != nil {
			k := ds.dim.NumKey(e)
			if b := ds.num[k]; b != nil {
				op(b, slot)
			} else if adding {
				ds.num[k] = roaring.BitmapOf(slot)
			}
			continue
		}
		keys = ds.dim.TextKeys(keys[:0], e)
		for _, k := range keys {
			if b := ds.text[k]; b != nil {
				op(b, slot)
			} else if adding {
				ds.text[strings.Clone(k)] = roaring.BitmapOf(slot)
			}
		}
	}
}

// ---------------------------------------------------------------------------
// Searching (caller holds index.mu for reading)

// search returns the slots of the rows matching m within scope, in name
// order, and how many non-archived rows scope holds.
func (t *textIndex) search(m *query.Matcher, scope model.Org) (hits hitSet, total int) {
	cand := t.scopeSet(scope)
	notArchived := t.numSet(t.archived, uint64(model.No))
	if m.WithArchived() {
		total = int(cand.AndCardinality(notArchived))
	} else {
		cand.And(notArchived)
		total = int(cand.GetCardinality())
	}
	terms := m.IndexTerms()
	keep := make([]bool, len(terms))
	residual := false
	var columns []*query.IndexTerm
	for i := range terms {
		it := &terms[i]
		var set *roaring.Bitmap
		switch {
		case it.Dim != nil && it.Dim.Column():
			columns = append(columns, it) // once the sets have narrowed
		case it.Dim != nil:
			set = t.dimTermSet(it)
		case it.Word != "" && (it.Exact || !it.Neg):
			// A phrase's first word narrows (never excludes: the
			// phrase may fail where the word matches).
			set = t.wordPrefix(it.Word)
			keep[i] = !it.Exact
		default:
			keep[i] = true
		}
		residual = residual || keep[i]
		switch {
		case set == nil:
		case it.Neg:
			cand.AndNot(set)
		default:
			cand.And(set)
		}
	}
	if len(columns) > 0 {
		cand = t.filterColumns(cand, columns)
	}
	var rest *query.Matcher
	if residual {
		rest = m.Residual(keep)
	}
	if rest == nil && (cand.IsEmpty() || int(cand.Maximum()) < t.ordered) {
		return hitSet{set: cand}, total // already in order: read it as it is
	}
	return hitSet{slots: t.collect(cand, rest)}, total
}

// filterColumns keeps the slots of cand whose values in the columns the
// terms accept (reject, when negated).
func (t *textIndex) filterColumns(cand *roaring.Bitmap, terms []*query.IndexTerm) *roaring.Bitmap {
	t.waitDims()
	cols := make([][]uint32, len(terms))
	for i, it := range terms {
		cols[i] = t.cols[it.Dim.Key]
	}
	var kept []uint32
	buf := make([]uint32, 512)
	for it := cand.ManyIterator(); ; {
		k := it.NextMany(buf)
		if k == 0 {
			break
		}
	slots:
		for _, slot := range buf[:k] {
			for i, term := range terms {
				if term.MatchNum(uint64(cols[i][slot])) == term.Neg {
					continue slots
				}
			}
			kept = append(kept, slot)
		}
	}
	out := roaring.New()
	out.AddMany(kept)
	return out
}

// collect lists the slots of cand whose rows rest (if any) matches, in name
// order.
func (t *textIndex) collect(cand *roaring.Bitmap, rest *query.Matcher) []uint32 {
	var hits []uint32
	if rest == nil {
		hits = cand.ToArray()
	} else {
		hits = make([]uint32, 0, min(cand.GetCardinality(), 1<<16))
		buf := make([]uint32, 512)
		for it := cand.ManyIterator(); ; {
			k := it.NextMany(buf)
			if k == 0 {
				break
			}
			for _, slot := range buf[:k] {
				if rest.Match(t.rows[slot]) {
					hits = append(hits, slot)
				}
			}
		}
	}
	// The slots above ordered are in no particular order: sort them and
	// merge them in.
	i, _ := slices.BinarySearch(hits, uint32(t.ordered))
	if i == len(hits) {
		return hits
	}
	tail := slices.Clone(hits[i:])
	slices.SortFunc(tail, func(a, b uint32) int { return less(t.rows[a], t.rows[b]) })
	head, out := hits[:i], make([]uint32, 0, len(hits))
	for len(head) > 0 && len(tail) > 0 {
		if less(t.rows[head[0]], t.rows[tail[0]]) <= 0 {
			out, head = append(out, head[0]), head[1:]
		} else {
			out, tail = append(out, tail[0]), tail[1:]
		}
	}
	return append(append(out, head...), tail...)
}

// hitSet is a search's result: the slots in name order, or a set whose
// order is name order.
type hitSet struct {
	set   *roaring.Bitmap
	slots []uint32
}

// each calls fn with the slots in order.
func (h hitSet) each(fn func(slot uint32)) {
	if h.set == nil {
		for _, s := range h.slots {
			fn(s)
		}
		return
	}
	buf := make([]uint32, 1024)
	for it := h.set.ManyIterator(); ; {
		k := it.NextMany(buf)
		if k == 0 {
			return
		}
		for _, s := range buf[:k] {
			fn(s)
		}
	}
}

func (h hitSet) len() int {
	if h.set == nil {
		return len(h.slots)
	}
	return int(h.set.GetCardinality())
}

// idsOf gives the fiches' IDs of the hits.
func (t *textIndex) idsOf(h hitSet) []model.PersonID {
	ids := make([]model.PersonID, 0, h.len())
	h.each(func(s uint32) { ids = append(ids, t.ids[s]) })
	return ids
}

// rowsOf gives the rows of the hits.
func (t *textIndex) rowsOf(h hitSet) []*entry {
	rows := make([]*entry, 0, h.len())
	h.each(func(s uint32) { rows = append(rows, t.rows[s]) })
	return rows
}

// scopeSet is a new set of the live rows within scope (model.Org.Contains).
func (t *textIndex) scopeSet(scope model.Org) *roaring.Bitmap {
	set := t.live.Clone()
	ids := [3]model.UnitID{scope.Federation, scope.Section, scope.Cell}
	for i := range int(scope.Level()) {
		set.And(t.numSet(t.units[i], uint64(ids[i])))
	}
	return set
}

// numSet is the set of rows with value k in d (not to be modified).
func (t *textIndex) numSet(d *query.Dim, k uint64) *roaring.Bitmap {
	if ds := t.dimOf(d); ds != nil && ds.num[k] != nil {
		return ds.num[k]
	}
	return emptySet
}

func (t *textIndex) dimOf(d *query.Dim) *dimSets {
	for i := range t.dims {
		if t.dims[i].dim == d {
			return &t.dims[i]
		}
	}
	return nil
}

// dimTermSet is the set of rows a structured term matches: the union of the
// sets of the values it accepts (not to be modified).
func (t *textIndex) dimTermSet(it *query.IndexTerm) *roaring.Bitmap {
	ds := t.dimOf(it.Dim)
	if !t.isEarly(ds.dim) {
		t.waitDims()
	}
	var sets []*roaring.Bitmap
	if ds.num != nil {
		for k, b := range ds.num {
			if it.MatchNum(k) {
				sets = append(sets, b)
			}
		}
	} else {
		for k, b := range ds.text {
			if it.MatchText(k) {
				sets = append(sets, b)
			}
		}
	}
	return union(sets)
}

// wordPrefix is the set of rows with a free word starting with w (not to be
// modified).
func (t *textIndex) wordPrefix(w string) *roaring.Bitmap {
	if len(w) <= shortPrefix {
		if b := t.short[w]; b != nil {
			return b
		}
		return emptySet
	}
	i := sort.SearchStrings(t.words, w)
	j := i
	for j < len(t.words) && strings.HasPrefix(t.words[j], w) {
		j++
	}
	return union(t.wordSets[i:j])
}

func union(sets []*roaring.Bitmap) *roaring.Bitmap {
	switch len(sets) {
	case 0:
		return emptySet
	case 1:
		return sets[0]
	}
	u := sets[0].Clone()
	for _, b := range sets[1:] {
		u.Or(b)
	}
	return u
}
