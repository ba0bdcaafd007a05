// Package storetest is what the tests of export/, ui/ and cmd/ share to
// build a file to work on: the test clock and store options, an open store
// with its system session and a way to add units and fiches, and the
// benchmarks' demo file. (store's own tests cannot import it — it imports
// store — and keep their copy in store/helpers_test.go.)
package storetest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fichier/model"
	"fichier/model/demo"
	"fichier/store"
)

// Now is the tests' clock: Wednesday 25/11/2026 10:00 in Paris.
var Now = time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("CET", 3600))

// Options are the tests' store options: no fsync, a cheap password hash, no
// login back-off, and the clock fixed at Now.
func Options() store.Options {
	return store.Options{NoSync: true, Now: func() time.Time { return Now }, Sleep: func(time.Duration) {}, PasswordCost: 1024}
}

// Option changes Options for one test (a clock of its own, a back-off that
// waits …).
type Option func(*store.Options)

// RealClock leaves the store on time.Now.
func RealClock(o *store.Options) { o.Now = nil }

// Open opens (creating it) the file at path with Options changed by opts,
// closed when the test ends.
func Open(t testing.TB, path string, opts ...Option) *store.Store {
	t.Helper()
	opt := Options()
	for _, f := range opts {
		f(&opt)
	}
	st, err := store.Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// World is a new file in the test's temporary folder, with the session
// that acts with every right (SystemSession "test"). Each package adds its
// own units and fiches with Unit and Create.
type World struct {
	T   testing.TB
	St  *store.Store
	Sys *store.Session
}

// NewWorld opens a new, empty file (see Open).
func NewWorld(t testing.TB, opts ...Option) *World {
	t.Helper()
	st := Open(t, filepath.Join(t.TempDir(), "fichier.db"), opts...)
	return &World{T: t, St: st, Sys: st.SystemSession("test")}
}

// Unit creates a unit under parent (model.Org{} for a federation).
func (w *World) Unit(parent model.Org, name, code string) model.Unit {
	w.T.Helper()
	u, err := w.St.CreateUnit(w.Sys, parent, name, code)
	if err != nil {
		w.T.Fatal(err)
	}
	return u
}

// Create creates a fiche as the system session and returns it as stored.
func (w *World) Create(p model.Person) model.Person {
	w.T.Helper()
	out, err := w.St.Create(w.Sys, p)
	if err != nil {
		w.T.Fatalf("create %s: %v", p.LastName, err)
	}
	return out
}

// TempFile writes content to a file of that name in a new temporary folder
// (a spreadsheet to import …) and returns its path.
func TempFile(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// DemoFile returns the benchmarks' demo file of n fiches (seed 1, dated
// Now), generated once per machine in the temporary folder and reused.
func DemoFile(b testing.TB, n int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("fichier-bench-%d-v%d.db", n, store.SchemaVersion))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".tmp"
	os.Remove(tmp)
	st, err := store.Open(tmp, Options())
	if err != nil {
		b.Fatal(err)
	}
	g := demo.New(demo.Config{People: n, Seed: 1, Today: model.DateOf(Now)})
	if _, err := st.LoadDemo(st.SystemSession("bench"), g.Units(), g.Next, nil); err != nil {
		st.Close()
		b.Fatal(err)
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}
