package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fichier/model"
)

// clockWorld is a world whose clock the test moves.
type clockWorld struct {
	*world
	now atomic.Int64
}

func newClockWorld(t testing.TB) *clockWorld {
	t.Helper()
	cw := &clockWorld{}
	cw.now.Store(fixedNow.UnixNano())
	opt := testOptions()
	opt.Now = func() time.Time { return time.Unix(0, cw.now.Load()).In(fixedNow.Location()) }
	path := filepath.Join(t.TempDir(), "fichier.db")
	st, err := Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cw.world = &world{st: st, path: path, sys: st.SystemSession("test")}
	cw.makeUnits(t)
	return cw
}

func (cw *clockWorld) advance(d time.Duration) { cw.now.Add(int64(d)) }

// roundOf creates n callable people in cell A1 (plus one without phone and
// one "ne pas appeler") and starts a round on the section.
func (w *world) roundOf(t testing.TB, n int, r model.Round) model.Round {
	t.Helper()
	for i := range n {
		w.create(t, person(fmt.Sprintf("P%03d", i), "Appel", model.KindAdherent, w.cellA1.Path))
	}
	nophone := person("Sans", "Téléphone", model.KindAdherent, w.cellA1.Path)
	nophone.Mobile = ""
	w.create(t, nophone)
	dnc := person("Jamais", "Appeler", model.KindAdherent, w.cellA1.Path)
	dnc.Preferences.DoNotCall = true
	w.create(t, dnc)
	w.create(t, person("Ailleurs", "Autre", model.KindAdherent, w.secB.Path))
	if r.Name == "" {
		r.Name = "Hôpital Sud"
	}
	r.Query = "section:sud-grenoblois"
	creator := w.user(t, "Rose", "Organisatrice", w.secA.Path, model.AllRights)
	out, err := w.st.CreateRound(creator, r, mustParse(t, r.Query))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRoundFreezesTargetsAndLeavesAside(t *testing.T) {
	w := newWorld(t)
	r := w.roundOf(t, 3, model.Round{})
	if r.NoPhone != 1 || r.DoNotCall != 1 || r.Cooldown != model.DefaultCooldown {
		t.Errorf("round %+v", r)
	}
	info, err := w.st.Round(w.sys, r.ID)
	if err != nil || info.Progress.Total != 3 {
		t.Fatalf("progress %+v %v", info.Progress, err)
	}
	// A fiche created later is not in the round until added.
	late := w.create(t, person("Tard", "Venu", model.KindAdherent, w.cellA1.Path))
	if info, _ := w.st.Round(w.sys, r.ID); info.Progress.Total != 3 {
		t.Errorf("a later fiche joined the frozen round: %d", info.Progress.Total)
	}
	if err := w.st.AddTarget(w.sys, r.ID, late.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.st.AddTarget(w.sys, r.ID, late.ID); err == nil {
		t.Error("added twice")
	}
	// A closed round gives nobody and records nothing; reopened, it goes on.
	if err := w.st.CloseRound(w.sys, r.ID, true); err != nil {
		t.Fatal(err)
	}
	if a, err := w.st.NextTarget(w.sys, r.ID); err != nil || a.Person != 0 {
		t.Errorf("closed round gave %+v %v", a, err)
	}
	if _, err := w.st.RecordCall(w.sys, model.Call{Round: r.ID, Person: late.ID, Outcome: model.OutcomeReached}); !errors.Is(err, ErrRoundClosed) {
		t.Errorf("closed round recorded: %v", err)
	}
	if err := w.st.CloseRound(w.sys, r.ID, false); err != nil {
		t.Fatal(err)
	}
	// After reopening, the round is read back from the file.
	w.st.Close()
	w.st = openTest(t, w.path)
	w.sys = w.st.SystemSession("test")
	rs, err := w.st.Rounds(w.sys)
	if err != nil || len(rs) != 1 || rs[0].Progress.Total != 4 || rs[0].Round.Name != "Hôpital Sud" {
		t.Fatalf("rounds after reopening: %+v %v", rs, err)
	}
}

func TestQueueCooldownCallBackAndWhy(t *testing.T) {
	cw := newClockWorld(t)
	r := cw.roundOf(t, 2, model.Round{MaxTries: 2})
	sess := cw.sys
	call := func(o model.Outcome, mod func(c *model.Call)) model.PersonID {
		t.Helper()
		a, err := cw.st.NextTarget(sess, r.ID)
		if err != nil || a.Person == 0 {
			t.Fatalf("next: %+v %v", a, err)
		}
		c := model.Call{Round: r.ID, Person: a.Person, Outcome: o}
		if mod != nil {
			mod(&c)
		}
		if _, err := cw.st.RecordCall(sess, c); err != nil {
			t.Fatal(err)
		}
		return a.Person
	}
	first := call(model.OutcomeNoAnswer, nil)
	second := call(model.OutcomeCallBack, func(c *model.Call) {
		c.CallBackDay, c.CallBackAfter = model.DateOf(fixedNow), 18*60
	})
	a, _ := cw.st.NextTarget(sess, r.ID)
	if a.Person != 0 || a.State.Waiting != 2 {
		t.Fatalf("queue should be waiting: %+v", a)
	}
	if why := a.State.Why(fixedNow); why != "Personne à appeler pour l'instant : 2 personnes en attente jusqu'à 14:00." {
		t.Errorf("why: %q", why)
	}
	cw.advance(4 * time.Hour)
	if got := call(model.OutcomeBusy, nil); got != first {
		t.Errorf("after the cooldown %d is due, got %d", first, got)
	}
	cw.advance(4 * time.Hour) // 18:00: the call back is due, the first is exhausted
	if got := call(model.OutcomeReached, func(c *model.Call) { c.Note = "ok" }); got != second {
		t.Errorf("call back: got %d want %d", got, second)
	}
	a, _ = cw.st.NextTarget(sess, r.ID)
	if a.Person != 0 || a.State.Done != 1 || a.State.Exhausted != 1 {
		t.Fatalf("end: %+v", a.State)
	}
	if why := a.State.Why(fixedNow); why != "Tout le monde a été appelé : 1 terminé(s), 1 sans réponse après tous les essais." {
		t.Errorf("why: %q", why)
	}
	info, _ := cw.st.Round(sess, r.ID)
	if p := info.Progress; p.Called != 2 || p.ByOutcome[model.OutcomeReached] != 1 || p.ByOutcome[model.OutcomeBusy] != 1 {
		t.Errorf("progress %+v", p)
	}
	calls, err := cw.st.Calls(sess, first)
	if err != nil || len(calls) != 2 || calls[1].Outcome != model.OutcomeBusy || calls[0].Caller != "test" {
		t.Errorf("history %+v %v", calls, err)
	}
}

func TestRecordCallChangesTheFiche(t *testing.T) {
	w := newWorld(t)
	r := w.roundOf(t, 2, model.Round{})
	a1 := w.callNext(t, r.ID, model.Call{Outcome: model.OutcomeWrongNumber, WrongNumber: model.FieldMobile})
	a2 := w.callNext(t, r.ID, model.Call{Outcome: model.OutcomeDoNotCall, FollowUp: "veut adhérer"})
	p1, _ := w.st.Get(w.sys, a1)
	p2, _ := w.st.Get(w.sys, a2)
	if p1.Mobile != "" || !p2.Preferences.DoNotCall || p2.Version != 2 {
		t.Errorf("fiches: mobile %q, do not call %v", p1.Mobile, p2.Preferences.DoNotCall)
	}
	hist, _ := w.st.History(w.sys, a1)
	var sawCall, sawChange bool
	for _, e := range hist {
		sawCall = sawCall || e.Action == model.ActionCall
		sawChange = sawChange || e.Action == model.ActionPersonUpdate && len(e.Changes) == 1
	}
	if !sawCall || !sawChange {
		t.Errorf("journal lacks the call or the change: %+v", hist)
	}
	fu, err := w.st.FollowUps(w.sys)
	if err != nil || len(fu) != 1 || fu[0].Call.FollowUp != "veut adhérer" || fu[0].Round != "Hôpital Sud" {
		t.Fatalf("follow-ups %+v %v", fu, err)
	}
	if err := w.st.MarkFollowUpDone(w.sys, fu[0].Call.ID); err != nil {
		t.Fatal(err)
	}
	if fu, _ := w.st.FollowUps(w.sys); len(fu) != 0 {
		t.Errorf("still pending: %+v", fu)
	}
	// An unknown outcome or a person outside the round is refused.
	if _, err := w.st.RecordCall(w.sys, model.Call{Round: r.ID, Person: a1, Outcome: 9}); err == nil {
		t.Error("outcome 9 accepted")
	}
	other := w.create(t, person("Hors", "Campagne", model.KindContact, w.cellA1.Path))
	if _, err := w.st.RecordCall(w.sys, model.Call{Round: r.ID, Person: other.ID, Outcome: model.OutcomeReached}); !errors.Is(err, ErrNotInRound) {
		t.Errorf("outside the round: %v", err)
	}
}

// callNext gives the system session the next person of round id and
// records call to them; it returns who was called.
func (w *world) callNext(t *testing.T, id model.RoundID, call model.Call) model.PersonID {
	t.Helper()
	a, err := w.st.NextTarget(w.sys, id)
	if err != nil || a.Person == 0 {
		t.Fatalf("next: %+v %v", a, err)
	}
	call.Round, call.Person = id, a.Person
	if _, err := w.st.RecordCall(w.sys, call); err != nil {
		t.Fatal(err)
	}
	return a.Person
}

// callers are the sessions of two callers of section A, Ana and Ben.
func (w *world) callers(t *testing.T) (a, b *Session) {
	t.Helper()
	return w.user(t, "Ana", "Appelante", w.secA.Path, model.RightWrite), w.user(t, "Ben", "Appelant", w.secA.Path, model.RightWrite)
}

// A person held by a caller who leaves goes back to the round at once.
func TestLeavingGivesThePersonBack(t *testing.T) {
	w := newWorld(t)
	r := w.roundOf(t, 1, model.Round{})
	a, b := w.callers(t)
	first, _ := w.st.NextTarget(a, r.ID)
	if again, _ := w.st.NextTarget(a, r.ID); again.Person != first.Person {
		t.Fatalf("coming back gives %d, not the person held %d", again.Person, first.Person)
	}
	if other, _ := w.st.NextTarget(b, r.ID); other.Person != 0 || other.State.Claimed != 1 {
		t.Fatalf("held person given to another: %+v", other)
	}
	w.st.ReleaseSession(a)
	if other, _ := w.st.NextTarget(b, r.ID); other.Person != first.Person {
		t.Fatalf("after leaving, the other caller gets %d", other.Person)
	}
}

func TestRoundRights(t *testing.T) {
	w := newWorld(t)
	r := w.roundOf(t, 2, model.Round{})
	reader := w.user(t, "Lea", "Lecture", w.secA.Path, model.ReadOnly)
	if _, err := w.st.CreateRound(reader, model.Round{Name: "x"}, mustParse(t, "")); !errors.Is(err, ErrForbidden) {
		t.Errorf("read-only created a round: %v", err)
	}
	elsewhere := w.user(t, "Bob", "Ailleurs", w.secB.Path, model.AllRights)
	if _, err := w.st.NextTarget(elsewhere, r.ID); !errors.Is(err, ErrRoundNotFound) {
		t.Errorf("a responsable of another section called the round: %v", err)
	}
	manager := w.user(t, "Max", "Gérant", w.secA.Path, model.AllRights)
	u, pw, err := w.st.CreateCaller(manager, r.ID, "Vic", "Bénévole")
	if err != nil {
		t.Fatal(err)
	}
	caller, err := w.st.Login(u.Username, pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.st.ChangePassword(caller, pw, "un-appelant-bien-motive"); err != nil {
		t.Fatal(err)
	}
	// The caller sees nothing of the file …
	if res, err := w.st.Search(caller, nil, SortName); err != nil || len(res.IDs) != 0 {
		t.Errorf("caller searched the file: %d %v", len(res.IDs), err)
	}
	// … but calls the round's people, seeing only what the round shows.
	a, err := w.st.NextTarget(caller, r.ID)
	if err != nil || a.Person == 0 {
		t.Fatalf("caller next: %+v %v", a, err)
	}
	if _, err := w.st.Get(caller, a.Person); !errors.Is(err, ErrNotFound) {
		t.Errorf("caller opened the fiche: %v", err)
	}
	v, err := w.st.CallPerson(caller, r.ID, a.Person)
	p := v.Person
	if err != nil || p.Mobile == "" || p.Email != "" || p.Address.Street != "" {
		t.Errorf("caller view %+v %v", p, err)
	}
	if _, err := w.st.RecordCall(caller, model.Call{Round: r.ID, Person: a.Person, Outcome: model.OutcomeDoNotCall}); err != nil {
		t.Errorf("caller recorded: %v", err)
	}
	if p, _ := w.st.Get(w.sys, a.Person); !p.Preferences.DoNotCall {
		t.Error("ne plus appeler not on the fiche")
	}
	r2 := w.roundOfMore(t)
	if _, err := w.st.NextTarget(caller, r2.ID); !errors.Is(err, ErrRoundNotFound) {
		t.Errorf("caller reached another round: %v", err)
	}
}

func (w *world) roundOfMore(t testing.TB) model.Round {
	r, err := w.st.CreateRound(w.sys, model.Round{Name: "Autre"}, mustParse(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Many callers on one round never hold the same person at once, and every
// target ends done or exhausted.
func TestConcurrentCallersNeverCollide(t *testing.T) {
	w := newWorld(t)
	const people, callers = 60, 8
	r := w.roundOf(t, people, model.Round{MaxTries: 1})
	var mu sync.Mutex
	held := map[model.PersonID]int{}
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for c := range callers {
		sess := w.user(t, "C", fmt.Sprintf("Appelant%c", 'a'+c), w.secA.Path, model.RightWrite)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				a, err := w.st.NextTarget(sess, r.ID)
				if err != nil {
					errs <- err
					return
				}
				if a.Person == 0 {
					if a.State.Claimed == 0 {
						return
					}
					runtime.Gosched()
					continue // others still hold people
				}
				mu.Lock()
				if other, ok := held[a.Person]; ok {
					mu.Unlock()
					errs <- fmt.Errorf("person %d given to %d and %d", a.Person, other, c)
					return
				}
				held[a.Person] = c
				mu.Unlock()
				// With one try, every outcome here ends the person's part:
				// released only once recorded, they never come back.
				o := model.Outcomes[(int(a.Person)+i)%3] // joint, pas de réponse, occupé
				if _, err := w.st.RecordCall(sess, model.Call{Round: r.ID, Person: a.Person, Outcome: o}); err != nil {
					errs <- err
					return
				}
				mu.Lock()
				delete(held, a.Person)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	info, _ := w.st.Round(w.sys, r.ID)
	if p := info.Progress; p.Done+p.Exhausted != people || p.Claimed != 0 {
		t.Errorf("not every target finished: %+v", p)
	}
}

// appel: and rappel: in the filter follow the calls, also after reopening.
func TestQueryByCalls(t *testing.T) {
	w := newWorld(t)
	r := w.roundOf(t, 3, model.Round{})
	w.callNext(t, r.ID, model.Call{Outcome: model.OutcomeWrongNumber, WrongNumber: model.FieldMobile})
	a2 := w.callNext(t, r.ID, model.Call{Outcome: model.OutcomeReached})
	count := func(q string) int {
		t.Helper()
		res, err := w.st.Search(w.sys, mustParse(t, q), SortName)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return len(res.IDs)
	}
	check := func() {
		t.Helper()
		for q, want := range map[string]int{
			"section:sud-grenoblois appel:jamais": 3, // a target, the one without phone, the one not to call
			"appel:<30j":                          2,
			"appel:>30j":                          0,
			"appel:faux-numéro":                   1,
			"appel:joint,faux-numéro":             2,
			"rappel:hôpital":                      3,
			"rappel:\"Hôpital Sud\" appel:jamais": 1,
			"rappel: section:sud-grenoblois":      2,
		} {
			if got := count(q); got != want {
				t.Errorf("%s: %d fiches, want %d", q, got, want)
			}
		}
	}
	check()
	if _, err := w.st.Search(w.sys, mustParse(t, "rappel:inconnue"), SortName); err == nil || !strings.Contains(err.Error(), "campagne de rappel inconnue") {
		t.Errorf("unknown round: %v", err)
	}
	// A fiche edited keeps its call summary; reopening rebuilds it.
	p, _ := w.st.Get(w.sys, a2)
	p.Notes = "rappelée"
	if _, err := w.st.Update(w.sys, p); err != nil {
		t.Fatal(err)
	}
	check()
	w.st.Close()
	w.st = openTest(t, w.path)
	w.sys = w.st.SystemSession("test")
	check()
}

func TestTargetCodec(t *testing.T) {
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for _, tg := range []model.Target{
		{Person: 7},
		{Person: 1 << 40, Tries: 3, Calls: 5, Last: model.OutcomeCallBack, LastAt: at, CallBack: at.Add(8 * time.Hour)},
	} {
		key := targetKey(2, tg.Person)
		got, err := decodeTarget(key, encodeTarget(&tg))
		if err != nil || got.Person != tg.Person || got.Tries != tg.Tries || got.Calls != tg.Calls || got.Last != tg.Last ||
			!got.LastAt.Equal(tg.LastAt) || !got.CallBack.Equal(tg.CallBack) {
			t.Errorf("%+v → %+v %v", tg, got, err)
		}
	}
	for _, bad := range [][]byte{nil, {2}, {1}, {1, 0x80}, {1, 1, 1, 1}} {
		if _, err := decodeTarget(targetKey(1, 1), bad); err == nil {
			t.Errorf("damaged target % x accepted", bad)
		}
	}
}

// A claim left without a call expires: another caller gets the person.
func TestClaimExpires(t *testing.T) {
	cw := newClockWorld(t)
	r := cw.roundOf(t, 1, model.Round{})
	a, b := cw.callers(t)
	first, _ := cw.st.NextTarget(a, r.ID)
	cw.advance(ClaimTimeout - time.Minute)
	if other, _ := cw.st.NextTarget(b, r.ID); other.Person != 0 {
		t.Fatalf("claim lost early: %+v", other)
	}
	cw.advance(2 * time.Minute)
	if other, _ := cw.st.NextTarget(b, r.ID); other.Person != first.Person {
		t.Fatalf("expired claim not given to another: %+v", other)
	}
}
