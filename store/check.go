package store

import (
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// Report is what Check found.
type Report struct {
	Counts   Counts
	Units    int
	Users    int
	Audit    int
	Payments int
	Problems []string // the first maxProblems problems
	Total    int      // every problem found, listed or not
	// Unreadable counts what could not be read, by kind of record
	// ("fiches", "pages", …), and BadPeople lists the fiches concerned.
	Unreadable map[string]int
	BadPeople  []model.PersonID
}

// OK reports whether no problem was found.
func (r Report) OK() bool { return r.Total == 0 }

// String is the summary `fichier check` prints.
func (r Report) String() string {
	c := r.Counts
	var b strings.Builder
	fmt.Fprintf(&b, "fiches: %d (adhérents: %d, compagnons: %d, contacts: %d, archivées: %d)\n",
		c.Total()+c.Archived, c.Adherents, c.Compagnons, c.Contacts, c.Archived)
	fmt.Fprintf(&b, "unités: %d · responsables: %d · journal: %d entrées · versements: %d\n", r.Units, r.Users, r.Audit, r.Payments)
	if r.OK() {
		b.WriteString("état: aucun problème\n")
		return b.String()
	}
	fmt.Fprintf(&b, "état: %d problème(s)\n", r.Total)
	for _, kind := range unreadableKinds {
		if n := r.Unreadable[kind]; n > 0 {
			fmt.Fprintf(&b, "  illisibles : %d %s\n", n, kind)
		}
	}
	shown := r.Problems[:min(len(r.Problems), maxShown)]
	for _, p := range shown {
		b.WriteString("  - " + model.StripControl(p) + "\n")
	}
	if n := r.Total - len(shown); n > 0 {
		fmt.Fprintf(&b, "  … et %d autre(s)\n", n)
	}
	return b.String()
}

// The kinds of unreadable records a report counts, in the order shown.
const (
	kindPages    = "pages du fichier"
	kindPeople   = "fiches"
	kindUnits    = "unités"
	kindUsers    = "responsables"
	kindAudit    = "entrées du journal"
	kindIndexes  = "entrées d'index"
	kindPayments = "versements"
	kindBuckets  = "compartiments"
	maxProblems  = 100
	maxShown     = 20
	maxBadPeople = 1000
)

var unreadableKinds = []string{kindPages, kindBuckets, kindPeople, kindUnits, kindUsers, kindAudit, kindPayments, kindIndexes}

func (r *Report) problem(kind string, format string, args ...any) {
	r.Total++
	if kind != "" {
		if r.Unreadable == nil {
			r.Unreadable = map[string]int{}
		}
		r.Unreadable[kind]++
	}
	if len(r.Problems) < maxProblems {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	}
}

// kvBucket is what checking reads: a bbolt bucket, or the records salvaged
// from a damaged file (rawBucket).
type kvBucket interface {
	Get(key []byte) []byte
	ForEach(fn func(k, v []byte) error) error
}

// Check verifies the open file: bbolt's own consistency, every record
// readable, every index entry matching its record, the journal readable.
// (`fichier check` uses CheckFile, which also reads a damaged file.)
func (s *Store) Check() (Report, error) {
	var r Report
	err := s.db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			r.problem("", "structure du fichier : %v", err)
		}
		if r.Total > 0 {
			return nil
		}
		checkRecords(&r, func(name []byte) kvBucket {
			if b := tx.Bucket(name); b != nil {
				return b
			}
			return nil
		})
		return nil
	})
	if err != nil {
		return r, err
	}
	// The in-memory index must agree with the file.
	if n := s.idx.len(); n != r.Counts.Total()+r.Counts.Archived {
		r.problem("", "index en mémoire : %d fiches, fichier : %d", n, r.Counts.Total()+r.Counts.Archived)
	}
	return r, nil
}

// CheckFile checks the file at path without trusting it: its structure is
// walked with bounds-checked reads (a damaged page is reported, and the
// walk goes on), then every readable record is checked. Every problem is
// counted; the file is only read.
func CheckFile(path string) (Report, error) {
	var r Report
	snap, err := readDamaged(path)
	if err != nil {
		if de, ok := err.(*DamageError); ok {
			for _, p := range de.Problems {
				r.problem(kindPages, "%s", p)
			}
			return r, nil
		}
		return r, err
	}
	if err := snap.checkSchema(SchemaVersion); err != nil {
		return r, err
	}
	for _, p := range snap.problems {
		r.problem(kindPages, "%s", p)
	}
	checkRecords(&r, snap.bucket)
	return r, nil
}

// checkRecords checks every record of the buckets bucket returns (nil for
// a missing one), reporting every problem.
func checkRecords(r *Report, bucket func(name []byte) kvBucket) {
	for _, name := range allBuckets {
		if bucket(name) == nil {
			r.problem(kindBuckets, "compartiment %q manquant", name)
		}
	}
	b := func(name []byte) kvBucket {
		if k := bucket(name); k != nil {
			return k
		}
		return emptyBucket{}
	}
	units := map[model.UnitID]model.Unit{}
	_ = b(bUnits).ForEach(func(k, v []byte) error {
		var u model.Unit
		if err := jsonUnmarshal(v, &u); err != nil {
			r.problem(kindUnits, "unité %d illisible : %v", btoi(k), err)
			return nil
		}
		units[u.ID] = u
		r.Units++
		return nil
	})
	nums, people := b(bMemberNumbers), b(bPeople)
	_ = people.ForEach(func(k, v []byte) error {
		id := model.PersonID(btoi(k))
		p, err := decodePerson(id, v, nil)
		if err != nil {
			r.problem(kindPeople, "fiche %d illisible : %v", id, err)
			if len(r.BadPeople) < maxBadPeople {
				r.BadPeople = append(r.BadPeople, id)
			}
			return nil
		}
		if !countPerson(&r.Counts, p) {
			r.problem(kindPeople, "fiche %d : type inconnu %d", id, p.Kind)
		}
		for _, uid := range []model.UnitID{p.Org.Federation, p.Org.Section, p.Org.Cell} {
			if _, ok := units[uid]; uid != 0 && !ok {
				r.problem("", "fiche %d : unité %d inexistante", id, uid)
			}
		}
		if p.MemberNumber != "" && btoi(nums.Get([]byte(p.MemberNumber))) != uint64(id) {
			r.problem(kindIndexes, "fiche %d : le numéro d'adhérent %s n'est pas indexé vers elle", id, p.MemberNumber)
		}
		return nil
	})
	_ = nums.ForEach(func(k, v []byte) error {
		pv := people.Get(v)
		if len(v) != 8 || pv == nil {
			r.problem(kindIndexes, "index des numéros : %s pointe vers la fiche %d, absente", k, btoi(v))
			return nil
		}
		if p, err := decodePerson(model.PersonID(btoi(v)), pv, nil); err == nil && p.MemberNumber != string(k) && !slices.Contains(p.PreviousNumbers, string(k)) {
			r.problem(kindIndexes, "index des numéros : %s pointe vers la fiche %d qui ne le porte pas", k, btoi(v))
		}
		return nil
	})
	usernames := b(bUsernames)
	_ = b(bUsers).ForEach(func(k, v []byte) error {
		var u model.User
		if err := jsonUnmarshal(v, &u); err != nil {
			r.problem(kindUsers, "responsable %d illisible : %v", btoi(k), err)
			return nil
		}
		r.Users++
		if btoi(usernames.Get([]byte(u.Username))) != uint64(u.ID) {
			r.problem(kindIndexes, "responsable %s : identifiant non indexé", u.Username)
		}
		return nil
	})
	audit := b(bAudit)
	_ = audit.ForEach(func(k, v []byte) error {
		if _, err := decodeAudit(v); err != nil {
			r.problem(kindAudit, "journal : entrée %d illisible : %v", btoi(k), err)
		}
		r.Audit++
		return nil
	})
	_ = b(bAuditByPerson).ForEach(func(k, _ []byte) error {
		if len(k) != 16 || audit.Get(k[8:]) == nil {
			r.problem(kindIndexes, "journal : référence %x orpheline", k)
		}
		return nil
	})
	r.Payments = checkDues(b, func(format string, args ...any) { r.problem("", format, args...) })
}

type emptyBucket struct{}

func (emptyBucket) Get([]byte) []byte                     { return nil }
func (emptyBucket) ForEach(func(k, v []byte) error) error { return nil }
