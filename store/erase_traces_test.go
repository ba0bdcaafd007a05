package store

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fichier/model"
)

// After an erasure, neither the compacted file nor a fresh backup holds any
// identifying value of the person: not in export entries' query texts, not
// in a saved search named after them, not as an erased responsable's
// username on the journal (issue 9).
func TestErasureLeavesNoTrace(t *testing.T) {
	w := newWorld(t)
	p := person("Pascal", "Perez-Adam", model.KindAdherent, w.cellA1.Path)
	p.Email, p.Mobile, p.MemberNumber = "pascal.perez-adam@exemple.fr", "06 71 82 93 04", "38-424242"
	p = w.create(t, p)
	boss := w.user(t, "Nadia", "Chef", w.fed.Path, model.AllRights)
	// The person is also a responsable (account tied to the fiche), who
	// acted: their username is on journal entries.
	acct, _, err := w.st.createUser(&model.User{Username: "test"}, UserSpec{PersonID: p.ID, FirstName: p.FirstName, LastName: p.LastName,
		Scope: w.secA.Path, Rights: model.AllRights, Password: "correct-horse-battery"}, false)
	if err != nil {
		t.Fatal(err)
	}
	own, err := w.st.Login(acct.Username, "correct-horse-battery")
	if err != nil {
		t.Fatal(err)
	}
	w.create(t, person("Autre", "Personne", model.KindContact, w.cellA1.Path))
	if err := w.st.LogExport(own, "tout le monde", "complet", "x.xlsx", 2); err != nil {
		t.Fatal(err)
	}
	if err := w.st.LogExport(boss, `"pascal perez-adam" courriel:pascal.perez-adam@exemple.fr`, "complet", "perez.xlsx", 1); err != nil {
		t.Fatal(err)
	}
	if err := w.st.SaveQuery(boss, "Pascal Perez-Adam", `courriel:pascal.perez-adam@exemple.fr`); err != nil {
		t.Fatal(err)
	}
	if err := w.st.SaveQuery(boss, "adhérents", `adhérent`); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.SetUserDisabled(w.sys, acct.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := w.st.Erase(boss, p.ID); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "sauvegarde.db")
	if _, err := w.st.BackupFile(w.sys, backup); err != nil {
		t.Fatal(err)
	}
	if saved, _ := w.st.SavedQueries(boss); len(saved) != 1 || saved[0].Name != "adhérents" {
		t.Errorf("saved searches: %v", saved)
	}
	if w.st.UserExists(acct.Username) {
		t.Error("the erased responsable's account is still there")
	}
	w.st.Close()
	if _, _, err := Compact(w.path); err != nil {
		t.Fatal(err)
	}
	values := []string{"Perez-Adam", "perez-adam", "pascal.perez-adam", "38-424242", "+33671829304", "06 71 82 93 04", acct.Username}
	for _, f := range []string{w.path, backup} {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range values {
			if bytes.Contains(bytes.ToLower(raw), []byte(strings.ToLower(v))) {
				t.Errorf("%s still holds %q", filepath.Base(f), v)
			}
		}
	}
}

// compact reports the file's real sizes, and a compacted file never grows.
func TestCompactReportsRealSizes(t *testing.T) {
	w := newWorld(t)
	for i := range 50 {
		w.create(t, person("Prénom", strings.Repeat("n", i+3), model.KindContact, w.cellA1.Path))
	}
	w.st.Close()
	st, _ := os.Stat(w.path)
	before, after, err := Compact(w.path)
	if err != nil {
		t.Fatal(err)
	}
	now, _ := os.Stat(w.path)
	if before != st.Size() || after != now.Size() || after > before {
		t.Errorf("compact reported %d → %d; file was %d, is %d", before, after, st.Size(), now.Size())
	}
	if _, err := Open(w.path, testOptions()); err != nil {
		t.Fatal(err)
	}
}

func TestHoldsAnyWholeWords(t *testing.T) {
	needles := []string{"roy", "jean roy", "06 12 34 56 78"}
	for text, want := range map[string]bool{
		"nom:roy":                 true,
		`"Jean Roy" type:adh`:     true,
		"commune:troyes":          false,
		"royal":                   false,
		"tél. 06 12 34 56 78":     true,
		"courriel:roy@exemple.fr": true,
	} {
		if got := holdsAny(text, needles); got != want {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
}
