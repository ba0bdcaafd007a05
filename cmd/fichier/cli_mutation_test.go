package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// TestMutationImportCommand: a departure outside one demo file, imported
// into another with `fichier mutation importer`; twice; then tampered.
func TestMutationImportCommand(t *testing.T) {
	origin, dest := demoDB(t, 300), demoDB(t, 300)
	transfer := filepath.Join(t.TempDir(), "depart.mutation")
	st, sys := openFile(t, origin, store.Options{})
	q, _ := query.Parse("type:adhérent fédération:38")
	res, err := st.Search(sys, q, store.SortName)
	if err != nil || len(res.IDs) == 0 {
		t.Fatal("no Isère adherent", err)
	}
	p, _ := st.Get(sys, res.IDs[0])
	if _, err := st.Depart(sys, store.Departure{PersonID: p.ID, Version: p.Version,
		Dest: model.Destination{Dept: model.Departement{Code: "69"}}, Date: model.DateOf(p.UpdatedAt), Path: transfer}); err != nil {
		t.Fatal(err)
	}
	fp, _ := st.TransferFingerprint()
	st.Close()
	out, ok := run(t, nil, "mutation", "empreinte", "--db", origin)
	if !ok || !strings.Contains(out, fp) {
		t.Fatalf("empreinte: %s", out)
	}

	out, ok = run(t, []string{demoPassword}, "mutation", "importer", "--db", dest, "--user", "amartin", transfer)
	if !ok || !strings.Contains(out, "arrivée à traiter : "+p.SortName()) || !strings.Contains(out, p.MemberNumber) ||
		!strings.Contains(out, fp) || !strings.Contains(out, "69 Rhône") {
		t.Fatalf("import: %s", out)
	}
	n := fiches(t, dest)
	out, ok = run(t, []string{demoPassword}, "mutation", "importer", "--db", dest, "--user", "amartin", transfer)
	if !ok || !strings.Contains(out, "déjà été importé") || fiches(t, dest) != n {
		t.Fatalf("second import: %s", out)
	}
	data, _ := os.ReadFile(transfer)
	bad := filepath.Join(t.TempDir(), "abime.mutation")
	os.WriteFile(bad, data[:len(data)-10], 0o600)
	out, ok = run(t, []string{demoPassword}, "mutation", "importer", "--db", dest, "--user", "amartin", bad)
	if ok || !strings.Contains(out, "somme de contrôle") || fiches(t, dest) != n {
		t.Fatalf("truncated import: %v %s", ok, out)
	}
}
