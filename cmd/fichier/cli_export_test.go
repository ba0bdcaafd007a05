package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tealeg/xlsx/v3"

	"fichier/model"
	"fichier/store"
)

func TestExportCommand(t *testing.T) {
	db := demoDB(t, 300)
	dir := t.TempDir()
	out := filepath.Join(dir, "rappel.xlsx")
	res, ok := run(t, []string{demoPassword}, "export", "--db", db, "--user", "amartin", "--query", "type:adh", "--preset", "rappel", "--out", out)
	m := regexp.MustCompile(`export rappel : (\d+) lignes? → (.+)\n`).FindStringSubmatch(res)
	if !ok || m == nil || m[2] != out {
		t.Fatalf("export: %v\n%s", ok, res)
	}
	rows, err := xlsx.FileToSlice(out)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := strconv.Atoi(m[1]); len(rows[0]) != n+1 || rows[0][0][0] != "Nom" || rows[0][0][6] != "Type" {
		t.Errorf("file has %d rows for %s lines; header %v", len(rows[0]), m[1], rows[0][0])
	}
	if !strings.Contains(res, "laissées de côté :") {
		t.Errorf("no exclusions reported: %s", res)
	}
	// CSV by extension; the lettre preset's two lists.
	csv := filepath.Join(dir, "lettre.csv")
	res, ok = run(t, []string{demoPassword}, "export", "--db", db, "--user", "amartin", "--preset", "lettre", "--out", csv)
	if !ok || !strings.Contains(res, "« Par courriel » :") || !strings.Contains(res, "« Papier » :") {
		t.Fatalf("lettre: %s", res)
	}
	data, _ := os.ReadFile(csv)
	if !bytes.HasPrefix(data, []byte("\uFEFFListe;Civilité;Nom;Prénom;Courriel;")) || !bytes.Contains(data, []byte("\r\n")) {
		t.Errorf("CSV: %.80q", data)
	}
	// Refusals, in French, with nothing written.
	for _, c := range []struct {
		env  []string
		args []string
		want string
	}{
		{[]string{"FICHIER_PASSWORD=faux"}, []string{"--preset", "rappel"}, "identifiant ou mot de passe incorrect"},
		{[]string{demoPassword}, []string{"--preset", "étiquettes"}, "préréglage inconnu"},
		{[]string{demoPassword}, []string{"--query", "quartié:x"}, "champ inconnu"},
		{[]string{demoPassword}, []string{"--format", "ods"}, "format inconnu"},
	} {
		bad := filepath.Join(dir, "refus.xlsx")
		args := append([]string{"export", "--db", db, "--user", "amartin", "--out", bad}, c.args...)
		res, ok := run(t, c.env, args...)
		if ok || !strings.Contains(res, c.want) || strings.Contains(res, "panic") {
			t.Errorf("%v: %v %s", c.args, ok, res)
		}
		if _, err := os.Stat(bad); err == nil {
			t.Errorf("%v: file written", c.args)
		}
	}
	if res, ok := run(t, []string{demoPassword}, "export", "--db", db, "--out", filepath.Join(dir, "x.xlsx")); ok || !strings.Contains(res, "--user") {
		t.Errorf("no user: %s", res)
	}
}

func TestImportCommand(t *testing.T) {
	db := demoDB(t, 300)
	before := fiches(t, db)
	dir := t.TempDir()
	src := filepath.Join(dir, "petition.csv")
	os.WriteFile(src, []byte("Nom;Prénom;E-mail;Tél.;Code postal;Ville;Signé le\r\n"+
		"Garcia;Lucía;lucia.garcia@exemple.org;06 01 02 03 04;38400;Saint-Martin-d'Hères;01/03/2026\r\n"+
		"Nguyen;Thi;thi.nguyen@exemple.org;;38100;Grenoble;01/03/2026\r\n"+
		"Petit;Jean;jean@;;;;01/03/2026\r\n"), 0o600)
	args := []string{"import", "--db", db, "--user", "amartin", "--source", "Pétition hôpital", "--unite", "Isère", src}

	res, ok := run(t, []string{demoPassword}, append(args, "--dry-run")...)
	if !ok || !strings.Contains(res, "simulation (rien n'est écrit) : 2 créées, 0 complétée, 0 déjà présente, 1 rejetée") ||
		!strings.Contains(res, "colonne non importée : Signé le (titre non reconnu)") || !strings.Contains(res, "ligne 4 rejetée (PETIT Jean) : Courriel") ||
		!strings.Contains(res, "E-mail → Courriel") || !strings.Contains(res, "CSV, UTF-8, séparateur point-virgule") {
		t.Fatalf("dry run: %v\n%s", ok, res)
	}
	if fiches(t, db) != before {
		t.Fatal("the dry run wrote")
	}
	if _, err := os.Stat(filepath.Join(dir, "petition-rejets.csv")); err == nil {
		t.Error("the dry run wrote the rejects")
	}
	res, ok = run(t, []string{demoPassword}, args...)
	if !ok || !strings.Contains(res, "import : 2 créées") || !strings.Contains(res, "petition-rejets.csv") {
		t.Fatalf("import: %v\n%s", ok, res)
	}
	if n := fiches(t, db); n != before+2 {
		t.Errorf("%d fiches, want %d", n, before+2)
	}
	rej, err := os.ReadFile(filepath.Join(dir, "petition-rejets.csv"))
	if err != nil || !strings.Contains(string(rej), "Petit;Jean;jean@;") || !strings.Contains(string(rej), "Motif du rejet") {
		t.Errorf("rejects: %v %s", err, rej)
	}
	// Again: both are now the same people; nothing new.
	res, ok = run(t, []string{demoPassword}, append(args, "--dry-run")...)
	if !ok || !strings.Contains(res, "0 créée, 0 complétée, 2 déjà présentes, 1 rejetée") {
		t.Errorf("second import: %s", res)
	}
	// The new fiches can be exported back.
	out := filepath.Join(dir, "petition.xlsx")
	if res, ok := run(t, []string{demoPassword}, "export", "--db", db, "--user", "amartin", "--query", `source:"pétition hôpital" nom:garcia`, "--preset", "courriel", "--out", out); !ok || !strings.Contains(res, "1 ligne →") {
		t.Errorf("export of the import: %s", res)
	}

	// Refusals: nothing written.
	trunc := filepath.Join(dir, "coupé.csv")
	os.WriteFile(trunc, []byte("Nom;Prénom;Courriel\r\nDupont;Jean;j@exemple.fr\r\nRoux;Ma"), 0o600)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "--db", db, "--user", "amartin", "--source", "x", "--unite", "Isère", trunc}, "semble tronqué"},
		{[]string{"import", "--db", db, "--user", "amartin", "--unite", "Isère", src}, "indiquez la source"},
		{[]string{"import", "--db", db, "--user", "amartin", "--source", "x", src}, "choisissez l'unité"},
		{[]string{"import", "--db", db, "--user", "amartin", "--source", "x", "--unite", "Nulle-Part", src}, "aucune unité « Nulle-Part »"},
		{[]string{"import", "--db", db, "--user", "amartin", "--source", "x", "--unite", "Isère", filepath.Join(dir, "absent.csv")}, "inexistant"},
	} {
		res, ok := run(t, []string{demoPassword}, c.args...)
		if ok || !strings.Contains(res, c.want) || strings.Contains(res, "panic") {
			t.Errorf("%v: %v %s", c.args, ok, res)
		}
	}
	if n := fiches(t, db); n != before+2 {
		t.Errorf("refused imports wrote: %d fiches", n)
	}
}

func TestCotisationsCommand(t *testing.T) {
	db := demoDB(t, 300)
	dir := t.TempDir()
	out := filepath.Join(dir, "cotisations.xlsx")
	year := strconv.Itoa(time.Now().Year())
	res, ok := run(t, []string{demoPassword}, "cotisations", "--db", db, "--user", "amartin", "--annee", year, "--out", out)
	m := regexp.MustCompile(`Total +(\d+) cotisants +([0-9\x{a0},]+) €`).FindStringSubmatch(res)
	if !ok || m == nil || !strings.Contains(res, "→ "+out) {
		t.Fatalf("cotisations: %v\n%s", ok, res)
	}
	rows, err := xlsx.FileToSlice(out)
	if err != nil {
		t.Fatal(err)
	}
	summary := rows[0]
	last := summary[len(summary)-2] // the total line, then the note
	if summary[0][0] != "Section" || last[0] != "Total" || last[1] != m[1] || len(rows) < 2 {
		t.Errorf("summary %q", summary)
	}
	for _, c := range []struct{ args []string }{{[]string{"--annee", "1200"}}, {[]string{"--du", "01/01/2026"}}, {[]string{"--annee", year, "--du", "01/01/2026", "--au", "31/03/2026"}}} {
		bad := filepath.Join(dir, "refus.xlsx")
		args := append([]string{"cotisations", "--db", db, "--user", "amartin", "--out", bad}, c.args...)
		if res, ok := run(t, []string{demoPassword}, args...); ok || strings.Contains(res, "panic") {
			t.Errorf("%v accepted: %s", c.args, res)
		}
		if _, err := os.Stat(bad); err == nil {
			t.Errorf("%v: file written", c.args)
		}
	}
}

// TestCotisationsNeedExportRight: a responsable without the export right is
// refused both reports before anything is written.
func TestCotisationsNeedExportRight(t *testing.T) {
	db := demoDB(t, 300)
	st, _ := openFile(t, db, store.Options{})
	u, _ := newResponsable(t, st, store.UserSpec{FirstName: "Bruno", LastName: "Roux", Rights: model.RightWrite}, "bonne-clef-de-bruno")
	st.Close()
	dir := t.TempDir()
	for _, args := range [][]string{
		{"cotisations", "--out", filepath.Join(dir, "cotisations.xlsx")},
		{"cotisations", "attestations", "--out", dir},
	} {
		args = append(args, "--db", db, "--user", u.Username)
		if res, ok := run(t, []string{"FICHIER_PASSWORD=bonne-clef-de-bruno"}, args...); ok || !strings.Contains(res, "droit d'export nécessaire") {
			t.Errorf("%v without the export right: %v %s", args, ok, res)
		}
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("written without the export right: %v", files)
	}
}

func TestCotisationsAttestationsCommand(t *testing.T) {
	db := demoDB(t, 300)
	dir := t.TempDir()
	year := strconv.Itoa(time.Now().Year())
	res, ok := run(t, []string{demoPassword}, "cotisations", "attestations", "--db", db, "--user", "amartin", "--annee", year, "--out", dir, "--un-fichier")
	m := regexp.MustCompile(`(\d+) attestations \(1 fichiers\)`).FindStringSubmatch(res)
	if !ok || m == nil || !strings.Contains(res, "recapitulatif-"+year+".xlsx") {
		t.Fatalf("attestations: %v\n%s", ok, res)
	}
	rows, err := xlsx.FileToSlice(filepath.Join(dir, "recapitulatif-"+year+".xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := strconv.Atoi(m[1]); len(rows[0]) != n+2 { // header, one line each, total
		t.Errorf("%d rows for %s attestations", len(rows[0]), m[1])
	}
	if fi, err := os.Stat(filepath.Join(dir, "attestations-"+year+".pdf")); err != nil || fi.Size() < 1000 {
		t.Errorf("pdf: %v", err)
	}
	if res, ok := run(t, []string{demoPassword}, "cotisations", "attestations", "--db", db, "--user", "amartin", "--annee", year, "--out", filepath.Join(dir, "absent")); ok || !strings.Contains(res, "n'existe pas") {
		t.Errorf("missing folder: %v %s", ok, res)
	}
}
