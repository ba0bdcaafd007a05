package store

import (
	"cmp"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
	"fichier/model/query"
)

// entry is one fiche in the in-memory index: its query.Row (a compact
// projection, not the whole fiche). Entries are immutable: a write replaces
// the whole entry, so readers holding one never see it change. Entries sort
// by name (query.CompareNames: last name, then first name).
type entry = query.Row

// index holds every fiche in memory, sorted by name, so that a filter over
// 100k fiches is a scan without disk access and its result comes out sorted.
type index struct {
	mu     sync.RWMutex
	byID   map[model.PersonID]*entry
	sorted []*entry // by query.CompareNames, then ID
	text   *textIndex
	intern interner // guarded by Store.wmu (writes) or single-threaded build
}

func newEntry(p model.Person, in interner) *entry {
	r := internRow(query.NewRow(&p), in)
	return &r
}

func internRow(f query.Row, in interner) query.Row {
	// Folded strings of repeated values (communes, professions …) are shared.
	f.Commune = in.get([]byte(f.Commune))
	f.Quartier = in.get([]byte(f.Quartier))
	f.Circo = in.get([]byte(f.Circo))
	f.Profession = in.get([]byte(f.Profession))
	f.Employer = in.get([]byte(f.Employer))
	f.Source = in.get([]byte(f.Source))
	for _, list := range [][]string{f.Interests, f.Offices, f.Unions, f.Associations} {
		for i, s := range list {
			list[i] = in.get([]byte(s))
		}
	}
	return f
}

func less(a, b *entry) int {
	if c := query.CompareNames(a, b); c != 0 {
		return c
	}
	switch {
	case a.ID < b.ID:
		return -1
	case a.ID > b.ID:
		return 1
	}
	return 0
}

// bigIndex is the number of fiches from which building the index runs
// under a memory limit of bytesPerRow a fiche above what the heap held.
const (
	bigIndex    = 250_000
	bytesPerRow = 760
)

func buildIndex(tx *bolt.Tx) (*index, error) {
	// Building allocates a lot of long-lived data at once: collecting
	// garbage every time the heap doubles from a small start would scan the
	// growing index again and again.
	gcAfterBuild := debug.SetGCPercent(400)
	restoreGC := sync.OnceFunc(func() { debug.SetGCPercent(gcAfterBuild) })
	defer restoreGC()
	type raw struct{ k, v []byte } // bbolt memory, valid until the transaction ends
	var all []raw
	if err := tx.Bucket(bPeople).ForEach(func(k, v []byte) error {
		all = append(all, raw{k, v})
		return nil
	}); err != nil {
		return nil, err
	}
	if len(all) >= bigIndex {
		// A big file (a national one): the garbage the build makes would
		// otherwise pile up to several times the index before a collection
		// (1.9 GiB peak at 1M). A memory limit a little above the index's
		// expected size makes the runtime collect when needed, and only then.
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		limit := int64(ms.HeapAlloc) + int64(len(all))*bytesPerRow
		old := debug.SetMemoryLimit(-1)
		debug.SetMemoryLimit(min(old, limit))
		defer debug.SetMemoryLimit(old)
	}
	// Decoding and folding dominate: split them over the cores, each part
	// with its own interner and row builder (sharing the folded text of
	// repeated values), then merge the sorted parts.
	workers := min(runtime.GOMAXPROCS(0), 4, max(1, len(all)/5000))
	parts := make([][]keyedRow, workers)
	interners := make([]interner, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := len(all)*w/workers, len(all)*(w+1)/workers
		wg.Go(func() {
			in := interner{}
			var rows query.RowBuilder
			part := make([]keyedRow, hi-lo)
			// One array of rows rather than one allocation a row: no
			// rounding up to a size class, no gaps left between rows by the
			// decoding's garbage (16 bytes and more a row). A row replaced
			// later is a new allocation (its old place stays until the next
			// build).
			slab := make([]entry, hi-lo)
			var arena rowArena
			for j, r := range all[lo:hi] {
				id := model.PersonID(btoi(r.k))
				p, err := decodePerson(id, r.v, in)
				if err != nil {
					errs[w] = &corruptError{id: id, err: err}
					return
				}
				e := &slab[j]
				rows.Fill(e, &p)
				arena.pack(e)
				part[j] = keyedRow{query.SortKey(e), e}
			}
			slices.SortFunc(part, lessKeyed)
			parts[w], interners[w] = part, in
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	n := len(all)
	all = nil // the raw values are garbage from here
	idx := &index{byID: make(map[model.PersonID]*entry, n), intern: interners[0]}
	merged := mergeSorted(parts)
	idx.sorted = make([]*entry, len(merged))
	for i, r := range merged {
		idx.sorted[i] = r.e
	}
	merged = nil
	wg.Go(func() { idx.text = buildTextIndex(idx.sorted) })
	for _, e := range idx.sorted {
		idx.byID[e.ID] = e
	}
	wg.Wait()
	if n >= bigIndex {
		// Collect when the heap grows by a quarter, not when it doubles: at
		// 1M fiches (≈ 650 MiB of index) doubling is what a 2 GB laptop
		// cannot give. Searches make little garbage; collections are rare.
		// (restoreGC first: its deferred call would otherwise undo this.)
		restoreGC()
		debug.SetGCPercent(min(gcAfterBuild, 25))
	}
	if n >= freeOSMin {
		// The build's garbage (decoding buffers, the text index's lists)
		// would otherwise stay resident until the runtime gives it back
		// little by little: give it back now, once (tens of ms at 100k).
		debug.FreeOSMemory()
	}
	return idx, nil
}

// keyedRow is a row with its query.SortKey, for sorting many rows.
type keyedRow struct {
	key uint64
	e   *entry
}

func lessKeyed(a, b keyedRow) int {
	if a.key != b.key {
		return cmp.Compare(a.key, b.key)
	}
	return less(a.e, b.e)
}

// mergeSorted merges sorted runs into one sorted slice.
func mergeSorted(parts [][]keyedRow) []keyedRow {
	for len(parts) > 1 {
		var next [][]keyedRow
		for i := 0; i < len(parts); i += 2 {
			if i+1 == len(parts) {
				next = append(next, parts[i])
				continue
			}
			a, b := parts[i], parts[i+1]
			out := make([]keyedRow, 0, len(a)+len(b))
			for len(a) > 0 && len(b) > 0 {
				if lessKeyed(a[0], b[0]) <= 0 {
					out, a = append(out, a[0]), a[1:]
				} else {
					out, b = append(out, b[0]), b[1:]
				}
			}
			next = append(next, append(append(out, a...), b...))
		}
		parts = next
	}
	if len(parts) == 0 {
		return nil
	}
	return parts[0]
}

type corruptError struct {
	id  model.PersonID
	err error
}

func (e *corruptError) Error() string {
	return damaged("", "fiche "+itoa(int(e.id))+" illisible ("+e.err.Error()+")").Error()
}

func (e *corruptError) Is(target error) bool { return target == ErrDamaged }

func (idx *index) get(id model.PersonID) (query.Row, bool) {
	idx.mu.RLock()
	defer idx.mu.RUnlock()
	e, ok := idx.byID[id]
	if !ok {
		return query.Row{}, false
	}
	return *e, true
}

// set inserts or replaces a fiche (caller holds Store.wmu).
func (idx *index) set(p model.Person) {
	e := newEntry(p, idx.intern)
	idx.mu.Lock()
	defer idx.mu.Unlock()
	old, ok := idx.byID[p.ID]
	if ok {
		e.Dues = old.Dues   // kept by the dues writes, not part of the fiche
		e.Calls = old.Calls // kept beside the fiche (rappel.go)
		idx.removeSorted(old)
	}
	idx.byID[p.ID] = e
	i, _ := slices.BinarySearchFunc(idx.sorted, e, less)
	idx.sorted = slices.Insert(idx.sorted, i, e)
	if ok {
		idx.text.replace(old, e)
	} else {
		idx.text.add(e)
	}
	idx.refreshText()
}

// refreshText rebuilds the text index in name order once writes have left
// it too many tombstones and unsorted slots.
func (idx *index) refreshText() {
	if idx.text.stale() {
		idx.text = buildTextIndex(idx.sorted)
	}
}

// remove drops a fiche (caller holds Store.wmu).
func (idx *index) remove(id model.PersonID) {
	idx.mu.Lock()
	defer idx.mu.Unlock()
	if old, ok := idx.byID[id]; ok {
		idx.removeSorted(old)
		delete(idx.byID, id)
		idx.text.drop(old)
		idx.refreshText()
	}
}

func (idx *index) removeSorted(old *entry) {
	if i, found := slices.BinarySearchFunc(idx.sorted, old, less); found {
		idx.sorted = slices.Delete(idx.sorted, i, i+1)
	}
}

func (idx *index) len() int {
	idx.mu.RLock()
	defer idx.mu.RUnlock()
	return len(idx.sorted)
}

// freeOSMin is the number of fiches from which the build's garbage is given
// back to the system at once.
var freeOSMin = 20_000

// setDues replaces a fiche's dues summary (caller holds Store.wmu). The
// entry is replaced, not changed: readers holding the old one keep it whole.
func (idx *index) setDues(id model.PersonID, d model.DuesSummary) {
	idx.mu.Lock()
	defer idx.mu.Unlock()
	old, ok := idx.byID[id]
	if !ok {
		return
	}
	e := *old
	e.Dues = d
	idx.byID[id] = &e
	if i, found := slices.BinarySearchFunc(idx.sorted, old, less); found {
		idx.sorted[i] = &e
	}
	idx.text.replace(old, &e) // same name: same slot
}
