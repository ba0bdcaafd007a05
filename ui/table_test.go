package ui

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func tableKey(name string) tea.KeyMsg {
	k, _ := keyMsgFor(name)
	return k
}

func TestTableWindowFollowsTheCursor(t *testing.T) {
	tab := newTable(newListKeys())
	tab.SetLen(10)
	tab.SetHeight(3)
	if got := tab.Window(); !slices.Equal(got, []int{0, 1, 2}) {
		t.Fatalf("first window %v", got)
	}
	for range 4 {
		tab.Move(tableKey("down"))
	}
	if got := tab.Window(); tab.Selected() != 4 || !slices.Equal(got, []int{2, 3, 4}) {
		t.Errorf("cursor %d window %v, want 4 in [2 3 4]", tab.Selected(), got)
	}
	tab.Move(tableKey("end"))
	if got := tab.Window(); tab.Selected() != 9 || !slices.Equal(got, []int{7, 8, 9}) {
		t.Errorf("end: cursor %d window %v", tab.Selected(), got)
	}
	tab.SetLen(5) // rows went away: the cursor stays on the last one, no blank below
	if got := tab.Window(); tab.Selected() != 4 || !slices.Equal(got, []int{2, 3, 4}) {
		t.Errorf("shrunk: cursor %d window %v", tab.Selected(), got)
	}
	tab.SetLen(0)
	if tab.Selected() != -1 || len(tab.Window()) != 0 {
		t.Errorf("empty: cursor %d window %v", tab.Selected(), tab.Window())
	}
	if tab.Move(tableKey("x")) {
		t.Error("x is not a move")
	}
}

func TestTableSearchNarrowsAndKeepsTheRow(t *testing.T) {
	names := []string{"Bièvre", "Sud-Grenoblois", "Grenoble", "Grésivaudan", "Voironnais"}
	tab := newTable(newListKeys().arrowsOnly())
	tab.SetTexts(names)
	tab.SetHeight(10)
	for _, r := range "gre" {
		if !tab.Search(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}) {
			t.Fatalf("%c not taken by the search", r)
		}
	}
	// Where "gre" starts the name first, then where it starts a word; accents ignored.
	var got []string
	for _, i := range tab.Window() {
		got = append(got, names[i])
	}
	if want := []string{"Grenoble", "Grésivaudan", "Sud-Grenoblois"}; !slices.Equal(got, want) {
		t.Errorf("found %v, want %v", got, want)
	}
	if tab.Selected() != 2 {
		t.Errorf("the cursor is on %d, want the best match", tab.Selected())
	}
	tab.Move(tableKey("down"))
	// The rows are set again (a reload): the cursor stays on its row.
	tab.SetTexts(append(names, "Agglomération"))
	if i := tab.Selected(); i != 3 {
		t.Errorf("after reload the cursor is on row %d, want 3 (Grésivaudan)", i)
	}
	tab.Search(tea.KeyMsg{Type: tea.KeyBackspace})
	tab.Search(tea.KeyMsg{Type: tea.KeyBackspace})
	tab.Search(tea.KeyMsg{Type: tea.KeyBackspace})
	if tab.Query() != "" || tab.Len() != 6 {
		t.Errorf("query %q, %d rows shown, want all", tab.Query(), tab.Len())
	}
	if tab.Search(tea.KeyMsg{Type: tea.KeyBackspace}) {
		t.Error("backspace on an empty search is not the search's")
	}
	// Rows without text have no search.
	plain := newTable(newListKeys())
	plain.SetLen(3)
	if plain.Search(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("a")}) {
		t.Error("a table without texts searched")
	}
}

func TestTableLinesMarkTheCursor(t *testing.T) {
	tab := newTable(newListKeys())
	tab.SetLen(3)
	tab.SetHeight(2)
	tab.Move(tableKey("down"))
	got := strings.Join(tab.Lines(testStyles(), func(i int) string { return string(rune('a' + i)) }), "|")
	if got != "  a|▸ b" {
		t.Errorf("lines %q", got)
	}
}

func TestFitColumnsShrinkThenDropByPriority(t *testing.T) {
	cols := []column{
		{width: 20, min: 10, keep: 9},     // name
		{width: 5, keep: 5},               // kind
		{width: 20, min: 8, keep: 3},      // unit
		{width: 14, keep: 8, right: true}, // phone
	}
	for _, c := range []struct {
		w    int
		want []int
	}{
		{80, []int{20, 5, 20, 14}}, // all fit: 62 cells
		{55, []int{20, 5, 13, 14}}, // the last shrinkable column shrinks first
		{45, []int{15, 5, 8, 14}},  // then the one before
		{40, []int{10, 5, 8, 14}},  // down to their minimum
		{35, []int{14, 5, 0, 14}},  // then the lowest priority goes
		{20, []int{20, 0, 0, 0}},   // and the next ones
	} {
		if got := fitColumns(cols, c.w); !slices.Equal(got, c.want) {
			t.Errorf("width %d: %v, want %v", c.w, got, c.want)
		}
	}
	widths := fitColumns(cols, 35)
	line := joinCells(cols, widths, "DUPONT Jean", "adh", "Sud-Grenoblois", "06 12 34 56 78")
	if line != "DUPONT Jean    adh   06 12 34 56 78" {
		t.Errorf("row %q", line)
	}
}
