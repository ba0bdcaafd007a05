package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The login screens fit 80×24 and 60×20 like every other screen: the first
// run (no responsable yet: eight fields and the hint under the password)
// and the login.
func TestLoginScreensFit(t *testing.T) {
	for _, c := range []struct {
		name     string
		withUser bool
		shows    string
	}{
		{"premier responsable", false, "Bienvenue"},
		{"connexion", true, "Identifiant"},
	} {
		w := newAppWorld(t, c.withUser)
		words := map[string]bool{}
		for _, size := range [][2]int{{250, 24}, {80, 24}, {60, 20}} {
			d := startApp(t, w.st, nil, size[0], size[1])
			d.waitFor(c.shows)
			body, whole := d.settled()
			if size[0] == 250 {
				for _, word := range strings.FieldsFunc(ansi.Strip(whole), notLetter) {
					words[word] = true
				}
			} else {
				checkScreenFits(t, c.name, body, whole, size[0], size[1], words)
			}
			d.quit()
		}
	}
}
