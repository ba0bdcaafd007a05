package store

import (
	"slices"
	"strings"
	"sync"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// entry is one fiche in the in-memory index. Entries are immutable: a write
// replaces the whole entry, so readers holding one never see it change.
type entry struct {
	p   model.Person
	f   model.Folded
	key string // sort key: folded "last first"
}

// index holds every fiche in memory, sorted by name, so that a filter over
// 100k fiches is a scan without disk access and its result comes out sorted.
type index struct {
	mu     sync.RWMutex
	byID   map[model.PersonID]*entry
	sorted []*entry // by key, then ID
	intern interner // guarded by Store.wmu (writes) or single-threaded build
}

func newEntry(p model.Person, in interner) *entry {
	e := &entry{p: p, f: model.FoldPerson(&p)}
	e.f = internFolded(e.f, in)
	e.key = in.get([]byte(model.Fold(p.LastName + " " + p.FirstName)))
	return e
}

func internFolded(f model.Folded, in interner) model.Folded {
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
	if c := strings.Compare(a.key, b.key); c != 0 {
		return c
	}
	switch {
	case a.p.ID < b.p.ID:
		return -1
	case a.p.ID > b.p.ID:
		return 1
	}
	return 0
}

func buildIndex(tx *bolt.Tx) (*index, error) {
	b := tx.Bucket(bPeople)
	n := b.Stats().KeyN
	idx := &index{byID: make(map[model.PersonID]*entry, n), sorted: make([]*entry, 0, n), intern: interner{}}
	err := b.ForEach(func(k, v []byte) error {
		id := model.PersonID(btoi(k))
		p, err := decodePerson(id, v, idx.intern)
		if err != nil {
			return &corruptError{id: id, err: err}
		}
		e := newEntry(p, idx.intern)
		idx.byID[id] = e
		idx.sorted = append(idx.sorted, e)
		return nil
	})
	slices.SortFunc(idx.sorted, less)
	return idx, err
}

type corruptError struct {
	id  model.PersonID
	err error
}

func (e *corruptError) Error() string {
	return "fiche " + itoa(int(e.id)) + " : " + e.err.Error() + " (lancez « fichier check »)"
}

func (idx *index) get(id model.PersonID) (model.Person, bool) {
	idx.mu.RLock()
	defer idx.mu.RUnlock()
	e, ok := idx.byID[id]
	if !ok {
		return model.Person{}, false
	}
	return e.p, true
}

// set inserts or replaces a fiche (caller holds Store.wmu).
func (idx *index) set(p model.Person) {
	e := newEntry(p, idx.intern)
	idx.mu.Lock()
	defer idx.mu.Unlock()
	if old, ok := idx.byID[p.ID]; ok {
		idx.removeSorted(old)
	}
	idx.byID[p.ID] = e
	i, _ := slices.BinarySearchFunc(idx.sorted, e, less)
	idx.sorted = slices.Insert(idx.sorted, i, e)
}

// remove drops a fiche (caller holds Store.wmu).
func (idx *index) remove(id model.PersonID) {
	idx.mu.Lock()
	defer idx.mu.Unlock()
	if old, ok := idx.byID[id]; ok {
		idx.removeSorted(old)
		delete(idx.byID, id)
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
