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

// Session is a logged-in responsable. It holds only the account's ID: every
// call re-reads the account, so a responsable disabled meanwhile is refused at
// their next action.
type Session struct {
	st     *Store
	userID model.UserID
	system *model.User // set for SystemSession

	mu   sync.Mutex
	memo searchMemo // the last search, to search within it while typing
}

// searchMemo is a session's last search and the store state it saw.
type searchMemo struct {
	q     *model.Query
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

// SystemSession acts with national scope and every right, for the command
// line tools run by whoever holds the file on disk (demo, check, reset-password).
// Its actions are audited under the given name.
func (s *Store) SystemSession(name string) *Session {
	if name == "" {
		name = systemActor
	}
	return &Session{st: s, system: &model.User{Username: name, Rights: model.AllRights}}
}

// User returns the current state of the session's account.
func (sess *Session) User() (model.User, error) { return sess.user() }

func (sess *Session) user() (model.User, error) {
	if sess == nil {
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
	PersonID  model.PersonID
	FirstName string
	LastName  string
	Scope     model.Org
	Rights    model.Rights
	Username  string // "" = generated from the names by the article's rule
	Password  string // "" = generated (returned once)
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
	u, _, err := s.createUser(systemActor, 0, spec, false)
	return u, err
}

// CreateUser appoints a responsable (issue: responsables). The granter needs the
// right to manage responsables, at their level or the one below, never giving
// more rights than they hold. The password, generated when spec.Password is
// empty, is returned once and must be changed at first login.
func (s *Store) CreateUser(sess *Session, spec UserSpec) (model.User, string, error) {
	g, err := sess.user()
	if err != nil {
		return model.User{}, "", err
	}
	if !model.CanDelegate(&g, spec.Scope, spec.Rights) {
		return model.User{}, "", ErrForbidden
	}
	return s.createUser(g.Username, g.ID, spec, true)
}

func (s *Store) createUser(actor string, actorID model.UserID, spec UserSpec, mustChange bool) (model.User, string, error) {
	if strings.TrimSpace(spec.LastName) == "" {
		return model.User{}, "", errors.New("le nom du responsable est obligatoire")
	}
	if err := s.units.checkPath(spec.Scope); err != nil {
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
	s.wmu.Lock()
	defer s.wmu.Unlock()
	name := spec.Username
	if name == "" {
		name = model.Username(spec.FirstName, spec.LastName, s.users.taken)
	} else if s.users.taken(name) {
		return model.User{}, "", fmt.Errorf("l'identifiant « %s » est déjà pris", name)
	}
	u := model.User{
		Username: name, PersonID: spec.PersonID, FirstName: spec.FirstName, LastName: spec.LastName,
		Scope: spec.Scope, Rights: spec.Rights, PasswordHash: hash, MustChangePassword: mustChange,
		CreatedAt: s.now(), CreatedBy: actor,
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := putUser(tx, &u); err != nil {
			return err
		}
		return appendAudit(tx, &model.AuditEntry{
			At: s.now(), Actor: actor, ActorID: actorID, Action: model.ActionUserCreate, UserID: u.ID, Org: u.Scope,
			Detail: fmt.Sprintf("%s · %s · %s", u.Username, s.units.describe(u.Scope), u.Rights),
		})
	})
	if err != nil {
		return model.User{}, "", err
	}
	s.users.put(u)
	return u, pw, nil
}

// Users lists the responsables in the viewer's scope.
func (s *Store) Users(sess *Session) ([]model.User, error) {
	v, err := sess.user()
	if err != nil {
		return nil, err
	}
	var out []model.User
	for _, u := range s.users.all() {
		if v.Scope.Contains(u.Scope) {
			u.PasswordHash = ""
			out = append(out, u)
		}
	}
	return out, nil
}

// failures counts recent failed logins per username (known or not, so that
// the delay does not reveal which usernames exist).
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
// outcomes are audited.
func (s *Store) Login(username, password string) (*Session, error) {
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
			return nil, err
		}
	} else {
		// Spend the same time as a real check so timing does not reveal the name.
		_, _ = verifyPassword(password, dummyHash(s.opt.PasswordCost))
	}
	if !ok || u.Disabled {
		s.fails.add(username)
		org := model.Org{}
		if known {
			org = u.Scope
		}
		_ = s.update(func(tx *bolt.Tx) error {
			return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: username, ActorID: u.ID, Action: model.ActionLoginFail, UserID: u.ID, Org: org})
		})
		if ok && u.Disabled {
			return nil, ErrDisabled
		}
		return nil, ErrBadLogin
	}
	s.fails.reset(username)
	u.LastLogin = s.now()
	err := s.updateUser(u, func(tx *bolt.Tx) error {
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionLoginOK, UserID: u.ID, Org: u.Scope})
	})
	if err != nil {
		return nil, err
	}
	return &Session{st: s, userID: u.ID}, nil
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

// updateUser writes u (and whatever extra does) in one transaction and refreshes the cache.
func (s *Store) updateUser(u model.User, extra func(tx *bolt.Tx) error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := putUser(tx, &u); err != nil {
			return err
		}
		if extra != nil {
			return extra(tx)
		}
		return nil
	})
	if err == nil {
		s.users.put(u)
	}
	return err
}

// ChangePassword replaces the session's own password; the old one is required.
func (s *Store) ChangePassword(sess *Session, old, new string) error {
	u, err := sess.user()
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
	return s.setPassword(u, new, u.Username, u.ID)
}

// ResetPassword sets a new password for username, for whoever holds the file
// on disk (`fichier reset-password`); it must be changed at next login.
func (s *Store) ResetPassword(username, password string) error {
	u, ok := s.users.byUsername(strings.ToLower(username))
	if !ok {
		return fmt.Errorf("aucun responsable « %s » dans ce fichier", username)
	}
	if err := s.setPassword(u, password, systemActor, 0); err != nil {
		return err
	}
	u, _ = s.users.byID(u.ID)
	u.MustChangePassword = true
	s.fails.reset(u.Username)
	return s.updateUser(u, nil)
}

func (s *Store) setPassword(u model.User, pw, actor string, actorID model.UserID) error {
	if err := model.CheckPassword(pw); err != nil {
		return err
	}
	hash, err := hashPassword(pw, s.opt.PasswordCost)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	u.MustChangePassword = false
	return s.updateUser(u, func(tx *bolt.Tx) error {
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: actor, ActorID: actorID, Action: model.ActionPasswordChange, UserID: u.ID, Org: u.Scope, Detail: u.Username})
	})
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
	err := s.update(func(tx *bolt.Tx) error {
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionLoginOK, UserID: u.ID, Org: u.Scope, Detail: "session locale"})
	})
	if err != nil {
		return nil, err
	}
	return &Session{st: s, userID: u.ID}, nil
}

// UserExists reports whether a responsable has this username.
func (s *Store) UserExists(username string) bool {
	return s.users.taken(strings.ToLower(strings.TrimSpace(username)))
}
