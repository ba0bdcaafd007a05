package store

import (
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fichier/model"
)

// mutationWorld: the world plus a section in Rhône, an Isère section
// responsable and a Rhône federation responsable, and an adherent of
// section A with a membership number.
type mutationWorld struct {
	*world
	secR          model.Unit
	isereSec      *Session // section A, création et modification
	rhoneFed      *Session // federation Rhône, création et modification
	adherent      model.Person
	today, moveOn model.Date
}

func newMutationWorld(t *testing.T) *mutationWorld {
	t.Helper()
	w := &mutationWorld{world: newWorld(t)}
	w.secR = createUnit(t, w.st, w.sys, w.fed2.Path, "Lyon 3e", "")
	w.isereSec = w.user(t, "Ana", "Martin", w.secA.Path, model.RightWrite)
	w.rhoneFed = w.user(t, "Rémi", "Roux", w.fed2.Path, model.RightWrite|model.RightExport)
	p := person("Émilie", "Dupont", model.KindAdherent, w.secA.Path)
	p.BirthDate = model.NewDate(1980, 5, 17)
	w.adherent = w.create(t, p)
	w.today = model.DateOf(fixedNow)
	w.moveOn = model.NewDate(2026, 11, 20)
	return w
}

func (w *mutationWorld) search(t *testing.T, sess *Session, q string) []model.PersonID {
	t.Helper()
	res, err := w.st.Search(sess, mustParse(t, q), SortName)
	if err != nil {
		t.Fatal(err)
	}
	return res.IDs
}

// TestMutationInFile: 38 → 69 in the same file, seen from both sides.
func TestMutationInFile(t *testing.T) {
	w := newMutationWorld(t)
	p := w.adherent
	oldNumber := p.MemberNumber
	if !strings.HasPrefix(oldNumber, "38-") {
		t.Fatalf("number %q", oldNumber)
	}
	// Before: Rhône does not see it, Isère does.
	if _, err := w.st.Get(w.rhoneFed, p.ID); !errors.Is(err, ErrNotFound) {
		t.Fatal("Rhône sees an Isère fiche")
	}
	// A read-only or out-of-scope responsable cannot start it.
	ro := w.user(t, "Léa", "Blanc", w.secA.Path, model.ReadOnly)
	dep := Departure{PersonID: p.ID, Version: p.Version, Dest: model.Destination{Federation: w.fed2.ID}, Date: w.moveOn, Reason: "déménagement"}
	if _, err := w.st.Depart(ro, dep); !errors.Is(err, model.ErrMutationForbidden) {
		t.Fatalf("read-only departure: %v", err)
	}
	if _, err := w.st.Depart(w.rhoneFed, dep); !errors.Is(err, ErrNotFound) {
		t.Fatalf("out-of-scope departure: %v", err)
	}
	m, err := w.st.Depart(w.isereSec, dep)
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != model.MutationInFile || m.OldNumber != oldNumber || m.FromDept.Code != "38" || m.ToDept.Code != "69" {
		t.Fatalf("record %+v", m)
	}

	// The Isère section responsable has lost sight of the fiche…
	if _, err := w.st.Get(w.isereSec, p.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("origin still sees the fiche: %v", err)
	}
	if ids := w.search(t, w.isereSec, "dupont"); len(ids) != 0 {
		t.Errorf("origin search finds %v", ids)
	}
	// … but keeps the departure: who, when, where to.
	deps, err := w.st.Mutations(w.isereSec, MutationFilter{Departures: true})
	if err != nil || len(deps) != 1 || deps[0].Name != "DUPONT Émilie" || deps[0].ToDept.Name != "Rhône" || deps[0].By != "amartin" {
		t.Fatalf("origin's departures %+v %v", deps, err)
	}
	journal, _ := w.st.Journal(w.isereSec, JournalFilter{})
	var sawDeparture bool
	for _, e := range journal {
		if e.Action == model.ActionMutationOut {
			sawDeparture = true
			if len(e.Changes) != 0 || !strings.Contains(e.Detail, "Rhône") {
				t.Errorf("origin's journal entry %+v", e)
			}
		}
		if e.Action == model.ActionMutationIn {
			t.Errorf("origin sees the arrival's entry (with the fiche's contents)")
		}
	}
	if !sawDeparture {
		t.Error("origin's journal lacks the departure")
	}

	// The Rhône federation responsable sees the arrival to process.
	got, err := w.st.Get(w.rhoneFed, p.ID)
	if err != nil || !got.Arrival || got.Org != w.fed2.Path || got.MemberNumber != "" || !slices.Equal(got.PreviousNumbers, []string{oldNumber}) {
		t.Fatalf("destination sees %+v %v", got, err)
	}
	// An ordinary edit of the arrival gives it no number yet.
	got.Notes = "arrivée de Grenoble"
	if got, err = w.st.Update(w.rhoneFed, got); err != nil || got.MemberNumber != "" {
		t.Fatalf("edit of an arrival: %q %v", got.MemberNumber, err)
	}
	if n, _ := w.st.PendingArrivals(w.rhoneFed); n != 1 {
		t.Errorf("pending arrivals %d", n)
	}
	if n, _ := w.st.PendingArrivals(w.isereSec); n != 0 {
		t.Errorf("origin counts arrivals %d", n)
	}

	// Processing: needs création et modification at the federation.
	rhoneRO := w.user(t, "Paul", "Noir", w.fed2.Path, model.ReadOnly)
	if _, err := w.st.ProcessArrival(rhoneRO, m.ID, w.secR.Path); !errors.Is(err, model.ErrMutationForbidden) {
		t.Errorf("read-only processing: %v", err)
	}
	if _, err := w.st.ProcessArrival(w.isereSec, m.ID, w.secR.Path); err == nil {
		t.Error("the origin processed the arrival")
	}
	if _, err := w.st.ProcessArrival(w.rhoneFed, m.ID, w.secA.Path); !errors.Is(err, model.ErrArrivalWrongFed) {
		t.Errorf("processing into Isère: %v", err)
	}
	done, err := w.st.ProcessArrival(w.rhoneFed, m.ID, w.secR.Path)
	if err != nil {
		t.Fatal(err)
	}
	if done.Arrival || done.Org != w.secR.Path || !strings.HasPrefix(done.MemberNumber, "69-") {
		t.Fatalf("processed %+v", done)
	}
	if _, err := w.st.ProcessArrival(w.rhoneFed, m.ID, w.secR.Path); !errors.Is(err, model.ErrArrivalProcessed) {
		t.Errorf("processed twice: %v", err)
	}
	// The old number still finds it, for those who may see it.
	if ids := w.search(t, w.rhoneFed, "numéro:"+oldNumber); !slices.Equal(ids, []model.PersonID{p.ID}) {
		t.Errorf("numéro:%s finds %v", oldNumber, ids)
	}
	if ids := w.search(t, w.rhoneFed, "numéro:"+done.MemberNumber); len(ids) != 1 {
		t.Errorf("new number finds %v", ids)
	}
	if ids := w.search(t, w.isereSec, "numéro:"+oldNumber); len(ids) != 0 {
		t.Errorf("origin finds %v by the old number", ids)
	}
	// The old number is never given again: a new Isère adherent gets another.
	other := w.create(t, person("Jean", "Neuf", model.KindAdherent, w.secA.Path))
	if other.MemberNumber == oldNumber {
		t.Error("old number reused")
	}
	if r, err := w.st.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", err, r.Problems)
	}
	// The fiche's history at the destination tells the arrival.
	hist, _ := w.st.History(w.rhoneFed, p.ID)
	var actions []model.Action
	for _, e := range hist {
		actions = append(actions, e.Action)
	}
	if !slices.Contains(actions, model.ActionMutationIn) || !slices.Contains(actions, model.ActionMutationDone) {
		t.Errorf("history %v", actions)
	}
}

func TestMutationPreconditionsAndFormRefusal(t *testing.T) {
	w := newMutationWorld(t)
	p := w.adherent
	// The form can no longer change the federation.
	moved := p
	moved.Org = w.secR.Path
	if _, err := w.st.Update(w.sys, moved); !errors.Is(err, ErrFederationByMutation) {
		t.Fatalf("federation edit: %v", err)
	}
	// A section change inside the federation stays a plain edit.
	moved.Org = w.secB.Path
	if _, err := w.st.Update(w.sys, moved); err != nil {
		t.Fatal(err)
	}
	cur, _ := w.st.Get(w.sys, p.ID)
	for _, c := range []struct {
		d    Departure
		want error
	}{
		{Departure{PersonID: p.ID, Version: cur.Version, Dest: model.Destination{Federation: w.fed.ID}, Date: w.moveOn}, model.ErrMutationSameFed},
		{Departure{PersonID: p.ID, Version: cur.Version, Dest: model.Destination{Federation: w.secR.ID}, Date: w.moveOn}, ErrNotFederation},
		{Departure{PersonID: p.ID, Version: cur.Version - 1, Dest: model.Destination{Federation: w.fed2.ID}, Date: w.moveOn}, ErrStale},
		{Departure{PersonID: p.ID, Version: cur.Version, Dest: model.Destination{Federation: w.fed2.ID}, Date: w.today + 1}, model.ErrMutationFuture},
	} {
		if _, err := w.st.Depart(w.sys, c.d); !errors.Is(err, c.want) {
			t.Errorf("%+v: %v, want %v", c.d, err, c.want)
		}
	}
	// A pending arrival is placed only by processing it.
	m, err := w.st.Depart(w.sys, Departure{PersonID: p.ID, Version: cur.Version, Dest: model.Destination{Federation: w.fed2.ID}, Date: w.moveOn})
	if err != nil {
		t.Fatal(err)
	}
	arr, _ := w.st.Get(w.sys, p.ID)
	arr.Org = w.secR.Path
	if _, err := w.st.Update(w.sys, arr); !errors.Is(err, ErrArrivalBySection) {
		t.Errorf("placing an arrival by edit: %v", err)
	}
	arr, _ = w.st.Get(w.sys, p.ID)
	if _, err := w.st.Depart(w.sys, Departure{PersonID: p.ID, Version: arr.Version, Dest: model.Destination{Federation: w.fed.ID}, Date: w.moveOn}); !errors.Is(err, model.ErrMutationPending) {
		t.Errorf("departure of a pending arrival: %v", err)
	}
	_ = m
}

// TestMutationWhileEditing: a fiche mutated while another session edits it;
// that session's save is refused as stale, not applied and not "absent".
func TestMutationWhileEditing(t *testing.T) {
	w := newMutationWorld(t)
	other := w.user(t, "Zoé", "Vert", w.secA.Path, model.RightWrite)
	editing, err := w.st.Get(other, w.adherent.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.Depart(w.isereSec, Departure{PersonID: editing.ID, Version: editing.Version,
		Dest: model.Destination{Federation: w.fed2.ID}, Date: w.moveOn}); err != nil {
		t.Fatal(err)
	}
	editing.Notes = "appelée hier"
	_, err = w.st.Update(other, editing)
	if !errors.Is(err, ErrStale) || !strings.Contains(err.Error(), "mutée vers 69 Rhône") {
		t.Fatalf("save after mutation: %v", err)
	}
	got, _ := w.st.Get(w.sys, editing.ID)
	if got.Notes == "appelée hier" {
		t.Error("the stale save was applied")
	}
	// And the other way round: a departure from a version edited meanwhile.
	fresh := w.create(t, person("Luc", "Bleu", model.KindAdherent, w.secA.Path))
	upd := fresh
	upd.Notes = "x"
	if _, err := w.st.Update(other, upd); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.Depart(w.isereSec, Departure{PersonID: fresh.ID, Version: fresh.Version,
		Dest: model.Destination{Federation: w.fed2.ID}, Date: w.moveOn}); !errors.Is(err, ErrStale) {
		t.Fatalf("departure from a stale version: %v", err)
	}
}

// TestMutationCrashInTheMiddle: an error inside each step's transaction
// (standing for a crash) leaves the fiche exactly where it was.
func TestMutationCrashInTheMiddle(t *testing.T) {
	w := newMutationWorld(t)
	p := w.adherent
	crash := errors.New("panne simulée")
	mutationHook = func(string) error { return crash }
	t.Cleanup(func() { mutationHook = nil })
	dep := Departure{PersonID: p.ID, Version: p.Version, Dest: model.Destination{Federation: w.fed2.ID}, Date: w.moveOn}
	if _, err := w.st.Depart(w.isereSec, dep); !errors.Is(err, crash) {
		t.Fatal(err)
	}
	assertAt := func(org model.Org, number string) {
		t.Helper()
		// From the file and from the index: both must agree.
		got, err := w.st.Get(w.sys, p.ID)
		if err != nil || got.Org != org || got.MemberNumber != number {
			t.Fatalf("fiche at %+v number %q (%v), want %+v %q", got.Org, got.MemberNumber, err, org, number)
		}
		row, _ := w.st.Peek(w.sys, []model.PersonID{p.ID})
		if len(row) != 1 || row[0].Org != org {
			t.Fatalf("index at %+v", row)
		}
	}
	assertAt(p.Org, p.MemberNumber)
	if ms, _ := w.st.Mutations(w.sys, MutationFilter{}); len(ms) != 0 {
		t.Fatalf("records after a crash: %v", ms)
	}
	out := filepath.Join(t.TempDir(), "dupont.mutation")
	if _, err := w.st.Depart(w.isereSec, Departure{PersonID: p.ID, Version: p.Version, Dest: model.Destination{Dept: model.Departement{Code: "75"}}, Date: w.moveOn, Path: out}); !errors.Is(err, crash) {
		t.Fatal(err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a transfer file was left although the departure failed")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "*")); len(left) != 0 {
		t.Errorf("files left: %v", left)
	}
	assertAt(p.Org, p.MemberNumber)

	mutationHook = nil
	m, err := w.st.Depart(w.isereSec, dep)
	if err != nil {
		t.Fatal(err)
	}
	mutationHook = func(string) error { return crash }
	if _, err := w.st.ProcessArrival(w.rhoneFed, m.ID, w.secR.Path); !errors.Is(err, crash) {
		t.Fatal(err)
	}
	assertAt(w.fed2.Path, "")
	if ms, _ := w.st.Mutations(w.rhoneFed, MutationFilter{PendingOnly: true}); len(ms) != 1 {
		t.Fatal("the arrival is no longer pending after a failed processing")
	}
	if r, err := w.st.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", err, r.Problems)
	}
}

// TestMutationOutAndImport: a departure to another file by a transfer file,
// imported on a second file; double import; tampered and truncated files.
func TestMutationOutAndImport(t *testing.T) {
	w := newMutationWorld(t)
	p := w.adherent
	dir := t.TempDir()
	out := filepath.Join(dir, "dupont.mutation")
	dep := Departure{PersonID: p.ID, Version: p.Version, Dest: model.Destination{Dept: model.Departement{Code: "69"}},
		Date: w.moveOn, Reason: "mutation\x1b[2J professionnelle", Path: out}
	m, err := w.st.Depart(w.isereSec, dep)
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != model.MutationOut || m.ToDept.Name != "Rhône" || m.Reason != "mutation professionnelle" {
		t.Fatalf("record %+v", m)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	// The origin keeps the fiche, muté and archived, out of lists.
	kept, err := w.st.Get(w.isereSec, p.ID)
	if err != nil || kept.Status != model.StatusMute || !kept.Archived {
		t.Fatalf("kept %+v %v", kept, err)
	}
	if ids := w.search(t, w.isereSec, "dupont"); len(ids) != 0 {
		t.Errorf("muté fiche in lists: %v", ids)
	}
	if _, err := w.st.SetArchived(w.isereSec, p.ID, kept.Version, false); !errors.Is(err, ErrMutedRestore) {
		t.Errorf("restoring a muté fiche: %v", err)
	}
	if ms, _ := w.st.Mutations(w.isereSec, MutationFilter{Departures: true}); len(ms) != 1 || ms[0].TransferID == "" {
		t.Errorf("departures %+v", ms)
	}
	data, _ := os.ReadFile(out)
	fp, _ := w.st.TransferFingerprint()

	// The receiving machine: another file with a Rhône federation.
	w2 := newWorld(t)
	secR2, _ := w2.st.CreateUnit(w2.sys, w2.fed2.Path, "Villeurbanne", "")
	recv := w2.user(t, "Rémi", "Roux", w2.fed2.Path, model.RightWrite)
	// Refused: tampered, truncated, garbage; nothing changes.
	before, _ := w2.st.Count(w2.sys)
	tampered := []byte(strings.Replace(string(data), "Dupont", "Dupond", 1))
	for name, bad := range map[string][]byte{"tampered": tampered, "truncated": data[:len(data)/2], "garbage": []byte("PK\x03\x04 garbage")} {
		if _, err := w2.st.ImportTransfer(recv, bad, 0); err == nil {
			t.Errorf("%s: imported", name)
		} else if !strings.Contains(err.Error(), "fichier") {
			t.Errorf("%s: unclear error %q", name, err)
		}
	}
	if after, _ := w2.st.Count(w2.sys); after != before {
		t.Error("a refused import changed the file")
	}
	// A read-only responsable cannot import.
	ro := w2.user(t, "Paul", "Noir", w2.fed2.Path, model.ReadOnly)
	if _, err := w2.st.ImportTransfer(ro, data, 0); !errors.Is(err, model.ErrMutationForbidden) {
		t.Errorf("read-only import: %v", err)
	}
	res, err := w2.st.ImportTransfer(recv, data, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Already || res.Fingerprint != fp || res.Person.Org != w2.fed2.Path || !res.Person.Arrival ||
		res.Person.FullName() != "Émilie DUPONT" || !slices.Equal(res.Person.PreviousNumbers, []string{p.MemberNumber}) {
		t.Fatalf("import %+v", res)
	}
	if len(res.Matches) != 0 {
		t.Errorf("matches %v", res.Matches)
	}
	// Importing the same transfer again creates nothing.
	again, err := w2.st.ImportTransfer(recv, data, 0)
	if err != nil || !again.Already || again.Person.ID != res.Person.ID {
		t.Fatalf("second import %+v %v", again, err)
	}
	if c, _ := w2.st.Count(w2.sys); c.Total() != before.Total()+1 {
		t.Errorf("count %+v", c)
	}
	done, err := w2.st.ProcessArrival(recv, res.Mutation.ID, secR2.Path)
	if err != nil || !strings.HasPrefix(done.MemberNumber, "69-") {
		t.Fatalf("processed %+v %v", done, err)
	}
	if ids := (&mutationWorld{world: w2}).search(t, recv, "numéro:"+p.MemberNumber); !slices.Equal(ids, []model.PersonID{done.ID}) {
		t.Errorf("old number finds %v", ids)
	}
	if r, err := w2.st.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", err, r.Problems)
	}

	// An existing file is never replaced.
	if err := w.st.RewriteTransfer(w.isereSec, m.ID, out); err == nil || !strings.Contains(err.Error(), "existe déjà") {
		t.Errorf("rewrite over an existing file: %v", err)
	}
	// Rewritten after a lost file: same transfer id, so still no duplicate.
	if err := w.st.RewriteTransfer(w.isereSec, m.ID, out+"2"); err != nil {
		t.Fatal(err)
	}
	data2, _ := os.ReadFile(out + "2")
	if string(data2) != string(data) {
		t.Error("the rewritten transfer file differs from the first")
	}
	third, err := w2.st.ImportTransfer(recv, data2, 0)
	if err != nil || !third.Already {
		t.Fatalf("rewritten file: %+v %v", third, err)
	}
}

// TestMutationImportOffersMerge: an arrival matching a fiche already in the
// destination (same person) is offered as a merge.
func TestMutationImportOffersMerge(t *testing.T) {
	w := newMutationWorld(t)
	out := filepath.Join(t.TempDir(), "x.mutation")
	if _, err := w.st.Depart(w.sys, Departure{PersonID: w.adherent.ID, Version: w.adherent.Version,
		Dest: model.Destination{Dept: model.Departement{Code: "69"}}, Date: w.moveOn, Path: out}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	w2 := newWorld(t)
	recv := w2.user(t, "Rémi", "Roux", w2.fed2.Path, model.RightWrite)
	known := person("Émilie", "Dupont", model.KindContact, w2.fed2.Path)
	known = w2.create(t, known)
	res, err := w2.st.ImportTransfer(recv, data, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matches) != 1 || res.Matches[0].Person.ID != known.ID || res.Matches[0].Reason == "" {
		t.Fatalf("matches %+v", res.Matches)
	}
	// No federation of that code: the importer must choose one.
	w3 := newWorld(t)
	if _, err := w3.st.ImportTransfer(w3.sys, data, 0); err != nil {
		t.Fatalf("Rhône exists in w3 too: %v", err)
	}
	w4 := newWorld(t)
	fed4, _ := w4.st.CreateUnit(w4.sys, model.Org{}, "Paris", "75")
	if _, err := w4.st.ImportTransfer(w4.sys, data, fed4.ID); err != nil {
		t.Fatalf("explicit federation: %v", err)
	}
}

// TestMigration2to3: a schema-2 file (before mutations) gets the mutation
// buckets on opening, its fiches unchanged.
func TestMigration2to3(t *testing.T) {
	w := newMutationWorld(t)
	w.st.Close()
	downgrade(t, w.path, 2, bMutations, bTransfers)
	st := openTest(t, w.path)
	if r, err := st.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", err, r.Problems)
	}
	sys := st.SystemSession("test")
	if _, err := st.Get(sys, w.adherent.ID); err != nil {
		t.Fatal(err)
	}
	if ms, err := st.Mutations(sys, MutationFilter{}); err != nil || len(ms) != 0 {
		t.Fatal(ms, err)
	}
}

// TestMutationMergeAndErase: an imported arrival merged into the fiche
// already there is done; erasing a fiche scrubs its mutation records.
func TestMutationMergeAndErase(t *testing.T) {
	w := newMutationWorld(t)
	out := filepath.Join(t.TempDir(), "x.mutation")
	if _, err := w.st.Depart(w.sys, Departure{PersonID: w.adherent.ID, Version: w.adherent.Version,
		Dest: model.Destination{Dept: model.Departement{Code: "69"}}, Date: w.moveOn, Reason: "raison personnelle", Path: out}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	w2 := newWorld(t)
	sec2, _ := w2.st.CreateUnit(w2.sys, w2.fed2.Path, "Villeurbanne", "")
	known := w2.create(t, person("Émilie", "Dupont", model.KindAdherent, sec2.Path))
	res, err := w2.st.ImportTransfer(w2.sys, data, 0)
	if err != nil || len(res.Matches) != 1 {
		t.Fatal(res, err)
	}
	keep, _ := w2.st.Get(w2.sys, known.ID)
	merged, err := w2.st.MergePeople(w2.sys, keep, res.Person.ID, res.Person.Version)
	if err != nil {
		t.Fatal(err)
	}
	if merged.Arrival || !slices.Equal(merged.PreviousNumbers, []string{w.adherent.MemberNumber}) {
		t.Errorf("merged %+v", merged)
	}
	ms, _ := w2.st.Mutations(w2.sys, MutationFilter{})
	if len(ms) != 1 || ms[0].PersonID != known.ID || !ms[0].Processed || ms[0].NewNumber != known.MemberNumber {
		t.Errorf("record after merge %+v", ms)
	}
	if ids := (&mutationWorld{world: w2}).search(t, w2.sys, "numéro:"+w.adherent.MemberNumber); !slices.Equal(ids, []model.PersonID{known.ID}) {
		t.Errorf("old number after merge finds %v", ids)
	}
	if r, err := w2.st.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %v", err, r.Problems)
	}

	// Erasure at the origin: the record keeps no personal value.
	kept, _ := w.st.Get(w.sys, w.adherent.ID)
	if err := w.st.Erase(w.sys, kept.ID); err != nil {
		t.Fatal(err)
	}
	ms, _ = w.st.Mutations(w.sys, MutationFilter{})
	if len(ms) != 1 || ms[0].Name != "(fiche effacée)" || ms[0].OldNumber != "" || ms[0].Reason != "" {
		t.Errorf("record after erasure %+v", ms)
	}
}

// TestMutationImportLimits: a transfer file is an entry point: the fiche's
// limits apply (a name longer than the form allows is refused).
func TestMutationImportLimits(t *testing.T) {
	w := newWorld(t)
	key := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	tr := &model.Transfer{ID: "00112233445566778899aabbccddeeff", From: model.Departement{Code: "38", Name: "Isère"},
		To: model.Departement{Code: "69", Name: "Rhône"}, Date: model.TDate(model.NewDate(2026, 11, 20)),
		Person: model.TransferPerson{Kind: "contact", FirstName: "Jean", LastName: strings.Repeat("x", model.MaxName+1)}}
	data, err := model.EncodeTransfer(tr, key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.ImportTransfer(w.sys, data, 0); err == nil || !strings.Contains(err.Error(), "refusé") {
		t.Fatalf("too long a name: %v", err)
	}
	if c, _ := w.st.Count(w.sys); c.Total() != 0 {
		t.Error("a refused import created a fiche")
	}
	tr.Person.LastName = "Durand"
	data, _ = model.EncodeTransfer(tr, key)
	if _, err := w.st.ImportTransfer(w.sys, data, 0); err != nil {
		t.Fatal(err)
	}
}

// TestMutationCotisationsFollow: in the file, the payments stay with the
// fiche (keyed by its ID) and the destination sees them; outside, the
// transfer file carries those that stand (not a cancelled one), and the
// arrival's record lists them.
func TestMutationCotisationsFollow(t *testing.T) {
	w := newMutationWorld(t)
	p := w.adherent
	paid, err := w.st.RecordPayment(w.sys, model.Payment{Person: p.ID, Date: model.NewDate(2026, 3, 12), Cents: 6000, Mode: model.ModeCheque})
	if err != nil {
		t.Fatal(err)
	}
	wrong, err := w.st.RecordPayment(w.sys, model.Payment{Person: p.ID, Date: model.NewDate(2026, 4, 1), Cents: 999, Mode: model.ModeEspeces})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.CancelPayment(w.sys, wrong.ID); err != nil {
		t.Fatal(err)
	}
	other := w.create(t, person("Luc", "Bleu", model.KindAdherent, w.secA.Path))
	if _, err := w.st.RecordPayment(w.sys, model.Payment{Person: other.ID, Date: model.NewDate(2026, 3, 1), Cents: 2400, Mode: model.ModeVirement}); err != nil {
		t.Fatal(err)
	}
	cur, _ := w.st.Get(w.sys, p.ID)
	if _, err := w.st.Depart(w.isereSec, Departure{PersonID: p.ID, Version: cur.Version, Dest: model.Destination{Federation: w.fed2.ID}, Date: w.moveOn}); err != nil {
		t.Fatal(err)
	}
	got, err := w.st.Payments(w.rhoneFed, p.ID)
	if err != nil || len(got) != 3 || got[0].ID != paid.ID {
		t.Fatalf("payments at the destination: %+v %v", got, err)
	}
	if _, err := w.st.Payments(w.isereSec, p.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the origin still reads the payments: %v", err)
	}

	// Outside the file: Luc leaves for Paris.
	out := filepath.Join(t.TempDir(), "luc.mutation")
	cur, _ = w.st.Get(w.sys, other.ID)
	if _, err := w.st.Depart(w.isereSec, Departure{PersonID: other.ID, Version: cur.Version, Dest: model.Destination{Dept: model.Departement{Code: "75"}}, Date: w.moveOn, Path: out}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	tr, _, err := model.DecodeTransfer(data)
	if err != nil || len(tr.Cotisations) != 1 || tr.Cotisations[0].Amount != 2400 || tr.Cotisations[0].Year != 2026 {
		t.Fatalf("cotisations in the transfer: %+v %v", tr, err)
	}
	w2 := newWorld(t)
	paris, _ := w2.st.CreateUnit(w2.sys, model.Org{}, "Paris", "75")
	res, err := w2.st.ImportTransfer(w2.sys, data, paris.ID)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, h := range res.Mutation.History {
		lines = append(lines, h.What)
	}
	if !slices.ContainsFunc(lines, func(s string) bool { return strings.HasPrefix(s, "cotisation 2026 : 24,00") }) {
		t.Errorf("arrival history %q", lines)
	}
}

// TestMutationTamperedCotisations: changing an amount in the transfer file
// is refused like any other change.
func TestMutationTamperedCotisations(t *testing.T) {
	w := newMutationWorld(t)
	if _, err := w.st.RecordPayment(w.sys, model.Payment{Person: w.adherent.ID, Date: model.NewDate(2026, 3, 12), Cents: 6000, Mode: model.ModeCheque}); err != nil {
		t.Fatal(err)
	}
	cur, _ := w.st.Get(w.sys, w.adherent.ID)
	out := filepath.Join(t.TempDir(), "x.mutation")
	if _, err := w.st.Depart(w.sys, Departure{PersonID: cur.ID, Version: cur.Version, Dest: model.Destination{Dept: model.Departement{Code: "75"}}, Date: w.moveOn, Path: out}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	forged := strings.Replace(string(data), `"montant_centimes": 6000`, `"montant_centimes": 60000`, 1)
	if forged == string(data) {
		t.Fatal("amount not found in the file")
	}
	if _, _, err := model.DecodeTransfer([]byte(forged)); err == nil {
		t.Fatal("a changed amount was accepted")
	}
}
