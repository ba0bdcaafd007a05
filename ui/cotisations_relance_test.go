package ui

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tealeg/xlsx/v3"

	"fichier/model"
)

func TestRelanceScreenListsThoseBehindAndExports(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	w := newAppWorld(t, true)
	roux, _ := w.st.Get(w.sys, w.idOf(t, "Roux"))
	roux.Address.Street = "5 place de la Mairie"
	roux.Consent = model.Consent{Date: model.NewDate(2026, 1, 5), Channels: model.ChannelCourrier}
	if _, err := w.st.Update(w.sys, roux); err != nil {
		t.Fatal(err)
	}
	d := openDues(t, w, w.session(t), 80, 24)
	d.press("b")
	d.waitScreen("Relances de cotisation", "ROUX Marc", "-11 m", "01/2026", "adhérent à relancer")
	screenLacks(t, d.screen(), "BENALI")
	appCheckFits(t, d.screen(), 80, 24)
	d.press("x")
	d.waitScreen("Relance exportée")
	files, _ := filepath.Glob(filepath.Join(home, "relance-*.xlsx"))
	if len(files) != 1 {
		entries, _ := os.ReadDir(home)
		t.Fatalf("files %v %v", files, entries)
	}
	rows, err := xlsx.FileToSlice(files[0])
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sheet := range rows {
		for _, r := range sheet {
			found = found || (len(r) > 1 && r[1] == "Roux")
		}
	}
	if !found {
		t.Errorf("Roux not in the relance: %q", rows)
	}
	d.press("c")
	d.waitScreen("Cotisations · Marc ROUX")
}

// TestCardHandedOverFromTheCotisationsScreen: r records this year's card,
// the home screen counts it, r again withdraws it.
func TestCardHandedOverFromTheCotisationsScreen(t *testing.T) {
	w := newAppWorld(t, true)
	d := openBenaliCotisations(t, w, w.session(t), 80, 24, "Carte 2026 non remise")
	d.press("r")
	d.waitScreen("Carte 2026 remise aujourd'hui ? (o/n)")
	d.press("n")
	scr := d.screen()
	screenLacks(t, scr, "remise aujourd'hui ?")
	screenHas(t, scr, "Carte 2026 non remise")
	d.press("r")
	d.waitScreen("Carte 2026 remise aujourd'hui ?")
	d.press("o")
	d.waitScreen("Carte 2026 remise le 25/11/2026 par amartin")
	appCheckFits(t, d.screen(), 80, 24)
	if c, _ := w.st.Card(w.sys, w.idOf(t, "Benali"), 2026); !c.Handed() {
		t.Fatalf("card not stored: %+v", c)
	}
	d.press("esc")
	d.waitScreen("BENALI Samira")
	d.press("esc")
	d.waitScreen("1 / 3 cartes 2026 remises") // the home screen counts it
	d.press("1")
	d.waitScreen("BENALI Samira")
	d.press("ctrl+d")
	d.waitScreen("Carte 2026 remise le")
	d.press("r")
	d.waitScreen("Annuler la remise de la carte 2026 ?")
	d.press("o")
	d.waitScreen("Carte 2026 non remise")
}

// TestStatementsFromScreen4: a writes the year's list and every adherent's
// attestation into the home folder.
func TestStatementsFromScreen4(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	w := newAppWorld(t, true)
	d := openDues(t, w, w.session(t), 100, 24, "Cotisations détaillées · 2026", "180,00 €")
	d.press("a")
	d.waitScreen("recapitulatif-2026.xlsx et 2 attestations dans attestations-2026.pdf")
	for _, name := range []string{"recapitulatif-2026.xlsx", "attestations-2026.pdf"} {
		if fi, err := os.Stat(filepath.Join(home, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	d2 := openDues(t, w, w.readOnlySession(t), 80, 24)
	d2.press("a")
	d2.waitScreen("pas le droit d'export")
}

// TestRelanceStartsAPhoneRound: r on the reminders starts a round on the
// adherents behind, prefilled; enter creates it and it is in the store.
func TestRelanceStartsAPhoneRound(t *testing.T) {
	w := newAppWorld(t, true)
	roux, _ := w.st.Get(w.sys, w.idOf(t, "Roux"))
	roux.Mobile = "+33612345678"
	if _, err := w.st.Update(w.sys, roux); err != nil {
		t.Fatal(err)
	}
	d := openDues(t, w, w.session(t), 80, 24)
	d.press("b")
	d.waitScreen("Relances de cotisation", "ROUX Marc")
	d.press("r")
	d.waitScreen("Nouveau rappel", "/type:adhérent cotisation:retard", "Relance cotisations 2026", "1 personne")
	appCheckFits(t, d.screen(), 80, 24)
	d.press("enter")
	d.waitFor("Rappel « Relance cotisations 2026 » lancé")
	rounds, err := w.st.Rounds(w.session(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(rounds) != 1 || rounds[0].Round.Query != relanceQuery {
		t.Fatalf("rounds %+v", rounds)
	}
}
