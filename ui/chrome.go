package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"fichier/model"
)

// The chrome the app draws around a screen's body: the header (title,
// who is logged in), the status line, the help line and the full help (?).

// Chrome is the number of lines the app draws around a screen's body:
// header, rule, rule, status line, help line.
const Chrome = 5

// Default size until the terminal tells its own.
const (
	defaultWidth  = 80
	defaultHeight = 24
	minWidth      = 30
	minHeight     = Chrome + 3
)

// flashDuration is how long a status-line message stays (a key press also clears it).
const flashDuration = 6 * time.Second

func newHelp(s *Styles) help.Model {
	h := help.New()
	h.ShortSeparator = " · "
	h.Ellipsis = "…"
	h.Styles = help.Styles{
		Ellipsis:       s.Help,
		ShortKey:       s.Key,
		ShortDesc:      s.Help,
		ShortSeparator: s.Help,
		FullKey:        s.Key,
		FullDesc:       s.Help,
		FullSeparator:  s.Help,
	}
	return h
}

// View draws the chrome around the screen on top; it never draws more lines
// than the terminal has nor lines wider than it.
func (a *App) View() string {
	if a.quitting {
		return ""
	}
	w, h := a.c.Width, a.c.Height
	s := a.c.Styles
	if w < minWidth || h < minHeight {
		msg := []string{"Fenêtre trop petite :", "agrandissez-la (80×24 au moins)."}
		if h < len(msg) {
			msg = msg[:max(h, 0)]
		}
		for i := range msg {
			msg[i] = fit(msg[i], w)
		}
		return strings.Join(msg, "\n")
	}
	top := a.top()
	lines := make([]string, 0, h)
	lines = append(lines, a.headerLine(w))
	rule := s.Rule.Render(strings.Repeat("─", w))
	lines = append(lines, rule)
	bodyH := h - Chrome
	var body string
	if a.showHelp {
		body = a.fullHelp(w, bodyH)
	} else {
		body = top.View()
	}
	n := 0
	for line := range strings.SplitSeq(body, "\n") {
		if n == bodyH {
			break
		}
		lines = append(lines, fit(line, w))
		n++
	}
	for ; n < bodyH; n++ {
		lines = append(lines, "")
	}
	lines = append(lines, rule, a.statusLine(w), a.helpLine(w))
	return strings.Join(lines, "\n")
}

func (a *App) headerLine(w int) string {
	s := a.c.Styles
	title := a.top().Title()
	if a.showHelp {
		title = "Aide · " + title
	}
	if title == "" || a.top() == a.stack[0] && a.loggedIn() {
		title = "fichier · " + a.scopeName
		if !a.loggedIn() {
			title = "fichier"
		}
	}
	left := " " + model.StripControl(title)
	right := "non connecté "
	if a.loggedIn() {
		mode := "écriture"
		if !a.c.User.Rights.Has(model.RightWrite) {
			mode = "lecture seule"
		}
		right = model.StripControl(a.c.User.Username) + " · " + mode + " "
	}
	rw := ansi.StringWidth(right)
	if rw+12 > w {
		return s.Header.Render(fit(left, w))
	}
	left = fit(left, w-rw-1)
	gap := w - ansi.StringWidth(left) - rw
	return s.Header.Render(left + strings.Repeat(" ", gap) + right)
}

func (a *App) statusLine(w int) string {
	s := a.c.Styles
	if a.confirmQuit {
		return s.Warning.Render(fit(" Quitter ? modifications non enregistrées — o : quitter · n : rester", w))
	}
	if a.flash != "" {
		if a.flashErr {
			return s.Error.Render(fit(" "+a.flash, w))
		}
		return s.Success.Render(fit(" "+a.flash, w))
	}
	var parts []string
	if a.loggedIn() {
		parts = append(parts, model.StripControl(a.c.User.Username), a.scopeShort)
	} else {
		parts = append(parts, "non connecté", a.c.Store.Path())
	}
	if st := a.top().Status(); st != "" {
		parts = append(parts, st)
	}
	return s.Status.Render(fit(" "+strings.Join(parts, " · "), w))
}

// helpKeyWorker is a screen that takes typed keys (type-to-search) but
// leaves ? to the help while helpKeyWorks.
type helpKeyWorker interface{ helpKeyWorks() bool }

func helpKeyWorks(s Screen) bool {
	h, ok := s.(helpKeyWorker)
	return ok && h.helpKeyWorks()
}

// globalShort is the global keys for the help line: the essential ones,
// and those shown only when there is room.
func (a *App) globalShort() (essential, extra []key.Binding) {
	switch {
	case !a.loggedIn():
		return []key.Binding{a.keys.ForceQuit}, nil
	case helpKeyWorks(a.top()):
		return []key.Binding{a.keys.Help}, []key.Binding{a.keys.Palette}
	case a.top().Capturing():
		if _, palette := a.top().(*paletteScreen); palette {
			return []key.Binding{a.keys.ForceQuit}, nil
		}
		return []key.Binding{a.keys.ForceQuit}, []key.Binding{a.keys.Palette}
	}
	if !a.atHome() {
		return []key.Binding{a.keys.Help}, []key.Binding{a.keys.Palette}
	}
	return []key.Binding{a.keys.Help, a.keys.Quit}, []key.Binding{a.keys.Palette}
}

func (a *App) helpLine(w int) string {
	a.help.Width = 0 // fitted here, key by key
	defer func() { a.help.Width = max(w-1, 1) }()
	view := func(b []key.Binding) string { return " " + a.help.ShortHelpView(b) }
	switch {
	case a.confirmQuit:
		return fit(view([]key.Binding{binding([]string{"o"}, "o", "quitter sans enregistrer"), binding([]string{"n"}, "n/esc", "rester")}), w)
	case a.showHelp:
		return fit(view([]key.Binding{binding([]string{"esc"}, "esc/?", "fermer l'aide")}), w)
	}
	// The screen's keys, then the global ones; when the line is too long,
	// the optional global keys go first, then the screen's from the end.
	var own []key.Binding
	if km := a.top().Keys(); km != nil {
		own = km.ShortHelp()
	}
	essential, extra := a.globalShort()
	if line := view(append(append(own[:len(own):len(own)], extra...), essential...)); ansi.StringWidth(line) <= w {
		return line
	}
	for n := len(own); n > 0; n-- {
		if line := view(append(own[:n:n], essential...)); ansi.StringWidth(line) <= w {
			return line
		}
	}
	return fit(view(essential), w)
}

// fullHelp lays out every key of the current screen and the app's in
// columns that fit the body.
func (a *App) fullHelp(w, h int) string {
	s := a.c.Styles
	global := []key.Binding{a.keys.Screens, a.keys.FScreens, a.keys.Palette, a.keys.Help, a.keys.Quit, a.keys.ForceQuit}
	groups := joinedKeys{screen: a.top().Keys(), full: global}.FullHelp()
	type item struct{ k, d string }
	var items []item
	for gi, g := range groups {
		if gi > 0 && len(items) > 0 {
			items = append(items, item{})
		}
		for _, b := range g {
			if !b.Enabled() || b.Help().Desc == "" {
				continue
			}
			items = append(items, item{b.Help().Key, b.Help().Desc})
		}
	}
	rows := max(h-2, 1)
	keyW := 0
	for _, it := range items {
		keyW = max(keyW, ansi.StringWidth(it.k))
	}
	keyW = min(keyW, 12)
	cols := (len(items) + rows - 1) / rows
	colW := max((w-2)/max(cols, 1), 1)
	grid := make([]string, rows)
	for i, it := range items {
		r := i % rows
		cell := ""
		if it.k != "" {
			cell = s.Key.Render(padRight(fit(it.k, keyW), keyW)) + " " + s.Help.Render(fit(it.d, max(colW-keyW-2, 1)))
		}
		grid[r] += padRight(cell, colW)
	}
	out := []string{"  " + s.Title.Render("Aide : touches de cet écran et de partout"), ""}
	for _, g := range grid {
		out = append(out, "  "+strings.TrimRight(g, " "))
	}
	return strings.Join(out, "\n")
}
