package store

import (
	"encoding/binary"
	"errors"
	"slices"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// bDuesCards keeps the membership cards handed over: person id ‖ year
// (uint16) → day handed (uint32) ‖ username. Created by the first card
// handed (older files have none yet). Keyed by the person like the
// payments: a card follows a mutation in the file.
var bDuesCards = []byte("dues_cards")

// ActionCard journals a card handed over, or its withdrawal.
const ActionCard model.Action = "cotisation.carte"

// Card is the card of year for adherent id (the session must see them).
func (s *Store) Card(sess *Session, id model.PersonID, year int) (model.Card, error) {
	u, err := sess.user()
	if err != nil {
		return model.Card{}, err
	}
	if e, ok := s.idx.get(id); !ok || !model.CanSee(&u, e.Org) {
		return model.Card{}, ErrNotFound
	}
	c := model.Card{Person: id, Year: year}
	err = s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bDuesCards); b != nil {
			c.HandedOn, c.HandedBy = decodeCard(b.Get(statementKey(id, year)))
		}
		return nil
	})
	return c, err
}

// SetCard records that the card of year was handed over to adherent id
// today by the session's responsable, or, with handed false, withdraws
// that record (a mistake). It needs the cotisations right; journaled.
func (s *Store) SetCard(sess *Session, id model.PersonID, year int, handed bool) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	if !model.CardYearValid(year) {
		return errors.New("année de carte invalide : de " + itoa(model.DuesYearBase) + " à " + itoa(model.DuesYearBase+63))
	}
	var org model.Org
	today := s.today()
	return s.write(func(tx *bolt.Tx) error {
		p, err := s.duesPerson(tx, &u, id)
		if err != nil {
			return err
		}
		org = p.Org
		b, err := tx.CreateBucketIfNotExists(bDuesCards)
		if err != nil {
			return err
		}
		k := statementKey(id, year)
		old, _ := decodeCard(b.Get(k))
		detail := "carte " + itoa(year) + " remise"
		switch {
		case handed && old != 0:
			return errors.New("la carte " + itoa(year) + " a déjà été remise le " + old.String())
		case !handed && old == 0:
			return errors.New("la carte " + itoa(year) + " n'a pas été remise")
		case handed:
			err = b.Put(k, append(binary.BigEndian.AppendUint32(nil, uint32(today)), u.Username...))
		default:
			detail = "carte " + itoa(year) + " : remise du " + old.String() + " annulée"
			err = b.Delete(k)
		}
		if err != nil {
			return err
		}
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: ActionCard, PersonID: id, Org: org, Detail: detail})
	}, func() Event {
		s.recomputeDues(id) // the summary's card bits, from the file
		return Event{What: ActionCard, Persons: []model.PersonID{id}, By: u.Username, Orgs: []model.Org{org}}
	})
}

// CardCount is how many of the session's adherents whose dues are followed
// got their card of year, out of how many (home screen).
func (s *Store) CardCount(sess *Session, year int) (handed, members int, err error) {
	u, err := sess.user()
	if err != nil {
		return 0, 0, err
	}
	s.idx.mu.RLock()
	defer s.idx.mu.RUnlock()
	for _, e := range s.idx.sorted {
		if u.Scope.Contains(e.Org) && model.OwesDues(e.Kind, e.Status, e.Archived) {
			members++
			if e.Dues.HasCard(year) {
				handed++
			}
		}
	}
	return handed, members, nil
}

func decodeCard(v []byte) (model.Date, string) {
	if len(v) < 4 {
		return 0, ""
	}
	return model.Date(binary.BigEndian.Uint32(v)), string(v[4:])
}

// loadCards sets the index rows' card bits (Open, after the payments).
func loadCards(tx *bolt.Tx, idx *index) error {
	b := tx.Bucket(bDuesCards)
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, _ []byte) error {
		if len(k) != 10 {
			return nil
		}
		if e := idx.byID[model.PersonID(btoi(k[:8]))]; e != nil {
			e.Dues.SetCard(int(binary.BigEndian.Uint16(k[8:])), true)
		}
		return nil
	})
}

// personCards is the card bits of one adherent, from the file.
func personCards(tx *bolt.Tx, id model.PersonID) uint64 {
	var d model.DuesSummary
	if b := tx.Bucket(bDuesCards); b != nil {
		_ = forEachPrefixed(b, itob(uint64(id)), func(k, _ []byte) error {
			if len(k) == 10 {
				d.SetCard(int(binary.BigEndian.Uint16(k[8:])), true)
			}
			return nil
		})
	}
	return d.Cards
}

// repointCards moves the cards of a fiche merged away to the fiche kept
// (with repointPayments); a year the kept fiche already has keeps its own.
func repointCards(tx *bolt.Tx, from, to model.PersonID) error {
	b := tx.Bucket(bDuesCards)
	if b == nil {
		return nil
	}
	type kv struct{ k, v []byte }
	var moved []kv
	if err := forEachPrefixed(b, itob(uint64(from)), func(k, v []byte) error {
		moved = append(moved, kv{slices.Clone(k), slices.Clone(v)})
		return nil
	}); err != nil {
		return err
	}
	for _, c := range moved {
		if err := b.Delete(c.k); err != nil {
			return err
		}
		nk := append(itob(uint64(to)), c.k[8:]...)
		if b.Get(nk) == nil {
			if err := b.Put(nk, c.v); err != nil {
				return err
			}
		}
	}
	return nil
}
