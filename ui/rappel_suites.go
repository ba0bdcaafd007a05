package ui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/store"
)

// followUpsScreen is the organisers' to-do list of "suites à donner" left
// by callers; t marks one handled, entrée opens the fiche.
type followUpsScreen struct {
	storeList[store.FollowUp]
	keys followUpsKeys
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

// followUpHandled is the answer to t: the suite à donner is marked handled.
type followUpHandled struct{}

func newFollowUpsScreen(c *Common) *followUpsScreen {
	s := &followUpsScreen{}
	s.storeList = newStoreList(c, s, 4, (*store.Store).FollowUps)
	s.keys = followUpsKeys{
		list:    newListKeys(),
		Open:    binding([]string{"enter"}, "entrée", "ouvrir la fiche"),
		Handled: binding([]string{"t"}, "t", "marquer traitée"),
		Back:    binding([]string{"esc"}, "esc", "retour"),
	}
	return s
}

func (s *followUpsScreen) Title() string     { return "Suites à donner (rappels)" }
func (s *followUpsScreen) Keys() help.KeyMap { return s.keys }
func (s *followUpsScreen) Status() string    { return s.count("suite à donner", "suites à donner") }

func (s *followUpsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if cmd, done := s.update(msg); done {
		return s, cmd
	}
	switch msg := msg.(type) {
	case reply[followUpHandled]:
		if msg.err != nil {
			return s, tea.Batch(errCmd(msg.err), Flash(msg.err.Error(), true))
		}
		return s, tea.Batch(s.load(), Flash("Suite à donner marquée traitée", false))
	case tea.KeyMsg:
		it := s.selected()
		switch {
		case key.Matches(msg, s.keys.Back):
			return s, closeScreen(s)
		case key.Matches(msg, s.keys.Open) && it != nil:
			return s, Push(NewFicheScreen(s.c, it.Call.Person))
		case key.Matches(msg, s.keys.Handled) && it != nil:
			st, sess, id := s.c.Store, s.c.Session, it.Call.ID
			return s, ask(s, func() (followUpHandled, error) { return followUpHandled{}, st.MarkFollowUpDone(sess, id) })
		}
	}
	return s, nil
}

func (s *followUpsScreen) View() string {
	st := s.c.Styles
	head := []string{"", "  " + st.Title.Render("Suites à donner"), ""}
	nameW := clamp(s.width/4, 10, 24)
	return s.view(head, "Rien à faire : aucun appelant n'a laissé de suite à donner.", func(it *store.FollowUp) string {
		return it.Call.At.Format("02/01") + "  " + cell(ficheClean(it.Name), nameW) + "  " + ficheClean(it.Call.FollowUp) +
			st.Muted.Render("  ("+ficheClean(it.Call.Caller)+" · "+ficheClean(it.Round)+")")
	})
}
