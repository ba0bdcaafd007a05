package store

import (
	"encoding/binary"
	"errors"
	"maps"
	"slices"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
)

// Dues buckets (schema 2). Payments are never rewritten nor deleted: a
// mistake is cancelled by a counter-entry, a new payment of its own.
var (
	bPayments         = []byte("payments")           // payment id → payment
	bPaymentsByPerson = []byte("payments_by_person") // person id ‖ payment id → nothing
	// The federations' dues settings: federation id → grace months (uint32),
	// and federation id ‖ setting tag → value (uint64) for the others.
	bDuesGrace = []byte("dues_grace")
)

// Journal actions of the dues.
const (
	ActionPayment       model.Action = "cotisation.versement"
	ActionPaymentCancel model.Action = "cotisation.contre-passation"
	ActionContribution  model.Action = "cotisation.convenue"
	ActionDuesGrace     model.Action = "cotisation.délai-de-grâce"
	ActionDuesSettings  model.Action = "cotisation.paramètres"
	ActionDuesReport    model.Action = "cotisation.état"
)

var (
	ErrNotAdherent      = errors.New("seuls les adhérents cotisent : cette fiche n'est pas celle d'un adhérent")
	ErrPaymentNotFound  = errors.New("versement introuvable")
	ErrAlreadyCancelled = errors.New("ce versement a déjà été contre-passé")
	ErrCounterEntry     = errors.New("une contre-passation ne se contre-passe pas : enregistrez de nouveau le versement")
)

// duesSettings caches the federations' own settings. The map is replaced,
// never changed, so that scans over 100k rows read it without a lock.
type duesSettings struct {
	grace atomic.Pointer[map[model.UnitID]model.DuesSettings]
}

// duesRules is the dues rule of today for every federation, prepared once
// for a scan. Few federations set their own grace, so a short list beats a
// map lookup per row (rows come by name, not grouped by federation).
type duesRules struct {
	def  model.DuesRule
	feds []model.UnitID
	own  []model.DuesRule
}

func (s *Store) duesRules() duesRules {
	today := s.today()
	r := duesRules{def: model.NewDuesRule(today, model.DefaultGraceMonths)}
	for fed, set := range *s.dues.grace.Load() {
		if set.GraceMonths != model.DefaultGraceMonths {
			r.feds = append(r.feds, fed)
			r.own = append(r.own, model.NewDuesRule(today, set.GraceMonths))
		}
	}
	return r
}

// forOrg is the rule of org's federation.
func (r *duesRules) forOrg(org model.Org) model.DuesRule {
	for i, fed := range r.feds {
		if fed == org.Federation {
			return r.own[i]
		}
	}
	return r.def
}

// of is the status of a row.
func (r *duesRules) of(e *entry) model.DuesStatus {
	return r.forOrg(e.Org).Of(e.Kind, e.Status, e.Archived, e.Dues)
}

// Payment codec tags: never renumber, only add.
const (
	pPerson = iota + 1
	pDate
	pCents // zigzag: counter-entries are negative
	pFrom
	pTo
	pMode
	pReference
	pRecordedBy
	pRecordedAt
	pCancels
)

func encodePayment(p *model.Payment) []byte {
	e := encoder{b: []byte{codecVersion}}
	e.uint(pPerson, uint64(p.Person))
	e.uint(pDate, uint64(p.Date))
	e.uint(pCents, zigzag(p.Cents))
	e.uint(pFrom, uint64(p.Period.From))
	e.uint(pTo, uint64(p.Period.To))
	e.uint(pMode, uint64(p.Mode))
	e.str(pReference, p.Reference)
	e.str(pRecordedBy, p.RecordedBy)
	e.time(pRecordedAt, p.RecordedAt)
	e.uint(pCancels, uint64(p.Cancels))
	return e.b
}

// forEachPaymentField calls fn with each field of an encoded payment: its
// tag and its value (v for varints, b — bbolt memory — for bytes).
func forEachPaymentField(data []byte, fn func(tag int, v uint64, b []byte)) error {
	if len(data) == 0 || data[0] != codecVersion {
		return errCorrupt
	}
	data = data[1:]
	for len(data) > 0 {
		key, n := binary.Uvarint(data)
		if n <= 0 {
			return errCorrupt
		}
		data = data[n:]
		var v uint64
		var b []byte
		if key&1 == wireVarint {
			if v, n = binary.Uvarint(data); n <= 0 {
				return errCorrupt
			}
			data = data[n:]
		} else {
			l, n := binary.Uvarint(data)
			if n <= 0 || l > uint64(len(data)-n) {
				return errCorrupt
			}
			b, data = data[n:n+int(l)], data[n+int(l):]
		}
		fn(int(key>>1), v, b)
	}
	return nil
}

// unreadablePayment is the error for payment id, which does not decode.
func unreadablePayment(id model.PaymentID) error {
	return errors.New("versement " + itoa(int(id)) + " illisible (lancez « fichier check »)")
}

func decodePayment(id model.PaymentID, data []byte) (model.Payment, error) {
	p := model.Payment{ID: id}
	err := forEachPaymentField(data, func(tag int, v uint64, b []byte) {
		switch tag {
		case pPerson:
			p.Person = model.PersonID(v)
		case pDate:
			p.Date = model.Date(v)
		case pCents:
			p.Cents = unzigzag(v)
		case pFrom:
			p.Period.From = model.Month(v)
		case pTo:
			p.Period.To = model.Month(v)
		case pMode:
			p.Mode = model.PayMode(v)
		case pReference:
			p.Reference = string(b)
		case pRecordedBy:
			p.RecordedBy = string(b)
		case pRecordedAt:
			p.RecordedAt = time.Unix(0, int64(v))
		case pCancels:
			p.Cancels = model.PaymentID(v)
		}
	})
	return p, err
}

// paymentCoverage is what the dues summary needs of a payment, decoded
// without allocating (Open reads every payment).
func paymentCoverage(data []byte) (who model.PersonID, period model.Period, cancels model.PaymentID, err error) {
	err = forEachPaymentField(data, func(tag int, v uint64, _ []byte) {
		switch tag {
		case pPerson:
			who = model.PersonID(v)
		case pFrom:
			period.From = model.Month(v)
		case pTo:
			period.To = model.Month(v)
		case pCancels:
			cancels = model.PaymentID(v)
		}
	})
	return who, period, cancels, err
}

// personPayments reads one adherent's payments, in recording order.
func personPayments(tx *bolt.Tx, id model.PersonID) ([]model.Payment, error) {
	var out []model.Payment
	payments := tx.Bucket(bPayments)
	err := forEachPrefixed(tx.Bucket(bPaymentsByPerson), itob(uint64(id)), func(k, _ []byte) error {
		pid := model.PaymentID(btoi(k[8:]))
		p, err := decodePayment(pid, payments.Get(k[8:]))
		if err != nil {
			return unreadablePayment(pid)
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

func putPayment(tx *bolt.Tx, p *model.Payment) error {
	b := tx.Bucket(bPayments)
	b.FillPercent = appendFill
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	p.ID = model.PaymentID(seq)
	if err := b.Put(itob(seq), encodePayment(p)); err != nil {
		return err
	}
	if err := tx.Bucket(bPaymentsByPerson).Put(append(itob(uint64(p.Person)), itob(seq)...), nil); err != nil {
		return err
	}
	return noteDuesPayment(tx, p)
}

// loadDues reads the federations' settings and fills the index rows' dues
// summaries (Open, single-threaded).
func (s *Store) loadDues(tx *bolt.Tx) error {
	settings := map[model.UnitID]model.DuesSettings{}
	if err := tx.Bucket(bDuesGrace).ForEach(func(k, v []byte) error {
		if len(k) < 4 {
			return nil
		}
		fed := model.UnitID(binary.BigEndian.Uint32(k))
		set, ok := settings[fed]
		if !ok {
			set = model.DefaultDuesSettings()
		}
		switch {
		case len(k) == 4 && len(v) == 4:
			set.GraceMonths = int(min(binary.BigEndian.Uint32(v), model.MaxGraceMonths))
		case len(k) == 5 && len(v) == 8:
			setDuesSetting(&set, k[4], binary.BigEndian.Uint64(v))
		default:
			return nil
		}
		settings[fed] = set
		return nil
	}); err != nil {
		return err
	}
	s.dues.grace.Store(&settings)
	return loadDuesIndex(tx, s.idx)
}

// loadDuesIndex fills the rows' dues summaries: the stored ones, then the
// cards.
func loadDuesIndex(tx *bolt.Tx, idx *index) error {
	if err := loadDuesSummaries(tx, idx); err != nil {
		return err
	}
	return loadCards(tx, idx)
}

// Tags of the settings stored besides the grace period: never renumber.
const (
	setTaxRate = iota + 1
	setCeiling
	setCashLimit
	setCashEligible
)

func setDuesSetting(set *model.DuesSettings, tag byte, v uint64) {
	switch tag {
	case setTaxRate:
		set.TaxRatePct = int(min(v, 100))
	case setCeiling:
		set.Ceiling = model.Cents(min(v, 1_000_000_00))
	case setCashLimit:
		set.CashLimit = model.Cents(min(v, uint64(model.MaxPayment)))
	case setCashEligible:
		set.CashEligible = v != 0
	}
}

// DuesSettings are the dues settings of the federation of org (the
// defaults when it set none).
func (s *Store) DuesSettings(org model.Org) model.DuesSettings {
	if set, ok := (*s.dues.grace.Load())[org.Federation]; ok {
		return set
	}
	return model.DefaultDuesSettings()
}

// DuesGrace is the grace period (months) of the federation of org.
func (s *Store) DuesGrace(org model.Org) int { return s.DuesSettings(org).GraceMonths }

// SetDuesGrace sets a federation's grace period; it needs the cotisations
// right at the federation itself.
func (s *Store) SetDuesGrace(sess *Session, fed model.UnitID, months int) error {
	set := s.DuesSettings(model.Org{Federation: fed})
	set.GraceMonths = months
	return s.SetDuesSettings(sess, fed, set)
}

// SetDuesSettings sets a federation's dues settings; it needs the
// cotisations right at the federation itself. Each changed figure is
// journaled.
func (s *Store) SetDuesSettings(sess *Session, fed model.UnitID, set model.DuesSettings) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	org := model.Org{Federation: fed}
	if !model.Can(&u, model.RightCotisations, org) {
		return ErrForbidden
	}
	if err := set.Validate(); err != nil {
		return err
	}
	old := s.DuesSettings(org)
	changes := duesSettingsChanges(old, set)
	if len(changes) == 0 {
		return nil
	}
	action := ActionDuesSettings
	if len(changes) == 1 && old.GraceMonths != set.GraceMonths {
		action = ActionDuesGrace
	}
	return s.write(func(tx *bolt.Tx) error {
		b := tx.Bucket(bDuesGrace)
		k := binary.BigEndian.AppendUint32(nil, uint32(fed))
		if err := b.Put(k, binary.BigEndian.AppendUint32(nil, uint32(set.GraceMonths))); err != nil {
			return err
		}
		eligible := uint64(0)
		if set.CashEligible {
			eligible = 1
		}
		for tag, v := range map[byte]uint64{setTaxRate: uint64(set.TaxRatePct), setCeiling: uint64(set.Ceiling),
			setCashLimit: uint64(set.CashLimit), setCashEligible: eligible} {
			if err := b.Put(append(slices.Clone(k), tag), binary.BigEndian.AppendUint64(nil, v)); err != nil {
				return err
			}
		}
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: action, Org: org, Changes: changes})
	}, func() Event {
		all := maps.Clone(*s.dues.grace.Load())
		all[fed] = set
		s.dues.grace.Store(&all)
		return Event{What: action, By: u.Username, Orgs: []model.Org{org}}
	})
}

func duesSettingsChanges(old, set model.DuesSettings) []model.Change {
	var out []model.Change
	add := func(field, o, n string) {
		if o != n {
			out = append(out, model.Change{Field: field, Old: o, New: n})
		}
	}
	yes := func(b bool) string {
		if b {
			return "oui"
		}
		return "non"
	}
	add("Délai de grâce (mois)", itoa(old.GraceMonths), itoa(set.GraceMonths))
	add("Taux de réduction d'impôt (%)", itoa(old.TaxRatePct), itoa(set.TaxRatePct))
	add("Plafond annuel par foyer", model.FormatCents(old.Ceiling), model.FormatCents(set.Ceiling))
	add("Plafond des espèces", model.FormatCents(old.CashLimit), model.FormatCents(set.CashLimit))
	add("Espèces ouvrant droit au reçu", yes(old.CashEligible), yes(set.CashEligible))
	return out
}

// DuesStatus is where each of ids stands with their dues today, for those
// the session may see (others read as DuesNone), in the order of ids.
func (s *Store) DuesStatus(sess *Session, ids []model.PersonID) ([]model.DuesStatus, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	rules := s.duesRules()
	out := make([]model.DuesStatus, len(ids))
	s.idx.mu.RLock()
	defer s.idx.mu.RUnlock()
	for i, id := range ids {
		if e, ok := s.idx.byID[id]; ok && model.CanSee(&u, e.Org) {
			out[i] = rules.of(e)
		}
	}
	return out, nil
}

// Payments lists an adherent's payments and counter-entries, oldest first.
func (s *Store) Payments(sess *Session, id model.PersonID) ([]model.Payment, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	if e, ok := s.idx.get(id); !ok || !model.CanSee(&u, e.Org) {
		return nil, ErrNotFound
	}
	var out []model.Payment
	err = s.db.View(func(tx *bolt.Tx) error {
		out, err = personPayments(tx, id)
		return err
	})
	slices.SortStableFunc(out, func(a, b model.Payment) int { return int(a.Date) - int(b.Date) })
	return out, err
}

// CanRecordDues returns nil when the session may record payments at org.
func (s *Store) CanRecordDues(sess *Session, org model.Org) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	if !model.Can(&u, model.RightCotisations, org) {
		return ErrForbidden
	}
	return nil
}

// RecordPayment records a payment for p.Person (an adherent of the
// session's scope; the cotisations right). A zero Period takes the default
// period of the agreed contribution. It returns the payment as stored.
func (s *Store) RecordPayment(sess *Session, p model.Payment) (model.Payment, error) {
	u, err := sess.user()
	if err != nil {
		return model.Payment{}, err
	}
	p.ID, p.Cancels = 0, 0
	p.RecordedBy, p.RecordedAt = u.Username, s.now()
	var org model.Org
	err = s.write(func(tx *bolt.Tx) error {
		person, err := s.duesPerson(tx, &u, p.Person)
		if err != nil {
			return err
		}
		org = person.Org
		if p.Period.IsZero() {
			p.Period = model.DefaultPeriod(p.Date, p.Cents, person.Contribution)
		}
		if err := model.ValidatePayment(&p, s.today()); err != nil {
			return err
		}
		if err := putPayment(tx, &p); err != nil {
			return err
		}
		return appendAudit(tx, &model.AuditEntry{At: p.RecordedAt, Actor: u.Username, ActorID: u.ID, Action: ActionPayment,
			PersonID: p.Person, Org: org, Detail: paymentDetail(&p)})
	}, func() Event { return s.refreshDues(p.Person, ActionPayment, u.Username, org) })
	if err != nil {
		return model.Payment{}, err
	}
	return p, nil
}

// CancelPayment records the counter-entry of payment id (the cotisations
// right on its adherent) and returns it. The payment itself stays.
func (s *Store) CancelPayment(sess *Session, id model.PaymentID) (model.Payment, error) {
	u, err := sess.user()
	if err != nil {
		return model.Payment{}, err
	}
	var ce model.Payment
	var org model.Org
	err = s.write(func(tx *bolt.Tx) error {
		v := tx.Bucket(bPayments).Get(itob(uint64(id)))
		if v == nil {
			return ErrPaymentNotFound
		}
		orig, err := decodePayment(id, v)
		if err != nil {
			return err
		}
		person, err := s.duesPerson(tx, &u, orig.Person)
		if err != nil {
			return err
		}
		org = person.Org
		if orig.IsCounter() {
			return ErrCounterEntry
		}
		all, err := personPayments(tx, orig.Person)
		if err != nil {
			return err
		}
		for _, q := range all {
			if q.Cancels == id {
				return ErrAlreadyCancelled
			}
		}
		ce = model.CounterEntry(orig, u.Username, s.now())
		if err := putPayment(tx, &ce); err != nil {
			return err
		}
		return appendAudit(tx, &model.AuditEntry{At: ce.RecordedAt, Actor: u.Username, ActorID: u.ID, Action: ActionPaymentCancel,
			PersonID: ce.Person, Org: org, Detail: "contre-passation du versement n° " + itoa(int(id)) + " : " + paymentDetail(&ce)})
	}, func() Event { return s.refreshDues(ce.Person, ActionPaymentCancel, u.Username, org) })
	if err != nil {
		return model.Payment{}, err
	}
	return ce, nil
}

// SetContribution sets an adherent's agreed contribution (the cotisations
// right). version guards against a stale screen, as for fiche edits.
func (s *Store) SetContribution(sess *Session, id model.PersonID, version uint64, c model.Contribution) (model.Person, error) {
	u, err := sess.user()
	if err != nil {
		return model.Person{}, err
	}
	if err := validContribution(c); err != nil {
		return model.Person{}, err
	}
	var p model.Person
	err = s.write(func(tx *bolt.Tx) error {
		old, err := s.duesPerson(tx, &u, id)
		if err != nil {
			return err
		}
		if version != 0 && old.Version != version {
			return ErrStale
		}
		p = old.Clone()
		p.Contribution = c
		p.Version++
		p.UpdatedAt, p.UpdatedBy = s.now(), u.Username
		if err := putPerson(tx, &p, p.MemberNumber); err != nil {
			return err
		}
		return appendAudit(tx, &model.AuditEntry{At: p.UpdatedAt, Actor: u.Username, ActorID: u.ID, Action: ActionContribution,
			PersonID: id, Org: p.Org, Changes: []model.Change{{Field: "Cotisation convenue", Old: old.Contribution.String(), New: c.String()}}})
	}, func() Event {
		s.idx.set(p)
		return Event{What: ActionContribution, Persons: []model.PersonID{id}, By: u.Username, Orgs: []model.Org{p.Org}}
	})
	if err != nil {
		return model.Person{}, err
	}
	return p, nil
}

func validContribution(c model.Contribution) error {
	if err := c.Check(); err != nil {
		return errors.New("cotisation convenue : " + err.Error())
	}
	return nil
}

// duesPerson reads the adherent a dues write is about, checking the right.
func (s *Store) duesPerson(tx *bolt.Tx, u *model.User, id model.PersonID) (model.Person, error) {
	p, err := getPerson(tx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && !model.CanSee(u, p.Org)) {
		return model.Person{}, ErrNotFound
	}
	if err != nil {
		return model.Person{}, err
	}
	if !model.Can(u, model.RightCotisations, p.Org) {
		return model.Person{}, ErrForbidden
	}
	if p.Kind != model.KindAdherent {
		return model.Person{}, ErrNotAdherent
	}
	return p, nil
}

// refreshDues recomputes an adherent's summary after a dues write (caller
// holds wmu, after the commit) and returns the event.
func (s *Store) refreshDues(id model.PersonID, what model.Action, by string, org model.Org) Event {
	s.recomputeDues(id)
	return Event{What: what, Persons: []model.PersonID{id}, By: by, Orgs: []model.Org{org}}
}

func paymentDetail(p *model.Payment) string {
	d := model.FormatCents(p.Cents) + " · " + p.Mode.String() + " · le " + p.Date.String() + " · " + p.Period.String()
	if p.Reference != "" {
		d += " · réf. " + p.Reference
	}
	return d
}

// repointPayments moves the payments of a fiche merged away to the fiche
// kept (MergePeople): the money follows the person.
func repointPayments(tx *bolt.Tx, from, to model.PersonID) error {
	list, err := personPayments(tx, from)
	if err != nil {
		return err
	}
	byPerson, payments := tx.Bucket(bPaymentsByPerson), tx.Bucket(bPayments)
	for i := range list {
		p := &list[i]
		p.Person = to
		k := itob(uint64(p.ID))
		if err := payments.Put(k, encodePayment(p)); err != nil {
			return err
		}
		if err := byPerson.Delete(append(itob(uint64(from)), k...)); err != nil {
			return err
		}
		if err := byPerson.Put(append(itob(uint64(to)), k...), nil); err != nil {
			return err
		}
	}
	if len(list) > 0 {
		if err := putDuesSummary(tx, from, model.DuesSummary{}); err != nil {
			return err
		}
		if err := resummarizeDues(tx, to); err != nil {
			return err
		}
	}
	return repointCards(tx, from, to)
}

// scrubPayments removes what an erased fiche's payments may say of the
// person (the reference: a cheque's drawer, a transfer's label). Amounts,
// dates and modes stay, as the accounts need them; they no longer count in
// any report, having no adherent.
func scrubPayments(tx *bolt.Tx, id model.PersonID) error {
	list, err := personPayments(tx, id)
	if err != nil {
		return err
	}
	for i := range list {
		if list[i].Reference == "" {
			continue
		}
		list[i].Reference = ""
		if err := tx.Bucket(bPayments).Put(itob(uint64(list[i].ID)), encodePayment(&list[i])); err != nil {
			return err
		}
	}
	return nil
}

// recomputeDues reads one row's dues summary again from the file (caller
// holds wmu, after a commit).
func (s *Store) recomputeDues(id model.PersonID) {
	var d model.DuesSummary
	_ = s.db.View(func(tx *bolt.Tx) error {
		var err error
		d, err = storedDues(tx, id)
		d.Cards = personCards(tx, id)
		return err
	})
	s.idx.setDues(id, d)
}

// zigzag and unzigzag store a signed amount as a small varint.
func zigzag(c model.Cents) uint64   { return uint64(c<<1) ^ uint64(c>>63) }
func unzigzag(v uint64) model.Cents { return model.Cents(int64(v>>1) ^ -int64(v&1)) }
