package store

import (
	"cmp"
	"slices"
	"strings"
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

func buildIndex(tx *bolt.Tx) (*index, error) {
	b := startIndexBuild()
	people := tx.Bucket(bPeople)
	b.expect(people.Sequence())
	if err := people.ForEach(func(k, v []byte) error {
		b.add(k, v)
		return nil
	}); err != nil {
		b.abandon()
		return nil, err
	}
	return b.finish()
}

// keyedRow is a row with a key that orders it as less does, for sorting
// many rows: comparing two integers, not two rows' scattered strings.
type keyedRow struct {
	key uint64 // the ranks of the row's two sort names (nameRanks)
	id  model.PersonID
	e   *entry
}

func lessKeyed(a, b keyedRow) int {
	if c := cmp.Compare(a.key, b.key); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// nameRanks numbers the distinct names (query.Row.SortNames) of the rows a
// worker decodes; once all are known, each gets its rank in the order of
// every worker's names (rankNames). A row's key is its two names' ranks:
// keys order rows as query.CompareNames does.
type nameRanks map[string]*uint32

func (m nameRanks) of(s string) *uint32 {
	if r, ok := m[s]; ok {
		return r
	}
	r := new(uint32)
	m[s] = r
	return r
}

// rankNames gives each name of all its rank among them (equal names, the
// same rank).
func rankNames(all []nameRanks) {
	type named struct {
		s    string
		rank *uint32
	}
	var list []named
	for _, m := range all {
		for s, r := range m {
			list = append(list, named{s, r})
		}
	}
	slices.SortFunc(list, func(a, b named) int { return strings.Compare(a.s, b.s) })
	rank := uint32(0)
	for i, n := range list {
		if i > 0 && n.s != list[i-1].s {
			rank++
		}
		*n.rank = rank
	}
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
		idx.text = buildTextIndex(idx.sorted, nil)
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
