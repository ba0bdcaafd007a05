//go:build !windows

package main

import (
	"strings"
	"testing"

	"fichier/model/query"
	"fichier/store"
)

// TestMutationEndToEndInTmux: on the built binary, an Isère adherent moves to
// Rhône (m on the list, destination typed, summary confirmed), then screen 5
// gives the arrival its section and a Rhône number.
func TestMutationEndToEndInTmux(t *testing.T) {
	db := demoDB(t, 500)
	tm := newApp(t, "demo", "--db", db)
	tm.waitText("Écrans")
	tm.keys("1")
	tm.waitText("Nom")
	tm.keys("/")
	tm.text("type:adhérent fédération:38 statut:actif")
	tm.waitText(" / 500 fiches")
	tm.keys("Enter")
	tm.waitText("entrée ouvrir")
	tm.keys("C-k") // in the list, letters search
	tm.waitText("Destination")
	tm.text("69")
	tm.waitText("69 Rhône — dans ce fichier")
	tm.keys("Enter")
	tm.waitText("Date de la mutation")
	tm.keys("Enter")
	tm.waitText("Motif")
	tm.text("déménagement")
	tm.keys("Enter")
	tm.waitText("Confirmer la mutation")
	tm.keys("o")
	tm.waitText("Mutation enregistrée")
	tm.keys("F5") // in the list, a digit searches
	tm.waitText("à traiter")
	tm.keys("Enter")
	tm.waitText("Section d'arrivée")
	tm.keys("Enter")
	tm.waitText("Traiter cette arrivée")
	tm.keys("o")
	screen := tm.waitText("Arrivée traitée")
	if !strings.Contains(screen, "nouveau numéro 69-") {
		t.Errorf("no Rhône number:\n%s", screen)
	}
	tm.quitWith("C-c") // q quits from home only

	if out, ok := run(t, nil, "check", "--db", db); !ok {
		t.Fatalf("check: %s", out)
	}
	st, sys := openFile(t, db, store.Options{ReadOnly: true})
	defer st.Close()
	ms, _ := st.Mutations(sys, store.MutationFilter{})
	if len(ms) != 1 || !ms[0].Processed || !strings.HasPrefix(ms[0].OldNumber, "38-") || !strings.HasPrefix(ms[0].NewNumber, "69-") {
		t.Fatalf("mutations %+v", ms)
	}
	q, _ := query.Parse("numéro:" + ms[0].OldNumber)
	if res, _ := st.Search(sys, q, store.SortName); len(res.IDs) != 1 || res.IDs[0] != ms[0].PersonID {
		t.Errorf("old number finds %v", res.IDs)
	}
}
