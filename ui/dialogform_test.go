package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func pressForm(f *dialogForm, name string) bool {
	msg, ok := keyMsgFor(name)
	if !ok {
		msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name)}
	}
	_, submit := f.key(msg)
	return submit
}

// The keys of a small form: typing goes to the field with the focus, tab/↓
// and maj+tab/↑ move round, entrée moves on and submits on the last field.
func TestDialogFormKeys(t *testing.T) {
	st := testStyles()
	f := newDialogForm(10,
		dialogField{label: "Nom", input: newInput(st, "", 20)},
		dialogField{label: "Code", input: newInput(st, "", 5)})
	steps := []struct {
		key    string
		focus  int
		submit bool
	}{
		{"a", 0, false}, {"enter", 1, false}, {"b", 1, false}, {"up", 0, false}, {"shift+tab", 1, false},
		{"tab", 0, false}, {"down", 1, false}, {"enter", 1, true},
	}
	for i, s := range steps {
		if submit := pressForm(&f, s.key); submit != s.submit || f.focus != s.focus {
			t.Fatalf("step %d (%s): focus %d submit %v, want %d %v", i, s.key, f.focus, submit, s.focus, s.submit)
		}
	}
	if f.value(0) != "a" || f.value(1) != "b" || f.value(2) != "" {
		t.Errorf("values %q %q %q", f.value(0), f.value(1), f.value(2))
	}
}

// Typing clears the reason of a refusal, unless the form keeps it (login).
func TestDialogFormErrorClearsOnTyping(t *testing.T) {
	st := testStyles()
	for _, sticky := range []bool{false, true} {
		f := newDialogForm(10, dialogField{label: "Nom", input: newInput(st, "", 20)})
		f.sticky = sticky
		f.refuse("donnez un nom", 0)
		pressForm(&f, "tab") // a move keeps it
		if f.err == "" {
			t.Fatalf("sticky=%v: a move cleared the error", sticky)
		}
		pressForm(&f, "x")
		if (f.err == "") == sticky {
			t.Errorf("sticky=%v: error after typing %q", sticky, f.err)
		}
	}
}

// The focused field is marked, a new password shows its strength under it,
// and the status line says busy or why it was refused — wrapped, not cut.
func TestDialogFormView(t *testing.T) {
	st := testStyles()
	f := newDialogForm(12,
		dialogField{label: "Identifiant", input: newInput(st, "", 20)},
		dialogField{label: "Mot de passe", input: newPasswordInput(st, ""), strength: "10 caractères au moins", note: "(secret)"})
	f.setFocus(1)
	got := strings.Join(f.lines(st), "\n")
	for _, want := range []string{"  Identifiant ", "▸ Mot de passe ", "(secret)", strings.Repeat(" ", 15) + "10 caractères au moins"} {
		if !strings.Contains(got, want) {
			t.Errorf("lines lack %q:\n%s", want, got)
		}
	}
	if s := f.status(st, "vérification…", 40); len(s) != 0 {
		t.Errorf("status of a quiet form: %q", s)
	}
	f.refuse(strings.Repeat("mot ", 20), 0)
	if s := f.status(st, "vérification…", 40); len(s) < 2 {
		t.Errorf("a long reason is not wrapped: %q", s)
	}
	f.submitting()
	if s := f.status(st, "vérification…", 40); len(s) != 1 || !strings.Contains(s[0], "vérification…") || f.err != "" {
		t.Errorf("busy status: %q (err %q)", s, f.err)
	}
}
