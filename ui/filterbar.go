package ui

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
)

// newInput builds a text field drawn with the session's styles (not the
// process's default renderer), with a steady cursor (no blinking: nothing
// to redraw twice a second over SSH).
func newInput(s *Styles, placeholder string, limit int) textinput.Model {
	ti := textinput.New()
	r := s.Renderer()
	ti.Prompt = ""
	ti.Placeholder = placeholder
	ti.CharLimit = limit
	ti.PromptStyle = r.NewStyle()
	ti.TextStyle = r.NewStyle()
	ti.PlaceholderStyle = s.Muted
	ti.CompletionStyle = s.Muted
	ti.Cursor.Style = r.NewStyle()
	ti.Cursor.TextStyle = r.NewStyle()
	ti.Cursor.SetMode(cursor.CursorStatic)
	return ti
}

// newPasswordInput is newInput that shows • for each character typed.
func newPasswordInput(s *Styles, placeholder string) textinput.Model {
	ti := newInput(s, placeholder, 256)
	ti.EchoMode = textinput.EchoPassword
	ti.EchoCharacter = '•'
	return ti
}
