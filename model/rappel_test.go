package model

import (
	"strings"
	"testing"
	"time"
)

func TestParseOutcome(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Outcome
		ok   bool
	}{
		{"1", OutcomeReached, true}, {"7", OutcomeDoNotCall, true}, {"joint", OutcomeReached, true},
		{"Pas de réponse", OutcomeNoAnswer, true}, {"sans-réponse", OutcomeNoAnswer, true},
		{"FAUX NUMERO", OutcomeWrongNumber, true}, {"faux-numéro", OutcomeWrongNumber, true},
		{"à rappeler", OutcomeCallBack, true}, {"a-rappeler", OutcomeCallBack, true},
		{"messagerie", OutcomeVoicemail, true}, {"occupé", OutcomeBusy, true},
		{"ne plus appeler", OutcomeDoNotCall, true}, {"8", 0, false}, {"peut-être", 0, false}, {"", 0, false},
	} {
		got, ok := ParseOutcome(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseOutcome(%q) = %v %v, want %v %v", c.in, got, ok, c.want, c.ok)
		}
	}
	for _, o := range Outcomes {
		if o.Label() == "" {
			t.Errorf("outcome %d has no word", o)
		}
		if back, ok := ParseOutcome(o.Label()); !ok || back != o {
			t.Errorf("label %q does not read back", o.Label())
		}
	}
}

func TestTargetDue(t *testing.T) {
	loc := time.FixedZone("CET", 3600)
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, loc)
	r := &Round{Cooldown: 4 * time.Hour, MaxTries: 2}
	call := func(o Outcome, at time.Time) *Call { return &Call{Outcome: o, At: at} }
	for _, c := range []struct {
		name  string
		calls []*Call
		due   time.Time
		ok    bool
	}{
		{"never called: due now", nil, time.Time{}, true},
		{"no answer: after cooldown", []*Call{call(OutcomeNoAnswer, t0)}, t0.Add(4 * time.Hour), true},
		{"busy then voicemail: max tries spent", []*Call{call(OutcomeBusy, t0), call(OutcomeVoicemail, t0.Add(5*time.Hour))}, time.Time{}, false},
		{"reached: done", []*Call{call(OutcomeReached, t0)}, time.Time{}, false},
		{"wrong number: done", []*Call{call(OutcomeWrongNumber, t0)}, time.Time{}, false},
		{"do not call: done", []*Call{call(OutcomeDoNotCall, t0)}, time.Time{}, false},
		{"call back after 18:30", []*Call{{Outcome: OutcomeCallBack, At: t0, CallBackDay: NewDate(2026, 11, 26), CallBackAfter: 18*60 + 30}},
			time.Date(2026, 11, 26, 18, 30, 0, 0, loc), true},
		{"call back any time", []*Call{{Outcome: OutcomeCallBack, At: t0, CallBackDay: NewDate(2026, 11, 27)}},
			time.Date(2026, 11, 27, 0, 0, 0, 0, loc), true},
		{"no answer then call back: call back wins", []*Call{call(OutcomeNoAnswer, t0),
			{Outcome: OutcomeCallBack, At: t0, CallBackDay: NewDate(2026, 11, 25), CallBackAfter: 11 * 60}},
			time.Date(2026, 11, 25, 11, 0, 0, 0, loc), true},
	} {
		var tg Target
		for _, cl := range c.calls {
			tg.Apply(cl, loc)
		}
		due, ok := tg.Due(r)
		if ok != c.ok || !due.Equal(c.due) {
			t.Errorf("%s: due %v %v, want %v %v", c.name, due, ok, c.due, c.ok)
		}
	}
}

func TestQueueStateWhy(t *testing.T) {
	loc := time.FixedZone("CET", 3600)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, loc)
	for _, c := range []struct {
		q    QueueState
		want []string
	}{
		{QueueState{Total: 5, Done: 4, Exhausted: 1}, []string{"Tout le monde a été appelé", "4 terminé", "1 sans réponse"}},
		{QueueState{Total: 5, Done: 2, Waiting: 3, NextAt: now.Add(4 * time.Hour)}, []string{"3 personnes en attente jusqu'à 14:00"}},
		{QueueState{Total: 5, Waiting: 1, NextAt: now.Add(24 * time.Hour)}, []string{"1 personne en attente jusqu'au 26/11 10:00"}},
		{QueueState{Total: 5, Claimed: 2}, []string{"2 personnes en cours d'appel par d'autres appelants"}},
		{QueueState{}, []string{"personne à appeler"}},
		{QueueState{Total: 5, Waiting: 2, Closed: true}, []string{"close"}},
	} {
		got := c.q.Why(now)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%+v: %q lacks %q", c.q, got, w)
			}
		}
	}
}

func TestCheckCall(t *testing.T) {
	r := &Round{Questions: []Question{{Label: "Vient le 12 ?", Kind: QuestionYesNo},
		{Label: "Pétition", Kind: QuestionChoice, Choices: []string{"signe", "refuse"}}, {Label: "Remarque", Kind: QuestionText}}}
	for _, c := range []struct {
		call Call
		err  string
	}{
		{Call{Outcome: OutcomeReached, Answers: []string{"oui", "Signe", "très bien"}}, ""},
		{Call{Outcome: OutcomeReached, Answers: []string{"peut-être"}}, "non prévue"},
		{Call{Outcome: OutcomeReached, Answers: []string{"", "ne sait pas"}}, "non prévue"},
		{Call{Outcome: 9}, "inconnu"},
		{Call{Outcome: OutcomeCallBack}, "le jour"},
		{Call{Outcome: OutcomeWrongNumber}, "lequel"},
		{Call{Outcome: OutcomeWrongNumber, WrongNumber: FieldMobile}, ""},
		{Call{Outcome: OutcomeNoAnswer, Note: strings.Repeat("x", MaxNote+1)}, "trop longue"},
	} {
		err := CheckCall(&c.call, r)
		if (err == nil) != (c.err == "") || err != nil && !strings.Contains(err.Error(), c.err) {
			t.Errorf("%+v: %v, want %q", c.call, err, c.err)
		}
	}
}

func TestCheckRoundDefaults(t *testing.T) {
	r := Round{Name: "  Hôpital \x1b[31m"}
	if err := CheckRound(&r); err != nil {
		t.Fatal(err)
	}
	if r.Cooldown != DefaultCooldown || r.MaxTries != DefaultMaxTries || strings.ContainsRune(r.Name, 0x1b) {
		t.Errorf("%+v", r)
	}
	if err := CheckRound(&Round{}); err == nil {
		t.Error("a round without name is accepted")
	}
}

func TestParseQuestion(t *testing.T) {
	for _, c := range []struct {
		in   string
		kind QuestionKind
		lab  string
		n    int
	}{
		{"Vient le 12 ?", QuestionYesNo, "Vient le 12 ?", 0},
		{"Pétition ? signe / refuse / indécis", QuestionChoice, "Pétition ?", 3},
		{"Remarques …", QuestionText, "Remarques", 0},
		{"Remarques...", QuestionText, "Remarques", 0},
	} {
		q, ok := ParseQuestion(c.in)
		if !ok || q.Kind != c.kind || q.Label != c.lab || len(q.Choices) != c.n {
			t.Errorf("ParseQuestion(%q) = %+v", c.in, q)
		}
	}
	if _, ok := ParseQuestion("  "); ok {
		t.Error("blank question accepted")
	}
}

func TestParseCallBack(t *testing.T) {
	now := time.Date(2026, 12, 20, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	for _, c := range []struct {
		day, at string
		want    CallBack
		err     string
	}{
		{"", "", CallBack{Day: NewDate(2026, 12, 21)}, ""},
		{"", "18h30", CallBack{Day: NewDate(2026, 12, 20), After: 18*60 + 30}, ""},
		{"22/12", "", CallBack{Day: NewDate(2026, 12, 22)}, ""},
		{"05/01", "09:00", CallBack{Day: NewDate(2027, 1, 5), After: 9 * 60}, ""},
		{"31/02", "", CallBack{}, "invalide"},
		{"demain", "", CallBack{}, "jj/mm"},
		{"", "25:00", CallBack{}, "HH:MM"},
	} {
		got, err := ParseCallBack(c.day, c.at, now)
		if (err == nil) != (c.err == "") || err != nil && !strings.Contains(err.Error(), c.err) || err == nil && got != c.want {
			t.Errorf("ParseCallBack(%q, %q) = %+v %v", c.day, c.at, got, err)
		}
	}
}
