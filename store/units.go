package store

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// unitCache mirrors the units bucket (federations, sections, cells).
type unitCache struct {
	cache[model.UnitID, model.Unit]
}

func loadUnits(tx *bolt.Tx) (*unitCache, error) {
	c := &unitCache{cache[model.UnitID, model.Unit]{byID: map[model.UnitID]model.Unit{}}}
	err := forEachJSON(tx.Bucket(bUnits), "unité", func(u *model.Unit) error {
		c.byID[u.ID] = *u
		return nil
	})
	return c, err
}

// list lists the units by ID.
func (c *unitCache) list() []model.Unit {
	out := c.all()
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (c *unitCache) put(u model.Unit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byID[u.ID] = u
}

// checkPath verifies that every unit of org exists and that they nest.
func (c *unitCache) checkPath(org model.Org) error {
	ids := []model.UnitID{org.Federation, org.Section, org.Cell}
	for lvl, id := range ids {
		if id == 0 {
			for _, rest := range ids[lvl:] {
				if rest != 0 {
					return fmt.Errorf("chemin d'organisation incomplet")
				}
			}
			return nil
		}
		u, ok := c.get(id)
		if !ok {
			return fmt.Errorf("unité %d inconnue", id)
		}
		if u.Level != model.Level(lvl+1) || u.Path.Parent() != parentOf(org, lvl) {
			return fmt.Errorf("%s « %s » n'appartient pas à cette branche", u.Level, u.Name)
		}
	}
	return nil
}

// parentOf is the path above level index lvl (0 = federation).
func parentOf(org model.Org, lvl int) model.Org {
	switch lvl {
	case 0:
		return model.Org{}
	case 1:
		return model.Org{Federation: org.Federation}
	}
	return model.Org{Federation: org.Federation, Section: org.Section}
}

// describe names a path, e.g. "Isère › Sud-Grenoblois › Échirolles".
func (c *unitCache) describe(org model.Org) string {
	if org.Level() == model.LevelNational {
		return "national"
	}
	var parts []string
	for _, id := range []model.UnitID{org.Federation, org.Section, org.Cell} {
		if id == 0 {
			break
		}
		u, ok := c.get(id)
		if !ok {
			parts = append(parts, fmt.Sprintf("#%d", id))
			continue
		}
		parts = append(parts, u.Name)
	}
	return strings.Join(parts, " › ")
}

// Describe names an organisation path for display.
func (s *Store) Describe(org model.Org) string { return s.units.describe(org) }

// Units lists the units visible to the session: those inside its scope and
// the ones above it (so that paths can be named).
func (s *Store) Units(sess *Session) ([]model.Unit, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	var out []model.Unit
	for _, unit := range s.units.list() {
		if u.Scope.Contains(unit.Path) || unit.Path.Contains(u.Scope) {
			out = append(out, unit)
		}
	}
	return out, nil
}

// unitWrite is the responsable creating or renaming a unit, and the
// unit's name and code as typed, stripped of control characters and
// spaces; the name is required.
func unitWrite(sess *Session, name, code string) (model.User, string, string, error) {
	u, err := sess.user()
	if err != nil {
		return u, "", "", err
	}
	name = strings.TrimSpace(model.StripControl(name))
	if name == "" {
		return u, "", "", errors.New("le nom de l'unité est obligatoire")
	}
	return u, name, strings.TrimSpace(model.StripControl(code)), nil
}

// CreateUnit creates a federation, section or cell under parent. It needs
// the right to create and modify at the parent's level.
func (s *Store) CreateUnit(sess *Session, parent model.Org, name, code string) (model.Unit, error) {
	u, name, code, err := unitWrite(sess, name, code)
	if err != nil {
		return model.Unit{}, err
	}
	if parent.Level() == model.LevelCell {
		return model.Unit{}, fmt.Errorf("une cellule ne peut pas contenir d'autre unité")
	}
	if !model.CanEdit(&u, parent) {
		return model.Unit{}, ErrForbidden
	}
	if err := s.units.checkOpenPath(parent); err != nil {
		return model.Unit{}, err
	}
	unit := model.Unit{Level: parent.Level() + 1, Name: name, Code: code}
	err = s.write(func(tx *bolt.Tx) error {
		if err := s.units.nameFree(parent, unit.Level, 0, name); err != nil {
			return err
		}
		if err := numbered(tx.Bucket(bUnits), &unit.ID); err != nil {
			return err
		}
		unit.Path = parent
		switch unit.Level {
		case model.LevelFederation:
			unit.Path.Federation = unit.ID
		case model.LevelSection:
			unit.Path.Section = unit.ID
		case model.LevelCell:
			unit.Path.Cell = unit.ID
		}
		if err := putUnit(tx, unit); err != nil {
			return err
		}
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionUnitCreate, Org: unit.Path,
			Detail: fmt.Sprintf("%s « %s »", unit.Level, unit.Name)})
	}, func() Event {
		return s.unitEvent(model.ActionUnitCreate, unit, u.Username)
	})
	if err != nil {
		return model.Unit{}, err
	}
	return unit, nil
}

// unitEvent caches unit as written and returns the event of action on it.
func (s *Store) unitEvent(action model.Action, unit model.Unit, by string) Event {
	s.units.put(unit)
	return Event{What: action, By: by, Orgs: []model.Org{unit.Path}}
}

func putUnit(tx *bolt.Tx, u model.Unit) error {
	return putJSON(tx.Bucket(bUnits), itob(uint64(u.ID)), u)
}
