package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// binding builds a key binding with its French help text.
func binding(keys []string, helpKey, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
}

// globalKeys are the keys the app handles on every screen (except while a
// text field has the focus, for the single-character ones).
type globalKeys struct {
	Screens   key.Binding // 1-9
	FScreens  key.Binding // F1-F9: the same, even while typing in a field
	Palette   key.Binding
	Help      key.Binding
	Quit      key.Binding
	ForceQuit key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Screens:   binding([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "écran"),
		FScreens:  binding([]string{"f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"}, "F1-F9", "écran (même en saisie)"),
		Palette:   binding([]string{"ctrl+p"}, "ctrl+p", "commandes"),
		Help:      binding([]string{"?"}, "?", "aide"),
		Quit:      binding([]string{"q"}, "q", "quitter"),
		ForceQuit: binding([]string{"ctrl+c"}, "ctrl+c", "quitter"),
	}
}

// arrowsHelp stands for ↑ and ↓ in short help lines.
var arrowsHelp = binding([]string{"up", "down"}, "↑↓", "naviguer")

// listKeys are the moves shared by the app's lists (fiches, saved searches,
// palette, home menu).
type listKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

func newListKeys() listKeys {
	return listKeys{
		Up:       binding([]string{"up", "k"}, "↑/k", "monter"),
		Down:     binding([]string{"down", "j"}, "↓/j", "descendre"),
		PageUp:   binding([]string{"pgup"}, "pgup", "page précédente"),
		PageDown: binding([]string{"pgdown"}, "pgdown", "page suivante"),
		Top:      binding([]string{"home", "g"}, "début/g", "première"),
		Bottom:   binding([]string{"end", "G"}, "fin/G", "dernière"),
	}
}

// moves is every move, for full help.
func (k listKeys) moves() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// arrowsOnly drops the letter keys (j, k, g, G) of list moves, for lists
// whose keys go to a text field (palette).
func (k listKeys) arrowsOnly() listKeys {
	only := func(b key.Binding, keys ...string) key.Binding {
		h := b.Help()
		return binding(keys, strings.Split(h.Key, "/")[0], h.Desc)
	}
	return listKeys{
		Up: only(k.Up, "up"), Down: only(k.Down, "down"),
		PageUp: k.PageUp, PageDown: k.PageDown,
		Top: only(k.Top, "home"), Bottom: only(k.Bottom, "end"),
	}
}

// move applies a list move to cursor within n items, with page as the
// page size; it reports whether msg was a move.
func (k listKeys) move(msg tea.KeyMsg, cursor *int, n, page int) bool {
	page = max(page, 1)
	switch {
	case key.Matches(msg, k.Up):
		*cursor--
	case key.Matches(msg, k.Down):
		*cursor++
	case key.Matches(msg, k.PageUp):
		*cursor -= page
	case key.Matches(msg, k.PageDown):
		*cursor += page
	case key.Matches(msg, k.Top):
		*cursor = 0
	case key.Matches(msg, k.Bottom):
		*cursor = n - 1
	default:
		return false
	}
	*cursor = clamp(*cursor, 0, n-1)
	return true
}

// clamp bounds v to [lo, hi]; an empty range (hi < lo) gives lo.
func clamp(v, lo, hi int) int {
	if v > hi {
		v = hi
	}
	if v < lo {
		v = lo
	}
	return v
}

// keyMap is a help.KeyMap from plain lists.
type keyMap struct {
	short []key.Binding
	full  [][]key.Binding
}

func (k keyMap) ShortHelp() []key.Binding  { return k.short }
func (k keyMap) FullHelp() [][]key.Binding { return k.full }

// listHelp is the help of a list with a few actions: the actions, then
// ↑↓, on the help line; every move, then the actions, in full help.
func listHelp(nav listKeys, actions ...key.Binding) keyMap {
	return keyMap{
		short: append(slices.Clip(actions), arrowsHelp),
		full:  [][]key.Binding{nav.moves(), actions},
	}
}

// joinedKeys is a screen's keymap followed by the app's global keys.
type joinedKeys struct {
	screen help.KeyMap
	short  []key.Binding
	full   []key.Binding
}

func (j joinedKeys) ShortHelp() []key.Binding {
	var out []key.Binding
	if j.screen != nil {
		out = append(out, j.screen.ShortHelp()...)
	}
	return append(out, j.short...)
}

func (j joinedKeys) FullHelp() [][]key.Binding {
	var out [][]key.Binding
	if j.screen != nil {
		out = append(out, j.screen.FullHelp()...)
	}
	if len(j.full) > 0 {
		out = append(out, j.full)
	}
	return out
}

// keyTypes maps the names bubbletea gives special keys ("enter", "ctrl+s",
// "pgdown" …) back to their types, to replay a binding's key (palette).
var keyTypes = func() map[string]tea.KeyType {
	m := map[string]tea.KeyType{}
	for k := -200; k <= 300; k++ {
		if name := tea.KeyType(k).String(); name != "" {
			if _, dup := m[name]; !dup {
				m[name] = tea.KeyType(k)
			}
		}
	}
	return m
}()

// keyMsgFor builds the key message bubbletea would send for a key name as
// used in bindings ("e", "enter", "alt+x", "ctrl+s"); false if unknown.
func keyMsgFor(name string) (tea.KeyMsg, bool) {
	alt := false
	if rest, ok := strings.CutPrefix(name, "alt+"); ok && rest != "" {
		alt, name = true, rest
	}
	if name == " " || name == "space" {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}, Alt: alt}, true
	}
	if t, ok := keyTypes[name]; ok && t != tea.KeyRunes {
		return tea.KeyMsg{Type: t, Alt: alt}, true
	}
	if rs := []rune(name); len(rs) == 1 {
		return tea.KeyMsg{Type: tea.KeyRunes, Runes: rs, Alt: alt}, true
	}
	return tea.KeyMsg{}, false
}
