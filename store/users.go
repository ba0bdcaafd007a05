package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// Errors about accounts and logins (French: the UI shows them as they are).
var (
	// ErrSetupRequired ends a session whose account must first finish its
	// setup (provisional password to change, required second factor to
	// enrol): the login screen walks through it.
	ErrSetupRequired = fmt.Errorf("%w : mise en place du compte à terminer", ErrSessionEnded)
	// ErrCodeRequired is Login's answer for an account with two-factor
	// authentication: use LoginStart and LoginCode.
	ErrCodeRequired = errors.New("ce compte demande un code de double authentification")
	ErrBadCode      = errors.New("code incorrect")
	ErrLoginExpired = errors.New("trop d'essais ou délai dépassé : reconnectez-vous avec votre mot de passe")
	ErrUnknownUser  = errors.New("responsable introuvable")
)

// Session is a logged-in responsable. It holds only the account's ID: every
// call re-reads the account, so a responsable disabled meanwhile is refused at
// their next action.
type Session struct {
	st     *Store
	userID model.UserID
	epoch  uint32      // the account's Epoch at login: a reset by someone else ends the session
	local  bool        // opened by the file's holder without a password (LocalSession)
	system *model.User // set for SystemSession

	mu   sync.Mutex
	memo searchMemo // the last search, to search within it while typing
}

// SystemSession acts with national scope and every right, for the command
// line tools run by whoever holds the file on disk (demo, check, reset-password).
// Its actions are audited under the given name.
func (s *Store) SystemSession(name string) *Session {
	if name == "" {
		name = systemActor
	}
	return &Session{st: s, system: &model.User{Username: name, Rights: model.AllRights}}
}

// User returns the current state of the session's account (without its
// secrets), even while its setup is pending; ErrSessionEnded once the account
// is disabled, gone, or reset by someone else.
func (sess *Session) User() (model.User, error) {
	u, err := sess.account()
	return u.Redacted(), err
}

// NeedsSetup reports what the account must do before working: change its
// provisional password, enrol its required second factor.
func (sess *Session) NeedsSetup() (password, totp bool) {
	u, err := sess.account()
	if err != nil || sess.system != nil || sess.local {
		return false, false
	}
	return u.MustChangePassword, u.TOTPRequired && !u.TOTPEnabled()
}

// account is the session's account as stored, whatever its setup.
func (sess *Session) account() (model.User, error) {
	if sess == nil || sess.st == nil {
		return model.User{}, ErrSessionEnded
	}
	if sess.system != nil {
		return *sess.system, nil
	}
	u, ok := sess.st.users.byID(sess.userID)
	if !ok {
		return model.User{}, ErrSessionEnded
	}
	if u.Disabled {
		return model.User{}, fmt.Errorf("%w : %w", ErrSessionEnded, ErrDisabled)
	}
	if u.Epoch != sess.epoch {
		return model.User{}, fmt.Errorf("%w : accès réinitialisé par un responsable", ErrSessionEnded)
	}
	return u, nil
}

// user is the session's account, for every action: a session whose account
// has not finished its setup is refused (the store enforces it, not only the
// login screen).
func (sess *Session) user() (model.User, error) {
	u, err := sess.account()
	if err != nil {
		return u, err
	}
	if sess.system == nil && !sess.local && (u.MustChangePassword || (u.TOTPRequired && !u.TOTPEnabled())) {
		return model.User{}, ErrSetupRequired
	}
	if u.Round != 0 {
		u.Scope = model.Nowhere // a caller account reaches fiches only through its round (rappel.go)
	}
	return u, nil
}

// userCache mirrors the users bucket.
type userCache struct {
	mu     sync.RWMutex
	byUID  map[model.UserID]model.User
	byName map[string]model.UserID
}

func loadUsers(tx *bolt.Tx) (*userCache, error) {
	c := &userCache{byUID: map[model.UserID]model.User{}, byName: map[string]model.UserID{}}
	err := tx.Bucket(bUsers).ForEach(func(k, v []byte) error {
		var u model.User
		if err := json.Unmarshal(v, &u); err != nil {
			return fmt.Errorf("responsable %d illisible : %w", btoi(k), err)
		}
		c.byUID[u.ID] = u
		c.byName[u.Username] = u.ID
		return nil
	})
	return c, err
}

func (c *userCache) byID(id model.UserID) (model.User, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	u, ok := c.byUID[id]
	return u, ok
}

func (c *userCache) byUsername(name string) (model.User, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	id, ok := c.byName[name]
	if !ok {
		return model.User{}, false
	}
	return c.byUID[id], true
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
	c.byUID[u.ID] = u
	c.byName[u.Username] = u.ID
}

func (c *userCache) all() []model.User {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]model.User, 0, len(c.byUID))
	for _, u := range c.byUID {
		out = append(out, u)
	}
	return out
}

func putUser(tx *bolt.Tx, u *model.User) error {
	b := tx.Bucket(bUsers)
	if u.ID == 0 {
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		u.ID = model.UserID(seq)
	}
	data, err := json.Marshal(u)
	if err != nil {
		return err
	}
	if err := b.Put(itob(uint64(u.ID)), data); err != nil {
		return err
	}
	return tx.Bucket(bUsernames).Put([]byte(u.Username), itob(uint64(u.ID)))
}

// HasUsers reports whether the file has at least one responsable.
func (s *Store) HasUsers() bool {
	s.users.mu.RLock()
	defer s.users.mu.RUnlock()
	return len(s.users.byUID) > 0
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

// failures counts recent failed logins per username (known or not, so that
// the delay does not reveal which usernames exist). Wrong second-factor
// codes count too.
type failures struct {
	mu sync.Mutex
	n  map[string]int
}

func (f *failures) count(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n[name]
}

func (f *failures) add(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == nil {
		f.n = map[string]int{}
	}
	f.n[name]++
}

func (f *failures) reset(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.n, name)
}

// LoginDelay is the wait imposed before checking a password after n failed
// attempts: none for the first two, then 1 s, 2 s, 4 s … up to 30 s.
func LoginDelay(n int) time.Duration {
	if n < 3 {
		return 0
	}
	d := time.Second << min(n-3, 5)
	return min(d, 30*time.Second)
}

// Login checks a username and password. After repeated failures each attempt
// waits longer (LoginDelay), whether the password is right or not. Both
// outcomes are audited. For an account with two-factor authentication it
// returns ErrCodeRequired: the login screen uses LoginStart and LoginCode.
func (s *Store) Login(username, password string) (*Session, error) {
	sess, ch, err := s.LoginStart(username, password)
	if ch != nil {
		return nil, ErrCodeRequired
	}
	return sess, err
}

// LoginChallenge is a login whose password was right and that waits for the
// second factor: a code of the authenticator app, or a recovery code. It
// expires after loginCodeTTL or loginCodeTries wrong codes.
type LoginChallenge struct {
	st       *Store
	userID   model.UserID
	username string
	epoch    uint32
	expires  time.Time

	mu    sync.Mutex
	tries int
	done  bool
}

const (
	loginCodeTTL   = 5 * time.Minute
	loginCodeTries = 5
)

// LoginStart checks a username and password like Login. When the account
// has two-factor authentication, it returns a challenge instead of a
// session (nothing is journaled as a success, and the failure count is not
// reset, until the code is given to LoginCode).
func (s *Store) LoginStart(username, password string) (*Session, *LoginChallenge, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	if d := LoginDelay(s.fails.count(username)); d > 0 {
		s.opt.Sleep(d)
	}
	u, known := s.users.byUsername(username)
	ok := false
	if known {
		var err error
		ok, err = verifyPassword(password, u.PasswordHash)
		if err != nil {
			return nil, nil, err
		}
	} else {
		// Spend the same time as a real check so timing does not reveal the name.
		_, _ = verifyPassword(password, dummyHash(s.opt.PasswordCost))
	}
	if !ok || u.Disabled {
		s.loginFailed(username, u, known, "")
		if ok && u.Disabled {
			return nil, nil, ErrDisabled
		}
		return nil, nil, ErrBadLogin
	}
	if u.TOTPEnabled() {
		return nil, &LoginChallenge{st: s, userID: u.ID, username: username, epoch: u.Epoch, expires: s.now().Add(loginCodeTTL)}, nil
	}
	sess, err := s.loginOK(u.ID, "")
	return sess, nil, err
}

// loginFailed counts and journals a failed attempt. An unknown username
// is not written down: it is often a password typed in the wrong field.
func (s *Store) loginFailed(username string, u model.User, known bool, detail string) {
	s.fails.add(username)
	org, actor := model.Org{}, unknownActor
	if known {
		org, actor = u.Scope, username
	} else if detail == "" {
		detail = "identifiant inconnu"
	}
	_ = s.update(func(tx *bolt.Tx) error {
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: actor, ActorID: u.ID, Action: model.ActionLoginFail, UserID: u.ID, Org: org, Detail: detail})
	})
}

// unknownActor stands in the journal for a username that does not exist.
const unknownActor = "(inconnu)"

// loginOK records a successful login and opens the session. The account is
// re-read under the write lock: one disabled meanwhile is refused.
func (s *Store) loginOK(id model.UserID, detail string) (*Session, error) {
	var u model.User
	err := s.write(func(tx *bolt.Tx) error {
		var ok bool
		if u, ok = s.users.byID(id); !ok {
			return ErrBadLogin
		}
		if u.Disabled {
			return ErrDisabled
		}
		u.LastLogin = s.now()
		if err := putUser(tx, &u); err != nil {
			return err
		}
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionLoginOK, UserID: u.ID, Org: u.Scope, Detail: detail})
	}, func() Event {
		s.users.put(u)
		return Event{} // a login changes nothing the other sessions show
	})
	if err != nil {
		return nil, err
	}
	s.fails.reset(u.Username)
	return &Session{st: s, userID: u.ID, epoch: u.Epoch}, nil
}

// LoginCode completes a login with the second factor: the 6-digit code of
// the authenticator app (each accepted once), or one of the recovery codes
// (each usable once). Wrong codes count toward the back-off like wrong
// passwords, and are journaled.
func (s *Store) LoginCode(ch *LoginChallenge, code string) (*Session, error) {
	if ch == nil || ch.st != s || ch.userID == 0 {
		return nil, ErrLoginExpired
	}
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.done || ch.tries >= loginCodeTries || s.now().After(ch.expires) {
		ch.done = true
		return nil, ErrLoginExpired
	}
	if d := LoginDelay(s.fails.count(ch.username)); d > 0 {
		s.opt.Sleep(d)
	}
	var u model.User
	var detail string
	err := s.write(func(tx *bolt.Tx) error {
		var ok bool
		if u, ok = s.users.byID(ch.userID); !ok || u.Epoch != ch.epoch || !u.TOTPEnabled() {
			return ErrLoginExpired
		}
		if u.Disabled {
			return ErrDisabled
		}
		var used bool
		if detail, used = s.useSecondFactor(&u, code); !used {
			return ErrBadCode
		}
		u.LastLogin = s.now()
		if err := putUser(tx, &u); err != nil {
			return err
		}
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionLoginOK, UserID: u.ID, Org: u.Scope, Detail: detail})
	}, func() Event {
		s.users.put(u)
		return Event{}
	})
	switch {
	case errors.Is(err, ErrBadCode):
		ch.tries++
		s.loginFailed(ch.username, u, true, "code de double authentification incorrect")
		if ch.tries >= loginCodeTries {
			ch.done = true
			return nil, ErrLoginExpired
		}
		return nil, err
	case err != nil:
		ch.done = true
		return nil, err
	}
	ch.done = true
	s.fails.reset(u.Username)
	return &Session{st: s, userID: u.ID, epoch: u.Epoch}, nil
}

var dummyHashes sync.Map // cost → hash

func dummyHash(cost uint32) string {
	if h, ok := dummyHashes.Load(cost); ok {
		return h.(string)
	}
	h, _ := hashPassword("fichier", cost)
	dummyHashes.Store(cost, h)
	return h
}

// changeUser is the one path for changing an existing account: under the
// write lock, re-read it, let change modify it (and refuse), write it with
// the audit entry change returns, refresh the cache and broadcast.
func (s *Store) changeUser(id model.UserID, actor string, change func(u *model.User) (*model.AuditEntry, error)) (model.User, error) {
	var out model.User
	var action model.Action
	var before model.Org
	err := s.write(func(tx *bolt.Tx) error {
		u, ok := s.users.byID(id)
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

// LocalSession opens a session for username without a password, for the
// person who holds the file on disk (the demo opens its app this way). It is
// audited as a local login.
func (s *Store) LocalSession(username string) (*Session, error) {
	u, ok := s.users.byUsername(username)
	if !ok {
		return nil, fmt.Errorf("aucun responsable « %s » dans ce fichier", username)
	}
	if u.Disabled {
		return nil, ErrDisabled
	}
	sess, err := s.loginOK(u.ID, "session locale")
	if err != nil {
		return nil, err
	}
	sess.local = true
	return sess, nil
}

// UserExists reports whether a responsable has this username.
func (s *Store) UserExists(username string) bool {
	return s.users.taken(strings.ToLower(strings.TrimSpace(username)))
}
