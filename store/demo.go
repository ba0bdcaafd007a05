package store

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// bulkChunk is how many fiches one bulk transaction writes: bbolt slows down
// sharply past ~100k new keys per transaction (DESIGN.md), and smaller chunks
// keep memory flat.
const bulkChunk = 10_000

// LoadDemo fills an empty file with units (IDs kept as given) and the people
// next() yields, in chunks of bulkChunk fiches per transaction, each with one
// audit entry. People are normalised and validated like any other write.
// progress, if set, is called after each chunk with the number loaded so far.
func (s *Store) LoadDemo(sess *Session, units []model.Unit, next func() (model.Person, bool), progress func(done int)) (loaded int, err error) {
	u, err := sess.user()
	if err != nil {
		return 0, err
	}
	if u.Scope.Level() != model.LevelNational || !u.Rights.Has(model.RightWrite) {
		return 0, ErrForbidden
	}
	if s.idx.len() > 0 || len(s.units.list()) > 0 {
		return 0, errors.New("le fichier n'est pas vide : la démo ne se charge que dans un nouveau fichier")
	}
	// A demo file is regenerated rather than recovered: skip the per-chunk
	// fsync and sync once at the end.
	s.db.NoSync = true
	defer func() {
		s.db.NoSync = s.opt.NoSync
		_ = s.db.Sync()
	}()
	err = s.write(func(tx *bolt.Tx) error {
		b := tx.Bucket(bUnits)
		var max uint64
		for _, unit := range units {
			if err := putUnit(tx, unit); err != nil {
				return err
			}
			max = maxU(max, uint64(unit.ID))
		}
		if err := b.SetSequence(max); err != nil {
			return err
		}
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, Action: model.ActionUnitCreate, Detail: fmt.Sprintf("démo : %d unités", len(units))})
	}, func() Event {
		for _, unit := range units {
			s.units.put(unit)
		}
		return Event{}
	})
	if err != nil {
		return 0, err
	}
	total := 0
	defer func() {
		// Chunks committed before a failure are in the file: the index must
		// show them too.
		if err != nil && total > 0 {
			_ = s.reindex()
		}
	}()
	today := s.today()
	chunk := make([]model.Person, 0, bulkChunk)
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		var first, last model.PersonID
		err := s.write(func(tx *bolt.Tx) error {
			people := tx.Bucket(bPeople)
			people.FillPercent = appendFill
			tx.Bucket(bAudit).FillPercent = appendFill
			seqs := tx.Bucket(bSequences)
			for i := range chunk {
				p := &chunk[i]
				id, err := people.NextSequence()
				if err != nil {
					return err
				}
				p.ID, p.Version = model.PersonID(id), 1
				if p.CreatedBy == "" {
					p.CreatedBy, p.UpdatedBy = u.Username, u.Username
				}
				if p.CreatedAt.IsZero() {
					p.CreatedAt, p.UpdatedAt = s.now(), s.now()
				}
				if err := putPerson(tx, p, ""); err != nil {
					return fmt.Errorf("fiche %s : %w", p.SortName(), err)
				}
				if err := bumpMemberSequence(seqs, p.MemberNumber); err != nil {
					return err
				}
				if i == 0 {
					first = p.ID
				}
				last = p.ID
			}
			return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, Action: model.ActionBulkLoad,
				Detail: fmt.Sprintf("démo : fiches %d à %d", first, last)})
		}, nil)
		total += len(chunk)
		chunk = chunk[:0]
		if err == nil && progress != nil {
			progress(total)
		}
		return err
	}
	for {
		p, ok := next()
		if !ok {
			break
		}
		if errs := model.NormalizePerson(&p, today); len(errs) > 0 {
			return total, fmt.Errorf("fiche %s invalide : %w", p.SortName(), errs)
		}
		chunk = append(chunk, p)
		if len(chunk) == bulkChunk {
			if err := flush(); err != nil {
				return total, err
			}
		}
	}
	if err := flush(); err != nil {
		return total, err
	}
	// The index is rebuilt once from the file rather than kept in step chunk
	// by chunk: one pass, and the same path as Open.
	if err := s.reindex(); err != nil {
		return total, err
	}
	s.subs.publish(Event{What: model.ActionBulkLoad, By: u.Username})
	return total, nil
}

func maxU(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}
