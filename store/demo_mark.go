package store

import (
	bolt "go.etcd.io/bbolt"
)

// kDemo in the meta bucket marks a file `fichier demo` created: demo opens
// only such files (logged in without a password), never a real one.
var kDemo = []byte("demo")

// MarkDemo marks the file as a demonstration file.
func (s *Store) MarkDemo() error {
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bMeta).Put(kDemo, []byte{1})
	})
}

// IsDemo reports whether `fichier demo` created the file.
func (s *Store) IsDemo() bool {
	demo := false
	_ = s.db.View(func(tx *bolt.Tx) error {
		demo = tx.Bucket(bMeta).Get(kDemo) != nil
		return nil
	})
	return demo
}

// IsBlank reports whether the file holds nothing yet: no fiche, no unit,
// no responsable (a file just created, or whose creation was cut short).
func (s *Store) IsBlank() bool {
	return s.idx.len() == 0 && len(s.units.list()) == 0 && !s.HasUsers()
}
