package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
)

// saveQueryScreen names the list's current query and saves it for the
// responsable (store.SaveQuery).
type saveQueryScreen struct {
	c      *Common
	query  string
	form   dialogForm // the name
	taken  map[string]bool
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
	s.form = newDialogForm(12, dialogField{label: "Nom", input: newInput(c.Styles, "ex. adhérents Villeneuve sans téléphone", 60)})
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
	s.form.setWidth(clamp(w-26, 10, 50))
}
func (s *saveQueryScreen) Title() string     { return "Enregistrer la recherche" }
func (s *saveQueryScreen) Status() string    { return "" }
func (s *saveQueryScreen) Keys() help.KeyMap { return s.form.keys(s.keys) }
func (s *saveQueryScreen) Capturing() bool   { return true }
func (s *saveQueryScreen) Dirty() bool       { return s.form.changed() }

func (s *saveQueryScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[savedNames]:
		if msg.err != nil {
			return s, reportErr(msg.err)
		}
		for _, n := range msg.val {
			s.taken[n] = true
		}
	case reply[querySaved]:
		s.form.busy = false
		if msg.err != nil {
			s.form.err = msg.err.Error()
			return s, nil
		}
		return s, closeSaying(s, "Recherche « "+string(msg.val)+" » enregistrée (L pour la rappeler)")
	case tea.KeyMsg:
		if s.form.busy {
			return s, nil
		}
		if leave, used := s.form.escape(msg); used {
			if leave {
				return s, closeScreen(s)
			}
			return s, nil
		}
		if cmd, submit := s.form.key(msg); !submit {
			return s, cmd
		}
		name := strings.TrimSpace(model.StripControl(s.form.value(0)))
		if name == "" {
			s.form.refuse("donnez un nom à la recherche", 0)
			return s, nil
		}
		s.form.submitting()
		st, sess, q := s.c.Store, s.c.Session, s.query
		return s, ask(s, func() (querySaved, error) { return querySaved(name), st.SaveQuery(sess, name, q) })
	}
	return s, nil
}

func (s *saveQueryScreen) View() string {
	st := s.c.Styles
	lines := []string{
		"",
		"  " + st.Title.Render("Enregistrer la recherche"),
		"",
		infoRow(st, "Recherche", 12, "/"+model.StripControl(s.query)),
	}
	lines = append(append(lines, s.form.lines(st)...), "")
	name := strings.TrimSpace(s.form.value(0))
	switch {
	case s.form.busy || s.form.err != "":
		lines = append(lines, s.form.status(st, "enregistrement…", s.width)...)
	case s.taken[name]:
		lines = append(lines, "  "+st.Warning.Render("une recherche porte déjà ce nom : elle sera remplacée"))
	default:
		lines = append(lines, "  "+st.Muted.Render("Vous la retrouverez avec L dans la liste des fiches."))
	}
	return strings.Join(lines, "\n")
}
