package ui

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// The traps of a volunteer's keyboard (issue 10): each test presses the
// keys that used to lose work.

func TestTypingInTheListSearchesAndNeverQuits(t *testing.T) {
	_, d := startList(t)
	// Typing a name without / searches: the n of "dupont" does not open
	// a new fiche, the q of "quartier" does not quit.
	d.typeText("dupont")
	d.waitFor("1 / 5 fiches")
	scr := d.screen()
	screenHas(t, scr, "dupont", "DUPONT-MARTIN Émilie")
	screenLacks(t, scr, "Nouvelle fiche")
	d.press("ctrl+u")
	d.waitFor("5 / 5 fiches")
	d.press("esc")
	d.typeText("quartier:villeneuve")
	d.waitFor("0 / 5 fiches")
	d.running()
	screenHas(t, d.screen(), "quartier:villeneuve")
	// Digits search too (postal codes), they do not leave the list.
	d.press("ctrl+u", "esc")
	d.typeText("38130")
	d.waitFor("Fiches · /38130")
	d.running()
	d.quit()
}

func TestQuitsOnOneLetterOnlyFromHome(t *testing.T) {
	_, d := startList(t)
	d.press("enter")
	d.waitFor("BENALI")
	d.waitFor("Organisation")
	d.press("q")
	d.press("?")
	d.waitFor("fermer l'aide")
	d.running()
	d.press("esc")
	scr := d.screen()
	screenHas(t, scr, "Samira")
	screenLacks(t, scr, "q quitter")
	d.press("esc")
	d.waitFor("5 / 5 fiches")
	d.press("esc")
	d.waitFor("À traiter", "q quitter")
	d.press("q")
	d.tm.WaitFinished(d.t, teatest.WithFinalTimeout(time.Second))
}

func TestEscKeepsTheQueryAndTheHistorySurvivesARestart(t *testing.T) {
	w, d := startList(t)
	d.press("/")
	d.typeText("type:adh")
	d.waitFor("3 / 5 fiches")
	d.press("esc") // leaves the bar, keeps the query
	d.waitFor("^u effacer")
	screenHas(t, d.screen(), "3 / 5 fiches", "type:adh")
	d.press("down")
	d.waitFor("▸ DUPONT-MARTIN")
	screenHas(t, d.screen(), "3 / 5 fiches")
	d.press("ctrl+u") // clearing is explicit
	d.waitFor("5 / 5 fiches")
	d.typeText("roux")
	d.waitFor("Fiches · /roux") // "rou" finds the same fiche: wait for the last search
	d.press("enter")            // leaves the bar: the query goes into the history
	d.press("enter")
	d.waitFor("Organisation")
	d.quit()

	// Another session of the same account, after a restart.
	d = startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("3 adhérents")
	d.press("1")
	d.waitFor("5 / 5 fiches")
	d.press("/", "up")
	d.waitFor("1 / 5 fiches")
	screenHas(t, d.screen(), "/ roux")
	d.press("up")
	d.waitFor("3 / 5 fiches")
	screenHas(t, d.screen(), "/ type:adh")
	d.press("down")
	d.waitFor("1 / 5 fiches")
	d.press("down") // past the newest: back to what was typed (nothing)
	d.waitFor("5 / 5 fiches")
	d.quit()
}

func TestPhoningLoopNextFicheNotesAndBackToTheSamePerson(t *testing.T) {
	w, d := startList(t)
	d.typeText("type:adh")
	d.waitFor("3 / 5 fiches")
	d.press("enter", "enter")
	d.waitFor("Organisation", "1 / 3")
	// e then ctrl+n: straight to Notes.
	d.press("e")
	d.waitFor("Modifier")
	d.press("ctrl+n")
	d.typeText("rappeler lundi")
	d.press("ctrl+s")
	d.waitFor("Fiche enregistrée : Samira BENALI")
	screenLacks(t, d.screen(), "Fiche enregistrée.") // shown once, not in the body too
	ids := w.searchIDs(t, "benali")
	if p, err := w.st.Get(w.sys, ids[0]); err != nil || p.Notes != "rappeler lundi" {
		t.Fatalf("Benali's notes = %q, %v", p.Notes, err)
	}
	// Next and previous fiche of the list, without going back to it.
	d.press("+")
	d.waitFor("DUPONT-MARTIN", "2 / 3")
	d.press("-")
	d.waitFor("Samira", "1 / 3")
	d.press("+", "+")
	d.waitFor("Marc", "3 / 3")
	d.press("+") // the last one: stays, says so
	d.waitFor("dernière fiche de la liste")
	d.press("esc")
	d.waitFor("▸ ROUX Marc")
	screenHas(t, d.screen(), "3 / 5 fiches")

	// Editing from the list comes back to the list, on the person edited.
	d.press("up", "ctrl+e")
	d.waitFor("Modifier")
	d.press("ctrl+n")
	d.typeText("messagerie")
	d.press("ctrl+s")
	d.waitFor("Fiche enregistrée")
	d.waitFor("▸ DUPONT-MARTIN")
	// A new fiche too: back on the list, the cursor on it.
	d.press("ctrl+u")
	d.waitFor("5 / 5 fiches")
	d.press("ctrl+n")
	d.waitFor("Nouvelle fiche")
	d.typeText("Jean")
	d.press("tab")
	d.typeText("Zola")
	d.press("ctrl+s")
	d.waitFor("Fiche créée")
	d.waitFor("▸ ZOLA Jean")
	d.quit()
}

// searchIDs runs a search as the system.
func (w *appWorld) searchIDs(t *testing.T, text string) []model.PersonID {
	t.Helper()
	q, err := query.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.st.Search(w.sys, q, store.SortName)
	if err != nil || len(res.IDs) == 0 {
		t.Fatalf("search %q: %v, %v", text, res.IDs, err)
	}
	return res.IDs
}

func TestListKeepsTheMobileAt60x20(t *testing.T) {
	_, d := startHomeAt(t, 60, 20)
	d.press("f1")
	d.waitFor("5 / 5 fiches")
	scr := d.screen()
	screenHas(t, scr, "Mobile", "06 12 34 56 78", "BENALI Samira", "DUPONT-MARTIN Émilie")
	appCheckFits(t, scr, 60, 20)
	d.quit()
}

func TestMonCompteFromHomeAndThePalette(t *testing.T) {
	_, d := startHome(t)
	d.waitFor("0 Mon compte")
	d.press("0")
	d.waitFor("Mon compte", "Dernière connexion")
	d.press("esc")
	d.waitFor("À traiter")
	for _, words := range []string{"compte", "mot de passe", "double authentification"} {
		d.command(words)
		d.waitFor("Dernière connexion")
		d.press("esc")
		d.waitFor("À traiter")
	}
	d.quit()
}

func TestHomeShowsTheDemoLogin(t *testing.T) {
	w := newAppWorld(t, true)
	for _, size := range [][2]int{{80, 24}, {60, 20}} {
		app := NewApp(w.st, w.session(t), testStyles())
		app.c.HomeNote = "Démonstration : pour revenir, « fichier demo » ou « fichier --db demo.db », identifiant amartin, mot de passe kw7f-9tre-mxa3-pqz4"
		d := startAppWith(t, app, size[0], size[1])
		d.waitFor("3 adhérents")
		scr := d.screen()
		screenHas(t, scr, "identifiant amartin", "kw7f-9tre-mxa3-pqz4")
		appCheckFits(t, scr, size[0], size[1])
		d.quit()
	}
}

func TestFilterBarGuideAndTabCompletion(t *testing.T) {
	w := newAppWorld(t, true)
	w.addPerson(t, model.Person{Kind: model.KindContact, FirstName: "Paul", LastName: "Vidal", Org: w.cellEyb.Path, Interests: []string{"Santé", "logement"}})
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("3 adhérents")
	d.press("1")
	d.waitFor("6 / 6 fiches")
	d.press("/", "ctrl+g")
	d.waitFor("La recherche", "Les champs", "type:", "adhérent", "-tél:")
	scr := d.screen()
	appCheckFits(t, scr, 80, 24)
	screenLacks(t, scr, "QUERY.md")
	d.press("pgdown", "pgdown")
	d.waitFor("intérêt:")
	d.press("esc") // closes the guide, the bar keeps the focus
	d.typeText("typ")
	d.press("tab")
	d.waitFor("/ type:")
	d.typeText("adh")
	d.press("tab")
	d.waitFor("3 / 6 fiches")
	screenHas(t, d.screen(), "type:adhérent")
	d.typeText(" sec")
	d.press("tab")
	d.typeText("sud")
	d.press("tab")
	d.waitFor("type:adhérent section:Sud-Grenoblois")
	d.press("ctrl+u")
	d.typeText("cellule:e")
	d.press("tab")
	d.waitFor("tab : Échirolles · Eybens")
	d.press("tab")
	d.waitFor("/ cellule:Eybens")
	d.press("ctrl+u")
	d.typeText("intér")
	d.press("tab")
	d.typeText("sa")
	d.press("tab")
	d.waitFor("1 / 6 fiches")
	screenHas(t, d.screen(), "intérêt:sante", "VIDAL Paul")
	d.quit()
}
