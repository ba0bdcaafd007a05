package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"fichier/model"
	"fichier/store"
)

// statsWorld is the app's small file with birth dates and genders.
func statsWorld(t *testing.T) *appWorld {
	w := newAppWorld(t, true)
	w.addPerson(t, model.Person{Kind: model.KindAdherent, FirstName: "Julie", LastName: "Garcia", Org: w.cellE.Path,
		BirthDate: model.NewDate(1990, 2, 3), Gender: model.GenderFemale, Mobile: "0611223344", PCS: model.PCSEmployes})
	w.addPerson(t, model.Person{Kind: model.KindAdherent, FirstName: "Karim", LastName: "Haddad", Org: w.cellEyb.Path,
		BirthDate: model.NewDate(1958, 7, 14), Gender: model.GenderMale, PCS: model.PCSOuvriers})
	return w
}

// openStats starts the app at width×height and opens « 8 Statistiques »,
// waiting for texts.
func openStats(t *testing.T, w *appWorld, width, height int, texts ...string) *appDriver {
	t.Helper()
	d := startApp(t, w.st, w.session(t), width, height)
	d.waitFor("adhérents")
	d.press("8")
	d.waitScreen(texts...)
	return d
}

func TestStatsScreenPyramidQualityAndList(t *testing.T) {
	w := statsWorld(t)
	t.Setenv("HOME", t.TempDir())
	d := openStats(t, w, 80, 24, "[Effectifs]", "5 adhérents (1 sans cellule)", "Sud-Grenoblois", "Échirolles", "7 fiches au 25/11/2026")
	appCheckFits(t, d.screen(), 80, 24)

	d.press("tab")
	d.waitFor("[Âges]", "Hommes", "Femmes", "30-39", "60-69", "Sans date de naissance : 5 (71 % des fiches)")
	scr := d.screen()
	appCheckFits(t, scr, 80, 24)
	screenHas(t, scr, "1 ██", "█ 60-69 ", " 30-39 █", "█ 1 ")

	d.press("b") // bands of 5 years
	d.waitFor("Tranches de 5 ans", "35-39", "65-69")

	d.press("tab")
	d.waitFor("[Composition]", "Employés", "Ouvriers", "non renseignée")

	d.press("tab")
	// Adherents with a mobile: Samira and Julie of five.
	d.waitFor("[Qualité]", "Adhérents : part des fiches", "Ensemble", "[40 %]", "Mobile : 3 sans (60 %)")
	appCheckFits(t, d.screen(), 80, 24)
	d.press("down") // the section
	d.waitFor("Sud-Grenoblois · Mobile : 3 sans")
	d.press("enter")
	d.waitFor("type:adhérent section:Sud-Grenoblois mobile:", "3 / 7 fiches", "ROUX Marc", "HADDAD Karim", "DUPONT-MARTIN Ém") // the Cotis. column leaves the first name cut at 80 columns
	screenLacks(t, d.screen(), "BENALI", "GARCIA")
	d.press("esc") // back (the list's esc keeps its search: ctrl+u clears it)
	d.waitFor("Adhérents : part des fiches")

	d.press("right", "p") // courriel, compagnons de route
	d.waitFor("Compagnons de route : part des fiches", "Courriel : 1 sans (100 %)")

	d.press("x")
	d.waitFor("statistiques exportées")
	home, _ := os.UserHomeDir()
	if m, _ := filepath.Glob(filepath.Join(home, "statistiques-2026-11-25*.xlsx")); len(m) != 1 {
		t.Errorf("workbook %v", m)
	}
	if j, _ := w.st.Journal(w.sys, store.JournalFilter{Action: model.ActionExport}); len(j) != 1 {
		t.Errorf("journal %+v", j)
	}
	d.quit()
}

func TestStatsScreenNarrowedAndSmall(t *testing.T) {
	w := statsWorld(t)
	d := openStats(t, w, 60, 20, "[Effect.]", "Cotis.", "Mutations") // every tab fits in 60 columns
	d.press("/")
	d.typeText("cellule:eybens")
	d.press("enter")
	d.waitFor("restreint à /cellule:eybens", "2 adhérents", "2 fiches au")
	for range statsBlocks {
		appCheckFits(t, d.screen(), 60, 20)
		d.press("tab")
	}
	d.press("/")
	d.typeText(" section:nulle")
	d.press("enter")
	d.waitFor("section inconnue")
	d.press("ctrl+u", "esc")
	d.waitFor("7 fiches au")
	d.quit()
}

func TestStatsScreenShowsTheYearsProgression(t *testing.T) {
	w := statsWorld(t)
	p, err := w.st.Get(w.sys, w.idOf(t, "Morel"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.Promote(w.sys, p.ID, p.Version); err != nil {
		t.Fatal(err)
	}
	d := openStats(t, w, 80, 24, "Progression en 2026", "1 contact → compagnon de route", "0 compagnon → adhérent",
		"fiches créées : 1 contact, 1 compagnon, 5 adhérents")
	d.quit()
}

func TestStatsOfTheListsSearch(t *testing.T) {
	w := statsWorld(t)
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("5 adhérents")
	d.press("1")
	d.waitFor("7 / 7 fiches") // the list is open before "/" reaches it
	d.press("/")
	d.typeText("cellule:eybens")
	d.waitAnswered("cellule:eybens") // the statistics are those of the rows on screen
	d.waitFor("2 / 7 fiches")
	d.press("enter")
	d.press("ctrl+p")
	d.typeText("statistiques de")
	d.press("enter")
	d.waitFor("restreint à /cellule:eybens", "2 adhérents", "2 fiches au 25/11/2026")
	d.quit()
}

// The dues block counts what the list finds for its search, and Enter
// opens that list; the mutations block shows this year and last.
func TestStatsScreenDuesAndMutations(t *testing.T) {
	w := statsWorld(t)
	d := openStats(t, w, 80, 24, "[Effectifs]")
	d.press("tab", "tab", "tab", "tab")
	// Samira and Émilie paid this year, Marc last year; Julie and Karim never.
	d.waitFor("[Cotisations]", "Adhérents actifs", "Ensemble", "Sud-Grenoblois", "[2]", "Ensemble · à jour : 2 (40 %)")
	appCheckFits(t, d.screen(), 80, 24)
	d.press("right", "right")
	d.waitFor("Ensemble · jamais : 2 (40 %)")
	d.press("enter")
	d.waitFor("type:adh cotisation:jamais", "2 / 7 fiches", "GARCIA Julie", "HADDAD Karim")
	screenLacks(t, d.screen(), "BENALI", "ROUX")
	d.press("esc") // one: a second could reach the statistics and close them too
	d.waitFor("Ensemble · jamais")
	d.press("tab")
	d.waitFor("[Mutations]", "Départs", "Arrivées", "2026", "2025", "Arrivées à traiter : 0")
	appCheckFits(t, d.screen(), 80, 24)
	d.quit()
}

// TestStatsScreenScrollsToTheCursor: a block longer than the screen scrolls
// with its cursor (end, home, pgdown) and keeps the cursor on screen.
func TestStatsScreenScrollsToTheCursor(t *testing.T) {
	w := statsWorld(t)
	for i := range 12 {
		sec := w.unit(t, w.fed.Path, fmt.Sprintf("Section %02d", i+1), "")
		w.addPerson(t, model.Person{Kind: model.KindAdherent, FirstName: "Jo", LastName: fmt.Sprintf("Membre%02d", i+1), Org: sec.Path})
	}
	d := openStats(t, w, 60, 20, "[Effect.]", "Progression en 2026", "▸ Section 01")
	screenLacks(t, d.screen(), "Section 12")
	d.press("end")
	d.waitScreen("Section 12", "Eybens", "▸   sans cellule")
	screenLacks(t, d.screen(), "Progression en 2026")
	appCheckFits(t, d.screen(), 60, 20)
	d.press("home") // the window moves as little as it can: the head stays above
	d.waitScreen("▸ Section 01", "Section 07")
	screenLacks(t, d.screen(), "Progression en 2026", "Section 12")
	d.press("pgdown") // 11 items down, 6 sections and their cells
	d.waitScreen("▸   sans cellule")
	d.press("up")
	d.waitScreen("▸ Section 06")
	d.press("enter")
	d.waitScreen("section:\"Section 06\"", "MEMBRE06 Jo")
	d.quit()
}
