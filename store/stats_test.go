package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
	"fichier/model/query"
	"fichier/model/stats"
)

func TestStatsFollowScopeAndQuery(t *testing.T) {
	w := newWorld(t)
	a := person("Samira", "Benali", model.KindAdherent, w.cellA1.Path)
	a.BirthDate, a.Gender = model.NewDate(1990, 5, 1), model.GenderFemale
	b := person("Marc", "Roux", model.KindAdherent, w.secA.Path)
	b.Mobile = ""
	w.create(t, a)
	w.create(t, b)
	w.create(t, person("Léa", "Morel", model.KindContact, w.cellB1.Path))
	archived := w.create(t, person("Paul", "Vieux", model.KindAdherent, w.cellA1.Path))
	if _, err := w.st.SetArchived(w.sys, archived.ID, archived.Version, true); err != nil {
		t.Fatal(err)
	}

	sess := w.user(t, "Anne", "Sud", w.secA.Path, 0)
	s, err := w.st.Stats(sess, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if s.Counts.Adherents != 2 || s.Counts.Contacts != 0 || s.Counts.AdherentsNoCell != 1 {
		t.Errorf("section scope: %+v", s.Counts)
	}
	if s.Pyramid.NoBirthDate != 1 || s.Pyramid.WithDate != 1 {
		t.Errorf("pyramid %+v", s.Pyramid)
	}
	// The quality figure is what the list shows for its search.
	adh := int(model.KindAdherent)
	line := s.Quality.Sections[0]
	text := line.Query(s.Query, adh, 0)
	q, err := query.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.st.Search(sess, q, SortName)
	if err != nil {
		t.Fatal(err)
	}
	if line.Missing[adh][0] != 1 || len(res.IDs) != 1 {
		t.Errorf("%s: %d missing, list %d", text, line.Missing[adh][0], len(res.IDs))
	}

	q, _ = query.Parse("archivé:tous")
	if s, _ = w.st.Stats(sess, q, 10); s.Counts.Adherents != 3 || s.Query != "archivé:tous" {
		t.Errorf("with archived: %+v %q", s.Counts, s.Query)
	}
	q, _ = query.Parse("section:inexistante")
	var qe *query.Error
	if _, err := w.st.Stats(sess, q, 10); !errors.As(err, &qe) {
		t.Errorf("unknown section: %v", err)
	}
	s, _ = w.st.Stats(w.sys, nil, 5)
	if s.Counts.Total() != 3 || s.Pyramid.BandYears != 5 {
		t.Errorf("national: %+v", s.Counts)
	}
}

// BenchmarkStats100k is every figure of the statistics screen over the
// 100k demo file (national scope, no query): go test ./store -run '^$' -bench Stats100k
// (cpu-ms/op: the CPU time, which holds when the machine is busy).
func BenchmarkStats100k(b *testing.B) {
	st, err := Open(demoFile(b, 100_000), Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	s := benchStats(b, st)
	b.ReportMetric(float64(s.Counts.Total()), "fiches")
}

// benchStats times Stats over st for the whole scope, in wall and CPU time.
func benchStats(b *testing.B, st *Store) stats.Stats {
	sess := st.SystemSession("bench")
	var s stats.Stats
	var err error
	cpu := cpuMillis()
	for b.Loop() {
		if s, err = st.Stats(sess, nil, 10); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuMillis()-cpu)/float64(b.N), "cpu-ms/op")
	return s
}

func TestStatsProgressionFromTheJournal(t *testing.T) {
	w := newWorld(t)
	c := w.create(t, person("Léa", "Morel", model.KindContact, w.cellA1.Path))
	w.create(t, person("Paul", "Neuf", model.KindAdherent, w.cellA1.Path))
	w.create(t, person("Hors", "Scope", model.KindContact, w.cellB1.Path))
	p, err := w.st.Promote(w.sys, c.ID, c.Version)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.Promote(w.sys, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	sess := w.user(t, "Anne", "Sud", w.secA.Path, 0)
	s, err := w.st.Stats(sess, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := stats.Progression{Year: fixedNow.Year(), NewContacts: 1, NewAdherents: 1, ContactToCompagnon: 1, CompagnonToAdherent: 1}
	if s.Progression != want {
		t.Errorf("progression %+v, want %+v", s.Progression, want)
	}
	// Narrowed to the other one: its creation only.
	q, _ := query.Parse("nom:neuf")
	if s, _ = w.st.Stats(sess, q, 10); s.Progression != (stats.Progression{Year: fixedNow.Year(), NewAdherents: 1}) {
		t.Errorf("narrowed %+v", s.Progression)
	}
}

// Last year's steps are not this year's: the journal is cut at 1 January.
func TestStatsProgressionStartsOnFirstJanuary(t *testing.T) {
	now := time.Date(2025, 12, 20, 22, 0, 0, 0, time.Local)
	opt := testOptions()
	opt.Now = func() time.Time { return now }
	st, err := Open(filepath.Join(t.TempDir(), "f.db"), opt)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := &world{st: st, sys: st.SystemSession("test")}
	w.makeUnits(t)
	var last model.Person
	for i := range 20 {
		last = w.create(t, person("Old", fmt.Sprint("Contact", i), model.KindContact, w.cellA1.Path))
	}
	p, _ := st.Promote(w.sys, last.ID, last.Version)
	now = time.Date(2026, 1, 1, 0, 30, 0, 0, time.Local)
	st.Promote(w.sys, p.ID, p.Version)
	w.create(t, person("New", "Contact", model.KindContact, w.cellA1.Path))
	s, err := st.Stats(w.sys, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := (stats.Progression{Year: 2026, NewContacts: 1, CompagnonToAdherent: 1}); s.Progression != want {
		t.Errorf("%+v, want %+v", s.Progression, want)
	}
}

// BenchmarkStats100kJournal is BenchmarkStats100k on a file whose journal
// holds 400 000 entries about fiches over a year (about 360 000 of them in
// this year), one in twenty a change of kind: what the progression costs.
func BenchmarkStats100kJournal(b *testing.B) {
	st, err := Open(copyFile(b, demoFile(b, 100_000)), testOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ids := st.idx.sorted
	err = st.update(func(tx *bolt.Tx) error {
		// Straight into the journal bucket (appendAudit's per-fiche index
		// is not what the progression reads, and random inserts into it
		// make this setup slow).
		audit := tx.Bucket(bAudit)
		audit.FillPercent = appendFill
		for i := range 400_000 {
			e := ids[i%len(ids)]
			at := fixedNow.AddDate(-1, 0, 0).Add(time.Duration(i) * 79 * time.Second) // over a year
			entry := model.AuditEntry{At: at, Actor: "bench", Action: model.ActionPersonUpdate, PersonID: e.ID, Org: e.Org,
				Changes: []model.Change{{Field: "Mobile", Old: "", New: "+33612345678"}}}
			if i%20 == 0 {
				entry.Action = model.ActionPersonPromote
				entry.Changes = []model.Change{{Field: "Type", Old: "contact", New: "compagnon de route"}}
			}
			seq, _ := audit.NextSequence()
			entry.ID = seq
			data, _ := json.Marshal(&entry)
			if err := audit.Put(itob(seq), data); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	s := benchStats(b, st)
	b.ReportMetric(float64(s.Progression.ContactToCompagnon), "steps")
}

// TestStatsDuesMatchQuery: each dues count is what the list finds for
// "type:adh cotisation:…" (with the federation's grace period), overall
// and per section.
func TestStatsDuesMatchQuery(t *testing.T) {
	w := newWorld(t)
	paid := w.create(t, person("Ana", "Payé", model.KindAdherent, w.cellA1.Path))
	late := w.create(t, person("Bob", "Retard", model.KindAdherent, w.secA.Path))
	w.create(t, person("Cléo", "Jamais", model.KindAdherent, w.secA.Path))
	w.create(t, person("Dan", "Jamais", model.KindAdherent, w.cellB1.Path))
	w.create(t, person("Eve", "Contact", model.KindContact, w.secA.Path))
	today := model.DateOf(fixedNow)
	for _, p := range []struct {
		id model.PersonID
		on model.Date
	}{{paid.ID, today}, {late.ID, model.NewDate(today.Year()-2, 3, 1)}} {
		if _, err := w.st.RecordPayment(w.sys, model.Payment{Person: p.id, Date: p.on, Cents: 2400, Mode: model.ModeCheque}); err != nil {
			t.Fatal(err)
		}
	}
	s, err := w.st.Stats(w.sys, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.Dues.Total.States, [4]int{0, 1, 1, 2}; got != want {
		t.Fatalf("dues %v, want %v", got, want)
	}
	count := func(text string) int {
		res, err := w.st.Search(w.sys, mustParse(t, text), SortName)
		if err != nil {
			t.Fatal(err)
		}
		return len(res.IDs)
	}
	lines := append([]stats.DuesLine{s.Dues.Total}, s.Dues.Sections...)
	for _, l := range lines {
		for _, st := range stats.DuesStates {
			text := "type:adh " + l.Term() + " " + stats.DuesTerm(st)
			if n := count(text); n != l.States[st] {
				t.Errorf("%s: list %d, stats %d", text, n, l.States[st])
			}
		}
	}
}

// TestStatsMutations: departures from the scope and arrivals into it, as
// the mutation records say.
func TestStatsMutations(t *testing.T) {
	w := newMutationWorld(t)
	p := w.adherent
	if _, err := w.st.Depart(w.isereSec, Departure{PersonID: p.ID, Version: p.Version, Dest: model.Destination{Federation: w.fed2.ID}, Date: w.moveOn}); err != nil {
		t.Fatal(err)
	}
	other := w.create(t, person("Luc", "Bleu", model.KindAdherent, w.secA.Path))
	lastYear := model.NewDate(w.today.Year()-1, 6, 1)
	if _, err := w.st.Depart(w.isereSec, Departure{PersonID: other.ID, Version: other.Version, Dest: model.Destination{Federation: w.fed2.ID}, Date: lastYear}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sess *Session
		want stats.Moves
	}{
		{w.isereSec, stats.Moves{Year: w.today.Year(), OutThisYear: 1, OutLastYear: 1}},
		{w.rhoneFed, stats.Moves{Year: w.today.Year(), InThisYear: 1, InLastYear: 1, PendingArrivals: 2}},
		{w.sys, stats.Moves{Year: w.today.Year(), OutThisYear: 1, OutLastYear: 1, InThisYear: 1, InLastYear: 1, PendingArrivals: 2}},
	} {
		s, err := w.st.Stats(c.sess, nil, 10)
		if err != nil {
			t.Fatal(err)
		}
		if s.Moves != c.want {
			t.Errorf("%+v, want %+v", s.Moves, c.want)
		}
		// The same records the Mutations screen lists.
		ms, _ := w.st.Mutations(c.sess, MutationFilter{})
		if len(ms) != 2 {
			t.Errorf("Mutations lists %d", len(ms))
		}
	}
}
