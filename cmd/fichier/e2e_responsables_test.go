//go:build !windows

package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// TestAppointResponsableInTmux drives the built binary at 80×24: a section
// responsable logs in, appoints an adherent of a cell as read-only cell
// responsable and reads the password once; in a second run the new
// responsable logs in with it, must change it, and sees exactly their
// cell; the file's journal holds all of it. Then reset-password, run by the
// file's holder, gives a new one.
func TestAppointResponsableInTmux(t *testing.T) {
	db := demoDB(t, 600)
	// Prepare: a section responsable (by the file's holder), and the
	// adherent of one of its cells to appoint.
	const secPassword = "Pomme-Poire-Kiwi-2026"
	var secUser, cellName, adhName string
	var adhID model.PersonID
	func() {
		st, sys := openFile(t, db, store.Options{})
		defer st.Close()
		q, _ := query.Parse("type:adh -cellule: statut:actif")
		res, err := st.Search(sys, q, store.SortName)
		if err != nil || len(res.IDs) < 2 {
			t.Fatalf("adherents in cells: %v %v", len(res.IDs), err)
		}
		first, _ := st.Get(sys, res.IDs[0])
		var second model.Person
		for _, id := range res.IDs[1:] {
			p, _ := st.Get(sys, id)
			if p.Org.Section == first.Org.Section && p.Org.Cell != 0 {
				second = p
				break
			}
		}
		if second.ID == 0 {
			t.Fatal("no second adherent in the section")
		}
		secScope := model.Org{Federation: first.Org.Federation, Section: first.Org.Section}
		u, _ := newResponsable(t, st, store.UserSpec{PersonID: first.ID, Scope: secScope, Rights: model.RightWrite | model.RightManage}, secPassword)
		secUser, adhID = u.Username, second.ID
		adhName = strings.ToUpper(second.LastName)
		units, _ := st.Units(sys)
		for _, un := range units {
			if un.ID == second.Org.Cell {
				cellName = un.Name
			}
		}
	}()

	// 1. The section responsable appoints the cell responsable.
	tm := newApp(t, "--db", db)
	tm.waitText("Connexion au fichier")
	tm.text(secUser)
	tm.keys("Tab")
	tm.text(secPassword)
	tm.keys("Enter")
	tm.waitText("Le fichier de la section")
	tm.keys("6")
	tm.waitText("n nommer")
	tm.keys("n")
	tm.waitText("quel adhérent ?")
	tm.text(strconv.FormatUint(uint64(adhID), 10))
	tm.waitText(adhName)
	tm.keys("Enter")
	tm.waitText("= lecture seule")
	form := tm.waitText(cellName)
	if !strings.Contains(form, "◂ cellule ▸") || !strings.Contains(form, "= lecture seule") {
		t.Fatalf("form defaults:\n%s", form)
	}
	tm.keys("Enter")
	shown := tm.waitText("Remettez-le en main propre")
	for i, line := range strings.Split(strings.TrimRight(shown, "\n"), "\n") {
		if w := len([]rune(line)); w > 80 {
			t.Errorf("line %d is %d wide", i, w)
		}
	}
	m := regexp.MustCompile(`Identifiant\s+(\S+)\s+Mot de passe\s+([a-z2-9-]{19})`).FindStringSubmatch(shown)
	if m == nil {
		t.Fatalf("no credentials shown:\n%s", shown)
	}
	newUser, given := m[1], m[2]
	tm.keys("Enter")
	tm.waitText("provisoire")
	tm.quitWith("C-c") // q quits from home only

	// 2. The new responsable logs in, changes the password, sees the cell.
	tm2 := newApp(t, "--db", db)
	tm2.waitText("Connexion au fichier")
	tm2.text(newUser)
	tm2.keys("Tab")
	tm2.text(given)
	tm2.keys("Enter")
	tm2.waitText("Choisissez votre mot de passe")
	const mine = "Cerises-Rouges-Juin-2026"
	tm2.text(mine)
	tm2.keys("Tab")
	tm2.text(mine)
	tm2.keys("Enter")
	home := tm2.waitText("Le fichier de la cellule")
	if !strings.Contains(home, newUser+" · lecture seule") {
		t.Errorf("header:\n%s", home)
	}
	tm2.quitWith("q")

	// 3. The file: the account, its scope, and the journal.
	st, sys := openFile(t, db, store.Options{})
	sess, err := st.Login(newUser, mine)
	if err != nil {
		t.Fatalf("login with the chosen password: %v", err)
	}
	all, _ := st.Search(sess, nil, store.SortName)
	for _, id := range all.IDs {
		p, _ := st.Get(sys, id)
		if p.Org.Cell != adhCell(t, st, adhID) {
			t.Errorf("the cell responsable sees fiche %d of another unit", id)
		}
	}
	j, _ := st.Journal(sys, store.JournalFilter{Kind: model.KindResponsable})
	var kinds []string
	for _, e := range j {
		kinds = append(kinds, e.Actor+":"+string(e.Action))
	}
	joined := strings.Join(kinds, " ")
	for _, want := range []string{newUser + ":responsable.mot-de-passe", secUser + ":responsable.création"} {
		if !strings.Contains(joined, want) {
			t.Errorf("journal lacks %s: %s", want, joined)
		}
	}
	st.Close()

	// 4. The file's holder resets the password: audited, to change at next login.
	out, ok := run(t, []string{"FICHIER_PASSWORD="}, "reset-password", "--generer", "--db", db, newUser)
	if !ok || !regexp.MustCompile(`mot de passe: \S{19}`).MatchString(out) || !strings.Contains(out, "changé à la prochaine connexion") {
		t.Errorf("reset-password: %s", out)
	}
	st, sys = openFile(t, db, store.Options{ReadOnly: true})
	defer st.Close()
	j, _ = st.Journal(sys, store.JournalFilter{Action: model.ActionPasswordReset})
	if len(j) != 1 || j[0].Actor != "système" || !strings.Contains(j[0].Detail, newUser) {
		t.Errorf("reset not journaled: %+v", j)
	}
}

func adhCell(t *testing.T, st *store.Store, id model.PersonID) model.UnitID {
	t.Helper()
	p, err := st.Get(st.SystemSession("test"), id)
	if err != nil {
		t.Fatal(err)
	}
	return p.Org.Cell
}
