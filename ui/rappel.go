package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
	"fichier/store"
)

// rappelsScreen ("2 Rappels") lists the phone rounds with their progress;
// enter calls the selected round, s opens the "suites à donner".
type rappelsScreen struct {
	storeList[store.RoundInfo]
	keys rappelsKeys
}

type rappelsKeys struct {
	list                                    listKeys
	Call, FollowUps, Back                   key.Binding
	Summary, Paper, ReadBack, Caller, Close key.Binding
}

func (k rappelsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Call, k.FollowUps, k.Back, arrowsHelp}
}
func (k rappelsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.list.moves(), {k.Call, k.FollowUps, k.Back}, {k.Summary, k.Paper, k.ReadBack, k.Caller, k.Close}}
}

// NewRappelsScreen is the list of phone rounds.
func NewRappelsScreen(c *Common) Screen {
	s := &rappelsScreen{}
	s.storeList = newStoreList(c, s, 5, (*store.Store).Rounds)
	s.keys = rappelsKeys{
		list:      newListKeys(),
		Call:      binding([]string{"enter"}, "entrée", "appeler"),
		FollowUps: binding([]string{"s"}, "s", "suites à donner"),
		Back:      binding([]string{"esc"}, "esc", "retour"),
		Summary:   binding([]string{"b"}, "b", "bilan (x : en tableur)"),
		Paper:     binding([]string{"p"}, "p", "feuille papier (tableur)"),
		ReadBack:  binding([]string{"i"}, "i", "relire une feuille remplie"),
		Caller:    binding([]string{"a"}, "a", "compte d'appelant"),
		Close:     binding([]string{"f"}, "f", "fermer / rouvrir la campagne"),
	}
	return s
}

func (s *rappelsScreen) screenKey() string { return "2" }

func (s *rappelsScreen) Title() string     { return "Rappels" }
func (s *rappelsScreen) Keys() help.KeyMap { return s.keys }
func (s *rappelsScreen) Status() string    { return s.count("campagne", "campagnes") }

func (s *rappelsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if cmd, done := s.update(msg); done {
		return s, cmd
	}
	if msg, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(msg, s.keys.Back):
			return s, closeScreen(s)
		case key.Matches(msg, s.keys.FollowUps):
			return s, Push(newFollowUpsScreen(s.c))
		}
		sel := s.selected()
		if sel == nil {
			return s, nil
		}
		r := sel.Round
		switch {
		case key.Matches(msg, s.keys.Call):
			return s, Push(newCallScreen(s.c, r))
		case key.Matches(msg, s.keys.Summary):
			c := s.c
			bilan := newRappelAskScreen(c, "Bilan « "+r.Name+" »", "", "",
				func(string) (string, error) { return writeRappelFile(c, r, true) })
			bilan.load = func() (string, error) { return summaryText(c, r) }
			return s, Push(bilan)
		case key.Matches(msg, s.keys.Paper):
			if !s.c.User.Rights.Has(model.RightExport) {
				return s, Flash("votre compte n'a pas le droit d'export", true)
			}
			c := s.c
			return s, flashResult(func() (string, error) { return writeRappelFile(c, r, false) })
		case key.Matches(msg, s.keys.ReadBack):
			return s, Push(newRappelAskScreen(s.c, "Relire la feuille de « "+r.Name+" »", "Fichier", "chemin du tableur rempli (xlsx ou CSV)", paperImport(s.c, r)))
		case key.Matches(msg, s.keys.Close):
			st, sess, closed := s.c.Store, s.c.Session, !r.Closed
			done := "Campagne « " + r.Name + " » close"
			if !closed {
				done = "Campagne « " + r.Name + " » rouverte"
			}
			return s, flashResult(func() (string, error) { return done, st.CloseRound(sess, r.ID, closed) })
		case key.Matches(msg, s.keys.Caller):
			if !s.c.User.Rights.Has(model.RightManage) {
				return s, Flash("il faut le droit de nommer des responsables", true)
			}
			return s, Push(newRappelAskScreen(s.c, "Compte d'appelant pour « "+r.Name+" »", "Prénom Nom", "ex. Léa Bénévole", callerAccount(s.c, r)))
		}
	}
	return s, nil
}

// progressLine is a round's figures: "37/120 appelés · 21 joints · 3 faux numéro".
func progressLine(p store.Progress) string {
	parts := []string{fmt.Sprintf("%s/%s appelés", FormatCount(p.Called), FormatCount(p.Total))}
	for _, o := range model.Outcomes {
		if n := p.ByOutcome[o]; n > 0 {
			parts = append(parts, FormatCount(n)+" "+o.Label())
		}
	}
	return strings.Join(parts, " · ")
}

// progressBar draws done/total in w cells.
func progressBar(done, total, w int) string {
	if w < 3 {
		return ""
	}
	n := 0
	if total > 0 {
		n = done * w / total
	}
	return strings.Repeat("█", n) + strings.Repeat("░", w-n)
}

func (s *rappelsScreen) View() string {
	head := []string{"", "  " + s.c.Styles.Title.Render("Campagnes de rappel"), ""}
	nameW := clamp(s.width/3, 10, 30)
	return s.view(head, "Aucune campagne : dans la liste des fiches, cherchez, puis ctrl+r pour lancer un rappel.", func(r *store.RoundInfo) string {
		state := "ouverte"
		if r.Round.Closed {
			state = "close"
		}
		done := fmt.Sprintf("%s/%s", FormatCount(r.Progress.Done+r.Progress.Exhausted), FormatCount(r.Progress.Total))
		return cell(model.StripControl(r.Round.Name), nameW) + "  " + padRight(done, 13) + padRight(state, 8) + progressLine(r.Progress)
	})
}
