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
	c      *Common
	rounds []store.RoundInfo
	loaded bool
	gate   loadGate
	tab    table
	width  int
	height int
	keys   rappelsKeys
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

type roundsMsg struct {
	s      *rappelsScreen
	rounds []store.RoundInfo
	err    error
}

func (m roundsMsg) ForScreen() Screen { return m.s }

// NewRappelsScreen is the list of phone rounds.
func NewRappelsScreen(c *Common) Screen {
	s := &rappelsScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome, tab: newTable(newListKeys())}
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

func (s *rappelsScreen) load() tea.Cmd {
	if !s.gate.start() {
		return nil
	}
	st, sess, me := s.c.Store, s.c.Session, s
	return func() tea.Msg {
		rounds, err := st.Rounds(sess)
		return roundsMsg{s: me, rounds: rounds, err: err}
	}
}

func (s *rappelsScreen) Init() tea.Cmd { return s.load() }
func (s *rappelsScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.tab.SetHeight(max(h-5, 1))
}
func (s *rappelsScreen) Title() string     { return "Rappels" }
func (s *rappelsScreen) Keys() help.KeyMap { return s.keys }
func (s *rappelsScreen) Capturing() bool   { return false }
func (s *rappelsScreen) Dirty() bool       { return false }
func (s *rappelsScreen) Status() string {
	if !s.loaded {
		return "chargement…"
	}
	return FormatCount(len(s.rounds)) + " " + plural(len(s.rounds), "campagne", "campagnes")
}

func (s *rappelsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case roundsMsg:
		again := s.gate.done()
		if msg.err != nil {
			return s, tea.Batch(errCmd(msg.err), Flash(msg.err.Error(), true))
		}
		s.rounds, s.loaded = msg.rounds, true
		names := make([]string, len(s.rounds))
		for i, r := range s.rounds {
			names[i] = r.Round.Name
		}
		s.tab.SetTexts(names)
		if again {
			return s, s.load()
		}
	case StoreEventMsg:
		return s, s.load()
	case tea.KeyMsg:
		if s.tab.Move(msg) {
			return s, nil
		}
		switch {
		case key.Matches(msg, s.keys.Back):
			return s, closeScreen(s)
		case key.Matches(msg, s.keys.FollowUps):
			return s, Push(newFollowUpsScreen(s.c))
		}
		i := s.tab.Selected()
		if i < 0 {
			return s, nil
		}
		r := s.rounds[i].Round
		switch {
		case key.Matches(msg, s.keys.Call):
			return s, Push(newCallScreen(s.c, r))
		case key.Matches(msg, s.keys.Summary):
			c := s.c
			bilan := newRappelAskScreen(c, "Bilan « "+r.Name+" »", "", "",
				func(string) (string, error) {
					msg := rappelFileCmd(c, r, true)().(FlashMsg)
					if msg.Err {
						return "", fmt.Errorf("%s", msg.Text)
					}
					return msg.Text, nil
				})
			bilan.load = func() (string, error) { return summaryText(c, r) }
			return s, Push(bilan)
		case key.Matches(msg, s.keys.Paper):
			if !s.c.User.Rights.Has(model.RightExport) {
				return s, Flash("votre compte n'a pas le droit d'export", true)
			}
			return s, rappelFileCmd(s.c, r, false)
		case key.Matches(msg, s.keys.ReadBack):
			return s, Push(newRappelAskScreen(s.c, "Relire la feuille de « "+r.Name+" »", "Fichier", "chemin du tableur rempli (xlsx ou CSV)", paperImport(s.c, r)))
		case key.Matches(msg, s.keys.Close):
			st, sess, closed := s.c.Store, s.c.Session, !r.Closed
			return s, func() tea.Msg {
				if err := st.CloseRound(sess, r.ID, closed); err != nil {
					return FlashMsg{Text: err.Error(), Err: true}
				}
				if closed {
					return FlashMsg{Text: "Campagne « " + r.Name + " » close"}
				}
				return FlashMsg{Text: "Campagne « " + r.Name + " » rouverte"}
			}
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
	st := s.c.Styles
	lines := []string{"", "  " + st.Title.Render("Campagnes de rappel"), ""}
	if s.loaded && len(s.rounds) == 0 {
		lines = append(lines, "  "+st.Muted.Render("Aucune campagne : dans la liste des fiches, cherchez, puis ctrl+r pour lancer un rappel."))
	}
	nameW := clamp(s.width/3, 10, 30)
	lines = append(lines, s.tab.Lines(st, func(i int) string {
		r := s.rounds[i]
		state := "ouverte"
		if r.Round.Closed {
			state = "close"
		}
		done := fmt.Sprintf("%s/%s", FormatCount(r.Progress.Done+r.Progress.Exhausted), FormatCount(r.Progress.Total))
		return cell(model.StripControl(r.Round.Name), nameW) + "  " + padRight(done, 13) + padRight(state, 8) + progressLine(r.Progress)
	})...)
	for i, l := range lines {
		lines[i] = fit(l, s.width)
	}
	return strings.Join(lines, "\n")
}
