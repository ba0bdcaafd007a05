package store

import (
	"encoding/binary"
	"errors"
	"slices"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// bDuesStatements keeps the yearly statements issued: person id ‖ year
// (uint16) → date issued (uint32) ‖ eligible total (zigzag uint64). The
// bucket is created by the first statement issued (files made before it
// have none: no statement issued yet).
var bDuesStatements = []byte("dues_statements")

// ActionStatement journals a yearly statement issued for an adherent.
const ActionStatement model.Action = "cotisation.attestation"

// StatementLine is one adherent's statement with what its page and the
// financing association's list show of them: never another fiche's data.
type StatementLine struct {
	model.Statement
	Civility       model.Civility
	FirstName      string
	LastName       string
	MemberNumber   string
	Address        model.Address
	Section        string // the adherent's section (today: payments follow a mutation)
	Federation     string
	AddressMissing bool // a receipt cannot be posted
}

// PaymentWarnings are the reasons to confirm payment p before recording it
// (cash above the federation's limit, the adherent's year above the
// ceiling); nil when none. The record screens ask before RecordPayment.
func (s *Store) PaymentWarnings(sess *Session, p model.Payment) ([]string, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	e, ok := s.idx.get(p.Person)
	if !ok || !model.CanSee(&u, e.Org) {
		return nil, ErrNotFound
	}
	var list []model.Payment
	if err := s.db.View(func(tx *bolt.Tx) error {
		list, err = personPayments(tx, p.Person)
		return err
	}); err != nil {
		return nil, err
	}
	var year model.Cents
	for _, q := range list {
		if q.Year() == p.Year() {
			year += q.Cents
		}
	}
	set := s.DuesSettings(e.Org)
	return set.PaymentWarnings(&p, year), nil
}

// Statements are the yearly statements of year for the adherents of the
// session's scope who have a payment dated in that year, in name order.
// Payments count where their adherent belongs today.
func (s *Store) Statements(sess *Session, year int) ([]StatementLine, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	if year < 1990 || year > 9999 {
		return nil, errors.New("année " + itoa(year) + " invalide")
	}
	var order []model.PersonID
	inScope := map[model.PersonID]bool{}
	s.idx.mu.RLock()
	for _, e := range s.idx.sorted {
		if e.Kind == model.KindAdherent && u.Scope.Contains(e.Org) {
			order = append(order, e.ID)
			inScope[e.ID] = true
		}
	}
	s.idx.mu.RUnlock()
	byPerson := map[model.PersonID][]model.Payment{}
	issued := map[model.PersonID]*model.IssuedStatement{}
	err = s.db.View(func(tx *bolt.Tx) error {
		err := tx.Bucket(bPayments).ForEach(func(k, v []byte) error {
			p, err := decodePayment(model.PaymentID(btoi(k)), v)
			if err != nil {
				return unreadablePayment(p.ID)
			}
			if inScope[p.Person] && p.Year() == year {
				byPerson[p.Person] = append(byPerson[p.Person], p)
			}
			return nil
		})
		if err != nil {
			return err
		}
		b := tx.Bucket(bDuesStatements)
		if b == nil {
			return nil
		}
		for who := range byPerson {
			if is, ok := decodeIssued(b.Get(statementKey(who, year))); ok {
				issued[who] = &is
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	ids := slices.DeleteFunc(order, func(id model.PersonID) bool { return byPerson[id] == nil })
	people := make([]model.Person, 0, len(ids))
	err = s.db.View(func(tx *bolt.Tx) error {
		for _, id := range ids {
			p, err := getPerson(tx, id)
			if errors.Is(err, ErrNotFound) {
				continue // erased meanwhile
			}
			if err != nil {
				return err
			}
			if u.Scope.Contains(p.Org) {
				people = append(people, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]StatementLine, 0, len(people))
	for i := range people {
		p := &people[i]
		st := model.BuildStatement(p.ID, year, byPerson[p.ID], s.DuesSettings(p.Org))
		st.Issued = issued[p.ID]
		out = append(out, StatementLine{Statement: st, Civility: p.Civility, FirstName: p.FirstName, LastName: p.LastName,
			MemberNumber: p.MemberNumber, Address: p.Address, Section: s.unitName(p.Org.Section), Federation: s.unitName(p.Org.Federation),
			AddressMissing: !model.AddressComplete(p.Address)})
	}
	return out, nil
}

func (s *Store) unitName(id model.UnitID) string {
	if u, ok := s.units.get(id); ok {
		return u.Name
	}
	return ""
}

// IssueStatements journals the statements about to be handed out (export
// right): each adherent's journal gets its eligible total, and the total is
// kept so that a later correction shows on the next statement. Called by
// export/ before the files are written.
func (s *Store) IssueStatements(sess *Session, lines []StatementLine) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	if !u.Rights.Has(model.RightExport) {
		return ErrForbidden
	}
	today := s.today()
	var orgs []model.Org
	var ids []model.PersonID
	err = s.write(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bDuesStatements)
		if err != nil {
			return err
		}
		for i := range lines {
			l := &lines[i]
			e, ok := s.idx.get(l.Person)
			if !ok || !model.Can(&u, model.RightExport, e.Org) {
				return ErrForbidden
			}
			v := binary.BigEndian.AppendUint32(nil, uint32(today))
			v = binary.BigEndian.AppendUint64(v, zigzag(l.Eligible))
			if err := b.Put(statementKey(l.Person, l.Year), v); err != nil {
				return err
			}
			detail := "attestation annuelle " + itoa(l.Year) + " : total " + model.FormatCents(l.Total) + ", ouvrant droit au reçu " + model.FormatCents(l.Eligible)
			if l.Changed() {
				detail += " (remplace celle du " + l.Issued.On.String() + " : " + model.FormatCents(l.Issued.Eligible) + ")"
			}
			if err := appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: ActionStatement,
				PersonID: l.Person, Org: e.Org, Detail: detail}); err != nil {
				return err
			}
			orgs, ids = append(orgs, e.Org), append(ids, l.Person)
		}
		return nil
	}, func() Event { return Event{What: ActionStatement, Persons: ids, By: u.Username, Orgs: orgs} })
	return err
}

func statementKey(who model.PersonID, year int) []byte {
	return binary.BigEndian.AppendUint16(itob(uint64(who)), uint16(year))
}

func decodeIssued(v []byte) (model.IssuedStatement, bool) {
	if len(v) != 12 {
		return model.IssuedStatement{}, false
	}
	return model.IssuedStatement{On: model.Date(binary.BigEndian.Uint32(v)), Eligible: unzigzag(binary.BigEndian.Uint64(v[4:]))}, true
}
