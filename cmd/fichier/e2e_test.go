//go:build !windows

package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"fichier/model/query"
	"fichier/store"
)

// TestEndToEndInTmux: demo → filter → open → edit → save → quit, then
// `fichier check` shows the change.
func TestEndToEndInTmux(t *testing.T) {
	db := demoDB(t, 2000)
	before, _ := run(t, nil, "check", "--db", db)
	counts := regexp.MustCompile(`compagnons: (\d+), contacts: (\d+)`)
	b := counts.FindStringSubmatch(before)

	tm := newApp(t, "demo", "--db", db)
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
	tm.tabTo("▸ Mobile")
	tm.keys("C-u")
	tm.text("06 12 AB 56 78")
	tm.keys("C-s") // refused: letters in the phone
	tm.waitText("lettres")
	tm.keys("C-u")
	tm.text("06 11 22 33 44")
	tm.keys("C-s")
	tm.waitText("Fiche enregistrée")
	tm.quitWith("C-c") // q quits from home only

	after, ok := run(t, nil, "check", "--db", db)
	if !ok {
		t.Fatalf("check after the session:\n%s", after)
	}
	a := counts.FindStringSubmatch(after)
	if atoi(a[1]) != atoi(b[1])+1 || atoi(a[2]) != atoi(b[2])-1 {
		t.Errorf("check does not show %s moved from contact to compagnon:\nbefore %s\nafter  %s", name, firstLine(before), firstLine(after))
	}
	// The file holds the new phone on that fiche, with its journal entry.
	st, sys := openFile(t, db, store.Options{ReadOnly: true})
	defer st.Close()
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
