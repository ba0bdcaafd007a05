package ui

// Placeholder until the fiche view and form land (owned by the fiche/form work).

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
)

// NewFicheScreen shows one fiche (enter on the list).
func NewFicheScreen(c *Common, id model.PersonID) Screen { return &placeholder{c: c, title: "Fiche"} }

// NewFormScreen edits p, or creates a new fiche when p is nil.
func NewFormScreen(c *Common, p *model.Person) Screen {
	return &placeholder{c: c, title: "Nouvelle fiche"}
}

type placeholder struct {
	c     *Common
	title string
}

type placeholderKeys struct{ back key.Binding }

func (k placeholderKeys) ShortHelp() []key.Binding  { return []key.Binding{k.back} }
func (k placeholderKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.back}} }

func (p *placeholder) Init() tea.Cmd { return nil }
func (p *placeholder) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.String() == "esc" {
		return p, Pop()
	}
	return p, nil
}
func (p *placeholder) View() string     { return "" }
func (p *placeholder) SetSize(w, h int) {}
func (p *placeholder) Title() string    { return p.title }
func (p *placeholder) Status() string   { return "" }
func (p *placeholder) Capturing() bool  { return false }
func (p *placeholder) Dirty() bool      { return false }
func (p *placeholder) Keys() help.KeyMap {
	return placeholderKeys{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "retour"))}
}
