package store

import (
	"errors"
	"fmt"
	"sync"

	"fichier/model"
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

// ErrAccessReset ends the sessions of an account whose password or second
// factor a responsable reset (a new Epoch); it comes wrapped in
// ErrSessionEnded.
var ErrAccessReset = errors.New("accès réinitialisé par un responsable")

// account is the session's account as stored, whatever its setup.
func (sess *Session) account() (model.User, error) {
	if sess == nil || sess.st == nil {
		return model.User{}, ErrSessionEnded
	}
	if sess.system != nil {
		return *sess.system, nil
	}
	u, ok := sess.st.users.get(sess.userID)
	if !ok {
		return model.User{}, ErrSessionEnded
	}
	if u.Disabled {
		return model.User{}, fmt.Errorf("%w : %w", ErrSessionEnded, ErrDisabled)
	}
	if u.Epoch != sess.epoch {
		return model.User{}, fmt.Errorf("%w : %w", ErrSessionEnded, ErrAccessReset)
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
