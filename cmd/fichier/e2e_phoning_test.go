//go:build !windows

package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fichier/model/query"
	"fichier/store"
)

// TestPhoningRoundInTmux is a phone round on the built binary at 80×24 (issue
// 10): filter the list by typing, open the first fiche, go to its notes,
// and twenty times: e, type the call's note, ctrl+s, + to the next person —
// with stray keys on the way (q, j, an esc in the form answered « n »).
// Every note lands on its own fiche, in the list's order, and the list's
// cursor ends on the person after the last one called.
func TestPhoningRoundInTmux(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	const filter = "type:adh statut:actif"
	// A fresh demo file: its password, printed before the full-screen app
	// (hidden by it), is on the home screen too.
	tm := newApp(t, "demo", "--db", db)
	home := strings.ReplaceAll(tm.waitText("Écrans"), "\n", " ")
	pw := regexp.MustCompile(`mot\s+de\s+passe\s+([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})`).FindStringSubmatch(home)
	if pw == nil || !regexp.MustCompile(`identifiant\s+amartin`).MatchString(home) {
		t.Errorf("the home screen does not say how to log in:\n%s", home)
	}
	tm.keys("1")
	tm.waitText("Nom")
	tm.text(filter) // no / : typing in the list searches
	list := tm.waitFor("filtered list", func(s string) bool {
		return strings.Contains(s, "Fiches · /"+filter) && regexp.MustCompile(`\d+ / 2 000 fiches`).MatchString(s)
	})
	total := atoi(strings.ReplaceAll(regexp.MustCompile(`([\d  ]+) / 2 000 fiches`).FindStringSubmatch(list)[1], " ", ""))
	if total < 21 {
		t.Fatalf("only %d fiches for %q", total, filter)
	}
	tm.keys("Enter") // leave the bar
	tm.waitText("entrée ouvrir")
	tm.keys("Enter") // the first fiche
	tm.waitText(fmt.Sprintf("1 / %d", total))
	tm.keys("Left", "Left") // the Notes tab (it stays from fiche to fiche)
	tm.waitText("[Notes]")
	for i := 1; i <= 20; i++ {
		tm.waitText(fmt.Sprintf(" %d / %d", i, total))
		switch i {
		case 3:
			tm.keys("q") // a stray q: no quitting outside home
		case 7:
			tm.keys("j", "k")
		}
		tm.keys("e") // on the Notes tab, e opens the form on the notes
		tm.waitText("▸ Notes")
		note := fmt.Sprintf("appel %d : rappeler", i)
		tm.keys("Enter")
		tm.text(note)
		if i == 5 {
			tm.keys("Escape") // a stray esc: the form asks, « n » keeps the text
			tm.waitText("Abandonner les modifications")
			tm.keys("n")
			tm.waitText("▸ Notes")
		}
		if i == 11 {
			tm.keys("C-n") // already on Notes: stays there
		}
		tm.keys("C-s")
		tm.waitText("Fiche enregistrée")
		tm.keys("+")
	}
	tm.waitText(fmt.Sprintf(" 21 / %d", total))
	tm.keys("Escape")
	list = tm.waitText("entrée ouvrir")
	cursor := regexp.MustCompile(`▸ (\S+)`).FindStringSubmatch(list)
	tm.quitWith("C-c")

	st, sys := openFile(t, db, store.Options{})
	defer st.Close()
	if pw != nil {
		if _, err := st.Login("amartin", pw[1]); err != nil {
			t.Errorf("the password shown does not log in: %v", err)
		}
	}
	q, _ := query.Parse(filter)
	res, err := st.Search(sys, q, store.SortName)
	if err != nil || len(res.IDs) != total {
		t.Fatalf("search: %d fiches, %v", len(res.IDs), err)
	}
	for i, id := range res.IDs[:21] {
		p, _ := st.Get(sys, id)
		n := strings.Count(p.Notes, "appel ")
		want := fmt.Sprintf("appel %d : rappeler", i+1)
		switch {
		case i == 20 && n != 0:
			t.Errorf("fiche 21 (%s) was not called but has %q", p.LastName, p.Notes)
		case i < 20 && (n != 1 || !strings.Contains(p.Notes, want)):
			t.Errorf("fiche %d (%s): notes %q, want one %q", i+1, p.LastName, p.Notes, want)
		}
		if i == 20 && (cursor == nil || !strings.EqualFold(cursor[1], p.LastName) && !strings.HasPrefix(strings.ToUpper(p.LastName), cursor[1])) {
			t.Errorf("the list's cursor is on %v, want %s", cursor, p.LastName)
		}
	}
}
