package export

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tealeg/xlsx/v3"

	"fichier/store"

	"fichier/model"
)

func TestRelanceExportColumnsAndRouting(t *testing.T) {
	w := newWorld(t)
	if _, err := w.st.SetContribution(w.sys, w.p["Benali"].ID, 0, model.Contribution{Cents: 10_00, Rhythm: model.RhythmMensuel}); err != nil {
		t.Fatal(err)
	}
	w.pay(t, "Haddad", model.NewDate(2026, 3, 1), 120_00, model.ModeCheque) // up to date: no reminder
	path := filepath.Join(t.TempDir(), "r.xlsx")
	res, plan, err := WriteRelance(context.Background(), w.st, w.sys, XLSX, path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 3 || res.PerSheet[0] != 1 || res.PerSheet[1] != 2 {
		t.Errorf("rows %+v excluded %v", res, plan.Excluded)
	}
	rows, err := xlsx.FileToSlice(path)
	if err != nil {
		t.Fatal(err)
	}
	mail, post := rows[0], rows[1]
	if strings.Join(mail[0], "|") != "Civilité|Nom|Prénom|Courriel|Montant dû|Période" ||
		strings.Join(post[0], "|") != "Civilité|Nom|Prénom|Adresse|Code postal|Commune|Montant dû|Période" {
		t.Errorf("headers %q / %q", mail[0], post[0])
	}
	// Never a political column: no type, section, cell, interests, dues status.
	for _, h := range append(mail[0], post[0]...) {
		for _, bad := range []string{"Type", "Section", "Cellule", "Fédération", "Intérêts", "Cotisation", "Statut"} {
			if strings.Contains(h, bad) {
				t.Errorf("political column %q", h)
			}
		}
	}
	// Benali: never paid, 10 € a month agreed, joined this month (the fixture dates adhesion today).
	if strings.Join(mail[1], "|") != "Mme|Benali|Samira|samira.benali@exemple.fr|10,00 €|depuis novembre 2026" {
		t.Errorf("Benali %q", mail[1])
	}
	names := post[1][1] + "," + post[2][1]
	if names != "Dupont-Martin,Roux" || post[1][6] != "" || post[1][7] != "depuis novembre 2026" {
		t.Errorf("courrier %q", post)
	}
	// The file name is neutral; the export is journaled as « relance ».
	if name := filepath.Base(RelanceDefaultPath(t.TempDir(), XLSX, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))); name != "relance-2026-11-25.xlsx" {
		t.Errorf("name %q", name)
	}
	j, _ := w.st.Journal(w.sys, store.JournalFilter{})
	found := false
	for _, e := range j {
		found = found || strings.Contains(e.Detail, "relance")
	}
	if !found {
		t.Error("relance not journaled")
	}
}
