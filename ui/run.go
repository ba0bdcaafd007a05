package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"fichier/store"
)

// Run runs the terminal app on st until the user quits. With sess nil it
// starts on the login screen (or the first-run screen for a file without
// responsable). opts are added to the program's (after the alternate screen).
func Run(st *store.Store, sess *store.Session, opts ...tea.ProgramOption) error {
	return RunWithHomeNote(st, sess, "", opts...)
}

// RunWithHomeNote is Run with a note shown on the home screen (Common.HomeNote).
func RunWithHomeNote(st *store.Store, sess *store.Session, note string, opts ...tea.ProgramOption) error {
	app := NewApp(st, sess, NewStyles(nil))
	app.c.HomeNote = note
	defer app.Close()
	p := tea.NewProgram(app, append([]tea.ProgramOption{tea.WithAltScreen()}, opts...)...)
	_, err := p.Run()
	return err
}

// Unsaved reports whether a screen of the app holds unsaved changes (the
// SSH server gives those a last chance when it stops).
func (a *App) Unsaved() bool { return a.dirty() }

// LoggedIn reports whether a responsable is logged in (the SSH server ends
// the connection when its session logs out or is ended by the store).
func (a *App) LoggedIn() bool { return a.loggedIn() }
