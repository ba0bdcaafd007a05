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
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("adhérents")
	d.press("4")
	d.waitScreen("Cotisations détaillées")
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
