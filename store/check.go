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
	Problems []string
}

// OK reports whether no problem was found.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// String is the one-paragraph summary `fichier check` prints.
func (r Report) String() string {
	c := r.Counts
	var b strings.Builder
	fmt.Fprintf(&b, "fiches: %d (adhérents: %d, compagnons: %d, contacts: %d, archivées: %d)\n",
		c.Total()+c.Archived, c.Adherents, c.Compagnons, c.Contacts, c.Archived)
	fmt.Fprintf(&b, "unités: %d · responsables: %d · journal: %d entrées · versements: %d\n", r.Units, r.Users, r.Audit, r.Payments)
	if r.OK() {
		b.WriteString("état: aucun problème\n")
	} else {
		fmt.Fprintf(&b, "état: %d problème(s)\n", len(r.Problems))
		for _, p := range r.Problems {
			b.WriteString("  - " + p + "\n")
		}
	}
	return b.String()
}

const maxProblems = 100

// Check verifies the whole file: bbolt's own consistency, every record
// readable, every index entry matching its record, the journal readable.
func (s *Store) Check() (Report, error) {
	var r Report
	problem := func(format string, args ...any) {
		if len(r.Problems) < maxProblems {
			r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
		}
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			problem("structure du fichier : %v", err)
		}
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				problem("compartiment %q manquant", name)
			}
		}
		if len(r.Problems) > 0 {
			return nil
		}
		units := map[model.UnitID]model.Unit{}
		_ = tx.Bucket(bUnits).ForEach(func(k, v []byte) error {
			var u model.Unit
			if err := jsonUnmarshal(v, &u); err != nil {
				problem("unité %d illisible : %v", btoi(k), err)
				return nil
			}
			units[u.ID] = u
			r.Units++
			return nil
		})
		nums := tx.Bucket(bMemberNumbers)
		_ = tx.Bucket(bPeople).ForEach(func(k, v []byte) error {
			id := model.PersonID(btoi(k))
			p, err := decodePerson(id, v, nil)
			if err != nil {
				problem("fiche %d illisible : %v", id, err)
				return nil
			}
			switch {
			case p.Archived:
				r.Counts.Archived++
			case p.Kind == model.KindAdherent:
				r.Counts.Adherents++
				if p.Org.Cell == 0 {
					r.Counts.AdherentsNoCell++
				}
			case p.Kind == model.KindCompagnon:
				r.Counts.Compagnons++
			case p.Kind == model.KindContact:
				r.Counts.Contacts++
			default:
				problem("fiche %d : type inconnu %d", id, p.Kind)
			}
			for _, uid := range []model.UnitID{p.Org.Federation, p.Org.Section, p.Org.Cell} {
				if _, ok := units[uid]; uid != 0 && !ok {
					problem("fiche %d : unité %d inexistante", id, uid)
				}
			}
			if p.MemberNumber != "" && btoi(nums.Get([]byte(p.MemberNumber))) != uint64(id) {
				problem("fiche %d : le numéro d'adhérent %s n'est pas indexé vers elle", id, p.MemberNumber)
			}
			return nil
		})
		_ = nums.ForEach(func(k, v []byte) error {
			p, err := getPerson(tx, model.PersonID(btoi(v)))
			if err != nil || p.MemberNumber != string(k) && !slices.Contains(p.PreviousNumbers, string(k)) {
				problem("index des numéros : %s pointe vers la fiche %d qui ne le porte pas", k, btoi(v))
			}
			return nil
		})
		usernames := tx.Bucket(bUsernames)
		_ = tx.Bucket(bUsers).ForEach(func(k, v []byte) error {
			var u model.User
			if err := jsonUnmarshal(v, &u); err != nil {
				problem("responsable %d illisible : %v", btoi(k), err)
				return nil
			}
			r.Users++
			if btoi(usernames.Get([]byte(u.Username))) != uint64(u.ID) {
				problem("responsable %s : identifiant non indexé", u.Username)
			}
			return nil
		})
		_ = tx.Bucket(bAudit).ForEach(func(k, v []byte) error {
			if _, err := decodeAudit(v); err != nil {
				problem("journal : entrée %d illisible : %v", btoi(k), err)
			}
			r.Audit++
			return nil
		})
		audit := tx.Bucket(bAudit)
		_ = tx.Bucket(bAuditByPerson).ForEach(func(k, _ []byte) error {
			if len(k) != 16 || audit.Get(k[8:]) == nil {
				problem("journal : référence %x orpheline", k)
			}
			return nil
		})
		r.Payments = checkDues(tx, problem)
		return nil
	})
	if err != nil {
		return r, err
	}
	// The in-memory index must agree with the file.
	if n := s.idx.len(); n != r.Counts.Total()+r.Counts.Archived {
		problem("index en mémoire : %d fiches, fichier : %d", n, r.Counts.Total()+r.Counts.Archived)
	}
	return r, nil
}
