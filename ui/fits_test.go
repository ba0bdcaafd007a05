package ui

import (
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"fichier/internal/storetest"
	"fichier/model"
	"fichier/model/demo"
)

// TestEveryScreenFits renders every screen with demo data at 80×24 and
// 60×20 and fails when a screen draws a line wider than the terminal, more
// lines than its body holds (the app would cut them), or a line cut in the
// middle of a word without an ellipsis.
func TestEveryScreenFits(t *testing.T) {
	if testing.Short() {
		t.Skip("demo data")
	}
	base := storetest.NewWorld(t)
	w := &appWorld{st: base.St, sys: base.Sys}
	gen := demo.New(demo.Config{People: 400, Seed: 7, Today: model.DateOf(appNow)})
	if _, err := w.st.LoadDemo(w.sys, gen.Units(), gen.Next, nil); err != nil {
		t.Fatal(err)
	}
	w.addAnnie(t)
	type visit struct {
		name    string
		keys    []string // from home
		text    string   // typed after the keys
		command string   // or: the palette's command run
	}
	var visits []visit
	for _, e := range screenEntries {
		if e.New != nil {
			visits = append(visits, visit{name: e.Name, keys: []string{"f" + e.Key}})
		}
	}
	for _, e := range extraScreens {
		visits = append(visits, visit{name: e.Name, command: e.Name})
	}
	visits = append(visits,
		visit{name: "accueil"},
		visit{name: "aide", keys: []string{"?"}},
		visit{name: "palette", keys: []string{"ctrl+p"}},
		visit{name: "liste filtrée", keys: []string{"f1", "/"}, text: "type:adh"},
		visit{name: "guide de la recherche", keys: []string{"f1", "/", "ctrl+g"}},
		visit{name: "fiche", keys: []string{"f1", "enter"}},
		visit{name: "fiche, état civil", keys: []string{"f1", "enter", "right"}},
		visit{name: "fiche, engagements", keys: []string{"f1", "enter", "right", "right"}},
		visit{name: "fiche, consentement", keys: []string{"f1", "enter", "right", "right", "right"}},
		visit{name: "fiche, notes", keys: []string{"f1", "enter", "left", "left"}},
		visit{name: "fiche, historique", keys: []string{"f1", "enter", "left"}},
		visit{name: "formulaire", keys: []string{"f1", "ctrl+e"}},
		visit{name: "nouvelle fiche", keys: []string{"n"}},
		visit{name: "mon compte, mot de passe", keys: []string{"0", "p"}},
		visit{name: "mon compte, mot de passe refusé", keys: []string{"0", "p", "enter", "enter", "enter"}},
	)
	words := fitWords{}
	for _, size := range fitSizes {
		for _, v := range visits {
			d := startLoggedIn(t, w.st, w.session(t), size[0], size[1])
			d.settled()
			for _, k := range v.keys {
				d.shows(func() { d.press(k) })
			}
			if v.text != "" {
				d.shows(func() { d.typeText(v.text) })
			}
			if v.command != "" {
				d.command(v.command)
				d.until("the palette opens "+v.command, func(p screenProbe) bool { return p.kind != "palette" && p.depth > 0 })
			}
			words.check(t, v.name, d, size)
			d.quit()
		}
	}
}

// shows runs act (keys pressed, text typed) and waits until the screen
// shows its effect, loaded: a screen opens by a message of its own, after
// the key, and the next key must find it there.
func (d *appDriver) shows(act func()) {
	d.t.Helper()
	before := d.screen()
	act()
	d.until("the keys change the screen", func(p screenProbe) bool { return p.screen != before })
	d.settled()
}

// settled waits until the screen stops saying it is loading, and returns
// the top screen's body and the whole screen.
func (d *appDriver) settled() (body, whole string) {
	d.t.Helper()
	p := d.until("the screen is loaded", func(p screenProbe) bool {
		return !strings.Contains(p.screen, "chargement…") && !strings.Contains(p.screen, "recherche…")
	})
	return p.view, p.screen
}

// fitSizes are the terminals every screen is drawn in: first wide ones,
// where nothing is cut, then the two it must fit.
var fitSizes = [][2]int{{fitWide, 24}, {fitWide, 20}, {80, 24}, {60, 20}}

const fitWide = 250

// fitWords are the words the screens show in a wide terminal: a line that,
// in a narrow one, ends with a piece of word not among them was cut.
type fitWords map[string]bool

// check waits for d's screen to be loaded; drawn wide, it learns its
// words, else it checks that the screen fits size.
func (words fitWords) check(t *testing.T, name string, d *appDriver, size [2]int) {
	t.Helper()
	body, whole := d.settled()
	if size[0] == fitWide {
		for _, word := range strings.FieldsFunc(ansi.Strip(whole), notLetter) {
			words[word] = true
		}
		return
	}
	w, h := size[0], size[1]
	name = fmt.Sprintf("%s at %d×%d", name, w, h)
	checkFits(t, name+", body", body, w, h-Chrome)
	for i, l := range strings.Split(whole, "\n") {
		if last := cutWord(ansi.Strip(l), w); last != "" && !words[last] {
			t.Errorf("%s: line %d cut in the word %q without an ellipsis:\n%q", name, i+1, last, ansi.Strip(l))
		}
	}
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

// cutWord is the last word of a line that fills the terminal to its last
// cell with a letter — what a cut without an ellipsis leaves — or "".
func cutWord(line string, w int) string {
	if ansi.StringWidth(line) < w {
		return ""
	}
	rs := []rune(line)
	if len(rs) == 0 || !unicode.IsLetter(rs[len(rs)-1]) {
		return ""
	}
	f := strings.FieldsFunc(line, notLetter)
	return f[len(f)-1]
}
