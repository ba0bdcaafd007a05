package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
)

// saveQueryScreen names the list's current query and saves it for the
// responsable (store.SaveQuery).
type saveQueryScreen struct {
	c      *Common
	query  string
	name   textinput.Model
	taken  map[string]bool
	busy   bool
	err    string
	width  int
	height int
	keys   keyMap
}

type (
	savedNamesMsg struct {
		s     *saveQueryScreen
		names []string
	}
	querySavedMsg struct {
		s    *saveQueryScreen
		name string
		err  error
	}
)

func (m savedNamesMsg) ForScreen() Screen { return m.s }
func (m querySavedMsg) ForScreen() Screen { return m.s }

func newSaveQueryScreen(c *Common, query string) *saveQueryScreen {
	s := &saveQueryScreen{c: c, query: query, taken: map[string]bool{}, width: defaultWidth}
	s.name = newInput(c.Styles, "ex. adhérents Villeneuve sans téléphone", 60)
	s.name.Focus()
	s.keys = keyMap{
		short: []key.Binding{binding([]string{"enter"}, "entrée", "enregistrer"), binding([]string{"esc"}, "esc", "annuler")},
	}
	s.keys.full = [][]key.Binding{s.keys.short}
	return s
}

func (s *saveQueryScreen) Init() tea.Cmd {
	st, sess, me := s.c.Store, s.c.Session, s
	return func() tea.Msg {
		list, err := st.SavedQueries(sess)
		if err != nil {
			return ErrMsg{err}
		}
		names := make([]string, len(list))
		for i, q := range list {
			names[i] = q.Name
		}
		return savedNamesMsg{s: me, names: names}
	}
}

func (s *saveQueryScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.name.Width = clamp(w-26, 10, 50)
}
func (s *saveQueryScreen) Title() string     { return "Enregistrer la recherche" }
func (s *saveQueryScreen) Status() string    { return "" }
func (s *saveQueryScreen) Keys() help.KeyMap { return s.keys }
func (s *saveQueryScreen) Capturing() bool   { return true }
func (s *saveQueryScreen) Dirty() bool       { return false }

func (s *saveQueryScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case savedNamesMsg:
		for _, n := range msg.names {
			s.taken[n] = true
		}
	case querySavedMsg:
		s.busy = false
		if msg.err != nil {
			s.err = msg.err.Error()
			return s, nil
		}
		return s, tea.Batch(closeScreen(s), Flash("Recherche « "+msg.name+" » enregistrée (L pour la rappeler)", false))
	case tea.KeyMsg:
		if s.busy {
			return s, nil
		}
		switch msg.String() {
		case "esc":
			return s, closeScreen(s)
		case "enter":
			name := strings.TrimSpace(model.StripControl(s.name.Value()))
			if name == "" {
				s.err = "donnez un nom à la recherche"
				return s, nil
			}
			s.busy, s.err = true, ""
			st, sess, me, q := s.c.Store, s.c.Session, s, s.query
			return s, func() tea.Msg {
				return querySavedMsg{s: me, name: name, err: st.SaveQuery(sess, name, q)}
			}
		}
		var cmd tea.Cmd
		s.name, cmd = s.name.Update(msg)
		s.err = ""
		return s, cmd
	}
	return s, nil
}

func (s *saveQueryScreen) View() string {
	st := s.c.Styles
	lines := []string{
		"",
		"  " + st.Title.Render("Enregistrer la recherche"),
		"",
		"  " + st.Label.Render(padRight("Recherche", 12)) + " /" + model.StripControl(s.query),
		"▸ " + st.Key.Render(padRight("Nom", 12)) + " " + s.name.View(),
		"",
	}
	name := strings.TrimSpace(s.name.Value())
	switch {
	case s.err != "":
		lines = append(lines, "  "+st.Error.Render(model.StripControl(s.err)))
	case s.busy:
		lines = append(lines, "  "+st.Warning.Render("enregistrement…"))
	case s.taken[name]:
		lines = append(lines, "  "+st.Warning.Render("une recherche porte déjà ce nom : elle sera remplacée"))
	default:
		lines = append(lines, "  "+st.Muted.Render("Vous la retrouverez avec L dans la liste des fiches."))
	}
	return strings.Join(lines, "\n")
}
