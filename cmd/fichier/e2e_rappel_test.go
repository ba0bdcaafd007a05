//go:build !windows

package main

import (
	"strings"
	"testing"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// TestTwoCallersOverSSH: two callers, each in their own SSH session of
// `fichier serve` (real OpenSSH client in tmux), work through the same
// round: at no moment do they have the same person on screen, and every
// call they record is in the file afterwards, each on a different person.
func TestTwoCallersOverSSH(t *testing.T) {
	var round model.Round
	w := newSSHWorld(t, func(w *sshWorld, st *store.Store, _, bruno *store.Session) {
		// Bruno starts a round on his section's adherents.
		text := `section:"` + w.section.Name + `" type:adh`
		q, _ := query.Parse(text)
		var err error
		if round, err = st.CreateRound(bruno, model.Round{Name: "Soirée d'appels", Query: text}, q); err != nil {
			t.Fatal(err)
		}
		if info, _ := st.Round(bruno, round.ID); info.Progress.Total < 8 {
			t.Fatalf("round too small: %+v", info.Progress)
		}
	})
	srv := w.serve(t)
	anne := newTmuxShell(t, srv.ssh("anne", "amartin"))
	bruno := newTmuxShell(t, srv.ssh("bruno", "broux"))
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

	srv.terminate()
	srv.wait()
	st, sys := openFile(t, w.db, store.Options{ReadOnly: true})
	defer st.Close()
	calls, err := st.RoundCalls(sys, round.ID)
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
