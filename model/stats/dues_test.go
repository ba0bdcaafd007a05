package stats

import (
	"testing"

	"fichier/model"
	"fichier/model/query"
)

// duesRows: adherents of known dues on 25 November 2026 (grace: 2 months).
func duesRows() []*query.Row {
	adh := func(org model.Org) model.Person {
		return model.Person{Kind: model.KindAdherent, Status: model.StatusActif, Org: org}
	}
	a, b := secA.Path, secB.Path
	rs := rows(adh(a), adh(a), adh(a), adh(a), adh(b), adh(b), adh(fed.Path))
	// Paid through: à jour; 2 months behind (still à jour: grace); 3 months
	// (en retard); never (jamais); en retard; jamais; à jour.
	months := []model.Month{model.NewMonth(2026, 10), model.NewMonth(2026, 9), model.NewMonth(2026, 8), 0,
		model.NewMonth(2025, 12), 0, model.NewMonth(2026, 11)}
	for i, m := range months {
		rs[i].Dues.PaidThrough = m
	}
	// Not followed: a contact, a démissionnaire, an archived adherent.
	more := rows(model.Person{Kind: model.KindContact, Org: a},
		model.Person{Kind: model.KindAdherent, Status: model.StatusDemissionnaire, Org: a},
		model.Person{Kind: model.KindAdherent, Status: model.StatusActif, Archived: true, Org: b})
	for i, r := range more {
		r.ID = model.PersonID(100 + i)
	}
	return append(rs, more...)
}

func TestDuesOfKnownAnswers(t *testing.T) {
	env := query.Env{Today: today, Units: units}
	d := DuesOf(duesRows(), env)
	if got, want := d.Total.States, [4]int{0, 3, 2, 2}; got != want {
		t.Fatalf("total %v, want %v (à jour, retard, jamais)", got, want)
	}
	if d.Total.Total() != 7 {
		t.Errorf("total %d", d.Total.Total())
	}
	want := []struct {
		name   string
		states [4]int
		term   string
	}{
		{"Bas Dauphiné", [4]int{0, 0, 1, 1}, "section:\"Bas Dauphiné\""},
		{"Sud-Grenoblois", [4]int{0, 2, 1, 1}, "section:Sud-Grenoblois"},
		{"", [4]int{0, 1, 0, 0}, "section:"},
	}
	if len(d.Sections) != len(want) {
		t.Fatalf("sections %+v", d.Sections)
	}
	for i, w := range want {
		if l := d.Sections[i]; l.Name != w.name || l.States != w.states || l.Term() != w.term {
			t.Errorf("section %d: %+v term %q, want %+v", i, l, l.Term(), w)
		}
	}
}

// The counts are what cotisation: lists, with each federation's grace.
func TestDuesOfMatchesQuery(t *testing.T) {
	for _, grace := range []int{0, 2, 12} {
		env := query.Env{Today: today, Units: units, Dues: func(model.Org) model.DuesRule { return model.NewDuesRule(today, grace) }}
		rs := duesRows()
		d := DuesOf(rs, env)
		for _, st := range DuesStates {
			q, err := query.Parse("type:adh " + DuesTerm(st))
			if err != nil {
				t.Fatal(err)
			}
			m, err := q.Bind(env)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, r := range rs {
				if m.Match(r) {
					n++
				}
			}
			if n != d.Total.States[st] {
				t.Errorf("grace %d, %s: query lists %d, stats count %d", grace, DuesTerm(st), n, d.Total.States[st])
			}
		}
	}
}

func TestMovesOfScopeAndYears(t *testing.T) {
	other := model.Org{Federation: 9}
	sec := &model.User{Scope: secA.Path}
	ms := []model.Mutation{
		{Kind: model.MutationOut, Date: model.NewDate(2026, 3, 1), From: secA.Path},               // out, this year
		{Kind: model.MutationOut, Date: model.NewDate(2025, 3, 1), From: cellA.Path},              // out (cell of A), last year
		{Kind: model.MutationOut, Date: model.NewDate(2024, 3, 1), From: secA.Path},               // too old
		{Kind: model.MutationOut, Date: model.NewDate(2026, 3, 1), From: secB.Path},               // not A's
		{Kind: model.MutationInFile, Date: model.NewDate(2026, 5, 1), From: secA.Path, To: other}, // out of A
		{Kind: model.MutationInFile, Date: model.NewDate(2026, 5, 1), From: other, To: fed.Path},  // arrival at the federation: not A's
		{Kind: model.MutationIn, Date: model.NewDate(2026, 6, 1), To: secA.Path},                  // in, this year, pending
		{Kind: model.MutationIn, Date: model.NewDate(2025, 6, 1), To: secA.Path, Processed: true}, // in, last year
	}
	got := MovesOf(ms, sec, 2026)
	want := Moves{Year: 2026, OutThisYear: 2, OutLastYear: 1, InThisYear: 1, InLastYear: 1, PendingArrivals: 1}
	if got != want {
		t.Errorf("section scope: %+v, want %+v", got, want)
	}
	fedUser := &model.User{Scope: fed.Path}
	got = MovesOf(ms, fedUser, 2026)
	want = Moves{Year: 2026, OutThisYear: 3, OutLastYear: 1, InThisYear: 2, InLastYear: 1, PendingArrivals: 2}
	if got != want {
		t.Errorf("federation scope: %+v, want %+v", got, want)
	}
	if got := MovesOf(ms, nil, 2026); got != (Moves{Year: 2026}) {
		t.Errorf("no viewer: %+v", got)
	}
}
