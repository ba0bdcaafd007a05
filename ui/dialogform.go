package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
)

// dialogForm is the few text fields of a small form (log in, change a
// password, name a unit or a saved search): a label before each field, the
// one with the focus marked ▸; tab/↓ and maj+tab/↑ move among them, entrée
// goes to the next field and, on the last one, submits. Under the fields a
// line says that the form is being checked, or why it was refused.
type dialogForm struct {
	fields []dialogField
	focus  int
	labelW int // cells of the label column
	busy   bool
	err    string
	// sticky keeps err on screen while the user types (the login: why
	// they are there); otherwise typing clears it.
	sticky bool
	// leaving: esc was pressed over typed text; the form asks before
	// dropping it (escape).
	leaving bool
}

// dialogField is one text field of a dialogForm.
type dialogField struct {
	label string
	input textinput.Model
	// strength, for a new password, is the hint drawn under the field until
	// something is typed, then the password's strength.
	strength string
	note     string // drawn after the field (muted), e.g. what the code is
	width    int    // the field's own width (a short code); 0: the form's
	initial  string // what the field held when the form opened
}

// The keys of every dialogForm, for the screens' help lines.
var (
	fieldNext = binding([]string{"tab", "down"}, "tab", "champ suivant")
	fieldPrev = binding([]string{"shift+tab", "up"}, "maj+tab", "champ précédent")
	formEnter = binding([]string{"enter"}, "entrée", "valider")
)

// newDialogForm builds a form of fields, labels labelW cells wide, the
// focus on the first field.
func newDialogForm(labelW int, fields ...dialogField) dialogForm {
	f := dialogForm{fields: fields, labelW: labelW}
	for i := range f.fields {
		f.fields[i].initial = f.fields[i].input.Value()
	}
	f.setFocus(0)
	return f
}

// changed reports whether something was typed: a field no longer holds
// what it held when the form opened. The screens' Dirty.
func (f *dialogForm) changed() bool {
	for _, fl := range f.fields {
		if fl.input.Value() != fl.initial {
			return true
		}
	}
	return false
}

// The answers to « abandonner la saisie ? ».
var (
	leaveYes = binding(yesKeys, "o", "abandonner")
	leaveNo  = binding(noKeys, "n/esc", "continuer la saisie")
)

// escape handles esc, so that one stray press never drops what was typed:
// leave is true when the screen may close the form — at once when nothing
// was typed, else once « o » answers the question esc asks. used is false
// for a key that is neither esc nor an answer (it goes to the fields; a
// key other than an answer also withdraws the question).
func (f *dialogForm) escape(msg tea.KeyMsg) (leave, used bool) {
	if f.leaving {
		f.leaving = false
		switch {
		case key.Matches(msg, leaveYes):
			return true, true
		case key.Matches(msg, leaveNo):
			return false, true
		}
		return false, false
	}
	if msg.String() != "esc" {
		return false, false
	}
	if !f.changed() {
		return true, true
	}
	f.leaving = true
	return false, true
}

// keys is the form's help: the answers while it asks whether to abandon
// what was typed, else the screen's own keys.
func (f *dialogForm) keys(screen help.KeyMap) help.KeyMap {
	if f.leaving {
		return keyMap{short: []key.Binding{leaveYes, leaveNo}, full: [][]key.Binding{{leaveYes, leaveNo}}}
	}
	return screen
}

// value is what was typed in field i ("" when there is no such field).
func (f *dialogForm) value(i int) string {
	if i < 0 || i >= len(f.fields) {
		return ""
	}
	return f.fields[i].input.Value()
}

// setValue sets what field i holds.
func (f *dialogForm) setValue(i int, v string) {
	if i >= 0 && i < len(f.fields) {
		f.fields[i].input.SetValue(v)
	}
}

func (f *dialogForm) setFocus(i int) {
	if len(f.fields) == 0 {
		return
	}
	f.focus = clamp(i, 0, len(f.fields)-1)
	for j := range f.fields {
		if j == f.focus {
			f.fields[j].input.Focus()
		} else {
			f.fields[j].input.Blur()
		}
	}
}

// refuse shows why the form was not accepted and puts the focus on the
// field to correct.
func (f *dialogForm) refuse(why string, focus int) {
	f.err = why
	f.setFocus(focus)
}

// submitting marks the form busy while the store checks it.
func (f *dialogForm) submitting() { f.busy, f.err = true, "" }

// setWidth gives the fields width cells (except those of their own width).
func (f *dialogForm) setWidth(width int) {
	for i, fl := range f.fields {
		f.fields[i].input.Width = width
		if fl.width > 0 {
			f.fields[i].input.Width = fl.width
		}
	}
}

// key handles a key for the fields: moves, entrée, typing. submit is true
// when entrée is pressed on the last field.
func (f *dialogForm) key(msg tea.KeyMsg) (cmd tea.Cmd, submit bool) {
	n := len(f.fields)
	if n == 0 {
		return nil, false
	}
	switch {
	case key.Matches(msg, fieldNext):
		f.setFocus((f.focus + 1) % n)
		return nil, false
	case key.Matches(msg, fieldPrev):
		f.setFocus((f.focus + n - 1) % n)
		return nil, false
	case key.Matches(msg, formEnter):
		if f.focus < n-1 {
			f.setFocus(f.focus + 1)
			return nil, false
		}
		return nil, true
	}
	in := &f.fields[f.focus].input
	*in, cmd = in.Update(msg)
	if !f.sticky {
		f.err = ""
	}
	return cmd, false
}

// fieldLabel is the label column of a form's line: marked ▸ and drawn as a
// key when its field has the focus.
func fieldLabel(st *Styles, label string, w int, focused bool) string {
	if focused {
		return "▸ " + st.Key.Render(padRight(label, w))
	}
	return "  " + st.Label.Render(padRight(label, w))
}

// infoRow is a line of a form that shows a value instead of a field.
func infoRow(st *Styles, label string, w int, value string) string {
	return fieldLabel(st, label, w, false) + " " + value
}

// lines draws the fields, each with its label.
func (f *dialogForm) lines(st *Styles) []string {
	var out []string
	pad := strings.Repeat(" ", 2+f.labelW+1)
	for i, fl := range f.fields {
		line := fieldLabel(st, fl.label, f.labelW, i == f.focus) + " " + fl.input.View()
		if fl.note != "" {
			line += st.Muted.Render("  " + fl.note)
		}
		out = append(out, line)
		if fl.strength != "" {
			out = append(out, fl.strengthLines(st, pad)...)
		}
	}
	if f.leaving {
		out = append(out, "  "+st.Warning.Render("Abandonner ce qui est tapé ? o : oui · n : non"))
	}
	return out
}

// strengthLines draws a new password's strength under its field (or the
// hint, wrapped to the field's width when it has one).
func (fl *dialogField) strengthLines(st *Styles, pad string) []string {
	text := passwordStrength(st, fl.input.Value(), fl.strength)
	if fl.input.Width <= 0 {
		return []string{pad + text}
	}
	return wrapIndent(text, len(pad)+max(fl.input.Width, 20), pad, pad)
}

// status is the line under the fields: busyText while the store checks,
// the reason of a refusal (wrapped to width), or nothing.
func (f *dialogForm) status(st *Styles, busyText string, width int) []string {
	return formStatus(st, f.busy, busyText, f.err, width)
}

// formStatus is the line under a form: busyText while busy, else the
// error wrapped to width, else nothing.
func formStatus(st *Styles, busy bool, busyText, err string, width int) []string {
	switch {
	case busy:
		return []string{"  " + st.Warning.Render(busyText)}
	case err != "":
		return wrapIndent(st.Error.Render(model.StripControl(err)), width, "  ", "  ")
	}
	return nil
}

// confirmKey gives a key to the open confirmation *d. Once answered it
// closes: yes runs what it asked about; no, when not nil, puts the screen
// back as it was before the question.
func confirmKey(d **ConfirmDialog, msg tea.KeyMsg, yes func() tea.Cmd, no func()) tea.Cmd {
	res, cmd := (*d).Update(msg)
	switch res {
	case ConfirmYes:
		*d = nil
		return yes()
	case ConfirmNo:
		*d = nil
		if no != nil {
			no()
		}
	}
	return cmd
}

// dialogBody draws a confirmation as a screen's whole body: a blank line,
// then the box one cell in, where every screen puts it.
func dialogBody(d *ConfirmDialog, w int) []string {
	return append([]string{""}, indentLines(strings.Split(d.View(w-2), "\n"), " ")...)
}
