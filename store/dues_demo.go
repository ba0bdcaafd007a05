package store

import (
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// LoadDemoDues gives the adherents of a freshly loaded demo file their dues
// history: payments(p) returns a stored adherent's payments, where a
// counter-entry's Cancels refers to the ID given to the cancelled payment
// in the same list (provisional, replaced by the stored ID). Chunked like
// LoadDemo; one journal entry per chunk. It returns the number of payments.
func (s *Store) LoadDemoDues(sess *Session, payments func(p *model.Person) []model.Payment) (int, error) {
	u, err := sess.user()
	if err != nil {
		return 0, err
	}
	if u.Scope.Level() != model.LevelNational || !u.Rights.Has(model.RightCotisations) {
		return 0, ErrForbidden
	}
	s.db.NoSync = true
	defer func() {
		s.db.NoSync = s.opt.NoSync
		_ = s.db.Sync()
	}()
	var ids []model.PersonID
	s.idx.mu.RLock()
	for id, e := range s.idx.byID {
		if e.Kind == model.KindAdherent {
			ids = append(ids, id)
		}
	}
	s.idx.mu.RUnlock()
	slices.Sort(ids)
	total := 0
	for start := 0; start < len(ids); start += bulkChunk {
		part := ids[start:min(start+bulkChunk, len(ids))]
		n := 0
		err := s.write(func(tx *bolt.Tx) error {
			tx.Bucket(bPaymentsByPerson).FillPercent = appendFill
			for _, id := range part {
				p, err := getPerson(tx, id)
				if err != nil {
					return err
				}
				real := map[model.PaymentID]model.PaymentID{}
				for _, pay := range payments(&p) {
					provisional := pay.ID
					pay.Person, pay.Cancels = id, real[pay.Cancels]
					if err := putPayment(tx, &pay); err != nil {
						return err
					}
					if provisional != 0 {
						real[provisional] = pay.ID
					}
					n++
				}
			}
			return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, Action: model.ActionBulkLoad,
				Detail: fmt.Sprintf("démo : %d versements de cotisation", n)})
		}, nil)
		if err != nil {
			return total, err
		}
		total += n
	}
	if err := s.reindex(); err != nil {
		return total, err
	}
	s.subs.publish(Event{What: model.ActionBulkLoad, By: u.Username})
	return total, nil
}
