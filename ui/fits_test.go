package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"fichier/model"
	"fichier/model/demo"
	"fichier/store"
)

// TestEveryScreenFits renders every screen with demo data at 80×24 and
// 60×20 and fails when a screen draws a line wider than the terminal, more
// lines than its body holds (the app would cut them), or a line cut in the
// middle of a word without an ellipsis.
func TestEveryScreenFits(t *testing.T) {
	if testing.Short() {
		t.Skip("demo data")
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "demo.db"), store.Options{
		NoSync: true, PasswordCost: 1024, Sleep: func(time.Duration) {}, Now: func() time.Time { return appNow },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &appWorld{st: st, sys: st.SystemSession("test")}
	gen := demo.New(demo.Config{People: 400, Seed: 7, Today: model.DateOf(appNow)})
	if _, err := w.st.LoadDemo(w.sys, gen.Units(), gen.Next, nil); err != nil {
		t.Fatal(err)
	}
	if w.user, err = st.CreateFirstUser(store.UserSpec{FirstName: "Annie", LastName: "Martin", Password: appPassword}); err != nil {
		t.Fatal(err)
	}
	type visit struct {
		name string
		keys []string // from home
		text []string // typed after the keys, then enter
	}
	var visits []visit
	for _, e := range screenEntries {
		if e.New != nil {
			visits = append(visits, visit{name: e.Name, keys: []string{"f" + e.Key}})
		}
	}
	for _, e := range extraScreens {
		visits = append(visits, visit{name: e.Name, keys: []string{"ctrl+p"}, text: []string{e.Name}})
	}
	visits = append(visits,
		visit{name: "accueil"},
		visit{name: "aide", keys: []string{"?"}},
		visit{name: "palette", keys: []string{"ctrl+p"}},
		visit{name: "liste filtrée", keys: []string{"f1", "/"}, text: []string{"type:adh"}},
		visit{name: "guide de la recherche", keys: []string{"f1", "/", "ctrl+g"}},
		visit{name: "fiche", keys: []string{"f1", "enter"}},
		visit{name: "fiche, état civil", keys: []string{"f1", "enter", "right"}},
		visit{name: "fiche, engagements", keys: []string{"f1", "enter", "right", "right"}},
		visit{name: "fiche, consentement", keys: []string{"f1", "enter", "right", "right", "right"}},
		visit{name: "fiche, notes", keys: []string{"f1", "enter", "left", "left"}},
		visit{name: "fiche, historique", keys: []string{"f1", "enter", "left"}},
		visit{name: "formulaire", keys: []string{"f1", "ctrl+e"}},
		visit{name: "nouvelle fiche", keys: []string{"n"}},
	)
	// The words every screen shows when nothing is cut (a wide terminal):
	// a line that ends with a piece of word not among them was cut.
	words := map[string]bool{}
	for _, size := range [][2]int{{250, 24}, {250, 20}, {80, 24}, {60, 20}} {
		for _, v := range visits {
			d := startApp(t, w.st, w.session(t), size[0], size[1])
			d.waitFor("adhérents")
			for _, k := range v.keys {
				d.press(k)
				time.Sleep(30 * time.Millisecond)
			}
			for _, text := range v.text {
				d.typeText(text)
				if v.keys[0] == "ctrl+p" {
					d.press("enter")
				}
			}
			body, whole := d.settled()
			if size[0] == 250 {
				for _, word := range strings.FieldsFunc(ansi.Strip(whole), notLetter) {
					words[word] = true
				}
			} else {
				checkScreenFits(t, v.name, body, whole, size[0], size[1], words)
			}
			d.quit()
		}
	}
}

// settled waits until the screen stops saying it is loading, and returns
// the top screen's body and the whole screen.
func (d *appDriver) settled() (body, whole string) {
	d.t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		p := d.probe()
		if !strings.Contains(p.screen, "chargement") && !strings.Contains(p.screen, "recherche…") || time.Now().After(deadline) {
			return p.view, p.screen
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func checkScreenFits(t *testing.T, name, body, whole string, w, h int, words map[string]bool) {
	t.Helper()
	lines := strings.Split(body, "\n")
	if len(lines) > h-Chrome {
		t.Errorf("%s at %d×%d: %d body lines for %d:\n%s", name, w, h, len(lines), h-Chrome, ansi.Strip(body))
	}
	for i, l := range lines {
		if cw := ansi.StringWidth(l); cw > w {
			t.Errorf("%s at %d×%d: line %d is %d cells wide:\n%s", name, w, h, i+1, cw, ansi.Strip(l))
		}
	}
	for i, l := range strings.Split(whole, "\n") {
		if last := cutWord(ansi.Strip(l), w); last != "" && !words[last] {
			t.Errorf("%s at %d×%d: line %d cut in the word %q without an ellipsis:\n%q", name, w, h, i+1, last, ansi.Strip(l))
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
