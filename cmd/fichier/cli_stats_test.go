package main

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tealeg/xlsx/v3"
)

func TestStatsCommand(t *testing.T) {
	db := demoDB(t, 300)
	out, ok := run(t, []string{demoPassword}, "stats", "--db", db, "--user", "amartin")
	if !ok {
		t.Fatalf("stats: %s", out)
	}
	for _, want := range []string{"EFFECTIFS", "PYRAMIDE DES ÂGES", "COMPOSITION SOCIALE", "QUALITÉ DU FICHIER",
		"Nouveaux adhérents", "Sans date de naissance", "Hommes", "Ouvriers", "Ensemble",
		"COTISATIONS", "En retard", "Jamais", "MUTATIONS", "Départs", "Arrivées", "Arrivées à traiter"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Error("escape sequences in the output")
	}
	for i, l := range strings.Split(out, "\n") {
		if n := len([]rune(l)); n > 80 {
			t.Errorf("line %d is %d wide: %q", i+1, n, l)
		}
	}
	// The same adherents as « check » counts.
	chk, _ := run(t, nil, "check", "--db", db)
	want := regexp.MustCompile(`adhérents: (\d+)`).FindStringSubmatch(chk)
	got := regexp.MustCompile(`(?m)^\s+(\d+) adhérents`).FindStringSubmatch(out)
	if want == nil || got == nil || want[1] != got[1] {
		t.Errorf("adhérents: stats %v, check %v", got, want)
	}

	// The dues table's whole: the active adherents, à jour + en retard + jamais.
	_, dues, _ := strings.Cut(out, "COTISATIONS")
	m := regexp.MustCompile(`(?m)^\s+Ensemble\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$`).FindStringSubmatch(dues)
	if m == nil {
		t.Fatalf("no dues total in:\n%s", dues)
	}
	n := make([]int, 4)
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	if n[0] == 0 || n[0] != n[1]+n[2]+n[3] {
		t.Errorf("dues total %v", n)
	}

	// Narrowed, in 5-year bands, and to a workbook.
	book := filepath.Join(t.TempDir(), "stats.xlsx")
	out, ok = run(t, []string{demoPassword}, "stats", "--db", db, "--user", "amartin", "--requete", "type:adh", "--tranches", "5", "--xlsx", book)
	if !ok || !strings.Contains(out, "0 contact\n") || !strings.Contains(out, "Tranches de 5 ans") || !strings.Contains(out, "statistiques écrites → "+book) {
		t.Fatalf("narrowed: %s", out)
	}
	if f, err := xlsx.OpenFile(book); err != nil || len(f.Sheets) != 6 {
		t.Errorf("workbook: %v", err)
	}

	out, ok = run(t, []string{demoPassword}, "stats", "--db", db, "--user", "amartin", "--requete", "quartié:x")
	if ok || !strings.Contains(out, "champ inconnu « quartié »") {
		t.Errorf("bad search: %v %s", ok, out)
	}
}
