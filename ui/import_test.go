package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fichier/internal/storetest"
	"fichier/model"
)

func TestImportDryRunThenApply(t *testing.T) {
	w := newAppWorld(t, true)
	path := storetest.TempFile(t, "petition.csv", "Nom;Prénom;E-mail;Portable;CP;Ville;Signature\r\n"+
		"Garcia;Lucía;lucia@exemple.fr;06 01 02 03 04;38400;Saint-Martin-d'Hères;oui\r\n"+
		"Benali;Samira;samira@exemple.fr;06 12 34 56 78;;;oui\r\n"+ // Samira's mobile: completes her fiche
		"Petit;Jean;jean@;;;;oui\r\n") // bad email: rejected
	dir := filepath.Dir(path)
	d := startLoggedIn(t, w.st, w.session(t), 140, 40)
	d.command("importer un tableur")
	d.waitFor("Importer un tableur", "Fichier", "Source", "Consentement", "25/11/2026", "selon les colonnes")
	d.typeText(path)
	d.press("enter")
	d.waitFor("indiquez la source")
	d.press("tab")
	d.typeText("Pétition hôpital")
	d.press("enter")
	// A national responsable must say where the new fiches go.
	d.waitFor("choisissez l'unité")
	d.press("tab", "tab", "right", "right")
	d.waitFor("‹ Isère › Sud-Grenoblois ›")
	before, _ := w.st.Count(w.sys)
	d.press("enter")
	d.waitFor("Simulation", "rien n'est encore écrit", "petition.csv · CSV, UTF-8, séparateur point-virgule · 3 lignes")
	d.waitFor("Colonnes lues", "E-mail → Courriel", "Portable → Mobile", "Signature : titre non reconnu",
		"Premières lignes", "2 : Garcia · Lucía", "1 créée, 1 complétée, 0 déjà présente, 1 rejetée",
		"ligne 4 PETIT Jean : Courriel : courriel invalide", "ligne 3 BENALI Samira → fiche n° 1", "complété : Courriel")
	if after, _ := w.st.Count(w.sys); after != before {
		t.Fatal("the dry run wrote")
	}
	appCheckFits(t, d.screen(), 140, 40)
	d.open("a", "Importer maintenant ?")
	d.confirm("Import terminé", "petition-rejets.csv")
	if after, _ := w.st.Count(w.sys); after.Total() != before.Total()+1 {
		t.Errorf("%d fiches after import", after.Total())
	}
	data, err := os.ReadFile(filepath.Join(dir, "petition-rejets.csv"))
	if err != nil || !strings.Contains(string(data), "Motif du rejet") || !strings.Contains(string(data), "Petit;Jean") {
		t.Errorf("rejects file: %v\n%s", err, data)
	}
	p, _ := w.st.Get(w.sys, w.idOf(t, "Garcia"))
	if p.Source != "Pétition hôpital" || p.Org != w.sec.Path || p.Kind != model.KindContact {
		t.Errorf("created %+v", p)
	}
	d.back("3 adhérents")
	d.quit()
}

func TestImportBadFileAndReadOnly(t *testing.T) {
	w := newAppWorld(t, true)
	path := storetest.TempFile(t, "coupé.csv", "Nom;Notes\r\nDupont;\"pas fini\r\n")
	d := startLoggedIn(t, w.st, w.localResponsable(t, "Dupont-Martin", w.sec.Path, model.RightWrite), 120, 30)
	d.open("3", "Export routage")
	d.open("i", "Importer un tableur", "Sud-Grenoblois (votre périmètre)")
	d.typeText(path)
	d.press("tab")
	d.typeText("Vieux fichier")
	d.press("enter")
	d.waitFor("guillemet non fermé", "rien n'a été importé")
	d.back("Export routage")
	d.quit()

	d = startLoggedIn(t, w.st, w.localResponsable(t, "Benali", w.sec.Path, model.ReadOnly), 120, 30)
	d.command("importer")
	d.waitFor("votre compte ne permet pas de créer de fiches")
	d.quit()
}

// The unit is found by typing part of its name (not only by ←→ through
// every unit of the file).
func TestImportUnitFoundByTyping(t *testing.T) {
	w := newAppWorld(t, true)
	path := storetest.TempFile(t, "liste.csv", "Nom;Prénom;E-mail\r\nGarcia;Lucía;lucia@exemple.fr\r\n")
	d := startLoggedIn(t, w.st, w.session(t), 100, 30)
	d.command("importer un tableur")
	d.waitFor("selon les colonnes")
	d.typeText(path)
	d.press("tab")
	d.typeText("Liste")
	d.press("tab", "tab")
	d.typeText("eyb")
	d.waitScreen("‹ Isère › Sud-Grenoblois › Eybens ›", "Recherche : eyb")
	d.press("enter") // keeps the unit found
	d.waitScreen("Unité         ‹ Isère › Sud-Grenoblois › Eybens ›")
	screenLacks(t, d.screen(), "Recherche : eyb")
	d.open("enter", "Simulation")
	d.open("a", "Importer maintenant ?")
	d.confirm("Import terminé")
	if p, _ := w.st.Get(w.sys, w.idOf(t, "Garcia")); p.Org != w.cellEyb.Path {
		t.Errorf("Garcia at %+v", p.Org)
	}
	d.quit()
}
