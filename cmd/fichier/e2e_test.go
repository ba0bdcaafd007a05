//go:build !windows

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fichier/model/query"
	"fichier/store"
)

// tmuxTerm drives the built binary in a real terminal: tmux at 80×24,
// send-keys to type, capture-pane to read the screen.
type tmuxTerm struct {
	t      *testing.T
	socket string
}

func newTmux(t *testing.T, env []string, args ...string) *tmuxTerm {
	t.Helper()
	cmdline := binary
	for _, a := range args {
		cmdline += " '" + a + "'"
	}
	return newTmuxShell(t, env, cmdline)
}

// newTmuxShell runs a shell command line in a fresh tmux at 80×24.
func newTmuxShell(t *testing.T, env []string, cmdline string) *tmuxTerm {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is required for the end-to-end test (.ci/run installs it)")
	}
	// A socket of its own in a fresh directory: no clash with another tmux.
	sock, err := os.MkdirTemp("", "tmux-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(sock) })
	tm := &tmuxTerm{t: t, socket: filepath.Join(sock, "s")}
	// Keep the pane open after the program exits, to read its last words.
	tmArgs := []string{"new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24"}
	for _, e := range env {
		tmArgs = append(tmArgs, "-e", e)
	}
	tmArgs = append(tmArgs, cmdline+"; echo FIN-DU-PROGRAMME; sleep 30")
	tm.run(tmArgs...)
	t.Cleanup(func() { exec.Command("tmux", "-S", tm.socket, "kill-server").Run() })
	return tm
}

func (tm *tmuxTerm) run(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (tm *tmuxTerm) screen() string { return tm.run("capture-pane", "-t", "e2e", "-p") }

// keys sends tmux key names (Enter, Tab, BTab, C-s, Escape …).
func (tm *tmuxTerm) keys(keys ...string) {
	tm.run(append([]string{"send-keys", "-t", "e2e"}, keys...)...)
}

// text types literal text.
func (tm *tmuxTerm) text(s string) { tm.run("send-keys", "-t", "e2e", "-l", s) }

// waitFor polls the screen until it matches, failing after 10 s.
func (tm *tmuxTerm) waitFor(what string, ok func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := tm.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("waiting for %s; screen:\n%s", what, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (tm *tmuxTerm) waitText(s string) string {
	tm.t.Helper()
	return tm.waitFor(fmt.Sprintf("%q", s), func(screen string) bool { return strings.Contains(screen, s) })
}

// TestEndToEndInTmux: demo → filter → open → edit → save → quit, then
// `fichier check` shows the change.
func TestEndToEndInTmux(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if out, ok := run(t, nil, "demo", "--db", db, "--people", "2000", "--no-ui"); !ok {
		t.Fatal(out)
	}
	before, _ := run(t, nil, "check", "--db", db)
	counts := regexp.MustCompile(`compagnons: (\d+), contacts: (\d+)`)
	b := counts.FindStringSubmatch(before)

	tm := newTmux(t, []string{"NO_COLOR=1", "TERM=xterm-256color"}, "demo", "--db", db)
	home := tm.waitText("Écrans")
	for i, line := range strings.Split(strings.TrimRight(home, "\n"), "\n") {
		if w := len([]rune(line)); w > 80 {
			t.Errorf("line %d is %d wide", i, w)
		}
	}
	tm.keys("1")
	tm.waitText("Nom")
	tm.keys("/")
	tm.text("type:contact quartier:villeneuve")
	tm.waitFor("filtered status", func(s string) bool { return regexp.MustCompile(`\d+ / 2 000 fiches`).MatchString(s) })
	tm.keys("Enter") // leave the filter bar for the list
	tm.waitText("entrée ouvrir")
	tm.keys("Enter") // open the fiche
	// The title is "Fiche 1 440 · Mélanie BENALI · …" once loaded (just
	// "Fiche 1 440" before): the last name is in capitals.
	titleRe := regexp.MustCompile(`Fiche [\d  ]+ · [^·]*?((?:[A-ZÀ-Ý'-]{2,} ?)+) ·`)
	title := tm.waitFor("the fiche's title", titleRe.MatchString)
	m := titleRe.FindStringSubmatch(title)
	if m == nil {
		t.Fatalf("no fiche title:\n%s", title)
	}
	name := strings.TrimSpace(m[1])
	tm.keys("e")
	tm.waitText("▸ Type de fiche")
	tm.keys("Right") // contact → compagnon de route
	// One field at a time: wait for the field counter to move after each tab.
	for i := 2; i < 40 && !strings.Contains(tm.screen(), "▸ Mobile"); i++ {
		tm.keys("Tab")
		tm.waitText(fmt.Sprintf("champ %d/", i))
	}
	tm.waitText("▸ Mobile")
	tm.keys("C-u")
	tm.text("06 12 AB 56 78")
	tm.keys("C-s") // refused: letters in the phone
	tm.waitText("lettres")
	tm.keys("C-u")
	tm.text("06 11 22 33 44")
	tm.keys("C-s")
	tm.waitText("Fiche enregistrée")
	tm.keys("C-c") // q quits from home only
	tm.waitText("FIN-DU-PROGRAMME")

	after, ok := run(t, nil, "check", "--db", db)
	if !ok {
		t.Fatalf("check after the session:\n%s", after)
	}
	a := counts.FindStringSubmatch(after)
	if atoi(a[1]) != atoi(b[1])+1 || atoi(a[2]) != atoi(b[2])-1 {
		t.Errorf("check does not show %s moved from contact to compagnon:\nbefore %s\nafter  %s", name, firstLine(before), firstLine(after))
	}
	// The file holds the new phone on that fiche, with its journal entry.
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sys := st.SystemSession("test")
	q, _ := query.Parse("tél:0611223344 type:compagnon")
	res, _ := st.Search(sys, q, store.SortName)
	if len(res.IDs) != 1 {
		t.Fatalf("%d fiches with the new phone", len(res.IDs))
	}
	p, _ := st.Get(sys, res.IDs[0])
	if !strings.EqualFold(p.LastName, name) {
		t.Errorf("edited %s, found %s", name, p.LastName)
	}
	hist, _ := st.History(sys, p.ID)
	if len(hist) == 0 || hist[0].Actor != "amartin" || !strings.Contains(fmt.Sprint(hist[0].Changes), "+33611223344") {
		t.Errorf("journal: %+v", hist)
	}
}

func atoi(s string) int {
	n := 0
	fmt.Sscanf(s, "%d", &n)
	return n
}
