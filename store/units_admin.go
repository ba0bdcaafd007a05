package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// The structure: renaming and closing units, and counting who is in each.
//
// Units are never deleted (fiches, accounts and the journal refer to them by
// ID): a closed unit disappears from the fiche form's pickers and from the
// structure's actions, keeps its name in old journal entries, and stays
// known to the query language (section:/cellule: still parse in saved
// searches; they simply match nobody once everyone has moved).

// ErrUnitNotFound is returned for a unit that does not exist or is outside
// the session's scope.
var ErrUnitNotFound = errors.New("unité introuvable")

// checkOpenPath is checkPath, refusing closed units too.
func (c *unitCache) checkOpenPath(org model.Org) error {
	if err := c.checkPath(org); err != nil {
		return err
	}
	for _, id := range []model.UnitID{org.Federation, org.Section, org.Cell} {
		if id == 0 {
			break
		}
		if u, _ := c.get(id); u.Closed {
			return fmt.Errorf("%s « %s » est fermée", u.Level, u.Name)
		}
	}
	return nil
}

// nameFree refuses a name already used by another open unit of the same
// parent (accents and case aside): the query language finds units by name.
func (c *unitCache) nameFree(parent model.Org, level model.Level, except model.UnitID, name string) error {
	f := model.Fold(name)
	for _, u := range c.list() {
		if u.ID != except && !u.Closed && u.Level == level && u.Path.Parent() == parent && model.Fold(u.Name) == f {
			return fmt.Errorf("il y a déjà une %s « %s » à cet endroit", u.Level, u.Name)
		}
	}
	return nil
}

// editableUnit returns the unit the session may rename or close: a section
// needs création et modification at its federation, a cell at its section,
// a federation at the national level.
func (s *Store) editableUnit(u *model.User, id model.UnitID) (model.Unit, error) {
	unit, ok := s.units.get(id)
	if !ok || !model.CanSee(u, unit.Path.Parent()) && !model.CanSee(u, unit.Path) {
		return model.Unit{}, ErrUnitNotFound
	}
	if !model.CanEdit(u, unit.Path.Parent()) {
		return model.Unit{}, ErrForbidden
	}
	if unit.Closed {
		return model.Unit{}, fmt.Errorf("%s « %s » est déjà fermée", unit.Level, unit.Name)
	}
	return unit, nil
}

// RenameUnit renames a unit (and changes its code, e.g. a federation's
// département number). Fiches refer to units by ID: nothing else changes.
func (s *Store) RenameUnit(sess *Session, id model.UnitID, name, code string) (model.Unit, error) {
	u, name, code, err := unitWrite(sess, name, code)
	if err != nil {
		return model.Unit{}, err
	}
	var out model.Unit
	err = s.write(func(tx *bolt.Tx) error {
		unit, err := s.editableUnit(&u, id)
		if err != nil {
			return err
		}
		if err := s.units.nameFree(unit.Path.Parent(), unit.Level, unit.ID, name); err != nil {
			return err
		}
		var changes []model.Change
		if unit.Name != name {
			changes = append(changes, model.Change{Field: "Nom", Old: unit.Name, New: name})
		}
		if unit.Code != code {
			changes = append(changes, model.Change{Field: "Code", Old: unit.Code, New: code})
		}
		if len(changes) == 0 {
			return errors.New("rien n'a changé")
		}
		unit.Name, unit.Code = name, code
		if err := putUnit(tx, unit); err != nil {
			return err
		}
		out = unit
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionUnitUpdate, Org: unit.Path,
			Changes: changes, Detail: fmt.Sprintf("%s « %s »", unit.Level, name)})
	}, func() Event {
		return s.unitEvent(model.ActionUnitUpdate, out, u.Username)
	})
	if err != nil {
		return model.Unit{}, err
	}
	return out, nil
}

// CloseDestinations lists where the people of a unit may go when it is
// closed: another open unit of the same parent, or — for a cell — its
// section with no cell (first in the list).
func (s *Store) CloseDestinations(sess *Session, id model.UnitID) ([]model.Org, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	unit, err := s.editableUnit(&u, id)
	if err != nil {
		return nil, err
	}
	var out []model.Org
	if unit.Level == model.LevelCell {
		out = append(out, unit.Path.Parent())
	}
	for _, o := range s.units.list() {
		if o.ID != unit.ID && !o.Closed && o.Level == unit.Level && o.Path.Parent() == unit.Path.Parent() && model.CanEdit(&u, o.Path) {
			out = append(out, o.Path)
		}
	}
	return out, nil
}

// validDestination checks dest for the people of unit.
func validDestination(unit model.Unit, dest model.Org) bool {
	if unit.Path.Contains(dest) {
		return false
	}
	if unit.Level == model.LevelCell && dest == unit.Path.Parent() {
		return true
	}
	return dest.Level() == unit.Level && dest.Parent() == unit.Path.Parent()
}

// CloseUnit closes a unit and the units under it. The people it still holds
// (archived fiches included) move to dest in the same transaction, each
// with a journal entry on their fiche (the change of section or cell); the
// unit's closing is journaled too. Accounts of responsables still active
// inside the unit must be disabled or moved first (Responsables screen):
// closing the structure never changes what someone may see. It returns the
// number of fiches moved.
func (s *Store) CloseUnit(sess *Session, id model.UnitID, dest model.Org) (int, error) {
	u, err := sess.user()
	if err != nil {
		return 0, err
	}
	var moved []model.Person
	var closed []model.Unit
	var where model.Org
	err = s.write(func(tx *bolt.Tx) error {
		moved, closed = nil, nil
		unit, err := s.editableUnit(&u, id)
		if err != nil {
			return err
		}
		where = unit.Path.Parent()
		var active []string
		for _, acc := range s.users.all() {
			if !acc.Disabled && unit.Path.Contains(acc.Scope) {
				active = append(active, acc.Username)
			}
		}
		if len(active) > 0 {
			slices.Sort(active)
			return fmt.Errorf("des responsables actifs sont rattachés à %s « %s » (%s) : désactivez-les ou changez leur unité d'abord (écran Responsables)",
				unit.Level, unit.Name, strings.Join(active, ", "))
		}
		ids := s.peopleUnder(unit.Path)
		destName := ""
		if len(ids) > 0 {
			if !validDestination(unit, dest) {
				return fmt.Errorf("choisissez où vont les %d fiches de %s « %s » : une autre %s de la même branche%s",
					len(ids), unit.Level, unit.Name, unit.Level, map[bool]string{true: " ou la section sans cellule", false: ""}[unit.Level == model.LevelCell])
			}
			if err := s.units.checkOpenPath(dest); err != nil {
				return err
			}
			if !model.CanEdit(&u, dest) {
				return ErrForbidden
			}
			destName = s.units.describe(dest)
			if dest.Level() < unit.Level {
				destName += " (sans " + unit.Level.String() + ")"
			}
		}
		now := s.now()
		detail := fmt.Sprintf("fermeture de %s « %s »", unit.Level, unit.Name)
		for _, pid := range ids {
			old, err := getPerson(tx, pid)
			if err != nil {
				return err
			}
			p := old.Clone()
			p.Org = dest
			p.Version = old.Version + 1
			p.UpdatedAt, p.UpdatedBy = now, u.Username
			if err := putPerson(tx, &p, old.MemberNumber); err != nil {
				return err
			}
			if err := appendAudit(tx, &model.AuditEntry{At: now, Actor: u.Username, ActorID: u.ID, Action: model.ActionPersonUpdate,
				PersonID: p.ID, Org: p.Org, Changes: s.nameUnits(model.Diff(&old, &p)), Detail: detail}); err != nil {
				return err
			}
			moved = append(moved, p)
		}
		for _, sub := range s.units.list() {
			if !sub.Closed && unit.Path.Contains(sub.Path) && sub.Level >= unit.Level {
				sub.Closed = true
				if err := putUnit(tx, sub); err != nil {
					return err
				}
				closed = append(closed, sub)
			}
		}
		what := fmt.Sprintf("%s « %s » fermée", unit.Level, unit.Name)
		if n := len(closed) - 1; n > 0 {
			what += fmt.Sprintf(" avec %d %s", n, map[bool]string{true: "unité en dessous", false: "unités en dessous"}[n == 1])
		}
		if len(moved) > 0 {
			what += fmt.Sprintf(" ; %d %s vers %s", len(moved), map[bool]string{true: "fiche déplacée", false: "fiches déplacées"}[len(moved) == 1], destName)
		}
		return appendAudit(tx, &model.AuditEntry{At: now, Actor: u.Username, ActorID: u.ID, Action: model.ActionUnitClose, Org: unit.Path, Detail: what})
	}, func() Event {
		for _, c := range closed {
			s.units.put(c)
		}
		ids := make([]model.PersonID, len(moved))
		for i, p := range moved {
			s.idx.set(p)
			ids[i] = p.ID
		}
		return Event{What: model.ActionUnitClose, Persons: ids, By: u.Username, Orgs: []model.Org{where}}
	})
	if err != nil {
		return 0, err
	}
	return len(moved), nil
}

// peopleUnder lists the fiches (archived ones included) under path.
func (s *Store) peopleUnder(path model.Org) []model.PersonID {
	s.idx.mu.RLock()
	defer s.idx.mu.RUnlock()
	var ids []model.PersonID
	for _, e := range s.idx.sorted {
		if path.Contains(e.Org) {
			ids = append(ids, e.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// add counts the fiche of index entry e.
func (c *Counts) add(e *entry) {
	if e.Archived {
		c.Archived++
		return
	}
	switch e.Kind {
	case model.KindAdherent:
		c.Adherents++
		if e.Org.Cell == 0 {
			c.AdherentsNoCell++
		}
	case model.KindCompagnon:
		c.Compagnons++
	default:
		c.Contacts++
	}
}

// UnitCounts counts the fiches of each unit in the session's scope, each
// unit's counts including the units under it, in one scan of the index.
// Key 0 holds the whole scope (as Count).
func (s *Store) UnitCounts(sess *Session) (map[model.UnitID]Counts, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	out := map[model.UnitID]Counts{}
	add := func(id model.UnitID, e *entry) {
		c := out[id]
		c.add(e)
		out[id] = c
	}
	top := u.Scope.Level()
	s.idx.mu.RLock()
	defer s.idx.mu.RUnlock()
	for _, e := range s.idx.sorted {
		if !u.Scope.Contains(e.Org) {
			continue
		}
		add(0, e)
		for lvl, id := range []model.UnitID{e.Org.Federation, e.Org.Section, e.Org.Cell} {
			if id == 0 {
				break
			}
			if model.Level(lvl+1) >= top { // units above the scope are not counted
				add(id, e)
			}
		}
	}
	return out, nil
}
