package store

import (
	"errors"
	"strings"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
	"fichier/model/query"
)

// SavedQuery is a named search kept per responsable.
type SavedQuery struct {
	Name  string
	Query string
}

func savedKey(u model.UserID, name string) []byte {
	return append(itob(uint64(u)), name...)
}

// SaveQuery stores (or replaces) a named query for the session's responsable.
func (s *Store) SaveQuery(sess *Session, name, text string) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	name = strings.TrimSpace(model.StripControl(name))
	if name == "" {
		return errors.New("donnez un nom à la recherche")
	}
	if _, err := query.Parse(text); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bSavedQueries).Put(savedKey(u.ID, name), []byte(text))
	})
}

// SavedQueries lists the session's saved queries by name.
func (s *Store) SavedQueries(sess *Session) ([]SavedQuery, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	var out []SavedQuery
	err = s.db.View(func(tx *bolt.Tx) error {
		return forEachPrefixed(tx.Bucket(bSavedQueries), itob(uint64(u.ID)), func(k, v []byte) error {
			out = append(out, SavedQuery{Name: string(k[8:]), Query: string(v)})
			return nil
		})
	})
	return out, err
}

// DeleteQuery removes a saved query.
func (s *Store) DeleteQuery(sess *Session, name string) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bSavedQueries).Delete(savedKey(u.ID, name))
	})
}

// Duplicate is an existing fiche that looks like the same person, and why.
type Duplicate struct {
	Person model.Person
	Reason string
}

// FindDuplicates lists visible fiches that likely are p: same email, same
// phone, or same name and birth date. p is normalised first (on a copy).
func (s *Store) FindDuplicates(sess *Session, p model.Person) ([]Duplicate, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	p = p.Clone()
	model.NormalizePerson(&p, s.today())
	want := query.NewRow(&p)
	phones := map[string]bool{}
	for _, ph := range []string{want.Mobile, want.Landline} {
		if ph != "" {
			phones[ph] = true
		}
	}
	type hit struct {
		id     model.PersonID
		reason string
	}
	var hits []hit
	s.idx.mu.RLock()
	for _, e := range s.idx.sorted {
		if e.ID == p.ID || !model.CanSee(&u, e.Org) {
			continue
		}
		reason := ""
		switch {
		case want.Email != "" && e.Email == want.Email:
			reason = "même courriel"
		case phones[e.Mobile] || phones[e.Landline]:
			reason = "même téléphone"
		case p.BirthDate != 0 && e.BirthDate == p.BirthDate && e.Name == want.Name:
			reason = "mêmes nom et date de naissance"
		}
		if reason != "" {
			hits = append(hits, hit{e.ID, reason})
		}
	}
	s.idx.mu.RUnlock()
	out := make([]Duplicate, 0, len(hits))
	for _, h := range hits {
		full, err := s.Get(sess, h.id)
		if err != nil {
			continue // erased meanwhile
		}
		out = append(out, Duplicate{Person: full, Reason: h.reason})
	}
	return out, nil
}
