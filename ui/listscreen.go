package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
	"fichier/store"
)

// storeList is what the read-only list screens share (the phone rounds,
// the suites à donner, the reminders): rows read from the store in a
// command, one read at a time and again after every committed change; a
// table over the rows; and in place of the rows, "chargement…" until the
// first answer, the error of a failed read, or a sentence when there is no
// row. A screen embeds it (it then has Init, SetSize, Capturing and Dirty)
// and keeps only what is its own:
//
//	s.storeList = newStoreList(c, s, 5, (*store.Store).Rounds)
//	Update: if cmd, done := s.update(msg); done { return s, cmd }
//	View:   return s.view(head, "Aucune campagne…", drawRow)
type storeList[T any] struct {
	c      *Common
	owner  Screen // the screen the answers go to
	read   func(*store.Store, *store.Session) ([]T, error)
	spare  int // body lines that are not rows (title, headings, blank lines)
	rows   []T
	loaded bool
	err    string // the last read failed
	gate   loadGate
	tab    table // over rows
	width  int
	height int
}

// listRows is a storeList's answer from the store.
type listRows[T any] []T

func newStoreList[T any](c *Common, owner Screen, spare int, read func(*store.Store, *store.Session) ([]T, error)) storeList[T] {
	return storeList[T]{c: c, owner: owner, read: read, spare: spare,
		width: defaultWidth, height: defaultHeight - Chrome, tab: newTable(newListKeys())}
}

// load reads the rows in a command (or, while a read runs, asks for one
// more once it is done).
func (l *storeList[T]) load() tea.Cmd {
	if !l.gate.start() {
		return nil
	}
	st, sess, read := l.c.Store, l.c.Session, l.read
	return ask(l.owner, func() (listRows[T], error) { return read(st, sess) })
}

func (l *storeList[T]) Init() tea.Cmd { return l.load() }

func (l *storeList[T]) SetSize(w, h int) {
	l.width, l.height = w, h
	l.tab.SetHeight(max(h-l.spare, 1))
}

func (l *storeList[T]) Capturing() bool { return false }
func (l *storeList[T]) Dirty() bool     { return false }

// update takes what every list screen takes alike: the rows read, a change
// committed (read again), a move in the table. done is false for what is
// the screen's own.
func (l *storeList[T]) update(msg tea.Msg) (cmd tea.Cmd, done bool) {
	switch msg := msg.(type) {
	case reply[listRows[T]]:
		if msg.err != nil {
			cmd = keepErr(&l.err, msg.err)
		} else {
			l.rows, l.loaded, l.err = msg.val, true, ""
			l.tab.SetLen(len(l.rows))
		}
		if l.gate.done() { // a change came while reading, even a failed read
			cmd = tea.Batch(cmd, l.load())
		}
		return cmd, true
	case StoreEventMsg:
		return l.load(), true
	case tea.KeyMsg:
		return nil, l.tab.Move(msg)
	}
	return nil, false
}

// selected is the row under the cursor, nil when there is none.
func (l *storeList[T]) selected() *T {
	if i := l.tab.Selected(); i >= 0 {
		return &l.rows[i]
	}
	return nil
}

// count is the status line's "3 campagnes", or that they are being read.
func (l *storeList[T]) count(one, many string) string {
	if !l.loaded {
		return "chargement…"
	}
	return FormatCount(len(l.rows)) + " " + plural(len(l.rows), one, many)
}

// view is the body: head, then the rows as draw makes them (or what stands
// in their place), each line fitted to the width.
func (l *storeList[T]) view(head []string, empty string, draw func(*T) string) string {
	st := l.c.Styles
	lines := head
	switch {
	case l.err != "":
		lines = append(lines, "  "+st.Error.Render(model.StripControl(l.err)))
	case !l.loaded:
		lines = append(lines, "  "+st.Muted.Render("chargement…"))
	case len(l.rows) == 0:
		lines = append(lines, "  "+st.Muted.Render(empty))
	default:
		lines = append(lines, l.tab.Lines(st, func(i int) string { return draw(&l.rows[i]) })...)
	}
	for i, line := range lines {
		lines[i] = fit(line, l.width)
	}
	return strings.Join(lines, "\n")
}
