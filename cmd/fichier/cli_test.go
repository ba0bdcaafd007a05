package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestDemoThenCheck(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	out, ok := run(t, []string{demoPassword}, "demo", "--db", db, "--people", "2000", "--no-ui")
	if !ok {
		t.Fatalf("demo failed:\n%s", out)
	}
	for _, want := range []string{"utilisateur: amartin", "mot de passe: demo-secret-123"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	out, ok = run(t, nil, "check", "--db", db)
	if !ok {
		t.Fatalf("check failed:\n%s", out)
	}
	m := regexp.MustCompile(`fiches: 2000 \(adhérents: (\d+), compagnons: (\d+), contacts: (\d+)`).FindStringSubmatch(out)
	if m == nil || m[1] == "0" || m[2] == "0" || m[3] == "0" {
		t.Errorf("check output: %s", out)
	}
	// Same seed, same file: the counts are deterministic.
	db2 := filepath.Join(t.TempDir(), "demo2.db")
	run(t, nil, "demo", "--db", db2, "--people", "2000", "--no-ui")
	out2, _ := run(t, nil, "check", "--db", db2)
	if firstLine(out2) != firstLine(out) {
		t.Errorf("not deterministic:\n%s\n%s", firstLine(out), firstLine(out2))
	}
	// Running demo again on an existing file does not regenerate it.
	out, ok = run(t, nil, "demo", "--db", db, "--no-ui")
	if !ok || !strings.Contains(out, "existant") {
		t.Errorf("second demo: %v\n%s", ok, out)
	}
}

func TestInitBackupAndResetPassword(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	out, ok := run(t, []string{"FICHIER_PASSWORD=un-mot-de-passe-solide"}, "init", "--db", db,
		"--prenom", "Émilie", "--nom", "Dupont-Martin", "--federation", "Isère", "--code", "38", "--section", "Sud-Grenoblois", "--niveau", "section")
	if !ok || !strings.Contains(out, "utilisateur: edupont-martin") || !strings.Contains(out, "Isère › Sud-Grenoblois") {
		t.Fatalf("init: %v\n%s", ok, out)
	}
	out, ok = run(t, []string{"FICHIER_PASSWORD=un-mot-de-passe-solide"}, "init", "--db", db, "--prenom", "A", "--nom", "B")
	if ok || !strings.Contains(out, "déjà des responsables") {
		t.Errorf("second init accepted: %s", out)
	}
	// A weak password is refused with a French reason.
	out, ok = run(t, []string{"FICHIER_PASSWORD=azerty"}, "init", "--db", filepath.Join(dir, "g.db"), "--prenom", "A", "--nom", "B")
	if ok || !strings.Contains(out, "mot de passe") {
		t.Errorf("weak password accepted: %s", out)
	}
	backup := filepath.Join(dir, "sauvegarde.db")
	if out, ok := run(t, nil, "backup", "--db", db, "--out", backup); !ok {
		t.Fatalf("backup: %s", out)
	}
	if out, ok := run(t, nil, "check", "--db", backup); !ok || !strings.Contains(out, "responsables: 1") {
		t.Errorf("check of backup: %s", out)
	}
	out, ok = run(t, []string{"FICHIER_PASSWORD="}, "reset-password", "--generer", "--db", db, "edupont-martin")
	if !ok || !regexp.MustCompile(`mot de passe: \S{19}`).MatchString(out) {
		t.Errorf("reset-password: %s", out)
	}
	if out, ok := run(t, nil, "reset-password", "--db", db, "inconnu"); ok || !strings.Contains(out, "aucun responsable") {
		t.Errorf("unknown user: %s", out)
	}
}

func TestErrorsAreFrenchAndClean(t *testing.T) {
	dir := t.TempDir()
	out, ok := run(t, nil, "check", "--db", filepath.Join(dir, "absent.db"))
	if ok || !strings.Contains(out, "n'existe pas") {
		t.Errorf("missing file: %s", out)
	}
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("pas une base ", 1000)), 0o600)
	out, ok = run(t, nil, "check", "--db", garbage)
	if ok || strings.Contains(out, "panic") || !strings.Contains(out, "le fichier est endommagé") {
		t.Errorf("garbage file: %s", out)
	}
	out, ok = run(t, nil, "backup", "--db", garbage)
	if ok || !strings.Contains(out, "--out") {
		t.Errorf("backup without --out: %s", out)
	}
}

func TestLockedFileMessage(t *testing.T) {
	db := demoDB(t, 10)
	// Hold the file with a reset-password waiting for its prompt on stdin.
	holder := exec.Command(binary, "reset-password", "--db", db, "amartin")
	holder.Env = append(os.Environ(), "FICHIER_PASSWORD=")
	stdin, _ := holder.StdinPipe()
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); holder.Wait() }()
	time.Sleep(500 * time.Millisecond) // let it open the file
	start := time.Now()
	out, ok := run(t, nil, "check", "--db", db)
	if ok || !strings.Contains(out, "déjà ouvert") || !strings.Contains(out, "fichier serve") {
		t.Errorf("locked file: %s", out)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
}
