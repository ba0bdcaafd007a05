package ui

import (
	"errors"
	"slices"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
	"fichier/store"
)

func TestDoublonsMergeAPair(t *testing.T) {
	w := newAppWorld(t, true)
	// Samira again, from a petition: same mobile, an email, another kind.
	dup := w.addPerson(t, model.Person{Kind: model.KindContact, FirstName: "Samira", LastName: "BENALI", Org: w.sec.Path,
		Mobile: "06 12 34 56 78", Email: "samira.b@exemple.fr", Source: "Pétition hôpital"})
	first, _ := w.st.Search(w.sys, mustParse(t, "nom:benali"), store.SortName)
	orig := first.IDs[0]
	if orig == dup.ID {
		orig = first.IDs[1]
	}
	d := startApp(t, w.st, w.session(t), 140, 36)
	d.waitFor("adhérents")
	d.press("ctrl+p")
	d.typeText("doublons")
	d.press("enter")
	d.waitFor("Doublons probables", "BENALI Samira (ID 1, adh.) ↔ BENALI Samira (ID 6, cont.) · même téléphone", "1 paire probable")
	d.press("enter")
	d.waitFor("Même personne ?", "Fiche ID 1 (gardée)", "Après fusion", "samira.b@exemple.fr", "Pétition hôpital")
	screenHas(t, d.screen(), "m fusionner") // on the help line at 80 columns
	scr := d.screen()
	appCheckFits(t, scr, 140, 36)
	screenHas(t, scr, "≠ ", "Type", "adhérent", "contact", "Structure")
	d.press("m")
	d.waitFor("Fusionner ces deux fiches ?", "La fiche ID 6 (BENALI Samira) est supprimée")
	d.press("o")
	d.waitFor("Fiches fusionnées")
	d.waitFor("Aucun doublon probable")
	if _, err := w.st.Get(w.sys, dup.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("duplicate still there: %v", err)
	}
	p, err := w.st.Get(w.sys, orig)
	if err != nil {
		t.Fatal(err)
	}
	// The union: the email and source of the other, the kept fiche's kind and place.
	if p.Email != "samira.b@exemple.fr" || p.Source != "Pétition hôpital" || p.Kind != model.KindAdherent || p.Org != w.cellE.Path {
		t.Errorf("merged %+v", p)
	}
	h, _ := w.st.History(w.sys, orig)
	if len(h) < 3 || h[0].Action != model.ActionPersonMerge {
		t.Errorf("history %+v", h)
	}
	d.press("esc")
	d.quit()
}

func TestMergeScreenChoosesFieldByField(t *testing.T) {
	w := newAppWorld(t, true)
	dup := w.addPerson(t, model.Person{Kind: model.KindContact, FirstName: "Samira", LastName: "Benali", Org: w.sec.Path,
		Mobile: "06 12 34 56 78", Address: model.Address{Street: "2 rue Haute", PostalCode: "38000", Commune: "Grenoble"}})
	sess := w.session(t)
	u, _ := sess.User()
	c := &Common{Store: w.st, Session: sess, User: u, Styles: testStyles(), Width: 120, Height: 30, Now: func() time.Time { return appNow }}
	first, _ := w.st.Search(w.sys, mustParse(t, "nom:benali"), store.SortName)
	orig := first.IDs[0]
	if orig == dup.ID {
		orig = first.IDs[1]
	}
	s := newMergeScreen(c, orig, dup.ID, []string{"même téléphone"})
	s.SetSize(120, 25)
	s.Update(runOnce(s.Init()))
	if !s.loaded || s.keep != 0 {
		t.Fatalf("loaded %v keep %d", s.loaded, s.keep)
	}
	if want := []string{model.FieldKind, model.FieldStreet, model.FieldOrg}; !slices.Equal(s.conflict, want) {
		t.Fatalf("conflicts %v, want %v", s.conflict, want)
	}
	// Take the other fiche's address.
	for i, r := range s.rows {
		if r.key == model.FieldStreet {
			s.tab.Select(i)
		}
	}
	s.Update(tea.KeyMsg{Type: tea.KeyRight})
	if s.merged.Address.Commune != "Grenoble" || s.merged.Kind != model.KindAdherent {
		t.Errorf("after choosing: %+v", s.merged)
	}
	screenHas(t, s.View(), "2 rue Haute, 38000 Grenoble")
	appCheckFits(t, s.View(), 120, 25)
	msg := runOnce(s.merge())
	s.Update(msg)
	if s.err != "" {
		t.Fatal(s.err)
	}
	p, err := w.st.Get(w.sys, orig)
	if err != nil || p.Address.Commune != "Grenoble" || p.Kind != model.KindAdherent || p.Org != w.cellE.Path {
		t.Errorf("merged fiche %+v %v", p, err)
	}
	// A second merge of the same pair: the other fiche is gone.
	s2 := newMergeScreen(c, orig, dup.ID, nil)
	if m, ok := runOnce(s2.Init()).(reply[mergeLoaded]); !ok || !errors.Is(m.err, store.ErrNotFound) {
		t.Errorf("stale pair: %+v", m)
	}
}
