package store

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"

	"fichier/model"
	"fichier/model/query"
)

// indexBuild builds the in-memory index from the people records given to
// add, decoding them into rows on every core while they keep coming: at
// open they come from the walk that checks the file's structure
// (validateFile), which reads every page anyway, so that decoding runs
// beside the check rather than after it, and the people pages are never
// read through bbolt's memory map (at 1M fiches, 330 MiB that would stay
// resident).
type indexBuild struct {
	batches chan []rawPerson
	batch   []rawPerson
	bytes   []byte // the current batch's copies of the records
	wg      sync.WaitGroup
	parts   [][]keyedRow   // by worker
	names   []nameRanks    // by worker
	ranks   [][][2]*uint32 // by worker, its rows' names in parts' order
	interns []interner
	errs    []error
	n       int
	done    bool

	gcAfter      int
	restoreLimit func()
}

// rawPerson is a fiche's record, in memory the build owns.
type rawPerson struct{ k, v []byte }

const (
	buildBatch      = 1024    // records a batch
	buildBatchBytes = 1 << 18 // … or bytes
)

// bigIndex is the number of fiches from which building the index runs
// under a memory limit of bytesPerRow a fiche above what the heap held.
const (
	bigIndex    = 250_000
	bytesPerRow = 760
)

// freeOSMin is the number of fiches from which the build's garbage is given
// back to the system at once.
var freeOSMin = 20_000

func startIndexBuild() *indexBuild {
	workers := min(runtime.GOMAXPROCS(0), 4)
	b := &indexBuild{
		batches: make(chan []rawPerson, 2*workers),
		parts:   make([][]keyedRow, workers),
		names:   make([]nameRanks, workers),
		ranks:   make([][][2]*uint32, workers),
		interns: make([]interner, workers),
		errs:    make([]error, workers),
		// Building allocates a lot of long-lived data at once: collecting
		// garbage every time the heap doubles from a small start would scan
		// the growing index again and again.
		gcAfter:      debug.SetGCPercent(400),
		restoreLimit: func() {},
	}
	for w := range workers {
		b.wg.Go(func() { b.decode(w) })
	}
	return b
}

// expect tells the build how many fiches to expect at most (a hint).
func (b *indexBuild) expect(n uint64) {
	if n < bigIndex {
		return
	}
	// A big file (a national one): the garbage the build makes would
	// otherwise pile up to several times the index before a collection
	// (1.9 GiB peak at 1M). A memory limit a little above the index's
	// expected size makes the runtime collect when needed, and only then.
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	limit := int64(ms.HeapAlloc) + int64(min(n, 1<<32))*bytesPerRow
	old := debug.SetMemoryLimit(-1)
	debug.SetMemoryLimit(min(old, limit))
	b.restoreLimit = func() { debug.SetMemoryLimit(old) }
}

// wants and visit make the build a structure walk's visitor
// (validateFile): it takes the people records, and the people bucket's
// sequence (its highest ID) as the number of fiches to expect.
func (b *indexBuild) wants(path [][]byte) bool {
	return len(path) == 0 || len(path) == 1 && bytes.Equal(path[0], bPeople)
}

func (b *indexBuild) visit(path [][]byte, e rawEntry) {
	switch {
	case len(path) == 1:
		if e.bucket {
			e.value = nil // not a fiche: bbolt's ForEach gives no value either
		}
		b.add(e.key, e.value)
	case e.bucket && bytes.Equal(e.key, bPeople) && len(e.value) >= 16:
		b.expect(le.Uint64(e.value[8:]))
	}
}

// add copies a record into the current batch, sent to the decoders when
// full.
func (b *indexBuild) add(k, v []byte) {
	if len(b.bytes)+len(k)+len(v) > cap(b.bytes) {
		b.send()
		b.bytes = make([]byte, 0, max(buildBatchBytes, len(k)+len(v)))
	}
	off := len(b.bytes)
	b.bytes = append(append(b.bytes, k...), v...)
	b.batch = append(b.batch, rawPerson{b.bytes[off : off+len(k)], b.bytes[off+len(k) : len(b.bytes)]})
	b.n++
	if len(b.batch) == buildBatch {
		b.send()
	}
}

func (b *indexBuild) send() {
	if len(b.batch) > 0 {
		b.batches <- b.batch
		b.batch = nil
	}
}

// decode is worker w: it decodes batches into rows, each worker with its
// own interner and row builder (sharing the folded text of repeated
// values), and numbers its rows' names.
func (b *indexBuild) decode(w int) {
	in, names := interner{}, nameRanks{}
	var rows query.RowBuilder
	var arena rowArena
	var part []keyedRow
	var ranks [][2]*uint32
	for batch := range b.batches {
		if b.errs[w] != nil {
			continue // drained, so that add never blocks
		}
		// One array of rows rather than one allocation a row: no rounding
		// up to a size class, no gaps left between rows by the decoding's
		// garbage (16 bytes and more a row). A row replaced later is a new
		// allocation (its old place stays until the next build).
		slab := make([]entry, len(batch))
		for j, r := range batch {
			id := model.PersonID(btoi(r.k))
			p, err := decodeRowPerson(id, r.v, in)
			if err != nil {
				b.errs[w] = &corruptError{id: id, err: err}
				break
			}
			e := &slab[j]
			rows.Fill(e, &p)
			arena.pack(e)
			part = append(part, keyedRow{id: id, e: e})
			last, first := e.SortNames()
			ranks = append(ranks, [2]*uint32{names.of(last), names.of(first)})
		}
	}
	b.parts[w], b.interns[w], b.names[w], b.ranks[w] = part, in, names, ranks
}

// sortParts gives the rows their keys and sorts each worker's.
func (b *indexBuild) sortParts() {
	rankNames(b.names)
	var wg sync.WaitGroup
	for w, part := range b.parts {
		wg.Go(func() {
			for j, r := range b.ranks[w] {
				part[j].key = uint64(*r[0])<<32 | uint64(*r[1])
			}
			slices.SortFunc(part, lessKeyed)
		})
	}
	wg.Wait()
	b.names, b.ranks = nil, nil
}

// wait ends the decoding (once).
func (b *indexBuild) wait() {
	if b.done {
		return
	}
	b.done = true
	b.send()
	close(b.batches)
	b.wg.Wait()
}

// restoreGC gives the collector back the settings the build changed for
// itself.
func (b *indexBuild) restoreGC() {
	debug.SetGCPercent(b.gcAfter)
	b.restoreLimit()
}

// abandon stops the build, its result dropped; after finish, it does
// nothing.
func (b *indexBuild) abandon() {
	if !b.done {
		b.wait()
		b.restoreGC()
	}
}

// finish merges the decoded rows into the index.
func (b *indexBuild) finish() (*index, error) {
	b.wait()
	defer b.restoreGC()
	for _, err := range b.errs {
		if err != nil {
			return nil, err
		}
	}
	n := b.n
	idx := &index{byID: make(map[model.PersonID]*entry, n), intern: b.interns[0]}
	b.sortParts()
	merged := mergeSorted(b.parts)
	b.parts = nil
	idx.sorted = make([]*entry, len(merged))
	for i, r := range merged {
		idx.sorted[i] = r.e
	}
	var freeOS func()
	if n >= freeOSMin {
		// The build's garbage (decoding buffers, the text index's lists)
		// would otherwise stay resident until the runtime gives it back
		// little by little: give it back at once, when the build's last
		// part (in the background) is done (tens of ms at 100k).
		freeOS = debug.FreeOSMemory
	}
	var wg sync.WaitGroup
	wg.Go(func() { idx.text = buildTextIndex(idx.sorted, freeOS) })
	for _, e := range idx.sorted {
		idx.byID[e.ID] = e
	}
	wg.Wait()
	if n >= bigIndex {
		// Collect when the heap grows by a quarter, not when it doubles: at
		// 1M fiches (≈ 650 MiB of index) doubling is what a 2 GB laptop
		// cannot give. Searches make little garbage; collections are rare.
		b.gcAfter = min(b.gcAfter, 25)
	}
	return idx, nil
}
