package store

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"fichier/model"
)

func TestCardsHandedOverCountedAndSearched(t *testing.T) {
	w := newWorld(t)
	a := w.adherent(t, "Émilie", "Dupont", w.cellA1.Path)
	b := w.adherent(t, "Marc", "Roux", w.cellA1.Path)
	w.adherent(t, "Léa", "Martin", w.cellB1.Path)
	contact := w.create(t, person("Jean", "Contact", model.KindContact, w.cellA1.Path))
	tres := w.user(t, "Trésorier", "Sud", w.secA.Path, model.RightCotisations)
	reader := w.user(t, "Lecteur", "Sud", w.secA.Path, 0)

	if err := w.st.SetCard(tres, a.ID, 2026, true); err != nil {
		t.Fatal(err)
	}
	if err := w.st.SetCard(tres, a.ID, 2026, true); err == nil || !strings.Contains(err.Error(), "déjà été remise") {
		t.Errorf("handed twice: %v", err)
	}
	if err := w.st.SetCard(reader, b.ID, 2026, true); !errors.Is(err, ErrForbidden) {
		t.Errorf("without the right: %v", err)
	}
	if err := w.st.SetCard(tres, contact.ID, 2026, true); !errors.Is(err, ErrNotAdherent) {
		t.Errorf("a contact's card: %v", err)
	}
	if err := w.st.SetCard(tres, b.ID, 2025, true); err != nil {
		t.Fatal(err)
	}
	c, err := w.st.Card(reader, a.ID, 2026)
	if err != nil || !c.Handed() || c.HandedOn != model.DateOf(fixedNow) || c.HandedBy == "" {
		t.Errorf("card %+v %v", c, err)
	}
	search := func(q string) []model.PersonID {
		res, err := w.st.Search(w.sys, mustParse(t, q), SortName)
		if err != nil {
			t.Fatal(err)
		}
		return res.IDs
	}
	if got := search("carte:2026"); !slices.Equal(got, []model.PersonID{a.ID}) {
		t.Errorf("carte:2026 %v", got)
	}
	if got := search("-carte:2026 type:adhérent"); len(got) != 2 || slices.Contains(got, a.ID) {
		t.Errorf("-carte:2026 %v", got)
	}
	if h, m, _ := w.st.CardCount(tres, 2026); h != 1 || m != 2 {
		t.Errorf("section count %d / %d", h, m)
	}
	if h, m, _ := w.st.CardCount(w.sys, 2026); h != 1 || m != 3 {
		t.Errorf("national count %d / %d", h, m)
	}
	// A payment recomputes the dues summary: the card stays.
	if _, err := w.st.RecordPayment(tres, payment(a.ID, model.DateOf(fixedNow), 10_00, model.ModeCheque)); err != nil {
		t.Fatal(err)
	}
	if got := search("carte:2026"); len(got) != 1 {
		t.Errorf("card lost by a payment: %v", got)
	}
	// The report counts per section.
	from, to := YearPeriod(2026)
	r, err := w.st.DuesReport(w.sys, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if r.Total.Cards != 1 || r.Total.Members != 3 {
		t.Errorf("report total %d / %d", r.Total.Cards, r.Total.Members)
	}
	for _, s := range r.Sections {
		if s.Unit == w.secA.ID && (s.Cards != 1 || s.Members != 2) {
			t.Errorf("section A %d / %d", s.Cards, s.Members)
		}
	}
	// Kept across a reopening; withdrawn by mistake, journaled both ways.
	w.st.Close()
	w.st = openTest(t, w.path)
	if got := search("carte:2026"); len(got) != 1 {
		t.Errorf("after reopening: %v", got)
	}
	if err := w.st.SetCard(w.sys, a.ID, 2026, false); err != nil {
		t.Fatal(err)
	}
	if got := search("carte:2026"); len(got) != 0 {
		t.Errorf("after withdrawal: %v", got)
	}
	h, _ := w.st.History(w.sys, a.ID)
	n := 0
	for _, e := range h {
		if e.Action == ActionCard {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d card entries in the journal", n)
	}
}

// TestCardsFollowAMerge: the card of the fiche merged away goes to the one
// kept, in the file and in the index; a payment after keeps it.
func TestCardsFollowAMerge(t *testing.T) {
	w := newWorld(t)
	keep := w.adherent(t, "Jean", "Martin", w.cellA1.Path)
	drop := w.adherent(t, "Jean", "Martin", w.cellA1.Path)
	if err := w.st.SetCard(w.sys, drop.ID, 2026, true); err != nil {
		t.Fatal(err)
	}
	if err := w.st.SetCard(w.sys, keep.ID, 2025, true); err != nil {
		t.Fatal(err)
	}
	keep, _ = w.st.Get(w.sys, keep.ID)
	drop, _ = w.st.Get(w.sys, drop.ID)
	if _, err := w.st.MergePeople(w.sys, keep.Clone(), drop.ID, drop.Version); err != nil {
		t.Fatal(err)
	}
	for _, y := range []int{2025, 2026} {
		if c, err := w.st.Card(w.sys, keep.ID, y); err != nil || !c.Handed() {
			t.Errorf("card %d after the merge: %+v %v", y, c, err)
		}
	}
	if _, err := w.st.RecordPayment(w.sys, payment(keep.ID, model.DateOf(fixedNow), 10_00, model.ModeCheque)); err != nil {
		t.Fatal(err)
	}
	res, _ := w.st.Search(w.sys, mustParse(t, "carte:2026"), SortName)
	if len(res.IDs) != 1 || res.IDs[0] != keep.ID {
		t.Errorf("carte:2026 after the merge: %v", res.IDs)
	}
}
