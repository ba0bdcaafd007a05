package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"strings"

	"fichier/internal/safefile"
	"fichier/model"
)

// rawFile reads a bbolt file with plain, bounds-checked reads (never
// through bbolt's memory map), so that a damaged file can be validated,
// checked and salvaged without a panic or a fault. It understands bbolt's
// on-disk layout (go.etcd.io/bbolt v1.4: internal/common/page.go, meta.go).
type rawFile struct {
	f        *os.File
	size     int64
	psize    uint64
	meta     rawMeta
	problems []string // meta-level remarks (one meta page unreadable)
	// ahead holds the file's bytes from aheadOff on: pages are read through
	// it (readPage), in blocks.
	ahead    []byte
	aheadOff int64
}

// readAhead is the size of the blocks pages are read in: a walk reads
// pages nearly in file order (98 % of them within 16 pages after the one
// before, in the 100k demo file), and one system call a page was most of
// its time.
const readAhead = 128 << 10

type rawMeta struct {
	root, freelist, hwm, txid uint64
}

const (
	pageHeaderSize = 16
	elemSize       = 16 // branch and leaf elements alike
	flagBranch     = 0x01
	flagLeaf       = 0x02
	flagMeta       = 0x04
	flagFreelist   = 0x10
	bucketLeafFlag = 0x01
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	noFreelist     = ^uint64(0)
	maxTreeDepth   = 64
)

var le = binary.LittleEndian // bbolt writes its structures in native order

// ErrEmpty is the error for a zero-byte or missing file where a database is expected.
var ErrEmpty = errors.New("fichier vide ou absent : ce n'est pas (encore) un fichier militant ; créez-le avec « fichier init » ou « fichier demo »")

// emptyError says which of the two it is.
func emptyError(path string, missing bool) error {
	if missing {
		return fmt.Errorf("%s n'existe pas — %w", model.StripControl(path), ErrEmpty)
	}
	return fmt.Errorf("%s est vide — %w", model.StripControl(path), ErrEmpty)
}

// openRaw opens path and picks its valid meta page, as bbolt would: the one
// with the highest transaction id among those whose checksum holds. It
// refuses a file shorter than the pages its meta page claims.
func openRaw(path string) (*rawFile, error) { return openRawFile(path, true) }

// openRawFile is openRaw; when lenient (salvage, check), a file shorter than
// its header says is opened anyway, its missing pages reported as lost.
func openRawFile(path string, strict bool) (*rawFile, error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, emptyError(path, true)
	}
	if err != nil {
		return nil, fmt.Errorf("impossible de lire %s : %w", path, safefile.French(err))
	}
	if st.IsDir() {
		return nil, damaged(path, "c'est un dossier, pas un fichier")
	}
	if st.Size() == 0 {
		return nil, emptyError(path, false)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("impossible de lire %s : %w", path, safefile.French(err))
	}
	r := &rawFile{f: f, size: st.Size()}
	if err := r.readMetas(strict); err != nil {
		f.Close()
		return nil, damaged(path, err.Error())
	}
	return r, nil
}

func (r *rawFile) Close() error { return r.f.Close() }

func (r *rawFile) readMetas(strict bool) error {
	m0, psize, err0 := r.readMeta(0, 0)
	sizes := []uint64{uint64(os.Getpagesize()), 4096, 16384, 65536}
	if err0 == nil {
		sizes = []uint64{psize}
	}
	var m1 rawMeta
	err1 := errors.New("page de méta 1 illisible")
	for _, ps := range sizes {
		var p1 uint64
		if m1, p1, err1 = r.readMeta(ps, 1); err1 == nil {
			psize = p1
			break
		}
	}
	switch {
	case err0 != nil && err1 != nil:
		return errors.New("en-tête illisible (les deux pages de méta sont abîmées) : ce n'est peut-être pas un fichier militant")
	case err0 != nil:
		r.meta = m1
		r.problems = append(r.problems, "page de méta 0 abîmée : la dernière écriture a peut-être été perdue")
	case err1 != nil:
		r.meta = m0
		r.problems = append(r.problems, "page de méta 1 abîmée : la dernière écriture a peut-être été perdue")
	case m1.txid > m0.txid:
		r.meta = m1
	default:
		r.meta = m0
	}
	r.psize = psize
	m := r.meta
	if m.hwm < 4 {
		return fmt.Errorf("en-tête incohérent (%d pages annoncées)", m.hwm)
	}
	if need := m.hwm * psize; need > uint64(r.size) {
		msg := fmt.Sprintf("fichier tronqué : %d octets, il en faut au moins %d (copie incomplète ?)", r.size, need)
		if strict {
			return errors.New(msg)
		}
		r.problems = append(r.problems, msg)
	}
	if m.root < 2 || m.root >= m.hwm {
		return fmt.Errorf("en-tête incohérent (racine %d hors du fichier)", m.root)
	}
	if m.freelist == noFreelist || m.freelist < 2 || m.freelist >= m.hwm {
		return fmt.Errorf("en-tête incohérent (liste des pages libres %d hors du fichier)", m.freelist)
	}
	return nil
}

// readMeta reads the meta page at byte offset off and checks it.
func (r *rawFile) readMeta(off uint64, want uint64) (rawMeta, uint64, error) {
	buf := make([]byte, pageHeaderSize+64)
	if _, err := r.f.ReadAt(buf, int64(off)); err != nil {
		return rawMeta{}, 0, err
	}
	if le.Uint16(buf[8:]) != flagMeta {
		return rawMeta{}, 0, errors.New("pas une page de méta")
	}
	m := buf[pageHeaderSize:]
	h := fnv.New64a()
	h.Write(m[:56])
	if le.Uint32(m[0:]) != boltMagic || le.Uint32(m[4:]) != boltVersion || le.Uint64(m[56:]) != h.Sum64() {
		return rawMeta{}, 0, errors.New("page de méta invalide")
	}
	psize := uint64(le.Uint32(m[8:]))
	if psize < 1024 || psize > 1<<20 || psize&(psize-1) != 0 || (want == 1 && off != psize) {
		return rawMeta{}, 0, errors.New("taille de page invalide")
	}
	return rawMeta{root: le.Uint64(m[16:]), freelist: le.Uint64(m[32:]), hwm: le.Uint64(m[40:]), txid: le.Uint64(m[48:])}, psize, nil
}

// page reads page id with its overflow pages, checking that it lies inside
// the file and identifies itself as id. The page is read into buf when it
// is large enough (buf may be reused by the caller), else into a new slice.
func (r *rawFile) page(id uint64, buf []byte) ([]byte, error) {
	if id < 2 || id >= r.meta.hwm {
		return nil, fmt.Errorf("page %d hors du fichier", id)
	}
	if (id+1)*r.psize > uint64(r.size) {
		return nil, fmt.Errorf("page %d au-delà de la fin du fichier", id)
	}
	if uint64(cap(buf)) < r.psize {
		buf = make([]byte, r.psize)
	}
	buf = buf[:r.psize]
	if err := r.readPage(buf, int64(id*r.psize)); err != nil {
		return nil, fmt.Errorf("page %d illisible : %v", id, err)
	}
	if got := le.Uint64(buf); got != id {
		return nil, fmt.Errorf("page %d abîmée (elle se dit page %d)", id, got)
	}
	overflow := uint64(le.Uint32(buf[12:]))
	if overflow == 0 {
		return buf, nil
	}
	if overflow >= r.meta.hwm-id {
		return nil, fmt.Errorf("page %d abîmée (déborde du fichier)", id)
	}
	if end := (id + overflow + 1) * r.psize; end > uint64(r.size) {
		return nil, fmt.Errorf("page %d au-delà de la fin du fichier", id)
	}
	full := (overflow + 1) * r.psize
	if uint64(cap(buf)) >= full {
		buf = buf[:full]
	} else {
		buf = append(buf, make([]byte, full-r.psize)...)
	}
	if err := r.readPage(buf[r.psize:], int64((id+1)*r.psize)); err != nil {
		return nil, fmt.Errorf("page %d illisible : %v", id, err)
	}
	return buf, nil
}

// readPage fills p with the file's bytes at off, which lie inside the
// file (r.size), through the read-ahead block.
func (r *rawFile) readPage(p []byte, off int64) error {
	if off >= r.aheadOff && off+int64(len(p)) <= r.aheadOff+int64(len(r.ahead)) {
		copy(p, r.ahead[off-r.aheadOff:])
		return nil
	}
	if len(p) >= readAhead/2 {
		_, err := r.f.ReadAt(p, off)
		return err
	}
	if r.ahead == nil {
		r.ahead = make([]byte, readAhead)
	}
	n, err := r.f.ReadAt(r.ahead[:min(readAhead, r.size-off)], off)
	r.ahead, r.aheadOff = r.ahead[:n], off
	if err != nil {
		r.ahead = r.ahead[:0]
		return err
	}
	copy(p, r.ahead)
	return nil
}

// freelist returns the ids the file's free list holds.
func (r *rawFile) freelist() ([]uint64, error) {
	p, err := r.page(r.meta.freelist, nil)
	if err != nil {
		return nil, err
	}
	if le.Uint16(p[8:]) != flagFreelist {
		return nil, fmt.Errorf("liste des pages libres abîmée (page %d)", r.meta.freelist)
	}
	start, count := uint64(pageHeaderSize), uint64(le.Uint16(p[10:]))
	if count == 0xFFFF {
		count = le.Uint64(p[pageHeaderSize:])
		start += 8
	}
	if count > (uint64(len(p))-start)/8 {
		return nil, fmt.Errorf("liste des pages libres abîmée (page %d)", r.meta.freelist)
	}
	ids := make([]uint64, count)
	for i := range ids {
		ids[i] = le.Uint64(p[start+uint64(i)*8:])
	}
	return ids, nil
}

// rawEntry is one key/value of a leaf; bucket is set for a nested bucket.
type rawEntry struct {
	key, value []byte
	bucket     bool
}

// checkPage checks a branch or leaf page (or an inline bucket's page): its
// elements lie inside it, keys in strictly increasing order.
func checkPage(p []byte) error {
	if len(p) < pageHeaderSize {
		return errors.New("page trop courte")
	}
	flags, count := le.Uint16(p[8:]), uint64(le.Uint16(p[10:]))
	if flags != flagBranch && flags != flagLeaf {
		return fmt.Errorf("type de page inconnu (%#x)", flags)
	}
	if pageHeaderSize+count*elemSize > uint64(len(p)) {
		return errors.New("nombre d'éléments impossible")
	}
	if flags == flagBranch && count == 0 {
		return errors.New("page de branchement vide")
	}
	var prev []byte
	for i := uint64(0); i < count; i++ {
		at := pageHeaderSize + i*elemSize
		e := p[at:]
		var pos, ksize, vsize uint64
		if flags == flagBranch {
			pos, ksize = uint64(le.Uint32(e)), uint64(le.Uint32(e[4:]))
		} else {
			pos, ksize, vsize = uint64(le.Uint32(e[4:])), uint64(le.Uint32(e[8:])), uint64(le.Uint32(e[12:]))
		}
		if at+pos+ksize+vsize > uint64(len(p)) {
			return fmt.Errorf("élément %d hors de la page", i)
		}
		k := p[at+pos : at+pos+ksize]
		if i > 0 && bytes.Compare(prev, k) >= 0 {
			return errors.New("clés dans le désordre")
		}
		prev = k
	}
	return nil
}

// pageElements calls branch for each element of a branch page, or leaf
// for each entry of a leaf page. The page must have passed checkPage.
func pageElements(p []byte, branch func(i int, key []byte, child uint64), leaf func(e rawEntry)) {
	flags, count := le.Uint16(p[8:]), int(le.Uint16(p[10:]))
	for i := range count {
		at := pageHeaderSize + i*elemSize
		e := p[at:]
		if flags == flagBranch {
			pos, ksize := int(le.Uint32(e)), int(le.Uint32(e[4:]))
			branch(i, p[at+pos:at+pos+ksize], le.Uint64(e[8:]))
			continue
		}
		pos, ksize, vsize := int(le.Uint32(e[4:])), int(le.Uint32(e[8:])), int(le.Uint32(e[12:]))
		k := p[at+pos : at+pos+ksize]
		leaf(rawEntry{key: k, value: p[at+pos+ksize : at+pos+ksize+vsize], bucket: le.Uint32(e)&bucketLeafFlag != 0})
	}
}

// treeWalk visits every readable entry of the buckets of a raw file,
// recording each damaged page instead of stopping.
type treeWalk struct {
	r        *rawFile
	seen     []bool // pages reached from the root, overflow included
	problems []string
	lost     int      // damaged pages (each may have held many records)
	bufs     [][]byte // one page buffer per depth, when nothing keeps the entries
	keep     bool     // the visitor keeps entries: read each page into its own memory
	// wants, if set, says which buckets' entries the visitor receives (the
	// others are still walked, their nested buckets visited).
	wants func(path [][]byte) bool
}

// walk walks the whole tree from the root; visit (if set) receives every
// leaf entry with its bucket path (nil for the root bucket) and may keep it.
func (r *rawFile) walk(visit func(path [][]byte, e rawEntry)) *treeWalk {
	return r.walkPages(visit, visit != nil, nil)
}

// walkPages is walk; unless keep, the entries visit receives are only valid
// during the call (their pages' memory is reused); wants, if set, says
// which buckets' entries visit receives (treeWalk.wants).
func (r *rawFile) walkPages(visit func(path [][]byte, e rawEntry), keep bool, wants func(path [][]byte) bool) *treeWalk {
	w := &treeWalk{r: r, seen: make([]bool, r.meta.hwm), keep: keep, wants: wants}
	w.seen[0], w.seen[1] = true, true
	w.tree(r.meta.root, nil, nil, nil, visit, 0)
	return w
}

func (w *treeWalk) problem(format string, args ...any) {
	w.problems = append(w.problems, fmt.Sprintf(format, args...))
}

// tree walks the subtree at page id; lo and hi are the key range its parent
// says it covers (for the message when it is lost).
func (w *treeWalk) tree(id uint64, path [][]byte, lo, hi []byte, visit func([][]byte, rawEntry), depth int) {
	where := bucketName(path)
	if depth > maxTreeDepth {
		w.lost++
		w.problem("%s : arbre trop profond (page %d)", where, id)
		return
	}
	var buf []byte
	if !w.keep {
		// A page's buffer is reused by the next page at the same depth:
		// its children (deeper) never overwrite it while it is walked.
		for len(w.bufs) <= depth {
			w.bufs = append(w.bufs, nil)
		}
		buf = w.bufs[depth]
	}
	p, err := w.r.page(id, buf)
	if !w.keep && err == nil {
		w.bufs[depth] = p
	}
	pages := uint64(0)
	if err == nil {
		pages = uint64(len(p)) / w.r.psize
		for i := uint64(0); i < pages; i++ {
			if w.seen[id+i] {
				err = fmt.Errorf("page %d référencée deux fois", id+i)
				break
			}
		}
	}
	if err == nil {
		err = checkPage(p)
	}
	if err != nil {
		w.lost++
		w.problem("%s : %v%s", where, err, keyRange(path, lo, hi))
		return
	}
	for i := uint64(0); i < pages; i++ {
		w.seen[id+i] = true
	}
	var prevKey []byte
	var prevChild uint64
	here := w.visits(visit, path)
	pageElements(p, func(i int, key []byte, child uint64) {
		// A child covers the keys up to the next one's first key.
		if i > 0 {
			w.tree(prevChild, path, prevKey, key, visit, depth+1)
		}
		prevKey, prevChild = key, child
	}, func(e rawEntry) {
		if here || e.bucket {
			w.entry(e, path, visit, here, depth)
		}
	})
	if prevKey != nil {
		w.tree(prevChild, path, prevKey, hi, visit, depth+1)
	}
}

// visits reports whether visit receives the entries of the bucket at path.
func (w *treeWalk) visits(visit func([][]byte, rawEntry), path [][]byte) bool {
	return visit != nil && (w.wants == nil || w.wants(path))
}

// entry visits e (if here) and walks the bucket it is, if it is one.
func (w *treeWalk) entry(e rawEntry, path [][]byte, visit func([][]byte, rawEntry), here bool, depth int) {
	if here {
		visit(path, e)
	}
	if !e.bucket {
		return
	}
	sub := append(append([][]byte(nil), path...), e.key)
	if len(e.value) < 16 {
		w.lost++
		w.problem("%s : compartiment abîmé", bucketName(sub))
		return
	}
	if root := le.Uint64(e.value); root != 0 {
		w.tree(root, sub, nil, nil, visit, depth+1)
		return
	}
	inline := e.value[16:]
	err := checkPage(inline)
	if err == nil && le.Uint16(inline[8:]) != flagLeaf {
		err = errors.New("compartiment en ligne abîmé")
	}
	if err != nil {
		w.lost++
		w.problem("%s : %v", bucketName(sub), err)
		return
	}
	here = w.visits(visit, sub)
	pageElements(inline, nil, func(e rawEntry) {
		if here || e.bucket {
			w.entry(e, sub, visit, here, depth+1)
		}
	})
}

// checkPages compares the pages reached with the free list: every page is
// used or free, never both. Run after walk.
func (w *treeWalk) checkPages() {
	free, err := w.r.freelist()
	if err != nil {
		w.problem("%v", err)
		return
	}
	isFree := make([]bool, w.r.meta.hwm)
	for _, id := range free {
		switch {
		case id < 2 || id >= w.r.meta.hwm:
			w.problem("liste des pages libres abîmée : page %d hors du fichier", id)
			return
		case w.seen[id]:
			w.problem("page %d à la fois utilisée et libre", id)
			return
		}
		isFree[id] = true
	}
	fl, _ := w.r.page(w.r.meta.freelist, nil)
	for i := uint64(0); i < uint64(len(fl))/w.r.psize; i++ {
		isFree[w.r.meta.freelist+i] = true
	}
	unknown := 0
	if w.lost > 0 {
		return // pages under a damaged one were not reached: not a separate problem
	}
	for id := uint64(2); id < w.r.meta.hwm; id++ {
		if !w.seen[id] && !isFree[id] {
			unknown++
		}
	}
	if unknown > 0 {
		w.problem("%d page(s) ni utilisées ni libres", unknown)
	}
}

func bucketName(path [][]byte) string {
	if len(path) == 0 {
		return "racine"
	}
	parts := make([]string, len(path))
	for i, p := range path {
		parts[i] = model.StripControl(string(p))
	}
	return "compartiment « " + strings.Join(parts, " › ") + " »"
}

// keyRange describes the records a lost page held, when its parent says:
// for buckets keyed by 8-byte ids, "n° lo à hi".
func keyRange(path [][]byte, lo, hi []byte) string {
	if len(path) == 0 {
		return " (plus rien n'est lisible : reprenez la dernière sauvegarde)"
	}
	if lo == nil && hi == nil {
		return " (tous ses enregistrements perdus)"
	}
	if len(lo) == 8 && (hi == nil || len(hi) == 8) {
		if hi == nil {
			return fmt.Sprintf(" (enregistrements n° %d et suivants perdus)", btoi(lo))
		}
		return fmt.Sprintf(" (enregistrements n° %d à %d perdus)", btoi(lo), btoi(hi)-1)
	}
	return ""
}
