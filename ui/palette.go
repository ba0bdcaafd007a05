package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
)

// paletteScreen is the command palette (ctrl+p): type to find a screen or
// an action by name, enter runs it.
type paletteScreen struct {
	c      *Common
	all    []Command
	tab    table // over all, searched by what is typed in input
	input  textinput.Model
	width  int
	height int
	keys   paletteKeys
}

type paletteKeys struct {
	list       listKeys
	Run, Close key.Binding
}

func newPaletteScreen(c *Common, cmds []Command) *paletteScreen {
	p := &paletteScreen{c: c, all: cmds, width: defaultWidth, height: defaultHeight - Chrome}
	p.keys = paletteKeys{
		list:  newListKeys().arrowsOnly(),
		Run:   binding([]string{"enter"}, "entrée", "lancer"),
		Close: binding([]string{"esc"}, "esc", "fermer"),
	}
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.Name
	}
	p.tab = newTable(p.keys.list)
	p.tab.SetTexts(names)
	p.input = newInput(c.Styles, "tapez le nom d'un écran ou d'une action", 80)
	p.input.Focus()
	return p
}

// matchScore is how rows are searched (tables, palette): every word typed
// must be in the name (accents and case ignored); names where it starts a
// word come first; failing that, the letters in order (fuzzy). It scores
// a folded name against folded words; ok is false when it does not match.
func matchScore(name string, words []string) (score int, ok bool) {
	if len(words) == 0 {
		return 0, true
	}
	for _, w := range words {
		switch i := strings.Index(name, w); {
		case i == 0:
			score += 3
		case i > 0 && !isLetter(name[i-1]):
			score += 2
		case i > 0:
			score++
		case subsequence(name, w):
			// fuzzy: the letters in order
		default:
			return 0, false
		}
	}
	return score, true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80 }

func subsequence(s, sub string) bool {
	rs := []rune(sub)
	j := 0
	for _, r := range s {
		if j < len(rs) && r == rs[j] {
			j++
		}
	}
	return j == len(rs)
}

func (p *paletteScreen) Init() tea.Cmd     { return nil }
func (p *paletteScreen) SetSize(w, h int)  { p.width, p.height = w, h; p.input.Width = max(w-8, 10) }
func (p *paletteScreen) Title() string     { return "Commandes" }
func (p *paletteScreen) Keys() help.KeyMap { return listHelp(p.keys.list, p.keys.Run, p.keys.Close) }
func (p *paletteScreen) Capturing() bool   { return true }
func (p *paletteScreen) Dirty() bool       { return false }
func (p *paletteScreen) rowsHeight() int   { return max(p.height-4, 1) }
func (p *paletteScreen) shown() int        { return p.tab.Len() }

func (p *paletteScreen) Status() string {
	return FormatCount(p.shown()) + " " + plural(p.shown(), "commande", "commandes")
}

func (p *paletteScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	switch {
	case key.Matches(k, p.keys.Close):
		return p, closeScreen(p)
	case key.Matches(k, p.keys.Run):
		if i := p.tab.Selected(); i >= 0 {
			run := p.all[i].Run
			return p, func() tea.Msg { return paletteRunMsg{run: run} }
		}
		return p, nil
	}
	p.tab.SetHeight(p.rowsHeight())
	if p.tab.Move(k) {
		return p, nil
	}
	before := p.input.Value()
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(k)
	if p.input.Value() != before {
		p.tab.SetQuery(p.input.Value())
	}
	return p, cmd
}

func (p *paletteScreen) View() string {
	s := p.c.Styles
	lines := []string{"", " " + s.Key.Render(">") + " " + p.input.View(), ""}
	if p.shown() == 0 {
		lines = append(lines, "  "+s.Muted.Render("aucune commande ne correspond"))
	}
	keyW := 8
	p.tab.SetHeight(p.rowsHeight())
	lines = append(lines, p.tab.Marked(func(i int, selected bool) string {
		c := p.all[i]
		name := cell(model.StripControl(c.Name), max(p.width-keyW-6, 10))
		if selected {
			name = s.Selected.Render(name)
		}
		return name + "  " + s.Muted.Render(c.Key)
	})...)
	return strings.Join(lines, "\n")
}
