package store

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// Mutations (issue 13, docs/MUTATIONS.md): a fiche leaves its federation for
// another of this file, or for another file by a transfer file, and arrives
// to be processed. Each step is one transaction with its journal entries, so
// the fiche is always either at its origin or fully at its destination.

// mutationHook, set by tests only, runs inside a mutation's transaction
// after the fiche has moved and before the records are written: an error
// there stands for a crash in the middle (the transaction rolls back).
var mutationHook func(step string) error

func runHook(step string) error {
	if mutationHook != nil {
		return mutationHook(step)
	}
	return nil
}

// ErrNotFederation: the destination chosen is not an open federation of this file.
var ErrNotFederation = errors.New("la destination n'est pas une fédération ouverte de ce fichier")

// Federations lists the open federations of the file (name and code), for
// choosing a mutation's destination: every responsable may name them.
func (s *Store) Federations() []model.Unit {
	var out []model.Unit
	for _, u := range s.units.list() {
		if u.Level == model.LevelFederation && !u.Closed {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b model.Unit) int { return strings.Compare(a.Code+a.Name, b.Code+b.Name) })
	return out
}

// Departure is what the departure dialog asks.
type Departure struct {
	PersonID model.PersonID
	Version  uint64 // the version the fiche was read at: a stale one gets ErrStale
	Dest     model.Destination
	Date     model.Date
	Reason   string
	// Path is where the transfer file is written, for a destination
	// outside this file (Dest.Federation == 0).
	Path string
}

// fedDept is the département (code and name) of a federation of this file.
func (s *Store) fedDept(id model.UnitID) model.Departement {
	u, _ := s.units.get(id)
	d := model.Departement{Code: u.Code, Name: u.Name}
	if d.Code == "" {
		d.Code = fmt.Sprint(u.ID)
	}
	return d
}

// checkDeparture reads the fiche inside tx and checks the departure.
func (s *Store) checkDeparture(tx *bolt.Tx, u *model.User, d *Departure) (model.Person, error) {
	p, err := getPerson(tx, d.PersonID)
	if err != nil || !model.CanSee(u, p.Org) {
		return model.Person{}, ErrNotFound
	}
	if p.Version != d.Version {
		return model.Person{}, fmt.Errorf("%w (dernière modification par %s)", ErrStale, p.UpdatedBy)
	}
	if err := model.CheckDeparture(u, &p, d.Dest, d.Date, s.today(), d.Reason); err != nil {
		return model.Person{}, err
	}
	if d.Dest.Federation != 0 {
		fed, ok := s.units.get(d.Dest.Federation)
		if !ok || fed.Level != model.LevelFederation || fed.Closed {
			return model.Person{}, ErrNotFederation
		}
	} else if _, ok := model.DepartementByCode(d.Dest.Dept.Code); !ok {
		return model.Person{}, model.ErrMutationNoDest
	}
	return p, nil
}

func cleanDeparture(d *Departure) {
	d.Reason = strings.TrimSpace(model.StripControl(d.Reason))
	if d.Dest.Federation == 0 {
		d.Dest.Dept, _ = model.DepartementByCode(d.Dest.Dept.Code)
	}
}

// Depart makes a mutation (départ). To a federation of this file: in one
// transaction the fiche passes to that federation without a section, marked
// as an arrival to process, its membership number moved to its previous
// numbers (still indexed, so still findable); the origin keeps the record
// and a journal entry without the fiche's contents. Outside the file: see
// departOut. Requires création et modification on the fiche.
func (s *Store) Depart(sess *Session, d Departure) (model.Mutation, error) {
	cleanDeparture(&d)
	if d.Dest.Federation == 0 {
		return s.departOut(sess, d)
	}
	u, err := sess.user()
	if err != nil {
		return model.Mutation{}, err
	}
	var m model.Mutation
	var moved model.Person
	err = s.write(func(tx *bolt.Tx) error {
		old, err := s.checkDeparture(tx, &u, &d)
		if err != nil {
			return err
		}
		now := s.now()
		p := old.Clone()
		p.Org = model.Org{Federation: d.Dest.Federation}
		p.Arrival = true
		if p.MemberNumber != "" {
			p.PreviousNumbers = append(p.PreviousNumbers, p.MemberNumber)
			p.MemberNumber = "" // stays in member_numbers: reserved and findable
		}
		p.Version++
		p.UpdatedAt, p.UpdatedBy = now, u.Username
		if err := putPerson(tx, &p, p.MemberNumber); err != nil {
			return err
		}
		if err := runHook("depart"); err != nil {
			return err
		}
		m = model.Mutation{Kind: model.MutationInFile, PersonID: p.ID, Name: old.SortName(), OldNumber: old.MemberNumber,
			Date: d.Date, Reason: d.Reason, From: old.Org, FromDept: s.fedDept(old.Org.Federation),
			To: p.Org, ToDept: s.fedDept(p.Org.Federation), By: u.Username, At: now}
		if err := putMutation(tx, &m); err != nil {
			return err
		}
		// The origin's entry names where the fiche went, not what it holds;
		// the destination's carries the changes, as any arrival.
		if err := appendAudit(tx, &model.AuditEntry{At: now, Actor: u.Username, ActorID: u.ID, Action: model.ActionMutationOut,
			PersonID: p.ID, Org: old.Org, Detail: departureDetail(&m)}); err != nil {
			return err
		}
		moved = p
		return appendAudit(tx, &model.AuditEntry{At: now, Actor: u.Username, ActorID: u.ID, Action: model.ActionMutationIn,
			PersonID: p.ID, Org: p.Org, Detail: arrivalDetail(&m), Changes: s.nameUnits(model.Diff(&old, &p))})
	}, func() Event {
		s.idx.set(moved)
		return personEvent(model.ActionMutationOut, moved.ID, u.Username, m.From, m.To)
	})
	if err != nil {
		return model.Mutation{}, err
	}
	return m, nil
}

func departureDetail(m *model.Mutation) string {
	s := fmt.Sprintf("mutation de %s vers %s le %s", m.FromDept, m.ToDept, m.Date)
	if m.Kind == model.MutationOut {
		s += " (fichier de transfert " + m.TransferID[:8] + ")"
	}
	if m.Reason != "" {
		s += " : " + m.Reason
	}
	return s
}

func arrivalDetail(m *model.Mutation) string {
	s := fmt.Sprintf("arrivée de %s le %s, à traiter", m.FromDept, m.Date)
	if m.OldNumber != "" {
		s += " (ancien numéro " + m.OldNumber + ")"
	}
	return s
}

func putMutation(tx *bolt.Tx, m *model.Mutation) error {
	b := tx.Bucket(bMutations)
	if err := numbered(b, &m.ID); err != nil {
		return err
	}
	b.FillPercent = appendFill
	return putJSON(b, itob(uint64(m.ID)), m)
}

func getMutation(tx *bolt.Tx, id model.MutationID) (model.Mutation, error) {
	var m model.Mutation
	v := tx.Bucket(bMutations).Get(itob(uint64(id)))
	if v == nil {
		return m, errors.New("mutation introuvable")
	}
	return m, jsonUnmarshal(v, &m)
}

// MutationFilter selects records for the Mutations screen. Zero values mean "any".
type MutationFilter struct {
	From, To    model.Date // date of the move, inclusive
	Departures  bool       // only departures from the session's scope
	Arrivals    bool       // only arrivals into it
	PendingOnly bool       // only arrivals still to process
}

// Mutations lists, newest first, the records the session sees: departures
// from its scope and arrivals into it.
func (s *Store) Mutations(sess *Session, f MutationFilter) ([]model.Mutation, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	var out []model.Mutation
	err = s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bMutations).Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var m model.Mutation
			if err := jsonUnmarshal(v, &m); err != nil {
				return fmt.Errorf("mutation %d illisible : %w", btoi(k), err)
			}
			dep, arr := m.SeesDeparture(&u), m.SeesArrival(&u)
			switch {
			case !dep && !arr,
				f.From != 0 && m.Date < f.From, f.To != 0 && m.Date > f.To,
				f.Departures && !f.Arrivals && !dep, f.Arrivals && !f.Departures && !arr,
				f.PendingOnly && !(arr && m.PendingArrival()):
				continue
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// PendingArrivals counts the arrivals the session may see that wait for a section.
func (s *Store) PendingArrivals(sess *Session) (int, error) {
	ms, err := s.Mutations(sess, MutationFilter{PendingOnly: true})
	return len(ms), err
}

// ProcessArrival gives an arrival its section (and optionally its cell): the
// fiche becomes an ordinary one there, an adherent with a new membership
// number of the destination federation (the old one stays in its previous
// numbers). Requires création et modification at the destination.
func (s *Store) ProcessArrival(sess *Session, id model.MutationID, to model.Org) (model.Person, error) {
	u, err := sess.user()
	if err != nil {
		return model.Person{}, err
	}
	var out model.Person
	err = s.write(func(tx *bolt.Tx) error {
		m, err := getMutation(tx, id)
		if err != nil || !m.SeesArrival(&u) {
			return errors.New("arrivée introuvable")
		}
		if err := model.CheckArrival(&u, &m, to); err != nil {
			return err
		}
		if err := s.units.checkOpenPath(to); err != nil {
			return model.ValidationErrors{{Field: model.FieldSection, Message: err.Error()}}
		}
		old, err := getPerson(tx, m.PersonID)
		if err != nil {
			return err
		}
		if !old.Arrival || old.Org.Federation != m.To.Federation {
			return model.ErrArrivalProcessed
		}
		p := old.Clone()
		p.Org, p.Arrival = to, false
		p.Version++
		now := s.now()
		p.UpdatedAt, p.UpdatedBy = now, u.Username
		if err := s.putNumbered(tx, &p, ""); err != nil {
			return err
		}
		if err := runHook("arrival"); err != nil {
			return err
		}
		m.Processed, m.ProcessedAt, m.ProcessedBy, m.NewNumber = true, now, u.Username, p.MemberNumber
		if err := putMutation(tx, &m); err != nil {
			return err
		}
		out = p
		return appendAudit(tx, &model.AuditEntry{At: now, Actor: u.Username, ActorID: u.ID, Action: model.ActionMutationDone,
			PersonID: p.ID, Org: p.Org, Detail: "arrivée de mutation traitée : " + s.units.describe(to),
			Changes: s.nameUnits(model.Diff(&old, &p))})
	}, func() Event {
		s.idx.set(out)
		return personEvent(model.ActionMutationDone, out.ID, u.Username, out.Org)
	})
	if err != nil {
		return model.Person{}, err
	}
	return out, nil
}

// mutatedAway tells an edit of a fiche that has left the session's scope
// by a mutation (made meanwhile, from another session) that it is stale,
// rather than absent: the session saw the fiche, and the departure is in
// its Mutations screen anyway.
func mutatedAway(tx *bolt.Tx, u *model.User, id model.PersonID) error {
	c := tx.Bucket(bMutations).Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		var m model.Mutation
		if jsonUnmarshal(v, &m) == nil && m.PersonID == id && m.SeesDeparture(u) {
			return fmt.Errorf("%w (la fiche a été mutée vers %s par %s)", ErrStale, m.ToDept, m.By)
		}
	}
	return nil
}

// newTransferID is 128 random bits in hex.
func newTransferID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go ≥ 1.24)
	return hex.EncodeToString(b)
}

var _ = time.Now

// Errors of edits that only a mutation may make.
var (
	ErrFederationByMutation = errors.New("la fédération ne se change que par une mutation (touche m sur la fiche)")
	ErrArrivalBySection     = errors.New("cette fiche est une arrivée de mutation : attribuez-lui sa section depuis l'écran Mutations")
	ErrMutedRestore         = errors.New("cette fiche a été mutée hors du fichier : elle est gardée pour mémoire et ne peut pas revenir dans les listes")
)

// checkMutationFields keeps an ordinary edit from doing a mutation's work:
// moving a fiche to another federation, placing an arrival, clearing or
// setting the arrival mark, rewriting previous numbers, or bringing a fiche
// muté outside the file back.
func checkMutationFields(old, p *model.Person) error {
	switch {
	case p.Org.Federation != old.Org.Federation:
		return ErrFederationByMutation
	case old.Arrival && (p.Org != old.Org || !p.Arrival):
		return ErrArrivalBySection
	case p.Arrival != old.Arrival || !slices.Equal(p.PreviousNumbers, old.PreviousNumbers):
		return errors.New("les marques de mutation d'une fiche ne se modifient pas à la main")
	case old.Status == model.StatusMute && old.Archived && (!p.Archived || p.Status != model.StatusMute):
		return ErrMutedRestore
	}
	return nil
}

// forEachMutationOf calls fn for each mutation record of person id; fn may
// change the record, which is then written back when fn returns true.
func forEachMutationOf(tx *bolt.Tx, id model.PersonID, fn func(m *model.Mutation) bool) error {
	var changed []model.Mutation // collected first: the bucket changes below
	err := tx.Bucket(bMutations).ForEach(func(_, v []byte) error {
		var m model.Mutation
		if err := jsonUnmarshal(v, &m); err != nil || m.PersonID != id {
			return nil
		}
		if fn(&m) {
			changed = append(changed, m)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range changed {
		if err := putMutation(tx, &changed[i]); err != nil {
			return err
		}
	}
	return nil
}

// scrubMutations removes the personal values (name, numbers, reason,
// history) from the mutation records of an erased fiche: like the journal,
// they keep only that a mutation happened, when, from and to where.
func scrubMutations(tx *bolt.Tx, id model.PersonID) error {
	return forEachMutationOf(tx, id, func(m *model.Mutation) bool {
		m.Name, m.OldNumber, m.NewNumber, m.Reason, m.History = "(fiche effacée)", "", "", "", nil
		return true
	})
}

// repointMutations attaches drop's mutation records to the merged fiche
// p. An arrival merged into a fiche that is not (or no longer) waiting is
// done: its record says so, with the number the fiche keeps. Previous
// numbers of drop indexed in this file now lead to p.
func (s *Store) repointMutations(tx *bolt.Tx, u *model.User, drop model.Person, p *model.Person) error {
	nums := tx.Bucket(bMemberNumbers)
	for _, n := range drop.PreviousNumbers {
		if btoi(nums.Get([]byte(n))) == uint64(drop.ID) {
			if err := nums.Put([]byte(n), itob(uint64(p.ID))); err != nil {
				return err
			}
		}
	}
	return forEachMutationOf(tx, drop.ID, func(m *model.Mutation) bool {
		m.PersonID = p.ID
		if m.PendingArrival() && !p.Arrival {
			m.Processed, m.ProcessedAt, m.ProcessedBy, m.NewNumber = true, s.now(), u.Username, p.MemberNumber
		}
		return true
	})
}

// mergeNumbers is the union of two lists of previous numbers, in order.
func mergeNumbers(a, b []string) []string {
	out := slices.Clone(a)
	for _, n := range b {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}
