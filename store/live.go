package store

import (
	"fmt"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// Connection is one open session of `fichier serve`, for the « Connectés »
// screen and the server's own bookkeeping.
type Connection struct {
	ID       uint64
	Username string
	UserID   model.UserID
	Scope    model.Org
	From     string // remote address
	Method   string // « clé SSH » or « mot de passe »
	Since    time.Time
}

// liveSessions is the registry of open connections (in memory: they end
// with the process).
type liveSessions struct {
	mu   sync.Mutex
	next uint64
	m    map[uint64]liveSession
}

type liveSession struct {
	conn Connection
	sess *Session
}

// Connect records that sess is connected from a remote address; release
// removes it and journals the end of the session with its duration. It is
// what « Connectés » lists. (The login itself is journaled by the login.)
func (s *Store) Connect(sess *Session, from, method string) (id uint64, release func()) {
	u, _ := sess.account()
	l := &s.live
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = map[uint64]liveSession{}
	}
	l.next++
	id = l.next
	l.m[id] = liveSession{conn: Connection{ID: id, Username: u.Username, UserID: u.ID, Scope: u.Scope, From: from, Method: method, Since: s.now()}, sess: sess}
	since := s.now()
	return id, func() {
		l.mu.Lock()
		delete(l.m, id)
		l.mu.Unlock()
		d := s.now().Sub(since).Round(time.Second)
		_ = s.update(func(tx *bolt.Tx) error {
			return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionLogout,
				UserID: u.ID, Org: u.Scope, Detail: fmt.Sprintf("session SSH depuis %s (%s), durée %s", from, method, d)})
		})
	}
}

// Connected lists who is connected in the viewer's scope (their level and
// below), oldest first. It needs the right to manage responsables.
func (s *Store) Connected(sess *Session) ([]Connection, error) {
	v, err := sess.user()
	if err != nil {
		return nil, err
	}
	if !v.Rights.Has(model.RightManage) {
		return nil, ErrForbidden
	}
	s.live.mu.Lock()
	defer s.live.mu.Unlock()
	var out []Connection
	for _, l := range s.live.m {
		if v.Scope.Contains(l.conn.Scope) {
			out = append(out, l.conn)
		}
	}
	slices.SortFunc(out, func(a, b Connection) int { return a.Since.Compare(b.Since) })
	return out, nil
}
