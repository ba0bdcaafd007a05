package ui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/tealeg/xlsx/v3"

	"fichier/export"
	"fichier/model"
	"fichier/store"
)

func TestExportFromTheList(t *testing.T) {
	home := t.TempDir() // the current directory: where exports go by default
	t.Chdir(home)
	t.Setenv("HOME", t.TempDir())
	w, d := startListAt(t, 140, 30)
	d.filter("type:adh", "3 / 5 fiches")
	d.press("enter")
	d.open("ctrl+x", "Export routage", "la recherche /type:adh", "Rappel téléphonique", "rappel-2026-11-25-type-adh.xlsx")
	// The full preset, four down.
	d.press("j", "j", "j", "j")
	want := filepath.Join(home, "export-routage-2026-11-25-type-adh.xlsx")
	d.waitFor("Fiches complètes", want)
	// Neutral presets do not repeat the search in the file name.
	d.press("k", "k", "k")
	d.waitFor(filepath.Join(home, "adresses-2026-11-25.xlsx"))
	d.press("j", "j", "j")
	d.waitFor(want)
	d.press("enter")
	d.waitFor("3 lignes sur 3 fiches de la recherche", "Exporter en xlsx ?", "Fichier : "+filepath.Dir(want))
	scr := d.screen()
	appCheckFits(t, scr, 140, 30)
	d.confirm("Export terminé", "Lignes", "3")
	waitFile(t, want)
	rows, err := xlsx.FileToSlice(want)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || len(rows[0]) != 4 || rows[0][0][0] != "ID" {
		t.Fatalf("file: %v", rows)
	}
	entries, _ := w.st.Journal(w.sys, store.JournalFilter{Action: model.ActionExport})
	if len(entries) != 1 || !strings.Contains(entries[0].Detail, "requête type:adh") || !strings.Contains(entries[0].Detail, want) {
		t.Errorf("journal %+v", entries)
	}
	d.press("esc")
	d.waitFor("3 / 5 fiches") // back to the list
	// The same export in CSV, from "3": every fiche of the scope.
	d.open("f3", "toutes les fiches de votre périmètre") // in the list, digits search
	d.open("f", "CSV (UTF-8, point-virgule)", filepath.Join(home, "rappel-2026-11-25.csv"))
	d.press("enter")
	d.waitFor("1 ligne sur 5 fiches", "4 sans téléphone")
	d.open("n", "Préréglage") // back to the choices
	d.press("tab", "ctrl+u")
	d.typeText(filepath.Join(home, "absent", "x.csv"))
	d.press("enter") // enter after editing the path confirms it
	d.waitFor("absent/x.csv", "Exporter en CSV ?")
	d.confirm("n'existe pas")
	// The format chosen is remembered.
	d.open("f1", "5 / 5 fiches")
	d.open("ctrl+x", "CSV (UTF-8, point-virgule)", filepath.Join(home, "rappel-2026-11-25.csv"))
	d.quit()
}

func TestExportWithoutTheRight(t *testing.T) {
	w := newAppWorld(t, true)
	d := startLoggedIn(t, w.st, w.localResponsable(t, "Benali", w.sec.Path, model.RightWrite), 100, 24)
	d.open("1", "5 / 5 fiches")
	d.open("ctrl+x", "votre compte n'a pas le droit d'export")
	d.open("f3", "Votre compte n'a pas le droit d'export")
	d.quit()
}

func TestExportScreenProgressAndSizeLimit(t *testing.T) {
	w := newAppWorld(t, true)
	c := sessionCommon(t, w.st, w.session(t))
	c.Width, c.Height = 100, 30
	s := newExportScreen(c, "")
	s.SetSize(100, 25)
	// A plan too big for an xlsx: the screen says so and offers CSV.
	p, _ := export.PresetByName("complet")
	s.plan = &export.Plan{Request: export.Request{Preset: p, Format: export.XLSX, Path: "/tmp/x.xlsx"}, Matched: 20000, IDs: make([]model.PersonID, export.XLSXMaxRows(p)+1), PerSheet: []int{0}}
	s.step = exportConfirm
	s.setConfirm()
	scr := s.View()
	screenHas(t, scr, "Trop de lignes pour un classeur xlsx", "f pour exporter en CSV")
	if _, cmd := s.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")}); cmd != nil || s.step != exportConfirm {
		t.Error("an xlsx too big was started")
	}
	s.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("f")})
	if s.format != export.CSV || s.plan.Format != export.CSV || !strings.HasSuffix(s.plan.Path, ".csv") {
		t.Errorf("format %v, path %s", s.format, s.plan.Path)
	}
	screenLacks(t, s.View(), "Trop de lignes")
	// Progress while writing.
	s.step, s.plan.Format = exportWriting, export.CSV
	ch := make(chan tea.Msg)
	s.Update(reply[exportProgress]{to: s, val: exportProgress{p: export.Progress{Done: 5000, Total: 20001}, ch: ch}})
	scr = s.View()
	screenHas(t, scr, "5 000 / 20 001 lignes", "█", "esc : annuler")
	appCheckFits(t, scr, 100, 25)
	if !s.Dirty() {
		t.Error("leaving while writing is not guarded")
	}
	s.Update(reply[exportProgress]{to: s, val: exportProgress{p: export.Progress{Done: 20001, Total: 20001, Finishing: true}, ch: ch}})
	screenHas(t, s.View(), "écriture du fichier")
}

// While the filter bar holds an error, the list keeps the previous (wider)
// results: export is refused with the reason, never offered for them. The
// confirmation names the query exported (issue 9).
func TestExportRefusedWhileTheFilterHasAnError(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	_, d := startListAt(t, 140, 30)
	d.filter("type:adh", "3 / 5 fiches")
	for _, typo := range []string{" section:zzz", " quartié:x"} {
		d.typeText(typo)
		d.press("enter")
		d.waitQueryError()
		// ctrl+x: in the list, letters search.
		d.open("ctrl+x", "export refusé : la recherche du filtre est erronée")
		if strings.Contains(d.screen(), "Préréglage") {
			t.Fatalf("%s: the export screen opened", typo)
		}
		d.press("/", "ctrl+u")
		d.typeText("type:adh")
		d.waitFor("3 / 5 fiches")
	}
	d.press("enter")
	d.open("ctrl+x", "Préréglage")
	d.press("enter")
	d.waitFor("Export de la recherche /type:adh.")
	d.quit()
}
