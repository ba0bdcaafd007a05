package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"strings"

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
}

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

// errEmptyFile is the message for a zero-byte or missing file.
var ErrEmpty = errors.New("fichier vide ou absent : ce n'est pas (encore) un fichier militant ; créez-le avec « fichier init » ou « fichier demo »")

// openRaw opens path and picks its valid meta page, as bbolt would: the one
// with the highest transaction id among those whose checksum holds. It
// refuses a file shorter than the pages its meta page claims.
func openRaw(path string) (*rawFile, error) { return openRawFile(path, true) }

// openRawFile is openRaw; when lenient (salvage, check), a file shorter than
// its header says is opened anyway, its missing pages reported as lost.
func openRawFile(path string, strict bool) (*rawFile, error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s : %w", path, ErrEmpty)
	}
	if err != nil {
		return nil, fmt.Errorf("impossible de lire %s : %w", path, frenchOSError(err))
	}
	if st.IsDir() {
		return nil, damaged(path, "c'est un dossier, pas un fichier")
	}
	if st.Size() == 0 {
		return nil, fmt.Errorf("%s : %w", path, ErrEmpty)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("impossible de lire %s : %w", path, frenchOSError(err))
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
// the file and identifies itself as id.
func (r *rawFile) page(id uint64) ([]byte, error) {
	if id < 2 || id >= r.meta.hwm {
		return nil, fmt.Errorf("page %d hors du fichier", id)
	}
	head := make([]byte, pageHeaderSize)
	if (id+1)*r.psize > uint64(r.size) {
		return nil, fmt.Errorf("page %d au-delà de la fin du fichier", id)
	}
	if _, err := r.f.ReadAt(head, int64(id*r.psize)); err != nil {
		return nil, fmt.Errorf("page %d illisible : %v", id, err)
	}
	if got := le.Uint64(head); got != id {
		return nil, fmt.Errorf("page %d abîmée (elle se dit page %d)", id, got)
	}
	overflow := uint64(le.Uint32(head[12:]))
	if overflow >= r.meta.hwm-id {
		return nil, fmt.Errorf("page %d abîmée (déborde du fichier)", id)
	}
	buf := make([]byte, (overflow+1)*r.psize)
	if end := (id + overflow + 1) * r.psize; end > uint64(r.size) {
		return nil, fmt.Errorf("page %d au-delà de la fin du fichier", id)
	}
	if _, err := r.f.ReadAt(buf, int64(id*r.psize)); err != nil {
		return nil, fmt.Errorf("page %d illisible : %v", id, err)
	}
	return buf, nil
}

// freelist returns the ids the file's free list holds.
func (r *rawFile) freelist() ([]uint64, error) {
	p, err := r.page(r.meta.freelist)
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

// rawEntry is one key/value of a leaf; sub is set for a nested bucket.
type rawEntry struct {
	key, value []byte
	bucket     bool
}

// pageEntries checks a branch or leaf page (or an inline bucket's page)
// and returns its elements: leaf entries, or for a branch, the children's
// first keys and page ids.
func pageEntries(p []byte) (leaf []rawEntry, keys [][]byte, children []uint64, err error) {
	if len(p) < pageHeaderSize {
		return nil, nil, nil, errors.New("page trop courte")
	}
	flags, count := le.Uint16(p[8:]), uint64(le.Uint16(p[10:]))
	if pageHeaderSize+count*elemSize > uint64(len(p)) {
		return nil, nil, nil, errors.New("nombre d'éléments impossible")
	}
	var prev []byte
	for i := uint64(0); i < count; i++ {
		e := p[pageHeaderSize+i*elemSize:]
		at := pageHeaderSize + i*elemSize
		var pos, ksize, vsize uint64
		switch flags {
		case flagBranch:
			pos, ksize = uint64(le.Uint32(e)), uint64(le.Uint32(e[4:]))
		case flagLeaf:
			pos, ksize, vsize = uint64(le.Uint32(e[4:])), uint64(le.Uint32(e[8:])), uint64(le.Uint32(e[12:]))
		default:
			return nil, nil, nil, fmt.Errorf("type de page inconnu (%#x)", flags)
		}
		start := at + pos
		if start+ksize+vsize > uint64(len(p)) {
			return nil, nil, nil, fmt.Errorf("élément %d hors de la page", i)
		}
		k := p[start : start+ksize]
		if i > 0 && bytes.Compare(prev, k) >= 0 {
			return nil, nil, nil, errors.New("clés dans le désordre")
		}
		prev = k
		if flags == flagBranch {
			keys = append(keys, k)
			children = append(children, le.Uint64(e[8:]))
			continue
		}
		leaf = append(leaf, rawEntry{key: k, value: p[start+ksize : start+ksize+vsize], bucket: le.Uint32(e)&bucketLeafFlag != 0})
	}
	if flags == flagBranch && count == 0 {
		return nil, nil, nil, errors.New("page de branchement vide")
	}
	return leaf, keys, children, nil
}

// treeWalk visits every readable entry of the buckets of a raw file,
// recording each damaged page instead of stopping.
type treeWalk struct {
	r        *rawFile
	seen     []bool // pages reached from the root, overflow included
	problems []string
	lost     int // damaged pages (each may have held many records)
}

// walkFile walks the whole tree from the root; visit receives every leaf
// entry with its bucket path (nil for the root bucket).
func (r *rawFile) walk(visit func(path [][]byte, e rawEntry)) *treeWalk {
	w := &treeWalk{r: r, seen: make([]bool, r.meta.hwm)}
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
	p, err := w.r.page(id)
	if err == nil {
		for i := uint64(0); i <= uint64(len(p))/w.r.psize-1; i++ {
			if w.seen[id+i] {
				err = fmt.Errorf("page %d référencée deux fois", id+i)
				break
			}
		}
	}
	var leaf []rawEntry
	var keys [][]byte
	var children []uint64
	if err == nil {
		leaf, keys, children, err = pageEntries(p)
	}
	if err != nil {
		w.lost++
		w.problem("%s : %v%s", where, err, keyRange(path, lo, hi))
		return
	}
	for i := uint64(0); i < uint64(len(p))/w.r.psize; i++ {
		w.seen[id+i] = true
	}
	for i, c := range children {
		var next []byte
		if i+1 < len(keys) {
			next = keys[i+1]
		} else {
			next = hi
		}
		w.tree(c, path, keys[i], next, visit, depth+1)
	}
	w.entries(leaf, path, visit, depth)
}

func (w *treeWalk) entries(leaf []rawEntry, path [][]byte, visit func([][]byte, rawEntry), depth int) {
	for _, e := range leaf {
		if visit != nil {
			visit(path, e)
		}
		if !e.bucket {
			continue
		}
		sub := append(append([][]byte(nil), path...), e.key)
		if len(e.value) < 16 {
			w.lost++
			w.problem("%s : compartiment abîmé", bucketName(sub))
			continue
		}
		if root := le.Uint64(e.value); root != 0 {
			w.tree(root, sub, nil, nil, visit, depth+1)
			continue
		}
		inline, _, _, err := pageEntries(e.value[16:])
		if err == nil && le.Uint16(e.value[16+8:]) != flagLeaf {
			err = errors.New("compartiment en ligne abîmé")
		}
		if err != nil {
			w.lost++
			w.problem("%s : %v", bucketName(sub), err)
			continue
		}
		w.entries(inline, sub, visit, depth+1)
	}
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
	fl, _ := w.r.page(w.r.meta.freelist)
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
	if len(path) == 0 || (lo == nil && hi == nil) {
		return ""
	}
	if len(lo) == 8 && (hi == nil || len(hi) == 8) {
		if hi == nil {
			return fmt.Sprintf(" (enregistrements n° %d et suivants perdus)", btoi(lo))
		}
		return fmt.Sprintf(" (enregistrements n° %d à %d perdus)", btoi(lo), btoi(hi)-1)
	}
	return ""
}
