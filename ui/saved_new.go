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
	savedNames []string // the names already taken
	querySaved string   // the name the query was saved under
)

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
	st, sess := s.c.Store, s.c.Session
	return ask(s, func() (savedNames, error) {
		list, err := st.SavedQueries(sess)
		names := make(savedNames, len(list))
		for i, q := range list {
			names[i] = q.Name
		}
		return names, err
	})
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
	case reply[savedNames]:
		if msg.err != nil {
			return s, func() tea.Msg { return ErrMsg{msg.err} }
		}
		for _, n := range msg.val {
			s.taken[n] = true
		}
	case reply[querySaved]:
		s.busy = false
		if msg.err != nil {
			s.err = msg.err.Error()
			return s, nil
		}
		return s, tea.Batch(closeScreen(s), Flash("Recherche « "+string(msg.val)+" » enregistrée (L pour la rappeler)", false))
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
			st, sess, q := s.c.Store, s.c.Session, s.query
			return s, ask(s, func() (querySaved, error) { return querySaved(name), st.SaveQuery(sess, name, q) })
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
