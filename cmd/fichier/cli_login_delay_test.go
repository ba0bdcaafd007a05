package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fichier/store"
)

// The growing delay after failed logins holds across processes: wrong
// passwords given to four `fichier export` runs make the next login, in
// another process, wait.
func TestLoginDelayAcrossProcesses(t *testing.T) {
	db := demoDB(t, 200)
	out := filepath.Join(t.TempDir(), "x.csv")
	for i := range 4 {
		o, ok := run(t, []string{"FICHIER_PASSWORD=pas-le-bon"}, "export", "--db", db, "--user", "amartin", "--query", "", "--preset", "rappel", "--out", out, "--format", "csv")
		if ok || !strings.Contains(o, "incorrect") {
			t.Fatalf("attempt %d: %s", i, o)
		}
	}
	var waits []time.Duration
	st, _ := openFile(t, db, store.Options{Sleep: func(d time.Duration) { waits = append(waits, d) }})
	defer st.Close()
	if _, err := st.Login("amartin", "demo-secret-123"); err != nil {
		t.Fatal(err)
	}
	if len(waits) != 1 || waits[0] <= 0 || waits[0] > store.LoginDelay(4) {
		t.Errorf("waits in a new process after 4 failures: %v (want one, up to %v)", waits, store.LoginDelay(4))
	}
}
