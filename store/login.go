package store

import (
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
	if d := s.fails.wait(username); d > 0 {
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
		if u, ok = s.users.get(id); !ok {
			return ErrBadLogin
		}
		if u.Disabled {
			return ErrDisabled
		}
		return s.stampLogin(tx, &u, detail)
	}, func() Event {
		s.users.put(u)
		return Event{} // a login changes nothing the other sessions show
	})
	if err != nil {
		return nil, err
	}
	return s.openSession(&u), nil
}

// stampLogin, inside the write of a successful login, records it on the
// account and in the journal.
func (s *Store) stampLogin(tx *bolt.Tx, u *model.User, detail string) error {
	u.LastLogin = s.now()
	if err := putUser(tx, u); err != nil {
		return err
	}
	return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionLoginOK, UserID: u.ID, Org: u.Scope, Detail: detail})
}

// openSession opens the session of a login just recorded: the back-off of
// earlier failures is forgotten.
func (s *Store) openSession(u *model.User) *Session {
	s.fails.reset(u.Username)
	return &Session{st: s, userID: u.ID, epoch: u.Epoch}
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
	if d := s.fails.wait(ch.username); d > 0 {
		s.opt.Sleep(d)
	}
	var u model.User
	var detail string
	err := s.write(func(tx *bolt.Tx) error {
		var ok bool
		if u, ok = s.users.get(ch.userID); !ok || u.Epoch != ch.epoch || !u.TOTPEnabled() {
			return ErrLoginExpired
		}
		if u.Disabled {
			return ErrDisabled
		}
		var used bool
		if detail, used = s.useSecondFactor(&u, code); !used {
			return ErrBadCode
		}
		return s.stampLogin(tx, &u, detail)
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
	return s.openSession(&u), nil
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
