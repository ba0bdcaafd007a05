package ui

import (
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
)

// duesForm is a short row of labelled text fields (a payment, an agreed
// contribution, a quick-entry line, the dues settings): a dialogForm whose
// host decides what enter does, with under the fields the error or the
// focused field's hint.
type duesForm struct {
	dialogForm
	st    *Styles
	hints []string
}

func newDuesForm(st *Styles, labels, placeholders, hints []string, limits []int) *duesForm {
	fields := make([]dialogField, len(labels))
	for i := range labels {
		fields[i] = dialogField{label: labels[i], input: newInput(st, placeholders[i], limits[i])}
	}
	return &duesForm{dialogForm: newDialogForm(14, fields...), st: st, hints: hints}
}

func (f *duesForm) value(i int) string  { return strings.TrimSpace(f.dialogForm.value(i)) }
func (f *duesForm) set(i int, v string) { f.setValue(i, v) }

// update handles a key other than enter: moves between fields or types in
// the focused one.
func (f *duesForm) update(msg tea.KeyMsg) tea.Cmd {
	cmd, _ := f.key(msg)
	return cmd
}

// edit is the form's keys on its host's screen: esc closes it (close) —
// after asking, when something was typed —, enter submits it (submit), the
// other keys go to its fields.
func (f *duesForm) edit(msg tea.KeyMsg, close func(), submit func() tea.Cmd) tea.Cmd {
	if leave, used := f.escape(msg); used {
		if leave {
			close()
		}
		return nil
	}
	if msg.String() == "enter" {
		return submit()
	}
	return f.update(msg)
}

// view draws one line per field, then the error or the focused field's hint.
func (f *duesForm) view(width int) []string {
	s := f.st
	f.setWidth(clamp(width-20, 8, 40))
	out := f.lines(s)
	for i := range out {
		out[i] = fit(out[i], width)
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
		return nil, nil, keepErr(&f.err, w.err)
	}
	return NewConfirm(st, "Enregistrer ce versement malgré tout ? (o/n)",
		append(slices.Clone(w.val.reasons), "n : revenir au versement pour le corriger.")...), &w.val.p, nil
}
