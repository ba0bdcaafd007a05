package ui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/export"
	"fichier/model"
	"fichier/store"
)

// relanceScreen lists the adherents behind (computed status) with how much
// they owe and since when (b from screen 4), and exports the neutral
// relance file (x: by courriel to who accepts it, else by courrier).
//
// The phone round on them (the rappel issue) is not wired yet: the rounds
// are not on main.
type relanceScreen struct {
	c      *Common
	width  int
	height int
	keys   relanceKeys
	tab    table

	lines   []store.BehindLine
	total   model.Cents
	loaded  bool
	loading bool
	err     string
}

type relanceKeys struct {
	list                               listKeys
	Open, Export, Rappel, Reload, Back key.Binding
}

func (k relanceKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Export, k.Rappel, k.Back}
}
func (k relanceKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.list.Up, k.list.Down, k.list.PageUp, k.list.PageDown}, {k.Open, k.Export, k.Rappel, k.Reload, k.Back}}
}

// relanceQuery is the search behind the reminders: the adherents the dues
// rule says are behind (the same rule as the list above).
const relanceQuery = "type:adhérent cotisation:retard"

type (
	relanceLoadedMsg struct {
		s     *relanceScreen
		lines []store.BehindLine
		err   error
	}
	relanceExportedMsg struct {
		s        *relanceScreen
		res      export.Result
		excluded string
		err      error
	}
)

func (m relanceLoadedMsg) ForScreen() Screen   { return m.s }
func (m relanceExportedMsg) ForScreen() Screen { return m.s }

func newRelanceScreen(c *Common) *relanceScreen {
	s := &relanceScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome, tab: newTable(newListKeys())}
	s.keys = relanceKeys{
		list:   newListKeys(),
		Open:   binding([]string{"c"}, "c", "cotisations"),
		Export: binding([]string{"x"}, "x", "exporter la relance"),
		Rappel: binding([]string{"r"}, "r", "rappel téléphonique"),
		Reload: binding([]string{"ctrl+r"}, "ctrl+r", "recalculer"),
		Back:   binding([]string{"esc"}, "esc", "retour"),
	}
	return s
}

func (s *relanceScreen) Init() tea.Cmd { return s.load() }

func (s *relanceScreen) load() tea.Cmd {
	s.loading = true
	st, sess, me := s.c.Store, s.c.Session, s
	return func() tea.Msg {
		lines, err := st.DuesBehind(sess)
		return relanceLoadedMsg{s: me, lines: lines, err: err}
	}
}

func (s *relanceScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.tab.SetHeight(max(h-5, 1))
}
func (s *relanceScreen) Title() string     { return "Relances de cotisation" }
func (s *relanceScreen) Keys() help.KeyMap { return s.keys }
func (s *relanceScreen) Capturing() bool   { return false }
func (s *relanceScreen) Dirty() bool       { return false }
func (s *relanceScreen) Status() string {
	if !s.loaded {
		return ""
	}
	return fmt.Sprintf("%s %s · dû %s", FormatCount(len(s.lines)), plural(len(s.lines), "adhérent à relancer", "adhérents à relancer"), model.FormatCents(s.total))
}

func (s *relanceScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case relanceLoadedMsg:
		s.loading = false
		if msg.err != nil {
			s.err = msg.err.Error()
			return s, errCmd(msg.err)
		}
		s.lines, s.loaded, s.err, s.total = msg.lines, true, "", 0
		for _, l := range s.lines {
			s.total += l.Arrears.Due
		}
		s.tab.SetLen(len(s.lines))
		return s, nil
	case relanceExportedMsg:
		if msg.err != nil {
			return s, tea.Batch(errCmd(msg.err), Flash(msg.err.Error(), true))
		}
		text := fmt.Sprintf("Relance exportée (%d courriels, %d courriers) : %s", msg.res.PerSheet[0], msg.res.PerSheet[1], msg.res.Path)
		if msg.excluded != "" {
			text += " · sans : " + msg.excluded
		}
		return s, Flash(text, false)
	case StoreEventMsg:
		return s, s.load()
	case tea.KeyMsg:
		if s.tab.Move(msg) {
			return s, nil
		}
		k := s.keys
		switch {
		case key.Matches(msg, k.Back):
			return s, closeScreen(s)
		case key.Matches(msg, k.Reload):
			return s, s.load()
		case key.Matches(msg, k.Open):
			if i := s.tab.Selected(); i >= 0 {
				return s, Push(NewCotisationsScreen(s.c, s.lines[i].Person.ID))
			}
		case key.Matches(msg, k.Rappel):
			if !s.c.User.Rights.Has(model.RightWrite) {
				return s, Flash("votre compte est en lecture seule : il ne peut pas lancer de rappel", true)
			}
			return s, Push(newDuesRoundScreen(s.c, s.c.Now().Year()))
		case key.Matches(msg, k.Export):
			if !s.c.User.Rights.Has(model.RightExport) {
				return s, Flash("votre compte n'a pas le droit d'export", true)
			}
			st, sess, me, now := s.c.Store, s.c.Session, s, s.c.Now()
			return s, func() tea.Msg {
				res, plan, err := export.WriteRelance(context.Background(), st, sess, export.XLSX, export.RelanceDefaultPath("", export.XLSX, now))
				msg := relanceExportedMsg{s: me, res: res, err: err}
				if plan != nil {
					msg.excluded = plan.ExclusionText()
				}
				return msg
			}
		}
	}
	return s, nil
}

func (s *relanceScreen) View() string {
	st := s.c.Styles
	w := s.width
	head := " " + st.Title.Render("Adhérents en retard ou n'ayant jamais cotisé")
	if s.loading {
		head += st.Muted.Render(" · calcul…")
	}
	out := []string{fit(head, w), ""}
	if s.err != "" {
		return strings.Join(append(out, "  "+st.Error.Render(model.StripControl(s.err))), "\n")
	}
	out = append(out, "  "+st.Label.Render(fit(s.row("Nom", "Retard", "Dû", "Depuis"), w-2)))
	if s.loaded && len(s.lines) == 0 {
		out = append(out, "  "+st.Muted.Render("personne à relancer : tous les adhérents sont à jour"))
	}
	out = append(out, s.tab.Lines(st, func(i int) string {
		l := &s.lines[i]
		due := "—"
		if l.Arrears.Due > 0 {
			due = model.FormatCents(l.Arrears.Due)
		}
		return fit(s.row(model.StripControl(l.Person.SortName()), l.Arrears.Status.Short(), due, l.Arrears.Since.Short()), w-2)
	})...)
	return strings.Join(out, "\n")
}

func (s *relanceScreen) row(name, status, due, since string) string {
	nameW := max(s.width-2-8-13-9-3, 10)
	return cell(name, nameW) + " " + cell(status, 8) + padLeft(due, 13) + "  " + cell(since, 9)
}
