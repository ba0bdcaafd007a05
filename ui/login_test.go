package ui

import "testing"

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
		words := fitWords{}
		for _, size := range fitSizes {
			d := startApp(t, w.st, nil, size[0], size[1])
			d.waitFor(c.shows)
			words.check(t, c.name, d, size)
			d.quit()
		}
	}
}
