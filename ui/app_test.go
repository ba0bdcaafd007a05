package ui

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"fichier/internal/storetest"
	"fichier/model"
	"fichier/store"
)

// appNow is the tests' clock: Wednesday 25/11/2026 10:00.
var appNow = storetest.Now

const appPassword = "Cerise-Abricot-92!"

// appWorld is a small file: one federation, one section with two cells,
// five fiches (three adherents, one of them without cell and one behind
// on dues; one compagnon de route; one contact) and, optionally, the
// national responsable Annie Martin ("amartin").
type appWorld struct {
	st             *store.Store
	sys            *store.Session
	fed, sec       model.Unit
	cellE, cellEyb model.Unit
	user           model.User
}

func newAppWorld(t testing.TB, withUser bool) *appWorld {
	t.Helper()
	base := storetest.NewWorld(t)
	st := base.St
	w := &appWorld{st: st, sys: base.Sys}
	mk := base.Unit
	w.fed = mk(model.Org{}, "Isère", "38")
	w.sec = mk(w.fed.Path, "Sud-Grenoblois", "")
	w.cellE = mk(w.sec.Path, "Échirolles", "")
	w.cellEyb = mk(w.sec.Path, "Eybens", "")
	var people []model.Person
	for _, p := range []model.Person{
		{Kind: model.KindAdherent, FirstName: "Samira", LastName: "Benali", Org: w.cellE.Path, Mobile: "0612345678", Address: model.Address{Commune: "Échirolles", PostalCode: "38130"}},
		{Kind: model.KindAdherent, FirstName: "Émilie", LastName: "Dupont-Martin", Org: w.sec.Path, Address: model.Address{Commune: "Eybens", PostalCode: "38320"}},
		{Kind: model.KindAdherent, Status: model.StatusEnRetard, FirstName: "Marc", LastName: "Roux", Org: w.cellEyb.Path, Address: model.Address{Commune: "Grenoble", PostalCode: "38000"}},
		{Kind: model.KindCompagnon, FirstName: "Françoise", LastName: "Lefèvre", Org: w.cellE.Path, Address: model.Address{Commune: "Échirolles", PostalCode: "38130"}},
		{Kind: model.KindContact, FirstName: "Sophie", LastName: "Morel", Org: w.sec.Path, Address: model.Address{Commune: "Bresson", PostalCode: "38320"}},
	} {
		people = append(people, w.addPerson(t, p))
	}
	// Dues: Samira and Émilie paid this year, Marc last year only.
	for _, pay := range []model.Payment{
		{Person: people[0].ID, Date: model.NewDate(2026, 1, 10), Cents: 12000, Mode: model.ModeCheque},
		{Person: people[1].ID, Date: model.NewDate(2026, 2, 3), Cents: 6000, Mode: model.ModeEspeces},
		{Person: people[2].ID, Date: model.NewDate(2025, 1, 20), Cents: 5000, Mode: model.ModeVirement},
	} {
		if _, err := st.RecordPayment(w.sys, pay); err != nil {
			t.Fatal(err)
		}
	}
	if withUser {
		u, err := st.CreateFirstUser(store.UserSpec{FirstName: "Annie", LastName: "Martin", Password: appPassword})
		if err != nil {
			t.Fatal(err)
		}
		w.user = u
	}
	return w
}

func (w *appWorld) addPerson(t testing.TB, p model.Person) model.Person {
	t.Helper()
	p, err := w.st.Create(w.sys, p)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (w *appWorld) session(t testing.TB) *store.Session {
	t.Helper()
	sess, err := w.st.Login(w.user.Username, appPassword)
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

// testStyles draws without colours, so the output is stable.
func testStyles() *Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return NewStyles(r)
}

// appProbe wraps the app to take exact snapshots of its screen from inside
// the program's loop (no data race with Update).
type appProbe struct{ app *App }

type appSnapshotMsg struct{ ch chan string }

// appBodyMsg asks for the top screen's own body and the whole screen.
type appBodyMsg struct{ ch chan [2]string }

func (p appProbe) Init() tea.Cmd { return p.app.Init() }
func (p appProbe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if s, ok := msg.(appSnapshotMsg); ok {
		s.ch <- p.app.View()
		return p, nil
	}
	if s, ok := msg.(appBodyMsg); ok {
		s.ch <- [2]string{p.app.top().View(), p.app.View()}
		return p, nil
	}
	_, cmd := p.app.Update(msg)
	return p, cmd
}
func (p appProbe) View() string { return p.app.View() }

// appDriver presses keys in a running app and waits for what they show.
type appDriver struct {
	t     *testing.T
	tm    *teatest.TestModel
	app   *App
	since []byte // output since the last key sent
}

func startApp(t *testing.T, st *store.Store, sess *store.Session, w, h int) *appDriver {
	t.Helper()
	return startAppWith(t, NewApp(st, sess, testStyles()), w, h)
}

// startAppWith runs an app built by the test.
func startAppWith(t *testing.T, app *App, w, h int) *appDriver {
	t.Helper()
	app.c.Now = func() time.Time { return appNow }
	tm := teatest.NewTestModel(t, appProbe{app}, teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() {
		tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(2*time.Second))
		app.Close()
	})
	return &appDriver{t: t, tm: tm, app: app}
}

// drain forgets the output so far: later waits look only at what comes next.
func (d *appDriver) drain() {
	_, _ = io.ReadAll(d.tm.Output())
	d.since = nil
}

// press sends keys by name ("enter", "esc", "ctrl+p", "j" …).
func (d *appDriver) press(keys ...string) {
	d.t.Helper()
	d.drain()
	for _, k := range keys {
		msg, ok := keyMsgFor(k)
		if !ok {
			d.t.Fatalf("unknown key %q", k)
		}
		d.tm.Send(msg)
	}
}

// typeText types text rune by rune (accents included).
func (d *appDriver) typeText(text string) {
	d.drain()
	for _, r := range text {
		d.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// waitFor waits until the output since the last key contains every text.
func (d *appDriver) waitFor(texts ...string) {
	d.t.Helper()
	teatest.WaitFor(d.t, d.tm.Output(), func(b []byte) bool {
		all := append(append([]byte(nil), d.since...), b...)
		for _, s := range texts {
			if !bytes.Contains(all, []byte(s)) {
				return false
			}
		}
		d.since = all
		return true
	}, teatest.WithDuration(3*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
}

// screen is the app's current screen, exactly.
func (d *appDriver) screen() string {
	d.t.Helper()
	ch := make(chan string, 1)
	d.tm.Send(appSnapshotMsg{ch})
	select {
	case s := <-ch:
		return s
	case <-time.After(time.Second):
		d.t.Fatal("no snapshot")
	}
	return ""
}

// quit presses ctrl+c (q quits from home only) and checks the program ends.
func (d *appDriver) quit() {
	d.t.Helper()
	d.press("ctrl+c")
	d.tm.WaitFinished(d.t, teatest.WithFinalTimeout(time.Second))
}

func screenHas(t *testing.T, screen string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(screen, s) {
			t.Fatalf("screen lacks %q:\n%s", s, screen)
		}
	}
}

func screenLacks(t *testing.T, screen string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(screen, s) {
			t.Fatalf("screen shows %q:\n%s", s, screen)
		}
	}
}

// appCheckFits asserts that a screen fits w×h exactly.
func appCheckFits(t *testing.T, screen string, w, h int) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) > h {
		t.Errorf("%d lines for a %d-line terminal:\n%s", len(lines), h, screen)
	}
	for i, l := range lines {
		if cw := ansi.StringWidth(l); cw > w {
			t.Errorf("line %d is %d cells wide (> %d): %q", i+1, cw, w, l)
		}
	}
}

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
	w := newAppWorld(t, true)
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("3 adhérents")
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
	w := newAppWorld(t, true)
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("3 adhérents")
	d.press("ctrl+p")
	d.waitFor("Commandes")
	d.typeText("fiches")
	d.press("enter")
	d.waitFor("5 / 5 fiches")
	d.press("ctrl+p")
	d.typeText("trier")
	d.press("enter")
	d.waitFor("tri : section")
	d.press("ctrl+p")
	d.typeText("rappels")
	d.press("enter")
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
	w := newAppWorld(t, true)
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("3 adhérents")
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
	w := newAppWorld(t, true)
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("3 adhérents")
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
	w := newAppWorld(t, true)
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("3 adhérents")
	d.press("1")
	d.waitFor("5 / 5 fiches")
	d.drain()
	w.addPerson(t, model.Person{Kind: model.KindContact, FirstName: "Jean", LastName: "Nouveau", Org: w.sec.Path})
	d.waitFor("6 / 6 fiches", "NOUVEAU Jean")
	d.press("esc")
	d.waitFor("2 contacts")
	d.quit()
}

// paste sends text in one key message, as a terminal does for a paste.
func (d *appDriver) paste(text string) {
	d.drain()
	d.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text)})
}
