package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
)

// duesForm is a short row of labelled text fields (a payment, an agreed
// contribution, a quick-entry line): tab and arrows move between fields,
// the host decides what enter does.
type duesForm struct {
	st     *Styles
	labels []string
	hints  []string
	inputs []textinput.Model
	focus  int
	err    string
}

func newDuesForm(st *Styles, labels, placeholders, hints []string, limits []int) *duesForm {
	f := &duesForm{st: st, labels: labels, hints: hints}
	for i := range labels {
		in := newInput(st, placeholders[i], limits[i])
		in.Width = 24
		f.inputs = append(f.inputs, in)
	}
	f.setFocus(0)
	return f
}

func (f *duesForm) setFocus(i int) {
	f.focus = (i + len(f.inputs)) % len(f.inputs)
	for j := range f.inputs {
		if j == f.focus {
			f.inputs[j].Focus()
		} else {
			f.inputs[j].Blur()
		}
	}
}

func (f *duesForm) value(i int) string  { return strings.TrimSpace(f.inputs[i].Value()) }
func (f *duesForm) set(i int, v string) { f.inputs[i].SetValue(v) }

// dirty reports whether something was typed.
func (f *duesForm) dirty() bool {
	for _, in := range f.inputs {
		if strings.TrimSpace(in.Value()) != "" {
			return true
		}
	}
	return false
}

// update handles a key: moves between fields or types in the focused one.
func (f *duesForm) update(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "tab", "down":
		f.setFocus(f.focus + 1)
		return nil
	case "shift+tab", "up":
		f.setFocus(f.focus - 1)
		return nil
	}
	var cmd tea.Cmd
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	f.err = ""
	return cmd
}

// key is the form's keys on its host's screen: esc closes it (close),
// enter submits it (submit), the other keys go to its fields.
func (f *duesForm) key(msg tea.KeyMsg, close func(), submit func() tea.Cmd) tea.Cmd {
	switch msg.String() {
	case "esc":
		close()
		return nil
	case "enter":
		return submit()
	}
	return f.update(msg)
}

// view draws one line per field, then the error or the focused field's hint.
func (f *duesForm) view(width int) []string {
	s := f.st
	var out []string
	for i, in := range f.inputs {
		in.Width = clamp(width-20, 8, 40)
		mark, label := "  ", s.Label.Render(padRight(f.labels[i], 14))
		if i == f.focus {
			mark, label = "▸ ", s.Key.Render(padRight(f.labels[i], 14))
		}
		out = append(out, fit(mark+label+" "+in.View(), width))
	}
	switch {
	case f.err != "":
		out = append(out, fit("  "+s.Error.Render(model.StripControl(f.err)), width))
	case f.hints[f.focus] != "":
		out = append(out, fit("  "+s.Muted.Render(f.hints[f.focus]), width))
	default:
		out = append(out, "")
	}
	return out
}

// payModeHint lists the modes and how to type them.
var payModeHint = func() string {
	var words []string
	for _, m := range model.PayModes {
		words = append(words, m.String())
	}
	return "mode : " + strings.Join(words, ", ") + " (les premières lettres suffisent : ch, p, v, e, ca)"
}()

// paymentWarnings are the reasons to confirm a payment before it is
// recorded: cash above the federation's limit, the adherent's year above
// the ceiling (model.DuesSettings.PaymentWarnings).
type paymentWarnings struct {
	p       model.Payment
	reasons []string
}

// checkPayment asks the store for the reasons to confirm p; without any it
// records at once (record runs in the same command).
func checkPayment(c *Common, me Screen, p model.Payment, record tea.Cmd) tea.Cmd {
	st, sess := c.Store, c.Session
	return func() tea.Msg {
		reasons, err := st.PaymentWarnings(sess, p)
		if err == nil && len(reasons) == 0 {
			return record()
		}
		return reply[paymentWarnings]{to: me, val: paymentWarnings{p, reasons}, err: err}
	}
}

// confirmDespite is the confirmation of the payment, giving the reasons,
// and the payment it confirms; an error goes to the form instead.
func confirmDespite(w reply[paymentWarnings], st *Styles, f *duesForm) (*ConfirmDialog, *model.Payment, tea.Cmd) {
	if w.err != nil {
		f.err = w.err.Error()
		return nil, nil, errCmd(w.err)
	}
	return NewConfirm(st, "Enregistrer ce versement malgré tout ? (o/n)",
		append(slices.Clone(w.val.reasons), "n : revenir au versement pour le corriger.")...), &w.val.p, nil
}
