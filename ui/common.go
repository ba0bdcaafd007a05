// Package ui is fichier's terminal app (Bubble Tea): a root model that routes
// between screens, each screen its own model in its own file with its own
// keymap and help. Nothing here touches the file directly: every read and
// write goes through the store, and slow calls run as tea.Cmds.
package ui

import (
	"errors"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/export"
	"fichier/model"
	"fichier/store"
)

// Common is what every screen of one session shares. Each SSH session gets
// its own Common (own renderer, styles, size): no global mutable state.
type Common struct {
	Store   *store.Store
	Session *store.Session // nil until logged in
	User    model.User     // the logged-in responsable (refreshed by the app)
	Styles  *Styles
	Width   int // whole terminal
	Height  int
	Now     func() time.Time
	// HomeNote is a line for the home screen from whoever started the app
	// (the demo: how to log in next time, since the password printed before
	// the full-screen app is hidden until it ends).
	HomeNote string

	exportFormat export.Format // the format last chosen on the export screen
}

// Screen is one screen of the app. The app draws the header, the status
// line and the help line around View(); a screen draws only its body, in
// the size given by SetSize.
type Screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (Screen, tea.Cmd)
	View() string
	SetSize(width, height int)
	// Title is the header's left part, e.g. "Fiches · /type:adh".
	Title() string
	// Status is the screen's part of the status line, e.g. "23 / 1 905 fiches".
	Status() string
	// Keys is the screen's keymap, shown in the help line (short) and with ? (full).
	Keys() help.KeyMap
	// Capturing is true while a text field has the focus: the app then
	// leaves single-letter and digit keys to the screen.
	Capturing() bool
	// Dirty is true when leaving would lose unsaved changes.
	Dirty() bool
}

// Messages screens send to the app.
type (
	// PushMsg opens a screen on top of the current one.
	PushMsg struct{ Screen Screen }
	// PopMsg closes the current screen (back to the one below).
	PopMsg struct{}
	// GotoMsg replaces the whole stack by home and, if set, this screen.
	GotoMsg struct{ Screen Screen }
	// FlashMsg shows a short message in the status line.
	FlashMsg struct {
		Text string
		Err  bool
	}
	// LoggedInMsg is sent by the login screens.
	LoggedInMsg struct{ Session *store.Session }
	// StoreEventMsg relays a committed change from another session (or this one).
	StoreEventMsg struct{ Event store.Event }
)

// Push, Pop, Goto and Flash build the commands that send those messages.
func Push(s Screen) tea.Cmd { return func() tea.Msg { return PushMsg{s} } }
func Pop() tea.Cmd          { return func() tea.Msg { return PopMsg{} } }
func Goto(s Screen) tea.Cmd { return func() tea.Msg { return GotoMsg{s} } }
func Flash(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return FlashMsg{Text: text, Err: isErr} }
}

// ErrMsg is a failed store call, returned by a tea.Cmd. The app shows it;
// a session ended by the store (account disabled) returns to the login.
type ErrMsg struct{ Err error }

func (e ErrMsg) Error() string { return e.Err.Error() }

// reportErr hands a failed store call to the app, which shows it in the
// status line (or returns to the login when the session has ended).
func reportErr(err error) tea.Cmd { return func() tea.Msg { return ErrMsg{err} } }

// SessionEnded reports whether err means the session is over.
func SessionEnded(err error) bool { return errors.Is(err, store.ErrSessionEnded) }

// errCmd passes a session-ending error to the app (which returns to the
// login); other errors are shown by the screen itself.
func errCmd(err error) tea.Cmd {
	if SessionEnded(err) {
		return reportErr(err)
	}
	return nil
}

// keepErr keeps why a store call failed in *why, for the screen to show
// it, and passes a session-ending error to the app.
func keepErr(why *string, err error) tea.Cmd {
	*why = err.Error()
	return errCmd(err)
}
