package store

import (
	"slices"

	"fichier/model"
	"fichier/model/query"
)

// Vocabulary is the words of the list attributes (intérêts, mandats,
// syndicats, associations) found in the fiches a session may see, folded
// as the search compares them, sorted: the filter bar completes them.
type Vocabulary map[string][]string // model field key → words

// Vocabulary lists the words of the session's scope (from the index, in memory).
func (s *Store) Vocabulary(sess *Session) (Vocabulary, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	lists := map[string]func(r *query.Row) []string{
		model.FieldInterests:    func(r *query.Row) []string { return r.Interests },
		model.FieldOffices:      func(r *query.Row) []string { return r.Offices },
		model.FieldUnions:       func(r *query.Row) []string { return r.Unions },
		model.FieldAssociations: func(r *query.Row) []string { return r.Associations },
	}
	seen := map[string]map[string]bool{}
	for k := range lists {
		seen[k] = map[string]bool{}
	}
	s.idx.mu.RLock()
	for _, e := range s.idx.sorted {
		if !model.CanSee(&u, e.Org) {
			continue
		}
		for k, get := range lists {
			for _, w := range get(e) {
				seen[k][w] = true
			}
		}
	}
	s.idx.mu.RUnlock()
	out := Vocabulary{}
	for k, words := range seen {
		for w := range words {
			out[k] = append(out[k], w)
		}
		slices.Sort(out[k])
	}
	return out, nil
}
