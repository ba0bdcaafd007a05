package export

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tealeg/xlsx/v3"

	"fichier/model"
	"fichier/store"
)

func TestWriteMutations(t *testing.T) {
	w := newWorld(t)
	rhone, err := w.st.CreateUnit(w.sys, model.Org{}, "Rhône", "69")
	if err != nil {
		t.Fatal(err)
	}
	p := w.p["Benali"]
	if _, err := w.st.Depart(w.sys, store.Departure{PersonID: p.ID, Version: p.Version,
		Dest: model.Destination{Federation: rhone.ID}, Date: model.NewDate(2026, 11, 20), Reason: "déménagement"}); err != nil {
		t.Fatal(err)
	}
	sess := w.user(t, "", "", w.sud.Path, model.RightWrite|model.RightExport, w.p["Roux"].ID)
	u, _ := sess.User()
	ms, err := w.st.Mutations(sess, store.MutationFilter{})
	if err != nil || len(ms) != 1 {
		t.Fatal(ms, err)
	}
	dir := t.TempDir()
	path, err := WriteMutations(w.st, sess, &u, ms, "du 01/11/2026", filepath.Join(dir, "mutations"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := xlsx.FileToSlice(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows[0]) != 2 || rows[0][1][1] != "départ" || rows[0][1][2] != "BENALI Samira" || !strings.Contains(rows[0][1][6], "Rhône") {
		t.Fatalf("rows %v", rows[0])
	}
	journal, _ := w.st.Journal(w.sys, store.JournalFilter{})
	if journal[0].Action != model.ActionExport || !strings.Contains(journal[0].Detail, "mutations") {
		t.Errorf("not journaled: %+v", journal[0])
	}
	// Without the export right: refused, no file.
	noExport := w.user(t, "", "", w.sud.Path, model.RightWrite, w.p["Dupont-Martin"].ID)
	nu, _ := noExport.User()
	if _, err := WriteMutations(w.st, noExport, &nu, ms, "", filepath.Join(dir, "refus.xlsx")); err == nil {
		t.Fatal("exported without the right")
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Errorf("files: %v", left)
	}
}
