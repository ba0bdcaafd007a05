package store

import (
	"slices"
	"strings"

	"fichier/model"
	"fichier/model/query"
)

// Duplicates: fiches that are likely the same person, by model.SamePerson's
// one rule. Nothing is ever merged automatically: see MergePeople.

// Duplicate is an existing fiche that looks like the same person, and why.
type Duplicate struct {
	Person model.Person
	Reason string
}

// FindDuplicates lists the visible fiches that are likely p
// (model.SamePerson), for the check before a fiche is created. p is
// normalised first (on a copy).
func (s *Store) FindDuplicates(sess *Session, p model.Person) ([]Duplicate, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	p = p.Clone()
	model.NormalizePerson(&p, s.today())
	row := query.NewRow(&p)
	want := identity(&row)
	type hit struct {
		id     model.PersonID
		reason string
	}
	var hits []hit
	s.idx.mu.RLock()
	for _, e := range s.idx.sorted {
		if !model.CanSee(&u, e.Org) {
			continue
		}
		id := identity(e)
		if why, _ := model.SamePerson(&want, &id); len(why) > 0 {
			hits = append(hits, hit{e.ID, why[0]})
		}
	}
	s.idx.mu.RUnlock()
	out := make([]Duplicate, 0, len(hits))
	for _, h := range hits {
		full, err := s.Get(sess, h.id)
		if err != nil {
			continue // erased meanwhile
		}
		out = append(out, Duplicate{Person: full, Reason: h.reason})
	}
	return out, nil
}

// maxPhoneGroup: a number shared by more fiches than this is a switchboard
// or an association's office: the Doublons screen does not compare every
// pair of them (they still pair by email or by name and birth date).
const maxPhoneGroup = 4

// identity is what model.SamePerson reads of an index row.
func identity(r *query.Row) model.Identity {
	return model.Identity{ID: r.ID, Name: r.Name, FirstName: r.FirstName, Email: r.Email,
		Mobile: r.Mobile, Landline: r.Landline, BirthDate: r.BirthDate}
}

// DuplicatePair is two fiches that likely are the same person.
type DuplicatePair struct {
	A, B    model.Person // what the index holds of them (query.Row.Person); A has the smaller ID
	Reasons []string     // "même courriel", "même téléphone", "mêmes nom et date de naissance"
}

// DuplicatePairs lists the pairs of fiches the session sees that are likely
// the same person (model.SamePerson). Pairs with more reasons come first,
// then by name. At most limit pairs are returned (0 = 500); total is how
// many there are. Nothing is ever merged automatically: see MergePeople.
func (s *Store) DuplicatePairs(sess *Session, limit int) (pairs []DuplicatePair, total int, err error) {
	u, err := sess.user()
	if err != nil {
		return nil, 0, err
	}
	if limit <= 0 {
		limit = 500
	}
	type pairKey struct{ a, b model.PersonID }
	reasons := map[pairKey][]string{}
	var order []pairKey
	groups := map[string][]*entry{}
	s.idx.mu.RLock()
	for _, e := range s.idx.sorted {
		if !model.CanSee(&u, e.Org) {
			continue
		}
		id := identity(e)
		for _, k := range model.SamePersonKeys(&id) {
			groups[k] = append(groups[k], e)
		}
	}
	rows := map[model.PersonID]model.Person{}
	for k, g := range groups {
		if len(g) < 2 || (model.SharedPhoneKey(k) && len(g) > maxPhoneGroup) {
			continue
		}
		for i := range g {
			for j := i + 1; j < len(g); j++ {
				a, b := g[i], g[j]
				if a.ID > b.ID {
					a, b = b, a
				}
				pk := pairKey{a.ID, b.ID}
				if _, seen := reasons[pk]; seen {
					continue
				}
				ia, ib := identity(a), identity(b)
				why, _ := model.SamePerson(&ia, &ib)
				if len(why) == 0 {
					continue
				}
				reasons[pk] = why
				order = append(order, pk)
				rows[a.ID], rows[b.ID] = a.Person(), b.Person()
			}
		}
	}
	s.idx.mu.RUnlock()
	slices.SortFunc(order, func(x, y pairKey) int {
		if d := len(reasons[y]) - len(reasons[x]); d != 0 {
			return d
		}
		ax, ay := rows[x.a], rows[y.a]
		if c := strings.Compare(model.Fold(ax.SortName()), model.Fold(ay.SortName())); c != 0 {
			return c
		}
		if x.a != y.a {
			return int(x.a) - int(y.a)
		}
		return int(x.b) - int(y.b)
	})
	total = len(order)
	for _, pk := range order[:min(limit, len(order))] {
		pairs = append(pairs, DuplicatePair{A: rows[pk.a], B: rows[pk.b], Reasons: reasons[pk]})
	}
	return pairs, total, nil
}
