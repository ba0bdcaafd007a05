package store

import (
	"errors"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

func (w *world) adherent(t testing.TB, first, last string, org model.Org) model.Person {
	t.Helper()
	return w.create(t, person(first, last, model.KindAdherent, org))
}

func payment(who model.PersonID, d model.Date, c model.Cents, m model.PayMode) model.Payment {
	return model.Payment{Person: who, Date: d, Cents: c, Mode: m}
}

func TestRecordAndCancelPayment(t *testing.T) {
	w := newWorld(t)
	a := w.adherent(t, "Émilie", "Dupont", w.cellA1.Path)
	tres := w.user(t, "Trésorier", "Sud", w.secA.Path, model.RightCotisations)
	today := model.DateOf(fixedNow)

	st, _ := w.st.DuesStatus(tres, []model.PersonID{a.ID})
	if st[0].State != model.DuesJamais {
		t.Fatalf("before any payment: %v", st[0])
	}
	p, err := w.st.RecordPayment(tres, model.Payment{Person: a.ID, Date: today, Cents: 12000, Mode: model.ModeCheque, Reference: "n° 1234567"})
	if err != nil {
		t.Fatal(err)
	}
	if p.ID == 0 || p.RecordedBy == "" || p.Period != (model.Period{From: model.NewMonth(2026, 1), To: model.NewMonth(2026, 12)}) {
		t.Errorf("stored %+v", p)
	}
	st, _ = w.st.DuesStatus(tres, []model.PersonID{a.ID})
	if st[0].State != model.DuesAJour {
		t.Errorf("after paying the year: %v", st[0])
	}
	ce, err := w.st.CancelPayment(tres, p.ID)
	if err != nil || ce.Cents != -12000 || ce.Cancels != p.ID {
		t.Fatalf("%v %+v", err, ce)
	}
	if _, err := w.st.CancelPayment(tres, p.ID); !errors.Is(err, ErrAlreadyCancelled) {
		t.Errorf("cancelled twice: %v", err)
	}
	if _, err := w.st.CancelPayment(tres, ce.ID); !errors.Is(err, ErrCounterEntry) {
		t.Errorf("counter-entry cancelled: %v", err)
	}
	list, err := w.st.Payments(tres, a.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("payments kept: %v %+v", err, list)
	}
	st, _ = w.st.DuesStatus(tres, []model.PersonID{a.ID})
	if st[0].State != model.DuesJamais {
		t.Errorf("after the counter-entry: %v", st[0])
	}
	h, _ := w.st.History(w.sys, a.ID)
	var seen []model.Action
	for _, e := range h {
		seen = append(seen, e.Action)
	}
	if !containsAction(seen, ActionPayment) || !containsAction(seen, ActionPaymentCancel) {
		t.Errorf("journal %v", seen)
	}
	// The summary survives a reopening (rebuilt from the file) and an edit of the fiche.
	if _, err := w.st.RecordPayment(tres, payment(a.ID, today, 1000, model.ModeEspeces)); err != nil {
		t.Fatal(err)
	}
	full, _ := w.st.Get(w.sys, a.ID)
	full.Notes = "modifiée"
	if _, err := w.st.Update(w.sys, full); err != nil {
		t.Fatal(err)
	}
	w.st.Close()
	w.st = openTest(t, w.path)
	sess := w.st.SystemSession("t")
	st, _ = w.st.DuesStatus(sess, []model.PersonID{a.ID})
	if st[0].State != model.DuesAJour {
		t.Errorf("after reopening: %v", st[0])
	}
}

func containsAction(list []model.Action, a model.Action) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

func TestPaymentRights(t *testing.T) {
	w := newWorld(t)
	a := w.adherent(t, "Émilie", "Dupont", w.cellA1.Path)
	b := w.adherent(t, "Karim", "Benali", w.cellB1.Path)
	c := w.create(t, person("Luc", "Contact", model.KindContact, w.cellA1.Path))
	today := model.DateOf(fixedNow)
	reader := w.user(t, "Lecture", "Seule", w.fed.Path, model.ReadOnly)
	writer := w.user(t, "Saisie", "Fiches", w.secA.Path, model.RightWrite)
	tres := w.user(t, "Trésorier", "Sud", w.secA.Path, model.RightCotisations)

	for name, c := range map[string]struct {
		sess *Session
		id   model.PersonID
		want error
	}{
		"read-only":            {reader, a.ID, ErrForbidden},
		"write without dues":   {writer, a.ID, ErrForbidden},
		"out of scope":         {tres, b.ID, ErrNotFound},
		"contact does not owe": {tres, c.ID, ErrNotAdherent},
	} {
		_, err := w.st.RecordPayment(c.sess, payment(c.id, today, 1000, model.ModeCheque))
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	p, err := w.st.RecordPayment(tres, payment(a.ID, today, 1000, model.ModeCheque))
	if err != nil {
		t.Fatal(err)
	}
	if list, err := w.st.Payments(reader, a.ID); err != nil || len(list) != 1 {
		t.Errorf("read-only sees: %v %v", err, list)
	}
	if _, err := w.st.CancelPayment(reader, p.ID); !errors.Is(err, ErrForbidden) {
		t.Errorf("read-only cancels: %v", err)
	}
	other := w.user(t, "Trésorier", "Nord", w.secB.Path, model.RightCotisations)
	if _, err := w.st.Payments(other, a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("out of scope sees: %v", err)
	}
	if _, err := w.st.CancelPayment(other, p.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("out of scope cancels: %v", err)
	}
	for _, bad := range []model.Payment{
		payment(a.ID, today, 0, model.ModeCheque), payment(a.ID, today, -5, model.ModeCheque),
		payment(a.ID, today, model.MaxPayment+1, model.ModeCheque), payment(a.ID, today, 100, 0),
		payment(a.ID, today+1, 100, model.ModeCheque),
	} {
		if _, err := w.st.RecordPayment(tres, bad); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
}

func TestSetContribution(t *testing.T) {
	w := newWorld(t)
	a := w.adherent(t, "Émilie", "Dupont", w.cellA1.Path)
	tres := w.user(t, "Trésorier", "Sud", w.secA.Path, model.RightCotisations)
	writer := w.user(t, "Saisie", "Fiches", w.secA.Path, model.RightWrite)
	c := model.Contribution{Cents: 1500, Rhythm: model.RhythmMensuel}
	if _, err := w.st.SetContribution(writer, a.ID, 0, c); !errors.Is(err, ErrForbidden) {
		t.Errorf("without the right: %v", err)
	}
	if _, err := w.st.SetContribution(tres, a.ID, a.Version+5, c); !errors.Is(err, ErrStale) {
		t.Errorf("stale: %v", err)
	}
	if _, err := w.st.SetContribution(tres, a.ID, 0, model.Contribution{Cents: 1500}); err == nil {
		t.Error("no rhythm accepted")
	}
	p, err := w.st.SetContribution(tres, a.ID, a.Version, c)
	if err != nil || p.Contribution != c {
		t.Fatalf("%v %+v", err, p.Contribution)
	}
	// An edit of the fiche (write right) keeps the contribution.
	p.Contribution = model.Contribution{}
	p2, err := w.st.Update(w.sys, p)
	if err != nil || p2.Contribution != c {
		t.Errorf("fiche edit changed the contribution: %v %+v", err, p2.Contribution)
	}
	// The default period follows the agreed rhythm: 45 € monthly of 15 € covers three months.
	pay, err := w.st.RecordPayment(tres, payment(a.ID, model.NewDate(2026, 11, 2), 4500, model.ModePrelevement))
	if err != nil || pay.Period != (model.Period{From: model.NewMonth(2026, 11), To: model.NewMonth(2027, 1)}) {
		t.Errorf("%v %v", err, pay.Period)
	}
}

func TestDuesGrace(t *testing.T) {
	w := newWorld(t)
	a := w.adherent(t, "Émilie", "Dupont", w.cellA1.Path)
	// Paid up to September 2026; today is 25/11/2026: 2 months, within the default grace.
	if _, err := w.st.RecordPayment(w.sys, model.Payment{Person: a.ID, Date: model.NewDate(2026, 9, 1), Cents: 1000, Mode: model.ModeCheque,
		Period: model.Period{From: model.NewMonth(2026, 9), To: model.NewMonth(2026, 9)}}); err != nil {
		t.Fatal(err)
	}
	status := func() model.DuesStatus {
		st, _ := w.st.DuesStatus(w.sys, []model.PersonID{a.ID})
		return st[0]
	}
	if s := status(); s.State != model.DuesAJour {
		t.Errorf("default grace: %v", s)
	}
	if err := w.st.SetDuesGrace(w.sys, w.fed.ID, 1); err != nil {
		t.Fatal(err)
	}
	if s := status(); s.State != model.DuesRetard || s.MonthsLate != 2 {
		t.Errorf("grace 1: %v", s)
	}
	if err := w.st.SetDuesGrace(w.sys, w.fed.ID, 99); err == nil {
		t.Error("absurd grace accepted")
	}
	tres := w.user(t, "Trésorier", "Sud", w.secA.Path, model.RightCotisations)
	if err := w.st.SetDuesGrace(tres, w.fed.ID, 3); !errors.Is(err, ErrForbidden) {
		t.Errorf("a section sets the federation's grace: %v", err)
	}
	w.st.Close()
	w.st = openTest(t, w.path)
	if w.st.DuesGrace(a.Org) != 1 {
		t.Error("grace not kept")
	}
}

func TestMigrationRetiresHandSetLateStatus(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	st := openTest(t, path)
	w := &world{st: st, path: path, sys: st.SystemSession("test")}
	w.makeUnits(t)
	late := w.adherent(t, "Paul", "Retard", w.cellA1.Path)
	ok := w.adherent(t, "Anne", "Ajour", w.cellA1.Path)
	st.Close()
	// Make it a schema-1 file: no dues buckets, one fiche flagged by hand.
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bPayments, bPaymentsByPerson, bDuesGrace} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		p, err := getPerson(tx, late.ID)
		if err != nil {
			return err
		}
		p.Status = model.StatusEnRetard
		if err := tx.Bucket(bPeople).Put(itob(uint64(p.ID)), encodePerson(nil, &p)); err != nil {
			return err
		}
		return setSchema(tx, 1)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	st = openTest(t, path)
	sys := st.SystemSession("t")
	for _, id := range []model.PersonID{late.ID, ok.ID} {
		p, err := st.Get(sys, id)
		if err != nil || p.Status != model.StatusActif {
			t.Errorf("fiche %d: %v %v", id, err, p.Status)
		}
	}
	h, _ := st.History(sys, late.ID)
	last := h[0] // newest first
	if last.Action != model.ActionMigration || len(last.Changes) != 1 || last.Changes[0].Old != "en retard de cotisation" {
		t.Errorf("journal %+v", last)
	}
	if _, err := st.RecordPayment(sys, payment(late.ID, model.DateOf(fixedNow), 1000, model.ModeCheque)); err != nil {
		t.Errorf("dues buckets missing: %v", err)
	}
}

func TestPaymentCodec(t *testing.T) {
	p := model.Payment{ID: 9, Person: 4, Date: model.NewDate(2026, 3, 1), Cents: -123456, Period: model.Period{From: 24300, To: 24311},
		Mode: model.ModeVirement, Reference: "VIR SEPA 42", RecordedBy: "tres", RecordedAt: fixedNow.Local(), Cancels: 8}
	got, err := decodePayment(9, encodePayment(&p))
	if err != nil || got != p {
		t.Errorf("%v\n got %+v\nwant %+v", err, got, p)
	}
	for _, bad := range [][]byte{nil, {2}, {codecVersion, 0x80}, {codecVersion, 0x03, 0x09}} {
		if _, err := decodePayment(1, bad); err == nil {
			t.Errorf("corrupt %x accepted", bad)
		}
	}
}

func TestFindAdherentsAndCounts(t *testing.T) {
	w := newWorld(t)
	a := w.adherent(t, "Émilie", "Dupont", w.cellA1.Path)
	w.adherent(t, "Karim", "Benali", w.cellB1.Path)
	w.create(t, person("Luc", "Dupuis", model.KindContact, w.cellA1.Path))
	tres := w.user(t, "Trésorier", "Sud", w.secA.Path, model.RightCotisations)
	got, err := w.st.FindAdherents(tres, "dup", 5)
	if err != nil || len(got) != 1 || got[0].ID != a.ID {
		t.Fatalf("by name: %v %+v", err, got)
	}
	num := a.MemberNumber[len(a.MemberNumber)-3:]
	if got, _ := w.st.FindAdherents(tres, num, 5); len(got) != 1 || got[0].ID != a.ID {
		t.Errorf("by number %q: %+v", num, got)
	}
	if got, _ := w.st.FindAdherents(tres, "benali", 5); len(got) != 0 {
		t.Errorf("out of scope found: %+v", got)
	}
	if got, err := w.st.FindAdherents(tres, `"( : -`, 5); err != nil || len(got) != 0 {
		t.Errorf("syntax typed: %v %+v", err, got)
	}
	c, _ := w.st.DuesCount(w.sys)
	if c.Jamais != 2 || c.AJour != 0 {
		t.Errorf("counts %+v", c)
	}
	if _, err := w.st.RecordPayment(tres, payment(a.ID, model.DateOf(fixedNow), 1000, model.ModeCheque)); err != nil {
		t.Fatal(err)
	}
	if c, _ := w.st.DuesCount(w.sys); c.Jamais != 1 || c.AJour != 1 || c.Behind() != 1 {
		t.Errorf("counts after a payment %+v", c)
	}
}

func TestPaymentsFollowAMergeAndLoseTheirReferenceOnErasure(t *testing.T) {
	w := newWorld(t)
	keep := w.adherent(t, "Jean", "Martin", w.cellA1.Path)
	drop := w.adherent(t, "Jean", "Martin", w.cellA1.Path)
	today := model.DateOf(fixedNow)
	pay := func(id model.PersonID, d model.Date) {
		t.Helper()
		if _, err := w.st.RecordPayment(w.sys, model.Payment{Person: id, Date: d, Cents: 1000, Mode: model.ModeCheque, Reference: "chèque Jean Martin"}); err != nil {
			t.Fatal(err)
		}
	}
	pay(keep.ID, model.NewDate(2024, 3, 1))
	pay(drop.ID, today)
	st, _ := w.st.DuesStatus(w.sys, []model.PersonID{keep.ID})
	if st[0].State != model.DuesRetard {
		t.Fatalf("before: %v", st[0])
	}
	keep, _ = w.st.Get(w.sys, keep.ID)
	drop, _ = w.st.Get(w.sys, drop.ID)
	merged := keep.Clone()
	merged.MemberNumber = keep.MemberNumber
	if _, err := w.st.MergePeople(w.sys, merged, drop.ID, drop.Version); err != nil {
		t.Fatal(err)
	}
	list, _ := w.st.Payments(w.sys, keep.ID)
	if len(list) != 2 {
		t.Fatalf("after the merge: %+v", list)
	}
	if st, _ := w.st.DuesStatus(w.sys, []model.PersonID{keep.ID}); st[0].State != model.DuesAJour {
		t.Errorf("after the merge: %v", st[0])
	}
	from, to := YearPeriod(2026)
	if r, _ := w.st.DuesReport(w.sys, from, to); r.Total.Total != 1000 || r.Total.Cotisants != 1 {
		t.Errorf("report after the merge %+v", r.Total)
	}
	if err := w.st.Erase(w.sys, keep.ID); err != nil {
		t.Fatal(err)
	}
	err := w.st.db.View(func(tx *bolt.Tx) error {
		list, err := personPayments(tx, keep.ID)
		if len(list) != 2 || list[0].Reference != "" || list[1].Reference != "" || list[0].Cents != 1000 {
			t.Errorf("after erasure: %+v", list)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := w.st.DuesReport(w.sys, from, to); r.Total.Total != 0 {
		t.Errorf("an erased fiche's payments still count: %+v", r.Total)
	}
}

func TestDuesSummaryRebuiltAtOpenWithoutCancelledPayments(t *testing.T) {
	w := newWorld(t)
	a := w.adherent(t, "Émilie", "Dupont", w.cellA1.Path)
	old, _ := w.st.RecordPayment(w.sys, payment(a.ID, model.NewDate(2024, 5, 1), 1000, model.ModeCheque))
	p, _ := w.st.RecordPayment(w.sys, payment(a.ID, model.NewDate(2026, 5, 1), 1000, model.ModeCheque))
	if _, err := w.st.CancelPayment(w.sys, p.ID); err != nil || old.ID == 0 {
		t.Fatal(err)
	}
	w.st.Close()
	w.st = openTest(t, w.path)
	st, _ := w.st.DuesStatus(w.st.SystemSession("t"), []model.PersonID{a.ID})
	if st[0].State != model.DuesRetard || st[0].MonthsLate != 23 {
		t.Errorf("after reopening: %v", st[0])
	}
}

func TestCheckFindsDamagedPayments(t *testing.T) {
	w := newWorld(t)
	a := w.adherent(t, "Émilie", "Dupont", w.cellA1.Path)
	p, _ := w.st.RecordPayment(w.sys, payment(a.ID, model.DateOf(fixedNow), 1000, model.ModeCheque))
	if _, err := w.st.CancelPayment(w.sys, p.ID); err != nil {
		t.Fatal(err)
	}
	if r, err := w.st.Check(); err != nil || !r.OK() || r.Payments != 2 {
		t.Fatalf("%v %+v", err, r)
	}
	// A second counter-entry and an orphan index entry, written behind the store's back.
	err := w.st.db.Update(func(tx *bolt.Tx) error {
		ce := model.CounterEntry(p, "x", fixedNow)
		if err := putPayment(tx, &ce); err != nil {
			return err
		}
		return tx.Bucket(bPaymentsByPerson).Put(append(itob(99), itob(12345)...), nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := w.st.Check()
	if r.OK() || len(r.Problems) != 2 {
		t.Errorf("problems %q", r.Problems)
	}
}
