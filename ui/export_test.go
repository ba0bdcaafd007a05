package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/tealeg/xlsx/v3"

	"fichier/export"
	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// appointLocal makes the adherent of that last name responsable at scope
// (appointed by the system) and opens a local session for them.
func appointLocal(t *testing.T, w *appWorld, last string, scope model.Org, rights model.Rights) *store.Session {
	t.Helper()
	q, _ := query.Parse("nom:" + last)
	res, err := w.st.Search(w.sys, q, store.SortName)
	if err != nil || len(res.IDs) != 1 {
		t.Fatalf("adherent %s: %v %v", last, res.IDs, err)
	}
	u, _, err := w.st.CreateUser(w.sys, store.UserSpec{PersonID: res.IDs[0], Scope: scope, Rights: rights})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := w.st.LocalSession(u.Username)
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

// waitFile waits for a file to appear.
func waitFile(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s not written", path)
}

func TestExportFromTheList(t *testing.T) {
	home := t.TempDir() // the current directory: where exports go by default
	t.Chdir(home)
	t.Setenv("HOME", t.TempDir())
	w := newAppWorld(t, true)
	d := startApp(t, w.st, w.session(t), 140, 30)
	d.waitFor("3 adhérents")
	d.press("1")
	d.waitFor("5 / 5 fiches")
	d.press("/")
	d.typeText("type:adh")
	d.waitFor("3 / 5 fiches")
	d.press("enter")
	d.press("ctrl+x")
	d.waitFor("Export routage", "la recherche /type:adh", "Rappel téléphonique", "rappel-2026-11-25-type-adh.xlsx")
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
	d.press("o")
	d.waitFor("Export terminé", "Lignes", "3")
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
	d.press("f3") // in the list, digits search
	d.waitFor("toutes les fiches de votre périmètre")
	d.press("f")
	d.waitFor("CSV (UTF-8, point-virgule)", filepath.Join(home, "rappel-2026-11-25.csv"))
	d.press("enter")
	d.waitFor("1 ligne sur 5 fiches", "4 sans téléphone")
	d.press("n") // back to the choices
	d.waitFor("Préréglage")
	d.press("tab", "ctrl+u")
	d.typeText(filepath.Join(home, "absent", "x.csv"))
	d.press("enter") // enter after editing the path confirms it
	d.waitFor("absent/x.csv", "Exporter en CSV ?")
	d.press("o")
	d.waitFor("n'existe pas")
	// The format chosen is remembered.
	d.press("f1")
	d.waitFor("5 / 5 fiches")
	d.press("ctrl+x")
	d.waitFor("CSV (UTF-8, point-virgule)", filepath.Join(home, "rappel-2026-11-25.csv"))
	d.quit()
}

func TestExportWithoutTheRight(t *testing.T) {
	w := newAppWorld(t, true)
	sess := appointLocal(t, w, "Benali", w.sec.Path, model.RightWrite)
	d := startApp(t, w.st, sess, 100, 24)
	d.press("1")
	d.waitFor("fiches")
	d.press("ctrl+x")
	d.waitFor("votre compte n'a pas le droit d'export")
	d.press("f3")
	d.waitFor("Votre compte n'a pas le droit d'export")
	d.quit()
}

func TestExportScreenProgressAndSizeLimit(t *testing.T) {
	w := newAppWorld(t, true)
	sess := w.session(t)
	u, _ := sess.User()
	c := &Common{Store: w.st, Session: sess, User: u, Styles: testStyles(), Width: 100, Height: 30, Now: func() time.Time { return appNow }}
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
	w := newAppWorld(t, true)
	d := startApp(t, w.st, w.session(t), 140, 30)
	d.press("1")
	d.waitFor("5 / 5 fiches")
	d.press("/")
	d.typeText("type:adh")
	d.waitFor("3 / 5 fiches")
	for _, typo := range []string{" section:zzz", " quartié:x"} {
		d.typeText(typo)
		d.press("enter")
		d.press("ctrl+x") // in the list, letters search
		d.waitFor("export refusé")
		if strings.Contains(d.screen(), "Préréglage") {
			t.Fatalf("%s: the export screen opened", typo)
		}
		d.press("/", "ctrl+u")
		d.typeText("type:adh")
		d.waitFor("3 / 5 fiches")
	}
	d.press("enter", "ctrl+x")
	d.waitFor("Préréglage")
	d.press("enter")
	d.waitFor("Export de la recherche /type:adh.")
	d.quit()
}
