package ui

import (
	"regexp"
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
	d := startLoggedIn(t, w.st, sess, 80, 24)
	d.open("7", "Sud-Grenoblois", "Voironnais")
	d.press("g", "j", "j", "j", "j", "j", "j")
	d.waitScreen("▸   Sud-Grenoblois")
	d.open("f", "où vont ses fiches ?")
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
	d := startLoggedIn(t, w.st, w.session(t), 80, 24)
	d.open("7", "Sud-Grenoblois", "Vercors")
	d.open("n", "Nouvelle fédération", "Nom", "Code", "n° du département")
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
	d.open("r", "Renommer la fédération « Isère »", "38")
	d.typeText(" Nord")
	d.press("enter")
	d.waitFor("renommée « Isère Nord »")
	if u := unitNamed(t, w, "Isère Nord"); u.Code != "38" {
		t.Errorf("renamed federation lost its code: %+v", u)
	}
	// Rename the section Vercors: no code field, its code stays.
	d.press("end", "up") // Savoie comes last
	d.waitScreen("▸     Vercors")
	d.open("r", "Renommer la section « Vercors »")
	screenLacks(t, d.screen(), "n° du département")
	d.typeText(" Sud")
	d.press("enter")
	d.waitFor("renommée « Vercors Sud »")
	if u := unitNamed(t, w, "Vercors Sud"); u.Code != "V1" {
		t.Errorf("renamed section lost its code: %+v", u)
	}
}

func TestStructureCreateRenameClose(t *testing.T) {
	w := newAppWorld(t, true)
	_, sess := w.sectionResponsable(t)
	d := startLoggedIn(t, w.st, sess, 80, 24)
	d.open("7", "Sud-Grenoblois", "(sans cellule)", "Échirolles", "Eybens")
	scr := d.screen()
	appCheckFits(t, scr, 80, 24)
	// Section: 3 adherents (one without cell), 1 compagnon, 1 contact.
	if !regexp.MustCompile(`Sud-Grenoblois\s+3\s+1\s+1`).MatchString(scr) {
		t.Errorf("section counts:\n%s", scr)
	}
	if !regexp.MustCompile(`\(sans cellule\)\s+1\s+·\s+1`).MatchString(scr) {
		t.Errorf("without cell counts:\n%s", scr)
	}
	// A new cell under the section (the root row is selected).
	d.open("n", "Nouvelle cellule dans Sud-Grenoblois")
	d.typeText("Eybens")
	d.press("enter")
	d.waitFor("déjà une cellule « Eybens »")
	d.press("ctrl+u")
	d.typeText("Pont-de-Claix")
	d.press("enter")
	d.waitFor("Cellule « Pont-de-Claix » créée")
	// Rename it.
	d.press("G")
	d.waitScreen("▸   Pont-de-Claix")
	d.open("r", "Renommer la cellule")
	d.press("ctrl+u")
	d.typeText("Le Pont-de-Claix")
	d.press("enter")
	d.waitFor("Cellule renommée « Le Pont-de-Claix »")
	// Close Eybens, which holds Marc Roux: he goes to the section.
	d.press("g", "j", "j", "j") // root, sans cellule, Échirolles, Eybens
	d.waitScreen("▸   Eybens")
	d.open("f", "où vont ses fiches ?", "Sud-Grenoblois (sans cellule)")
	d.press("enter")
	d.waitFor("Fermer la cellule « Eybens » ?", "1 fiche iront à Sud-Grenoblois (sans cellule)")
	d.confirm("La cellule « Eybens » est fermée ; 1 fiche déplacée")
	if p, _ := w.st.Get(w.sys, w.idOf(t, "Roux")); p.Org != w.sec.Path {
		t.Errorf("Marc Roux at %+v", p.Org)
	}
	scr = d.screen()
	screenLacks(t, scr, "    Eybens ")
	d.press("h")
	d.waitFor("Eybens (fermée)")
	// A read-only cell responsable sees their cell, without the means to change it.
	d.quit()
	_, cellSess := w.responsable(t, "Benali", w.cellE.Path, model.ReadOnly)
	c := startLoggedIn(t, w.st, cellSess, 80, 24)
	c.open("7", "Échirolles", "lecture seule : vous voyez la structure")
	screenLacks(t, c.screen(), "Sud-Grenoblois", "Eybens")
	c.press("r")
	c.waitFor("il faut le droit de création et modification")
	c.quit()
}
