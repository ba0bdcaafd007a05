package store

import (
	"fichier/model"
	"fichier/model/stats"
)

// Stats computes the figures of the "Statistiques" screen over the
// session's scope narrowed by q (nil: every non-archived fiche), from the
// in-memory index: no disk read. bandYears is the age pyramid's band width
// (5 or 10).
func (s *Store) Stats(sess *Session, q *model.Query, bandYears int) (stats.Stats, error) {
	u, err := sess.user()
	if err != nil {
		return stats.Stats{}, err
	}
	if q == nil {
		q, _ = model.ParseQuery("")
	}
	env, err := s.QueryEnv(sess)
	if err != nil {
		return stats.Stats{}, err
	}
	m, err := q.Bind(env)
	if err != nil {
		return stats.Stats{}, err
	}
	// Entries are immutable (a write replaces them): the figures can be
	// computed outside the lock from the pointers collected under it.
	var rows []*model.Row
	s.idx.mu.RLock()
	for _, e := range s.idx.sorted {
		if u.Scope.Contains(e.Org) && m.Match(e) {
			rows = append(rows, e)
		}
	}
	s.idx.mu.RUnlock()
	return stats.Compute(stats.Input{Rows: rows, Env: env, Query: q.String(), BandYears: bandYears})
}
