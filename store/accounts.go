package store

import (
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// userCache mirrors the users bucket.
type userCache struct {
	cache[model.UserID, model.User]
	byName map[string]model.UserID
}

func loadUsers(tx *bolt.Tx) (*userCache, error) {
	c := &userCache{cache: cache[model.UserID, model.User]{byID: map[model.UserID]model.User{}}, byName: map[string]model.UserID{}}
	err := forEachJSON(tx.Bucket(bUsers), "responsable", func(u *model.User) error {
		c.byID[u.ID] = *u
		c.byName[u.Username] = u.ID
		return nil
	})
	return c, err
}

func (c *userCache) byUsername(name string) (model.User, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	id, ok := c.byName[name]
	if !ok {
		return model.User{}, false
	}
	return c.byID[id], true
}

func (c *userCache) taken(name string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.byName[name]
	return ok
}

func (c *userCache) put(u model.User) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byID[u.ID] = u
	c.byName[u.Username] = u.ID
}

func putUser(tx *bolt.Tx, u *model.User) error {
	b := tx.Bucket(bUsers)
	if err := numbered(b, &u.ID); err != nil {
		return err
	}
	if err := putJSON(b, itob(uint64(u.ID)), u); err != nil {
		return err
	}
	return tx.Bucket(bUsernames).Put([]byte(u.Username), itob(uint64(u.ID)))
}

// HasUsers reports whether the file has at least one responsable.
func (s *Store) HasUsers() bool {
	s.users.mu.RLock()
	defer s.users.mu.RUnlock()
	return len(s.users.byID) > 0
}

// UserSpec describes a new responsable.
type UserSpec struct {
	// PersonID is the adherent's fiche: required for an appointment by a
	// responsable (the names are then taken from the fiche).
	PersonID  model.PersonID
	FirstName string
	LastName  string
	Scope     model.Org
	Rights    model.Rights
	Username  string // "" = generated from the names by the article's rule
	Password  string // "" = generated (returned once)
	// RequireTOTP makes the new responsable set up two-factor
	// authentication at first login.
	RequireTOTP bool
	// Round makes the account a caller of that phone round only (rappel.go).
	Round model.RoundID
}

// CreateFirstUser creates the first responsable of a file that has none
// (`fichier init`, first-run screen). It holds every right at its scope.
func (s *Store) CreateFirstUser(spec UserSpec) (model.User, error) {
	if s.HasUsers() {
		return model.User{}, errors.New("ce fichier a déjà des responsables : connectez-vous")
	}
	spec.Rights = model.AllRights
	if err := model.CheckPassword(spec.Password); err != nil {
		return model.User{}, err
	}
	u, _, err := s.createUser(&model.User{Username: systemActor, Rights: model.AllRights}, spec, false)
	return u, err
}

// CreateUser appoints a responsable. The granter needs the right to manage
// responsables, at their level or the one below, inside their scope, never
// giving more rights than they hold (model.CanDelegate); the appointee is an
// adherent of the granter's scope (spec.PersonID) who has no account yet.
// The password, generated when spec.Password is empty, is returned once
// and must be changed at first login.
func (s *Store) CreateUser(sess *Session, spec UserSpec) (model.User, string, error) {
	g, err := sess.user()
	if err != nil {
		return model.User{}, "", err
	}
	// The file's holder (SystemSession: command-line tools) may appoint at
	// any level; a responsable, at their own or the one just below.
	if sess.system == nil && !model.CanDelegate(&g, spec.Scope, spec.Rights) {
		return model.User{}, "", ErrForbidden
	}
	if spec.PersonID == 0 && sess.system == nil {
		return model.User{}, "", errors.New("choisissez l'adhérent à nommer responsable")
	}
	return s.createUser(&g, spec, true)
}

func (s *Store) createUser(g *model.User, spec UserSpec, mustChange bool) (model.User, string, error) {
	if spec.PersonID == 0 && strings.TrimSpace(spec.LastName) == "" {
		return model.User{}, "", errors.New("le nom du responsable est obligatoire")
	}
	if err := s.units.checkOpenPath(spec.Scope); err != nil {
		return model.User{}, "", err
	}
	pw := spec.Password
	if pw == "" {
		pw = GeneratePassword()
	}
	hash, err := hashPassword(pw, s.opt.PasswordCost)
	if err != nil {
		return model.User{}, "", err
	}
	var u model.User
	err = s.write(func(tx *bolt.Tx) error {
		first, last := strings.TrimSpace(model.StripControl(spec.FirstName)), strings.TrimSpace(model.StripControl(spec.LastName))
		if spec.PersonID != 0 {
			p, err := s.appointee(tx, g, spec.PersonID)
			if err != nil {
				return err
			}
			first, last = p.FirstName, p.LastName
		}
		name := spec.Username
		if name == "" {
			name = model.Username(first, last, s.users.taken)
		} else if s.users.taken(name) {
			return fmt.Errorf("l'identifiant « %s » est déjà pris", name)
		}
		u = model.User{
			Username: name, PersonID: spec.PersonID, FirstName: first, LastName: last,
			Scope: spec.Scope, Rights: spec.Rights, PasswordHash: hash, MustChangePassword: mustChange,
			TOTPRequired: spec.RequireTOTP, CreatedAt: s.now(), CreatedBy: g.Username, Round: spec.Round,
		}
		if err := putUser(tx, &u); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s · %s · %s", u.Username, s.scopePath(u.Scope), u.Rights)
		if u.TOTPRequired {
			detail += " · double authentification exigée"
		}
		return appendAudit(tx, &model.AuditEntry{
			At: s.now(), Actor: g.Username, ActorID: g.ID, Action: model.ActionUserCreate, UserID: u.ID,
			PersonID: u.PersonID, Org: u.Scope, Detail: detail,
		})
	}, func() Event {
		s.users.put(u)
		return Event{What: model.ActionUserCreate, By: g.Username, Orgs: []model.Org{u.Scope}}
	})
	if err != nil {
		return model.User{}, "", err
	}
	return u.Redacted(), pw, nil
}

// Users lists the responsables in the viewer's scope (their own level and
// below), without their secrets, sorted by last and first name.
func (s *Store) Users(sess *Session) ([]model.User, error) {
	v, err := sess.user()
	if err != nil {
		return nil, err
	}
	var out []model.User
	for _, u := range s.users.all() {
		if v.Scope.Contains(u.Scope) {
			out = append(out, u.Redacted())
		}
	}
	sortUsers(out)
	return out, nil
}

// changeUser is the one path for changing an existing account: under the
// write lock, re-read it, let change modify it (and refuse), write it with
// the audit entry change returns, refresh the cache and broadcast.
func (s *Store) changeUser(id model.UserID, actor string, change func(u *model.User) (*model.AuditEntry, error)) (model.User, error) {
	var out model.User
	var action model.Action
	var before model.Org
	err := s.write(func(tx *bolt.Tx) error {
		u, ok := s.users.get(id)
		if !ok {
			return ErrUnknownUser
		}
		before = u.Scope
		e, err := change(&u)
		if err != nil {
			return err
		}
		if err := putUser(tx, &u); err != nil {
			return err
		}
		out = u
		if e == nil {
			return nil
		}
		action = e.Action
		return appendAudit(tx, e)
	}, func() Event {
		s.users.put(out)
		return Event{What: action, By: actor, Orgs: []model.Org{before, out.Scope}}
	})
	if err != nil {
		return model.User{}, err
	}
	return out, nil
}

// ChangePassword replaces the session's own password; the old one is required.
func (s *Store) ChangePassword(sess *Session, old, new string) error {
	u, err := sess.account()
	if err != nil {
		return err
	}
	if sess.system != nil {
		return ErrForbidden
	}
	ok, err := verifyPassword(old, u.PasswordHash)
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("l'ancien mot de passe est incorrect")
	}
	if old == new {
		return errors.New("le nouveau mot de passe doit être différent de l'ancien")
	}
	if err := model.CheckPassword(new); err != nil {
		return err
	}
	hash, err := hashPassword(new, s.opt.PasswordCost)
	if err != nil {
		return err
	}
	_, err = s.changeUser(u.ID, u.Username, func(cur *model.User) (*model.AuditEntry, error) {
		if cur.PasswordHash != u.PasswordHash {
			return nil, errors.New("votre mot de passe vient d'être changé ailleurs : recommencez")
		}
		cur.PasswordHash, cur.MustChangePassword = hash, false
		return &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionPasswordChange, UserID: u.ID, Org: u.Scope, Detail: u.Username}, nil
	})
	return err
}

// RecoverOptions tunes RecoverAccount.
type RecoverOptions struct {
	// KeepTOTP keeps the account's second factor. By default it is removed:
	// a lost phone is a common reason nobody can log in, and whoever holds
	// the file on disk can read it all anyway. If the second factor is
	// required, the responsable enrols again at next login.
	KeepTOTP bool
	// Enable re-enables a disabled account.
	Enable bool
}

// ResetPassword sets a new password for username, for whoever holds the file
// on disk (`fichier reset-password`); it must be changed at next login. It
// removes the second factor (see RecoverOptions) and ends open sessions.
func (s *Store) ResetPassword(username, password string) error {
	_, err := s.RecoverAccount(username, password, RecoverOptions{})
	return err
}

// RecoverAccount is ResetPassword with options; it returns the account as it
// is afterwards (without secrets). Audited as done by « système ».
func (s *Store) RecoverAccount(username, password string, opt RecoverOptions) (model.User, error) {
	u, ok := s.users.byUsername(strings.ToLower(strings.TrimSpace(username)))
	if !ok {
		return model.User{}, fmt.Errorf("aucun responsable « %s » dans ce fichier", username)
	}
	if err := model.CheckPassword(password); err != nil {
		return model.User{}, err
	}
	hash, err := hashPassword(password, s.opt.PasswordCost)
	if err != nil {
		return model.User{}, err
	}
	out, err := s.changeUser(u.ID, systemActor, func(cur *model.User) (*model.AuditEntry, error) {
		detail := "mot de passe réinitialisé par la personne qui détient le fichier (fichier reset-password)"
		cur.PasswordHash, cur.MustChangePassword = hash, true
		cur.Epoch++
		if !opt.KeepTOTP && cur.TOTPEnabled() {
			clearTOTP(cur)
			detail += " ; double authentification retirée"
		}
		if opt.Enable && cur.Disabled {
			if err := s.units.checkOpenPath(cur.Scope); err != nil {
				return nil, err
			}
			cur.Disabled = false
			detail += " ; compte réactivé"
		}
		return &model.AuditEntry{At: s.now(), Actor: systemActor, Action: model.ActionPasswordReset, UserID: cur.ID, Org: cur.Scope, Detail: cur.Username + " : " + detail}, nil
	})
	if err != nil {
		return model.User{}, err
	}
	s.fails.reset(out.Username)
	return out.Redacted(), nil
}

// UserExists reports whether a responsable has this username.
func (s *Store) UserExists(username string) bool {
	return s.users.taken(strings.ToLower(strings.TrimSpace(username)))
}
