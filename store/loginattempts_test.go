package store

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"testing"
	"time"

	"fichier/model"
)

// The growing delay after failed logins is kept in the file: a second
// opening (another process, a restart, `fichier serve`) still waits.
func TestLoginDelayPersistsAcrossOpens(t *testing.T) {
	w := newWorld(t)
	w.user(t, "Marc", "Roux", w.secA.Path, model.RightWrite)
	for i := 0; i < 4; i++ {
		if _, err := w.st.Login("mroux", "mauvais mot de passe"); !errors.Is(err, ErrBadLogin) {
			t.Fatal(err)
		}
		if _, err := w.st.Login("personne", "motdepasse-tape-au-mauvais-endroit"); !errors.Is(err, ErrBadLogin) {
			t.Fatal(err)
		}
	}
	w.st.Close()
	raw, err := os.ReadFile(w.path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("personne")) || bytes.Contains(raw, []byte("motdepasse-tape")) {
		t.Error("an unknown username (or a password typed in its field) is in the file in clear")
	}

	// Reopen: the fifth attempt waits as the fourth failure asks (2 s), for
	// the known and the unknown username alike, right password included.
	opt := testOptions()
	var waits []time.Duration
	opt.Sleep = func(d time.Duration) { waits = append(waits, d) }
	st, err := Open(w.path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Login("personne", "x"); !errors.Is(err, ErrBadLogin) {
		t.Fatal(err)
	}
	if st.UserExists("personne") {
		t.Error("an unknown username created an account")
	}
	if _, err := st.Login("mroux", "correct-horse-battery"); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{2 * time.Second, 2 * time.Second}; !slices.Equal(waits, want) {
		t.Errorf("waits after reopening %v, want %v", waits, want)
	}
	// The success reset mroux's count, in the file too.
	st.Close()
	waits = nil
	st2, err := Open(w.path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	if _, err := st2.Login("mroux", "correct-horse-battery"); err != nil || len(waits) != 0 {
		t.Errorf("count not reset in the file: %v %v", err, waits)
	}
}

// The wait counts from the last failure: time already spent counts.
func TestLoginDelayCountsFromLastFailure(t *testing.T) {
	w := newWorld(t)
	now := fixedNow
	w.st.opt.Now = func() time.Time { return now }
	w.st.fails.now = w.st.opt.Now
	var waits []time.Duration
	w.st.opt.Sleep = func(d time.Duration) { waits = append(waits, d) }
	for i := 0; i < 8; i++ { // 8 failures: the next waits 30 s
		_, _ = w.st.Login("inconnu", "x")
	}
	waits = nil
	now = now.Add(10 * time.Second)
	_, _ = w.st.Login("inconnu", "x")
	if len(waits) != 1 || waits[0] != 20*time.Second {
		t.Errorf("waits %v, want [20s]", waits)
	}
	waits = nil
	now = now.Add(25 * time.Hour) // forgotten after a day
	_, _ = w.st.Login("inconnu", "x")
	if len(waits) != 0 {
		t.Errorf("old failures still counted: %v", waits)
	}
}
