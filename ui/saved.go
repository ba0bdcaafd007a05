package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
	"fichier/store"
)

// savedListScreen lists the responsable's saved searches; enter applies
// one to the list it was opened from.
type savedListScreen struct {
	c       *Common
	list    *listScreen
	items   []store.SavedQuery
	loaded  bool
	tab     table
	confirm string // name whose deletion waits for a second d
	width   int
	height  int
	keys    savedKeys
}

type savedKeys struct {
	list                 listKeys
	Apply, Delete, Close key.Binding
}

type (
	savedLoaded  []store.SavedQuery // the responsable's saved searches
	savedDeleted string             // the name of the one just deleted
)

func newSavedListScreen(c *Common, list *listScreen) *savedListScreen {
	s := &savedListScreen{c: c, list: list, width: defaultWidth, height: defaultHeight - Chrome, tab: newTable(newListKeys())}
	s.keys = savedKeys{
		list:   newListKeys(),
		Apply:  binding([]string{"enter"}, "entrée", "appliquer"),
		Delete: binding([]string{"d", "delete"}, "d", "supprimer"),
		Close:  binding([]string{"esc"}, "esc", "retour"),
	}
	return s
}

func (s *savedListScreen) load() tea.Cmd {
	st, sess := s.c.Store, s.c.Session
	return ask(s, func() (savedLoaded, error) { return st.SavedQueries(sess) })
}

func (s *savedListScreen) Init() tea.Cmd { return s.load() }
func (s *savedListScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.tab.SetHeight(s.rowsHeight())
}
func (s *savedListScreen) Title() string { return "Recherches enregistrées" }
func (s *savedListScreen) Keys() help.KeyMap {
	return listHelp(s.keys.list, s.keys.Apply, s.keys.Delete, s.keys.Close)
}
func (s *savedListScreen) Capturing() bool { return false }
func (s *savedListScreen) Dirty() bool     { return false }
func (s *savedListScreen) rowsHeight() int { return max(s.height-5, 1) }
func (s *savedListScreen) selectedName() string {
	if i := s.tab.Selected(); i >= 0 {
		return s.items[i].Name
	}
	return ""
}

func (s *savedListScreen) Status() string {
	if !s.loaded {
		return "chargement…"
	}
	return FormatCount(len(s.items)) + " " + plural(len(s.items), "recherche enregistrée", "recherches enregistrées")
}

func (s *savedListScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[savedLoaded]:
		if msg.err != nil {
			return s, reportErr(msg.err)
		}
		s.items, s.loaded = msg.val, true
		names := make([]string, len(s.items))
		for i, it := range s.items {
			names[i] = it.Name
		}
		s.tab.SetTexts(names)
	case reply[savedDeleted]:
		if msg.err != nil {
			return s, reportErr(msg.err)
		}
		return s, tea.Batch(s.load(), Flash("Recherche « "+string(msg.val)+" » supprimée", false))
	case tea.KeyMsg:
		k := s.keys
		wasConfirm := s.confirm
		s.confirm = ""
		if s.tab.Move(msg) {
			return s, nil
		}
		switch {
		case key.Matches(msg, k.Close):
			return s, closeScreen(s)
		case key.Matches(msg, k.Apply):
			if i := s.tab.Selected(); i >= 0 {
				q, list := s.items[i].Query, s.list
				return s, tea.Batch(closeScreen(s), func() tea.Msg { return applyQueryMsg{s: list, query: q} })
			}
		case key.Matches(msg, k.Delete):
			name := s.selectedName()
			if name == "" {
				return s, nil
			}
			if wasConfirm != name {
				s.confirm = name
				return s, nil
			}
			st, sess := s.c.Store, s.c.Session
			return s, ask(s, func() (savedDeleted, error) { return savedDeleted(name), st.DeleteQuery(sess, name) })
		}
	}
	return s, nil
}

func (s *savedListScreen) View() string {
	st := s.c.Styles
	lines := []string{"", "  " + st.Title.Render("Recherches enregistrées"), ""}
	if s.loaded && len(s.items) == 0 {
		lines = append(lines, "  "+st.Muted.Render("Aucune pour l'instant : filtrez la liste, puis ctrl+s pour l'enregistrer."))
	}
	nameW := 0
	for _, it := range s.items {
		nameW = max(nameW, len([]rune(it.Name)))
	}
	nameW = clamp(nameW, 8, max(s.width*2/3, 8)) // the name first: it is what the user chose
	s.tab.SetHeight(s.rowsHeight())
	lines = append(lines, s.tab.Lines(st, func(i int) string {
		it := s.items[i]
		return fit(cell(model.StripControl(it.Name), nameW)+"  /"+model.StripControl(it.Query), s.width-2)
	})...)
	if s.confirm != "" {
		lines = append(lines, "", "  "+st.Warning.Render("d encore une fois pour supprimer « "+model.StripControl(s.confirm)+" »"))
	}
	return strings.Join(lines, "\n")
}
