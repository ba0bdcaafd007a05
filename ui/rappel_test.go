package ui

import (
	"strings"
	"testing"

	"fichier/model"
)

// A responsable starts a round from the list (r), then calls seven people,
// one per outcome, pausing and resuming half-way; every outcome, note,
// answer and fiche change is in the store afterwards.
func TestCallerGoesThroughARound(t *testing.T) {
	w := newAppWorld(t, true)
	for i, name := range []string{"Abel", "Bruno", "Chloé", "Denis", "Eva", "Fanny"} {
		w.addPerson(t, model.Person{Kind: model.KindAdherent, FirstName: name, LastName: "Appel", Org: w.cellE.Path,
			Mobile: "06123456" + string(rune('1'+i)) + "0", Address: model.Address{Commune: "Échirolles", PostalCode: "38130"}})
	}
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.press("1")
	d.waitFor("Fiches")
	d.press("r")
	d.waitFor("Nouveau rappel", "7 personnes", "4 sans téléphone")
	d.typeText("Hôpital Sud")
	d.press("tab")
	d.typeText("Pétition pour l'hôpital : signez-vous ?")
	d.press("tab")
	d.typeText("Vient le 12 ?")
	d.press("enter")
	d.waitFor("Rappel « Hôpital Sud »", "0/7 appelés", "1 joint")
	appCheckFits(t, d.screen(), 80, 24)

	called := map[model.Outcome]string{}
	current := func() string {
		s := d.screen()
		for _, l := range strings.Split(s, "\n") {
			if strings.Contains(l, "adhérent ·") {
				s = l
				break
			}
		}
		for _, n := range []string{"Samira", "Abel", "Bruno", "Chloé", "Denis", "Eva", "Fanny"} {
			if strings.Contains(s, n+" ") {
				return n
			}
		}
		t.Fatalf("no person on screen:\n%s", s)
		return ""
	}
	step := func(o model.Outcome, fill func()) {
		t.Helper()
		who := current()
		called[o] = who
		d.press(string(rune('0' + o)))
		d.waitFor("Résultat : " + o.Label())
		if fill != nil {
			fill()
		}
		d.press("enter")
		d.waitFor("Appel enregistré : ")
	}
	step(model.OutcomeReached, func() {
		d.typeText("oui")
		d.press("tab")
		d.typeText("préfère le soir")
		d.press("tab")
		d.typeText("veut adhérer")
	})
	step(model.OutcomeNoAnswer, nil)
	step(model.OutcomeBusy, nil)

	// Pause, then come back by the Rappels screen: the round resumes.
	next := current()
	d.press("esc")
	d.waitFor("Fiches")
	d.press("2")
	d.waitFor("Campagnes de rappel", "Hôpital Sud", "3/7 appelés")
	d.press("enter")
	d.waitFor("Rappel « Hôpital Sud »", next)
	if got := current(); got != next {
		t.Fatalf("resumed on %s, want %s", got, next)
	}

	step(model.OutcomeVoicemail, nil)
	step(model.OutcomeWrongNumber, nil) // only a mobile: it is the wrong one
	step(model.OutcomeCallBack, func() {
		d.press("tab")
		d.typeText("18:30")
	})
	step(model.OutcomeDoNotCall, nil)
	d.waitFor("Personne à appeler pour l'instant", "4 personnes en attente jusqu'à 14:00")

	// The store has every call and the fiche changes.
	rounds, err := w.st.Rounds(w.sys)
	if err != nil || len(rounds) != 1 {
		t.Fatalf("rounds %+v %v", rounds, err)
	}
	calls, err := w.st.RoundCalls(w.sys, rounds[0].Round.ID)
	if err != nil || len(calls) != 7 {
		t.Fatalf("%d calls, %v", len(calls), err)
	}
	byOutcome := map[model.Outcome]model.Call{}
	for _, c := range calls {
		byOutcome[c.Outcome] = c
	}
	if c := byOutcome[model.OutcomeReached]; c.Note != "préfère le soir" || c.FollowUp != "veut adhérer" || len(c.Answers) != 1 || c.Answers[0] != "oui" {
		t.Errorf("reached call %+v", c)
	}
	if c := byOutcome[model.OutcomeCallBack]; c.CallBackDay != model.DateOf(appNow) || c.CallBackAfter != 18*60+30 {
		t.Errorf("call back %+v", c)
	}
	wrong, _ := w.st.Get(w.sys, byOutcome[model.OutcomeWrongNumber].Person)
	dnc, _ := w.st.Get(w.sys, byOutcome[model.OutcomeDoNotCall].Person)
	if wrong.Mobile != "" || !dnc.Preferences.DoNotCall {
		t.Errorf("fiches not changed: mobile %q, ne pas appeler %v", wrong.Mobile, dnc.Preferences.DoNotCall)
	}
	if fu, _ := w.st.FollowUps(w.sys); len(fu) != 1 || fu[0].Call.FollowUp != "veut adhérer" {
		t.Errorf("follow-ups %+v", fu)
	}
}
