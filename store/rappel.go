package store

import (
	"container/heap"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"fichier/model"
	"fichier/model/query"
)

// Phone rounds. The file keeps rounds, their frozen targets and every call;
// the store keeps in memory, per round, the queue of who is due next (a heap
// by due time) and the claims: a person is given to one caller at a time.
// Buckets are created on first write, so files without rounds need no
// migration.
var (
	bRounds        = []byte("rounds")          // round id → JSON model.Round
	bRoundTargets  = []byte("round_targets")   // round id ‖ person id → JSON model.Target
	bCalls         = []byte("calls")           // call id → JSON model.Call
	bCallsByPerson = []byte("calls_by_person") // person id ‖ call id → round id
)

// ClaimTimeout is how long a person stays given to a caller who does
// nothing: then another caller may get them.
const ClaimTimeout = 20 * time.Minute

// Errors of phone rounds.
var (
	ErrRoundNotFound = errors.New("campagne de rappel introuvable")
	ErrRoundClosed   = errors.New("cette campagne de rappel est close")
	ErrNotInRound    = errors.New("cette personne ne fait pas partie de la campagne")
)

// rappel is the store's in-memory state of rounds, loaded on first use.
type rappel struct {
	mu     sync.Mutex
	queues map[model.RoundID]*roundQueue
}

// roundQueue is one round's queue (guarded by rappel.mu).
type roundQueue struct {
	round   model.Round
	items   map[model.PersonID]*qItem
	due     dueHeap
	claims  map[model.PersonID]*claim
	byOwner map[*Session]model.PersonID
	last    [8]int // targets by last outcome (0: never called)
	done    int
	spent   int // exhausted
	loc     *time.Location
}

type qItem struct {
	t    model.Target
	seq  int // order at start (by name): ties in due time
	due  time.Time
	slot int // index in the heap, -1 when out of it
}

type claim struct {
	owner   *Session
	expires time.Time
}

type dueHeap []*qItem

func (h dueHeap) Len() int { return len(h) }
func (h dueHeap) Less(i, j int) bool {
	if !h[i].due.Equal(h[j].due) {
		return h[i].due.Before(h[j].due)
	}
	return h[i].seq < h[j].seq
}
func (h dueHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i]; h[i].slot = i; h[j].slot = j }
func (h *dueHeap) Push(x any)   { it := x.(*qItem); it.slot = len(*h); *h = append(*h, it) }
func (h *dueHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	it.slot = -1
	return it
}

func newQueue(r model.Round, loc *time.Location) *roundQueue {
	return &roundQueue{round: r, items: map[model.PersonID]*qItem{}, claims: map[model.PersonID]*claim{},
		byOwner: map[*Session]model.PersonID{}, loc: loc}
}

// add places a target: in the heap when it is still to call.
func (q *roundQueue) add(t model.Target) {
	it := &qItem{t: t, seq: len(q.items), slot: -1}
	q.items[t.Person] = it
	q.count(it, 1)
	q.place(it)
}

func (q *roundQueue) count(it *qItem, d int) {
	if int(it.t.Last) < len(q.last) {
		q.last[it.t.Last] += d
	}
	switch {
	case it.t.Done():
		q.done += d
	case it.t.Exhausted(q.round.MaxTries):
		q.spent += d
	}
}

func (q *roundQueue) place(it *qItem) {
	if due, ok := it.t.Due(&q.round); ok {
		it.due = due
		heap.Push(&q.due, it)
	}
}

// apply folds a recorded call into the queue and frees its claim.
func (q *roundQueue) apply(c *model.Call) {
	it := q.items[c.Person]
	if it == nil {
		return
	}
	q.release(c.Person)
	if it.slot >= 0 {
		heap.Remove(&q.due, it.slot)
	}
	q.count(it, -1)
	it.t.Apply(c, q.loc)
	q.count(it, 1)
	q.place(it)
}

func (q *roundQueue) release(id model.PersonID) {
	if cl, ok := q.claims[id]; ok {
		delete(q.claims, id)
		delete(q.byOwner, cl.owner)
		if it := q.items[id]; it != nil && it.slot < 0 {
			q.place(it)
		}
	}
}

func (q *roundQueue) expire(now time.Time) {
	for id, cl := range q.claims {
		if now.After(cl.expires) {
			q.release(id)
		}
	}
}

// next gives owner its current person, or the next one due, claimed for it.
func (q *roundQueue) next(owner *Session, now time.Time) (model.PersonID, model.QueueState) {
	q.expire(now)
	if id, ok := q.byOwner[owner]; ok {
		q.claims[id].expires = now.Add(ClaimTimeout)
		return id, q.state(owner)
	}
	if q.round.Closed || q.due.Len() == 0 || q.due[0].due.After(now) {
		return 0, q.state(owner)
	}
	it := heap.Pop(&q.due).(*qItem)
	q.claims[it.t.Person] = &claim{owner: owner, expires: now.Add(ClaimTimeout)}
	q.byOwner[owner] = it.t.Person
	return it.t.Person, q.state(owner)
}

func (q *roundQueue) state(owner *Session) model.QueueState {
	st := model.QueueState{Total: len(q.items), Done: q.done, Exhausted: q.spent, Waiting: q.due.Len(), Claimed: len(q.claims),
		Closed: q.round.Closed}
	if _, mine := q.byOwner[owner]; mine {
		st.Claimed--
	}
	if q.due.Len() > 0 {
		st.NextAt = q.due[0].due
	}
	return st
}

// Progress is a round's figures for the Rappels screen.
type Progress struct {
	Total, Called, Done, Exhausted int
	ByOutcome                      [8]int // targets by their last outcome
	Claimed                        int
}

func (q *roundQueue) progress() Progress {
	return Progress{Total: len(q.items), Called: len(q.items) - q.last[0], Done: q.done, Exhausted: q.spent,
		ByOutcome: q.last, Claimed: len(q.claims)}
}

// queue returns the loaded queue of a round (caller holds rappel.mu).
func (s *Store) queue(id model.RoundID) (*roundQueue, error) {
	if s.rappel.queues == nil {
		s.rappel.queues = map[model.RoundID]*roundQueue{}
	}
	if q, ok := s.rappel.queues[id]; ok {
		return q, nil
	}
	var q *roundQueue
	err := s.db.View(func(tx *bolt.Tx) error {
		r, err := getRound(tx, id)
		if err != nil {
			return err
		}
		q = newQueue(r, s.now().Location())
		return forEachPrefixed(tx.Bucket(bRoundTargets), itob(uint64(id)), func(k, v []byte) error {
			t, err := decodeTarget(k, v)
			if err != nil {
				return fmt.Errorf("campagne %d : %w (lancez « fichier check »)", id, err)
			}
			q.add(t)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	s.rappel.queues[id] = q
	return q, nil
}

func getRound(tx *bolt.Tx, id model.RoundID) (model.Round, error) {
	b := tx.Bucket(bRounds)
	if b == nil {
		return model.Round{}, ErrRoundNotFound
	}
	v := b.Get(itob(uint64(id)))
	if v == nil {
		return model.Round{}, ErrRoundNotFound
	}
	var r model.Round
	if err := json.Unmarshal(v, &r); err != nil {
		return model.Round{}, fmt.Errorf("campagne %d illisible : %w", id, err)
	}
	return r, nil
}

// forEachCall calls fn with every call of the file, oldest first.
func forEachCall(tx *bolt.Tx, fn func(c *model.Call) error) error {
	b := tx.Bucket(bCalls)
	if b == nil {
		return nil
	}
	return b.ForEach(func(_, v []byte) error {
		var c model.Call
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("appel illisible : %w (lancez « fichier check »)", err)
		}
		return fn(&c)
	})
}

// forEachRound calls fn with every round of the file, oldest first.
func forEachRound(tx *bolt.Tx, fn func(r *model.Round) error) error {
	b := tx.Bucket(bRounds)
	if b == nil {
		return nil
	}
	return forEachJSON(b, "campagne", fn)
}

func roundBuckets(tx *bolt.Tx) (rounds, targets, calls, byPerson *bolt.Bucket, err error) {
	get := func(name []byte) *bolt.Bucket {
		if err != nil {
			return nil
		}
		var b *bolt.Bucket
		b, err = tx.CreateBucketIfNotExists(name)
		return b
	}
	rounds, targets, calls, byPerson = get(bRounds), get(bRoundTargets), get(bCalls), get(bCallsByPerson)
	return
}

// A target's state is a few numbers, read by the thousand when a round is
// first used: varints, not JSON (100k targets: JSON took seconds on the
// test machine). Version byte 1, then tries, calls, last outcome, last
// call and call-back time (Unix ns, 0 = none). The person is in the key.
func encodeTarget(t *model.Target) []byte {
	b := []byte{1}
	b = binary.AppendUvarint(b, uint64(t.Tries))
	b = binary.AppendUvarint(b, uint64(t.Calls))
	b = append(b, byte(t.Last))
	b = binary.AppendVarint(b, unixNano(t.LastAt))
	return binary.AppendVarint(b, unixNano(t.CallBack))
}

func decodeTarget(key, v []byte) (model.Target, error) {
	bad := errors.New("cible illisible")
	if len(key) != 16 || len(v) < 1 || v[0] != 1 {
		return model.Target{}, bad
	}
	t := model.Target{Person: model.PersonID(btoi(key[8:]))}
	v = v[1:]
	var n [2]uint64
	for i := range n {
		x, k := binary.Uvarint(v)
		if k <= 0 {
			return model.Target{}, bad
		}
		n[i], v = x, v[k:]
	}
	t.Tries, t.Calls = int(n[0]), int(n[1])
	if len(v) < 1 {
		return model.Target{}, bad
	}
	t.Last, v = model.Outcome(v[0]), v[1:]
	var ts [2]time.Time
	for i := range ts {
		x, k := binary.Varint(v)
		if k <= 0 {
			return model.Target{}, bad
		}
		if x != 0 {
			ts[i] = time.Unix(0, x)
		}
		v = v[k:]
	}
	t.LastAt, t.CallBack = ts[0], ts[1]
	return t, nil
}

func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func targetKey(r model.RoundID, p model.PersonID) []byte {
	return append(itob(uint64(r)), itob(uint64(p))...)
}

// RoundPlan is what starting a round on a query would give.
type RoundPlan struct {
	Targets   []model.PersonID // in name order
	NoPhone   int
	DoNotCall int
	Deceased  int
}

// PlanRound lists the people a round on q would call: those q matches in the
// session's scope, without "ne pas appeler" and those without a phone.
func (s *Store) PlanRound(sess *Session, q *query.Query) (RoundPlan, error) {
	res, err := s.Search(sess, q, SortName)
	if err != nil {
		return RoundPlan{}, err
	}
	var plan RoundPlan
	s.idx.mu.RLock()
	defer s.idx.mu.RUnlock()
	for _, id := range res.IDs {
		e := s.idx.byID[id]
		switch {
		case e == nil:
		case e.Status == model.StatusDecede:
			plan.Deceased++
		case e.Preferences.DoNotCall:
			plan.DoNotCall++
		case e.Mobile == "" && e.Landline == "":
			plan.NoPhone++
		default:
			plan.Targets = append(plan.Targets, id)
		}
	}
	return plan, nil
}

// CreateRound starts a round on q (r.Query is its text): its people are
// frozen now. It needs the right to create and modify fiches.
func (s *Store) CreateRound(sess *Session, r model.Round, q *query.Query) (model.Round, error) {
	u, err := sess.user()
	if err != nil {
		return model.Round{}, err
	}
	if !model.CanEdit(&u, u.Scope) {
		return model.Round{}, ErrForbidden
	}
	if err := model.CheckRound(&r); err != nil {
		return model.Round{}, err
	}
	plan, err := s.PlanRound(sess, q)
	if err != nil {
		return model.Round{}, err
	}
	r.Scope, r.CreatedAt, r.CreatedBy, r.Closed = u.Scope, s.now(), u.Username, false
	r.NoPhone, r.DoNotCall, r.Deceased = plan.NoPhone, plan.DoNotCall, plan.Deceased
	err = s.write(func(tx *bolt.Tx) error {
		rounds, targets, _, _, err := roundBuckets(tx)
		if err != nil {
			return err
		}
		if err := numbered(rounds, &r.ID); err != nil {
			return err
		}
		if err := putJSON(rounds, itob(uint64(r.ID)), r); err != nil {
			return err
		}
		targets.FillPercent = appendFill
		for _, id := range plan.Targets {
			if err := targets.Put(targetKey(r.ID, id), encodeTarget(&model.Target{Person: id})); err != nil {
				return err
			}
		}
		return appendAudit(tx, &model.AuditEntry{At: r.CreatedAt, Actor: u.Username, ActorID: u.ID, Action: model.ActionRoundCreate,
			Org: r.Scope, Detail: fmt.Sprintf("« %s » · %s · %d personnes (laissées de côté : %d sans téléphone, %d ne pas appeler, %d décédées)",
				r.Name, r.Query, len(plan.Targets), plan.NoPhone, plan.DoNotCall, plan.Deceased)})
	}, func() Event {
		s.idx.setCalls(plan.Targets, func(cs query.CallSummary) query.CallSummary { return cs.InRound(r.ID) })
		s.rappel.mu.Lock()
		if s.rappel.queues == nil {
			s.rappel.queues = map[model.RoundID]*roundQueue{}
		}
		q := newQueue(r, s.now().Location())
		for _, id := range plan.Targets {
			q.add(model.Target{Person: id})
		}
		s.rappel.queues[r.ID] = q
		s.rappel.mu.Unlock()
		return Event{What: model.ActionRoundCreate, By: u.Username, Orgs: []model.Org{r.Scope}}
	})
	if err != nil {
		return model.Round{}, err
	}
	return r, nil
}

// roundFor returns a round the session may call, with its loaded queue
// (caller holds rappel.mu).
func (s *Store) roundFor(u *model.User, id model.RoundID) (*roundQueue, error) {
	q, err := s.queue(id)
	if err != nil {
		return nil, err
	}
	if !model.CanCall(u, &q.round) {
		return nil, ErrRoundNotFound
	}
	return q, nil
}

// RoundInfo is a round with its progress.
type RoundInfo struct {
	Round    model.Round
	Progress Progress
}

// Rounds lists the rounds the session may call, newest first.
func (s *Store) Rounds(sess *Session) ([]RoundInfo, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	var ids []model.RoundID
	err = s.db.View(func(tx *bolt.Tx) error {
		return forEachRound(tx, func(r *model.Round) error {
			ids = append(ids, r.ID)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	var out []RoundInfo
	s.rappel.mu.Lock()
	defer s.rappel.mu.Unlock()
	for i := len(ids) - 1; i >= 0; i-- {
		q, err := s.roundFor(&u, ids[i])
		if errors.Is(err, ErrRoundNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, RoundInfo{Round: q.round, Progress: q.progress()})
	}
	return out, nil
}

// Round returns one round and its progress.
func (s *Store) Round(sess *Session, id model.RoundID) (RoundInfo, error) {
	var info RoundInfo
	err := s.inRound(sess, id, func(q *roundQueue) {
		info = RoundInfo{Round: q.round, Progress: q.progress()}
	})
	return info, err
}

// inRound calls fn with the queue of round id, as the session may see it,
// under the rounds' lock.
func (s *Store) inRound(sess *Session, id model.RoundID, fn func(q *roundQueue)) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	s.rappel.mu.Lock()
	defer s.rappel.mu.Unlock()
	q, err := s.roundFor(&u, id)
	if err != nil {
		return err
	}
	fn(q)
	return nil
}

// Assignment is the person a caller is given, or none with the reason.
type Assignment struct {
	Person model.PersonID // 0: nobody to call now (State says why)
	Target model.Target
	State  model.QueueState
}

// NextTarget gives the caller the person they hold, or claims the next one
// due. No two sessions hold the same person at once.
func (s *Store) NextTarget(sess *Session, id model.RoundID) (Assignment, error) {
	var a Assignment
	err := s.inRound(sess, id, func(q *roundQueue) {
		a.Person, a.State = q.next(sess, s.now())
		if a.Person != 0 {
			a.Target = q.items[a.Person].t
		}
	})
	return a, err
}

// ReleaseTarget gives back the person the caller holds (the caller leaves).
func (s *Store) ReleaseTarget(sess *Session, id model.RoundID) {
	s.rappel.mu.Lock()
	defer s.rappel.mu.Unlock()
	if q, ok := s.rappel.queues[id]; ok {
		if pid, held := q.byOwner[sess]; held {
			q.release(pid)
		}
	}
}

// CallView is what a caller sees of a round's person: the fiche's identity,
// phones and the attributes the round shows (the whole fiche for a
// responsable), where they are, and their calls of every round.
type CallView struct {
	Person model.Person
	Where  string // "Isère › Sud-Grenoblois › Eybens"
	Calls  []model.Call
	Rounds map[model.RoundID]string // names of the rounds of Calls
}

// CallPerson reads a round's person for the caller's screen.
func (s *Store) CallPerson(sess *Session, id model.RoundID, pid model.PersonID) (CallView, error) {
	u, err := sess.user()
	if err != nil {
		return CallView{}, err
	}
	s.rappel.mu.Lock()
	q, err := s.roundFor(&u, id)
	inRound := err == nil && q.items[pid] != nil
	var show []string
	if err == nil {
		show = q.round.Show
	}
	s.rappel.mu.Unlock()
	if err != nil {
		return CallView{}, err
	}
	if !inRound {
		return CallView{}, ErrNotInRound
	}
	v := CallView{Rounds: map[model.RoundID]string{}}
	err = s.db.View(func(tx *bolt.Tx) error {
		var err error
		if v.Person, err = getPerson(tx, pid); err != nil {
			return err
		}
		if v.Calls, err = personCalls(tx, pid); err != nil {
			return err
		}
		for _, c := range v.Calls {
			if _, ok := v.Rounds[c.Round]; !ok {
				r, _ := getRound(tx, c.Round)
				v.Rounds[c.Round] = r.Name
			}
		}
		return nil
	})
	if err != nil {
		return CallView{}, err
	}
	v.Where = s.units.describe(v.Person.Org)
	if u.Round != 0 {
		v.Person = callerView(&v.Person, show) // a caller account sees only what the round shows
	}
	return v, nil
}

// callerView keeps of a fiche what a caller account may see.
func callerView(p *model.Person, show []string) model.Person {
	v := model.Person{ID: p.ID, Version: p.Version, Kind: p.Kind, Civility: p.Civility, FirstName: p.FirstName,
		LastName: p.LastName, BirthDate: p.BirthDate, Mobile: p.Mobile, Landline: p.Landline, Org: p.Org,
		Preferences: p.Preferences}
	for _, key := range show {
		if f := model.FieldFor(key); f != nil {
			f.Copy(&v, p)
		}
	}
	return v
}

func personCalls(tx *bolt.Tx, pid model.PersonID) ([]model.Call, error) {
	byPerson, calls := tx.Bucket(bCallsByPerson), tx.Bucket(bCalls)
	if byPerson == nil {
		return nil, nil
	}
	var out []model.Call
	err := forEachPrefixed(byPerson, itob(uint64(pid)), func(k, _ []byte) error {
		var c model.Call
		if err := json.Unmarshal(calls.Get(k[8:]), &c); err != nil {
			return fmt.Errorf("appel illisible : %w", err)
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// Calls returns a fiche's calls of every round, oldest first.
func (s *Store) Calls(sess *Session, pid model.PersonID) ([]model.Call, error) {
	if _, err := s.Get(sess, pid); err != nil {
		return nil, err
	}
	var out []model.Call
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		out, err = personCalls(tx, pid)
		return err
	})
	return out, err
}

// RecordCall records a call on a round's person in one transaction with its
// journal entry. "Faux numéro" clears that number on the fiche and "ne plus
// appeler" sets the fiche's preference, each change journaled too. The
// caller's claim on the person ends.
func (s *Store) RecordCall(sess *Session, c model.Call) (model.Call, error) {
	u, err := sess.user()
	if err != nil {
		return model.Call{}, err
	}
	s.rappel.mu.Lock()
	q, err := s.roundFor(&u, c.Round)
	var r model.Round
	if err == nil {
		r = q.round
		if q.items[c.Person] == nil {
			err = ErrNotInRound
		}
	}
	s.rappel.mu.Unlock()
	if err != nil {
		return model.Call{}, err
	}
	if r.Closed {
		return model.Call{}, ErrRoundClosed
	}
	if err := model.CheckCall(&c, &r); err != nil {
		return model.Call{}, err
	}
	c.At, c.Caller, c.CallerID, c.FollowUpDone = s.now(), u.Username, u.ID, false
	var changed *model.Person
	var org model.Org
	err = s.write(func(tx *bolt.Tx) error {
		_, targets, calls, byPerson, err := roundBuckets(tx)
		if err != nil {
			return err
		}
		p, err := getPerson(tx, c.Person)
		if err != nil {
			return err
		}
		org = p.Org
		key := targetKey(c.Round, c.Person)
		t := model.Target{Person: c.Person}
		if v := targets.Get(key); v != nil {
			if t, err = decodeTarget(key, v); err != nil {
				return err
			}
		}
		t.Apply(&c, s.now().Location())
		if err := targets.Put(key, encodeTarget(&t)); err != nil {
			return err
		}
		seq, err := calls.NextSequence()
		if err != nil {
			return err
		}
		c.ID = seq
		calls.FillPercent = appendFill
		if err := putJSON(calls, itob(seq), c); err != nil {
			return err
		}
		if err := byPerson.Put(append(itob(uint64(c.Person)), itob(seq)...), itob(uint64(c.Round))); err != nil {
			return err
		}
		if err := appendAudit(tx, &model.AuditEntry{At: c.At, Actor: u.Username, ActorID: u.ID, Action: model.ActionCall,
			PersonID: c.Person, Org: p.Org, Detail: callDetail(&r, &c)}); err != nil {
			return err
		}
		if np, ok := callChange(&p, &c); ok {
			np.Version, np.UpdatedAt, np.UpdatedBy = p.Version+1, c.At, u.Username
			if err := putPerson(tx, &np, p.MemberNumber); err != nil {
				return err
			}
			changed = &np
			return appendAudit(tx, &model.AuditEntry{At: c.At, Actor: u.Username, ActorID: u.ID, Action: model.ActionPersonUpdate,
				PersonID: c.Person, Org: p.Org, Changes: model.Diff(&p, &np), Detail: "rappel « " + r.Name + " » : " + c.Outcome.Label()})
		}
		return nil
	}, func() Event {
		if changed != nil {
			s.idx.set(*changed)
		}
		day := model.DateOf(c.At)
		s.idx.setCalls([]model.PersonID{c.Person}, func(cs query.CallSummary) query.CallSummary { return cs.With(&c, day) })
		s.rappel.mu.Lock()
		if q, ok := s.rappel.queues[c.Round]; ok {
			q.apply(&c)
		}
		s.rappel.mu.Unlock()
		return Event{What: model.ActionCall, Persons: []model.PersonID{c.Person}, By: u.Username, Orgs: []model.Org{org, r.Scope}}
	})
	if err != nil {
		return model.Call{}, err
	}
	return c, nil
}

// callChange is what a call changes on the fiche, if anything.
func callChange(p *model.Person, c *model.Call) (model.Person, bool) {
	np := p.Clone()
	switch c.Outcome {
	case model.OutcomeWrongNumber:
		switch c.WrongNumber {
		case model.FieldMobile:
			np.Mobile = ""
		case model.FieldLandline:
			np.Landline = ""
		}
	case model.OutcomeDoNotCall:
		np.Preferences.DoNotCall = true
	default:
		return np, false
	}
	return np, np.Mobile != p.Mobile || np.Landline != p.Landline || np.Preferences != p.Preferences
}

func callDetail(r *model.Round, c *model.Call) string {
	d := "« " + r.Name + " » : " + c.Outcome.Label()
	if c.Outcome == model.OutcomeCallBack {
		d += " le " + c.CallBackDay.String()
		if c.CallBackAfter > 0 {
			d += fmt.Sprintf(" après %02d:%02d", c.CallBackAfter/60, c.CallBackAfter%60)
		}
	}
	if c.Note != "" {
		d += " · note : " + c.Note
	}
	if c.FollowUp != "" {
		d += " · suite à donner : " + c.FollowUp
	}
	return d
}

// AddTarget adds a person to a started round.
func (s *Store) AddTarget(sess *Session, id model.RoundID, pid model.PersonID) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	p, err := s.Get(sess, pid)
	if err != nil {
		return err
	}
	if !model.CanEdit(&u, p.Org) {
		return ErrForbidden
	}
	s.rappel.mu.Lock()
	q, err := s.roundFor(&u, id)
	already := err == nil && q.items[pid] != nil
	var r model.Round
	if err == nil {
		r = q.round
	}
	s.rappel.mu.Unlock()
	switch {
	case err != nil:
		return err
	case already:
		return errors.New("cette personne fait déjà partie de la campagne")
	case p.Preferences.DoNotCall:
		return errors.New("cette personne ne veut pas être appelée")
	case !model.CallPhones(&p):
		return errors.New("cette fiche n'a pas de numéro de téléphone")
	}
	return s.write(func(tx *bolt.Tx) error {
		_, targets, _, _, err := roundBuckets(tx)
		if err != nil {
			return err
		}
		if err := targets.Put(targetKey(id, pid), encodeTarget(&model.Target{Person: pid})); err != nil {
			return err
		}
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionRoundUpdate,
			PersonID: pid, Org: p.Org, Detail: "ajoutée à la campagne « " + r.Name + " »"})
	}, func() Event {
		s.idx.setCalls([]model.PersonID{pid}, func(cs query.CallSummary) query.CallSummary { return cs.InRound(id) })
		s.rappel.mu.Lock()
		if q, ok := s.rappel.queues[id]; ok && q.items[pid] == nil {
			q.add(model.Target{Person: pid})
		}
		s.rappel.mu.Unlock()
		return Event{What: model.ActionRoundUpdate, Persons: []model.PersonID{pid}, By: u.Username, Orgs: []model.Org{r.Scope}}
	})
}

// RoundCalls lists a round's calls, oldest first.
func (s *Store) RoundCalls(sess *Session, id model.RoundID) ([]model.Call, error) {
	if _, err := s.Round(sess, id); err != nil {
		return nil, err
	}
	var out []model.Call
	err := s.db.View(func(tx *bolt.Tx) error {
		return forEachCall(tx, func(c *model.Call) error {
			if c.Round == id {
				out = append(out, *c)
			}
			return nil
		})
	})
	return out, err
}

// FollowUp is a "suite à donner" with the person's name.
type FollowUp struct {
	Call  model.Call
	Name  string
	Round string
}

// FollowUps lists the pending "suites à donner" of the fiches the session
// sees, oldest first.
func (s *Store) FollowUps(sess *Session) ([]FollowUp, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	var out []FollowUp
	names := map[model.RoundID]string{}
	err = s.db.View(func(tx *bolt.Tx) error {
		return forEachCall(tx, func(c *model.Call) error {
			if c.FollowUp == "" || c.FollowUpDone {
				return nil
			}
			row, ok := s.idx.get(c.Person)
			if !ok || !model.CanSee(&u, row.Org) {
				return nil
			}
			if _, ok := names[c.Round]; !ok {
				r, _ := getRound(tx, c.Round)
				names[c.Round] = r.Name
			}
			p := row.Person()
			out = append(out, FollowUp{Call: *c, Name: p.SortName(), Round: names[c.Round]})
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Call.At.Before(out[j].Call.At) })
	return out, err
}

// MarkFollowUpDone marks a "suite à donner" handled (the right to modify
// the fiche is needed).
func (s *Store) MarkFollowUpDone(sess *Session, callID uint64) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	var org model.Org
	var pid model.PersonID
	return s.write(func(tx *bolt.Tx) error {
		b := tx.Bucket(bCalls)
		if b == nil {
			return ErrNotFound
		}
		var c model.Call
		v := b.Get(itob(callID))
		if v == nil {
			return ErrNotFound
		}
		if err := json.Unmarshal(v, &c); err != nil {
			return err
		}
		p, err := getEditable(tx, &u, c.Person)
		if err != nil {
			return err
		}
		org, pid = p.Org, p.ID
		c.FollowUpDone = true
		if err := putJSON(b, itob(callID), c); err != nil {
			return err
		}
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionFollowUpDone,
			PersonID: c.Person, Org: p.Org, Detail: c.FollowUp})
	}, func() Event {
		return Event{What: model.ActionFollowUpDone, Persons: []model.PersonID{pid}, By: u.Username, Orgs: []model.Org{org}}
	})
}

// CreateCaller creates a caller account limited to one round: it may call
// the round's people and nothing else (no list, search or export). It needs
// the right to manage responsables where the round lives. The generated
// password is returned once.
func (s *Store) CreateCaller(sess *Session, id model.RoundID, first, last string) (model.User, string, error) {
	g, err := sess.user()
	if err != nil {
		return model.User{}, "", err
	}
	info, err := s.Round(sess, id)
	if err != nil {
		return model.User{}, "", err
	}
	if sess.system == nil && !model.Can(&g, model.RightManage, info.Round.Scope) {
		return model.User{}, "", ErrForbidden
	}
	return s.createUser(&g, UserSpec{FirstName: first, LastName: last, Scope: info.Round.Scope, Round: id}, true)
}

// roundNames lists the rounds the session may name in a query (rappel:):
// those living in its scope or above it.
func (s *Store) roundNames(sess *Session) ([]model.Round, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	var out []model.Round
	err = s.db.View(func(tx *bolt.Tx) error {
		return forEachRound(tx, func(r *model.Round) error {
			if u.Scope.Contains(r.Scope) || r.Scope.Contains(u.Scope) || u.Round == r.ID {
				out = append(out, model.Round{ID: r.ID, Name: r.Name})
			}
			return nil
		})
	})
	return out, err
}

// loadCalls sets each row's call summary from the file, at opening.
func (idx *index) loadCalls(tx *bolt.Tx, loc *time.Location) error {
	if b := tx.Bucket(bRoundTargets); b != nil {
		if err := b.ForEach(func(k, _ []byte) error {
			if len(k) != 16 {
				return nil
			}
			if e := idx.byID[model.PersonID(btoi(k[8:]))]; e != nil {
				e.Calls = e.Calls.InRound(model.RoundID(btoi(k[:8])))
			}
			return nil
		}); err != nil {
			return err
		}
	}
	return forEachCall(tx, func(c *model.Call) error {
		if e := idx.byID[c.Person]; e != nil {
			e.Calls = e.Calls.With(c, model.DateOf(c.At.In(loc)))
		}
		return nil
	})
}

// setCalls replaces the call summaries of some rows (caller holds
// Store.wmu). Rows are immutable: each changed one is copied.
func (idx *index) setCalls(ids []model.PersonID, change func(query.CallSummary) query.CallSummary) {
	idx.mu.Lock()
	defer idx.mu.Unlock()
	for _, id := range ids {
		old, ok := idx.byID[id]
		if !ok {
			continue
		}
		e := *old
		e.Calls = change(old.Calls)
		idx.byID[id] = &e
		if i, found := slices.BinarySearchFunc(idx.sorted, old, less); found {
			idx.sorted[i] = &e
		}
		// The text index holds rows too: same words and values, only the
		// call summary changed, so the row is swapped in its slot.
		if slot, ok := idx.text.slotOf(old); ok {
			idx.text.rows[slot] = &e
		} else {
			idx.text.replace(old, &e)
		}
	}
}

// LastCalls returns the last call of each of the given fiches that has one
// (for the rappel export's "Dernier appel" column). The fiches must be
// visible to the session; others are skipped.
func (s *Store) LastCalls(sess *Session, ids []model.PersonID) (map[model.PersonID]model.Call, error) {
	u, err := sess.user()
	if err != nil {
		return nil, err
	}
	out := map[model.PersonID]model.Call{}
	err = s.db.View(func(tx *bolt.Tx) error {
		byPerson, calls := tx.Bucket(bCallsByPerson), tx.Bucket(bCalls)
		if byPerson == nil {
			return nil
		}
		c := byPerson.Cursor()
		for _, id := range ids {
			row, ok := s.idx.get(id)
			if !ok || !model.CanSee(&u, row.Org) || row.Calls.Last == 0 {
				continue
			}
			// The last key with this person's prefix: seek the next person, step back.
			k, _ := c.Seek(itob(uint64(id) + 1))
			if k == nil {
				k, _ = c.Last()
			} else {
				k, _ = c.Prev()
			}
			if len(k) != 16 || model.PersonID(btoi(k[:8])) != id {
				continue
			}
			var call model.Call
			if err := json.Unmarshal(calls.Get(k[8:]), &call); err != nil {
				return fmt.Errorf("appel illisible : %w", err)
			}
			out[id] = call
		}
		return nil
	})
	return out, err
}

// RoundTargets lists a round's people still to call (not done nor
// exhausted), in the round's order, for a paper sheet.
func (s *Store) RoundTargets(sess *Session, id model.RoundID) ([]model.PersonID, error) {
	var out []model.PersonID
	err := s.inRound(sess, id, func(q *roundQueue) {
		items := make([]*qItem, 0, len(q.items))
		for _, it := range q.items {
			if !it.t.Finished(q.round.MaxTries) {
				items = append(items, it)
			}
		}
		slices.SortFunc(items, func(a, b *qItem) int { return a.seq - b.seq })
		out = make([]model.PersonID, len(items))
		for i, it := range items {
			out[i] = it.t.Person
		}
	})
	return out, err
}

// Now is the store's clock (tests set it), for readers of dates typed
// relative to today.
func (s *Store) Now() time.Time { return s.now() }

// CloseRound closes a round (no more calls; it stays listed with its
// results) or opens it again. It needs the right to modify where it lives.
func (s *Store) CloseRound(sess *Session, id model.RoundID, closed bool) error {
	u, err := sess.user()
	if err != nil {
		return err
	}
	info, err := s.Round(sess, id)
	if err != nil {
		return err
	}
	if !model.CanEdit(&u, info.Round.Scope) {
		return ErrForbidden
	}
	r := info.Round
	r.Closed = closed
	detail := "« " + r.Name + " » close"
	if !closed {
		detail = "« " + r.Name + " » rouverte"
	}
	return s.write(func(tx *bolt.Tx) error {
		rounds, _, _, _, err := roundBuckets(tx)
		if err != nil {
			return err
		}
		if err := putJSON(rounds, itob(uint64(id)), r); err != nil {
			return err
		}
		return appendAudit(tx, &model.AuditEntry{At: s.now(), Actor: u.Username, ActorID: u.ID, Action: model.ActionRoundUpdate,
			Org: r.Scope, Detail: detail})
	}, func() Event {
		s.rappel.mu.Lock()
		if q, ok := s.rappel.queues[id]; ok {
			q.round.Closed = closed
		}
		s.rappel.mu.Unlock()
		return Event{What: model.ActionRoundUpdate, By: u.Username, Orgs: []model.Org{r.Scope}}
	})
}

// ReleaseSession gives back every person the session holds, in every round
// (the session ends: an SSH connection closed, the app quit).
func (s *Store) ReleaseSession(sess *Session) {
	s.rappel.mu.Lock()
	defer s.rappel.mu.Unlock()
	for _, q := range s.rappel.queues {
		if pid, held := q.byOwner[sess]; held {
			q.release(pid)
		}
	}
}
