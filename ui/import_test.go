package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

func TestImportDryRunThenApply(t *testing.T) {
	w := newAppWorld(t, true)
	dir := t.TempDir()
	path := filepath.Join(dir, "petition.csv")
	csv := "Nom;Prénom;E-mail;Portable;CP;Ville;Signature\r\n" +
		"Garcia;Lucía;lucia@exemple.fr;06 01 02 03 04;38400;Saint-Martin-d'Hères;oui\r\n" +
		"Benali;Samira;samira@exemple.fr;06 12 34 56 78;;;oui\r\n" + // Samira's mobile: completes her fiche
		"Petit;Jean;jean@;;;;oui\r\n" // bad email: rejected
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	d := startApp(t, w.st, w.session(t), 140, 40)
	d.waitFor("3 adhérents")
	// From the palette.
	d.press("ctrl+p")
	d.typeText("importer")
	d.waitFor("Importer un tableur (CSV, xlsx)")
	d.press("enter")
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
	d.press("a")
	d.waitFor("Importer maintenant ?")
	d.press("o")
	d.waitFor("Import terminé", "petition-rejets.csv")
	if after, _ := w.st.Count(w.sys); after.Total() != before.Total()+1 {
		t.Errorf("%d fiches after import", after.Total())
	}
	data, err := os.ReadFile(filepath.Join(dir, "petition-rejets.csv"))
	if err != nil || !strings.Contains(string(data), "Motif du rejet") || !strings.Contains(string(data), "Petit;Jean") {
		t.Errorf("rejects file: %v\n%s", err, data)
	}
	res, _ := w.st.Search(w.sys, mustParse(t, "nom:garcia"), store.SortName)
	if len(res.IDs) != 1 {
		t.Fatal("Garcia not created")
	}
	p, _ := w.st.Get(w.sys, res.IDs[0])
	if p.Source != "Pétition hôpital" || p.Org != w.sec.Path || p.Kind != model.KindContact {
		t.Errorf("created %+v", p)
	}
	d.press("esc")
	d.waitFor("3 adhérents")
	d.quit()
}

func TestImportBadFileAndReadOnly(t *testing.T) {
	w := newAppWorld(t, true)
	dir := t.TempDir()
	path := filepath.Join(dir, "coupé.csv")
	os.WriteFile(path, []byte("Nom;Notes\r\nDupont;\"pas fini\r\n"), 0o600)
	sess := appointLocal(t, w, "Dupont-Martin", w.sec.Path, model.RightWrite)
	d := startApp(t, w.st, sess, 120, 30)
	d.press("3")
	d.waitFor("Export routage")
	d.press("i")
	d.waitFor("Importer un tableur", "Sud-Grenoblois (votre périmètre)")
	d.typeText(path)
	d.press("tab")
	d.typeText("Vieux fichier")
	d.press("enter")
	d.waitFor("guillemet non fermé", "rien n'a été importé")
	d.press("esc")
	d.waitFor("Export routage")
	d.quit()

	reader := appointLocal(t, w, "Benali", w.sec.Path, model.ReadOnly)
	d = startApp(t, w.st, reader, 120, 30)
	d.press("ctrl+p")
	d.typeText("importer")
	d.press("enter")
	d.waitFor("votre compte ne permet pas de créer de fiches")
	d.quit()
}

func mustParse(t *testing.T, s string) *query.Query {
	t.Helper()
	q, err := query.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// The unit is found by typing part of its name (not only by ←→ through
// every unit of the file).
func TestImportUnitFoundByTyping(t *testing.T) {
	w := newAppWorld(t, true)
	path := filepath.Join(t.TempDir(), "liste.csv")
	if err := os.WriteFile(path, []byte("Nom;Prénom;E-mail\r\nGarcia;Lucía;lucia@exemple.fr\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := startApp(t, w.st, w.session(t), 100, 30)
	d.waitFor("3 adhérents")
	d.press("ctrl+p")
	d.typeText("importer")
	d.waitFor("Importer un tableur (CSV, xlsx)")
	d.press("enter")
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
	d.press("enter")
	d.waitFor("Simulation")
	d.press("a")
	d.waitFor("Importer maintenant ?")
	d.press("o")
	d.waitFor("Import terminé")
	res, _ := w.st.Search(w.sys, mustParse(t, "nom:garcia"), store.SortName)
	if len(res.IDs) != 1 {
		t.Fatal("Garcia not created")
	}
	if p, _ := w.st.Get(w.sys, res.IDs[0]); p.Org != w.cellEyb.Path {
		t.Errorf("Garcia at %+v", p.Org)
	}
	d.quit()
}
