package stats

import (
	"fichier/model"
	"fichier/model/query"
)

// DuesStates are the dues states counted, in column order.
var DuesStates = []model.DuesState{model.DuesAJour, model.DuesRetard, model.DuesJamais}

// DuesTerm is the search term of a dues state: "cotisation:retard".
func DuesTerm(s model.DuesState) string {
	switch s {
	case model.DuesAJour:
		return "cotisation:à-jour"
	case model.DuesRetard:
		return "cotisation:retard"
	}
	return "cotisation:jamais"
}

// DuesLine counts the adherents whose dues are followed (model.OwesDues)
// by state, for the whole (Section 0, All) or one section.
type DuesLine struct {
	All     bool
	Section model.UnitID // 0 with !All: fiches held at federation level
	Name    string
	States  [4]int // by model.DuesState (DuesNone unused)
}

// Total is the number of adherents counted.
func (l DuesLine) Total() int {
	return l.States[model.DuesAJour] + l.States[model.DuesRetard] + l.States[model.DuesJamais]
}

// Term is the search narrowing to the line's section ("" for the whole).
func (l DuesLine) Term() string {
	switch {
	case l.All:
		return ""
	case l.Section == 0:
		return "section:"
	}
	return "section:" + Quote(l.Name)
}

// Dues is the "Cotisations" block: the adherents' dues status, computed
// with the rule the query's cotisation: applies (each federation's grace
// period, on today).
type Dues struct {
	Total    DuesLine
	Sections []DuesLine // by name, "no section" last
}

// DuesOf counts rows by dues status, overall and per section.
func DuesOf(rows []*query.Row, env query.Env) Dues {
	return accumulate(newDuesAcc(env), rows)
}

type duesAcc struct {
	env      query.Env
	status   func(*query.Row) model.DuesStatus
	total    DuesLine
	sections map[model.UnitID]*DuesLine
}

func newDuesAcc(env query.Env) *duesAcc {
	return &duesAcc{env: env, status: query.DuesStatusOf(&env), total: DuesLine{All: true},
		sections: map[model.UnitID]*DuesLine{}}
}

func (d *duesAcc) add(r *query.Row) {
	if r.Kind != model.KindAdherent {
		return
	}
	st := d.status(r).State
	if st == model.DuesNone {
		return
	}
	d.total.States[st]++
	l := d.sections[r.Org.Section]
	if l == nil {
		l = &DuesLine{Section: r.Org.Section}
		d.sections[r.Org.Section] = l
	}
	l.States[st]++
}

func (d *duesAcc) finish() Dues {
	names := unitNames(d.env.Units)
	out := Dues{Total: d.total}
	units := make([]UnitCount, 0, len(d.sections))
	for id := range d.sections {
		units = append(units, UnitCount{Unit: id, Name: names[id]})
	}
	sortUnits(units)
	for _, u := range units {
		l := *d.sections[u.Unit]
		l.Name = u.Name
		out.Sections = append(out.Sections, l)
	}
	return out
}
