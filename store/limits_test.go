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
	if err == nil || !strings.Contains(err.Error(), "Nom : trop long : 200 caractères au plus (452 saisis)") {
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
	if rep.Rejected != 1 || rep.Created != 1 || !strings.Contains(rep.Lines[0].Reason, "Nom : trop long : 200 caractères au plus") {
		t.Fatalf("report %+v", rep)
	}
}
