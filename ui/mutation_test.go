package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fichier/model"
	"fichier/store"
)

// openBenaliDeparture opens, from the list, the departure dialog of
// Samira Benali.
func openBenaliDeparture(t *testing.T, w *appWorld) *appDriver {
	t.Helper()
	d := onBenali(t, w, w.session(t), 80, 24, "ctrl+k")
	d.waitFor("Mutation (départ)", "Destination")
	return d
}

// openMutations starts the app and opens screen 5, waiting for texts.
func openMutations(t *testing.T, w *appWorld, texts ...string) *appDriver {
	t.Helper()
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("Accueil")
	d.press("5")
	d.waitScreen(texts...)
	return d
}

// TestMutationDepartureAndArrival: from the list, m on BENALI Samira, a
// destination typed by name, the summary confirmed; then on screen 5 the
// arrival is given its section and a new number. Real key presses; what is
// shown and what is stored are both checked.
func TestMutationDepartureAndArrival(t *testing.T) {
	w := newAppWorld(t, true)
	rhone := w.unit(t, model.Org{}, "Rhône", "69")
	lyon := w.unit(t, rhone.Path, "Lyon 3e", "")
	d := openBenaliDeparture(t, w)
	d.typeText("rh")
	d.waitFor("13 Bouches-du-Rhône — autre fichier")
	screenHas(t, d.screen(), "▸ 69 Rhône — dans ce fichier", "13 Bouches-du-Rhône — autre fichier")
	d.press("enter")
	d.waitFor("Date de la mutation", "25/11/2026")
	d.press("enter")
	d.waitFor("Motif")
	d.typeText("déménagement")
	d.press("enter")
	d.waitFor("Confirmer la mutation", "quitte Isère pour 69 Rhône", "arrivée à traiter")
	d.press("o")
	d.waitFor("Mutation enregistrée")

	benali, err := w.st.Get(w.sys, w.idOf(t, "Benali"))
	if err != nil || !benali.Arrival || benali.Org != rhone.Path || len(benali.PreviousNumbers) != 1 {
		t.Fatalf("stored %+v, %v", benali, err)
	}

	d.press("f5")
	d.waitFor("Mutations", "BENALI Samira", "à traiter", "motif : déménagement")
	d.press("enter")
	d.waitFor("Section d'arrivée", "Lyon 3e (sans cellule)")
	d.press("enter")
	d.waitFor("Traiter cette arrivée", "rejoint Lyon 3e")
	d.press("o")
	d.waitFor("Arrivée traitée", "nouveau numéro 69-000001")
	got, _ := w.st.Get(w.sys, benali.ID)
	if got.Arrival || got.Org != lyon.Path || got.MemberNumber != "69-000001" {
		t.Fatalf("processed %+v", got)
	}
	appCheckFits(t, d.screen(), 80, 24)
}

// TestMutationOutsideAndImportScreen: a departure to a département outside
// the file writes the transfer file; the import from screen 5 of another
// file shows the fingerprint, creates the arrival, and a second import
// changes nothing.
func TestMutationOutsideAndImportScreen(t *testing.T) {
	w := newAppWorld(t, true)
	dir := t.TempDir()
	out := filepath.Join(dir, "benali.mutation")
	d := openBenaliDeparture(t, w)
	d.typeText("paris")
	d.waitFor("75 Paris — autre fichier")
	d.press("enter", "enter", "enter")
	d.waitFor("Fichier de transfert")
	d.press("ctrl+u")
	d.typeText(out)
	d.press("enter")
	d.waitFor("Confirmer la mutation", "75 Paris", "marquée mutée")
	d.press("o")
	d.waitFor("fichier de transfert écrit")
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("transfer file: %v %v", fi, err)
	}
	fp, _ := w.st.TransferFingerprint()

	// Another file, with a Paris federation, imports it from screen 5.
	w2 := newAppWorld(t, true)
	paris := w2.unit(t, model.Org{}, "Paris", "75")
	d2 := openMutations(t, w2, "Aucune mutation")
	d2.press("i")
	d2.waitFor("Importer :")
	d2.typeText(out)
	d2.press("enter")
	d2.waitFor("Importer ce transfert", "BENALI Samira", "75 Paris", fp[:9])
	d2.press("o")
	d2.waitFor("Arrivée à traiter créée")
	ms, _ := w2.st.Mutations(w2.sys, store.MutationFilter{PendingOnly: true})
	if len(ms) != 1 || ms[0].To != paris.Path {
		t.Fatalf("arrivals %+v", ms)
	}
	d2.press("i")
	d2.typeText(out)
	d2.press("enter")
	d2.waitFor("Importer ce transfert")
	d2.press("o")
	d2.waitFor("déjà été importé")
	if c, _ := w2.st.Count(w2.sys); c.Total() != 6 {
		t.Errorf("count after a double import: %+v", c)
	}
	// A damaged file is refused on reading, before any question.
	data, _ := os.ReadFile(out)
	bad := filepath.Join(dir, "abime.mutation")
	os.WriteFile(bad, []byte(strings.Replace(string(data), "Benali", "Benaly", 1)), 0o600)
	d2.press("i")
	d2.typeText(bad)
	d2.press("enter")
	d2.waitFor("somme de contrôle")
}

// TestFormFederationByMutation: editing a fiche, the federation cannot be
// changed; m on it opens the departure dialog.
func TestFormFederationByMutation(t *testing.T) {
	w := newAppWorld(t, true)
	w.unit(t, model.Org{}, "Rhône", "69")
	d := onBenali(t, w, w.session(t), 80, 24, "ctrl+e")
	d.waitFor("Modifier la fiche")
	for !strings.Contains(d.screen(), "▸ Fédération") {
		d.press("tab")
	}
	d.waitFor("par une mutation")
	d.press("right")
	screenLacks(t, d.screen(), "Rhône")
	d.press("m")
	d.waitFor("Mutation (départ)", "Destination")
}

// TestMutationScreensFitSmallTerminal: the dialog and screen 5 at 60×20.
func TestMutationScreensFitSmallTerminal(t *testing.T) {
	w := newAppWorld(t, true)
	rhone := w.unit(t, model.Org{}, "Rhône", "69")
	res, _ := w.st.Search(w.sys, nil, store.SortName)
	for _, id := range res.IDs[:2] {
		p, _ := w.st.Get(w.sys, id)
		if _, err := w.st.Depart(w.sys, store.Departure{PersonID: id, Version: p.Version, Dest: model.Destination{Federation: rhone.ID},
			Date: model.DateOf(appNow), Reason: strings.Repeat("très long motif ", 10)}); err != nil {
			t.Fatal(err)
		}
	}
	d := startApp(t, w.st, w.session(t), 60, 20)
	d.waitFor("Accueil")
	d.waitScreen("2 arrivées de mutation")
	d.press("enter")
	d.waitScreen("Mutations", "à traiter")
	appCheckFits(t, d.screen(), 60, 20)
	d.press("esc")
	d.waitScreen("Accueil")
	d.press("1")
	d.waitScreen("LEFÈVRE")
	d.press("ctrl+k") // BENALI, first, is an arrival to process: refused with the reason
	d.waitFor("arrivée de mutation à traiter")
	d.press("down", "down", "ctrl+k")
	d.waitScreen("Destination")
	appCheckFits(t, d.screen(), 60, 20)
}

// TestMutationsScreenPeriodAndExport: p sets a period that hides older
// mutations; x writes the list as xlsx (export right).
func TestMutationsScreenPeriodAndExport(t *testing.T) {
	w := newAppWorld(t, true)
	rhone := w.unit(t, model.Org{}, "Rhône", "69")
	res, _ := w.st.Search(w.sys, nil, store.SortName)
	for i, date := range []model.Date{model.NewDate(2026, 10, 5), model.NewDate(2026, 11, 20)} {
		p, _ := w.st.Get(w.sys, res.IDs[i])
		if _, err := w.st.Depart(w.sys, store.Departure{PersonID: p.ID, Version: p.Version, Dest: model.Destination{Federation: rhone.ID}, Date: date}); err != nil {
			t.Fatal(err)
		}
	}
	d := openMutations(t, w, "BENALI", "DUPONT-MARTIN")
	d.press("p")
	d.waitFor("Période :")
	d.typeText("du 01/11/2026 au 30/11/2026")
	d.press("enter")
	d.waitScreen("DUPONT-MARTIN", "1 mutation")
	screenLacks(t, d.screen(), "BENALI")
	out := filepath.Join(t.TempDir(), "mut.xlsx")
	d.press("x")
	d.waitFor("Exporter vers :")
	d.press("ctrl+u")
	d.typeText(out)
	d.press("enter")
	d.waitScreen("1 mutation exportée →")
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
}
