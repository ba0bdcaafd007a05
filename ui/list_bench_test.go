package ui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"fichier/internal/storetest"
	"fichier/store"
)

// benchList opens the list of fiches on a 100k file, at 80×24, as the
// national responsable, with its first search done.
func benchList(b *testing.B) *listScreen {
	b.Helper()
	st, err := store.Open(storetest.DemoFile(b, 100_000), store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	sess := st.SystemSession("bench")
	u, _ := sess.User()
	c := &Common{Store: st, Session: sess, User: u, Styles: testStyles(), Width: 80, Height: 24, Now: time.Now}
	l := newListScreen(c, "", false)
	l.SetSize(80, 24-Chrome)
	feed(l, l.Init())
	if len(l.ids) < 100_000 {
		b.Fatalf("%d fiches", len(l.ids))
	}
	return l
}

// feed runs cmd and gives its messages back to the list, as the program
// would (commands that return nothing are skipped).
func feed(l *listScreen, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			feed(l, c)
		}
	default:
		_, next := l.Update(msg)
		feed(l, next)
	}
}

// BenchmarkFilterKeystroke100k measures one keystroke in the filter bar at
// 100k fiches: the list's Update with the key, the search it starts, the
// result fed back, and the View drawn. The keystrokes type then erase
// "type:adh gre" (results from 100k down to a few hundred and back).
func BenchmarkFilterKeystroke100k(b *testing.B) {
	l := benchList(b)
	l.focus()
	const text = "type:adh gre"
	var keys []tea.KeyMsg
	for _, r := range text {
		keys = append(keys, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	for range text {
		keys = append(keys, tea.KeyMsg{Type: tea.KeyBackspace})
	}
	var worst time.Duration
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		_, cmd := l.Update(keys[i%len(keys)])
		feed(l, cmd)
		if v := l.View(); len(v) == 0 {
			b.Fatal("empty view")
		}
		worst = max(worst, time.Since(start))
		i++
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
}

// BenchmarkListScroll100k measures moving the cursor one row down (with a
// page scroll now and then) and drawing, at 100k fiches.
func BenchmarkListScroll100k(b *testing.B) {
	l := benchList(b)
	down := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'j'}}
	b.ReportAllocs()
	for b.Loop() {
		_, cmd := l.Update(down)
		feed(l, cmd)
		_ = l.View()
	}
}
