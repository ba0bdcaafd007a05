package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
)

// quickDuesScreen is the "saisie rapide" after a meeting: type part of a
// name or a membership number (search as you type, in scope), pick, type
// the amount, the mode, enter — the payment is recorded and the next line
// starts, without leaving the screen. The batch's total and count run at
// the top; ctrl+z cancels the last line (by a counter-entry).
type quickDuesScreen struct {
	c      *Common
	width  int
	height int
	keys   quickDuesKeys

	form    *duesForm // Adhérent, Montant, Mode
	matches []model.Person
	pick    int
	chosen  *model.Person
	seq     int
	busy    bool

	batch []quickLine

	dialog      *ConfirmDialog // confirming a payment despite a warning
	pending     *model.Payment
	pendingName string
}

type quickLine struct {
	p      model.Payment
	name   string
	undone bool
}

const (
	quickWho = iota
	quickAmount
	quickMode
)

type quickDuesKeys struct {
	Next, Undo, Move, Leave key.Binding
}

func (k quickDuesKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Move, k.Undo, k.Leave}
}
func (k quickDuesKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Move, k.Undo, k.Leave}}
}

// The answers the quick entry waits for.
type (
	// quickFound is the adherents matching the name typed; seq drops the
	// answer to a search typed over since.
	quickFound struct {
		seq    int
		people []model.Person
	}
	quickRecorded struct {
		p    model.Payment
		name string
	}
	quickUndone int // the batch line cancelled
)

// quickMatches is how many adherents the search shows.
const quickMatches = 5

// NewQuickDuesScreen opens the quick entry.
func NewQuickDuesScreen(c *Common) Screen {
	s := &quickDuesScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome}
	s.keys = quickDuesKeys{
		Next:  binding([]string{"enter"}, "entrée", "suivant / enregistrer"),
		Move:  binding([]string{"up", "down"}, "↑↓", "choisir"),
		Undo:  binding([]string{"ctrl+z"}, "ctrl+z", "annuler la dernière ligne"),
		Leave: binding([]string{"esc"}, "esc", "terminer"),
	}
	s.form = newDuesForm(c.Styles,
		[]string{"Adhérent", "Montant", "Mode"},
		[]string{"nom ou n° d'adhérent", "12,50", "chèque"},
		[]string{"tapez une partie du nom ou du numéro d'adhérent, ↑↓ pour choisir, entrée", "montant en euros : 12,50 · 12.50 · 1 200", payModeHint},
		[]int{60, 20, 20})
	return s
}

func (s *quickDuesScreen) Init() tea.Cmd { return nil }

func (s *quickDuesScreen) SetSize(w, h int) { s.width, s.height = w, h }
func (s *quickDuesScreen) Title() string    { return "Saisie rapide des cotisations" }
func (s *quickDuesScreen) Status() string {
	n, total := s.totals()
	return fmt.Sprintf("%s %s · %s", FormatCount(n), plural(n, "versement", "versements"), model.FormatCents(total))
}
func (s *quickDuesScreen) Keys() help.KeyMap {
	if s.dialog != nil {
		return s.dialog.Keys()
	}
	return s.form.keys(s.keys)
}
func (s *quickDuesScreen) Capturing() bool { return true }
func (s *quickDuesScreen) Dirty() bool     { return s.form.changed() }

func (s *quickDuesScreen) totals() (n int, total model.Cents) {
	for _, l := range s.batch {
		if !l.undone {
			n++
			total += l.p.Cents
		}
	}
	return n, total
}

func (s *quickDuesScreen) search() tea.Cmd {
	s.seq++
	s.chosen = nil
	text := s.form.value(quickWho)
	if text == "" {
		s.matches = nil
		return nil
	}
	st, sess, seq := s.c.Store, s.c.Session, s.seq
	return ask(s, func() (quickFound, error) {
		people, err := st.FindAdherents(sess, text, quickMatches)
		return quickFound{seq, people}, err
	})
}

func (s *quickDuesScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[quickFound]:
		if msg.val.seq == s.seq {
			s.matches, s.pick = msg.val.people, 0
			if msg.err != nil {
				s.form.err = msg.err.Error()
			}
		}
		return s, errCmd(msg.err)
	case reply[quickRecorded]:
		s.busy = false
		if msg.err != nil {
			return s, keepErr(&s.form.err, msg.err)
		}
		s.batch = append(s.batch, quickLine{p: msg.val.p, name: msg.val.name})
		s.form.set(quickWho, "")
		s.form.set(quickAmount, "")
		s.form.setFocus(quickWho)
		s.matches, s.chosen = nil, nil
		return s, nil
	case reply[paymentWarnings]:
		s.busy = false
		var cmd tea.Cmd
		s.dialog, s.pending, cmd = confirmDespite(msg, s.c.Styles, s.form)
		return s, cmd
	case reply[quickUndone]:
		s.busy = false
		if msg.err != nil {
			return s, keepErr(&s.form.err, msg.err)
		}
		s.batch[msg.val].undone = true
		return s, Flash("Dernière ligne annulée (contre-passée).", false)
	case tea.KeyMsg:
		if s.busy {
			return s, nil
		}
		if s.dialog != nil {
			return s, s.updateDialog(msg)
		}
		return s, s.key(msg)
	}
	return s, nil
}

func (s *quickDuesScreen) key(msg tea.KeyMsg) tea.Cmd {
	f := s.form
	if leave, used := f.escape(msg); used { // a half-typed line is not lost on one esc
		if leave {
			return closeScreen(s)
		}
		return nil
	}
	switch msg.String() {
	case "ctrl+z":
		return s.undo()
	case "up", "down":
		if f.focus == quickWho && len(s.matches) > 0 {
			if msg.String() == "up" {
				s.pick = (s.pick + len(s.matches) - 1) % len(s.matches)
			} else {
				s.pick = (s.pick + 1) % len(s.matches)
			}
			return nil
		}
	case "enter", "tab":
		switch f.focus {
		case quickWho:
			if len(s.matches) == 0 {
				f.err = "aucun adhérent choisi : tapez une partie de son nom ou de son numéro"
				return nil
			}
			p := s.matches[s.pick]
			s.chosen = &p
			f.set(quickWho, p.SortName())
			if c := p.Contribution; !c.IsZero() && f.value(quickAmount) == "" {
				f.set(quickAmount, model.FormatCentsBare(c.Cents))
			}
			f.setFocus(quickAmount)
			return nil
		case quickAmount:
			if _, err := model.ParseAmount(f.value(quickAmount)); err != nil {
				f.err = err.Error()
				return nil
			}
			f.setFocus(quickMode)
			return nil
		default:
			if msg.String() == "tab" {
				f.setFocus(quickWho)
				return nil
			}
			return s.record()
		}
	}
	before := f.value(quickWho)
	cmd := f.update(msg)
	if f.focus == quickWho && f.value(quickWho) != before {
		return tea.Batch(cmd, s.search())
	}
	return cmd
}

func (s *quickDuesScreen) record() tea.Cmd {
	f := s.form
	if s.chosen == nil {
		f.setFocus(quickWho)
		f.err = "choisissez d'abord l'adhérent"
		return nil
	}
	cents, err := model.ParseAmount(f.value(quickAmount))
	if err != nil {
		f.setFocus(quickAmount)
		f.err = err.Error()
		return nil
	}
	mode, err := model.ParsePayMode(f.value(quickMode))
	if err != nil {
		f.err = err.Error()
		return nil
	}
	f.set(quickMode, mode.String()) // the next line keeps the mode
	s.busy = true
	who := *s.chosen
	pay := model.Payment{Person: who.ID, Date: model.DateOf(s.c.Now()), Cents: cents, Mode: mode}
	s.pendingName = who.SortName()
	return checkPayment(s.c, s, pay, s.recordPayment(pay))
}

func (s *quickDuesScreen) recordPayment(pay model.Payment) tea.Cmd {
	st, sess, name := s.c.Store, s.c.Session, s.pendingName
	return ask(s, func() (quickRecorded, error) {
		got, err := st.RecordPayment(sess, pay)
		return quickRecorded{got, name}, err
	})
}

// updateDialog: yes records the payment despite the warning; no goes back
// to its amount.
func (s *quickDuesScreen) updateDialog(msg tea.KeyMsg) tea.Cmd {
	res, cmd := s.dialog.Update(msg)
	switch res {
	case ConfirmNo:
		s.dialog, s.pending = nil, nil
		s.form.setFocus(quickAmount)
	case ConfirmYes:
		p := *s.pending
		s.dialog, s.pending, s.busy = nil, nil, true
		return s.recordPayment(p)
	}
	return cmd
}

func (s *quickDuesScreen) undo() tea.Cmd {
	for i := len(s.batch) - 1; i >= 0; i-- {
		if s.batch[i].undone {
			continue
		}
		s.busy = true
		st, sess, id := s.c.Store, s.c.Session, s.batch[i].p.ID
		return ask(s, func() (quickUndone, error) {
			_, err := st.CancelPayment(sess, id)
			return quickUndone(i), err
		})
	}
	return Flash("rien à annuler", true)
}

func (s *quickDuesScreen) View() string {
	st := s.c.Styles
	w := s.width
	n, total := s.totals()
	out := []string{fit(" "+st.Title.Render("Séance du "+model.DateOf(s.c.Now()).String())+
		st.Muted.Render(fmt.Sprintf(" · %s %s · total %s", FormatCount(n), plural(n, "versement", "versements"), model.FormatCents(total))), w), ""}
	if s.dialog != nil {
		return strings.Join(append(out, s.dialog.View(w)), "\n")
	}
	out = append(out, s.form.view(w)...)
	// The adherents found, while choosing.
	shown := 0
	if s.form.focus == quickWho {
		for i, p := range s.matches {
			line := fit(fmt.Sprintf("%s · n° %s · %s", model.StripControl(p.SortName()), model.StripControl(p.MemberNumber), model.StripControl(p.Address.Commune)), w-6)
			if i == s.pick {
				out = append(out, "    ▸ "+st.Selected.Render(line))
			} else {
				out = append(out, "      "+line)
			}
			shown++
		}
		if s.form.value(quickWho) != "" && len(s.matches) == 0 {
			out = append(out, "      "+st.Muted.Render("aucun adhérent ne correspond"))
			shown++
		}
	}
	// The batch, newest first, in the room left.
	room := s.height - len(out) - 2
	if shown == 0 && room > 0 {
		out = append(out, "", " "+st.Label.Render("Lignes de la séance"))
		if len(s.batch) == 0 {
			out = append(out, "  "+st.Muted.Render("aucune pour l'instant"))
		}
		for i := len(s.batch) - 1; i >= 0 && len(s.batch)-i <= room-1; i-- {
			l := s.batch[i]
			line := fmt.Sprintf("%3d. %s %s  %s", i+1, cell(model.StripControl(l.name), max(w-42, 10)), padLeft(model.FormatCents(l.p.Cents), 12), cell(l.p.Mode.String(), 11))
			if l.undone {
				line = st.Muted.Render(line + " annulée")
			}
			out = append(out, fit(" "+line, w))
		}
	}
	return strings.Join(out, "\n")
}
