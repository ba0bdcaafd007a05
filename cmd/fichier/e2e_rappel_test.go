//go:build !windows

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// TestTwoCallersOverSSH: two callers, each in their own SSH session of
// `fichier serve` (real OpenSSH client in tmux), work through the same
// round: at no moment do they have the same person on screen, and every
// call they record is in the file afterwards, each on a different person.
func TestTwoCallersOverSSH(t *testing.T) {
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Fatal("the OpenSSH client is required for this test (.ci/run installs it)")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "section.db")
	if out, ok := run(t, []string{"FICHIER_PASSWORD=demo-secret-123"}, "demo", "--db", db, "--people", "2000", "--no-ui"); !ok {
		t.Fatal(out)
	}
	annePub, brunoPub := sshKeygen(t, filepath.Join(dir, "anne")), sshKeygen(t, filepath.Join(dir, "bruno"))
	var round model.Round
	func() {
		st, err := store.Open(db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		sys := st.SystemSession("test")
		units, _ := st.Units(sys)
		var section model.Unit
		for _, u := range units {
			if u.Level == model.LevelSection {
				section = u
				break
			}
		}
		bruno, _, err := st.CreateUser(sys, store.UserSpec{FirstName: "Bruno", LastName: "Roux", Scope: section.Path, Rights: model.RightWrite, Password: "provisoire-123456"})
		if err != nil {
			t.Fatal(err)
		}
		sess, err := st.Login(bruno.Username, "provisoire-123456")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.ChangePassword(sess, "provisoire-123456", "bonne-clef-de-bruno"); err != nil {
			t.Fatal(err)
		}
		users, _ := st.Users(sys)
		for _, u := range users {
			pub := annePub
			if u.Username == bruno.Username {
				pub = brunoPub
			}
			if _, err := st.AddSSHKey(sys, u.ID, pub); err != nil {
				t.Fatal(err)
			}
		}
		// Bruno starts a round on his section's adherents.
		text := `section:"` + section.Name + `" type:adh`
		q, _ := query.Parse(text)
		if round, err = st.CreateRound(sess, model.Round{Name: "Soirée d'appels", Query: text}, q); err != nil {
			t.Fatal(err)
		}
		if info, _ := st.Round(sess, round.ID); info.Progress.Total < 8 {
			t.Fatalf("round too small: %+v", info.Progress)
		}
	}()

	port := freePort(t)
	srvOut, srvErr := &lockedBuffer{}, &lockedBuffer{}
	srv := exec.Command(binary, "serve", "--db", db, "--listen", fmt.Sprintf("127.0.0.1:%d", port))
	srv.Env = append(os.Environ(), "FICHIER_DB=")
	srv.Stdout, srv.Stderr = srvOut, srvErr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Process.Kill() })
	for deadline := time.Now().Add(15 * time.Second); !strings.Contains(srvOut.String(), "VOTRE-IDENTIFIANT@127.0.0.1"); {
		if time.Now().After(deadline) {
			t.Fatalf("server did not start:\n%s\n%s", srvOut.String(), srvErr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	ssh := func(key, user string) string {
		return strings.Join([]string{"ssh", "-p", fmt.Sprint(port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
			"-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-i", filepath.Join(dir, key), user + "@127.0.0.1"}, " ")
	}
	env := []string{"TERM=xterm-256color"}
	anne := newTmuxShell(t, env, ssh("anne", "amartin"))
	bruno := newTmuxShell(t, env, ssh("bruno", "broux"))
	for c, user := range map[*tmuxTerm]string{anne: "amartin", bruno: "broux"} {
		c.waitText(user)
		c.keys("2")
		c.waitText("Soirée d'appels")
		c.keys("Enter")
		c.waitText("1 joint")
	}
	// The person on a caller's screen (the line with the kind and place),
	// once it is another than prev.
	nameOn := func(s string) string {
		for _, l := range strings.Split(s, "\n") {
			if strings.Contains(l, "adhérent") && strings.Contains(l, " · ") && !strings.Contains(l, "Rappel «") {
				return strings.TrimSpace(strings.SplitN(strings.TrimSpace(l), "  ", 2)[0])
			}
		}
		return ""
	}
	prev := map[*tmuxTerm]string{}
	person := func(c *tmuxTerm) string {
		s := c.waitFor("the next person", func(s string) bool { n := nameOn(s); return n != "" && n != prev[c] })
		prev[c] = nameOn(s)
		return prev[c]
	}
	seen := map[string]bool{}
	for i := 0; i < 3; i++ {
		a, b := person(anne), person(bruno)
		if a == "" || a == b {
			t.Fatalf("step %d: both callers on %q / %q\n%s\n%s", i, a, b, anne.screen(), bruno.screen())
		}
		for _, p := range []string{a, b} {
			if seen[p] {
				t.Fatalf("step %d: %s given twice", i, p)
			}
			seen[p] = true
		}
		// Each records "joint" (no question: note and suite à donner left empty).
		for _, c := range []*tmuxTerm{anne, bruno} {
			c.keys("1")
			c.waitText("Résultat : joint")
			c.keys("Enter")
			c.waitText("Appel enregistré")
		}
	}

	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("server exit: %v\n%s", err, srvErr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop")
	}
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	calls, err := st.RoundCalls(st.SystemSession("test"), round.ID)
	if err != nil || len(calls) != 6 {
		t.Fatalf("%d calls in the file, want 6 (%v)", len(calls), err)
	}
	people, callers := map[model.PersonID]bool{}, map[string]int{}
	for _, c := range calls {
		if people[c.Person] {
			t.Errorf("person %d called twice", c.Person)
		}
		people[c.Person] = true
		callers[c.Caller]++
	}
	if callers["amartin"] != 3 || callers["broux"] != 3 {
		t.Errorf("calls by caller: %v", callers)
	}
}
