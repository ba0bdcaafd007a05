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
	"strings"
	"testing"
	"time"

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

// waitTimeout is how long a wait gives a screen to show what it expects
// (the race detector on a loaded machine is slow).
const waitTimeout = 5 * time.Second

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
	d := startApp(t, w.st, w.session(t), width, height)
	d.waitFor("3 adhérents")
	return w, d
}

// startList is startHome, then the list of every fiche (1).
func startList(t *testing.T) (*appWorld, *appDriver) {
	t.Helper()
	w, d := startHome(t)
	d.press("1")
	d.waitFor("5 / 5 fiches")
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

// pressN presses one key n times.
func (d *appDriver) pressN(k string, n int) {
	d.t.Helper()
	for range n {
		d.press(k)
	}
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
	teatest.WaitFor(d.t, d.tm.Output(), func(b []byte) bool {
		all := append(append([]byte(nil), d.since...), b...)
		for _, s := range texts {
			if !bytes.Contains(all, []byte(s)) {
				return false
			}
		}
		d.since = all
		return true
	}, teatest.WithDuration(waitTimeout), teatest.WithCheckInterval(5*time.Millisecond))
}

// waitScreen waits until the whole screen (not only what was redrawn since
// the last key) shows every text.
func (d *appDriver) waitScreen(texts ...string) {
	d.t.Helper()
	d.until(fmt.Sprintf("the screen shows %q", texts), func(p screenProbe) bool {
		for _, s := range texts {
			if !strings.Contains(p.screen, s) {
				return false
			}
		}
		return true
	})
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
	d.tm.WaitFinished(d.t, teatest.WithFinalTimeout(time.Second))
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
