package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
	"fichier/store"
)

// callScreen is the caller's screen: one person at a time, given by the
// store's queue (never the person another caller holds). A digit 1–7 gives
// the outcome; then the call's details (which number, when to call back,
// answers, note, suite à donner) and enter records it and brings the next
// person. Leaving gives the person back to the queue.
type callScreen struct {
	c      *Common
	round  model.Round
	width  int
	height int

	asg     store.Assignment
	view    store.CallView
	loaded  bool
	seq     uint64
	outcome model.Outcome // chosen, details being filled (0 = choosing)
	fields  []callField
	focus   int
	busy    bool
	err     string
	flash   string
	info    store.Progress
	closing bool
	keys    callKeys
}

// callField is one detail of the call being recorded.
type callField struct {
	label string
	hint  string
	in    textinput.Model
	kind  callFieldKind
	q     int // question index
}

type callFieldKind uint8

const (
	cfWrongNumber callFieldKind = iota
	cfDay
	cfAfter
	cfAnswer
	cfNote
	cfFollowUp
)

type callKeys struct {
	Outcomes, Edit, Pause key.Binding
	Next, Save, Back, Tab key.Binding
	details               bool
}

func (k callKeys) ShortHelp() []key.Binding {
	if k.details {
		return []key.Binding{k.Save, k.Tab, k.Back}
	}
	return []key.Binding{k.Outcomes, k.Edit, k.Pause}
}
func (k callKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Outcomes, k.Edit, k.Pause}, {k.Save, k.Tab, k.Back}}
}

// The answers the caller's screen waits for.
type (
	// callTarget is the person to call and the round's progress; seq
	// drops an answer to an older request.
	callTarget struct {
		seq  uint64
		asg  store.Assignment
		view store.CallView
		info store.RoundInfo
	}
	callRecorded model.Call
)

func newCallScreen(c *Common, r model.Round) *callScreen {
	s := &callScreen{c: c, round: r, width: defaultWidth, height: defaultHeight - Chrome}
	s.keys = callKeys{
		Outcomes: binding([]string{"1", "2", "3", "4", "5", "6", "7"}, "1-7", "résultat"),
		Edit:     binding([]string{"e"}, "e", "modifier la fiche"),
		Pause:    binding([]string{"esc", "q"}, "esc", "pause"),
		Save:     binding([]string{"enter"}, "entrée", "enregistrer, personne suivante"),
		Tab:      binding([]string{"tab", "shift+tab"}, "tab", "champ suivant"),
		Back:     binding([]string{"esc"}, "esc", "changer le résultat"),
	}
	return s
}

func (s *callScreen) screenKey() string { return "2" }

// next asks the store for the person this caller holds or the next one due.
func (s *callScreen) next() tea.Cmd {
	s.seq++
	seq, st, sess, id := s.seq, s.c.Store, s.c.Session, s.round.ID
	return ask(s, func() (t callTarget, err error) {
		t.seq = seq
		if t.asg, err = st.NextTarget(sess, id); err != nil {
			return t, err
		}
		if t.asg.Person != 0 {
			if t.view, err = st.CallPerson(sess, id, t.asg.Person); err != nil {
				return t, err
			}
		}
		t.info, err = st.Round(sess, id)
		return t, err
	})
}

func (s *callScreen) Init() tea.Cmd { return s.next() }

func (s *callScreen) SetSize(w, h int) { s.width, s.height = w, h }

func (s *callScreen) Title() string {
	p := s.info
	reached := p.ByOutcome[model.OutcomeReached]
	return fmt.Sprintf("Rappel « %s » · %s/%s appelés · %s %s", ficheClean(s.round.Name),
		FormatCount(p.Called), FormatCount(p.Total), FormatCount(reached), plural(reached, "joint", "joints"))
}

func (s *callScreen) Status() string {
	if !s.loaded {
		return "chargement…"
	}
	return progressLine(s.info)
}

func (s *callScreen) Keys() help.KeyMap {
	s.keys.details = s.outcome != 0
	return s.keys
}

// Capturing is always true: the digits are the outcomes here, not screens
// (F1–F9 and ctrl+p still work).
func (s *callScreen) Capturing() bool { return true }
func (s *callScreen) Dirty() bool     { return false }

// leave gives the person back to the queue and closes the screen.
func (s *callScreen) leave() tea.Cmd {
	s.closing = true
	st, sess, id := s.c.Store, s.c.Session, s.round.ID
	return tea.Batch(closeScreen(s), func() tea.Msg { st.ReleaseTarget(sess, id); return nil })
}

func (s *callScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[callTarget]:
		if msg.val.seq != s.seq {
			return s, nil
		}
		if msg.err != nil {
			return s, keepErr(&s.err, msg.err)
		}
		t := msg.val
		s.asg, s.view, s.info, s.loaded = t.asg, t.view, t.info.Progress, true
		return s, nil
	case reply[callRecorded]:
		s.busy = false
		if msg.err != nil {
			return s, keepErr(&s.err, msg.err)
		}
		s.flash = "Appel enregistré : " + ficheClean(s.view.Person.FullName()) + " — " + msg.val.Outcome.Label() + "."
		s.outcome, s.fields, s.err = 0, nil, ""
		return s, s.next()
	case StoreEventMsg:
		// The fiche edited with e (or by someone else): read it again.
		if s.outcome == 0 && !s.busy && slices.Contains(msg.Event.Persons, s.asg.Person) && msg.Event.What != model.ActionCall {
			return s, s.next()
		}
		if !s.loaded || s.asg.Person == 0 {
			return s, s.next() // the queue may have moved (a call back is due)
		}
	case tea.KeyMsg:
		if s.closing || s.busy {
			return s, nil
		}
		if s.outcome != 0 {
			return s, s.detailKey(msg)
		}
		return s, s.outcomeKey(msg)
	}
	return s, nil
}

func (s *callScreen) outcomeKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.Pause):
		return s.leave()
	case s.asg.Person == 0:
		if msg.String() == "r" || msg.String() == "enter" {
			return s.next()
		}
	case key.Matches(msg, s.keys.Outcomes):
		o, _ := model.ParseOutcome(msg.String())
		s.choose(o)
		if len(s.fields) == 0 {
			return s.save()
		}
	case key.Matches(msg, s.keys.Edit):
		if s.c.User.Round != 0 || !s.c.User.Rights.Has(model.RightWrite) {
			return Flash("votre compte ne permet pas de modifier les fiches", true)
		}
		st, sess, id := s.c.Store, s.c.Session, s.asg.Person
		c := s.c
		return pushResult(func() (Screen, error) {
			p, err := st.Get(sess, id)
			if err != nil {
				return nil, err
			}
			return NewFormScreen(c, &p), nil
		})
	}
	return nil
}

// choose sets the outcome and the details it asks for.
func (s *callScreen) choose(o model.Outcome) {
	s.outcome, s.fields, s.focus, s.err, s.flash = o, nil, 0, "", ""
	add := func(kind callFieldKind, label, hint, placeholder string, limit int) *callField {
		f := callField{label: label, hint: hint, kind: kind, in: newInput(s.c.Styles, placeholder, limit)}
		s.fields = append(s.fields, f)
		return &s.fields[len(s.fields)-1]
	}
	p := &s.view.Person
	switch o {
	case model.OutcomeWrongNumber:
		switch {
		case p.Mobile != "" && p.Landline != "":
			add(cfWrongNumber, "Numéro faux", "m mobile, f fixe", "m ou f", 1)
		case p.Landline != "":
			add(cfWrongNumber, "Numéro faux", "le fixe", "", 1).in.SetValue("f")
		default:
			add(cfWrongNumber, "Numéro faux", "le mobile", "", 1).in.SetValue("m")
		}
	case model.OutcomeCallBack:
		add(cfDay, "Jour", "jj/mm ; vide : demain", "jj/mm", 10)
		add(cfAfter, "Après", "HH:MM ; vide : à toute heure", "HH:MM", 5)
	case model.OutcomeReached:
		for i, q := range s.round.Questions {
			f := add(cfAnswer, fmt.Sprintf("Question %d", i+1), q.Label+" — "+q.Hint(), q.Hint(), model.MaxShortAnswer)
			f.q = i
		}
	}
	add(cfNote, "Note", "pour les prochains appelants", "", model.MaxNote)
	add(cfFollowUp, "Suite à donner", "pour les organisateurs (veut adhérer, a déménagé…)", "", model.MaxNote)
	s.focusField(0)
}

func (s *callScreen) focusField(i int) {
	for j := range s.fields {
		if j == i {
			s.fields[j].in.Focus()
		} else {
			s.fields[j].in.Blur()
		}
	}
	s.focus = i
}

func (s *callScreen) detailKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		s.outcome, s.fields, s.err = 0, nil, ""
		return nil
	case "tab", "down":
		s.focusField((s.focus + 1) % len(s.fields))
		return nil
	case "shift+tab", "up":
		s.focusField((s.focus + len(s.fields) - 1) % len(s.fields))
		return nil
	case "enter":
		return s.save()
	}
	var cmd tea.Cmd
	s.fields[s.focus].in, cmd = s.fields[s.focus].in.Update(msg)
	s.err = ""
	return cmd
}

// buildCall reads the details into a call, or says what is wrong.
func (s *callScreen) buildCall() (model.Call, error) {
	c := model.Call{Round: s.round.ID, Person: s.asg.Person, Outcome: s.outcome}
	now := time.Now()
	if s.c.Now != nil {
		now = s.c.Now()
	}
	var day, at string
	for _, f := range s.fields {
		v := strings.TrimSpace(f.in.Value())
		switch f.kind {
		case cfWrongNumber:
			switch strings.ToLower(v) {
			case "m":
				c.WrongNumber = model.FieldMobile
			case "f":
				c.WrongNumber = model.FieldLandline
			default:
				return c, fmt.Errorf("numéro faux : m (mobile) ou f (fixe)")
			}
		case cfDay:
			day = v
		case cfAfter:
			at = v
		case cfAnswer:
			for len(c.Answers) < f.q {
				c.Answers = append(c.Answers, "")
			}
			c.Answers = append(c.Answers, v)
		case cfNote:
			c.Note = v
		case cfFollowUp:
			c.FollowUp = v
		}
	}
	if s.outcome == model.OutcomeCallBack {
		cb, err := model.ParseCallBack(day, at, now)
		if err != nil {
			return c, err
		}
		c.CallBackDay, c.CallBackAfter = cb.Day, cb.After
	}
	return c, nil
}

func (s *callScreen) save() tea.Cmd {
	c, err := s.buildCall()
	if err != nil {
		s.err = err.Error()
		return nil
	}
	s.busy, s.err = true, ""
	st, sess := s.c.Store, s.c.Session
	return ask(s, func() (callRecorded, error) {
		out, err := st.RecordCall(sess, c)
		return callRecorded(out), err
	})
}

func (s *callScreen) View() string {
	st := s.c.Styles
	w := s.width
	var lines []string
	add := func(l ...string) { lines = append(lines, l...) }
	switch {
	case !s.loaded:
		add("", "  "+st.Muted.Render("chargement…"))
	case s.asg.Person == 0:
		add("", "  "+st.Title.Render(s.asg.State.Why(s.now())), "",
			"  "+st.Muted.Render("r pour regarder à nouveau · esc pour revenir aux campagnes"))
	default:
		add(s.personLines()...)
	}
	if s.flash != "" {
		add("", "  "+st.Success.Render(model.StripControl(s.flash)))
	}
	if s.err != "" {
		add("", "  "+st.Error.Render(model.StripControl(s.err)))
	}
	// The progress bar and the outcome keys stay at the bottom.
	body := lines
	foot := []string{"  " + progressBar(s.info.Done+s.info.Exhausted, s.info.Total, clamp(w-30, 5, 50)) + "  " +
		fmt.Sprintf("%s/%s terminés", FormatCount(s.info.Done+s.info.Exhausted), FormatCount(s.info.Total))}
	if s.outcome == 0 && s.asg.Person != 0 {
		foot = append(foot, "  "+st.Key.Render("1")+" joint · "+st.Key.Render("2")+" pas de réponse · "+st.Key.Render("3")+" occupé · "+
			st.Key.Render("4")+" messagerie", "  "+st.Key.Render("5")+" faux n° · "+st.Key.Render("6")+" à rappeler · "+st.Key.Render("7")+" ne plus appeler")
	}
	room := max(s.height-len(foot), 1)
	if len(body) > room {
		body = body[:room]
	}
	for len(body) < room {
		body = append(body, "")
	}
	out := append(body, foot...)
	for i, l := range out {
		out[i] = fit(l, w)
	}
	return strings.Join(out, "\n")
}

func (s *callScreen) now() time.Time {
	if s.c.Now != nil {
		return s.c.Now()
	}
	return time.Now()
}

func (s *callScreen) personLines() []string {
	st := s.c.Styles
	p := &s.view.Person
	name := ficheClean(strings.TrimSpace(p.Civility.String() + " " + p.FullName()))
	right := ficheKindLabel(p) + " · " + ficheClean(s.view.Where)
	lines := []string{"  " + st.Title.Render(name) + "   " + st.Muted.Render(right)}
	var phones []string
	if p.Mobile != "" {
		phones = append(phones, st.Label.Render("Mobile ")+st.Title.Render(model.FormatPhone(p.Mobile)))
	}
	if p.Landline != "" {
		phones = append(phones, st.Label.Render("Fixe ")+st.Title.Render(model.FormatPhone(p.Landline)))
	}
	if len(phones) == 0 {
		phones = append(phones, st.Warning.Render("plus aucun numéro sur la fiche"))
	}
	age := ""
	if a := p.BirthDate.AgeAt(model.DateOf(s.now())); p.BirthDate != 0 && a >= 0 {
		age = fmt.Sprintf("      %d ans", a)
	}
	lines = append(lines, "  "+strings.Join(phones, "      ")+st.Muted.Render(age))
	for _, key := range s.round.Show {
		if f := model.FieldFor(key); f != nil {
			if v := ficheClean(f.Text(p)); v != "" {
				lines = append(lines, "  "+st.Label.Render(f.Short+" : ")+v)
			}
		}
	}
	lines = append(lines, "")
	// Past calls, newest first, at most three.
	calls := s.view.Calls
	for i := len(calls) - 1; i >= 0 && i >= len(calls)-3; i-- {
		c := calls[i]
		l := "  " + st.Muted.Render(c.At.In(s.now().Location()).Format("02/01")) + " " + c.Outcome.Label() + " (" + ficheClean(c.Caller) + ")"
		if c.Round != s.round.ID {
			l += st.Muted.Render(" · " + ficheClean(s.view.Rounds[c.Round]))
		}
		if c.Note != "" {
			l += " — " + ficheClean(c.Note)
		}
		lines = append(lines, l)
	}
	if len(calls) == 0 {
		lines = append(lines, "  "+st.Muted.Render("Jamais appelé."))
	}
	if s.round.Script != "" {
		lines = append(lines, "")
		for _, l := range wrapText("Script : "+model.StripControl(s.round.Script), max(s.width-4, 10)) {
			lines = append(lines, "  "+l)
		}
	}
	if s.outcome == 0 {
		for i, q := range s.round.Questions {
			lines = append(lines, fmt.Sprintf("  Question %d — %s  [%s]", i+1, ficheClean(q.Label), ficheClean(q.Hint())))
		}
		return lines
	}
	lines = append(lines, "", "  "+st.Title.Render("Résultat : "+s.outcome.Label())+st.Muted.Render("   (entrée : enregistrer · esc : changer)"))
	for i, f := range s.fields {
		mark := "  "
		if i == s.focus {
			mark = "▸ "
		}
		lines = append(lines, mark+st.Label.Render(padRight(f.label, 15))+" "+f.in.View()+"  "+st.Muted.Render(ficheClean(f.hint)))
	}
	return lines
}
