package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"fichier/model"
	"fichier/store"
)

// « Connectés »: who is connected to `fichier serve` now in the viewer's
// scope, since when, from where — for responsables with the right to manage
// responsables. Refreshed every few seconds and on every store event.

func init() {
	extraScreens = append(extraScreens,
		screenEntry{"", "Connectés", func(c *Common) Screen { return NewConnectedScreen(c) }},
		screenEntry{"", "Clés SSH des responsables", func(c *Common) Screen { return NewSSHKeysScreen(c, 0) }},
	)
}

const connectedRefresh = 5 * time.Second

type connectedScreen struct {
	c             *Common
	width, height int
	conns         []store.Connection
	loaded        bool
	err           string
	tbl           table
	keys          listKeys
	back          key.Binding
}

type (
	connectedLoaded []store.Connection
	connectedTick   struct{ s *connectedScreen } // time to read them again
)

func (m connectedTick) ForScreen() Screen { return m.s }

// NewConnectedScreen is « Connectés ».
func NewConnectedScreen(c *Common) Screen {
	return &connectedScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome, keys: newListKeys(), tbl: newTable(newListKeys()),
		back: binding([]string{"esc"}, "esc", "retour")}
}

func (s *connectedScreen) load() tea.Cmd {
	st, sess := s.c.Store, s.c.Session
	return ask(s, func() (connectedLoaded, error) { return st.Connected(sess) })
}

// reload reads the connections now and again in connectedRefresh.
func (s *connectedScreen) reload() tea.Cmd {
	return tea.Batch(s.load(), tea.Tick(connectedRefresh, func(time.Time) tea.Msg { return connectedTick{s} }))
}

func (s *connectedScreen) Init() tea.Cmd { return s.reload() }

func (s *connectedScreen) SetSize(w, h int) { s.width, s.height = w, h }
func (s *connectedScreen) Title() string    { return "Connectés" }
func (s *connectedScreen) Capturing() bool  { return false }
func (s *connectedScreen) Dirty() bool      { return false }
func (s *connectedScreen) Keys() help.KeyMap {
	return keyMap{short: []key.Binding{s.keys.Up, s.keys.Down, s.back}, full: [][]key.Binding{{s.keys.Up, s.keys.Down, s.keys.PageUp, s.keys.PageDown, s.back}}}
}

func (s *connectedScreen) Status() string {
	if !s.loaded {
		return ""
	}
	return fmt.Sprintf("%d session(s) ouverte(s)", len(s.conns))
}

func (s *connectedScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[connectedLoaded]:
		s.loaded = true
		if msg.err != nil {
			return s, keepErr(&s.err, msg.err)
		}
		s.err, s.conns = "", msg.val
		s.tbl.SetLen(len(s.conns))
	case connectedTick:
		return s, s.reload()
	case StoreEventMsg:
		return s, s.load()
	case tea.KeyMsg:
		if key.Matches(msg, s.back) {
			return s, closeScreen(s)
		}
		s.tbl.Move(msg)
	}
	return s, nil
}

func (s *connectedScreen) View() string {
	st := s.c.Styles
	lines := []string{"", "  " + st.Title.Render("Connectés à fichier serve, dans votre périmètre"), ""}
	// say is a message in place of the table, wrapped to the width.
	say := func(style lipgloss.Style, text string) string {
		for _, l := range wrapText(text, s.width-2) {
			lines = append(lines, "  "+style.Render(l))
		}
		return strings.Join(lines, "\n")
	}
	switch {
	case s.err != "":
		return say(st.Error, s.err)
	case !s.loaded:
		return say(st.Muted, "chargement…")
	case len(s.conns) == 0:
		return say(st.Muted, "Personne n'est connecté par SSH (le fichier n'est peut-être pas servi).")
	}
	lines = append(lines, "  "+st.Label.Render(fmt.Sprintf("%-12s %-16s %-13s %s", "Identifiant", "Niveau", "Depuis", "Adresse · accès")))
	s.tbl.SetHeight(max(s.height-len(lines), 1))
	now := s.c.Now()
	for _, i := range s.tbl.Window() {
		c := s.conns[i]
		where := "national"
		if c.Scope.Level() != model.LevelNational {
			where = leafName(s.c.Store.Describe(c.Scope))
		}
		since := c.Since.Format("15:04") + " (" + shortDuration(now.Sub(c.Since)) + ")"
		line := padRight(fit(model.StripControl(c.Username), 12), 12) + " " + padRight(fit(model.StripControl(where), 16), 16) + " " +
			padRight(since, 13) + " " + c.From + " · " + c.Method
		line = fit(line, max(s.width-4, 1))
		if i == s.tbl.Selected() {
			line = st.Selected.Render(line)
		}
		lines = append(lines, "  "+line)
	}
	return strings.Join(lines, "\n")
}

// shortDuration is "3 min", "2 h 05", "45 s".
func shortDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	}
	return fmt.Sprintf("%d h %02d", int(d.Hours()), int(d.Minutes())%60)
}
