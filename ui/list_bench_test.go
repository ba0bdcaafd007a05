package ui

import (
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"fichier/internal/storetest"
	"fichier/store"
)

// benchList opens the list of fiches on a file of n fiches, at 80×24, as
// the national responsable, with its first search done.
func benchList(b *testing.B, n int) *listScreen {
	b.Helper()
	st, err := store.Open(storetest.DemoFile(b, n), store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	l := newListScreen(sessionCommon(b, st, st.SystemSession("bench")), "", false)
	l.SetSize(80, 24-Chrome)
	runCmds(l, l.search(""))
	if len(l.ids) < n*9/10 {
		b.Fatalf("%d fiches", len(l.ids))
	}
	return l
}

// BenchmarkFilterKeystroke100k measures one keystroke in the filter bar at
// 100k fiches: the list's Update with the key, the search it starts, the
// result fed back, and the View drawn. The keystrokes type then erase
// "type:adh gre" (results from 100k down to a few hundred and back).
func BenchmarkFilterKeystroke100k(b *testing.B) {
	benchKeystrokes(b, benchList(b, 100_000), "type:adh gre")
}

// keystrokeTexts are typed in the filter bar: free words and the store's
// benchmark queries (store.BenchmarkSearch100k).
var keystrokeTexts = []string{
	"dupont", "emilie martin", "grenoble",
	"type:adh quartier:villeneuve",
	"type:adhérent intérêt:santé -courriel:",
	"âge:30-45 commune:échirolles",
	"cellule: type:adh section:sud",
}

// BenchmarkFilterKeystrokes100k is BenchmarkFilterKeystroke100k for each of
// keystrokeTexts (typed then erased, one key at a time).
func BenchmarkFilterKeystrokes100k(b *testing.B) { benchKeystrokesAll(b, 100_000) }

// BenchmarkFilterKeystrokes1M is the same at 1M fiches (FICHIER_LONG_BENCH=1:
// the first run generates the file).
func BenchmarkFilterKeystrokes1M(b *testing.B) {
	if os.Getenv("FICHIER_LONG_BENCH") == "" {
		b.Skip("FICHIER_LONG_BENCH=1 pour ce banc (long)")
	}
	benchKeystrokesAll(b, 1_000_000)
}

func benchKeystrokesAll(b *testing.B, n int) {
	l := benchList(b, n)
	for _, text := range keystrokeTexts {
		b.Run(text, func(b *testing.B) { benchKeystrokes(b, l, text) })
	}
}

// benchKeystrokes types then erases text in the list's filter bar, one key
// per iteration; worst-ms is the slowest single keystroke.
func benchKeystrokes(b *testing.B, l *listScreen, text string) {
	l.focus()
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
		runCmds(l, cmd)
		if v := l.View(); len(v) == 0 {
			b.Fatal("empty view")
		}
		worst = max(worst, time.Since(start))
		i++
	}
	for ; i%len(keys) != 0; i++ { // leave the filter bar empty
		_, cmd := l.Update(keys[i%len(keys)])
		runCmds(l, cmd)
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
}

// BenchmarkListScroll100k measures moving the cursor one row down (with a
// page scroll now and then) and drawing, at 100k fiches.
func BenchmarkListScroll100k(b *testing.B) {
	l := benchList(b, 100_000)
	down := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'j'}}
	b.ReportAllocs()
	for b.Loop() {
		_, cmd := l.Update(down)
		runCmds(l, cmd)
		_ = l.View()
	}
}
