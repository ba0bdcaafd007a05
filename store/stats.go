package store

import (
	"bytes"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
	"fichier/model/query"
	"fichier/model/stats"
)

// Stats computes the figures of the "Statistiques" screen over the
// session's scope narrowed by q (nil: every non-archived fiche): from the
// in-memory index, and this year's steps on the path contact → compagnon →
// adhérent from the journal. bandYears is the age pyramid's band width (5
// or 10).
func (s *Store) Stats(sess *Session, q *query.Query, bandYears int) (stats.Stats, error) {
	u, err := sess.user()
	if err != nil {
		return stats.Stats{}, err
	}
	if q == nil {
		q, _ = query.Parse("")
	}
	env, err := s.QueryEnv(sess)
	if err != nil {
		return stats.Stats{}, err
	}
	m, err := q.Bind(env)
	if err != nil {
		return stats.Stats{}, err
	}
	changes, err := s.kindChanges(&u, env.Today)
	if err != nil {
		return stats.Stats{}, err
	}
	moves, err := s.mutationMoves(&u, env.Today.Year()-1)
	if err != nil {
		return stats.Stats{}, err
	}
	// Entries are immutable (a write replaces them): the figures are
	// computed outside the lock from the pointers collected under it.
	var rows []*query.Row
	s.idx.mu.RLock()
	for _, e := range s.idx.sorted {
		if u.Scope.Contains(e.Org) && m.Match(e) {
			rows = append(rows, e)
		}
	}
	s.idx.mu.RUnlock()
	return stats.Compute(stats.Input{Rows: rows, Env: env, Query: q.String(), BandYears: bandYears, KindChanges: changes,
		Mutations: moves, Viewer: &u})
}

// mutationMove is the part of a model.Mutation the statistics read.
type mutationMove struct {
	Kind      model.MutationKind
	Date      model.Date
	From, To  model.Org
	Processed bool
}

// mutationMoves reads the mutation records u sees that are dated since
// 1 January of fromYear or still wait for their section, decoding only
// the fields counted (records are few: one per move).
func (s *Store) mutationMoves(u *model.User, fromYear int) ([]model.Mutation, error) {
	since := model.NewDate(fromYear, 1, 1)
	var out []model.Mutation
	err := s.db.View(func(tx *bolt.Tx) error {
		return forEachJSON(tx.Bucket(bMutations), "mutation", func(e *mutationMove) error {
			m := model.Mutation{Kind: e.Kind, Date: e.Date, From: e.From, To: e.To, Processed: e.Processed}
			if m.VisibleTo(u) && (m.Date >= since || (m.PendingArrival() && m.SeesArrival(u))) {
				out = append(out, m)
			}
			return nil
		})
	})
	return out, err
}

// kindLabel is the journal's name of a fiche's kind (model.Diff writes
// each field's Short), and kindField how it reads in an encoded entry.
var (
	kindLabel = func() string {
		for _, f := range model.Fields {
			if f.Key == model.FieldKind {
				return f.Short
			}
		}
		panic("store: no kind in model.Fields")
	}()
	kindField, _ = json.Marshal(model.Change{Field: kindLabel})
)

// kindChanges reads the journal of today's year for the changes of kind
// of the fiches in u's scope (creations included). The year's first entry
// is found by bisection (entries are appended in time order), and only the
// entries that mention a kind are decoded.
func (s *Store) kindChanges(u *model.User, today model.Date) ([]stats.KindChange, error) {
	since := time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.Local).Add(-24 * time.Hour) // a day's margin for zones
	var out []stats.KindChange
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bAudit).Cursor()
		k, v := c.Seek(itob(firstAuditSince(c, since)))
		for ; k != nil; k, v = c.Next() {
			if !bytes.Contains(v, kindField[:len(kindField)-1]) { // {"f":"Type" without its }
				continue
			}
			var e kindEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			if e.PersonID == 0 || !u.Scope.Contains(e.Org) {
				continue
			}
			for _, ch := range e.Changes {
				if ch.Field != kindLabel {
					continue
				}
				from, to := kindNamed(ch.Old), kindNamed(ch.New)
				if to != 0 && from != to {
					out = append(out, stats.KindChange{Person: e.PersonID, Day: model.DateOf(e.At.In(time.Local)), From: from, To: to})
				}
			}
		}
		return nil
	})
	return out, err
}

// kindEntry is the part of a model.AuditEntry the progression reads
// (decoding only these fields is about twice as fast).
type kindEntry struct {
	At       time.Time      `json:"at"`
	PersonID model.PersonID `json:"person"`
	Org      model.Org      `json:"org"`
	Changes  []model.Change `json:"changes"`
}

// firstAuditSince is the key of the first journal entry at or after t (or
// past the last one), by bisection over the keys.
func firstAuditSince(c *bolt.Cursor, t time.Time) uint64 {
	first, _ := c.First()
	last, _ := c.Last()
	if first == nil {
		return 0
	}
	lo, hi := btoi(first), btoi(last)+1
	for lo < hi {
		mid := lo + (hi-lo)/2
		k, v := c.Seek(itob(mid))
		if k == nil {
			hi = mid
			continue
		}
		if at, ok := auditTime(v); ok && at.Before(t) {
			lo = btoi(k) + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// auditTime reads the "at" of an encoded audit entry without decoding it.
func auditTime(v []byte) (time.Time, bool) {
	_, rest, ok := bytes.Cut(v, []byte(`"at":"`))
	if !ok {
		return time.Time{}, false
	}
	val, _, ok := bytes.Cut(rest, []byte(`"`))
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, string(val))
	return t, err == nil
}

// kindNamed is the kind whose French name is s (0 if none).
func kindNamed(s string) model.Kind {
	for _, k := range model.Kinds {
		if k.String() == s {
			return k
		}
	}
	return 0
}
