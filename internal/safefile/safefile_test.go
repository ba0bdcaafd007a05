package safefile

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestCommitReplacesAndLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "export.csv")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Discard()
	if _, err := f.Write([]byte("new")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Fatalf("destination changed before Commit: %q", got)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	f.Discard() // after Commit: nothing to do
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Fatalf("destination = %q, want new", got)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"export.csv"}) {
		t.Fatalf("folder holds %q", got)
	}
	if err := f.Commit(); err == nil {
		t.Fatal("second Commit succeeded")
	}
}

func TestDiscardLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(filepath.Join(dir, "sauvegarde.db"))
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("données personnelles"))
	f.Discard()
	if got := names(t, dir); len(got) != 0 {
		t.Fatalf("folder holds %q", got)
	}
}

// deadPID is the ID of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func TestStaleTemporariesAreRemoved(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "adherents.xlsx")
	write := func(name string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte("Dupont Marie 06 12 34 56 78"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	killed := tempPrefix(path) + strconv.Itoa(deadPID(t)) + "-0a1b2c"                            // a killed export
	earlier := tempPrefix(path) + strconv.Itoa(os.Getpid()) + "-3d4e5f"                          // this PID, not being written
	live := tempPrefix(path) + strconv.Itoa(os.Getppid()) + "-6a7b8c"                            // the parent process (go test) lives
	other := tempPrefix(filepath.Join(dir, "autre.xlsx")) + strconv.Itoa(deadPID(t)) + "-9d0e1f" // another destination
	for _, n := range []string{killed, earlier, live, other, "adherents.xlsx.tmp-notes"} {
		write(n)
	}
	running, err := Create(path) // a write in progress in this process
	if err != nil {
		t.Fatal(err)
	}
	defer running.Discard()

	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Discard()
	got := names(t, dir)
	for _, n := range []string{killed, earlier} {
		if slices.Contains(got, n) {
			t.Errorf("stale temporary %s kept", n)
		}
	}
	for _, n := range []string{live, other, "adherents.xlsx.tmp-notes", filepath.Base(running.Name()), filepath.Base(f.Name())} {
		if !slices.Contains(got, n) {
			t.Errorf("%s removed", n)
		}
	}
}

// Versions before this package named their temporaries without a process
// ID: those left long enough ago by a killed run go too.
func TestLegacyTemporariesAreRemoved(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "adherents.xlsx")
	old := time.Now().Add(-time.Hour)
	files := map[string]bool{ // name → removed
		".adherents.xlsx.123456789.tmp": true,
		".adherents.xlsx.compactage":    true,
		".fichier-sauvegarde-987654":    true,
		".autre.xlsx.123456789.tmp":     false,
		".adherents.xlsx.brouillon.tmp": false,
		"adherents.xlsx.123.tmp":        false,
	}
	for name := range files {
		full := filepath.Join(dir, name)
		if err := os.WriteFile(full, []byte("Dupont Marie"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(full, old, old); err != nil {
			t.Fatal(err)
		}
	}
	recent := ".adherents.xlsx.555.tmp" // perhaps still being written
	if err := os.WriteFile(filepath.Join(dir, recent), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	files[recent] = false
	RemoveStale(path)
	got := names(t, dir)
	for name, removed := range files {
		if slices.Contains(got, name) == removed {
			t.Errorf("%s: removed %v, want %v", name, !removed, removed)
		}
	}
}

func TestFrench(t *testing.T) {
	_, missing := os.Open(filepath.Join(t.TempDir(), "absent", "x"))
	for _, c := range []struct {
		err  error
		want string
	}{
		{missing, "dossier ou fichier inexistant"},
		{&os.PathError{Op: "open", Path: "/x", Err: os.ErrPermission}, "permission refusée"},
		{errors.New("write /x: no space left on device"), "disque plein"},
		{errors.New("autre chose"), "autre chose"},
	} {
		if got := French(c.err).Error(); got != c.want {
			t.Errorf("French(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
