package ui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/export"
	"fichier/model"
)

// The Rappels screen's tools on one round: its results (b), its paper
// sheet (p), reading a filled sheet back (i), a caller account (a).

// rappelAskScreen asks one line of text, runs do with it in a command and
// shows the answer (or the error) until esc. Without a label it only shows
// its text, and x runs do.
type rappelAskScreen struct {
	c      *Common
	title  string
	label  string // "" = no input
	in     textinput.Model
	do     func(value string) (string, error)
	load   func() (string, error) // the text shown first (nil: none)
	busy   bool
	result string
	err    string
	width  int
	keys   keyMap
}

// rappelAnswer is the text do or load answered.
type rappelAnswer string

func newRappelAskScreen(c *Common, title, label, placeholder string, do func(string) (string, error)) *rappelAskScreen {
	s := &rappelAskScreen{c: c, title: title, label: label, do: do, width: defaultWidth}
	s.in = newInput(c.Styles, placeholder, 500)
	s.in.Focus()
	s.keys = keyMap{short: []key.Binding{binding([]string{"enter"}, "entrée", "valider"), binding([]string{"esc"}, "esc", "retour")}}
	if label == "" {
		s.keys.short[0] = binding([]string{"x"}, "x", "écrire en tableur")
	}
	s.keys.full = [][]key.Binding{s.keys.short}
	return s
}

func (s *rappelAskScreen) Init() tea.Cmd {
	if s.load == nil {
		return nil
	}
	return s.run(s.load)
}

// run does work in a command; the screen waits for its answer.
func (s *rappelAskScreen) run(work func() (string, error)) tea.Cmd {
	s.busy, s.err = true, ""
	return ask(s, func() (rappelAnswer, error) {
		text, err := work()
		return rappelAnswer(text), err
	})
}

func (s *rappelAskScreen) SetSize(w, h int) {
	s.width = w
	s.in.Width = clamp(w-24, 10, 56)
}
func (s *rappelAskScreen) Title() string     { return s.title }
func (s *rappelAskScreen) Status() string    { return "" }
func (s *rappelAskScreen) Keys() help.KeyMap { return s.keys }
func (s *rappelAskScreen) Capturing() bool   { return s.label != "" }
func (s *rappelAskScreen) Dirty() bool       { return false }

func (s *rappelAskScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[rappelAnswer]:
		s.busy = false
		if msg.err != nil {
			return s, keepErr(&s.err, msg.err)
		}
		if s.label == "" {
			s.result += "\n" + string(msg.val)
		} else {
			s.result = string(msg.val)
		}
		s.err = ""
	case tea.KeyMsg:
		if s.busy {
			return s, nil
		}
		v := strings.TrimSpace(s.in.Value())
		switch msg.String() {
		case "esc":
			return s, closeScreen(s)
		case "enter", "x":
			if s.label != "" && (msg.String() == "x" || v == "") {
				break
			}
			if s.label == "" && msg.String() == "enter" {
				return s, nil
			}
			if s.label != "" {
				s.result = ""
			}
			do := s.do
			return s, s.run(func() (string, error) { return do(v) })
		}
		if s.label == "" {
			return s, nil
		}
		var cmd tea.Cmd
		s.in, cmd = s.in.Update(msg)
		return s, cmd
	}
	return s, nil
}

func (s *rappelAskScreen) View() string {
	st := s.c.Styles
	lines := []string{"", "  " + st.Title.Render(s.title), ""}
	if s.label != "" {
		lines = append(lines, "▸ "+st.Key.Render(padRight(s.label, 14))+" "+s.in.View(), "")
	}
	switch {
	case s.busy:
		lines = append(lines, "  "+st.Warning.Render("en cours…"))
	case s.err != "":
		lines = append(lines, "  "+st.Error.Render(model.StripControl(s.err)))
	}
	for _, l := range strings.Split(s.result, "\n") {
		if l != "" {
			lines = append(lines, "  "+model.StripControl(l))
		}
	}
	for i, l := range lines {
		lines[i] = fit(l, s.width)
	}
	return strings.Join(lines, "\n")
}

// paperImport reads a filled sheet back into round r.
func paperImport(c *Common, r model.Round) func(string) (string, error) {
	return func(path string) (string, error) {
		t, err := export.ReadTable(path)
		if err != nil {
			return "", err
		}
		rep, err := export.ReadPaper(c.Store, c.Session, r.ID, t)
		if err != nil {
			return "", err
		}
		out := fmt.Sprintf("%d %s, %d sans résultat (pas appelées), %d %s.", rep.Recorded,
			plural(rep.Recorded, "appel enregistré", "appels enregistrés"), rep.Blank, len(rep.Rejected), plural(len(rep.Rejected), "ligne refusée", "lignes refusées"))
		for _, rj := range rep.Rejected {
			out += fmt.Sprintf("\nligne %d (ID %s) : %s", rj.Line, rj.ID, rj.Reason)
		}
		return out, nil
	}
}

// callerAccount creates a caller account for round r from "Prénom Nom".
func callerAccount(c *Common, r model.Round) func(string) (string, error) {
	return func(name string) (string, error) {
		first, last, ok := strings.Cut(name, " ")
		if !ok {
			return "", fmt.Errorf("écrivez le prénom puis le nom")
		}
		u, pw, err := c.Store.CreateCaller(c.Session, r.ID, first, last)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Compte d'appelant créé pour « %s » seulement.\nIdentifiant : %s\nMot de passe : %s\n"+
			"(provisoire : à changer à la première connexion)\nCe compte ne voit que les personnes de la campagne :\nni liste, ni recherche, ni export.", r.Name, u.Username, pw), nil
	}
}

// writeRappelFile writes a round's results (summary) or its paper sheet to
// the home folder and says where.
func writeRappelFile(c *Common, r model.Round, summary bool) (string, error) {
	now := c.Now()
	if summary {
		path, err := export.WriteSummary(c.Store, c.Session, r.ID, export.XLSX, export.SummaryPath("", &r, export.XLSX, now))
		return "Bilan écrit : " + path, err
	}
	res, err := export.WritePaper(context.Background(), c.Store, c.Session,
		export.PaperRequest{Round: r.ID, Format: export.XLSX, Path: export.PaperPath("", &r, export.XLSX, now)})
	return fmt.Sprintf("Feuille papier écrite (%d personnes) : %s", res.Rows, res.Path), err
}

// summaryText is a round's results as text, for the bilan screen.
func summaryText(c *Common, r model.Round) (string, error) {
	_, sum, err := export.Summary(c.Store, c.Session, r.ID)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, l := range sum.Lines(&r) {
		fmt.Fprintf(&b, "%-44s %s\n", l[0], l[1])
	}
	return b.String(), nil
}
