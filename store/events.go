package store

import (
	"sync"

	"fichier/model"
)

// Event tells subscribers that something was committed. Sessions use it to
// refresh what they show; it carries no data that the receiver might not be
// allowed to see (they re-read through their own session).
type Event struct {
	What    model.Action
	Persons []model.PersonID
	By      string
}

type subscribers struct {
	mu   sync.Mutex
	next int
	chs  map[int]chan Event
}

// Subscribe returns a channel of committed changes and a function to stop.
// A slow receiver misses events rather than slowing writers down: the
// channel is buffered and a full buffer drops the event.
func (s *Store) Subscribe() (<-chan Event, func()) {
	s.subs.mu.Lock()
	defer s.subs.mu.Unlock()
	if s.subs.chs == nil {
		s.subs.chs = map[int]chan Event{}
	}
	id := s.subs.next
	s.subs.next++
	ch := make(chan Event, 64)
	s.subs.chs[id] = ch
	return ch, func() {
		s.subs.mu.Lock()
		defer s.subs.mu.Unlock()
		if c, ok := s.subs.chs[id]; ok {
			delete(s.subs.chs, id)
			close(c)
		}
	}
}

func (s *subscribers) publish(e Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ch := range s.chs {
		select {
		case ch <- e:
		default:
		}
	}
}

func (s *subscribers) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, ch := range s.chs {
		close(ch)
		delete(s.chs, id)
	}
}
