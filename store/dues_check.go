package store

import (
	"fichier/model"
)

// checkDues is fichier check's part for the dues: every payment readable
// and indexed under its adherent, every index entry pointing to a payment
// of that adherent, every counter-entry cancelling one payment of the same
// adherent, once. It returns the number of payments.
func checkDues(bucket func(name []byte) kvBucket, problem func(format string, args ...any)) int {
	payments, byPerson := bucket(bPayments), bucket(bPaymentsByPerson)
	n := 0
	cancelledBy := map[model.PaymentID]model.PaymentID{}
	_ = payments.ForEach(func(k, v []byte) error {
		n++
		id := model.PaymentID(btoi(k))
		p, err := decodePayment(id, v)
		if err != nil {
			problem("versement %d illisible : %v", id, err)
			return nil
		}
		if byPerson.Get(append(itob(uint64(p.Person)), k...)) == nil {
			problem("versement %d : absent de l'index de la fiche %d", id, p.Person)
		}
		if p.Cancels == 0 {
			return nil
		}
		orig, err := decodePayment(p.Cancels, payments.Get(itob(uint64(p.Cancels))))
		switch {
		case err != nil:
			problem("contre-passation %d : le versement %d n'existe pas", id, p.Cancels)
		case orig.Person != p.Person || orig.Cents != -p.Cents || orig.IsCounter():
			problem("contre-passation %d : ne correspond pas au versement %d", id, p.Cancels)
		case cancelledBy[p.Cancels] != 0:
			problem("versement %d contre-passé deux fois (%d et %d)", p.Cancels, cancelledBy[p.Cancels], id)
		}
		cancelledBy[p.Cancels] = id
		return nil
	})
	_ = byPerson.ForEach(func(k, _ []byte) error {
		if len(k) != 16 {
			problem("index des versements : clé %x invalide", k)
			return nil
		}
		p, err := decodePayment(model.PaymentID(btoi(k[8:])), payments.Get(k[8:]))
		if err != nil || p.Person != model.PersonID(btoi(k[:8])) {
			problem("index des versements : référence %x orpheline", k)
		}
		return nil
	})
	checkDuesSummaries(bucket, problem)
	return n
}
