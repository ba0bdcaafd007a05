package ui

import (
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
