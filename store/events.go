package store

import (
	"sync"

	"fichier/model"
)

// Event tells subscribers that something was committed. Sessions use it to
// refresh what they show; it carries no field values (they re-read through
// their own session), and a session only receives the events of its scope.
type Event struct {
	What    model.Action
	Persons []model.PersonID
	By      string
	// Orgs are where the change happened: a fiche's old and new place, a
	// unit's path, an account's scope. None means it concerns everyone.
	Orgs []model.Org
}

// personEvent is the event of a change to one fiche, made by by, at orgs.
func personEvent(what model.Action, id model.PersonID, by string, orgs ...model.Org) Event {
	return Event{What: what, Persons: []model.PersonID{id}, By: by, Orgs: orgs}
}

type subscriber struct {
	ch  chan Event
	who func() *Session // nil: every event (tools, tests)
}

type subscribers struct {
	mu   sync.Mutex
	next int
	subs map[int]subscriber
}

// Subscribe returns a channel of committed changes and a function to stop.
// who, when set, gives the subscriber's current session (nil while nobody
// is logged in: then nothing is delivered); only events overlapping that
// session's scope are delivered. A slow receiver misses events rather than
// slowing writers down: the channel is buffered and a full buffer drops the
// event.
func (s *Store) Subscribe(who func() *Session) (<-chan Event, func()) {
	s.subs.mu.Lock()
	defer s.subs.mu.Unlock()
	if s.subs.subs == nil {
		s.subs.subs = map[int]subscriber{}
	}
	id := s.subs.next
	s.subs.next++
	ch := make(chan Event, 64)
	s.subs.subs[id] = subscriber{ch: ch, who: who}
	return ch, func() {
		s.subs.mu.Lock()
		defer s.subs.mu.Unlock()
		if sub, ok := s.subs.subs[id]; ok {
			delete(s.subs.subs, id)
			close(sub.ch)
		}
	}
}

// receives reports whether the subscriber may hear of e.
func (sub subscriber) receives(e Event) bool {
	if sub.who == nil || len(e.Orgs) == 0 {
		return true
	}
	sess := sub.who()
	if sess == nil {
		return false
	}
	u, err := sess.user()
	if err != nil {
		return true // a session being ended must hear of it to leave
	}
	for _, o := range e.Orgs {
		// Either way round: a change in my section, or to a unit above me
		// (my section renamed, my federation's fiches) that my screens name.
		if u.Scope.Contains(o) || o.Contains(u.Scope) {
			return true
		}
	}
	return false
}

func (s *subscribers) publish(e Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sub := range s.subs {
		if !sub.receives(e) {
			continue
		}
		select {
		case sub.ch <- e:
		default:
		}
	}
}

func (s *subscribers) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, sub := range s.subs {
		close(sub.ch)
		delete(s.subs, id)
	}
}
