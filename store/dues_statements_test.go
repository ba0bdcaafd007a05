package store

import (
	"errors"
	"strings"
	"testing"

	"fichier/model"
)

func TestDuesSettingsKeptAndJournaled(t *testing.T) {
	w := newWorld(t)
	if got := w.st.DuesSettings(w.secA.Path); got != model.DefaultDuesSettings() {
		t.Fatalf("defaults %+v", got)
	}
	set := model.DefaultDuesSettings()
	set.CashLimit, set.CashEligible, set.TaxRatePct = 100_00, false, 60
	if err := w.st.SetDuesSettings(w.sys, w.fed.ID, set); err != nil {
		t.Fatal(err)
	}
	tres := w.user(t, "Trésorier", "Sud", w.secA.Path, model.RightCotisations)
	if err := w.st.SetDuesSettings(tres, w.fed.ID, model.DefaultDuesSettings()); !errors.Is(err, ErrForbidden) {
		t.Errorf("a section sets the federation's figures: %v", err)
	}
	bad := set
	bad.Ceiling = 0
	if err := w.st.SetDuesSettings(w.sys, w.fed.ID, bad); err == nil {
		t.Error("zero ceiling accepted")
	}
	// The grace period alone keeps the other figures.
	if err := w.st.SetDuesGrace(w.sys, w.fed.ID, 4); err != nil {
		t.Fatal(err)
	}
	w.st.Close()
	w.st = openTest(t, w.path)
	want := set
	want.GraceMonths = 4
	if got := w.st.DuesSettings(w.cellA1.Path); got != want {
		t.Errorf("kept %+v, want %+v", got, want)
	}
	j, _ := w.st.Journal(w.sys, JournalFilter{})
	var found bool
	for _, e := range j {
		if e.Action == ActionDuesSettings && len(e.Changes) == 3 {
			found = true
		}
	}
	if !found {
		t.Errorf("settings change not journaled: %+v", j)
	}
}

func TestPaymentWarningsFromTheStore(t *testing.T) {
	w := newWorld(t)
	a := w.adherent(t, "Émilie", "Dupont", w.cellA1.Path)
	at := model.NewDate(2026, 3, 1)
	got, err := w.st.PaymentWarnings(w.sys, payment(a.ID, at, 200_00, model.ModeEspeces))
	if err != nil || len(got) != 1 || !strings.Contains(got[0], "150,00") {
		t.Fatalf("cash: %v %q", err, got)
	}
	for range 2 {
		if _, err := w.st.RecordPayment(w.sys, payment(a.ID, at, 7_450_00, model.ModeVirement)); err != nil {
			t.Fatal(err)
		}
	}
	// 14 900 € so far in 2026: 100 € more reaches the ceiling, a cent more passes it.
	if got, _ := w.st.PaymentWarnings(w.sys, payment(a.ID, at, 100_00, model.ModeCheque)); len(got) != 0 {
		t.Errorf("at the ceiling: %q", got)
	}
	if got, _ := w.st.PaymentWarnings(w.sys, payment(a.ID, at, 100_01, model.ModeCheque)); len(got) != 1 || !strings.Contains(got[0], "plafond annuel") {
		t.Errorf("above the ceiling: %q", got)
	}
	// Another year starts from zero.
	if got, _ := w.st.PaymentWarnings(w.sys, payment(a.ID, model.NewDate(2025, 3, 1), 100_01, model.ModeCheque)); len(got) != 0 {
		t.Errorf("2025: %q", got)
	}
}

func TestStatementsAndCorrectionsAfterIssue(t *testing.T) {
	w := newWorld(t)
	a := w.adherent(t, "Émilie", "Dupont", w.cellA1.Path)
	b := w.adherent(t, "Marc", "Roux", w.cellA1.Path)
	full, _ := w.st.Get(w.sys, a.ID)
	full.Address = model.Address{Street: "3 rue des Lilas", PostalCode: "13001", Commune: "Marseille"}
	if _, err := w.st.Update(w.sys, full); err != nil {
		t.Fatal(err)
	}
	fb, _ := w.st.Get(w.sys, b.ID)
	fb.Address.Street = ""
	if _, err := w.st.Update(w.sys, fb); err != nil {
		t.Fatal(err)
	}
	rec := func(who model.PersonID, d model.Date, c model.Cents, m model.PayMode) model.Payment {
		t.Helper()
		p, err := w.st.RecordPayment(w.sys, payment(who, d, c, m))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	rec(a.ID, model.NewDate(2026, 2, 3), 120_00, model.ModeCheque)
	rec(a.ID, model.NewDate(2026, 4, 1), 40_00, model.ModeEspeces)
	wrong := rec(a.ID, model.NewDate(2026, 5, 1), 60_00, model.ModeVirement)
	rec(a.ID, model.NewDate(2025, 12, 30), 99_00, model.ModeCheque) // counts in 2025
	rec(b.ID, model.NewDate(2026, 6, 1), 10_00, model.ModeCarte)
	if _, err := w.st.CancelPayment(w.sys, wrong.ID); err != nil {
		t.Fatal(err)
	}
	lines, err := w.st.Statements(w.sys, 2026)
	if err != nil || len(lines) != 2 {
		t.Fatalf("%v %+v", err, lines)
	}
	l := lines[0]
	if l.LastName != "Dupont" || l.Total != 160_00 || l.Eligible != 160_00 || l.ByMode[model.ModeVirement] != 0 || len(l.Payments) != 4 || l.AddressMissing || l.Section == "" {
		t.Errorf("Dupont %+v", l)
	}
	if !lines[1].AddressMissing || lines[1].Total != 10_00 {
		t.Errorf("Roux %+v", lines[1])
	}
	// Another section's treasurer sees nothing of them.
	other := w.user(t, "Trésorier", "Nord", w.secB.Path, model.RightCotisations|model.RightExport)
	if got, _ := w.st.Statements(other, 2026); len(got) != 0 {
		t.Errorf("out of scope: %+v", got)
	}
	if err := w.st.IssueStatements(w.user(t, "Lecteur", "Sud", w.secA.Path, 0), lines); !errors.Is(err, ErrForbidden) {
		t.Errorf("issued without the export right: %v", err)
	}
	if err := w.st.IssueStatements(w.sys, lines); err != nil {
		t.Fatal(err)
	}
	// A correction after the statement was issued shows on the next one.
	rec(a.ID, model.NewDate(2026, 7, 1), 15_00, model.ModePrelevement)
	lines, _ = w.st.Statements(w.sys, 2026)
	if !lines[0].Changed() || lines[0].Issued.Eligible != 160_00 || lines[0].Eligible != 175_00 || lines[1].Changed() {
		t.Errorf("after a correction %+v / %+v", lines[0].Issued, lines[1].Issued)
	}
	h, _ := w.st.History(w.sys, a.ID)
	var ok bool
	for _, e := range h {
		ok = ok || (e.Action == ActionStatement && strings.Contains(e.Detail, "160,00"))
	}
	if !ok {
		t.Error("statement not in the adherent's journal")
	}
}

func TestDuesBehindWithArrears(t *testing.T) {
	w := newWorld(t)
	a := w.adherent(t, "Émilie", "Dupont", w.cellA1.Path)
	b := w.adherent(t, "Marc", "Roux", w.cellA1.Path)
	w.adherent(t, "Léa", "Martin", w.cellB1.Path) // another section
	if _, err := w.st.SetContribution(w.sys, a.ID, 0, model.Contribution{Cents: 10_00, Rhythm: model.RhythmMensuel}); err != nil {
		t.Fatal(err)
	}
	// Émilie paid through May 2026: behind since June, six months at 10 € (today 25/11/2026).
	if _, err := w.st.RecordPayment(w.sys, model.Payment{Person: a.ID, Date: model.NewDate(2026, 5, 2), Cents: 10_00, Mode: model.ModeCheque,
		Period: model.Period{From: model.NewMonth(2026, 5), To: model.NewMonth(2026, 5)}}); err != nil {
		t.Fatal(err)
	}
	// Marc is up to date.
	if _, err := w.st.RecordPayment(w.sys, payment(b.ID, model.NewDate(2026, 2, 1), 120_00, model.ModeCheque)); err != nil {
		t.Fatal(err)
	}
	tres := w.user(t, "Trésorier", "Sud", w.secA.Path, model.RightCotisations)
	got, err := w.st.DuesBehind(tres)
	if err != nil || len(got) != 1 {
		t.Fatalf("%v %+v", err, got)
	}
	if got[0].Person.ID != a.ID || got[0].Arrears.Due != 60_00 || got[0].Arrears.Since != model.NewMonth(2026, 6) || got[0].Person.Address.Street == "" {
		t.Errorf("%+v", got[0])
	}
}

// TestStatementAfterAMutationMidYear: an adherent paid in Isère in March,
// moved to the Rhône in November: the Rhône's statement for the year holds
// the March payment (payments are keyed by the person), Isère's none.
func TestStatementAfterAMutationMidYear(t *testing.T) {
	w := newMutationWorld(t)
	p := w.adherent
	if _, err := w.st.RecordPayment(w.sys, payment(p.ID, model.NewDate(2026, 3, 12), 60_00, model.ModeCheque)); err != nil {
		t.Fatal(err)
	}
	m, err := w.st.Depart(w.isereSec, Departure{PersonID: p.ID, Version: p.Version, Dest: model.Destination{Federation: w.fed2.ID}, Date: w.moveOn})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.ProcessArrival(w.rhoneFed, m.ID, w.secR.Path); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.RecordPayment(w.sys, payment(p.ID, model.NewDate(2026, 11, 22), 10_00, model.ModeCarte)); err != nil {
		t.Fatal(err)
	}
	lines, err := w.st.Statements(w.rhoneFed, 2026)
	if err != nil || len(lines) != 1 || lines[0].Total != 70_00 || len(lines[0].Payments) != 2 || lines[0].Section != "Lyon 3e" {
		t.Fatalf("Rhône: %v %+v", err, lines)
	}
	isere := w.user(t, "Trésorier", "Isère", w.fed.Path, model.RightCotisations|model.RightExport)
	if got, _ := w.st.Statements(isere, 2026); len(got) != 0 {
		t.Errorf("Isère still lists %+v", got)
	}
}
