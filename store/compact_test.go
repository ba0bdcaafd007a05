package store

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"fichier/model"
)

// After an erasure, compacting leaves none of the person's bytes in the
// file, keeps everything else, and journals itself.
func TestCompactRemovesErasedBytes(t *testing.T) {
	w := newWorld(t)
	secret := "Zéphyrine-Quintessence"
	p := w.create(t, person("Aglaé", secret, model.KindAdherent, w.cellA1.Path))
	kept := w.create(t, person("Bruno", "Restant", model.KindContact, w.cellA1.Path))
	if err := w.st.Erase(w.sys, p.ID); err != nil {
		t.Fatal(err)
	}
	// While the store holds the file, compacting is refused quickly.
	if _, _, err := Compact(w.path); !errors.Is(err, ErrInUse) {
		t.Fatalf("compact of an open file: %v", err)
	}
	w.st.Close()
	data, _ := os.ReadFile(w.path)
	if !bytes.Contains(data, []byte(secret)) {
		t.Skip("bbolt reused the freed pages already: nothing to show")
	}
	if _, _, err := Compact(w.path); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(w.path)
	if bytes.Contains(data, []byte(secret)) {
		t.Error("the erased name is still in the file after compacting")
	}
	st := openTest(t, w.path)
	sys := st.SystemSession("test")
	if got, err := st.Get(sys, kept.ID); err != nil || got.LastName != "Restant" {
		t.Errorf("live fiche lost: %v %+v", err, got)
	}
	if r, err := st.Check(); err != nil || !r.OK() {
		t.Errorf("check after compact: %v %v", err, r.Problems)
	}
	j, _ := st.Journal(sys, JournalFilter{Action: model.ActionCompact})
	if len(j) != 1 {
		t.Errorf("compaction journaled %d times", len(j))
	}
	// IDs continue after the compaction: never reused.
	q, err := st.Create(sys, person("Chloé", "Après", model.KindContact, w.cellA1.Path))
	if err != nil || q.ID <= kept.ID {
		t.Errorf("new id %d after %d: %v", q.ID, kept.ID, err)
	}
}
