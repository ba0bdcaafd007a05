package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"fichier/internal/safefile"
	"fichier/model"
)

// rawSnapshot is everything readable in a (possibly damaged) file: the
// records of each top-level bucket, in key order, and the bucket sequences
// (so that IDs are never reused after a salvage).
type rawSnapshot struct {
	buckets  map[string]*rawBucket
	seqs     map[string]uint64
	problems []string
	lost     int // damaged pages
}

// rawBucket holds a bucket's readable records in key order.
type rawBucket struct {
	keys, vals [][]byte
	byKey      map[string]int
}

func (b *rawBucket) Get(k []byte) []byte {
	if i, ok := b.byKey[string(k)]; ok {
		return b.vals[i]
	}
	return nil
}

func (b *rawBucket) ForEach(fn func(k, v []byte) error) error {
	for i := range b.keys {
		if err := fn(b.keys[i], b.vals[i]); err != nil {
			return err
		}
	}
	return nil
}

// checkSchema refuses a file of a schema older than oldest or newer than
// this build's, whose records it does not read (a v0 file is upgraded by
// opening it, not salvaged). A lost meta bucket is taken as the current
// version.
func (s *rawSnapshot) checkSchema(oldest uint32) error {
	meta, ok := s.buckets[string(bMeta)]
	switch {
	case !ok && s.buckets[string(bPeople)] != nil && s.buckets[string(bUsers)] == nil:
		return fmt.Errorf("ce fichier (version 0) doit d'abord être ouvert en écriture pour être mis à jour")
	case !ok:
		return nil
	}
	v := meta.Get(kSchema)
	if len(v) != 4 {
		return nil
	}
	switch n := binary.BigEndian.Uint32(v); {
	case n > SchemaVersion:
		return ErrNewerSchema
	case n < oldest:
		return fmt.Errorf("ce fichier (version %d) doit d'abord être ouvert en écriture pour être mis à jour", n)
	}
	return nil
}

func (s *rawSnapshot) bucket(name []byte) kvBucket {
	if b, ok := s.buckets[string(name)]; ok {
		return b
	}
	return nil
}

// readDamaged reads every readable record of the file at path, holding the
// file's lock (shared) when its header is sound, so that no fichier writes
// it meanwhile. A header too damaged to find the data is a DamageError.
func readDamaged(path string) (*rawSnapshot, error) {
	r, err := openRawFile(path, false)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	db, err := guardedOpen(path, &bolt.Options{ReadOnly: true, Timeout: time.Second, FreelistType: bolt.FreelistMapType})
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, servedError(path)
	case err == nil:
		defer db.Close()
	}
	// Otherwise read without the lock: the header is sound for our reader
	// even where bbolt refuses it.
	snap := &rawSnapshot{buckets: map[string]*rawBucket{}, seqs: map[string]uint64{}}
	w := r.walk(func(path [][]byte, e rawEntry) {
		switch {
		case len(path) == 0 && e.bucket && len(e.value) >= 16:
			snap.seqs[string(e.key)] = le.Uint64(e.value[8:])
			snap.buckets[string(e.key)] = &rawBucket{byKey: map[string]int{}}
		case len(path) == 1 && !e.bucket:
			b := snap.buckets[string(path[0])]
			if b == nil {
				return
			}
			b.byKey[string(e.key)] = len(b.keys)
			b.keys = append(b.keys, e.key)
			b.vals = append(b.vals, e.value)
		}
	})
	if w.lost == 0 {
		w.checkPages()
	}
	snap.problems = append(append(snap.problems, r.problems...), w.problems...)
	snap.lost = w.lost
	return snap, nil
}

// SalvageReport says what Salvage copied and what it could not read.
type SalvageReport struct {
	Counts              Counts
	Units, Users, Audit int
	Saved, Payments     int
	LostPages           int
	Orphans             int // fiches copied whose unit was lost
	// What could not be read: fiches by ID where known, and counts.
	BadPeople  []model.PersonID
	Unreadable map[string]int
	Problems   []string
}

// String is what `fichier recuperer` prints.
func (r SalvageReport) String() string {
	c := r.Counts
	var b strings.Builder
	fmt.Fprintf(&b, "récupéré : %d fiches (adhérents: %d, compagnons: %d, contacts: %d, archivées: %d)\n",
		c.Total()+c.Archived, c.Adherents, c.Compagnons, c.Contacts, c.Archived)
	fmt.Fprintf(&b, "           %d unités · %d responsables · %d entrées du journal · %d recherches enregistrées · %d versements\n",
		r.Units, r.Users, r.Audit, r.Saved, r.Payments)
	if r.Orphans > 0 {
		fmt.Fprintf(&b, "attention : %d fiche(s) rattachée(s) à une unité perdue — recréez l'unité ou déplacez-les (« fichier check » les nomme)\n", r.Orphans)
	}
	if len(r.Unreadable) == 0 && r.LostPages == 0 {
		b.WriteString("rien d'illisible : tout a été repris\n")
		return b.String()
	}
	b.WriteString("non récupéré :\n")
	if r.LostPages > 0 {
		fmt.Fprintf(&b, "  %d page(s) du fichier illisibles (leurs enregistrements sont perdus)\n", r.LostPages)
	}
	for _, kind := range unreadableKinds {
		if n := r.Unreadable[kind]; n > 0 {
			fmt.Fprintf(&b, "  %d %s illisible(s)\n", n, kind)
		}
	}
	if len(r.BadPeople) > 0 {
		ids := make([]string, len(r.BadPeople))
		for i, id := range r.BadPeople {
			ids[i] = itoa(int(id))
		}
		fmt.Fprintf(&b, "  fiches perdues (n°) : %s\n", strings.Join(ids, ", "))
	}
	for _, p := range r.Problems {
		b.WriteString("  - " + model.StripControl(p) + "\n")
	}
	return b.String()
}

// salvageFrom is the oldest schema Salvage reads: schema 4 only added the
// dues summaries, which it makes again from the payments. A file older than
// this version is otherwise sent to be opened, so upgraded, first; a
// damaged one cannot be.
const salvageFrom = 3

// Salvage copies everything readable from the (damaged) file at path into
// a new file at out: fiches, units, responsables, saved searches, the
// journal, and the indexes rebuilt from what was copied. The damaged file
// is only read. out must not exist; it is written beside, synced, then
// renamed, and the salvage is journaled in it.
func Salvage(path, out string) (SalvageReport, error) {
	var rep SalvageReport
	if _, err := os.Stat(out); err == nil {
		return rep, fmt.Errorf("%s existe déjà : choisissez un nouveau fichier pour --out", model.StripControl(out))
	}
	if a, _ := filepath.Abs(path); a != "" {
		if b, _ := filepath.Abs(out); a == b {
			return rep, errors.New("--out doit être un nouveau fichier, pas le fichier abîmé")
		}
	}
	snap, err := readDamaged(path)
	if err != nil {
		return rep, err
	}
	if err := snap.checkSchema(salvageFrom); err != nil {
		return rep, err
	}
	rep.LostPages = snap.lost
	rep.Problems = snap.problems
	unreadable := func(kind string) {
		if rep.Unreadable == nil {
			rep.Unreadable = map[string]int{}
		}
		rep.Unreadable[kind]++
	}
	// Written through safefile (0600, synced, renamed); bbolt opens the
	// empty temporary file by name and makes it a database.
	tmp, err := safefile.Create(out)
	if err != nil {
		return rep, fmt.Errorf("récupération impossible : %w", safefile.French(err))
	}
	defer tmp.Discard()
	db, err := bolt.Open(tmp.Name(), 0o600, &bolt.Options{NoSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return rep, fmt.Errorf("récupération impossible : %w", safefile.French(err))
	}
	defer db.Close()
	b := func(name []byte) kvBucket {
		if k := snap.bucket(name); k != nil {
			return k
		}
		return emptyBucket{}
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := createBuckets(tx); err != nil {
			return err
		}
		put := func(name, k, v []byte) error {
			bk := tx.Bucket(name)
			bk.FillPercent = appendFill
			return bk.Put(k, v)
		}
		// Units, responsables and fiches: kept when they decode.
		units := map[model.UnitID]bool{}
		if err := b(bUnits).ForEach(func(k, v []byte) error {
			var u model.Unit
			if jsonUnmarshal(v, &u) != nil {
				unreadable(kindUnits)
				return nil
			}
			units[u.ID] = true
			rep.Units++
			return put(bUnits, k, v)
		}); err != nil {
			return err
		}
		users := map[string]model.UserID{}
		if err := b(bUsers).ForEach(func(k, v []byte) error {
			var u model.User
			if jsonUnmarshal(v, &u) != nil || u.Username == "" {
				unreadable(kindUsers)
				return nil
			}
			users[u.Username] = u.ID
			rep.Users++
			if err := put(bUsers, k, v); err != nil {
				return err
			}
			return put(bUsernames, []byte(u.Username), itob(uint64(u.ID)))
		}); err != nil {
			return err
		}
		people := map[model.PersonID]bool{}
		if err := b(bPeople).ForEach(func(k, v []byte) error {
			id := model.PersonID(btoi(k))
			p, err := decodePerson(id, v, nil)
			if err != nil || len(k) != 8 {
				unreadable(kindPeople)
				rep.BadPeople = append(rep.BadPeople, id)
				return nil
			}
			if !countPerson(&rep.Counts, p) {
				// Decodes, but into nonsense: left in the damaged copy.
				unreadable(kindPeople)
				rep.BadPeople = append(rep.BadPeople, id)
				rep.Problems = append(rep.Problems, fmt.Sprintf("fiche %d : type inconnu %d", id, p.Kind))
				return nil
			}
			people[id] = true
			for _, uid := range []model.UnitID{p.Org.Federation, p.Org.Section, p.Org.Cell} {
				if uid != 0 && !units[uid] {
					rep.Orphans++
					break
				}
			}
			if p.MemberNumber != "" {
				if err := put(bMemberNumbers, []byte(p.MemberNumber), k); err != nil {
					return err
				}
			}
			return put(bPeople, k, v)
		}); err != nil {
			return err
		}
		// The journal, and its per-person index rebuilt from it. Fiches the
		// journal knows of that are neither here nor erased were lost.
		known, erased := map[model.PersonID]bool{}, map[model.PersonID]bool{}
		if err := b(bAudit).ForEach(func(k, v []byte) error {
			e, err := decodeAudit(v)
			if err != nil || len(k) != 8 {
				unreadable(kindAudit)
				return nil
			}
			rep.Audit++
			if e.PersonID != 0 {
				known[e.PersonID] = true
				if e.Action == model.ActionPersonErase {
					erased[e.PersonID] = true
				}
				if err := put(bAuditByPerson, append(itob(uint64(e.PersonID)), k...), nil); err != nil {
					return err
				}
			}
			return put(bAudit, k, v)
		}); err != nil {
			return err
		}
		_ = b(bMemberNumbers).ForEach(func(_, v []byte) error {
			known[model.PersonID(btoi(v))] = true
			return nil
		})
		_ = b(bAuditByPerson).ForEach(func(k, _ []byte) error {
			if len(k) == 16 {
				known[model.PersonID(btoi(k[:8]))] = true
			}
			return nil
		})
		for id := range known {
			if !people[id] && !erased[id] && !slices.Contains(rep.BadPeople, id) {
				rep.BadPeople = append(rep.BadPeople, id)
			}
		}
		slices.Sort(rep.BadPeople)
		// Saved searches of the responsables kept, and the counters.
		if err := b(bSavedQueries).ForEach(func(k, v []byte) error {
			if len(k) < 8 {
				return nil
			}
			rep.Saved++
			return put(bSavedQueries, k, v)
		}); err != nil {
			return err
		}
		// Payments (dues), kept when they decode, their per-person index
		// rebuilt from them.
		if err := b(bPayments).ForEach(func(k, v []byte) error {
			p, err := decodePayment(model.PaymentID(btoi(k)), v)
			if err != nil || len(k) != 8 {
				unreadable(kindPayments)
				return nil
			}
			rep.Payments++
			if err := put(bPayments, k, v); err != nil {
				return err
			}
			return put(bPaymentsByPerson, append(itob(uint64(p.Person)), k...), nil)
		}); err != nil {
			return err
		}
		// The dues summaries, made again from the payments kept.
		if err := rebuildDuesSummaries(tx); err != nil {
			return err
		}
		// Counters, federations' grace periods, and any bucket this code
		// does not know by name: copied as they are.
		handled := map[string]bool{}
		for _, name := range [][]byte{bMeta, bPeople, bMemberNumbers, bUnits, bUsers, bUsernames, bAudit, bAuditByPerson, bSavedQueries, bPayments, bPaymentsByPerson, bDuesSummary} {
			handled[string(name)] = true
		}
		for name, src := range snap.buckets {
			if handled[name] {
				continue
			}
			if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
				return err
			}
			if err := src.ForEach(func(k, v []byte) error { return put([]byte(name), k, v) }); err != nil {
				return err
			}
		}
		// Bucket counters: IDs are never reused, even those of lost records.
		for name := range snap.buckets {
			name := []byte(name)
			seq := snap.seqs[string(name)]
			if src := snap.bucket(name); src != nil {
				rb := src.(*rawBucket)
				if n := len(rb.keys); n > 0 && len(rb.keys[n-1]) == 8 {
					seq = max(seq, btoi(rb.keys[n-1]))
				}
			}
			if err := tx.Bucket(name).SetSequence(max(seq, tx.Bucket(name).Sequence())); err != nil {
				return err
			}
		}
		return appendAudit(tx, &model.AuditEntry{At: nowUTC(), Actor: systemActor, Action: model.ActionMigration,
			Detail: fmt.Sprintf("fichier récupéré d'une copie endommagée : %d fiches reprises, %d perdues", len(people), len(rep.BadPeople))})
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = tmp.Commit()
	}
	if err != nil {
		return rep, fmt.Errorf("récupération impossible : %w", safefile.French(err))
	}
	return rep, nil
}

// countPerson adds p to c; false for an unknown kind.
func countPerson(c *Counts, p model.Person) bool {
	switch {
	case p.Archived:
		c.Archived++
	case p.Kind == model.KindAdherent:
		c.Adherents++
		if p.Org.Cell == 0 {
			c.AdherentsNoCell++
		}
	case p.Kind == model.KindCompagnon:
		c.Compagnons++
	case p.Kind == model.KindContact:
		c.Contacts++
	default:
		return false
	}
	return true
}
