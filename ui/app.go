package ui

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
	"fichier/store"
)

// Optional interfaces a Screen may implement.
type (
	// ScreenMsg is a message meant for one screen of the stack wherever it
	// is (e.g. the result of a search that screen started before another
	// was opened on top of it). The app delivers it to that screen only,
	// and drops it when the screen has left the stack. Other messages go to
	// the screen on top.
	ScreenMsg interface{ ForScreen() Screen }

	// Commander adds a screen's own actions to the command palette (ctrl+p),
	// beside the screen's key bindings which the palette lists anyway.
	Commander interface{ Commands() []Command }

	// screenKeyer is implemented by the screens reachable by a digit, so that
	// pressing that digit again goes back to the open one instead of a new one.
	screenKeyer interface{ screenKey() string }
)

// Command is one entry of the command palette.
type Command struct {
	Name string // what the palette shows and matches, in French
	Key  string // the key that does the same, shown beside it ("" = none)
	Run  func() tea.Cmd
}

// Messages internal to the app.
type (
	storeEventArrived struct{ ev store.Event }
	flashExpiredMsg   struct{ id int }
	// gotoKeyMsg goes to the screen of a digit (palette).
	gotoKeyMsg struct{ key string }
	// quitRequestMsg asks to quit, confirming if something is unsaved (palette).
	quitRequestMsg struct{}
	// logoutRequestMsg returns to the login screen (palette).
	logoutRequestMsg struct{}
	// helpRequestMsg opens the full help (palette).
	helpRequestMsg struct{}
	// paletteRunMsg closes the palette and runs the chosen command.
	paletteRunMsg struct{ run func() tea.Cmd }
	// closeMsg closes one screen (and those above it), once: a second
	// esc pressed before the first was handled does not close another.
	closeMsg struct{ screen Screen }
	// replayKeyMsg delivers a key to one screen, bypassing the global keys (palette).
	replayKeyMsg struct {
		screen Screen
		key    tea.KeyMsg
	}
)

// App is the root model of one session: a stack of screens with home at the
// bottom (or the login screen while nobody is logged in), and the chrome
// around them.
type App struct {
	c      *Common
	stack  []Screen
	keys   globalKeys
	help   help.Model
	width  int
	height int

	showHelp    bool
	confirmQuit bool
	flash       string
	flashErr    bool
	flashID     int

	scopeName  string // the logged-in responsable's scope, described
	scopeShort string

	events <-chan store.Event
	stop   func()
	// current is the session as the store's event filter sees it (from the
	// publisher's goroutine, hence atomic): a session hears only of its scope.
	current   atomic.Pointer[store.Session]
	closeOnce sync.Once
	// missed holds, merged, the store events a screen under the top one
	// did not get: it gets them when it is on top again (a list or the
	// home screen hidden under a fiche does not search at every save made
	// in any session).
	missed   map[Screen]store.Event
	quitting bool
}

// NewApp builds the app for one session. With sess nil it starts on the
// login screen (or the first-run screen for a file without responsable).
func NewApp(st *store.Store, sess *store.Session, styles *Styles) *App {
	if styles == nil {
		styles = NewStyles(nil)
	}
	c := &Common{Store: st, Styles: styles, Width: defaultWidth, Height: defaultHeight, Now: time.Now}
	a := &App{c: c, keys: newGlobalKeys(), help: newHelp(styles), width: defaultWidth, height: defaultHeight}
	if sess != nil {
		if u, err := sess.User(); err == nil {
			a.setSession(sess, u)
			a.stack = []Screen{NewHomeScreen(c)}
			if u.Round != 0 { // a caller account goes straight to its round (rappel.go)
				a.stack = append(a.stack, NewRappelsScreen(c))
			}
		} else {
			a.stack = []Screen{newLoginScreen(c, err.Error())}
		}
	} else {
		a.stack = []Screen{newLoginScreen(c, "")}
	}
	a.resize()
	return a
}

// closeScreen closes s if it is still open (unlike Pop, which closes
// whatever is on top when it arrives).
func closeScreen(s Screen) tea.Cmd { return func() tea.Msg { return closeMsg{s} } }

// closeSaying closes s, then says text in the status line: in this order,
// so that the words are not cleared by a key still meant for s.
func closeSaying(s Screen, text string) tea.Cmd {
	return tea.Sequence(closeScreen(s), Flash(text, false))
}

// Common is the session's shared state (for the SSH server and tests).
func (a *App) Common() *Common { return a.c }

// Close stops listening to the store's events. Call it when the program
// has ended (Run does).
func (a *App) Close() {
	a.closeOnce.Do(func() {
		if a.stop != nil {
			a.stop()
		}
		if sess := a.current.Load(); sess != nil {
			a.c.Store.ReleaseSession(sess) // the person a caller held goes back to the round (rappel.go)
		}
	})
}

func (a *App) setSession(sess *store.Session, u model.User) {
	// Screens' commands read Common from their goroutines: write it only
	// when it changes (each store event re-reads the account), not at every
	// event. A new last-login time alone is no change.
	if a.c.Session != sess {
		a.c.Session = sess
	}
	a.current.Store(sess)
	if a.c.User.ID == u.ID {
		u.LastLogin = a.c.User.LastLogin
	}
	if !reflect.DeepEqual(a.c.User, u) {
		a.c.User = u
	}
	a.scopeName = model.StripControl(a.c.Store.Describe(u.Scope))
	a.scopeShort = a.scopeName
	if i := strings.LastIndex(a.scopeShort, " › "); i >= 0 {
		a.scopeShort = a.scopeShort[i+len(" › "):]
	}
}

func (a *App) top() Screen { return a.stack[len(a.stack)-1] }

func (a *App) loggedIn() bool { return a.c.Session != nil }

// atHome reports whether the home screen is the only one open: the one
// place where q quits (elsewhere a stray q must not end the session).
func (a *App) atHome() bool {
	_, home := a.top().(*homeScreen)
	return home && len(a.stack) == 1
}

// Init subscribes to the store's events and starts the first screen.
func (a *App) Init() tea.Cmd {
	if a.events == nil {
		a.events, a.stop = a.c.Store.Subscribe(a.current.Load)
	}
	return tea.Batch(waitEvent(a.events), a.top().Init())
}

// waitEvent waits for the next committed change; the app re-arms it on each event.
func waitEvent(ch <-chan store.Event) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return nil
		}
		return storeEventArrived{ev}
	}
}

// Update routes a message: the app's own first, then the screens.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := a.update(msg)
	if caught := a.catchUp(); caught != nil {
		cmd = tea.Batch(cmd, caught)
	}
	return m, cmd
}

// catchUp gives the screen now on top the events it missed below.
func (a *App) catchUp() tea.Cmd {
	if len(a.missed) == 0 {
		return nil
	}
	top := a.top()
	ev, ok := a.missed[top]
	for s := range a.missed {
		if s == top || !slices.Contains(a.stack, s) {
			delete(a.missed, s)
		}
	}
	if !ok {
		return nil
	}
	return a.updateScreen(top, StoreEventMsg{ev})
}

// miss keeps ev for screen s, merged with what it already missed.
func (a *App) miss(s Screen, ev store.Event) {
	if a.missed == nil {
		a.missed = map[Screen]store.Event{}
	}
	if old, ok := a.missed[s]; ok {
		ev.Persons = append(slices.Clip(old.Persons), ev.Persons...)
		if len(old.Orgs) == 0 || len(ev.Orgs) == 0 {
			ev.Orgs = nil // one of them concerns everyone
		} else {
			ev.Orgs = append(slices.Clip(old.Orgs), ev.Orgs...)
		}
	}
	a.missed[s] = ev
}

func (a *App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.resize()
		return a, nil
	case tea.KeyMsg:
		return a, a.keyBurst(msg)
	case PushMsg:
		return a, a.push(msg.Screen)
	case PopMsg:
		if len(a.stack) > 1 {
			a.stack = a.stack[:len(a.stack)-1]
		}
		return a, nil
	case GotoMsg:
		return a, a.gotoScreen(msg.Screen)
	case FlashMsg:
		return a, a.setFlash(msg.Text, msg.Err)
	case flashExpiredMsg:
		if msg.id == a.flashID {
			a.flash = ""
		}
		return a, nil
	case ErrMsg:
		if msg.Err == nil {
			return a, nil
		}
		if SessionEnded(msg.Err) {
			return a, a.logout(msg.Err.Error())
		}
		return a, a.setFlash(msg.Err.Error(), true)
	case LoggedInMsg:
		return a, a.login(msg.Session)
	case storeEventArrived:
		return a, tea.Batch(waitEvent(a.events), a.storeEvent(StoreEventMsg{msg.ev}))
	case StoreEventMsg:
		return a, a.storeEvent(msg)
	case gotoKeyMsg:
		if msg.key == "home" {
			return a, a.goHome()
		}
		return a, a.gotoKey(msg.key)
	case quitRequestMsg:
		return a, a.requestQuit()
	case logoutRequestMsg:
		if a.dirty() {
			return a, a.refuseUnsaved()
		}
		return a, a.logout("vous êtes déconnecté")
	case helpRequestMsg:
		a.showHelp = true
		return a, nil
	case paletteRunMsg:
		if _, ok := a.top().(*paletteScreen); ok && len(a.stack) > 1 {
			a.stack = a.stack[:len(a.stack)-1]
		}
		if msg.run == nil {
			return a, nil
		}
		return a, msg.run()
	case closeMsg:
		for i := len(a.stack) - 1; i > 0; i-- {
			if a.stack[i] == msg.screen {
				a.stack = a.stack[:i]
				break
			}
		}
		return a, nil
	case replayKeyMsg:
		return a, a.updateScreen(msg.screen, msg.key)
	case ScreenMsg:
		return a, a.updateScreen(msg.ForScreen(), msg)
	}
	return a, a.updateTop(msg)
}

// updateTop sends msg to the screen on top.
func (a *App) updateTop(msg tea.Msg) tea.Cmd { return a.updateAt(len(a.stack)-1, msg) }

// updateScreen sends msg to screen s if it is still in the stack.
func (a *App) updateScreen(s Screen, msg tea.Msg) tea.Cmd {
	if i := slices.Index(a.stack, s); i >= 0 {
		return a.updateAt(i, msg)
	}
	return nil
}

// updateAt sends msg to the screen at index i of the stack.
func (a *App) updateAt(i int, msg tea.Msg) tea.Cmd {
	n, cmd := a.stack[i].Update(msg)
	if n != nil {
		a.stack[i] = n
	}
	return cmd
}

func (a *App) resize() {
	w, h := a.width, a.height
	if w <= 0 {
		w = defaultWidth
	}
	if h <= 0 {
		h = defaultHeight
	}
	a.c.Width, a.c.Height = w, h
	a.help.Width = max(w-1, 1)
	for _, s := range a.stack {
		a.sizeScreen(s)
	}
}

// sizeScreen gives s the body's size: the terminal less the app's chrome.
func (a *App) sizeScreen(s Screen) { s.SetSize(a.c.Width, max(a.c.Height-Chrome, 1)) }

func (a *App) push(s Screen) tea.Cmd {
	if s == nil {
		return nil
	}
	a.sizeScreen(s)
	a.stack = append(a.stack, s)
	return s.Init()
}

// gotoScreen resets the stack to home, then s (if not nil).
func (a *App) gotoScreen(s Screen) tea.Cmd {
	if !a.loggedIn() {
		return nil
	}
	home := a.stack[0]
	if _, ok := home.(*homeScreen); !ok {
		home = NewHomeScreen(a.c)
		a.sizeScreen(home)
		a.stack = []Screen{home}
		cmd := home.Init()
		return tea.Batch(cmd, a.push(s))
	}
	a.stack = a.stack[:1]
	return a.push(s)
}

// gotoKey goes to the screen of digit k: back to it if it is open, a new
// one otherwise; a screen that does not exist yet says so.
func (a *App) gotoKey(k string) tea.Cmd {
	e, ok := screenEntryFor(k)
	if !ok || !a.loggedIn() {
		return nil
	}
	if e.New == nil {
		return a.setFlash(fmt.Sprintf("%s %s : bientôt disponible", k, e.Name), false)
	}
	for i := len(a.stack) - 1; i >= 0; i-- {
		if sk, ok := a.stack[i].(screenKeyer); ok && sk.screenKey() == k {
			if a.dirtyAbove(i) {
				return a.refuseUnsaved()
			}
			a.stack = a.stack[:i+1]
			return nil
		}
	}
	if a.dirtyAbove(0) {
		return a.refuseUnsaved()
	}
	return a.gotoScreen(e.New(a.c))
}

func (a *App) goHome() tea.Cmd {
	if a.dirtyAbove(0) {
		return a.refuseUnsaved()
	}
	return a.gotoScreen(nil)
}

// dirtyAbove reports whether a screen above index i has unsaved changes.
func (a *App) dirtyAbove(i int) bool {
	for _, s := range a.stack[i+1:] {
		if s.Dirty() {
			return true
		}
	}
	return false
}

func (a *App) dirty() bool {
	for _, s := range a.stack {
		if s.Dirty() {
			return true
		}
	}
	return false
}

// refuseUnsaved says why the app does not leave a screen with unsaved changes.
func (a *App) refuseUnsaved() tea.Cmd {
	return a.setFlash("modifications non enregistrées : enregistrez-les ou abandonnez-les d'abord", true)
}

func (a *App) setFlash(text string, isErr bool) tea.Cmd {
	a.flashID++
	a.flash, a.flashErr = model.StripControl(text), isErr
	id := a.flashID
	return tea.Tick(flashDuration, func(time.Time) tea.Msg { return flashExpiredMsg{id} })
}

func (a *App) login(sess *store.Session) tea.Cmd {
	if sess == nil {
		return nil
	}
	u, err := sess.User()
	if err != nil {
		return a.logout(err.Error())
	}
	a.setSession(sess, u)
	a.showHelp, a.confirmQuit = false, false
	home := NewHomeScreen(a.c)
	a.sizeScreen(home)
	a.stack = []Screen{home}
	name := u.FirstName
	if name == "" {
		name = u.Username
	}
	if u.Round != 0 { // a caller account goes straight to its round (rappel.go)
		return tea.Batch(home.Init(), a.setFlash("Bonjour "+name+" !", false), a.gotoKey("2"))
	}
	return tea.Batch(home.Init(), a.setFlash("Bonjour "+name+" !", false))
}

func (a *App) logout(why string) tea.Cmd {
	a.c.Session = nil
	a.current.Store(nil)
	a.c.User = model.User{}
	a.scopeName, a.scopeShort = "", ""
	a.showHelp, a.confirmQuit = false, false
	a.flash = ""
	l := newLoginScreen(a.c, why)
	a.sizeScreen(l)
	a.stack = []Screen{l}
	return l.Init()
}

func (a *App) storeEvent(msg StoreEventMsg) tea.Cmd {
	if a.loggedIn() {
		u, err := a.c.Session.User()
		if err != nil {
			if SessionEnded(err) {
				return a.logout(err.Error())
			}
		} else {
			a.setSession(a.c.Session, u)
		}
	}
	for _, s := range a.stack[:len(a.stack)-1] {
		a.miss(s, msg.Event)
	}
	return a.updateTop(msg)
}

func (a *App) requestQuit() tea.Cmd {
	if a.dirty() {
		a.confirmQuit = true
		return nil
	}
	return a.quit()
}

func (a *App) quit() tea.Cmd {
	a.quitting = true
	return tea.Quit
}

// keyBurst splits keys that arrived together (fast typing, tmux, SSH: the
// terminal reader reports them as one message) so that each is a key of
// its own while no text field has the focus: "/abc" focuses the filter bar
// and types "abc" into it. Pastes stay whole.
func (a *App) keyBurst(msg tea.KeyMsg) tea.Cmd {
	if msg.Type != tea.KeyRunes || len(msg.Runes) < 2 || msg.Paste {
		return a.key(msg)
	}
	var cmds []tea.Cmd
	for rs := msg.Runes; len(rs) > 0 && !a.quitting; {
		one := msg
		if a.top().Capturing() && !a.confirmQuit && !a.showHelp {
			one.Runes, rs = rs, nil // a text field takes the rest at once
		} else {
			one.Runes, rs = rs[:1], rs[1:]
		}
		cmds = append(cmds, a.key(one))
	}
	return tea.Batch(cmds...)
}

// key handles the global keys, then gives the key to the screen on top.
func (a *App) key(msg tea.KeyMsg) tea.Cmd {
	if a.flash != "" {
		a.flash = ""
	}
	if a.confirmQuit {
		switch msg.String() {
		case "o", "O", "y", "Y", "enter", "ctrl+c":
			return a.quit()
		case "n", "N", "esc":
			a.confirmQuit = false
		}
		return nil
	}
	if key.Matches(msg, a.keys.ForceQuit) {
		return a.requestQuit()
	}
	if a.showHelp {
		switch msg.String() {
		case "?", "esc", "q", "enter":
			a.showHelp = false
		}
		return nil
	}
	top := a.top()
	if a.loggedIn() {
		if key.Matches(msg, a.keys.Palette) {
			if _, open := top.(*paletteScreen); open {
				return nil
			}
			return a.push(newPaletteScreen(a.c, a.commands()))
		}
		if key.Matches(msg, a.keys.FScreens) {
			return a.gotoKey(strings.TrimPrefix(msg.String(), "f"))
		}
		if !top.Capturing() {
			switch {
			case key.Matches(msg, a.keys.Screens):
				return a.gotoKey(msg.String())
			case key.Matches(msg, a.keys.Help):
				a.showHelp = true
				return nil
			case key.Matches(msg, a.keys.Quit) && a.atHome():
				return a.requestQuit()
			}
		}
	}
	return a.updateTop(msg)
}
