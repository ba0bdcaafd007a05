package store

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
	"fichier/model/query"
)

// Get returns one fiche, read from the file (authoritative, with its current version).
func (s *Store) Get(sess *Session, id model.PersonID) (model.Person, error) {
	u, err := sess.user()
	if err != nil {
		return model.Person{}, err
	}
	var p model.Person
	err = s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bPeople).Get(itob(uint64(id)))
		if v == nil {
			return ErrNotFound
		}
		p, err = decodePerson(id, v, nil)
		return err
	})
	if err != nil {
		return model.Person{}, err
	}
	if !model.CanSee(&u, p.Org) {
		return model.Person{}, ErrNotFound // out of scope is indistinguishable from absent
	}
	return p, nil
}

// Peek returns, for the given fiches that the session may see and in the
// same order, what the index holds of them (query.Row.Person: names, kind,
// status, organisation, commune, mobile, dates — for list lines). Use Get for
// a whole fiche.
func (s *Store) Peek(sess *Session, ids []model.PersonID) ([]model.Person, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	out := make([]model.Person, 0, len(ids))
	s.idx.mu.RLock()
	defer s.idx.mu.RUnlock()
	for _, id := range ids {
		if e, ok := s.idx.byID[id]; ok && model.CanSee(&u, e.Org) {
			out = append(out, e.Person())
		}
	}
	return out, nil
}

// SortKey orders search results.
type SortKey uint8

const (
	SortName SortKey = iota
	SortSection
	SortCommune
	SortUpdated
)

func (k SortKey) String() string {
	switch k {
	case SortSection:
		return "section"
	case SortCommune:
		return "commune"
	case SortUpdated:
		return "dernière modification"
	}
	return "nom"
}

// Result of a search: matching IDs in order, and how many fiches the session
// could see at all (for "1 234 / 48 210 fiches").
type Result struct {
	IDs   []model.PersonID
	Total int
}

// QueryEnv is what binding a query needs: today and the units the session sees.
func (s *Store) QueryEnv(sess *Session) (query.Env, error) {
	units, err := s.Units(sess)
	if err != nil {
		return query.Env{}, err
	}
	rounds, err := s.roundNames(sess)
	if err != nil {
		return query.Env{}, err
	}
	rules := s.duesRules()
	return query.Env{Today: s.today(), Units: units, Dues: rules.forOrg, Rounds: rounds}, nil
}

// searchMemo is a session's last search and the store state it saw.
type searchMemo struct {
	q     *query.Query
	sort  SortKey
	scope model.Org
	gen   uint64
	res   Result
}

func (sess *Session) lastSearch() searchMemo {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	return sess.memo
}

func (sess *Session) rememberSearch(m searchMemo) {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	sess.memo = m
}

// Search runs a query over the session's scope. A nil query matches every
// non-archived fiche.
func (s *Store) Search(sess *Session, q *query.Query, sortBy SortKey) (Result, error) {
	u, err := sess.user()
	if err != nil {
		return Result{}, err
	}
	if q == nil {
		q, _ = query.Parse("")
	}
	env, err := s.QueryEnv(sess)
	if err != nil {
		return Result{}, err
	}
	m, err := q.Bind(env)
	if err != nil {
		return Result{}, err
	}
	gen := s.gen.Load()
	last := sess.lastSearch()
	var res Result
	s.idx.mu.RLock()
	if last.q != nil && last.gen == gen && last.scope == u.Scope && last.sort == sortBy && q.Narrows(last.q) &&
		len(last.res.IDs) < len(s.idx.sorted)/64 {
		// Typing further: only the previous results can still match, and
		// they are already in order. (Worth it only for a small previous
		// result: the text index answers most queries in well under a
		// millisecond.)
		res.Total = last.res.Total
		for _, id := range last.res.IDs {
			if e := s.idx.byID[id]; e != nil && m.Match(e) {
				res.IDs = append(res.IDs, id)
			}
		}
	} else {
		var found hitSet
		found, res.Total = s.idx.text.search(m, u.Scope)
		if sortBy == SortName {
			res.IDs = s.idx.text.idsOf(found)
		} else {
			hits := s.idx.text.rowsOf(found)
			s.sortEntries(hits, sortBy)
			res.IDs = make([]model.PersonID, len(hits))
			for i, e := range hits {
				res.IDs[i] = e.ID
			}
		}
	}
	s.idx.mu.RUnlock()
	if res.IDs == nil {
		res.IDs = []model.PersonID{}
	}
	sess.rememberSearch(searchMemo{q: q, sort: sortBy, scope: u.Scope, gen: gen, res: res})
	return res, nil
}

func (s *Store) sortEntries(hits []*entry, by SortKey) {
	names := map[model.UnitID]string{}
	unitName := func(id model.UnitID) string {
		if n, ok := names[id]; ok {
			return n
		}
		u, _ := s.units.get(id)
		names[id] = model.Fold(u.Name)
		return names[id]
	}
	// hits are already by name, so a stable sort keeps name order within ties.
	slices.SortStableFunc(hits, func(a, b *entry) int {
		switch by {
		case SortSection:
			if c := strings.Compare(unitName(a.Org.Section), unitName(b.Org.Section)); c != 0 {
				return c
			}
			return strings.Compare(unitName(a.Org.Cell), unitName(b.Org.Cell))
		case SortCommune:
			return strings.Compare(a.Commune, b.Commune)
		case SortUpdated:
			return cmp.Compare(b.UpdatedAt, a.UpdatedAt) // newest first
		}
		return 0
	})
}

// Counts are the numbers of non-archived fiches per kind in a scope.
type Counts struct {
	Adherents, Compagnons, Contacts int
	AdherentsNoCell                 int
	Archived                        int
}

// Total is the number of non-archived fiches.
func (c Counts) Total() int { return c.Adherents + c.Compagnons + c.Contacts }

// Count counts the fiches the session can see.
func (s *Store) Count(sess *Session) (Counts, error) {
	u, err := sess.user()
	if err != nil {
		return Counts{}, err
	}
	var c Counts
	s.idx.mu.RLock()
	defer s.idx.mu.RUnlock()
	for _, e := range s.idx.sorted {
		if u.Scope.Contains(e.Org) {
			c.add(e)
		}
	}
	return c, nil
}

// prepare normalises and validates p and checks that its organisation path
// exists and is editable by u. stored are the fiches p replaces (none for
// a new one): only the values that none of them holds must fit their limits.
func (s *Store) prepare(u *model.User, p *model.Person, stored ...*model.Person) error {
	if errs := model.NormalizePerson(p, s.today()); len(errs) > 0 {
		return errs
	}
	if errs := model.CheckLimits(p, stored...); len(errs) > 0 {
		return errs
	}
	if errs := model.CheckRights(u.Rights, p, stored...); len(errs) > 0 {
		return errs
	}
	if err := s.units.checkOpenPath(p.Org); err != nil {
		return model.ValidationErrors{{Field: model.FieldSection, Message: err.Error()}}
	}
	if !model.CanEdit(u, p.Org) {
		return ErrForbidden
	}
	return nil
}

// Create adds a fiche. An adherent without a membership number gets the
// next one of their federation, and today as join date if none is given.
func (s *Store) Create(sess *Session, p model.Person) (model.Person, error) {
	u, err := sess.user()
	if err != nil {
		return model.Person{}, err
	}
	p = p.Clone()
	p.ID, p.Version = 0, 0
	if err := s.prepare(&u, &p); err != nil {
		return model.Person{}, err
	}
	now := s.now()
	p.CreatedAt, p.CreatedBy, p.UpdatedAt, p.UpdatedBy = now, u.Username, now, u.Username
	p.Version = 1
	err = s.write(func(tx *bolt.Tx) error {
		seq, err := tx.Bucket(bPeople).NextSequence()
		if err != nil {
			return err
		}
		p.ID = model.PersonID(seq)
		if err := s.putNumbered(tx, &p, ""); err != nil {
			return err
		}
		return appendAudit(tx, &model.AuditEntry{At: now, Actor: u.Username, ActorID: u.ID, Action: model.ActionPersonCreate,
			PersonID: p.ID, Org: p.Org, Changes: s.nameUnits(model.Diff(&model.Person{}, &p))})
	}, func() Event {
		s.idx.set(p)
		return Event{What: model.ActionPersonCreate, Persons: []model.PersonID{p.ID}, By: u.Username, Orgs: []model.Org{p.Org}}
	})
	if err != nil {
		return model.Person{}, err
	}
	return p, nil
}

// putPerson writes p and keeps the membership-number index in step
// (oldNumber is the number the stored version had).
func putPerson(tx *bolt.Tx, p *model.Person, oldNumber string) error {
	nums := tx.Bucket(bMemberNumbers)
	if p.MemberNumber != oldNumber {
		if p.MemberNumber != "" {
			if owner := nums.Get([]byte(p.MemberNumber)); owner != nil && btoi(owner) != uint64(p.ID) {
				return model.ValidationErrors{{Field: model.FieldMemberNumber, Message: ErrDuplicateNum.Error()}}
			}
			if err := nums.Put([]byte(p.MemberNumber), itob(uint64(p.ID))); err != nil {
				return err
			}
		}
		if oldNumber != "" {
			if err := nums.Delete([]byte(oldNumber)); err != nil {
				return err
			}
		}
	}
	people := tx.Bucket(bPeople)
	people.FillPercent = appendFill
	return people.Put(itob(uint64(p.ID)), encodePerson(nil, p))
}

// getEditable reads a fiche that u may edit; out of scope reads as absent.
func getEditable(tx *bolt.Tx, u *model.User, id model.PersonID) (model.Person, error) {
	p, err := getPerson(tx, id)
	switch {
	case err != nil:
		return p, err
	case !model.CanSee(u, p.Org):
		return model.Person{}, ErrNotFound
	case !model.CanEdit(u, p.Org):
		return model.Person{}, ErrForbidden
	}
	return p, nil
}

func getPerson(tx *bolt.Tx, id model.PersonID) (model.Person, error) {
	v := tx.Bucket(bPeople).Get(itob(uint64(id)))
	if v == nil {
		return model.Person{}, ErrNotFound
	}
	return decodePerson(id, v, nil)
}

// Update saves an edited fiche. p.Version must be the version that was read:
// if someone saved in between, ErrStale is returned and nothing is written.
func (s *Store) Update(sess *Session, p model.Person) (model.Person, error) {
	return s.modify(sess, p.ID, p.Version, model.ActionPersonUpdate, func(cur *model.Person) error {
		keep := *cur
		*cur = p.Clone()
		cur.CreatedAt, cur.CreatedBy = keep.CreatedAt, keep.CreatedBy
		cur.Contribution = keep.Contribution // set with the cotisations right only (SetContribution)
		return nil
	})
}

// Promote moves a fiche one step along contact → compagnon de route →
// adhérent; an adherent gets a membership number and join date.
func (s *Store) Promote(sess *Session, id model.PersonID, version uint64) (model.Person, error) {
	return s.modify(sess, id, version, model.ActionPersonPromote, func(cur *model.Person) error {
		next, ok := cur.Kind.Next()
		if !ok {
			return errors.New("cette fiche est déjà celle d'un adhérent")
		}
		cur.Kind = next
		return nil
	})
}

// SetArchived archives (hides from lists, keeps) or restores a fiche.
func (s *Store) SetArchived(sess *Session, id model.PersonID, version uint64, archived bool) (model.Person, error) {
	action := model.ActionPersonArchive
	if !archived {
		action = model.ActionPersonRestore
	}
	return s.modify(sess, id, version, action, func(cur *model.Person) error {
		cur.Archived = archived
		return nil
	})
}

// modify is the one path for changing an existing fiche: read the stored
// version, check it is the one the caller saw and that the session may edit
// it both where it was and where it goes, apply change, validate, write with
// its audit entry, update the index.
func (s *Store) modify(sess *Session, id model.PersonID, version uint64, action model.Action, change func(cur *model.Person) error) (model.Person, error) {
	u, err := sess.user()
	if err != nil {
		return model.Person{}, err
	}
	var out model.Person
	var oldOrg model.Org
	err = s.write(func(tx *bolt.Tx) error {
		old, err := getEditable(tx, &u, id)
		if errors.Is(err, ErrNotFound) {
			if stale := mutatedAway(tx, &u, id); stale != nil {
				return stale
			}
		}
		if err != nil {
			return err
		}
		oldOrg = old.Org
		if version != old.Version {
			return fmt.Errorf("%w (dernière modification par %s)", ErrStale, old.UpdatedBy)
		}
		p := old.Clone()
		if err := change(&p); err != nil {
			return err
		}
		p.ID, p.Version = id, old.Version+1
		if err := s.prepare(&u, &p, &old); err != nil {
			return err
		}
		if err := checkMutationFields(&old, &p); err != nil {
			return err
		}
		p.UpdatedAt, p.UpdatedBy = s.now(), u.Username
		if err := s.putNumbered(tx, &p, old.MemberNumber); err != nil {
			return err
		}
		out = p
		return appendAudit(tx, &model.AuditEntry{At: p.UpdatedAt, Actor: u.Username, ActorID: u.ID, Action: action,
			PersonID: id, Org: p.Org, Changes: s.nameUnits(model.Diff(&old, &p))})
	}, func() Event {
		s.idx.set(out)
		return Event{What: action, Persons: []model.PersonID{id}, By: u.Username, Orgs: []model.Org{oldOrg, out.Org}}
	})
	if err != nil {
		return model.Person{}, err
	}
	return out, nil
}

// Erase removes a fiche for good (right to erasure). The journal keeps only
// that an erasure happened, by whom and when: earlier entries about the
// person lose their field values.
func (s *Store) Erase(sess *Session, id model.PersonID) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	var detach func() // accounts of responsables tied to the fiche (erase_traces.go)
	var oldOrg model.Org
	return s.write(func(tx *bolt.Tx) error {
		old, err := getEditable(tx, &u, id)
		if err != nil {
			return err
		}
		oldOrg = old.Org
		if detach, err = s.eraseTraces(tx, old); err != nil {
			return err
		}
		for _, num := range append([]string{old.MemberNumber}, old.PreviousNumbers...) {
			if num == "" || btoi(tx.Bucket(bMemberNumbers).Get([]byte(num))) != uint64(id) {
				continue
			}
			if err := tx.Bucket(bMemberNumbers).Delete([]byte(num)); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bPeople).Delete(itob(uint64(id))); err != nil {
			return err
		}
		if err := scrubAudit(tx, id); err != nil {
			return err
		}
		if err := scrubMutations(tx, id); err != nil {
			return err
		}
		if err := scrubPayments(tx, id); err != nil {
			return err
		}
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionPersonErase,
			PersonID: id, Org: old.Org, Detail: "fiche effacée définitivement (droit à l'effacement)"})
	}, func() Event {
		s.idx.remove(id)
		detach()
		return Event{What: model.ActionPersonErase, Persons: []model.PersonID{id}, By: u.Username, Orgs: []model.Org{oldOrg}}
	})
}

// scrubAudit removes the personal values from every journal entry about id.
func scrubAudit(tx *bolt.Tx, id model.PersonID) error {
	audit := tx.Bucket(bAudit)
	return forEachPersonAudit(tx, id, func(key []byte, e model.AuditEntry) error {
		for i := range e.Changes {
			e.Changes[i].Old, e.Changes[i].New = "", ""
		}
		e.Detail = ""
		data, err := jsonMarshal(e)
		if err != nil {
			return err
		}
		return audit.Put(key, data)
	})
}

// nameUnits replaces unit references (#id) in changes with unit names, as
// they are when the change is made.
func (s *Store) nameUnits(changes []model.Change) []model.Change {
	name := func(v string) string {
		if !strings.HasPrefix(v, "#") {
			return v
		}
		id, err := strconv.ParseUint(v[1:], 10, 32)
		if err != nil {
			return v
		}
		if u, ok := s.units.get(model.UnitID(id)); ok {
			return u.Name
		}
		return v
	}
	for i := range changes {
		changes[i].Old, changes[i].New = name(changes[i].Old), name(changes[i].New)
	}
	return changes
}
