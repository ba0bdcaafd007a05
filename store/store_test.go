package store

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
	"fichier/model/query"
)

func TestCreateGetUpdateWithAudit(t *testing.T) {
	w := newWorld(t)
	p := w.create(t, person("Émilie", "Dupont-Martin", model.KindAdherent, w.cellA1.Path))
	if p.ID == 0 || p.Version != 1 {
		t.Fatalf("id %d version %d", p.ID, p.Version)
	}
	if p.Mobile != "+33612345678" {
		t.Errorf("mobile not normalised: %q", p.Mobile)
	}
	if p.MemberNumber != "38-000001" || p.JoinDate != model.NewDate(2026, 11, 25) {
		t.Errorf("membership not assigned: %q %v", p.MemberNumber, p.JoinDate)
	}
	got, err := w.st.Get(w.sys, p.ID)
	if err != nil || got.LastName != "Dupont-Martin" {
		t.Fatalf("get: %v %+v", err, got)
	}
	got.Quartier = "Village 2"
	got.Mobile = "07 81 23 45 67"
	upd, err := w.st.Update(w.sys, got)
	if err != nil {
		t.Fatal(err)
	}
	if upd.Version != 2 || !upd.CreatedAt.Equal(p.CreatedAt) {
		t.Errorf("version %d, created %v/%v", upd.Version, upd.CreatedAt, p.CreatedAt)
	}
	hist, err := w.st.History(w.sys, p.ID)
	if err != nil || len(hist) != 2 {
		t.Fatalf("history: %v %d", err, len(hist))
	}
	last := hist[0]
	if last.Action != model.ActionPersonUpdate || last.Actor != "test" {
		t.Errorf("audit %+v", last)
	}
	want := map[string][2]string{"Quartier": {"", "Village 2"}, "Mobile": {"+33612345678", "+33781234567"}}
	if len(last.Changes) != len(want) {
		t.Errorf("changes %+v", last.Changes)
	}
	for _, c := range last.Changes {
		if w, ok := want[c.Field]; !ok || w != [2]string{c.Old, c.New} {
			t.Errorf("unexpected change %+v", c)
		}
	}
	created := hist[1]
	for _, c := range created.Changes {
		if c.Field == "Cellule" && c.New != "Échirolles" {
			t.Errorf("unit not named in audit: %+v", c)
		}
	}
}

func TestStaleEditRefused(t *testing.T) {
	w := newWorld(t)
	p := w.create(t, person("Jean", "Roux", model.KindContact, w.secA.Path))
	a, b := p, p
	a.Notes = "premier"
	if _, err := w.st.Update(w.sys, a); err != nil {
		t.Fatal(err)
	}
	b.Notes = "second"
	if _, err := w.st.Update(w.sys, b); !errors.Is(err, ErrStale) {
		t.Fatalf("want ErrStale, got %v", err)
	}
	got, _ := w.st.Get(w.sys, p.ID)
	if got.Notes != "premier" {
		t.Errorf("stale write overwrote: %q", got.Notes)
	}
}

func TestValidationErrorWritesNothing(t *testing.T) {
	w := newWorld(t)
	p := person("Jean", "Roux", model.KindContact, w.secA.Path)
	p.Mobile = "06 12 AB 56 78"
	_, err := w.st.Create(w.sys, p)
	var verrs model.ValidationErrors
	if !errors.As(err, &verrs) || verrs.For(model.FieldMobile) == "" {
		t.Fatalf("want a mobile field error, got %v", err)
	}
	if n := w.st.idx.len(); n != 0 {
		t.Errorf("index has %d fiches", n)
	}
	j, _ := w.st.Journal(w.sys, JournalFilter{Action: model.ActionPersonCreate})
	if len(j) != 0 {
		t.Errorf("audit written for a refused write")
	}
}

func TestMemberNumberUnique(t *testing.T) {
	w := newWorld(t)
	a := w.create(t, person("A", "Un", model.KindAdherent, w.secA.Path))
	b := w.create(t, person("B", "Deux", model.KindAdherent, w.secA.Path))
	if a.MemberNumber == b.MemberNumber {
		t.Fatal("same number twice")
	}
	b.MemberNumber = a.MemberNumber
	if _, err := w.st.Update(w.sys, b); err == nil || !strings.Contains(err.Error(), "déjà attribué") {
		t.Fatalf("duplicate accepted: %v", err)
	}
	c := person("C", "Trois", model.KindAdherent, w.secA.Path)
	c.MemberNumber = a.MemberNumber
	if _, err := w.st.Create(w.sys, c); err == nil {
		t.Fatal("duplicate accepted on create")
	}
}

func TestPromotePath(t *testing.T) {
	w := newWorld(t)
	p := w.create(t, person("Léa", "Petit", model.KindContact, w.secB.Path))
	p, err := w.st.Promote(w.sys, p.ID, p.Version)
	if err != nil || p.Kind != model.KindCompagnon || p.MemberNumber != "" {
		t.Fatalf("%v %v %q", err, p.Kind, p.MemberNumber)
	}
	p, err = w.st.Promote(w.sys, p.ID, p.Version)
	if err != nil || p.Kind != model.KindAdherent || p.MemberNumber == "" || p.JoinDate == 0 {
		t.Fatalf("%v %v %q %v", err, p.Kind, p.MemberNumber, p.JoinDate)
	}
	if _, err := w.st.Promote(w.sys, p.ID, p.Version); err == nil {
		t.Fatal("adherent promoted further")
	}
}

func TestArchiveHidesAndEraseScrubs(t *testing.T) {
	w := newWorld(t)
	p := w.create(t, person("Paul", "Secret", model.KindContact, w.secA.Path))
	q := mustParse(t, "")
	p, err := w.st.SetArchived(w.sys, p.ID, p.Version, true)
	if err != nil {
		t.Fatal(err)
	}
	res, _ := w.st.Search(w.sys, q, SortName)
	if len(res.IDs) != 0 {
		t.Errorf("archived fiche listed")
	}
	res, _ = w.st.Search(w.sys, mustParse(t, "archivé:oui"), SortName)
	if len(res.IDs) != 1 {
		t.Errorf("archivé:oui found %d", len(res.IDs))
	}
	if err := w.st.Erase(w.sys, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.Get(w.sys, p.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("erased fiche still there: %v", err)
	}
	hist, _ := w.st.Journal(w.sys, JournalFilter{PersonID: p.ID})
	if len(hist) == 0 {
		t.Fatal("no journal for erased fiche")
	}
	for _, e := range hist {
		for _, c := range e.Changes {
			if c.Old != "" || c.New != "" {
				t.Errorf("journal still holds %q/%q after erasure", c.Old, c.New)
			}
		}
	}
	if hist[0].Action != model.ActionPersonErase {
		t.Errorf("last entry %v", hist[0].Action)
	}
}

func TestSearchSortAndCounts(t *testing.T) {
	w := newWorld(t)
	for _, n := range []string{"Zola", "Abel", "Martin"} {
		w.create(t, person("X", n, model.KindAdherent, w.secA.Path))
	}
	w.create(t, person("Y", "Bernard", model.KindContact, w.cellB1.Path))
	res, err := w.st.Search(w.sys, mustParse(t, "type:adh"), SortName)
	if err != nil {
		t.Fatal(err)
	}
	names := w.names(t, res.IDs)
	if strings.Join(names, ",") != "Abel,Martin,Zola" || res.Total != 4 {
		t.Errorf("got %v total %d", names, res.Total)
	}
	c, _ := w.st.Count(w.sys)
	if c.Adherents != 3 || c.Contacts != 1 || c.AdherentsNoCell != 3 {
		t.Errorf("counts %+v", c)
	}
	res, _ = w.st.Search(w.sys, mustParse(t, ""), SortSection)
	if names := w.names(t, res.IDs); names[0] != "Bernard" {
		t.Errorf("section sort: %v", names) // Grenoble before Sud-Grenoblois
	}
}

func (w *world) names(t testing.TB, ids []model.PersonID) []string {
	ps, err := w.st.Peek(w.sys, ids)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.LastName)
	}
	return out
}

func mustParse(t testing.TB, s string) *query.Query {
	t.Helper()
	q, err := query.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestReopenKeepsEverything(t *testing.T) {
	w := newWorld(t)
	p := w.create(t, person("Anne", "Durand", model.KindAdherent, w.cellA2.Path))
	w.st.Close()
	st := openTest(t, w.path)
	sys := st.SystemSession("test")
	got, err := st.Get(sys, p.ID)
	if err != nil || got.LastName != "Durand" || got.Org != w.cellA2.Path {
		t.Fatalf("%v %+v", err, got)
	}
	res, _ := st.Search(sys, mustParse(t, "durand"), SortName)
	if len(res.IDs) != 1 {
		t.Errorf("index not rebuilt: %v", res.IDs)
	}
	r, err := st.Check()
	if err != nil || !r.OK() {
		t.Fatalf("check: %v %v", err, r.Problems)
	}
	// A new fiche after reopening gets a fresh ID and membership number.
	q, err := st.Create(sys, person("Bob", "Suite", model.KindAdherent, w.cellA2.Path))
	if err != nil || q.ID <= p.ID || q.MemberNumber == p.MemberNumber {
		t.Errorf("%v %d %q", err, q.ID, q.MemberNumber)
	}
}

func TestLockedFileGivesClearErrorQuickly(t *testing.T) {
	w := newWorld(t)
	if os.Getenv("FICHIER_LOCK_HELPER") != "" {
		return
	}
	// bbolt's lock is per process (flock): hold it from a child process.
	cmd := exec.Command(os.Args[0], "-test.run", "^TestHelperHoldLock$")
	cmd.Env = append(os.Environ(), "FICHIER_LOCK_HELPER="+w.path)
	w.st.Close()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	buf := make([]byte, 5)
	if _, err := stdout.Read(buf); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := Open(w.path, testOptions())
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("want ErrInUse, got %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	if !strings.Contains(err.Error(), "fichier serve") {
		t.Errorf("message does not suggest fichier serve: %v", err)
	}
}

func TestHelperHoldLock(t *testing.T) {
	path := os.Getenv("FICHIER_LOCK_HELPER")
	if path == "" {
		t.Skip("helper process")
	}
	st, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	os.Stdout.WriteString("ready")
	time.Sleep(30 * time.Second)
}

func TestBackupOpensAndChecks(t *testing.T) {
	w := newWorld(t)
	w.create(t, person("Anne", "Durand", model.KindAdherent, w.cellA2.Path))
	out := filepath.Join(t.TempDir(), "sauvegarde.db")
	if _, err := w.st.BackupFile(w.sys, out); err != nil {
		t.Fatal(err)
	}
	// Only the backup is left in the folder, readable by its owner only.
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("the folder holds %d files", len(entries))
	}
	if fi, err := os.Stat(out); err != nil {
		t.Error(err)
	} else if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", fi.Mode().Perm())
	}
	// The store stays usable while and after backing up.
	w.create(t, person("Marc", "Après", model.KindContact, w.cellA2.Path))
	b, err := Open(out, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	r, err := b.Check()
	if err != nil || !r.OK() || r.Counts.Adherents != 1 || r.Counts.Contacts != 0 {
		t.Fatalf("%v %+v", err, r)
	}
}

func TestMigrationFromV0(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v0.db")
	data, err := os.ReadFile(filepath.Join("testdata", "v0.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	st := openTest(t, path)
	sys := st.SystemSession("test")
	r, err := st.Check()
	if err != nil || !r.OK() {
		t.Fatalf("%v %v", err, r.Problems)
	}
	if r.Counts.Adherents != 2 || r.Counts.Contacts != 1 {
		t.Errorf("counts %+v", r.Counts)
	}
	res, _ := st.Search(sys, mustParse(t, "type:adh"), SortName)
	ps, _ := st.Peek(sys, res.IDs)
	if len(ps) != 2 || ps[0].LastName != "Bernard" {
		t.Fatalf("%+v", ps)
	}
	if full, err := st.Get(sys, ps[0].ID); err != nil || full.MemberNumber != "38-000007" || full.Email != "lucie.bernard@orange.fr" {
		t.Errorf("%v %+v", err, full)
	}
	j, _ := st.Journal(sys, JournalFilter{Action: model.ActionMigration})
	if len(j) != 2 { // 0 → 1, 1 → 2
		t.Errorf("migration not journaled: %d entries", len(j))
	}
	st.Close()
	// Reopening does not migrate again.
	st = openTest(t, path)
	j, _ = st.Journal(st.SystemSession("t"), JournalFilter{Action: model.ActionMigration})
	if len(j) != 2 {
		t.Errorf("migrated twice")
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.db")
	st := openTest(t, path)
	st.db.Update(func(tx *bolt.Tx) error { return setSchema(tx, SchemaVersion+1) })
	st.Close()
	if _, err := Open(path, testOptions()); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("got %v", err)
	}
}

func TestSubscribeSeesCommittedChanges(t *testing.T) {
	w := newWorld(t)
	ch, stop := w.st.Subscribe(nil)
	defer stop()
	p := w.create(t, person("Ana", "Silva", model.KindContact, w.secA.Path))
	select {
	case ev := <-ch:
		if ev.What != model.ActionPersonCreate || len(ev.Persons) != 1 || ev.Persons[0] != p.ID {
			t.Errorf("%+v", ev)
		}
	case <-time.After(time.Second):
		t.Fatal("no event")
	}
}

// Typing further searches within the previous results; the answer must be
// the same as a fresh search, and any write must end that shortcut.
func TestSearchWhileTypingMatchesFreshSearch(t *testing.T) {
	w := newWorld(t)
	for _, n := range []string{"Dupont", "Dupuis", "Durand", "Martin", "Dupont-Martin"} {
		w.create(t, person("X", n, model.KindAdherent, w.secA.Path))
	}
	typing := []string{"d", "du", "dup", "dupo", "dupont", "dupont m", "dupont ma"}
	for _, sortBy := range []SortKey{SortName, SortCommune} {
		sess := w.user(t, "Typ", fmt.Sprintf("Ing%d", sortBy), w.secA.Path, model.RightWrite)
		for _, text := range typing {
			got, err := w.st.Search(sess, mustParse(t, text), sortBy)
			if err != nil {
				t.Fatal(err)
			}
			fresh, _ := w.st.Search(w.sys, mustParse(t, text), sortBy)
			if !slices.Equal(got.IDs, fresh.IDs) || got.Total != fresh.Total {
				t.Errorf("%q: typing gives %v/%d, fresh %v/%d", text, got.IDs, got.Total, fresh.IDs, fresh.Total)
			}
		}
		// A write in between: the new fiche must show up at the next keystroke.
		w.create(t, person("Y", "Duponteil", model.KindContact, w.secA.Path))
		got, _ := w.st.Search(sess, mustParse(t, "dupont"), sortBy)
		if len(got.IDs) != int(sortBy)/int(SortCommune)+3 {
			t.Errorf("after a write: %v", got.IDs)
		}
		got, _ = w.st.Search(sess, mustParse(t, "duponte"), sortBy)
		if len(got.IDs) != int(sortBy)/int(SortCommune)+1 { // one Duponteil created per loop
			t.Errorf("new fiche missed: %v", got.IDs)
		}
	}
}

// A session hears only of changes in its scope: another section's edits
// never reach it, not even as fiche numbers.
func TestEventsFollowTheScope(t *testing.T) {
	w := newWorld(t)
	secA := w.user(t, "Ana", "Alpha", w.secA.Path, model.RightWrite)
	cellB := w.user(t, "Ben", "Beta", w.cellB1.Path, model.ReadOnly)
	evA, stopA := w.st.Subscribe(func() *Session { return secA })
	defer stopA()
	evB, stopB := w.st.Subscribe(func() *Session { return cellB })
	defer stopB()
	nobody, stopN := w.st.Subscribe(func() *Session { return nil })
	defer stopN()

	p := w.create(t, person("Chloé", "Dans-A", model.KindContact, w.cellA1.Path))
	got := func(ch <-chan Event) []model.PersonID {
		var ids []model.PersonID
		for {
			select {
			case e := <-ch:
				ids = append(ids, e.Persons...)
			case <-time.After(100 * time.Millisecond):
				return ids
			}
		}
	}
	if ids := got(evA); !slices.Contains(ids, p.ID) {
		t.Errorf("section A did not hear of its own fiche: %v", ids)
	}
	if ids := got(evB); len(ids) != 0 {
		t.Errorf("cell B heard of section A's fiche: %v", ids)
	}
	// Moving the fiche into cell B: both hear of it.
	p.Org = w.cellB1.Path
	if _, err := w.st.Update(w.sys, p); err != nil {
		t.Fatal(err)
	}
	if ids := got(evA); !slices.Contains(ids, p.ID) {
		t.Errorf("section A did not hear the fiche leave: %v", ids)
	}
	if ids := got(evB); !slices.Contains(ids, p.ID) {
		t.Errorf("cell B did not hear the fiche arrive: %v", ids)
	}
	// Renaming section B concerns cell B (its header names it), not section A.
	if _, err := w.st.RenameUnit(w.sys, w.secB.ID, "Grenoble-Centre", ""); err != nil {
		t.Fatal(err)
	}
	select {
	case <-evB:
	case <-time.After(time.Second):
		t.Error("cell B did not hear its section renamed")
	}
	select {
	case e := <-evA:
		t.Errorf("section A heard of section B: %+v", e)
	case <-time.After(100 * time.Millisecond):
	}
	select {
	case e := <-nobody:
		t.Errorf("a subscriber with nobody logged in heard %+v", e)
	default:
	}
}

func TestSortByNameComparesWholeLastNames(t *testing.T) {
	w := newWorld(t)
	for _, p := range []model.Person{
		{Kind: model.KindContact, LastName: "Bernard-Guyot", FirstName: "Stéphane", Org: w.cellA1.Path},
		{Kind: model.KindContact, LastName: "Bernard", FirstName: "Véronique", Org: w.cellA1.Path},
		{Kind: model.KindContact, LastName: "Bernardi", FirstName: "Alain", Org: w.cellA1.Path},
	} {
		w.create(t, p)
	}
	res, err := w.st.Search(w.sys, mustParse(t, "bernard"), SortName)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(w.names(t, res.IDs), ", "); got != "Bernard, Bernard-Guyot, Bernardi" {
		t.Fatalf("sorted by name: %s", got)
	}
}
