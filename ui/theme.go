package ui

import (
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles are built once per session from that session's renderer (its own
// terminal's colours). Colours only add meaning: with NO_COLOR every screen
// still reads, thanks to bold, reverse and the ▸ cursor.
type Styles struct {
	r *lipgloss.Renderer

	Header    lipgloss.Style // top line
	Rule      lipgloss.Style // ─── separators
	Status    lipgloss.Style // bottom status line
	Help      lipgloss.Style
	Title     lipgloss.Style // section titles inside a screen
	Label     lipgloss.Style // field labels
	Value     lipgloss.Style
	Muted     lipgloss.Style // "—", secondary text
	Selected  lipgloss.Style // the cursor row
	Error     lipgloss.Style
	Success   lipgloss.Style
	Warning   lipgloss.Style
	Key       lipgloss.Style // key names in menus
	Tab       lipgloss.Style
	ActiveTab lipgloss.Style
	Input     lipgloss.Style // focused input
	Box       lipgloss.Style // dialogs
}

// NewStyles builds the styles for a renderer (nil = the process's own
// terminal). NO_COLOR forces monochrome.
func NewStyles(r *lipgloss.Renderer) *Styles {
	if r == nil {
		r = lipgloss.NewRenderer(os.Stdout)
	}
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		r.SetColorProfile(termenv.Ascii)
	}
	accent := lipgloss.AdaptiveColor{Light: "#B0122B", Dark: "#FF5F6D"} // the party's red
	muted := lipgloss.AdaptiveColor{Light: "#6C6C6C", Dark: "#8A8A8A"}
	ok := lipgloss.AdaptiveColor{Light: "#1B7F3B", Dark: "#5FD787"}
	warn := lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#FFD75F"}
	s := &Styles{r: r}
	s.Header = r.NewStyle().Bold(true)
	// What frames and explains the data is muted, all alike.
	s.Muted = r.NewStyle().Foreground(muted)
	s.Rule, s.Status, s.Help, s.Label, s.Tab = s.Muted, s.Muted, s.Muted, s.Muted, s.Muted
	s.Title = r.NewStyle().Bold(true).Foreground(accent)
	s.Value = r.NewStyle()
	s.Selected = r.NewStyle().Reverse(true)
	s.Error = r.NewStyle().Bold(true).Foreground(accent)
	s.Success = r.NewStyle().Foreground(ok)
	s.Warning = r.NewStyle().Foreground(warn)
	s.Key = r.NewStyle().Bold(true)
	s.ActiveTab = r.NewStyle().Bold(true).Underline(true)
	s.Input = r.NewStyle().Underline(true)
	s.Box = r.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1)
	return s
}

// Renderer is the session's lipgloss renderer.
func (s *Styles) Renderer() *lipgloss.Renderer { return s.r }
