package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// newRoundScreen starts a phone round on the list's query (r in the list):
// a name, a script, up to three questions, the cooldown and the maximum
// tries; it shows how many people the round will call and how many are
// left aside.
type newRoundScreen struct {
	c      *Common
	query  string
	plan   store.RoundPlan
	planOK bool
	form   dialogForm // newRoundLabels; enter creates the round from any field
	busy   bool
	width  int
	height int
	keys   keyMap
}

var newRoundLabels = []struct{ label, hint string }{
	{"Nom", "ex. Hôpital Sud, réunion du 12"},
	{"Script", "ce qu'on dit, ce qu'on demande"},
	{"Question 1", "« Vient le 12 ? » oui/non · « Pétition ? signe / refuse » · « Remarques … » texte"},
	{"Question 2", ""},
	{"Question 3", ""},
	{"Rappeler après", "heures sans réponse avant de rappeler"},
	{"Essais au plus", "appels sans réponse avant d'abandonner"},
}

const (
	nrName = iota
	nrScript
	nrQ1
	nrQ2
	nrQ3
	nrCooldown
	nrTries
)

// The answers the new round's screen waits for: who the round will call,
// then the round created.
type (
	roundPlanned store.RoundPlan
	roundCreated model.Round
)

func newNewRoundScreen(c *Common, q string) *newRoundScreen {
	s := &newRoundScreen{c: c, query: q, width: defaultWidth, height: defaultHeight - Chrome}
	fields := make([]dialogField, len(newRoundLabels))
	for i, l := range newRoundLabels {
		limit := model.MaxName
		if i == nrScript {
			limit = 2000
		}
		fields[i] = dialogField{label: l.label, input: newInput(c.Styles, l.hint, limit)}
	}
	s.form = newDialogForm(15, fields...)
	s.form.setValue(nrCooldown, strconv.Itoa(int(model.DefaultCooldown/time.Hour)))
	s.form.setValue(nrTries, strconv.Itoa(model.DefaultMaxTries))
	s.keys = keyMap{short: []key.Binding{
		binding([]string{"enter"}, "entrée", "lancer le rappel"),
		binding([]string{"tab", "shift+tab"}, "tab", "champ suivant"),
		binding([]string{"esc"}, "esc", "annuler"),
	}}
	s.keys.full = [][]key.Binding{s.keys.short}
	return s
}

// newDuesRoundScreen is a phone round on the adherents behind with their
// cotisations, prefilled with a name and a script the caller reads; the
// amount and period due are on each person's cotisations screen.
func newDuesRoundScreen(c *Common, year int) *newRoundScreen {
	s := newNewRoundScreen(c, relanceQuery)
	s.form.setValue(nrName, fmt.Sprintf("Relance cotisations %d", year))
	s.form.setValue(nrScript, "Bonjour, je vous appelle de la section au sujet de votre cotisation : "+
		"elle n'est plus à jour depuis quelques mois (montant et période sur l'écran Cotisations). "+
		"Pouvez-vous la régler, ou passer au prélèvement ?")
	return s
}

func (s *newRoundScreen) parsed() (*query.Query, error) { return query.Parse(s.query) }

func (s *newRoundScreen) Init() tea.Cmd {
	st, sess := s.c.Store, s.c.Session
	q, err := s.parsed()
	return ask(s, func() (roundPlanned, error) {
		if err != nil {
			return roundPlanned{}, err
		}
		plan, err := st.PlanRound(sess, q)
		return roundPlanned(plan), err
	})
}

func (s *newRoundScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.form.setWidth(clamp(w-22, 10, 55))
}
func (s *newRoundScreen) Title() string     { return "Nouveau rappel" }
func (s *newRoundScreen) Status() string    { return "" }
func (s *newRoundScreen) Keys() help.KeyMap { return s.form.keys(s.keys) }
func (s *newRoundScreen) Capturing() bool   { return true }
func (s *newRoundScreen) Dirty() bool       { return s.form.changed() }

func (s *newRoundScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[roundPlanned]:
		if msg.err != nil {
			return s, keepErr(&s.form.err, msg.err)
		}
		s.plan, s.planOK = store.RoundPlan(msg.val), true
	case reply[roundCreated]:
		s.busy = false
		if msg.err != nil {
			return s, keepErr(&s.form.err, msg.err)
		}
		r := model.Round(msg.val)
		return s, tea.Sequence(closeScreen(s), Push(newCallScreen(s.c, r)),
			Flash(fmt.Sprintf("Rappel « %s » lancé", r.Name), false))
	case tea.KeyMsg:
		if s.busy {
			return s, nil
		}
		if leave, used := s.form.escape(msg); used {
			if leave {
				return s, closeScreen(s)
			}
			return s, nil
		}
		if msg.String() == "enter" {
			return s, s.create()
		}
		cmd, _ := s.form.key(msg)
		return s, cmd
	}
	return s, nil
}

// round reads the form into a round, or says what is wrong.
func (s *newRoundScreen) round() (model.Round, error) {
	r := model.Round{Name: s.form.value(nrName), Script: s.form.value(nrScript), Query: s.query}
	for _, i := range []int{nrQ1, nrQ2, nrQ3} {
		if q, ok := model.ParseQuestion(s.form.value(i)); ok {
			r.Questions = append(r.Questions, q)
		}
	}
	hours, err := strconv.Atoi(strings.TrimSpace(s.form.value(nrCooldown)))
	if err != nil || hours < 1 || hours > 720 {
		return r, fmt.Errorf("rappeler après : un nombre d'heures entre 1 et 720")
	}
	r.Cooldown = time.Duration(hours) * time.Hour
	if r.MaxTries, err = strconv.Atoi(strings.TrimSpace(s.form.value(nrTries))); err != nil || r.MaxTries < 1 {
		return r, fmt.Errorf("essais au plus : un nombre entre 1 et 20")
	}
	return r, model.CheckRound(&r)
}

func (s *newRoundScreen) create() tea.Cmd {
	r, err := s.round()
	if err == nil && s.planOK && len(s.plan.Targets) == 0 {
		err = fmt.Errorf("personne à appeler dans cette recherche")
	}
	if err != nil {
		s.form.err = err.Error()
		return nil
	}
	q, err := s.parsed()
	if err != nil {
		s.form.err = err.Error()
		return nil
	}
	s.busy, s.form.err = true, ""
	st, sess := s.c.Store, s.c.Session
	return ask(s, func() (roundCreated, error) {
		out, err := st.CreateRound(sess, r, q)
		return roundCreated(out), err
	})
}

func (s *newRoundScreen) View() string {
	st := s.c.Styles
	lines := []string{"", "  " + st.Title.Render("Nouveau rappel"), "",
		infoRow(st, "Recherche", 15, "/"+ficheClean(s.query))}
	if s.planOK {
		lines = append(lines, infoRow(st, "À appeler", 15,
			st.Title.Render(FormatCount(len(s.plan.Targets))+" "+plural(len(s.plan.Targets), "personne", "personnes"))+
				st.Muted.Render(fmt.Sprintf("  (de côté : %d sans téléphone, %d ne pas appeler, %d décédées)", s.plan.NoPhone, s.plan.DoNotCall, s.plan.Deceased))))
	} else {
		lines = append(lines, "  "+st.Muted.Render("comptage…"))
	}
	lines = append(lines, "")
	for i, f := range s.form.fields {
		mark := "  "
		if i == s.form.focus {
			mark = "▸ "
		}
		lines = append(lines, mark+st.Label.Render(padRight(f.label, 15))+" "+f.input.View())
	}
	lines = append(lines, "")
	switch {
	case s.form.err != "":
		lines = append(lines, "  "+st.Error.Render(model.StripControl(s.form.err)))
	case s.busy:
		lines = append(lines, "  "+st.Warning.Render("création…"))
	default:
		lines = append(lines, "  "+st.Muted.Render(newRoundLabels[nrQ1].hint))
	}
	for i, l := range lines {
		lines[i] = fit(l, s.width)
	}
	return strings.Join(lines, "\n")
}
