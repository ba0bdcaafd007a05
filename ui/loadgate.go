package ui

import tea "github.com/charmbracelet/bubbletea"

// loadGate lets a screen run one load at a time: a change arriving while
// it loads asks for one more load once it is done.
type loadGate struct{ loading, pending bool }

// start reports whether a load may start now; if not, one more is asked.
func (g *loadGate) start() bool {
	if g.loading {
		g.pending = true
		return false
	}
	g.loading, g.pending = true, false
	return true
}

// done ends a load; again reports whether another one was asked meanwhile.
func (g *loadGate) done() (again bool) {
	again = g.pending
	g.loading, g.pending = false, false
	return again
}

// loader is a screen's load of what it shows (T), run on a loadGate. The
// screen's load method builds the work and hands it to ask — from Init, on
// a change (StoreEventMsg), on r — and its Update gives the reply[T] to
// answer. Two loads never run together: the answer of an older one could
// come last and hide the newer data.
type loader[T any] struct{ gate loadGate }

// ask runs work as screen s's load, unless one is running: then one more
// load is owed, run when that one answers.
func (l *loader[T]) ask(s Screen, work func() (T, error)) tea.Cmd {
	if !l.gate.start() {
		return nil
	}
	return ask(s, work)
}

// answer takes a load's reply: show gets what was loaded, or the app shows
// why it failed; then, if a load was asked meanwhile, load runs it.
func (l *loader[T]) answer(r reply[T], show func(T), load func() tea.Cmd) tea.Cmd {
	again := l.gate.done()
	var cmd tea.Cmd
	if r.err != nil {
		cmd = reportErr(r.err)
	} else {
		show(r.val)
	}
	if again {
		return tea.Batch(cmd, load())
	}
	return cmd
}
