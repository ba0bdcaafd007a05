package ui

import (
	"strings"
	"testing"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
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
	d := startLoggedIn(t, w.st, w.session(t), 80, 24)
	d.open("1", "11 / 11 fiches")
	d.open("ctrl+r", "Nouveau rappel", "7 personnes", "4 sans téléphone")
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
	d.press("f2") // in the list, digits search: F2 reaches the screen
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

// roundOneCall is the round « Réunion du 12 » on the whole file, where
// the first person was reached and left followUp.
func (w *appWorld) roundOneCall(t *testing.T, sess *store.Session, followUp string) model.Round {
	t.Helper()
	q, _ := query.Parse("")
	r, err := w.st.CreateRound(sess, model.Round{Name: "Réunion du 12"}, q)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := w.st.NextTarget(sess, r.ID)
	if _, err := w.st.RecordCall(sess, model.Call{Round: r.ID, Person: a.Person, Outcome: model.OutcomeReached, FollowUp: followUp}); err != nil {
		t.Fatal(err)
	}
	return r
}

// The Rappels screen's tools: the results, the paper sheet, a caller
// account — who then sees the round and nothing else of the file.
func TestRappelsToolsAndCallerAccount(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	w := newAppWorld(t, true)
	sess := w.session(t)
	r := w.roundOneCall(t, sess, "")
	d := startApp(t, w.st, sess, 80, 24)
	d.press("2")
	d.waitFor("Campagnes de rappel", "Réunion du 12", "1/1")
	d.press("b")
	d.waitFor("Bilan « Réunion du 12 »", "Personnes à appeler", "Dernier appel : joint")
	d.press("x")
	d.waitFor("Bilan écrit : ")
	d.press("esc")
	d.waitFor("Campagnes de rappel")
	d.press("p")
	d.waitFor("Feuille papier écrite (0 personnes)")
	d.press("a")
	d.waitFor("Compte d'appelant pour")
	d.typeText("Léa Bénévole")
	d.press("enter")
	d.waitFor("Identifiant : ")
	var user, pw string
	for _, l := range strings.Split(d.screen(), "\n") {
		if _, v, ok := strings.Cut(l, "Identifiant : "); ok {
			user = strings.TrimSpace(v)
		}
		if _, v, ok := strings.Cut(l, "Mot de passe : "); ok {
			pw = strings.TrimSpace(v)
		}
	}
	caller, err := w.st.Login(user, pw)
	if err != nil {
		t.Fatalf("caller login %q %q: %v", user, pw, err)
	}
	if err := w.st.ChangePassword(caller, pw, "Un-Appelant-Bien-Motive-7"); err != nil {
		t.Fatal(err)
	}
	if res, err := w.st.Search(caller, nil, 0); err != nil || len(res.IDs) != 0 {
		t.Errorf("the caller sees fiches: %d %v", len(res.IDs), err)
	}
	rounds, err := w.st.Rounds(caller)
	if err != nil || len(rounds) != 1 || rounds[0].Round.ID != r.ID {
		t.Errorf("caller's rounds %+v %v", rounds, err)
	}
	// The caller's app opens on the round; e does not open the fiche.
	zoe := w.addPerson(t, model.Person{Kind: model.KindContact, FirstName: "Zoé", LastName: "Nouvelle", Org: w.cellE.Path, Mobile: "0698765432",
		Email: "zoe@exemple.fr", Address: model.Address{Street: "9 rue Secrète", Commune: "Échirolles", PostalCode: "38130"}})
	if err := w.st.AddTarget(sess, r.ID, zoe.ID); err != nil {
		t.Fatal(err)
	}
	cd := startApp(t, w.st, caller, 60, 20) // a small terminal
	cd.waitFor("Campagnes de rappel", "Réunion du 12")
	cd.press("enter")
	cd.waitFor("Zoé NOUVELLE", "06 98 76 54 32")
	appCheckFits(t, cd.screen(), 60, 20)
	cd.press("e")
	cd.waitFor("votre compte ne permet pas de modifier les fiches")
	screenLacks(t, cd.screen(), "rue Secrète", "zoe@exemple.fr")
}

// TestFollowUpsListedAndHandled: the Rappels screen closes a round (f) and
// opens the suites à donner (s), where t marks one handled.
func TestFollowUpsListedAndHandled(t *testing.T) {
	w := newAppWorld(t, true)
	sess := w.session(t)
	w.roundOneCall(t, sess, "veut adhérer")
	d := startApp(t, w.st, sess, 80, 24)
	d.press("2")
	d.waitFor("Campagnes de rappel", "Réunion du 12", "ouverte", "1 campagne")
	d.press("f")
	d.waitFor("Campagne « Réunion du 12 » close")
	d.waitScreen("close ")
	d.press("s")
	d.waitFor("Suites à donner", "veut adhérer", "(amartin · Réunion du 12)", "1 suite à donner")
	appCheckFits(t, d.screen(), 80, 24)
	d.press("t")
	d.waitFor("Suite à donner marquée traitée", "Rien à faire")
	if fu, _ := w.st.FollowUps(w.sys); len(fu) != 0 {
		t.Errorf("follow-ups left %+v", fu)
	}
}
