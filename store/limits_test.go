package store

import (
	"strings"
	"testing"

	"go.etcd.io/bbolt"

	"fichier/model"
)

// storeRaw writes p as it is, without the checks of Create and Update: a
// fiche imported before the limits existed.
func (w *world) storeRaw(t *testing.T, p model.Person) {
	t.Helper()
	err := w.st.write(func(tx *bbolt.Tx) error { return putPerson(tx, &p, "") }, func() Event {
		w.st.idx.set(p)
		return Event{}
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The data loss of issue 8: a 451-character imported name and a long note
// must survive a save that changes something else; a change that makes a
// value too long is refused with a French message.
func TestUpdateKeepsStoredValuesOverTheLimit(t *testing.T) {
	w := newWorld(t)
	p := w.create(t, person("Émilie", "Dupont", model.KindContact, w.secA.Path))
	p.LastName = strings.Repeat("DUPONT-MARTIN ", 40)[:450] + "X"
	p.Interests = []string{strings.TrimSpace(strings.Repeat("santé ", 60))}
	w.storeRaw(t, p)

	p.Mobile = "07 98 76 54 32"
	got, err := w.st.Update(w.sys, p)
	if err != nil {
		t.Fatalf("a save that did not touch the long name is refused: %v", err)
	}
	if got.LastName != p.LastName || got.Interests[0] != p.Interests[0] || got.Mobile != "+33798765432" {
		t.Fatalf("stored name %d chars, interests %v, mobile %q", len(got.LastName), got.Interests, got.Mobile)
	}

	got.LastName += "Y"
	_, err = w.st.Update(w.sys, got)
	if err == nil || !strings.Contains(err.Error(), "Nom : texte trop long : 200 caractères au plus (452 saisis)") {
		t.Fatalf("a changed name over the limit: %v", err)
	}

	fresh := person("Jean", strings.Repeat("n", model.MaxName+1), model.KindContact, w.secA.Path)
	if _, err := w.st.Create(w.sys, fresh); err == nil || !strings.Contains(err.Error(), "trop long") {
		t.Fatalf("a new fiche over the limit: %v", err)
	}
}

func TestImportRejectsValuesOverTheLimit(t *testing.T) {
	w := newWorld(t)
	long := person("Jean", strings.Repeat("n", model.MaxName+1), model.KindContact, model.Org{})
	ok := person("Marie", "Curie", model.KindContact, model.Org{})
	rep, err := w.st.Import(w.sys, []ImportRow{{Line: 2, Person: long}, {Line: 3, Person: ok}},
		ImportOptions{Source: "test", File: "t.csv", Unit: w.secA.Path})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rejected != 1 || rep.Created != 1 || !strings.Contains(rep.Lines[0].Reason, "Nom : texte trop long : 200 caractères au plus") {
		t.Fatalf("report %+v", rep)
	}
}

// Merging keeps the long values each fiche already had, and refuses a
// union that goes over the limit.
func TestMergeLimits(t *testing.T) {
	w := newWorld(t)
	a := w.create(t, person("Jean", "Dupont", model.KindContact, w.secA.Path))
	b := w.create(t, person("Jean", "Dupont", model.KindContact, w.secA.Path))
	a.LastName = strings.Repeat("d", 451) // stored before the limits
	w.storeRaw(t, a)
	b.Notes = strings.Repeat("b", model.MaxNotes-3)
	b, _ = w.st.Update(w.sys, b)

	merged := a.Clone()
	merged.Notes = "appelé\n" + b.Notes // over the limit
	if _, err := w.st.MergePeople(w.sys, merged, b.ID, b.Version); err == nil || !strings.Contains(err.Error(), "Notes : texte trop long : 64000 caractères au plus") {
		t.Fatalf("a union over the limit: %v", err)
	}
	merged.Notes = b.Notes // the other fiche's note, as it was
	got, err := w.st.MergePeople(w.sys, merged, b.ID, b.Version)
	if err != nil || got.LastName != a.LastName || got.Notes != b.Notes {
		t.Fatalf("merge keeping stored values: %v (name %d chars)", err, len(got.LastName))
	}
}

func TestImportRefusesTooLongSource(t *testing.T) {
	w := newWorld(t)
	_, err := w.st.Import(w.sys, []ImportRow{{Line: 2, Person: person("Marie", "Curie", model.KindContact, model.Org{})}},
		ImportOptions{Source: strings.Repeat("s", model.MaxName+1), File: "t.csv", Unit: w.secA.Path})
	if err == nil || err.Error() != "source de l'import : texte trop long : 200 caractères au plus (201 saisis)" {
		t.Fatalf("%v", err)
	}
}
