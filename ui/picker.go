package ui

import tea "github.com/charmbracelet/bubbletea"

// picker is the search opened by typing on a choice among many (a unit):
// the letters typed narrow the options to those whose name holds them, ↑↓
// move among them, and the option under the cursor is the choice while it
// is open. Enter keeps it, esc puts back the choice from before.
type picker struct {
	tab  table
	prev int // option chosen when the search was opened
	gone bool
}

// pickerHeight is how many options a picker shows at most.
const pickerHeight = 6

// openPicker starts a search among names, current being the option chosen
// so far (-1 for none), with the key msg that opened it.
func openPicker(names []string, current int, msg tea.KeyMsg) *picker {
	p := &picker{tab: newTable(newListKeys().arrowsOnly()), prev: current}
	p.tab.SetTexts(names)
	p.tab.SetHeight(pickerHeight)
	p.tab.Search(msg)
	return p
}

// Key handles a key: open is false once the search is over (enter, esc,
// or a key that is not the picker's, which used reports as false so that
// the caller handles it).
func (p *picker) Key(msg tea.KeyMsg) (open, used bool) {
	switch {
	case msg.Type == tea.KeyEsc:
		p.gone = true
		return false, true
	case msg.Type == tea.KeyEnter:
		return false, true
	case p.tab.Move(msg), p.tab.Search(msg):
		return true, true
	}
	return false, false
}

// Chosen is the option chosen: the one under the cursor, or the one from
// before when the search was cancelled or matches nothing.
func (p *picker) Chosen() int {
	if i := p.tab.Selected(); i >= 0 && !p.gone {
		return i
	}
	return p.prev
}

// View is the search line and the options found, indented by pad.
func (p *picker) View(st *Styles, pad string, draw func(i int) string) []string {
	out := []string{pad + p.tab.SearchLine(st)}
	for _, l := range p.tab.Lines(st, draw) {
		out = append(out, pad+l)
	}
	return out
}

// isTyping reports whether msg is a letter typed (which opens a picker).
func isTyping(msg tea.KeyMsg) bool {
	return msg.Type == tea.KeyRunes && !msg.Alt
}
