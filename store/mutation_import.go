package store

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// TransferImport is what importing a transfer file did.
type TransferImport struct {
	Mutation model.Mutation
	Person   model.Person
	// Already: this transfer had been imported before; nothing was changed.
	Already bool
	// Matches are fiches of the destination that look like the same person
	// (model.SamePerson): the arrival is offered as a merge with them (Doublons).
	Matches []Duplicate
	// Fingerprint of the key that signed the file: compare it with the
	// origin's by telephone (docs/MUTATIONS.md).
	Fingerprint string
}

// ReadTransfer checks a transfer file without importing it: what the
// import screen shows before confirming.
func ReadTransfer(data []byte) (*model.Transfer, string, error) { return model.DecodeTransfer(data) }

// ImportTransfer creates, from a transfer file, an arrival to process in
// federation fed (0: the federation of this file whose code is the
// transfer's destination). A damaged, modified or foreign file is refused
// and changes nothing; a transfer imported before is recognised by its
// identifier and creates nothing. Requires création et modification at the
// federation.
func (s *Store) ImportTransfer(sess *Session, data []byte, fed model.UnitID) (TransferImport, error) {
	u, err := sess.user()
	if err != nil {
		return TransferImport{}, err
	}
	t, fp, err := model.DecodeTransfer(data)
	if err != nil {
		return TransferImport{}, err
	}
	if fed == 0 {
		for _, f := range s.Federations() {
			if f.Code == t.To.Code {
				fed = f.ID
			}
		}
		if fed == 0 {
			return TransferImport{}, fmt.Errorf("ce transfert va vers %s, qui n'est pas une fédération de ce fichier : choisissez la fédération d'arrivée", t.To)
		}
	}
	if unit, ok := s.units.get(fed); !ok || unit.Level != model.LevelFederation || unit.Closed {
		return TransferImport{}, ErrNotFederation
	}
	dest := model.Org{Federation: fed}
	if !model.CanEdit(&u, dest) {
		return TransferImport{}, model.ErrMutationForbidden
	}
	p, err := t.Person.Person()
	if err != nil {
		return TransferImport{}, fmt.Errorf("fichier de transfert refusé : %w", err)
	}
	p.Org, p.Arrival, p.PreviousNumbers = dest, true, t.Numbers
	if errs := append(model.NormalizePerson(&p, s.today()), model.CheckLimits(&p)...); len(errs) > 0 {
		return TransferImport{}, fmt.Errorf("fichier de transfert refusé, fiche invalide : %w", errs)
	}
	res := TransferImport{Fingerprint: fp}
	now := s.now()
	err = s.write(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bTransfers).Get([]byte(t.ID)); v != nil {
			m, err := getMutation(tx, model.MutationID(btoi(v)))
			if err != nil {
				return err
			}
			if !m.SeesArrival(&u) {
				return errors.New("ce transfert a déjà été importé dans ce fichier, dans une autre fédération")
			}
			res.Mutation, res.Already = m, true
			return nil
		}
		seq, err := tx.Bucket(bPeople).NextSequence()
		if err != nil {
			return err
		}
		p.ID, p.Version = model.PersonID(seq), 1
		p.CreatedAt, p.CreatedBy, p.UpdatedAt, p.UpdatedBy = now, u.Username, now, u.Username
		if err := putPerson(tx, &p, ""); err != nil {
			return err
		}
		m := model.Mutation{Kind: model.MutationIn, PersonID: p.ID, Name: p.SortName(), Date: model.Date(t.Date),
			Reason: t.Reason, FromDept: t.From, To: dest, ToDept: s.fedDept(fed), By: u.Username, At: now,
			TransferID: t.ID, Fingerprint: fp, History: t.History, Created: t.Created}
		for i := range t.Cotisations { // kept as history: they were paid to the origin
			m.History = append(m.History, t.Cotisations[i].HistoryLine())
		}
		if n := len(t.Numbers); n > 0 {
			m.OldNumber = t.Numbers[n-1]
		}
		if err := putMutation(tx, &m); err != nil {
			return err
		}
		if err := tx.Bucket(bTransfers).Put([]byte(t.ID), itob(uint64(m.ID))); err != nil {
			return err
		}
		res.Mutation, res.Person = m, p
		return appendAudit(tx, &model.AuditEntry{At: now, Actor: u.Username, ActorID: u.ID, Action: model.ActionMutationIn,
			PersonID: p.ID, Org: dest, Detail: arrivalDetail(&m) + " — fichier de transfert, clé " + fp,
			Changes: s.nameUnits(model.Diff(&model.Person{}, &p))})
	}, func() Event {
		if res.Already {
			return Event{}
		}
		s.idx.set(res.Person)
		return personEvent(model.ActionMutationIn, res.Person.ID, u.Username, dest)
	})
	if err != nil {
		return TransferImport{}, err
	}
	if res.Already {
		res.Person, _ = s.Get(sess, res.Mutation.PersonID)
		return res, nil
	}
	res.Matches, err = s.FindDuplicates(sess, res.Person)
	return res, err
}
