package store

import (
	"strings"
	"unicode"

	"fichier/model"
	"fichier/model/query"
)

// FindAdherents is the quick entry's search as you type: the adherents of
// the session's scope (not archived) whose name or commune has words
// starting with the typed words, or, when the text has digits, whose
// membership number contains them. At most limit, in name order.
func (s *Store) FindAdherents(sess *Session, text string, limit int) ([]model.Person, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	text = model.StripControl(text)
	digits := strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, text)
	var ids []model.PersonID
	if digits != "" {
		s.idx.mu.RLock()
		for _, e := range s.idx.sorted {
			if e.Kind == model.KindAdherent && !e.Archived && u.Scope.Contains(e.Org) && strings.Contains(e.Number, digits) {
				ids = append(ids, e.ID)
				if len(ids) == limit {
					break
				}
			}
		}
		s.idx.mu.RUnlock()
		return s.Peek(sess, ids)
	}
	// Words only: whatever the query language would read as syntax is dropped.
	var words []string
	for _, w := range strings.Fields(text) {
		w = strings.Trim(strings.Map(func(r rune) rune {
			if r == ':' || r == '"' || r == '(' || r == ')' {
				return -1
			}
			return r
		}, w), "-")
		if w != "" && !strings.EqualFold(w, "ou") && !strings.EqualFold(w, "or") {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return nil, nil
	}
	q, err := query.Parse("type:adhérent " + strings.Join(words, " "))
	if err != nil {
		return nil, nil // nothing sensible typed yet
	}
	res, err := s.Search(sess, q, SortName)
	if err != nil {
		return nil, err
	}
	return s.Peek(sess, res.IDs[:min(len(res.IDs), limit)])
}

// DuesCounts are the adherents of a scope by dues status.
type DuesCounts struct{ AJour, Retard, Jamais int }

// Behind is the number not up to date.
func (c DuesCounts) Behind() int { return c.Retard + c.Jamais }

// DuesCount counts the session's adherents by computed dues status (home
// screen's "À traiter").
func (s *Store) DuesCount(sess *Session) (DuesCounts, error) {
	u, err := sess.user()
	if err != nil {
		return DuesCounts{}, err
	}
	var c DuesCounts
	rules := s.duesRules()
	s.idx.mu.RLock()
	defer s.idx.mu.RUnlock()
	for _, e := range s.idx.sorted {
		if !u.Scope.Contains(e.Org) {
			continue
		}
		switch rules.of(e).State {
		case model.DuesAJour:
			c.AJour++
		case model.DuesRetard:
			c.Retard++
		case model.DuesJamais:
			c.Jamais++
		}
	}
	return c, nil
}
