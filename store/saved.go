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
