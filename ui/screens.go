package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// The navigation map: every screen the user can reach from anywhere — by
// its digit, from the home menu and from the command palette (ctrl+p).
// Adding a screen is one line in screenEntries (a digit) or extraScreens
// (a screen with a digit also answers screenKey() with it, so that the
// digit goes back to it when it is open).

// screenEntry is a screen reached from anywhere by its digit (and by name in
// the palette). New is nil while the screen does not exist yet: its digit then
// says so instead of failing. Later issues fill in their constructor here.
type screenEntry struct {
	Key  string
	Name string
	New  func(c *Common) Screen
}

var screenEntries = []screenEntry{
	{"1", "Fiches", func(c *Common) Screen { return NewListScreen(c) }},
	{"2", "Rappels", func(c *Common) Screen { return NewRappelsScreen(c) }},
	{"3", "Export / import", func(c *Common) Screen { return NewExportScreen(c, "") }},
	{"4", "Cotisations", func(c *Common) Screen { return NewDuesReportScreen(c) }},
	{"5", "Mutations", func(c *Common) Screen { return NewMutationsScreen(c) }},
	{"6", "Responsables", func(c *Common) Screen { return NewResponsablesScreen(c) }},
	{"7", "Structure", func(c *Common) Screen { return NewStructureScreen(c) }},
	{"8", "Statistiques", func(c *Common) Screen { return NewStatsScreen(c, "") }},
	{"9", "Journal", func(c *Common) Screen { return NewJournalScreen(c) }},
}

// extraScreens are screens without a digit, reached from the command
// palette (and from the export screen: i, d).
var extraScreens = []screenEntry{
	{"", "Importer un tableur (CSV, xlsx)", func(c *Common) Screen { return NewImportScreen(c) }},
	{"", "Doublons", func(c *Common) Screen { return NewDoublonsScreen(c) }},
	{"", "Saisie rapide des cotisations", func(c *Common) Screen { return NewQuickDuesScreen(c) }},
	{"", accountEntryName, func(c *Common) Screen { return NewAccountScreen(c) }},
}

// accountEntryName is how the palette and the home menu name « Mon compte »
// (the words a volunteer looks for: compte, mot de passe, double authentification).
const accountEntryName = "Mon compte (mot de passe, double authentification)"

func screenEntryFor(k string) (screenEntry, bool) {
	for _, e := range screenEntries {
		if e.Key == k {
			return e, true
		}
	}
	return screenEntry{}, false
}

// commands lists what the palette offers: the screens, the current
// screen's keys and commands, and the app's own.
func (a *App) commands() []Command {
	var out []Command
	top := a.top()
	if c, ok := top.(Commander); ok {
		out = append(out, c.Commands()...)
	}
	seen := map[string]bool{}
	for _, c := range out {
		seen[c.Name] = true
	}
	if km := top.Keys(); km != nil {
		for _, group := range km.FullHelp() {
			for _, b := range group {
				h := b.Help()
				if !b.Enabled() || h.Desc == "" || seen[h.Desc] || len(b.Keys()) == 0 {
					continue
				}
				km, ok := keyMsgFor(b.Keys()[0])
				if !ok || (top.Capturing() && km.Type == tea.KeyRunes) {
					continue
				}
				seen[h.Desc] = true
				s := top
				out = append(out, Command{Name: capitalize(h.Desc), Key: h.Key, Run: func() tea.Cmd {
					return func() tea.Msg { return replayKeyMsg{s, km} }
				}})
			}
		}
	}
	out = append(out, Command{Name: "Accueil", Run: func() tea.Cmd {
		return func() tea.Msg { return gotoKeyMsg{"home"} }
	}})
	for _, e := range screenEntries {
		name := e.Name
		if e.New == nil {
			name += " (bientôt)"
		}
		k := e.Key
		out = append(out, Command{Name: name, Key: k, Run: func() tea.Cmd {
			return func() tea.Msg { return gotoKeyMsg{k} }
		}})
	}
	for _, e := range extraScreens { // screens without a digit (ui/import.go)
		if seen[e.Name] {
			continue // the screen offers it already
		}
		open := e.New
		out = append(out, Command{Name: e.Name, Key: e.Key, Run: func() tea.Cmd { return Push(open(a.c)) }})
	}
	out = append(out,
		Command{Name: "Aide", Key: "?", Run: func() tea.Cmd { return func() tea.Msg { return helpRequestMsg{} } }},
		Command{Name: "Se déconnecter", Run: func() tea.Cmd { return func() tea.Msg { return logoutRequestMsg{} } }},
		Command{Name: "Quitter", Key: "ctrl+c", Run: func() tea.Cmd { return func() tea.Msg { return quitRequestMsg{} } }},
	)
	return out
}

func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
