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

// flashResult runs work off the Update loop and tells in the status line
// how it went: the text it returns, or its error (a session the store has
// ended goes back to the login instead). For actions whose answer changes
// nothing on the screen: an export, a round closed.
func flashResult(work func() (string, error)) tea.Cmd {
	return func() tea.Msg {
		text, err := work()
		if err != nil {
			return failure(err)
		}
		return FlashMsg{Text: text}
	}
}

// pushResult runs work off the Update loop and opens the screen it builds
// (a fiche read first), or tells in the status line why it cannot.
func pushResult(work func() (Screen, error)) tea.Cmd {
	return func() tea.Msg {
		s, err := work()
		if err != nil {
			return failure(err)
		}
		return PushMsg{s}
	}
}

// failure is how a background action that failed tells it: in the status
// line, or, for a session the store has ended, by going back to the login.
func failure(err error) tea.Msg {
	if SessionEnded(err) {
		return ErrMsg{err}
	}
	return FlashMsg{Text: err.Error(), Err: true}
}
