package ui

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/export"
	"fichier/model"
	"fichier/store"
)

// relanceScreen lists the adherents behind (computed status) with how much
// they owe and since when (b from screen 4), and exports the neutral
// relance file (x: by courriel to who accepts it, else by courrier), or
// starts a phone round on them (r).
type relanceScreen struct {
	storeList[store.BehindLine]
	keys relanceKeys
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

func newRelanceScreen(c *Common) *relanceScreen {
	s := &relanceScreen{}
	s.storeList = newStoreList(c, s, 5, (*store.Store).DuesBehind)
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

func (s *relanceScreen) Title() string     { return "Relances de cotisation" }
func (s *relanceScreen) Keys() help.KeyMap { return s.keys }
func (s *relanceScreen) Status() string {
	if !s.loaded {
		return ""
	}
	var due model.Cents
	for i := range s.rows {
		due += s.rows[i].Arrears.Due
	}
	return fmt.Sprintf("%s %s · dû %s", FormatCount(len(s.rows)), plural(len(s.rows), "adhérent à relancer", "adhérents à relancer"), model.FormatCents(due))
}

func (s *relanceScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if cmd, done := s.update(msg); done {
		return s, cmd
	}
	if msg, ok := msg.(tea.KeyMsg); ok {
		return s, s.key(msg)
	}
	return s, nil
}

func (s *relanceScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Back):
		return closeScreen(s)
	case key.Matches(msg, k.Reload):
		return s.load()
	case key.Matches(msg, k.Open):
		if l := s.selected(); l != nil {
			return Push(NewCotisationsScreen(s.c, l.Person.ID))
		}
	case key.Matches(msg, k.Rappel):
		if !s.c.User.Rights.Has(model.RightWrite) {
			return Flash("votre compte est en lecture seule : il ne peut pas lancer de rappel", true)
		}
		return Push(newDuesRoundScreen(s.c, s.c.Now().Year()))
	case key.Matches(msg, k.Export):
		if !s.c.User.Rights.Has(model.RightExport) {
			return Flash("votre compte n'a pas le droit d'export", true)
		}
		st, sess, now := s.c.Store, s.c.Session, s.c.Now()
		return flashResult(func() (string, error) {
			res, plan, err := export.WriteRelance(context.Background(), st, sess, export.XLSX, export.RelanceDefaultPath("", export.XLSX, now))
			if err != nil {
				return "", err
			}
			text := fmt.Sprintf("Relance exportée (%d courriels, %d courriers) : %s", res.PerSheet[0], res.PerSheet[1], res.Path)
			if plan != nil && plan.ExclusionText() != "" {
				text += " · sans : " + plan.ExclusionText()
			}
			return text, nil
		})
	}
	return nil
}

func (s *relanceScreen) View() string {
	st := s.c.Styles
	w := s.width
	head := " " + st.Title.Render("Adhérents en retard ou n'ayant jamais cotisé")
	if s.gate.loading {
		head += st.Muted.Render(" · calcul…")
	}
	lines := []string{head, "", "  " + st.Label.Render(fit(s.row("Nom", "Retard", "Dû", "Depuis"), w-2))}
	return s.view(lines, "personne à relancer : tous les adhérents sont à jour", func(l *store.BehindLine) string {
		due := "—"
		if l.Arrears.Due > 0 {
			due = model.FormatCents(l.Arrears.Due)
		}
		return fit(s.row(model.StripControl(l.Person.SortName()), l.Arrears.Status.Short(), due, l.Arrears.Since.Short()), w-2)
	})
}

func (s *relanceScreen) row(name, status, due, since string) string {
	nameW := max(s.width-2-8-13-9-3, 10)
	return cell(name, nameW) + " " + cell(status, 8) + padLeft(due, 13) + "  " + cell(since, 9)
}
