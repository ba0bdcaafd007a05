package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
)

// Enter on an arrival reads the sections it can be given: until they are
// read, the screen says so (and not an empty list that Enter ignores).
func TestMutationsScreenSaysPlacesAreLoading(t *testing.T) {
	w := newAppWorld(t, true)
	c := sessionCommon(t, w.st, w.session(t))
	s, _ := NewMutationsScreen(c).Update(reply[mutLoaded]{val: mutLoaded{
		{Kind: model.MutationIn, To: w.fed.Path, Name: "Léa Girard"}}})
	s, cmd := s.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if cmd == nil {
		t.Fatal("enter on the arrival reads no section")
	}
	screenHas(t, s.View(), "Section d'arrivée de Léa Girard", "chargement…")
	s, _ = s.Update(cmd())
	screenHas(t, s.View(), "Sud-Grenoblois (sans cellule)")
	screenLacks(t, s.View(), "chargement…")
}
