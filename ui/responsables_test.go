package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"fichier/model"
	"fichier/store"
)

var (
	shownPasswordRe = regexp.MustCompile(`Mot de passe\s+([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})`)
	secretRe        = regexp.MustCompile(`((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4})`)
)

// shown is what re's group finds on the screen; the test fails when the
// screen does not show it.
func shown(t *testing.T, re *regexp.Regexp, what, screen string) string {
	t.Helper()
	m := re.FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no %s shown:\n%s", what, screen)
	}
	return m[1]
}

// TestAppointACellResponsable is the issue's « done when »: at 80×24 a
// section responsable appoints a cell responsable with read-only rights in
// a few keys; in another session (as over SSH) the new responsable logs in
// once with the given password, must change it, then sees exactly their
// cell; the journal shows all of it; and disabling the account ends their
// open session at once.
func TestAppointACellResponsable(t *testing.T) {
	w := newAppWorld(t, true)
	_, secSess := w.sectionResponsable(t)
	a := startLoggedIn(t, w.st, secSess, 80, 24)
	a.waitFor("Le fichier de la section", "edupont-martin · écriture")

	start := time.Now()
	a.open("6", "Responsables · section Sud-Grenoblois", "DUPONT-MARTIN Émilie", "n nommer")
	appCheckFits(t, a.screen(), 80, 24)
	a.open("n", "quel adhérent ?")
	a.typeText("morel") // a contact: not offered, and the screen says why
	a.waitFor("aucun adhérent ne correspond (seuls les adhérents peuvent être nommés)")
	screenLacks(t, a.screen(), "MOREL Sophie")
	a.press("ctrl+u")
	a.typeText("benali")
	a.waitFor("BENALI Samira")
	appCheckFits(t, a.screen(), 80, 24)
	a.press("enter")
	a.waitFor("Nommer un responsable", "sbenali", "◂ cellule ▸", "Échirolles")
	a.waitFor("règle du parti : votre niveau ou celui juste en dessous")
	scr := a.screen()
	screenHas(t, scr, "[ ] création et modification", "= lecture seule", "(vous ne l'avez pas)")
	appCheckFits(t, scr, 80, 24)
	a.press("enter")
	a.waitFor("Remettez-le en main propre")
	scr = a.screen()
	appCheckFits(t, scr, 80, 24)
	given := shown(t, shownPasswordRe, "password", scr)
	screenHas(t, scr, "Samira Benali est responsable : cellule Échirolles (lecture seule)", "Identifiant", "sbenali", "provisoire")
	a.press("enter")
	a.waitFor("BENALI Samira", "provisoire")
	if d := time.Since(start); d > time.Minute {
		t.Errorf("appointing took %v", d)
	}
	screenLacks(t, a.screen(), given) // shown once

	// The new responsable, in a session of their own.
	b := startApp(t, w.st, nil, 80, 24)
	b.waitFor("Connexion au fichier")
	b.login("sbenali", given)
	b.waitFor("Choisissez votre mot de passe", "provisoire")
	mine := "Cerises-Rouges-Juin-2026"
	b.choosePassword(mine)
	b.waitFor("Bonjour Samira", "Le fichier de la cellule", "1 adhérent", "1 compagnon de route")
	b.open("1", "2 / 2 fiches", "BENALI Samira", "LEFÈVRE Françoise")
	scr = b.screen()
	screenHas(t, scr, "sbenali · lecture seule")
	screenLacks(t, scr, "DUPONT-MARTIN", "ROUX", "MOREL")
	if _, err := w.st.Login("sbenali", given); err == nil {
		t.Error("the provisional password still works")
	}
	// Their journal: only their cell (their appointment, password, login).
	b.open("f9", "Journal", "responsable nommé", "mot de passe changé", "connexion")
	scr = b.screen()
	appCheckFits(t, scr, 80, 24)
	screenLacks(t, scr, "DUPONT-MARTIN Émilie", "MOREL Sophie", "ROUX Marc")

	// The granter's journal shows all of it.
	a.open("9", "responsable nommé", "mot de passe changé", "sbenali")
	a.filter("type:responsable")
	a.press("enter")
	a.waitFor("Journal · /type:responsable")
	scr = a.screen()
	screenHas(t, scr, "responsable nommé", "mot de passe changé")
	screenLacks(t, scr, "fiche créée")
	a.press("enter") // the newest: the password change
	a.waitFor("Journal · entrée")
	a.press("esc")
	a.waitScreen("Quand", "Sur")
	a.press("G", "k", "k") // the appointment (the oldest is Émilie's own)
	a.press("enter")
	a.waitScreen("Quoi", "responsable nommé", "sbenali · cellule", "Échirolles", "lecture seule", "BENALI Samira")
	a.press("esc")

	// A new password for them ends their session too; then they log in again.
	a.open("6", "BENALI Samira")
	a.press("j", "p")
	a.waitFor("Donner un nouveau mot de passe à Samira Benali")
	a.confirm("Nouveau mot de passe de Samira Benali")
	newPassword := shown(t, shownPasswordRe, "new password", a.screen())
	b.waitFor("Connexion au fichier", "réinitialisé")
	if _, err := w.st.Login("sbenali", newPassword); err != nil {
		t.Errorf("the new password: %v", err)
	}
	a.press("enter")
	a.waitScreen("BENALI Samira", "provisoire")
	b.login("sbenali", newPassword)
	b.waitFor("Choisissez votre mot de passe")
	mine += "!"
	b.choosePassword(mine)
	b.waitFor("Bonjour Samira")

	// Disabling the account ends the other session at once.
	a.open("d", "Désactiver le compte de Samira Benali")
	a.confirm("Compte de Samira Benali désactivé")
	b.waitFor("Connexion au fichier", "désactivé")
	if _, err := w.st.Login("sbenali", mine); err == nil {
		t.Error("a disabled responsable logs in")
	}
	j, _ := w.st.Journal(w.sys, store.JournalFilter{Kind: model.KindResponsable})
	var actions []string
	for _, e := range j {
		actions = append(actions, string(e.Action))
	}
	want := []string{"responsable.désactivation", "responsable.mot-de-passe", "responsable.mot-de-passe-réinitialisé", "responsable.mot-de-passe", "responsable.création"}
	if len(actions) < 5 || strings.Join(actions[:5], " ") != strings.Join(want, " ") {
		t.Errorf("journal %v", actions)
	}
	a.quit()
}

// Each role × the screens' operations through the UI: what is offered,
// what is refused, and what is shown, exactly as the rules say.
func TestResponsablesRolesThroughTheUI(t *testing.T) {
	type role struct {
		name    string
		last    string // the adherent given the account
		scope   func(w *appWorld) model.Org
		rights  model.Rights
		manage  bool     // may appoint
		create  bool     // may create a unit under the selected row of Structure
		sees    []string // responsables listed
		hidden  []string // responsables not listed
		journal []string // fiches named in the journal
		notJ    []string // fiches never named in the journal
	}
	roles := []role{
		{"national", "", nil, model.AllRights, true, true, []string{"amartin", "mroux"}, nil, []string{"BENALI Samira", "ROUX Marc"}, nil},
		{"section écriture et gestion", "Dupont-Martin", func(w *appWorld) model.Org { return w.sec.Path }, model.RightWrite | model.RightManage, true, true,
			[]string{"edupont-martin", "mroux"}, []string{"amartin"}, []string{"BENALI Samira"}, nil},
		{"section écriture sans gestion", "Dupont-Martin", func(w *appWorld) model.Org { return w.sec.Path }, model.RightWrite, false, true,
			[]string{"edupont-martin"}, []string{"amartin"}, nil, nil},
		{"cellule lecture seule", "Benali", func(w *appWorld) model.Org { return w.cellE.Path }, model.ReadOnly, false, false,
			[]string{"sbenali"}, []string{"amartin", "mroux", "edupont-martin"}, []string{"BENALI Samira"}, []string{"ROUX Marc", "MOREL Sophie"}},
	}
	for _, r := range roles {
		t.Run(r.name, func(t *testing.T) {
			w := newAppWorld(t, true)
			// Marc Roux, responsable of the Eybens cell (read-only).
			w.responsable(t, "Roux", w.cellEyb.Path, model.ReadOnly)
			sess := w.session(t)
			if r.last != "" {
				_, sess = w.responsable(t, r.last, r.scope(w), r.rights)
			}
			d := startLoggedIn(t, w.st, sess, 80, 24)
			d.open("6", "Nom", "Identifiant", "État")
			p := d.probe()
			scr := p.screen
			// The list itself: the header names the user too.
			screenHas(t, p.view, r.sees...)
			screenLacks(t, scr, r.hidden...)
			if r.manage != strings.Contains(scr, "n nommer") {
				t.Errorf("help line offers n=%v:\n%s", !r.manage, scr)
			}
			d.press("n")
			if r.manage {
				d.waitFor("quel adhérent ?")
				d.press("esc")
				d.waitScreen("Identifiant", "État")
			} else {
				d.waitFor("vous n'avez pas le droit de gérer les responsables")
			}
			// Structure: the tree from the scope down, and creating below it.
			d.open("7", "Adhérents", "Compagnons", "Contacts")
			d.press("n")
			if r.create {
				d.waitFor("Nouvelle ")
				d.press("esc")
			} else {
				d.waitFor("il faut le droit de création et modification")
			}
			// The journal names only fiches in scope.
			d.open("9", "Quand", "Qui", "Quoi")
			scr = d.screen()
			screenHas(t, scr, r.journal...)
			screenLacks(t, scr, r.notJ...)
			d.quit()
		})
	}
}

func codeNow(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// Mon compte: change one's password, then turn two-factor authentication on
// with the QR code and a first code; the recovery codes show once; the next
// login asks for a code, and a wrong one is refused.
func TestAccountPasswordAndTOTP(t *testing.T) {
	w := newAppWorld(t, true)
	clock := w.withClock(t)
	d := startLoggedIn(t, w.st, w.session(t), 80, 24)
	d.open("6", "MARTIN Annie")
	d.open("c", "Mon compte", "non activée")
	d.open("p", "Changer mon mot de passe")
	d.typeText("pas le bon")
	d.press("tab")
	const mine = "Abricot-Peche-Prune-77"
	d.typeText(mine)
	d.press("tab")
	d.typeText(mine)
	d.press("enter")
	d.waitFor("l'ancien mot de passe est incorrect")
	d.typeText(appPassword)
	d.press("enter", "enter", "enter")
	d.waitFor("Mot de passe changé")

	d.open("t", "Activer la double authentification", "Code")
	scr := d.screen()
	appCheckFits(t, scr, 80, 24)
	if !strings.Contains(scr, "█") || !strings.Contains(scr, "▀") {
		t.Fatalf("no QR code drawn:\n%s", scr)
	}
	secret := strings.ReplaceAll(shown(t, secretRe, "secret", scr), " ", "")
	d.typeText("000000")
	d.press("enter")
	d.waitFor("code incorrect")
	d.typeText(codeNow(t, secret, clock.now()))
	d.press("enter")
	d.waitFor("vos codes de secours", "entrée : c'est noté")
	scr = d.screen()
	appCheckFits(t, scr, 80, 24)
	codes := regexp.MustCompile(`[a-z2-9]{5}-[a-z2-9]{5}`).FindAllString(scr, -1)
	if len(codes) != 8 {
		t.Fatalf("%d recovery codes:\n%s", len(codes), scr)
	}
	d.press("enter")
	d.waitScreen("activée", "8 codes de secours restants")
	d.quit()

	// Next login asks for the code.
	clock.add(time.Minute)
	l := startApp(t, w.st, nil, 80, 24)
	l.waitFor("Connexion au fichier")
	l.login("amartin", mine)
	l.waitFor("Tapez le code à 6 chiffres")
	l.typeText("123456")
	l.press("enter")
	l.waitFor("code incorrect")
	l.typeText(codes[0])
	l.press("enter")
	l.waitFor("Bonjour Annie")
	l.quit()
	j, _ := w.st.Journal(w.sys, store.JournalFilter{Kind: model.KindLogin})
	if len(j) < 2 || j[0].Action != model.ActionLoginOK || !strings.Contains(j[0].Detail, "code de secours") || j[1].Action != model.ActionLoginFail {
		t.Errorf("journal: %+v", j[:min(len(j), 3)])
	}
}

// A granter requires two-factor authentication: the new responsable sets it
// up right after choosing a password, before reaching the file.
func TestRequiredTOTPAtFirstLogin(t *testing.T) {
	w := newAppWorld(t, true)
	clock := w.withClock(t)
	u, pw, err := w.st.CreateUser(w.sys, store.UserSpec{PersonID: w.idOf(t, "Benali"), Scope: w.cellE.Path, RequireTOTP: true})
	if err != nil {
		t.Fatal(err)
	}
	d := startApp(t, w.st, nil, 80, 24)
	d.waitFor("Connexion au fichier")
	d.login(u.Username, pw)
	d.waitFor("Choisissez votre mot de passe")
	d.choosePassword("Cerises-Rouges-Juin-2026")
	d.waitFor("Double authentification exigée", "Code")
	scr := d.screen()
	appCheckFits(t, scr, 80, 24)
	d.typeText(codeNow(t, strings.ReplaceAll(shown(t, secretRe, "secret", scr), " ", ""), clock.now()))
	d.press("enter")
	d.waitFor("vos codes de secours")
	d.press("enter")
	d.waitFor("Bonjour Samira", "Le fichier de la cellule")
	d.quit()
}

// The last responsable able to manage others cannot disable themselves:
// the refusal says why, under the table.
func TestLastManagerRefusedThroughTheUI(t *testing.T) {
	w := newAppWorld(t, true)
	d := startLoggedIn(t, w.st, w.session(t), 80, 24)
	d.open("6", "MARTIN Annie")
	d.open("d", "Désactiver le compte de Annie Martin", "Vous serez déconnecté")
	d.press("o")
	d.waitScreen("amartin est le dernier responsable actif", "MARTIN Annie")
	appCheckFits(t, d.screen(), 80, 24)
	if u, _ := w.st.Users(w.sys); u[0].Disabled {
		t.Error("disabled the last manager")
	}
	d.quit()
}
