package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"fichier/model"
)

// ConfirmResult is what a key did to a ConfirmDialog.
type ConfirmResult uint8

const (
	ConfirmPending ConfirmResult = iota // still open
	ConfirmYes
	ConfirmNo
)

// ConfirmDialog is a small modal question a screen embeds: either yes/no
// (o/n) or, for what cannot be undone, a typed confirmation where the user
// must type an expected text (a last name) and press enter. The host screen
// forwards key messages to Update while the dialog is open, reads the
// result, and draws View in place of (or over) its body.
type ConfirmDialog struct {
	Title string   // the question, e.g. « Abandonner les modifications ? (o/n) »
	Lines []string // explanation, wrapped to the dialog's width
	// Expect is the text to type for a typed confirmation ("" = yes/no).
	// It is compared ignoring case, accents and surrounding blanks.
	Expect string
	// Prompt introduces the typed field, e.g. « Tapez son nom pour confirmer : ».
	Prompt string

	st       *Styles
	input    textinput.Model
	mismatch bool
	keys     confirmKeyMap
}

type confirmKeyMap struct {
	Yes, No, Confirm, Cancel key.Binding
	typed                    bool
}

func (k confirmKeyMap) ShortHelp() []key.Binding {
	if k.typed {
		return []key.Binding{k.Confirm, k.Cancel}
	}
	return []key.Binding{k.Yes, k.No}
}

func (k confirmKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// NewConfirm builds a yes/no dialog: o (or y) confirms; n or esc declines.
func NewConfirm(st *Styles, title string, lines ...string) *ConfirmDialog {
	if st == nil {
		st = NewStyles(nil)
	}
	return &ConfirmDialog{
		Title: title, Lines: lines, st: st,
		keys: confirmKeyMap{
			Yes:     binding(yesKeys, "o", "oui"),
			No:      binding(noKeys, "n/esc", "non"),
			Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("entrée", "confirmer")),
			Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "annuler")),
		},
	}
}

// The keys that answer a yes/no question, in every dialog that asks one.
var (
	yesKeys = []string{"o", "O", "y", "Y"}
	noKeys  = []string{"n", "N", "esc"}
)

// NewTypedConfirm builds a dialog that confirms only once expect has been
// typed and enter pressed; esc declines.
func NewTypedConfirm(st *Styles, title, expect, prompt string, lines ...string) *ConfirmDialog {
	d := NewConfirm(st, title, lines...)
	d.Expect = strings.TrimSpace(model.StripControl(expect))
	d.Prompt = prompt
	d.keys.typed = true
	r := d.st.Renderer()
	d.input = textinput.New()
	d.input.Prompt = "> "
	d.input.CharLimit = 200
	d.input.PromptStyle = r.NewStyle()
	d.input.TextStyle = r.NewStyle()
	d.input.PlaceholderStyle = d.st.Muted
	d.input.Cursor.Style = r.NewStyle().Reverse(true)
	d.input.Cursor.TextStyle = r.NewStyle()
	d.input.Cursor.SetMode(cursor.CursorStatic)
	d.input.Focus()
	return d
}

// Typed reports whether the dialog asks for a typed confirmation.
func (d *ConfirmDialog) Typed() bool { return d.keys.typed }

// Keys is the dialog's keymap, for the host's help line.
func (d *ConfirmDialog) Keys() help.KeyMap { return d.keys }

// Update handles one message; the result says whether the dialog is done.
func (d *ConfirmDialog) Update(msg tea.Msg) (ConfirmResult, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !d.keys.typed {
		if !ok {
			return ConfirmPending, nil
		}
		switch {
		case key.Matches(k, d.keys.Yes):
			return ConfirmYes, nil
		case key.Matches(k, d.keys.No):
			return ConfirmNo, nil
		}
		return ConfirmPending, nil
	}
	if ok {
		switch {
		case key.Matches(k, d.keys.Cancel):
			return ConfirmNo, nil
		case key.Matches(k, d.keys.Confirm):
			if d.Matches() {
				return ConfirmYes, nil
			}
			d.mismatch = true
			return ConfirmPending, nil
		}
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	if ok {
		d.mismatch = false
	}
	return ConfirmPending, cmd
}

// Matches reports whether the typed text is the expected one.
func (d *ConfirmDialog) Matches() bool {
	if d.Expect == "" {
		return false
	}
	typed := strings.Join(strings.Fields(model.StripControl(d.input.Value())), " ")
	return model.Fold(typed) == model.Fold(strings.Join(strings.Fields(d.Expect), " "))
}

// View draws the dialog as a bordered box at most width cells wide.
func (d *ConfirmDialog) View(width int) string {
	boxW := min(width, 76)
	inner := max(boxW-4, 10) // border and padding
	var b strings.Builder
	wrap := func(s string) string { return ansi.Wordwrap(s, inner, " ") }
	b.WriteString(d.st.Title.Render(wrap(d.Title)))
	for _, l := range d.Lines {
		b.WriteString("\n")
		b.WriteString(wrap(l))
	}
	b.WriteString("\n")
	if d.keys.typed {
		if d.Prompt != "" {
			b.WriteString("\n" + wrap(d.Prompt))
		}
		d.input.Width = max(inner-4, 4)
		b.WriteString("\n" + d.input.View())
		if d.mismatch {
			b.WriteString("\n" + d.st.Error.Render(wrap("Ce n'est pas le texte attendu : tapez « "+strings.ToUpper(d.Expect)+" ».")))
		}
		b.WriteString("\n" + d.st.Help.Render(wrap("entrée confirmer · esc annuler")))
	} else {
		b.WriteString("\n" + d.st.Help.Render(wrap("o oui · n non (esc)")))
	}
	box := d.st.Box.Width(inner + 2) // lipgloss widths include padding, not border
	if d.keys.typed {
		box = box.BorderForeground(d.st.Error.GetForeground())
	}
	return box.Render(b.String())
}
