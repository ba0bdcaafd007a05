package ui

import (
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
)

// cmdMsgs runs cmd and returns its messages in order, batches and
// sequences flattened (as the program would deliver them).
func cmdMsgs(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	v := reflect.ValueOf(msg)
	if v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		var out []tea.Msg
		for i := range v.Len() {
			out = append(out, cmdMsgs(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// A screen that closes itself closes itself only: a key pressed before its
// close arrives (here f1, the list of fiches) opens a screen that the late
// close leaves open.
func TestClosingScreenLeavesTheScreenOpenedMeanwhile(t *testing.T) {
	w := newAppWorld(t, true)
	sess := w.session(t)
	p, err := w.st.Get(sess, w.searchIDs(t, "benali")[0])
	if err != nil {
		t.Fatal(err)
	}
	esc := tea.KeyMsg{Type: tea.KeyEsc}
	for _, tc := range []struct {
		name  string
		open  func(c *Common) Screen
		close func(s Screen) tea.Cmd
		flash string // what the status line then says, if anything
	}{
		{"departure recorded", func(c *Common) Screen { return NewDepartureScreen(c, p) }, func(s Screen) tea.Cmd {
			_, cmd := s.Update(reply[departed]{to: s, val: departed{Kind: model.MutationIn}})
			return cmd
		}, "Mutation enregistrée"},
		{"departure left", func(c *Common) Screen { return NewDepartureScreen(c, p) }, nil, ""},
		{"fiche left", func(c *Common) Screen { return NewFicheScreen(c, p.ID) }, nil, ""},
		{"form left", func(c *Common) Screen { return NewFormScreen(c, &p) }, nil, ""},
		{"mutations left", NewMutationsScreen, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := NewApp(w.st, sess, testStyles())
			s := tc.open(a.c)
			a.Update(PushMsg{s})
			var cmd tea.Cmd
			if tc.close != nil {
				cmd = tc.close(s)
			} else {
				_, cmd = s.Update(esc)
			}
			a.Update(tea.KeyMsg{Type: tea.KeyF1}) // opens the list even from a screen typing text
			for _, msg := range cmdMsgs(cmd) {
				a.Update(msg)
			}
			if _, ok := a.top().(*listScreen); !ok || len(a.stack) != 2 {
				t.Fatalf("the list opened meanwhile was closed: top %T, %d screens", a.top(), len(a.stack))
			}
			if !strings.Contains(a.flash, tc.flash) {
				t.Fatalf("status line %q, want %q", a.flash, tc.flash)
			}
		})
	}
}
