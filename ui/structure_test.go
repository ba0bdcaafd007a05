package ui

import (
	"strings"
	"testing"

	"fichier/model"
)

// Closing a section of a federation with many: every destination can be
// seen and reached, and typing part of a name finds it.
func TestStructureCloseFindsAnyDestination(t *testing.T) {
	w := newAppWorld(t, true)
	for _, name := range []string{"Bièvre", "Chartreuse", "Grésivaudan", "Matheysine", "Oisans", "Trièves", "Vercors", "Voironnais"} {
		if _, err := w.st.CreateUnit(w.sys, w.fed.Path, name, ""); err != nil {
			t.Fatal(err)
		}
	}
	_, sess := w.responsable(t, "Dupont-Martin", w.fed.Path, model.RightWrite|model.RightManage)
	d := startApp(t, w.st, sess, 80, 24)
	d.waitFor("Écrans")
	d.press("7")
	d.waitFor("Sud-Grenoblois", "Voironnais")
	d.press("g", "j", "j", "j", "j", "j", "j")
	d.waitScreen("▸   Sud-Grenoblois")
	d.press("f")
	d.waitFor("où vont ses fiches ?")
	// The last destination is drawn, under the cursor.
	d.press("end")
	d.waitScreen("▸ Voironnais")
	appCheckFits(t, d.screen(), 80, 24)
	// Typing part of a name finds it.
	d.press("home")
	d.typeText("trie")
	d.waitScreen("▸ Trièves")
	d.press("enter")
	d.waitFor("Fermer la section « Sud-Grenoblois » ?", "iront à Trièves")
}

// unitNamed finds a unit of the file by its name.
func unitNamed(t *testing.T, w *appWorld, name string) model.Unit {
	t.Helper()
	units, err := w.st.Units(w.sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("no unit %q", name)
	return model.Unit{}
}

// Creating a federation asks its name and code; renaming one shows both;
// renaming a section leaves its code alone (it has no code field).
func TestStructureCreateAndRenameUnits(t *testing.T) {
	w := newAppWorld(t, true)
	if _, err := w.st.CreateUnit(w.sys, w.fed.Path, "Vercors", "V1"); err != nil {
		t.Fatal(err)
	}
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("Écrans")
	d.press("7")
	d.waitFor("Sud-Grenoblois", "Vercors")
	d.press("n")
	d.waitFor("Nouvelle fédération", "Nom", "Code", "n° du département")
	d.press("enter")
	d.waitFor("tapez le nom")
	d.typeText("Savoie")
	d.waitScreen("▸ Nom      Savoie")
	if strings.Contains(d.screen(), "tapez le nom") {
		t.Error("the refusal stays once the name is typed")
	}
	d.press("tab")
	d.typeText("73")
	d.waitScreen("▸ Code     73")
	d.press("enter")
	d.waitFor("Fédération « Savoie » créée")
	if u := unitNamed(t, w, "Savoie"); u.Code != "73" || u.Level != model.LevelFederation {
		t.Errorf("created %+v", u)
	}
	// Rename Isère: its name and code are there to change.
	d.press("g", "j")
	d.waitScreen("▸   Isère (38)")
	d.press("r")
	d.waitFor("Renommer la fédération « Isère »", "38")
	d.typeText(" Nord")
	d.press("enter")
	d.waitFor("renommée « Isère Nord »")
	if u := unitNamed(t, w, "Isère Nord"); u.Code != "38" {
		t.Errorf("renamed federation lost its code: %+v", u)
	}
	// Rename the section Vercors: no code field, its code stays.
	d.press("end", "up") // Savoie comes last
	d.waitScreen("▸     Vercors")
	d.press("r")
	d.waitFor("Renommer la section « Vercors »")
	screenLacks(t, d.screen(), "n° du département")
	d.typeText(" Sud")
	d.press("enter")
	d.waitFor("renommée « Vercors Sud »")
	if u := unitNamed(t, w, "Vercors Sud"); u.Code != "V1" {
		t.Errorf("renamed section lost its code: %+v", u)
	}
}
