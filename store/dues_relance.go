package store

import (
	"errors"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// BehindLine is an adherent not up to date, with what they owe.
type BehindLine struct {
	Person  model.Person
	Arrears model.Arrears
}

// DuesBehind lists the adherents of the session's scope who are behind
// (computed status: en retard or jamais), in name order, with how much and
// since when (reminders, « relances »).
func (s *Store) DuesBehind(sess *Session) ([]BehindLine, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	type behind struct {
		id      model.PersonID
		status  model.DuesStatus
		summary model.DuesSummary
	}
	var list []behind
	rules := s.duesRules()
	s.idx.mu.RLock()
	for _, e := range s.idx.sorted {
		if e.Kind != model.KindAdherent || !u.Scope.Contains(e.Org) {
			continue
		}
		if st := rules.of(e); st.Behind() {
			list = append(list, behind{e.ID, st, e.Dues})
		}
	}
	s.idx.mu.RUnlock()
	today := s.today()
	out := make([]BehindLine, 0, len(list))
	err = s.db.View(func(tx *bolt.Tx) error {
		for _, b := range list {
			p, err := getPerson(tx, b.id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if !u.Scope.Contains(p.Org) {
				continue
			}
			out = append(out, BehindLine{Person: p, Arrears: model.ArrearsAt(b.status, b.summary, p.Contribution, p.JoinDate, today)})
		}
		return nil
	})
	return out, err
}
