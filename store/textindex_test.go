package store

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"fichier/model"
	"fichier/model/demo"
	"fichier/model/query"
)

// scanSearch is the search without the text index: every row of the scope
// tested by the matcher, in name order. The indexed search must agree.
func scanSearch(t *testing.T, st *Store, sess *Session, q *query.Query) ([]model.PersonID, int) {
	t.Helper()
	u, err := sess.user()
	if err != nil {
		t.Fatal(err)
	}
	env, err := st.QueryEnv(sess)
	if err != nil {
		t.Fatal(err)
	}
	m, err := q.Bind(env)
	if err != nil {
		t.Fatal(err)
	}
	var ids []model.PersonID
	total := 0
	st.idx.mu.RLock()
	defer st.idx.mu.RUnlock()
	for _, e := range st.idx.sorted {
		if !u.Scope.Contains(e.Org) {
			continue
		}
		if !e.Archived {
			total++
		}
		if m.Match(e) {
			ids = append(ids, e.ID)
		}
	}
	return ids, total
}

// demoWorld is a store holding n demo fiches.
func demoWorld(t *testing.T, n int) (*world, *demo.Generator) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fichier.db")
	w := &world{st: openTest(t, path), path: path}
	w.sys = w.st.SystemSession("test")
	g := demo.New(demo.Config{People: n, Seed: 5, Today: model.DateOf(fixedNow)})
	if _, err := w.st.LoadDemo(w.sys, g.Units(), g.Next, nil); err != nil {
		t.Fatal(err)
	}
	return w, g
}

// queryGen writes random queries from the values the rows hold.
type queryGen struct {
	rng   *rand.Rand
	rows  []query.Row
	units []model.Unit
}

func (g *queryGen) row() *query.Row { return &g.rows[g.rng.IntN(len(g.rows))] }

func (g *queryGen) pick(s ...string) string { return s[g.rng.IntN(len(s))] }

// prefix cuts a random prefix (in runes) of a random word of s.
func (g *queryGen) prefix(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '\'' })
	if len(words) == 0 {
		return "x"
	}
	w := []rune(words[g.rng.IntN(len(words))])
	return string(w[:1+g.rng.IntN(len(w))])
}

func (g *queryGen) unit(level model.Level) string {
	for {
		u := g.units[g.rng.IntN(len(g.units))]
		if u.Level == level {
			return `"` + u.Name + `"`
		}
	}
}

func (g *queryGen) listValue(list []string) string {
	if len(list) == 0 {
		return "x"
	}
	return g.prefix(list[g.rng.IntN(len(list))])
}

func (g *queryGen) term() string {
	r := g.row()
	switch g.rng.IntN(30) {
	case 0, 1, 2, 3:
		return g.prefix(r.Display.LastName)
	case 4, 5:
		return strings.ToUpper(g.prefix(r.Display.FirstName))
	case 6:
		return g.prefix(r.Display.Commune)
	case 7:
		return string(rune('a' + g.rng.IntN(26)))
	case 8:
		// A phrase, in either order, possibly cut short.
		p := r.Display.FirstName + " " + r.Display.LastName
		if g.rng.IntN(2) == 0 {
			p = r.Display.LastName + " " + r.Display.FirstName
		}
		rs := []rune(p)
		return `"` + string(rs[:max(1, len(rs)-g.rng.IntN(4))]) + `"`
	case 9:
		return "type:" + g.pick("adh", "compagnon", "contact", "adh,contact")
	case 10:
		return "statut:" + g.pick("actif", "retard", "muté", "démissionnaire", "actif,retard")
	case 11:
		return g.pick("genre:f", "genre:h", "genre:", "pcs:3", "pcs:ouvriers,employés", "pcs:")
	case 12:
		return g.pick("consent:courriel", "consent:sms,téléphone", "consent:", "courrier:oui", "npai:oui", "nepasappeler:non")
	case 13:
		return g.pick("archivé:oui", "archivé:tous", "archivé:non")
	case 14:
		return "section:" + g.unit(model.LevelSection)
	case 15:
		return "cellule:" + g.pick(g.unit(model.LevelCell), "")
	case 16:
		return "fédération:" + g.unit(model.LevelFederation)
	case 17:
		return "commune:" + g.pick(g.prefix(r.Display.Commune), `"`+r.Display.Commune+`"`, "")
	case 18:
		return "quartier:" + g.pick(g.prefix(r.Quartier), "")
	case 19:
		return "cp:" + r.PostalCode[:min(len(r.PostalCode), 1+g.rng.IntN(5))] + "0"[:g.rng.IntN(2)] // may be empty: "cp:"
	case 20:
		return g.pick("circo:"+fmt.Sprint(1+g.rng.IntN(10)), "circo:", "profession:"+g.prefix(r.Profession), "employeur:"+g.prefix(r.Employer), "source:")
	case 21:
		return "intérêt:" + g.pick(g.listValue(r.Interests), "", g.listValue(r.Interests)+","+g.listValue(g.row().Interests))
	case 22:
		return g.pick("mandat:", "syndicat:"+g.listValue(r.Unions), "asso:"+g.listValue(r.Associations), "asso:")
	case 23:
		return g.pick("courriel:", "courriel:gmail", "tél:", "mobile:06", "fixe:04")
	case 24:
		return g.pick("âge:30-45", "âge:<30", "âge:>=60", "âge:", "naissance:<1970", "adhésion:>=2020", "maj:<2026",
			"cotisation:retard", "retard:>3", "cotisé:2025")
	case 25:
		return g.pick("nom:"+g.prefix(r.LastName), "prénom:"+g.prefix(r.FirstName), "id:"+fmt.Sprint(r.ID))
	case 26:
		return `"` + g.prefix(r.Display.Commune) + `"`
	case 27:
		return g.pick("o.brien", "d'", "saint-m", "le pont", "ab")
	}
	return g.prefix(r.Display.LastName) + g.pick("", "e", "x")
}

func (g *queryGen) query() string {
	var terms []string
	for range 1 + g.rng.IntN(3) {
		t := g.term()
		if g.rng.IntN(4) == 0 {
			t = "-" + t
		}
		terms = append(terms, t)
	}
	return strings.Join(terms, " ")
}

func (g *queryGen) refresh(st *Store) {
	st.idx.mu.RLock()
	g.rows = g.rows[:0]
	for _, e := range st.idx.sorted {
		g.rows = append(g.rows, *e)
	}
	st.idx.mu.RUnlock()
}

// TestTextIndexMatchesScan runs random queries over demo data, through
// random writes (creations, edits that rename or move, erasures, merges), and
// checks the indexed search against the scan, for the whole file and for a
// section's responsable.
func TestTextIndexMatchesScan(t *testing.T) {
	defer func(n, c, p int) { textRebuildMin, buildChunk, buildPartMin = n, c, p }(textRebuildMin, buildChunk, buildPartMin)
	textRebuildMin = 40 // rebuild in name order now and then
	buildChunk = 100    // several chunks per part
	buildPartMin = 500  // several parts
	w, _ := demoWorld(t, 3000)
	units, err := w.st.Units(w.sys)
	if err != nil {
		t.Fatal(err)
	}
	var section model.Unit
	for _, u := range units {
		if u.Level == model.LevelSection {
			section = u
			break
		}
	}
	resp := w.user(t, "Resp", "Section", section.Path, model.RightWrite)
	g := &queryGen{rng: rand.New(rand.NewPCG(1, 2)), units: units}
	g.refresh(w.st)
	checked, hits := 0, 0
	for round := range 600 {
		if round%20 == 19 {
			randomWrites(t, w, g)
			g.refresh(w.st)
		}
		qs := g.query()
		q, err := query.Parse(qs)
		if err != nil {
			t.Fatalf("%q: %v", qs, err)
		}
		for _, sess := range []*Session{w.st.SystemSession("test"), resp} {
			env, _ := w.st.QueryEnv(sess)
			if _, err := q.Bind(env); err != nil {
				continue // a unit outside the responsable's scope
			}
			want, wantTotal := scanSearch(t, w.st, sess, q)
			res, err := w.st.Search(sess, q, SortName)
			if err != nil {
				t.Fatalf("%q: %v", qs, err)
			}
			if !slices.Equal(res.IDs, want) || res.Total != wantTotal {
				t.Fatalf("%q: index %d hits (total %d), scan %d (total %d)", qs, len(res.IDs), res.Total, len(want), wantTotal)
			}
			checked++
			hits += len(want)
		}
	}
	if checked < 900 || hits < 10*checked {
		t.Errorf("only %d searches checked, %d hits: the generator should find more", checked, hits)
	}
}

// randomWrites applies a few writes of every kind the index follows.
func randomWrites(t *testing.T, w *world, g *queryGen) {
	t.Helper()
	rng := g.rng
	for range 10 {
		r := g.row()
		p, err := w.st.Get(w.sys, r.ID)
		if err != nil {
			continue // erased in this batch
		}
		switch rng.IntN(6) {
		case 0: // a new fiche like this one
			p.ID, p.MemberNumber, p.Version = 0, "", 0
			p.LastName = g.row().Display.LastName + "-Neuf"
			if _, err := w.st.Create(w.sys, p); err != nil {
				t.Fatal(err)
			}
		case 1: // renamed
			p.LastName, p.FirstName = g.row().Display.LastName, g.row().Display.FirstName
			mustUpdate(t, w, p)
		case 2: // moved, reinterested, archived: the name (and slot) stays
			o := g.row()
			if o.Org.Federation == p.Org.Federation { // another federation is a mutation
				p.Org = o.Org
			}
			p.Gender, p.Address.Commune, p.Interests = o.Gender, o.Display.Commune, slices.Clone(o.Interests)
			p.Archived = rng.IntN(5) == 0
			mustUpdate(t, w, p)
		case 3:
			if err := w.st.Erase(w.sys, p.ID); err != nil {
				t.Fatal(err)
			}
		case 4: // merged into another fiche
			o, err := w.st.Get(w.sys, g.row().ID)
			if err != nil || o.ID == p.ID {
				continue
			}
			if _, err := w.st.MergePeople(w.sys, o, p.ID, p.Version); err != nil {
				t.Fatal(err)
			}
		default:
			p.Quartier = g.row().Quartier
			p.LastName += "x"
			mustUpdate(t, w, p)
		}
	}
}

func mustUpdate(t *testing.T, w *world, p model.Person) {
	t.Helper()
	if _, err := w.st.Update(w.sys, p); err != nil {
		t.Fatal(err)
	}
}

// TestTextIndexFollowsDues: a payment replaces the fiche's row (its dues
// summary); the text index follows, and a later edit of the fiche still
// finds its slot (one result, not two).
func TestTextIndexFollowsDues(t *testing.T) {
	w := newWorld(t)
	a := w.create(t, person("Jeanne", "Paiement", model.KindAdherent, w.secA.Path))
	w.create(t, person("Paul", "Autre", model.KindAdherent, w.secA.Path))
	tres := w.user(t, "Trésorier", "Sud", w.secA.Path, model.RightCotisations)
	if _, err := w.st.RecordPayment(tres, payment(a.ID, model.DateOf(fixedNow), 1000, model.ModeCheque)); err != nil {
		t.Fatal(err)
	}
	p, err := w.st.Get(w.sys, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	p.Quartier = "Villeneuve"
	mustUpdate(t, w, p)
	for _, qs := range []string{"", "paiement", "quartier:villeneuve", "cotisation:à-jour", "statut:retard", "-cotisation:retard type:adh"} {
		q := mustParse(t, qs)
		want, wantTotal := scanSearch(t, w.st, w.sys, q)
		res, err := w.st.Search(w.st.SystemSession("test"), q, SortName)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.IDs, want) || res.Total != wantTotal {
			t.Errorf("%q: index %v (total %d), scan %v (total %d)", qs, res.IDs, res.Total, want, wantTotal)
		}
	}
}

// TestTextIndexConcurrentSearches: sessions search (reading shared posting
// lists) while fiches are written; run with -race.
func TestTextIndexConcurrentSearches(t *testing.T) {
	w, _ := demoWorld(t, 500)
	var ids []model.PersonID
	res, err := w.st.Search(w.sys, nil, SortName)
	if err != nil {
		t.Fatal(err)
	}
	ids = res.IDs
	done := make(chan struct{})
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Go(func() {
			qs := []string{"", "d", "dup", "type:adh", "type:adh -courriel: âge:30-45", "commune:gre"}
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				if _, err := w.st.Search(w.st.SystemSession("test"), mustParse(t, qs[(i+g)%len(qs)]), SortName); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	for i := range 60 {
		p, err := w.st.Get(w.sys, ids[i*7%len(ids)])
		if err != nil {
			continue
		}
		p.LastName += "z"
		if _, err := w.st.Update(w.sys, p); err != nil {
			t.Error(err)
		}
	}
	close(done)
	wg.Wait()
}

// TestTextIndexBackgroundBuild: right after opening, while the text
// dimensions are still being indexed in the background, writes of every
// kind (a fiche, a payment, a phone round's rows) and searches on those
// dimensions run; the answers are the scan's. Run with -race.
func TestTextIndexBackgroundBuild(t *testing.T) {
	w, _ := demoWorld(t, 3000)
	w.st.Close()
	w.st = openTest(t, w.path)
	w.sys = w.st.SystemSession("test")
	if _, err := w.st.CreateRound(w.sys, model.Round{Name: "Tout de suite"}, mustParse(t, "type:adh")); err != nil {
		t.Fatal(err)
	}
	res, err := w.st.Search(w.sys, mustParse(t, "type:adh"), SortName)
	if err != nil || len(res.IDs) < 10 {
		t.Fatal(err, len(res.IDs))
	}
	if _, err := w.st.RecordPayment(w.sys, payment(res.IDs[0], model.DateOf(fixedNow), 1000, model.ModeCheque)); err != nil {
		t.Fatal(err)
	}
	p, err := w.st.Get(w.sys, res.IDs[1])
	if err != nil {
		t.Fatal(err)
	}
	p.Quartier, p.Profession = "Quartier Neuf", "Apiculteur"
	mustUpdate(t, w, p)
	for _, qs := range []string{"quartier:neuf", "profession:apiculteur", "commune:gre type:adh", "intérêt:santé", "cotisation:à-jour"} {
		q := mustParse(t, qs)
		res, err := w.st.Search(w.st.SystemSession("test"), q, SortName)
		if err != nil {
			t.Fatal(err)
		}
		want, wantTotal := scanSearch(t, w.st, w.sys, q)
		if !slices.Equal(res.IDs, want) || res.Total != wantTotal {
			t.Errorf("%q: index %d hits (total %d), scan %d (total %d)", qs, len(res.IDs), res.Total, len(want), wantTotal)
		}
	}
}
