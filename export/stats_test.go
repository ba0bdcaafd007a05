package export

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tealeg/xlsx/v3"

	"fichier/store"
)

// cellAt finds the row whose first cell is label and returns its cell col.
func cellAt(t *testing.T, sh *xlsx.Sheet, label string, col int) *xlsx.Cell {
	t.Helper()
	for r := 0; r < sh.MaxRow; r++ {
		first, err := sh.Cell(r, 0)
		if err == nil && first.Value == label {
			c, err := sh.Cell(r, col)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
	}
	t.Fatalf("sheet %s: no row %q", sh.Name, label)
	return nil
}

func number(t *testing.T, c *xlsx.Cell) float64 {
	t.Helper()
	if c.Type() != xlsx.CellTypeNumeric {
		t.Fatalf("cell %q is not a number (%v)", c.Value, c.Type())
	}
	f, err := c.Float()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestWriteStatsReadBack(t *testing.T) {
	w := newWorld(t)
	s, err := w.st.Stats(w.sys, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path, err := WriteStats(w.st, w.sys, &s, DefaultStatsPath(dir, "", testNow))
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != "statistiques-2026-11-25.xlsx" {
		t.Errorf("path %s", path)
	}
	f, err := xlsx.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, sh := range f.Sheets {
		names = append(names, sh.Name)
	}
	if strings.Join(names, "|") != "Effectifs|Pyramide des âges|Composition sociale|Qualité du fichier|Cotisations|Mutations" {
		t.Fatalf("sheets %v", names)
	}
	dues, moves := f.Sheets[4], f.Sheets[5]
	// Four active adherents (Paul is décédé), none has paid yet.
	for col, want := range []float64{1: 4, 2: 0, 3: 0, 4: 4} {
		if col > 0 {
			if n := number(t, cellAt(t, dues, "Ensemble", col)); n != want {
				t.Errorf("dues column %d: %v, want %v", col, n, want)
			}
		}
	}
	if n := number(t, cellAt(t, moves, "Départs", 1)); n != 0 {
		t.Errorf("departures %v", n)
	}
	counts, ages, social, quality := f.Sheets[0], f.Sheets[1], f.Sheets[2], f.Sheets[3]
	if n := number(t, cellAt(t, counts, "Adhérents", 1)); n != 5 {
		t.Errorf("adhérents %v", n)
	}
	if n := number(t, cellAt(t, counts, "Total", 5)); n != 7 {
		t.Errorf("total %v", n)
	}
	if n := number(t, cellAt(t, ages, "40-49", 4)); n != 1 { // Benali, no gender recorded
		t.Errorf("40-49 without gender: %v", n)
	}
	if n := number(t, cellAt(t, ages, "Sans date de naissance", 1)); n != 5 {
		t.Errorf("no birth date %v", n)
	}
	if n := number(t, cellAt(t, social, "Non renseignée", 2)); n != 7 {
		t.Errorf("PCS unknown %v", n)
	}
	// Ensemble, adhérents, mobile: 4 of 5, written as a percentage.
	mobile := cellAt(t, quality, "Ensemble", 3)
	if n := number(t, mobile); n != 0.8 || !strings.Contains(mobile.NumFmt, "%") {
		t.Errorf("mobile filled %v (%s)", n, mobile.NumFmt)
	}
	if e := exportEntries(t, w); len(e) != 1 || !strings.Contains(e[0].Detail, "statistiques") || !strings.Contains(e[0].Detail, path) {
		t.Errorf("journal %+v", e)
	}
}

func TestWriteStatsNeedsTheExportRight(t *testing.T) {
	w := newWorld(t)
	reader := w.user(t, "Lina", "Lecture", w.fed.Path, 0)
	s, err := w.st.Stats(reader, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "stats.xlsx")
	if _, err := WriteStats(w.st, reader, &s, path); !errors.Is(err, store.ErrForbidden) {
		t.Errorf("err %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Error("file written without the right")
	}
	if e := exportEntries(t, w); len(e) != 0 {
		t.Errorf("journal %+v", e)
	}
}

// TestWriteStatsClearsKilledTemporaries: the statistics go through
// safefile like every other file written: a temporary that a killed run
// left beside the destination (personal figures) is removed, none is left.
func TestWriteStatsClearsKilledTemporaries(t *testing.T) {
	w := newWorld(t)
	s, err := w.st.Stats(w.sys, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "stats.xlsx")
	killed := filepath.Join(dir, ".stats.xlsx.tmp-"+strconv.Itoa(os.Getpid())+"-0a1b2c")
	if err := os.WriteFile(killed, []byte("Dupont 38"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteStats(w.st, w.sys, &s, path); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "stats.xlsx" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want only stats.xlsx", names)
	}
}
