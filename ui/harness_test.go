package ui

// The ui tests' harness, one for every screen: a small file (appWorld), the
// real app run by teatest with a driver that presses keys and waits for
// what they show (appDriver), and helpers for a screen driven without a
// program (runCmds, runOnce, findMsg) and for what a screen must fit
// (checkFits).

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"fichier/internal/storetest"
	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// appNow is the tests' clock: Wednesday 25/11/2026 10:00.
var appNow = storetest.Now

const appPassword = "Cerise-Abricot-92!"

// waitTimeout is how long any wait gives the app to show what it expects,
// or to end: generous, because the race detector on a machine loaded by
// other builds is slow; a wait returns as soon as the text shows, so a
// green run is not slower for it.
const waitTimeout = 10 * time.Second

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
		w.addAnnie(t)
	}
	return w
}

// addAnnie creates the file's first responsable, national: Annie Martin
// ("amartin", appPassword).
func (w *appWorld) addAnnie(t testing.TB) {
	t.Helper()
	u, err := w.st.CreateFirstUser(store.UserSpec{FirstName: "Annie", LastName: "Martin", Password: appPassword})
	if err != nil {
		t.Fatal(err)
	}
	w.user = u
}

// base is w as storetest knows it: the file and its system session.
func (w *appWorld) base(t testing.TB) *storetest.World {
	return &storetest.World{T: t, St: w.st, Sys: w.sys}
}

// addPerson creates a fiche as the system and returns it as stored.
func (w *appWorld) addPerson(t testing.TB, p model.Person) model.Person {
	t.Helper()
	return w.base(t).Create(p)
}

// unit creates a unit under parent (model.Org{} for a federation).
func (w *appWorld) unit(t testing.TB, parent model.Org, name, code string) model.Unit {
	t.Helper()
	return w.base(t).Unit(parent, name, code)
}

// session logs Annie Martin in.
func (w *appWorld) session(t testing.TB) *store.Session {
	t.Helper()
	sess, err := w.st.Login(w.user.Username, appPassword)
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

const respPassword = "Pomme-Poire-Kiwi-2026"

// appoint makes the adherent whose last name is given responsable at scope
// with rights (appointed by the system): their account and its provisional
// password.
func (w *appWorld) appoint(t *testing.T, last string, scope model.Org, rights model.Rights) (model.User, string) {
	t.Helper()
	u, pw, err := w.st.CreateUser(w.sys, store.UserSpec{PersonID: w.idOf(t, last), Scope: scope, Rights: rights})
	if err != nil {
		t.Fatal(err)
	}
	return u, pw
}

// responsable appoints the adherent whose last name is given at scope with
// rights, sets respPassword and logs in.
func (w *appWorld) responsable(t *testing.T, last string, scope model.Org, rights model.Rights) (model.User, *store.Session) {
	t.Helper()
	u, pw := w.appoint(t, last, scope, rights)
	sess, err := w.st.Login(u.Username, pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.st.ChangePassword(sess, pw, respPassword); err != nil {
		t.Fatal(err)
	}
	return u, sess
}

// sectionResponsable makes Émilie Dupont-Martin (an adherent of the
// section, in no cell) responsable of the section with création et
// modification and the right to manage responsables, her password set.
func (w *appWorld) sectionResponsable(t *testing.T) (model.User, *store.Session) {
	t.Helper()
	return w.responsable(t, "Dupont-Martin", w.sec.Path, model.RightWrite|model.RightManage)
}

// localResponsable appoints the adherent whose last name is given at scope
// with rights and opens a local session for them (as `fichier` run on the
// section's machine does, without a password).
func (w *appWorld) localResponsable(t *testing.T, last string, scope model.Org, rights model.Rights) *store.Session {
	t.Helper()
	u, _ := w.appoint(t, last, scope, rights)
	sess, err := w.st.LocalSession(u.Username)
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

// searchIDs runs a search as the system; it fails when nothing is found.
func (w *appWorld) searchIDs(t testing.TB, text string) []model.PersonID {
	t.Helper()
	res, err := w.st.Search(w.sys, mustQuery(t, text), store.SortName)
	if err != nil || len(res.IDs) == 0 {
		t.Fatalf("search %q: %v, %v", text, res.IDs, err)
	}
	return res.IDs
}

// idOf is the fiche of the one person with that last name.
func (w *appWorld) idOf(t testing.TB, last string) model.PersonID {
	t.Helper()
	ids := w.searchIDs(t, "nom:"+last)
	if len(ids) != 1 {
		t.Fatalf("%s: %v, want one fiche", last, ids)
	}
	return ids[0]
}

func mustQuery(t testing.TB, s string) *query.Query {
	t.Helper()
	q, err := query.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// testClock is a settable clock (TOTP codes change with the time).
type testClock struct{ ns atomic.Int64 }

func (c *testClock) now() time.Time      { return time.Unix(0, c.ns.Load()).In(appNow.Location()) }
func (c *testClock) add(d time.Duration) { c.ns.Add(int64(d)) }

// withClock reopens the world's file with a clock of its own, set to
// appNow.
func (w *appWorld) withClock(t *testing.T) *testClock {
	t.Helper()
	c := &testClock{}
	c.ns.Store(appNow.UnixNano())
	path := w.st.Path()
	w.st.Close()
	st := storetest.Open(t, path, func(o *store.Options) { o.Now = c.now })
	w.st, w.sys = st, st.SystemSession("test")
	return c
}

// sessionCommon is what the app gives its screens once sess is logged in,
// at 80×24 on the tests' clock: for a screen driven without a program.
func sessionCommon(t testing.TB, st *store.Store, sess *store.Session) *Common {
	t.Helper()
	u, err := sess.User()
	if err != nil {
		t.Fatal(err)
	}
	return &Common{Store: st, Session: sess, User: u, Styles: testStyles(), Width: 80, Height: 24, Now: func() time.Time { return appNow }}
}

// waitFile waits for a file to be written.
func waitFile(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not written", path)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// startHome runs the app on appWorld at 80×24, logged in as Annie Martin,
// and waits for the home screen.
func startHome(t *testing.T) (*appWorld, *appDriver) {
	t.Helper()
	return startHomeAt(t, 80, 24)
}

// startHomeAt is startHome in a terminal of w×h.
func startHomeAt(t *testing.T, width, height int) (*appWorld, *appDriver) {
	t.Helper()
	w := newAppWorld(t, true)
	d := startLoggedIn(t, w.st, w.session(t), width, height)
	d.waitFor("3 adhérents")
	return w, d
}

// startLoggedIn runs the app logged in as sess in a terminal of
// width×height and waits for its home screen.
func startLoggedIn(t *testing.T, st *store.Store, sess *store.Session, width, height int) *appDriver {
	t.Helper()
	d := startApp(t, st, sess, width, height)
	d.waitFor("Écrans")
	return d
}

// startList is startHome, then the list of every fiche (1).
func startList(t *testing.T) (*appWorld, *appDriver) {
	t.Helper()
	return startListAt(t, 80, 24)
}

// startListAt is startList in a terminal of w×h.
func startListAt(t *testing.T, width, height int) (*appWorld, *appDriver) {
	t.Helper()
	w, d := startHomeAt(t, width, height)
	d.open("1", "5 / 5 fiches")
	return w, d
}

// testStyles draws without colours, so the output is stable.
func testStyles() *Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return NewStyles(r)
}

// ---------------------------------------------------------------------------
// The driver

// appProbe wraps the app so that a test can look at it from inside the
// program's loop (no data race with Update).
type appProbe struct{ app *App }

// appInspectMsg runs look inside the program's loop.
type appInspectMsg struct{ look func(a *App) }

func (p appProbe) Init() tea.Cmd { return p.app.Init() }
func (p appProbe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(appInspectMsg); ok {
		m.look(p.app)
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
		tm.WaitFinished(t, teatest.WithFinalTimeout(waitTimeout))
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

// pressN presses one key n times.
func (d *appDriver) pressN(k string, n int) {
	d.t.Helper()
	for range n {
		d.press(k)
	}
}

// pressUntil presses k again and again until the whole screen shows every
// text: for a key whose effect comes in pieces from the background (G at
// the journal's end loads its next page).
func (d *appDriver) pressUntil(k string, texts ...string) {
	d.t.Helper()
	d.until(fmt.Sprintf("%s shows %q", k, texts), func(p screenProbe) bool {
		if containsAll([]byte(p.screen), texts) {
			return true
		}
		d.press(k)
		return false
	})
}

// typeText types text rune by rune (accents included), a space as the
// terminal sends it.
func (d *appDriver) typeText(text string) {
	d.drain()
	for _, r := range text {
		msg := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}
		if r == ' ' {
			msg.Type = tea.KeySpace
		}
		d.tm.Send(msg)
	}
}

// open presses key (a screen's digit or function key, a key that opens a
// dialog) and waits for what it shows.
func (d *appDriver) open(key string, texts ...string) {
	d.t.Helper()
	d.press(key)
	d.waitFor(texts...)
}

// back presses esc and waits for what the screen below shows.
func (d *appDriver) back(texts ...string) {
	d.t.Helper()
	d.open("esc", texts...)
}

// confirm answers o (oui) to the question on screen and waits for what
// follows.
func (d *appDriver) confirm(texts ...string) {
	d.t.Helper()
	d.open("o", texts...)
}

// filter opens the filter bar (/), types text and waits for texts; the
// bar keeps the focus (entrée validates).
func (d *appDriver) filter(text string, texts ...string) {
	d.t.Helper()
	d.press("/")
	d.typeText(text)
	d.waitFor(texts...)
}

// login fills the login screen and submits it.
func (d *appDriver) login(username, password string) {
	d.t.Helper()
	d.typeText(username)
	d.press("tab")
	d.typeText(password)
	d.press("enter")
}

// choosePassword types a new password and its confirmation and submits
// them (the password chosen at a first login, or changed).
func (d *appDriver) choosePassword(password string) {
	d.t.Helper()
	d.typeText(password)
	d.press("tab")
	d.typeText(password)
	d.press("enter")
}

// command runs the palette's (ctrl+p) command found by typing words.
func (d *appDriver) command(words string) {
	d.t.Helper()
	d.press("ctrl+p")
	d.waitFor("Commandes")
	d.typeText(words)
	d.press("enter")
}

// paste sends text in one key message, as a terminal does for a paste.
func (d *appDriver) paste(text string) {
	d.drain()
	d.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text)})
}

// waitFor waits until the output since the last key contains every text
// (what a key did not change is not drawn again: waitScreen sees it).
func (d *appDriver) waitFor(texts ...string) {
	d.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		out, err := io.ReadAll(d.tm.Output())
		if err != nil {
			d.t.Fatal(err)
		}
		d.since = append(d.since, out...)
		if containsAll(d.since, texts) {
			return
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("%q not shown within %s; drawn since the last key:\n%s", texts, waitTimeout, d.since)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func containsAll(out []byte, texts []string) bool {
	for _, s := range texts {
		if !bytes.Contains(out, []byte(s)) {
			return false
		}
	}
	return true
}

// waitScreen waits until the whole screen (not only what was redrawn since
// the last key) shows every text.
func (d *appDriver) waitScreen(texts ...string) {
	d.t.Helper()
	d.until(fmt.Sprintf("the screen shows %q", texts), func(p screenProbe) bool { return containsAll([]byte(p.screen), texts) })
}

// inspect runs look inside the program's loop and waits until it has run.
func (d *appDriver) inspect(look func(a *App)) {
	d.t.Helper()
	done := make(chan struct{})
	d.tm.Send(appInspectMsg{func(a *App) { look(a); close(done) }})
	select {
	case <-done:
	case <-time.After(waitTimeout):
		d.t.Fatal("the program does not answer")
	}
}

// escKeeps checks the guard of a form over typed text: esc asks, n keeps
// what was typed (kept still shows), then esc and o abandon it (left shows).
func (d *appDriver) escKeeps(kept []string, left string) {
	d.t.Helper()
	d.open("esc", "Abandonner ce qui est tapé ?")
	d.press("n")
	d.waitScreen(kept...)
	screenLacks(d.t, d.screen(), "Abandonner ce qui est tapé ?")
	d.press("esc", "o")
	d.waitScreen(left)
}

// waitQueryError waits until the list on top has found an error in the
// text of its filter bar (parsed in the background).
func (d *appDriver) waitQueryError() {
	d.t.Helper()
	d.until("the filter bar shows an error", func(p screenProbe) bool { return p.queryErr != "" })
}

// waitAnswered waits until the list on top shows the rows of the search
// text: it searches in the background as one types, and a count on screen
// may still be an earlier prefix's.
func (d *appDriver) waitAnswered(text string) {
	d.t.Helper()
	d.until("the list answers "+text, func(p screenProbe) bool { return p.query == text })
}

// screen is the app's current screen, exactly.
func (d *appDriver) screen() (s string) {
	d.t.Helper()
	d.inspect(func(a *App) { s = a.View() })
	return s
}

// screenProbe is the state of the app and of the screen on top.
type screenProbe struct {
	depth     int    // screens open above home
	kind      string // the top screen's type: "home", "fiche", "form" …
	title     string
	screen    string // the whole screen (App.View)
	view      string // the top screen's own body
	dirty     bool
	capturing bool
	focusKey  string // form: key of the focused field
	focusVal  string
	queryErr  string // list: the error found in the filter bar's text
	query     string // list: the search its rows answer
}

func (d *appDriver) probe() (p screenProbe) {
	d.t.Helper()
	d.inspect(func(a *App) {
		s := a.top()
		p = screenProbe{depth: len(a.stack) - 1, title: s.Title(), screen: a.View(), view: s.View(), dirty: s.Dirty(), capturing: s.Capturing()}
		p.kind = strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%T", s), "*ui."), "Screen")
		if fm, ok := s.(*formScreen); ok {
			f := fm.fields[fm.focus]
			p.focusKey, p.focusVal = f.key, f.value()
		}
		if l, ok := s.(*listScreen); ok {
			p.queryErr, p.query = l.qerr, l.query
		}
	})
	return p
}

// until polls the app until cond holds.
func (d *appDriver) until(what string, cond func(p screenProbe) bool) screenProbe {
	d.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		p := d.probe()
		if cond(p) {
			return p
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("%s: not reached; top screen %q (%s):\n%s", what, p.title, p.kind, p.screen)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// running fails if the program has ended.
func (d *appDriver) running() {
	d.t.Helper()
	if d.app.quitting {
		d.t.Fatal("the app quit")
	}
}

// quit presses ctrl+c (q quits from home only) and checks the program ends.
func (d *appDriver) quit() {
	d.t.Helper()
	d.press("ctrl+c")
	d.ended()
}

// ended checks that the program ends (after the key that quits).
func (d *appDriver) ended() {
	d.t.Helper()
	d.tm.WaitFinished(d.t, teatest.WithFinalTimeout(waitTimeout))
}

// ---------------------------------------------------------------------------
// A screen without a program

// runCmds runs a command synchronously and feeds its messages back to s
// (the app's own messages, push, pop and flash, are dropped).
func runCmds(s Screen, cmd tea.Cmd) Screen {
	if cmd == nil {
		return s
	}
	msg := cmd()
	switch msg := msg.(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			s = runCmds(s, c)
		}
		return s
	case PushMsg, PopMsg, FlashMsg, nil:
		return s
	}
	s, cmd = s.Update(msg)
	return runCmds(s, cmd)
}

// runOnce executes a command and returns its message (nil command: nil).
func runOnce(cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	return cmd()
}

// findMsg digs a message of type T out of a batch.
func findMsg[T any](msg tea.Msg) tea.Msg {
	switch m := msg.(type) {
	case T:
		return m
	case tea.BatchMsg:
		for _, c := range m {
			if c == nil {
				continue
			}
			if r := findMsg[T](c()); r != nil {
				return r
			}
		}
	}
	return nil
}

// ---------------------------------------------------------------------------
// What a screen shows

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

// checkFits asserts that what (a screen, or a screen's body) fits w×h.
func checkFits(t *testing.T, what, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("%s: %d lines for %d:\n%s", what, len(lines), h, view)
	}
	for i, l := range lines {
		if cw := ansi.StringWidth(l); cw > w {
			t.Errorf("%s: line %d is %d cells wide (> %d): %q", what, i+1, cw, w, l)
		}
	}
}

// appCheckFits asserts that a screen fits a w×h terminal.
func appCheckFits(t *testing.T, screen string, w, h int) {
	t.Helper()
	checkFits(t, "screen", screen, w, h)
}
