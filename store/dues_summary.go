package store

import (
	"encoding/binary"
	"errors"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// bDuesSummary keeps each adherent's dues summary (schema 4): person id →
// last month covered and years covered (two varints), for every person
// whose effective payments cover something. Opening the file reads it
// instead of every payment: at 100k fiches the demo file holds 676 000
// payments (a tenth of the open's time), and at 1M their pages alone took
// 900 MiB of memory once read.
//
// It is a function of the payments only (model.SummarizeDues of each
// person's payments): every write of a payment updates it in the same
// transaction (putPayment, repointPayments); « fichier check » compares it
// with a recomputation, « fichier recuperer » and the migration build it
// from the payments. The card bits (DuesSummary.Cards) are not in it: they
// come from the cards bucket.
var bDuesSummary = []byte("dues_summary")

func encodeDuesSummary(d model.DuesSummary) []byte {
	b := binary.AppendUvarint(nil, uint64(d.PaidThrough))
	return binary.AppendUvarint(b, d.PaidYears)
}

func decodeDuesSummary(v []byte) (model.DuesSummary, error) {
	through, n := binary.Uvarint(v)
	if n <= 0 {
		return model.DuesSummary{}, errCorrupt
	}
	years, m := binary.Uvarint(v[n:])
	if m <= 0 || n+m != len(v) || through > 1<<32-1 {
		return model.DuesSummary{}, errCorrupt
	}
	return model.DuesSummary{PaidThrough: model.Month(through), PaidYears: years}, nil
}

// storedDues is person id's stored summary (zero when none).
func storedDues(tx *bolt.Tx, id model.PersonID) (model.DuesSummary, error) {
	v := tx.Bucket(bDuesSummary).Get(itob(uint64(id)))
	if v == nil {
		return model.DuesSummary{}, nil
	}
	d, err := decodeDuesSummary(v)
	if err != nil {
		return d, unreadableSummary(id)
	}
	return d, nil
}

// unreadableSummary is the error for the stored summary of person id, which
// does not decode.
func unreadableSummary(id model.PersonID) error {
	return errors.New("résumé des cotisations de la fiche " + itoa(int(id)) + " illisible (lancez « fichier check »)")
}

// putDuesSummary stores person id's summary; a summary covering nothing is
// not stored.
func putDuesSummary(tx *bolt.Tx, id model.PersonID, d model.DuesSummary) error {
	d.Cards = 0
	b := tx.Bucket(bDuesSummary)
	if d == (model.DuesSummary{}) {
		return b.Delete(itob(uint64(id)))
	}
	return b.Put(itob(uint64(id)), encodeDuesSummary(d))
}

// noteDuesPayment updates the stored summary of p.Person for p, just
// written: a payment adds its period; a counter-entry takes a payment out,
// so the summary is made again from the person's payments.
func noteDuesPayment(tx *bolt.Tx, p *model.Payment) error {
	if p.IsCounter() {
		return resummarizeDues(tx, p.Person)
	}
	d, err := storedDues(tx, p.Person)
	if err != nil {
		return err
	}
	d.Add(p.Period)
	return putDuesSummary(tx, p.Person, d)
}

// resummarizeDues makes person id's stored summary again from their payments.
func resummarizeDues(tx *bolt.Tx, id model.PersonID) error {
	list, err := personPayments(tx, id)
	if err != nil {
		return err
	}
	return putDuesSummary(tx, id, model.SummarizeDues(list))
}

// summarizePayments computes every person's summary from a payments bucket,
// as model.SummarizeDues of each person's payments would, in two streaming
// passes (the counter-entries first, then the payments they leave). A
// payment that does not decode is passed to bad, which may stop the passes
// with an error or return nil to skip it.
func summarizePayments(payments kvBucket, bad func(k []byte) error) (map[model.PersonID]model.DuesSummary, error) {
	type ref struct {
		who model.PersonID
		id  model.PaymentID
	}
	cancelled := map[ref]bool{}
	err := payments.ForEach(func(k, v []byte) error {
		who, _, cancels, err := paymentCoverage(v)
		if err != nil {
			return bad(k)
		}
		if cancels != 0 {
			cancelled[ref{who, cancels}] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := map[model.PersonID]model.DuesSummary{}
	err = payments.ForEach(func(k, v []byte) error {
		who, period, cancels, err := paymentCoverage(v)
		if err != nil || len(k) != 8 {
			return nil // reported by the first pass
		}
		if cancels == 0 && !cancelled[ref{who, model.PaymentID(btoi(k))}] {
			d := out[who]
			d.Add(period)
			out[who] = d
		}
		return nil
	})
	return out, err
}

// rebuildDuesSummaries makes the summary bucket again from the payments
// (the migration to schema 4, and « fichier recuperer »). A payment that
// does not decode is left out, as on every other path that writes the
// summaries: fichier check names it, and refusing here would refuse the
// migration, which check and recuperer need first.
func rebuildDuesSummaries(tx *bolt.Tx) error {
	all, err := summarizePayments(tx.Bucket(bPayments), skipPayment)
	if err != nil {
		return err
	}
	if tx.Bucket(bDuesSummary) != nil {
		if err := tx.DeleteBucket(bDuesSummary); err != nil {
			return err
		}
	}
	if _, err := tx.CreateBucket(bDuesSummary); err != nil {
		return err
	}
	for id, d := range all {
		if err := putDuesSummary(tx, id, d); err != nil {
			return err
		}
	}
	return nil
}

// loadDuesSummaries sets the index rows' summaries from the summary bucket
// (on an index nobody else sees yet). A file without the bucket (it should
// not happen from schema 4 on) has them computed from the payments.
func loadDuesSummaries(tx *bolt.Tx, idx *index) error {
	set := func(id model.PersonID, d model.DuesSummary) {
		if e := idx.byID[id]; e != nil {
			e.Dues.PaidThrough, e.Dues.PaidYears = d.PaidThrough, d.PaidYears
		}
	}
	b := tx.Bucket(bDuesSummary)
	if b == nil {
		all, err := summarizePayments(tx.Bucket(bPayments), func(k []byte) error { return unreadablePayment(model.PaymentID(btoi(k))) })
		for id, d := range all {
			set(id, d)
		}
		return err
	}
	return b.ForEach(func(k, v []byte) error {
		d, err := decodeDuesSummary(v)
		if err != nil || len(k) != 8 {
			return unreadableSummary(model.PersonID(btoi(k)))
		}
		set(model.PersonID(btoi(k)), d)
		return nil
	})
}

// skipPayment leaves out a payment that does not decode.
func skipPayment([]byte) error { return nil }

// checkDuesSummaries is fichier check's part for the summaries: each one
// stored is the one the payments give.
func checkDuesSummaries(bucket func(name []byte) kvBucket, problem func(format string, args ...any)) {
	want, _ := summarizePayments(bucket(bPayments), skipPayment)
	_ = bucket(bDuesSummary).ForEach(func(k, v []byte) error {
		id := model.PersonID(btoi(k))
		d, err := decodeDuesSummary(v)
		switch {
		case err != nil || len(k) != 8:
			problem("résumé des cotisations %x illisible", k)
		case d != want[id]:
			problem("fiche %d : le résumé des cotisations ne correspond pas aux versements", id)
		}
		delete(want, id)
		return nil
	})
	for _, id := range slices.Sorted(maps.Keys(want)) {
		problem("fiche %d : le résumé des cotisations manque", id)
	}
}
