package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"fichier/internal/storetest"
	"fichier/model"
	"fichier/store"
)

func TestFirstRunCreatesTheFirstResponsable(t *testing.T) {
	w := newAppWorld(t, false)
	d := startApp(t, w.st, nil, 80, 24)
	d.waitFor("Bienvenue", "Premier responsable")

	d.typeText("Annie")
	d.press("tab")
	d.typeText("Martin")
	d.press("tab")
	d.typeText("azerty")
	d.waitFor("très faible")
	d.press("ctrl+u")
	d.typeText(appPassword)
	d.waitFor("force :")
	d.press("tab")
	d.typeText("autre chose")
	for range 5 { // enter walks through the optional units and level, then creates
		d.press("enter")
	}
	d.waitFor("les deux saisies du mot de passe diffèrent")
	if w.st.HasUsers() {
		t.Fatal("a responsable was created with mismatched passwords")
	}
	d.typeText(appPassword)
	for range 5 {
		d.press("enter")
	}
	d.waitFor("Votre identifiant : amartin")
	if !w.st.HasUsers() {
		t.Fatal("no responsable created")
	}
	d.press("enter")
	d.waitFor("Bonjour Annie", "amartin · écriture", "3 adhérents")
	if _, err := w.st.Login("amartin", appPassword); err != nil {
		t.Fatalf("the new responsable cannot log in: %v", err)
	}
	d.quit()
}

// The first run can also create the federation and section and place the
// first responsable there, as `fichier init` does.
func TestFirstRunWithFederationAndSection(t *testing.T) {
	st := storetest.Open(t, filepath.Join(t.TempDir(), "vide.db"))
	d := startApp(t, st, nil, 80, 24)
	d.waitFor("Bienvenue")
	for _, v := range []string{"Karim", "Haddad", appPassword, appPassword, "Rhône", "69", "Vénissieux", "section"} {
		d.typeText(v)
		d.press("enter")
	}
	d.waitFor("Votre identifiant : khaddad")
	d.press("enter")
	d.waitFor("Rhône › Vénissieux")
	sess, err := st.Login("khaddad", appPassword)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := sess.User()
	if u.Scope.Level() != model.LevelSection || st.Describe(u.Scope) != "Rhône › Vénissieux" {
		t.Errorf("scope %s", st.Describe(u.Scope))
	}
	d.quit()
}

func TestLoginWrongThenRightPassword(t *testing.T) {
	w := newAppWorld(t, true)
	d := startApp(t, w.st, nil, 80, 24)
	d.waitFor("Connexion au fichier", "Identifiant")

	d.typeText("amartin")
	d.press("enter") // to the password
	d.typeText("pas le bon")
	d.waitFor("••••")
	screenLacks(t, d.screen(), "pas le bon")
	d.press("enter")
	d.waitFor(store.ErrBadLogin.Error())

	d.typeText(appPassword)
	d.press("enter")
	d.waitFor("Bonjour Annie", "3 adhérents")
	d.press("j") // any key clears the greeting from the status line
	d.waitFor("amartin · national")
	scr := d.screen()
	screenHas(t, scr, "fichier · national", "amartin · écriture", "amartin · national",
		"3 adhérents", "(1 sans cellule)", "1 compagnon de route", "1 contact",
		"1 adhérent en retard de cotisation", "5 fiches modifiées cette semaine",
		"1 Fiches", "9 Journal", "? aide", "q quitter")
	appCheckFits(t, scr, 80, 24)
	d.quit()
}

func TestLoginMustChangePassword(t *testing.T) {
	w := newAppWorld(t, true)
	const provisional = "Provisoire-Lune-7341"
	if err := w.st.ResetPassword("amartin", provisional); err != nil {
		t.Fatal(err)
	}
	d := startApp(t, w.st, nil, 80, 24)
	d.waitFor("Connexion au fichier")
	d.typeText("amartin")
	d.press("tab")
	d.typeText(provisional)
	d.press("enter")
	d.waitFor("Choisissez votre mot de passe", "provisoire")
	const mine = "Trois-Pommes-Vertes-2026"
	d.typeText(mine)
	d.press("tab")
	d.typeText(mine)
	d.press("enter")
	d.waitFor("Bonjour Annie")
	if _, err := w.st.Login("amartin", mine); err != nil {
		t.Fatalf("new password refused: %v", err)
	}
	d.quit()
}

func TestDigitsReachScreensAndUnknownOnesSaySo(t *testing.T) {
	_, d := startHome(t)
	for _, e := range screenEntries {
		if e.New == nil {
			d.press(e.Key)
			d.waitFor(e.Key + " " + e.Name + " : bientôt disponible")
		}
	}
	d.press("1")
	d.waitFor("5 / 5 fiches")
	d.press("/")
	d.typeText("2") // typed in the filter bar, not a screen key
	d.waitFor("/ 2")
	d.press("f2") // function keys reach the screens even while typing
	d.waitFor("Campagnes de rappel")
	d.press("ctrl+u", "esc")
	d.press("f1") // already there: stays (a digit would search: the list takes what is typed)
	d.press("esc")
	d.waitFor("Accueil")
	d.press("?")
	d.waitFor("Aide : touches")
	d.press("esc")
	d.waitFor("3 adhérents")
	d.quit()
}

func TestLoginShowsVerifyingWhileTheStoreWaits(t *testing.T) {
	w := newAppWorld(t, true)
	// Reopen the file with a back-off that waits until released.
	path := w.st.Path()
	w.st.Close()
	release := make(chan struct{})
	st := storetest.Open(t, path, storetest.RealClock, func(o *store.Options) { o.Sleep = func(time.Duration) { <-release } })
	for range 3 { // three failures: the next attempt waits (store.LoginDelay)
		if _, err := st.Login("amartin", "mauvais"); err == nil {
			t.Fatal("bad password accepted")
		}
	}
	d := startApp(t, st, nil, 80, 24)
	d.waitFor("Connexion au fichier")
	d.typeText("amartin")
	d.press("tab")
	d.typeText(appPassword)
	d.press("enter")
	d.waitFor("vérification…")
	close(release)
	d.waitFor("Bonjour Annie")
	d.quit()
}

func TestPaletteFindsAScreen(t *testing.T) {
	_, d := startHome(t)
	d.command("fiches")
	d.waitFor("5 / 5 fiches")
	d.command("trier")
	d.waitFor("tri : section")
	d.command("rappels")
	d.waitFor("Campagnes de rappel")
	d.quit()
}

// dirtyScreen stands for a form with unsaved changes.
type dirtyScreen struct{}

func (*dirtyScreen) Init() tea.Cmd                      { return nil }
func (s *dirtyScreen) Update(tea.Msg) (Screen, tea.Cmd) { return s, nil }
func (*dirtyScreen) View() string                       { return "formulaire modifié" }
func (*dirtyScreen) SetSize(int, int)                   {}
func (*dirtyScreen) Title() string                      { return "Formulaire" }
func (*dirtyScreen) Status() string                     { return "" }
func (*dirtyScreen) Keys() help.KeyMap                  { return keyMap{} }
func (*dirtyScreen) Capturing() bool                    { return false }
func (*dirtyScreen) Dirty() bool                        { return true }

func TestQuitAsksWhenSomethingIsUnsaved(t *testing.T) {
	_, d := startHome(t)
	d.tm.Send(PushMsg{&dirtyScreen{}})
	d.press("ctrl+c") // q quits from home only
	d.waitFor("Quitter ? modifications non enregistrées")
	d.press("n")
	d.waitFor("amartin · national")
	screenHas(t, d.screen(), "Formulaire", "formulaire modifié")
	d.press("1") // leaving a dirty screen is refused too
	d.waitFor("modifications non enregistrées")
	d.press("ctrl+c")
	d.waitFor("Quitter ? modifications non enregistrées")
	d.press("o")
	d.tm.WaitFinished(t, teatest.WithFinalTimeout(time.Second))
}

func TestSessionEndedReturnsToLogin(t *testing.T) {
	_, d := startHome(t)
	d.tm.Send(ErrMsg{store.ErrSessionEnded})
	d.waitFor("Connexion au fichier", store.ErrSessionEnded.Error(), "non connecté")
	d.press("q") // typed into the username field
	d.waitFor("q")
	d.press("ctrl+c")
	d.tm.WaitFinished(t, teatest.WithFinalTimeout(time.Second))
}

func TestLayoutFitsSmallAndOddSizes(t *testing.T) {
	w := newAppWorld(t, true)
	w.addPerson(t, model.Person{Kind: model.KindAdherent, FirstName: strings.Repeat("Marie-", 12) + "Ange", LastName: "De La Tour D'Auvergne-Lauraguais",
		Org: w.cellEyb.Path, Address: model.Address{Commune: "Saint-Martin-d'Uriage-les-Bains", PostalCode: "38410"}})
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("4 adhérents")
	d.press("1")
	d.waitFor("6 / 6 fiches")
	for _, size := range [][2]int{{80, 24}, {100, 30}, {60, 20}, {40, 12}, {20, 5}, {1, 1}} {
		d.tm.Send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		appCheckFits(t, d.screen(), size[0], size[1])
	}
	d.quit()
}

func TestStoreEventsRefreshTheList(t *testing.T) {
	w, d := startList(t)
	d.drain()
	w.addPerson(t, model.Person{Kind: model.KindContact, FirstName: "Jean", LastName: "Nouveau", Org: w.sec.Path})
	d.waitFor("6 / 6 fiches", "NOUVEAU Jean")
	d.press("esc")
	d.waitFor("2 contacts")
	d.quit()
}
