package store

import (
	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// exportChunk is how many fiches ExportPeople reads per read transaction:
// short transactions never hold up a writer that needs to grow the file,
// and a chunk of whole fiches stays small (≈ 2 MB).
const exportChunk = 2000

// CanExport returns nil when the session holds the export right, else
// ErrForbidden (or the session's own error). Screens ask it before showing
// the export choices; every export call checks it again.
func (s *Store) CanExport(sess *Session) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	if !u.Rights.Has(model.RightExport) {
		return ErrForbidden
	}
	return nil
}

// ExportPeople reads the whole fiches of ids that the session may export
// (the export right, inside its scope) and hands them to fn in chunks, in
// the order of ids. Each chunk is read in its own short transaction and the
// session is checked again before each one, so a responsable disabled
// meanwhile stops the export. Fiches out of scope or erased meanwhile are
// skipped, exactly as if they did not exist. fn must not keep the slice.
func (s *Store) ExportPeople(sess *Session, ids []model.PersonID, fn func(chunk []model.Person) error) error {
	buf := make([]model.Person, 0, min(len(ids), exportChunk))
	for start := 0; start < len(ids); start += exportChunk {
		u, err := sess.user()
		if err != nil {
			return err
		}
		if !u.Rights.Has(model.RightExport) {
			return ErrForbidden
		}
		part := ids[start:min(start+exportChunk, len(ids))]
		buf = buf[:0]
		err = s.db.View(func(tx *bolt.Tx) error {
			people := tx.Bucket(bPeople)
			for _, id := range part {
				v := people.Get(itob(uint64(id)))
				if v == nil {
					continue
				}
				p, err := decodePerson(id, v, nil)
				if err != nil {
					return &corruptError{id: id, err: err}
				}
				if model.Can(&u, model.RightExport, p.Org) {
					buf = append(buf, p)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(buf) == 0 {
			continue
		}
		if err := fn(buf); err != nil {
			return err
		}
	}
	return nil
}

// UnitNames maps the units the session sees to their names, for the
// columns of an export and the pages of an import.
func (s *Store) UnitNames(sess *Session) (map[model.UnitID]string, error) {
	units, err := s.Units(sess)
	if err != nil {
		return nil, err
	}
	out := make(map[model.UnitID]string, len(units))
	for _, u := range units {
		out[u.ID] = u.Name
	}
	return out, nil
}
