package store

import (
	"path/filepath"
	"testing"
	"time"

	"fichier/model"
)

// fixedNow is the tests' clock: 25/11/2026 10:00 Paris.
var fixedNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CET", 3600))

func testOptions() Options {
	return Options{NoSync: true, Now: func() time.Time { return fixedNow }, Sleep: func(time.Duration) {}, PasswordCost: 1024}
}

// openTest opens path with testOptions changed by opts, closed when the
// test ends. (The other packages' tests use internal/storetest, which store's
// own tests cannot import.)
func openTest(t testing.TB, path string, opts ...func(*Options)) *Store {
	t.Helper()
	opt := testOptions()
	for _, f := range opts {
		f(&opt)
	}
	st, err := Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// world is a small organisation: one federation with two sections, cells
// A1 and A2 in section A, B1 in section B; and a second federation.
type world struct {
	st             *Store
	path           string
	sys            *Session
	fed, fed2      model.Unit
	secA, secB     model.Unit
	cellA1, cellA2 model.Unit
	cellB1         model.Unit
}

func newWorld(t testing.TB, opts ...func(*Options)) *world {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fichier.db")
	w := &world{st: openTest(t, path, opts...), path: path}
	w.sys = w.st.SystemSession("test")
	w.makeUnits(t)
	return w
}

// makeUnits creates the world's organisation.
func (w *world) makeUnits(t testing.TB) {
	t.Helper()
	mk := func(parent model.Org, name, code string) model.Unit {
		return createUnit(t, w.st, w.sys, parent, name, code)
	}
	w.fed = mk(model.Org{}, "Isère", "38")
	w.fed2 = mk(model.Org{}, "Rhône", "69")
	w.secA = mk(w.fed.Path, "Sud-Grenoblois", "")
	w.secB = mk(w.fed.Path, "Grenoble", "")
	w.cellA1 = mk(w.secA.Path, "Échirolles", "")
	w.cellA2 = mk(w.secA.Path, "Eybens", "")
	w.cellB1 = mk(w.secB.Path, "Villeneuve", "")
}

func createUnit(t testing.TB, st *Store, sys *Session, parent model.Org, name, code string) model.Unit {
	t.Helper()
	u, err := st.CreateUnit(sys, parent, name, code)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// person returns a valid fiche at org.
func person(first, last string, kind model.Kind, org model.Org) model.Person {
	return model.Person{
		Kind: kind, FirstName: first, LastName: last, Org: org,
		Address: model.Address{Street: "1 rue de la Paix", PostalCode: "38130", Commune: "Échirolles"},
		Mobile:  "06 12 34 56 78", Email: first + "@exemple.fr",
	}
}

func (w *world) create(t testing.TB, p model.Person) model.Person {
	t.Helper()
	out, err := w.st.Create(w.sys, p)
	if err != nil {
		t.Fatalf("create %s: %v", p.LastName, err)
	}
	return out
}

// user creates a responsable directly (bypassing delegation rules) and logs in.
func (w *world) user(t testing.TB, first, last string, scope model.Org, rights model.Rights) *Session {
	t.Helper()
	u, _, err := w.st.createUser(&model.User{Username: "test"}, UserSpec{FirstName: first, LastName: last, Scope: scope, Rights: rights, Password: "correct-horse-battery"}, false)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := w.st.Login(u.Username, "correct-horse-battery")
	if err != nil {
		t.Fatal(err)
	}
	return sess
}
