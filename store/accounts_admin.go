package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// Managing responsables: appointment checks, changes of level and rights,
// disabling, password and second-factor resets. Every change is one
// transaction with its journal entry, then broadcast so that other sessions
// refresh — and so that a disabled responsable's open session ends at once.

// appointee reads, inside tx, the fiche of the person g wants to appoint and
// says why it cannot be, in French.
func (s *Store) appointee(tx *bolt.Tx, g *model.User, id model.PersonID) (model.Person, error) {
	p, err := getPerson(tx, id)
	if err != nil {
		return model.Person{}, err
	}
	if !model.CanSee(g, p.Org) {
		return model.Person{}, ErrNotFound
	}
	name := strings.TrimSpace(p.FirstName + " " + p.LastName)
	switch {
	case p.Archived:
		return model.Person{}, fmt.Errorf("la fiche de %s est archivée : seul un adhérent actif peut devenir responsable", name)
	case p.Kind == model.KindContact:
		return model.Person{}, fmt.Errorf("%s est un contact, pas un adhérent : seul un adhérent peut devenir responsable", name)
	case p.Kind == model.KindCompagnon:
		return model.Person{}, fmt.Errorf("%s est compagnon de route, pas adhérent : seul un adhérent peut devenir responsable (faites d'abord adhérer)", name)
	case p.Kind != model.KindAdherent:
		return model.Person{}, fmt.Errorf("%s n'est pas adhérent : seul un adhérent peut devenir responsable", name)
	case p.Status == model.StatusDemissionnaire || p.Status == model.StatusDecede || p.Status == model.StatusMute:
		return model.Person{}, fmt.Errorf("%s est %s : seul un adhérent actif peut devenir responsable", name, p.Status)
	}
	for _, u := range s.users.all() {
		if u.PersonID == id {
			if u.Disabled {
				return model.Person{}, fmt.Errorf("%s a déjà un compte, désactivé (%s) : réactivez-le plutôt", name, u.Username)
			}
			return model.Person{}, fmt.Errorf("%s est déjà responsable (%s) : changez plutôt ses droits", name, u.Username)
		}
	}
	return p, nil
}

// CheckAppointee returns the fiche of an adherent the session may appoint,
// or says in French why this person cannot be (out of scope is
// indistinguishable from absent: ErrNotFound).
func (s *Store) CheckAppointee(sess *Session, id model.PersonID) (model.Person, error) {
	g, err := sess.user()
	if err != nil {
		return model.Person{}, err
	}
	if !g.Rights.Has(model.RightManage) {
		return model.Person{}, ErrForbidden
	}
	var p model.Person
	err = s.db.View(func(tx *bolt.Tx) error {
		p, err = s.appointee(tx, &g, id)
		return err
	})
	return p, err
}

// ProposeUsername is the username an appointment would give now (the
// article's rule, with a number if taken); the one created may differ if
// another is created meanwhile.
func (s *Store) ProposeUsername(first, last string) string {
	return model.Username(first, last, s.users.taken)
}

// UserChange is a new level, unit and rights for a responsable.
type UserChange struct {
	Scope       model.Org
	Rights      model.Rights
	RequireTOTP bool
}

// UpdateUser changes a responsable's level, unit, rights and whether they
// must use two-factor authentication (model.CanReassign: nobody raises their
// own rights). The last responsable able to manage others somewhere keeps
// that ability (see checkLastManager).
func (s *Store) UpdateUser(sess *Session, id model.UserID, ch UserChange) (model.User, error) {
	g, err := sess.user()
	if err != nil {
		return model.User{}, err
	}
	u, err := s.manageUser(&g, id, func(t *model.User) (*model.AuditEntry, error) {
		if !model.CanReassign(&g, t, ch.Scope, ch.Rights) {
			return nil, ErrForbidden
		}
		if ch.Scope != t.Scope {
			if err := s.units.checkOpenPath(ch.Scope); err != nil {
				return nil, err
			}
		}
		before := *t
		t.Scope, t.Rights, t.TOTPRequired = ch.Scope, ch.Rights, ch.RequireTOTP
		if err := s.checkLastManager(before, *t); err != nil {
			return nil, err
		}
		var changes []model.Change
		if before.Scope != t.Scope {
			changes = append(changes, model.Change{Field: "Niveau et unité", Old: s.scopeText(before.Scope), New: s.scopeText(t.Scope)})
		}
		if before.Rights != t.Rights {
			changes = append(changes, model.Change{Field: "Droits", Old: before.Rights.String(), New: t.Rights.String()})
		}
		if before.TOTPRequired != t.TOTPRequired {
			changes = append(changes, model.Change{Field: "Double authentification exigée", Old: model.YesNo(before.TOTPRequired), New: model.YesNo(t.TOTPRequired)})
		}
		if len(changes) == 0 {
			return nil, errors.New("rien n'a changé")
		}
		e := s.accountEntry(&g, t, model.ActionUserUpdate, t.Username)
		e.Org, e.Changes = commonOrg(before.Scope, t.Scope), changes
		return e, nil
	})
	return u.Redacted(), err
}

// SetUserDisabled disables or re-enables a responsable. A disabled account
// cannot log in, and its open sessions end at their next action (the event
// broadcast makes the app return to the login at once). One may disable
// oneself (stepping down), but never the last responsable able to manage
// others somewhere.
func (s *Store) SetUserDisabled(sess *Session, id model.UserID, disabled bool) (model.User, error) {
	g, err := sess.user()
	if err != nil {
		return model.User{}, err
	}
	u, err := s.manageUser(&g, id, func(t *model.User) (*model.AuditEntry, error) {
		if t.Disabled == disabled {
			if disabled {
				return nil, errors.New("ce compte est déjà désactivé")
			}
			return nil, errors.New("ce compte est déjà actif")
		}
		before := *t
		t.Disabled = disabled
		action := model.ActionUserDisable
		if disabled {
			if err := s.checkLastManager(before, *t); err != nil {
				return nil, err
			}
		} else {
			if err := s.units.checkOpenPath(t.Scope); err != nil {
				return nil, fmt.Errorf("%w : changez d'abord son niveau ou son unité", err)
			}
			action = model.ActionUserEnable
		}
		return s.accountEntry(&g, t, action, t.Username), nil
	})
	return u.Redacted(), err
}

// ResetUserPassword gives a responsable a new generated password, returned
// once, to be changed at next login; their open sessions end. Not for one's
// own account (Mon compte changes it, with the old one).
func (s *Store) ResetUserPassword(sess *Session, id model.UserID) (string, error) {
	g, err := sess.user()
	if err != nil {
		return "", err
	}
	if g.ID == id && sess.system == nil {
		return "", errors.New("pour votre propre mot de passe, passez par « Mon compte »")
	}
	pw := GeneratePassword()
	hash, err := hashPassword(pw, s.opt.PasswordCost)
	if err != nil {
		return "", err
	}
	u, err := s.manageUser(&g, id, func(t *model.User) (*model.AuditEntry, error) {
		t.PasswordHash, t.MustChangePassword = hash, true
		t.Epoch++
		return s.accountEntry(&g, t, model.ActionPasswordReset, t.Username+" : nouveau mot de passe provisoire"), nil
	})
	if err != nil {
		return "", err
	}
	s.fails.reset(u.Username)
	return pw, nil
}

// ResetUserTOTP removes a responsable's second factor (lost phone and
// recovery codes); their open sessions end. If it is required, they enrol
// again at next login.
func (s *Store) ResetUserTOTP(sess *Session, id model.UserID) error {
	g, err := sess.user()
	if err != nil {
		return err
	}
	if g.ID == id && sess.system == nil {
		return errors.New("pour votre propre double authentification, passez par « Mon compte »")
	}
	_, err = s.manageUser(&g, id, func(t *model.User) (*model.AuditEntry, error) {
		if !t.TOTPEnabled() {
			return nil, errors.New("ce compte n'a pas de double authentification")
		}
		clearTOTP(t)
		t.Epoch++
		return s.accountEntry(&g, t, model.ActionTOTPDisable, t.Username+" : double authentification retirée par "+g.Username), nil
	})
	return err
}

// moveAccounts, inside the transaction merging fiche from into fiche to,
// attaches from's responsable accounts to to, so that no account is left
// pointing at a deleted fiche. Both fiches holding an account is refused:
// one person, one account. The returned function updates the cache once
// committed.
func (s *Store) moveAccounts(tx *bolt.Tx, from, to model.PersonID) (func(), error) {
	var moved []model.User
	toHasOne := false
	for _, u := range s.users.all() {
		switch u.PersonID {
		case from:
			moved = append(moved, u)
		case to:
			toHasOne = true
		}
	}
	if len(moved) > 0 && toHasOne {
		return nil, fmt.Errorf("fusion impossible : les deux fiches ont chacune un compte de responsable (%s) ; désactivez-en un et rattachez-le d'abord", moved[0].Username)
	}
	for i := range moved {
		moved[i].PersonID = to
		if err := putUser(tx, &moved[i]); err != nil {
			return nil, err
		}
	}
	return func() {
		for _, u := range moved {
			s.users.put(u)
		}
	}, nil
}

// manageUser changes account id on behalf of g, who must be able to
// manage it (mayManage): see changeUser.
func (s *Store) manageUser(g *model.User, id model.UserID, change func(t *model.User) (*model.AuditEntry, error)) (model.User, error) {
	return s.changeUser(id, g.Username, func(t *model.User) (*model.AuditEntry, error) {
		if err := mayManage(g, t); err != nil {
			return nil, err
		}
		return change(t)
	})
}

// accountEntry is the journal entry of g's action on the account t.
func (s *Store) accountEntry(g, t *model.User, action model.Action, detail string) *model.AuditEntry {
	return &model.AuditEntry{At: s.now(), Actor: g.Username, ActorID: g.ID, Action: action, UserID: t.ID,
		PersonID: t.PersonID, Org: t.Scope, Detail: detail}
}

// mayManage says whether g may act on account t (model.CanManage), out of
// scope being indistinguishable from absent.
func mayManage(g, t *model.User) error {
	if !model.CanSee(g, t.Scope) {
		return ErrUnknownUser
	}
	if !model.CanManage(g, t) {
		return ErrForbidden
	}
	return nil
}

// manages reports whether u is an active account able to manage responsables.
func manages(u *model.User) bool { return !u.Disabled && u.Rights.Has(model.RightManage) }

// checkLastManager refuses a change of one account (before → after) that
// would leave part of the organisation without any active responsable able
// to manage responsables: every unit the account covered must still be
// covered by it or by another active account with that right whose scope
// holds it (the level itself or above). With the national level this means
// the last national manager can neither be disabled nor lose the right; the
// same holds for the last one of a federation or a section where nobody above
// could step in — in practice, since whoever makes the change usually covers
// it, the rule bites when a responsable steps down or demotes themselves.
// Called under the write lock, so two such changes cannot pass together.
func (s *Store) checkLastManager(before, after model.User) error {
	if !manages(&before) {
		return nil
	}
	if manages(&after) && after.Scope.Contains(before.Scope) {
		return nil
	}
	for _, o := range s.users.all() {
		if o.ID != before.ID && manages(&o) && o.Scope.Contains(before.Scope) {
			return nil
		}
	}
	return fmt.Errorf("%s est le dernier responsable actif à pouvoir gérer les responsables (%s) : donnez d'abord ce droit à quelqu'un d'autre à ce niveau",
		before.Username, s.scopeText(before.Scope))
}

// scopeText names a scope with its level: "section Sud-Grenoblois".
func (s *Store) scopeText(o model.Org) string {
	if o.Level() == model.LevelNational {
		return "national"
	}
	name := s.units.describe(o)
	if i := strings.LastIndex(name, " › "); i >= 0 {
		name = name[i+len(" › "):]
	}
	return o.Level().String() + " " + name
}

// scopePath names a scope with its level and whole path: "cellule Isère ›
// Sud-Grenoblois › Échirolles".
func (s *Store) scopePath(o model.Org) string {
	if o.Level() == model.LevelNational {
		return "national"
	}
	return o.Level().String() + " " + s.units.describe(o)
}

// commonOrg is the deepest path holding both a and b.
func commonOrg(a, b model.Org) model.Org {
	switch {
	case a.Federation != b.Federation:
		return model.Org{}
	case a.Section != b.Section:
		return model.Org{Federation: a.Federation}
	case a.Cell != b.Cell:
		return model.Org{Federation: a.Federation, Section: a.Section}
	}
	return a
}

// sortUsers orders accounts by level, then last and first name.
func sortUsers(list []model.User) {
	slices.SortFunc(list, func(a, b model.User) int {
		if a.Level() != b.Level() {
			return int(a.Level()) - int(b.Level())
		}
		if c := strings.Compare(model.Fold(a.LastName), model.Fold(b.LastName)); c != 0 {
			return c
		}
		if c := strings.Compare(model.Fold(a.FirstName), model.Fold(b.FirstName)); c != 0 {
			return c
		}
		return strings.Compare(a.Username, b.Username)
	})
}
