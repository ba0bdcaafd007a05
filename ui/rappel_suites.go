package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/store"
)

// followUpsScreen is the organisers' to-do list of "suites à donner" left
// by callers; t marks one handled, entrée opens the fiche.
type followUpsScreen struct {
	c      *Common
	items  []store.FollowUp
	loaded bool
	gate   loadGate
	tab    table
	width  int
	height int
	keys   followUpsKeys
}

type followUpsKeys struct {
	list                listKeys
	Open, Handled, Back key.Binding
}

func (k followUpsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Handled, k.Open, k.Back, arrowsHelp}
}
func (k followUpsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.list.moves(), {k.Handled, k.Open, k.Back}}
}

type (
	followUpsMsg struct {
		s     *followUpsScreen
		items []store.FollowUp
		err   error
	}
	followUpDoneMsg struct {
		s   *followUpsScreen
		err error
	}
)

func (m followUpsMsg) ForScreen() Screen    { return m.s }
func (m followUpDoneMsg) ForScreen() Screen { return m.s }

func newFollowUpsScreen(c *Common) *followUpsScreen {
	s := &followUpsScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome, tab: newTable(newListKeys())}
	s.keys = followUpsKeys{
		list:    newListKeys(),
		Open:    binding([]string{"enter"}, "entrée", "ouvrir la fiche"),
		Handled: binding([]string{"t"}, "t", "marquer traitée"),
		Back:    binding([]string{"esc"}, "esc", "retour"),
	}
	return s
}

func (s *followUpsScreen) load() tea.Cmd {
	if !s.gate.start() {
		return nil
	}
	st, sess, me := s.c.Store, s.c.Session, s
	return func() tea.Msg {
		items, err := st.FollowUps(sess)
		return followUpsMsg{s: me, items: items, err: err}
	}
}

func (s *followUpsScreen) Init() tea.Cmd { return s.load() }
func (s *followUpsScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.tab.SetHeight(max(h-4, 1))
}
func (s *followUpsScreen) Title() string     { return "Suites à donner (rappels)" }
func (s *followUpsScreen) Keys() help.KeyMap { return s.keys }
func (s *followUpsScreen) Capturing() bool   { return false }
func (s *followUpsScreen) Dirty() bool       { return false }
func (s *followUpsScreen) Status() string {
	if !s.loaded {
		return "chargement…"
	}
	return FormatCount(len(s.items)) + " " + plural(len(s.items), "suite à donner", "suites à donner")
}

func (s *followUpsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case followUpsMsg:
		again := s.gate.done()
		if msg.err != nil {
			return s, tea.Batch(errCmd(msg.err), Flash(msg.err.Error(), true))
		}
		s.items, s.loaded = msg.items, true
		texts := make([]string, len(s.items))
		for i, it := range s.items {
			texts[i] = it.Name + " " + it.Call.FollowUp
		}
		s.tab.SetTexts(texts)
		if again {
			return s, s.load()
		}
	case followUpDoneMsg:
		if msg.err != nil {
			return s, tea.Batch(errCmd(msg.err), Flash(msg.err.Error(), true))
		}
		return s, tea.Batch(s.load(), Flash("Suite à donner marquée traitée", false))
	case StoreEventMsg:
		return s, s.load()
	case tea.KeyMsg:
		if s.tab.Move(msg) {
			return s, nil
		}
		i := s.tab.Selected()
		switch {
		case key.Matches(msg, s.keys.Back):
			return s, closeScreen(s)
		case key.Matches(msg, s.keys.Open) && i >= 0:
			return s, Push(NewFicheScreen(s.c, s.items[i].Call.Person))
		case key.Matches(msg, s.keys.Handled) && i >= 0:
			st, sess, me, id := s.c.Store, s.c.Session, s, s.items[i].Call.ID
			return s, func() tea.Msg { return followUpDoneMsg{s: me, err: st.MarkFollowUpDone(sess, id)} }
		}
	}
	return s, nil
}

func (s *followUpsScreen) View() string {
	st := s.c.Styles
	lines := []string{"", "  " + st.Title.Render("Suites à donner"), ""}
	if s.loaded && len(s.items) == 0 {
		lines = append(lines, "  "+st.Muted.Render("Rien à faire : aucun appelant n'a laissé de suite à donner."))
	}
	nameW := clamp(s.width/4, 10, 24)
	lines = append(lines, s.tab.Lines(st, func(i int) string {
		it := s.items[i]
		return it.Call.At.Format("02/01") + "  " + cell(ficheClean(it.Name), nameW) + "  " + ficheClean(it.Call.FollowUp) +
			st.Muted.Render("  ("+ficheClean(it.Call.Caller)+" · "+ficheClean(it.Round)+")")
	})...)
	for i, l := range lines {
		lines[i] = fit(l, s.width)
	}
	return strings.Join(lines, "\n")
}
