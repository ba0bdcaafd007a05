package store

import (
	"path/filepath"
	"slices"
	"testing"

	"fichier/model"
	"fichier/model/demo"
	"fichier/model/query"
)

// TestDuesReportMatchesDemoPayments loads a demo file with its dues and
// checks the report against the payments the generator made, recomputed
// here independently of the store, to the cent.
func TestDuesReportMatchesDemoPayments(t *testing.T) {
	cfg := demo.Config{People: 3000, Seed: 7, Today: model.DateOf(fixedNow)}
	st := openTest(t, filepath.Join(t.TempDir(), "demo.db"))
	sys := st.SystemSession("démo")
	g := demo.New(cfg)
	if _, err := st.LoadDemo(sys, g.Units(), g.Next, nil); err != nil {
		t.Fatal(err)
	}
	n, err := st.LoadDemoDues(sys, g.Payments)
	if err != nil || n == 0 {
		t.Fatalf("%d payments, %v", n, err)
	}

	// The same people again, with the IDs the store gave them (in order).
	type sums struct {
		total, prev model.Cents
		byMode      [model.ModeCarte + 1]model.Cents
		net, prevN  map[model.PersonID]model.Cents
	}
	want := map[model.UnitID]*sums{}
	var all []model.Payment
	g2 := demo.New(cfg)
	from, to := YearPeriod(2026)
	for id := model.PersonID(1); ; id++ {
		p, ok := g2.Next()
		if !ok {
			break
		}
		p.ID = id
		pays := g2.Payments(&p)
		for i := range pays {
			if pays[i].Cancels != 0 { // the provisional link is the position + 1 of the cancelled one
				pays[i].Cents = -pays[pays[i].Cancels-1].Cents
			}
		}
		all = append(all, pays...)
		s := want[p.Org.Section]
		if s == nil {
			s = &sums{net: map[model.PersonID]model.Cents{}, prevN: map[model.PersonID]model.Cents{}}
			want[p.Org.Section] = s
		}
		for _, pay := range pays {
			switch {
			case pay.Date >= from && pay.Date <= to:
				s.total += pay.Cents
				s.byMode[pay.Mode] += pay.Cents
				s.net[id] += pay.Cents
			case pay.Date >= model.ShiftYears(from, -1) && pay.Date <= model.ShiftYears(to, -1):
				s.prev += pay.Cents
				s.prevN[id] += pay.Cents
			}
		}
	}
	if len(all) != n {
		t.Fatalf("store loaded %d payments, generator made %d", n, len(all))
	}
	r, err := st.DuesReport(sys, from, to)
	if err != nil {
		t.Fatal(err)
	}
	var grand model.Cents
	for _, sec := range r.Sections {
		w := want[sec.Unit]
		if w == nil {
			if sec.Total != 0 {
				t.Errorf("section %s: %d unexpected", sec.Name, sec.Total)
			}
			continue
		}
		positive := func(m map[model.PersonID]model.Cents) (n int) {
			for _, c := range m {
				if c > 0 {
					n++
				}
			}
			return n
		}
		if sec.Total != w.total || sec.PrevTotal != w.prev || sec.ByMode != w.byMode ||
			sec.Cotisants != positive(w.net) || sec.PrevCotisants != positive(w.prevN) {
			t.Errorf("section %s: got total %d prev %d modes %v cotisants %d/%d; want %d %d %v %d/%d", sec.Name,
				sec.Total, sec.PrevTotal, sec.ByMode, sec.Cotisants, sec.PrevCotisants, w.total, w.prev, w.byMode, positive(w.net), positive(w.prevN))
		}
		var cells model.Cents
		for _, c := range sec.Cells {
			cells += c.Total
		}
		if len(sec.Cells) > 0 && cells != sec.Total {
			t.Errorf("section %s: cells add up to %d, section %d", sec.Name, cells, sec.Total)
		}
		grand += w.total
	}
	if r.Total.Total != grand || grand <= 0 {
		t.Errorf("total %d, want %d", r.Total.Total, grand)
	}

	// cotisation:retard lists exactly those behind; statut:retard too.
	var late []model.PersonID
	every, _ := st.Search(sys, nil, SortName)
	everyStatus, _ := st.DuesStatus(sys, every.IDs)
	for i, s := range everyStatus {
		if s.State == model.DuesRetard {
			late = append(late, every.IDs[i])
		}
	}
	for _, q := range []string{"cotisation:retard", "statut:retard"} {
		parsed, err := query.Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		res, err := st.Search(sys, parsed, SortName)
		if err != nil || !slices.Equal(res.IDs, late) || len(late) == 0 {
			t.Errorf("%s: %d fiches, %d behind (%v)", q, len(res.IDs), len(late), err)
		}
	}

	// A believable spread of statuses among active adherents.
	res, _ := st.Search(sys, nil, SortName)
	statuses, _ := st.DuesStatus(sys, res.IDs)
	count := map[model.DuesState]int{}
	for _, s := range statuses {
		count[s.State]++
	}
	t.Logf("statuses %v, %d payments, total 2026 %s", count, n, model.FormatCents(r.Total.Total))
	owing := count[model.DuesAJour] + count[model.DuesRetard] + count[model.DuesJamais]
	if owing == 0 || count[model.DuesAJour] < owing*7/10 || count[model.DuesRetard] < owing/20 || count[model.DuesJamais] < owing/50 ||
		count[model.DuesJamais] > owing/5 {
		t.Errorf("statuses %v", count)
	}
}
