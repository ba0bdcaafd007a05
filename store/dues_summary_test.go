package store

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// duesSummariesAgree fails t unless the stored summaries are those the
// payments give, and every index row holds its person's.
func duesSummariesAgree(t *testing.T, st *Store, when string) {
	t.Helper()
	err := st.db.View(func(tx *bolt.Tx) error {
		bucket := func(name []byte) kvBucket { return tx.Bucket(name) }
		checkDuesSummaries(bucket, func(format string, args ...any) {
			t.Errorf(when+": "+format, args...)
		})
		st.idx.mu.RLock()
		defer st.idx.mu.RUnlock()
		for id, e := range st.idx.byID {
			list, err := personPayments(tx, id)
			if err != nil {
				return err
			}
			want := model.SummarizeDues(list)
			want.Cards = personCards(tx, id)
			if e.Dues != want {
				t.Errorf("%s: fiche %d: index row %+v, payments %+v", when, id, e.Dues, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDuesSummaryFollowsEveryWrite: after random payments, counter-entries,
// merges, erasures, cards, edits and archivings, the stored summaries and
// the index rows' are the recomputation from the payments; also after
// reopening the file.
func TestDuesSummaryFollowsEveryWrite(t *testing.T) {
	w := newWorld(t)
	rng := rand.New(rand.NewPCG(16, 4))
	cells := []model.Org{w.cellA1.Path, w.cellA2.Path, w.cellB1.Path}
	var people []model.PersonID
	for i := range 12 {
		people = append(people, w.adherent(t, "Prénom", "Nom"+itoa(i), cells[i%3]).ID)
	}
	var paid []model.PaymentID
	alive := func() model.PersonID { return people[rng.IntN(len(people))] }
	for step := range 300 {
		switch op := rng.IntN(20); {
		case op < 10: // a payment, some for a period of their own
			p := payment(alive(), model.NewDate(2022+rng.IntN(5), 1+rng.IntN(11), 1+rng.IntN(28)), model.Cents(100+rng.IntN(20000)), model.ModeCheque)
			if p.Date > model.DateOf(fixedNow) {
				p.Date = model.DateOf(fixedNow)
			}
			if rng.IntN(3) == 0 {
				from := model.NewMonth(2020+rng.IntN(7), 1+rng.IntN(12))
				p.Period = model.Period{From: from, To: from + model.Month(rng.IntN(30))}
			}
			if got, err := w.st.RecordPayment(w.sys, p); err == nil {
				paid = append(paid, got.ID)
			}
		case op < 14 && len(paid) > 0: // a counter-entry (refused when already done)
			_, _ = w.st.CancelPayment(w.sys, paid[rng.IntN(len(paid))])
		case op < 16 && len(people) > 2: // a merge
			i, j := rng.IntN(len(people)), rng.IntN(len(people))
			if i == j {
				continue
			}
			keep, err1 := w.st.Get(w.sys, people[i])
			drop, err2 := w.st.Get(w.sys, people[j])
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if _, err := w.st.MergePeople(w.sys, keep.Clone(), drop.ID, drop.Version); err != nil {
				t.Fatalf("step %d: merge: %v", step, err)
			}
			people = slices.Delete(people, j, j+1)
		case op < 17 && len(people) > 2: // an erasure
			i := rng.IntN(len(people))
			if err := w.st.Erase(w.sys, people[i]); err != nil {
				t.Fatalf("step %d: erase: %v", step, err)
			}
			people = slices.Delete(people, i, i+1)
		case op < 18: // a card
			_ = w.st.SetCard(w.sys, alive(), 2024+rng.IntN(3), rng.IntN(3) > 0)
		case op < 19: // an edit
			p, err := w.st.Get(w.sys, alive())
			if err != nil {
				t.Fatal(err)
			}
			p.Notes = strings.Repeat("n", step%7)
			if _, err := w.st.Update(w.sys, p); err != nil {
				t.Fatalf("step %d: edit: %v", step, err)
			}
		default: // archived, or back
			p, err := w.st.Get(w.sys, alive())
			if err != nil {
				t.Fatal(err)
			}
			_, _ = w.st.SetArchived(w.sys, p.ID, p.Version, !p.Archived)
		}
		if step%10 == 9 {
			duesSummariesAgree(t, w.st, "step "+itoa(step))
		}
	}
	if len(paid) < 50 {
		t.Fatalf("only %d payments recorded", len(paid))
	}
	if r, err := w.st.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %q", err, r.Problems)
	}
	w.st.Close()
	w.st = openTest(t, w.path)
	duesSummariesAgree(t, w.st, "reopened")
}

// downgrade makes the file at path look like one of schema v: without the
// buckets later versions added.
func downgrade(t *testing.T, path string, v uint32, added ...[]byte) {
	t.Helper()
	db, err := openBolt(path, &bolt.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range added {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		return setSchema(tx, v)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
}

// TestMigration3to4 builds the summaries of a schema-3 file from its
// payments.
func TestMigration3to4(t *testing.T) {
	w := newWorld(t)
	a := w.adherent(t, "Émilie", "Dupont", w.cellA1.Path)
	b := w.adherent(t, "Jean", "Martin", w.cellA2.Path)
	for _, p := range []model.Payment{
		payment(a.ID, model.NewDate(2024, 5, 1), 1000, model.ModeCheque),
		payment(a.ID, model.NewDate(2026, 5, 1), 1000, model.ModeCheque),
		payment(b.ID, model.NewDate(2025, 2, 1), 1000, model.ModeCheque),
	} {
		if _, err := w.st.RecordPayment(w.sys, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.st.CancelPayment(w.sys, 2); err != nil {
		t.Fatal(err)
	}
	w.st.Close()
	downgrade(t, w.path, 3, bDuesSummary)
	w.st = openTest(t, w.path)
	if r, err := w.st.Check(); err != nil || !r.OK() {
		t.Fatalf("check: %v %q", err, r.Problems)
	}
	duesSummariesAgree(t, w.st, "migrated")
	st, _ := w.st.DuesStatus(w.sys, []model.PersonID{a.ID, b.ID})
	if st[0].State != model.DuesRetard || st[0].MonthsLate != 23 || st[1].State != model.DuesRetard {
		t.Errorf("after the migration: %v", st)
	}
}

// twoPaid is a world with two adherents, a and b, who each paid once.
func twoPaid(t *testing.T) (w *world, a, b model.Person) {
	t.Helper()
	w = newWorld(t)
	a = w.adherent(t, "Émilie", "Dupont", w.cellA1.Path)
	b = w.adherent(t, "Jean", "Martin", w.cellA2.Path)
	for _, id := range []model.PersonID{a.ID, b.ID} {
		if _, err := w.st.RecordPayment(w.sys, payment(id, model.NewDate(2026, 5, 1), 1000, model.ModeCheque)); err != nil {
			t.Fatal(err)
		}
	}
	return w, a, b
}

// TestCheckFindsAStaleDuesSummary: a summary that disagrees with the
// payments is reported, and recuperer makes it again.
func TestCheckFindsAStaleDuesSummary(t *testing.T) {
	w, a, b := twoPaid(t)
	err := w.st.db.Update(func(tx *bolt.Tx) error {
		if err := putDuesSummary(tx, a.ID, model.DuesSummary{PaidThrough: model.NewMonth(2030, 1), PaidYears: 1}); err != nil {
			return err
		}
		return tx.Bucket(bDuesSummary).Delete(itob(uint64(b.ID)))
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := w.st.Check()
	if err != nil || r.Total != 2 || !strings.Contains(r.Problems[0], "ne correspond pas") || !strings.Contains(r.Problems[1], "manque") {
		t.Fatalf("check: %v %q", err, r.Problems)
	}
	w.st.Close()
	salvageAgrees(t, w.path)
}

// TestMigration3to4KeepsGoingPastAnUnreadablePayment: a schema-3 file with a
// payment that does not decode still opens (fichier check and recuperer
// refuse a file not yet migrated, so a refusal here would leave no way on);
// check then names the payment, which counts for nothing, and the others
// are summarised.
func TestMigration3to4KeepsGoingPastAnUnreadablePayment(t *testing.T) {
	w, a, b := twoPaid(t)
	if err := w.st.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bPayments).Put(itob(1), []byte{0xff}) }); err != nil {
		t.Fatal(err)
	}
	w.st.Close()
	downgrade(t, w.path, 3, bDuesSummary)
	st, err := Open(w.path, testOptions())
	if err != nil {
		t.Fatalf("open of a schema-3 file with an unreadable payment: %v", err)
	}
	r, err := st.Check()
	if err != nil || r.Total == 0 || !strings.Contains(r.Problems[0], "versement 1 illisible") {
		t.Errorf("check: %v %q", err, r.Problems)
	}
	if d := st.idx.byID[b.ID].Dues; d.PaidThrough == 0 {
		t.Errorf("fiche %d: nothing covered after the migration: %+v", b.ID, d)
	}
	if d := st.idx.byID[a.ID].Dues; d.PaidThrough != 0 {
		t.Errorf("fiche %d: covered by its unreadable payment: %+v", a.ID, d)
	}
	st.Close()
}

// TestSalvageOfASchema3File: recuperer reads a schema-3 file (one too
// damaged to be opened, so upgraded, by this version) and makes the dues
// summaries schema 4 added.
func TestSalvageOfASchema3File(t *testing.T) {
	w, _, _ := twoPaid(t)
	w.st.Close()
	downgrade(t, w.path, 3, bDuesSummary)
	salvageAgrees(t, w.path)
}

// salvageAgrees recovers the file at path into a new one, which must check
// sound with its dues summaries made from its payments.
func salvageAgrees(t *testing.T, path string) {
	t.Helper()
	out := path + ".out"
	if _, err := Salvage(path, out); err != nil {
		t.Fatal(err)
	}
	st := openTest(t, out)
	if r, err := st.Check(); err != nil || !r.OK() {
		t.Fatalf("check of the salvaged file: %v %q", err, r.Problems)
	}
	duesSummariesAgree(t, st, "salvaged")
}
