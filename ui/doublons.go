package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
	"fichier/store"
)

// doublonsScreen lists the fiches that likely are the same person (same
// email, same phone, or same name and birth date) in the responsable's
// scope. Nothing is merged automatically: enter opens a pair, where the
// responsable chooses field by field and confirms.
type doublonsScreen struct {
	c      *Common
	width  int
	height int
	keys   doublonsKeys

	pairs  []store.DuplicatePair
	total  int
	loaded bool
	gate   loadGate // one load at a time
	tab    table
}

type doublonsKeys struct {
	nav                 listKeys
	Open, Reload, Close key.Binding
}

func (k doublonsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Reload, k.Close, arrowsHelp}
}
func (k doublonsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{k.nav.moves(), {k.Open, k.Reload, k.Close}}
}

// doublonsLoaded is the first pairs found and how many there are in all.
type doublonsLoaded struct {
	pairs []store.DuplicatePair
	total int
}

// NewDoublonsScreen lists the likely duplicates.
func NewDoublonsScreen(c *Common) Screen { return newDoublonsScreen(c) }

func newDoublonsScreen(c *Common) *doublonsScreen {
	s := &doublonsScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome}
	s.keys = doublonsKeys{
		nav:    newListKeys(),
		Open:   binding([]string{"enter"}, "entrée", "comparer et fusionner"),
		Reload: binding([]string{"r"}, "r", "relire"),
		Close:  binding([]string{"esc"}, "esc", "retour"),
	}
	s.tab = newTable(s.keys.nav)
	return s
}

func (s *doublonsScreen) Init() tea.Cmd { return s.load() }

func (s *doublonsScreen) load() tea.Cmd {
	if !s.gate.start() {
		return nil
	}
	st, sess := s.c.Store, s.c.Session
	return ask(s, func() (v doublonsLoaded, err error) {
		v.pairs, v.total, err = st.DuplicatePairs(sess, 1000)
		return v, err
	})
}

func (s *doublonsScreen) SetSize(w, h int) { s.width, s.height = w, h }
func (s *doublonsScreen) Title() string    { return "Doublons" }
func (s *doublonsScreen) Keys() help.KeyMap {
	return s.keys
}
func (s *doublonsScreen) Capturing() bool { return false }
func (s *doublonsScreen) Dirty() bool     { return false }

func (s *doublonsScreen) Status() string {
	if !s.loaded {
		return "recherche des doublons…"
	}
	return FormatCount(s.total) + " " + plural(s.total, "paire probable", "paires probables")
}

func (s *doublonsScreen) rows() int { return max(s.height-5, 1) }

func (s *doublonsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[doublonsLoaded]:
		again := s.gate.done()
		if msg.err != nil {
			return s, func() tea.Msg { return ErrMsg{msg.err} }
		}
		s.pairs, s.total, s.loaded = msg.val.pairs, msg.val.total, true
		s.tab.SetLen(len(s.pairs))
		if again {
			return s, s.load()
		}
		return s, nil
	case StoreEventMsg:
		return s, s.load()
	case tea.KeyMsg:
		s.tab.SetHeight(s.rows())
		if s.tab.Move(msg) {
			return s, nil
		}
		switch {
		case key.Matches(msg, s.keys.Open):
			if i := s.tab.Selected(); i >= 0 {
				if !s.c.User.Rights.Has(model.RightWrite) {
					return s, Flash("lecture seule : votre compte ne permet pas de fusionner des fiches", true)
				}
				p := s.pairs[i]
				return s, Push(newMergeScreen(s.c, p.A.ID, p.B.ID, p.Reasons))
			}
		case key.Matches(msg, s.keys.Reload):
			return s, s.load()
		case key.Matches(msg, s.keys.Close):
			return s, closeScreen(s)
		}
	}
	return s, nil
}

func pairSide(p *model.Person) string {
	return fmt.Sprintf("%s (ID %d, %s)", model.StripControl(p.SortName()), p.ID, p.Kind.Short())
}

func (s *doublonsScreen) View() string {
	st := s.c.Styles
	out := []string{""}
	out = append(out, wrapIndent(st.Title.Render("Doublons probables")+st.Muted.Render(" · même courriel, même téléphone, ou mêmes nom et date de naissance"), s.width, "  ", "  ")...)
	out = append(out, "")
	switch {
	case !s.loaded:
		out = append(out, "  "+st.Muted.Render("recherche…"))
	case len(s.pairs) == 0:
		out = append(out, "  "+st.Success.Render("Aucun doublon probable dans votre périmètre."))
	}
	s.tab.SetHeight(s.rows())
	out = append(out, s.tab.Lines(st, func(i int) string {
		p := s.pairs[i]
		return fit(pairSide(&p.A)+" ↔ "+pairSide(&p.B)+" · "+strings.Join(p.Reasons, ", "), s.width-3)
	})...)
	if s.loaded && s.total > len(s.pairs) {
		out = append(out, "  "+st.Muted.Render(fmt.Sprintf("… et %s autres : fusionnez ces premières paires, la liste se complète.", FormatCount(s.total-len(s.pairs)))))
	}
	return strings.Join(out, "\n")
}
