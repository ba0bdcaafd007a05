package ui

import tea "github.com/charmbracelet/bubbletea"

// reply is the answer to a screen's background work: the app hands it to
// the screen that asked (ForScreen), never to the one on top by chance.
// T names what was asked, so a screen waiting for two kinds of answers
// switches on reply[loaded] and reply[saved] — one message type per
// answer without writing a struct, a constructor and a ForScreen each.
type reply[T any] struct {
	to  Screen
	val T
	err error
}

func (r reply[T]) ForScreen() Screen { return r.to }

// ask runs work off the Update loop and delivers its result to s as a
// reply[T].
func ask[T any](s Screen, work func() (T, error)) tea.Cmd {
	return func() tea.Msg {
		v, err := work()
		return reply[T]{to: s, val: v, err: err}
	}
}
