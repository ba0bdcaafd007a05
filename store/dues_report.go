package store

import (
	"errors"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// DuesReport is the "Cotisations détaillées" of the period from–to (both
// included) over the session's scope: per section and cell, the cotisants,
// the net total by mode and by month, the adherents not up to date today,
// and the same period a year earlier. Any session may see it (its scope
// only); exporting it needs the export right (export/).
//
// Payments count where their adherent belongs today: they follow a mutation.
// Payments of erased fiches no longer count anywhere.
func (s *Store) DuesReport(sess *Session, from, to model.Date) (*model.DuesReport, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	if from == 0 || to == 0 || !from.Valid() || !to.Valid() || to < from {
		return nil, errors.New("période invalide : la date de début doit précéder la date de fin")
	}
	if to.Year()-from.Year() > 10 {
		return nil, errors.New("période trop longue : dix ans au plus")
	}
	r := model.NewDuesReport(from, to)
	for _, unit := range s.units.list() {
		if unit.Level >= model.LevelSection && !unit.Closed && u.Scope.Contains(unit.Path) {
			r.AddUnit(unit.Path)
		}
	}
	rules := s.duesRules()
	orgs := map[model.PersonID]model.Org{}
	s.idx.mu.RLock()
	for _, e := range s.idx.sorted {
		if e.Kind != model.KindAdherent || !u.Scope.Contains(e.Org) {
			continue
		}
		orgs[e.ID] = e.Org
		if rules.of(e).Behind() {
			r.AddBehind(e.Org)
		}
		if model.OwesDues(e.Kind, e.Status, e.Archived) {
			r.AddMember(e.Org, e.Dues.HasCard(to.Year()))
		}
	}
	s.idx.mu.RUnlock()
	err = s.db.View(func(tx *bolt.Tx) error {
		// What the report needs of each payment, decoded without
		// allocating: the history is read whole.
		var p model.Payment
		return tx.Bucket(bPayments).ForEach(func(k, v []byte) error {
			p = model.Payment{ID: model.PaymentID(btoi(k))}
			err := forEachPaymentField(v, func(tag int, n uint64, _ []byte) {
				switch tag {
				case pPerson:
					p.Person = model.PersonID(n)
				case pDate:
					p.Date = model.Date(n)
				case pCents:
					p.Cents = unzigzag(n)
				case pMode:
					p.Mode = model.PayMode(n)
				case pCancels:
					p.Cancels = model.PaymentID(n)
				}
			})
			if err != nil {
				return unreadablePayment(p.ID)
			}
			if org, ok := orgs[p.Person]; ok && r.InPeriods(p.Date) {
				r.AddPayment(org, &p)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	national := u.Scope.Level() == model.LevelNational
	r.Finish(func(id model.UnitID) string {
		if id == 0 {
			return "sans cellule"
		}
		unit, ok := s.units.get(id)
		if !ok {
			return "#" + itoa(int(id))
		}
		if national && unit.Level == model.LevelSection {
			if fed, ok := s.units.get(unit.Path.Federation); ok && fed.Code != "" {
				return unit.Name + " (" + fed.Code + ")"
			}
		}
		return unit.Name
	})
	return r, nil
}

// YearPeriod is 1 January – 31 December of year y.
func YearPeriod(y int) (model.Date, model.Date) {
	return model.NewDate(y, 1, 1), model.NewDate(y, 12, 31)
}
