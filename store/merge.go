package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// MergePeople merges fiche drop into fiche keep: merged is the fiche as it
// must be after the merge (keep's ID and the version of keep that was read;
// the caller chose field by field — see model.FillEmpty and
// model.ConflictKeys), dropVersion the version of drop that was read. In
// one transaction: keep is saved as merged, drop is deleted, and drop's
// journal entries are attached to keep so that its history is kept, with a
// merge entry that names drop. If either fiche changed meanwhile, ErrStale
// and nothing is written. Both fiches must be editable by the session.
func (s *Store) MergePeople(sess *Session, merged model.Person, dropID model.PersonID, dropVersion uint64) (model.Person, error) {
	u, err := sess.user()
	if err != nil {
		return model.Person{}, err
	}
	keepID := merged.ID
	if keepID == dropID || keepID == 0 || dropID == 0 {
		return model.Person{}, fmt.Errorf("fusion impossible : choisissez deux fiches différentes")
	}
	var out model.Person
	moveAccounts := func() {}
	var orgs []model.Org
	err = s.write(func(tx *bolt.Tx) error {
		keep, err := getPerson(tx, keepID)
		if err != nil {
			return err
		}
		drop, err := getPerson(tx, dropID)
		if err != nil {
			return err
		}
		for _, p := range []*model.Person{&keep, &drop} {
			if !model.CanSee(&u, p.Org) {
				return ErrNotFound
			}
			if !model.CanEdit(&u, p.Org) {
				return ErrForbidden
			}
		}
		orgs = []model.Org{keep.Org, drop.Org}
		if keep.Version != merged.Version {
			return fmt.Errorf("%w (fiche n° %d, dernière modification par %s)", ErrStale, keep.ID, keep.UpdatedBy)
		}
		if drop.Version != dropVersion {
			return fmt.Errorf("%w (fiche n° %d, dernière modification par %s)", ErrStale, drop.ID, drop.UpdatedBy)
		}
		p := merged.Clone()
		p.ID, p.Version = keepID, keep.Version+1
		p.CreatedAt, p.CreatedBy = keep.CreatedAt, keep.CreatedBy
		if drop.CreatedAt.Before(keep.CreatedAt) && !drop.CreatedAt.IsZero() {
			p.CreatedAt, p.CreatedBy = drop.CreatedAt, drop.CreatedBy
		}
		if err := s.prepare(&u, &p, &keep, &drop); err != nil {
			return err
		}
		p.Arrival = keep.Arrival
		p.PreviousNumbers = mergeNumbers(keep.PreviousNumbers, drop.PreviousNumbers)
		// drop goes first: its membership number may be the one kept.
		if drop.MemberNumber != "" {
			if err := tx.Bucket(bMemberNumbers).Delete([]byte(drop.MemberNumber)); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bPeople).Delete(itob(uint64(dropID))); err != nil {
			return err
		}
		if err := repointAudit(tx, dropID, keepID); err != nil {
			return err
		}
		if err := s.repointMutations(tx, &u, drop, &p); err != nil {
			return err
		}
		if err := repointPayments(tx, dropID, keepID); err != nil {
			return err
		}
		if moveAccounts, err = s.moveAccounts(tx, dropID, keepID); err != nil {
			return err
		}
		p.UpdatedAt, p.UpdatedBy = s.now(), u.Username
		if err := s.putNumbered(tx, &p, keep.MemberNumber); err != nil {
			return err
		}
		out = p
		created := ""
		if !drop.CreatedAt.IsZero() {
			created = fmt.Sprintf(", créée le %s par %s", model.DateOf(drop.CreatedAt.In(s.now().Location())), drop.CreatedBy)
		}
		detail := fmt.Sprintf("fusion : la fiche n° %d (%s%s) est fusionnée dans celle-ci ; son historique y est rattaché",
			dropID, drop.SortName(), created)
		changes := s.nameUnits(model.Diff(&keep, &p))
		changes = append(changes, model.Change{Field: "Fiche fusionnée", Old: fmt.Sprintf("n° %d", dropID)})
		return appendAudit(tx, &model.AuditEntry{At: p.UpdatedAt, Actor: u.Username, ActorID: u.ID, Action: model.ActionPersonMerge,
			PersonID: keepID, Org: p.Org, Changes: changes, Detail: detail})
	}, func() Event {
		s.idx.remove(dropID)
		s.idx.set(out)
		s.recomputeDues(keepID)
		moveAccounts()
		return Event{What: model.ActionPersonMerge, Persons: []model.PersonID{keepID, dropID}, By: u.Username, Orgs: append(orgs, out.Org)}
	})
	if err != nil {
		return model.Person{}, err
	}
	return out, nil
}

// repointAudit attaches the journal entries about from to to (their
// content, with the original person ID, is unchanged).
func repointAudit(tx *bolt.Tx, from, to model.PersonID) error {
	b := tx.Bucket(bAuditByPerson)
	var keys [][]byte // collected first: the bucket changes below
	_ = forEachPrefixed(b, itob(uint64(from)), func(k, _ []byte) error {
		keys = append(keys, append([]byte(nil), k...))
		return nil
	})
	for _, k := range keys {
		if err := b.Put(append(itob(uint64(to)), k[8:]...), nil); err != nil {
			return err
		}
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
