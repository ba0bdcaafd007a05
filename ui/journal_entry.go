package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"fichier/model"
)

// journalEntryScreen shows one entry of the journal in full.
type journalEntryScreen struct {
	c      *Common
	e      model.AuditEntry
	name   string
	width  int
	height int
	offset int
	keys   keyMap
}

func newJournalEntryScreen(c *Common, e model.AuditEntry, name string) *journalEntryScreen {
	s := &journalEntryScreen{c: c, e: e, name: name, width: defaultWidth, height: defaultHeight - Chrome}
	up := binding([]string{"up", "k"}, "↑", "défiler")
	down := binding([]string{"down", "j"}, "↓", "défiler")
	open := binding([]string{"f"}, "f", "ouvrir la fiche")
	back := binding([]string{"esc", "enter"}, "esc", "retour")
	s.keys = keyMap{short: []key.Binding{back, arrowsHelp}, full: [][]key.Binding{{up, down, back}}}
	if e.PersonID != 0 && name != "" {
		s.keys.short = []key.Binding{back, open, arrowsHelp}
		s.keys.full = [][]key.Binding{{up, down, open, back}}
	}
	return s
}

func (s *journalEntryScreen) Init() tea.Cmd    { return nil }
func (s *journalEntryScreen) SetSize(w, h int) { s.width, s.height = w, h }
func (s *journalEntryScreen) Title() string    { return "Journal · entrée " + FormatCount(int(s.e.ID)) }
func (s *journalEntryScreen) Status() string {
	return shortDateTime(s.e.At) + " · " + ficheClean(s.e.Actor)
}
func (s *journalEntryScreen) Keys() help.KeyMap { return s.keys }
func (s *journalEntryScreen) Capturing() bool   { return false }
func (s *journalEntryScreen) Dirty() bool       { return false }

func (s *journalEntryScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		switch k.String() {
		case "esc", "enter", "backspace":
			return s, closeScreen(s)
		case "up", "k":
			s.offset = max(s.offset-1, 0)
		case "down", "j":
			s.offset++
		case "pgdown":
			s.offset += max(s.height-2, 1)
		case "pgup":
			s.offset = max(s.offset-max(s.height-2, 1), 0)
		case "f":
			if s.e.PersonID != 0 && s.name != "" {
				return s, Push(NewFicheScreen(s.c, s.e.PersonID))
			}
		}
	}
	return s, nil
}

func (s *journalEntryScreen) lines() []string {
	st := s.c.Styles
	e := s.e
	width := max(s.width-20, 10)
	var out []string
	row := func(label, value string) {
		for i, l := range wrapText(value, width) {
			if i == 0 {
				out = append(out, "  "+st.Label.Render(padRight(label, 15))+" "+l)
			} else {
				out = append(out, "  "+padRight("", 15)+" "+l)
			}
		}
	}
	out = append(out, "", "  "+st.Title.Render(capitalize(e.Action.Label())), "")
	row("Quand", e.At.Local().Format("02/01/2006 à 15:04:05"))
	row("Qui", ficheClean(e.Actor))
	row("Quoi", e.Action.Label()+"  ("+ficheClean(string(e.Action))+")")
	if e.PersonID != 0 {
		who := "fiche " + FormatCount(int(e.PersonID))
		if s.name != "" {
			who += " · " + s.name
		} else if e.Action != model.ActionPersonErase {
			who += " (effacée ou hors de votre périmètre)"
		}
		row("Fiche", who)
	}
	row("Où", s.c.Store.Describe(e.Org))
	if d := ficheClean(e.Detail); d != "" {
		row("Détail", d)
	}
	if len(e.Changes) > 0 {
		out = append(out, "", "  "+st.Title.Render("Changements"))
		for _, ch := range e.Changes {
			old, nw := ficheChangeValues(ch)
			row(ficheClean(ch.Field), old+" → "+nw)
		}
	}
	return out
}

func (s *journalEntryScreen) View() string {
	all := s.lines()
	h := max(s.height, 1)
	s.offset = clamp(s.offset, 0, max(len(all)-h, 0))
	end := min(s.offset+h, len(all))
	shown := all[s.offset:end]
	if len(all) > h && len(shown) > 0 {
		shown[len(shown)-1] = s.c.Styles.Muted.Render(fmt.Sprintf("  ↑↓ défiler · lignes %d–%d sur %d", s.offset+1, end, len(all)))
	}
	for i := range shown {
		shown[i] = ansi.Truncate(shown[i], s.width, "…")
	}
	return strings.Join(shown, "\n")
}
