package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"fichier/model"
	"fichier/store"
)

// rowsOf returns the fiche rows of a list screen (lines with a name in capitals).
func rowOrder(screen string, names ...string) []int {
	pos := make([]int, len(names))
	for i, n := range names {
		pos[i] = strings.Index(screen, n)
	}
	return pos
}

func inOrder(t *testing.T, screen string, names ...string) {
	t.Helper()
	pos := rowOrder(screen, names...)
	for i := range pos {
		if pos[i] < 0 {
			t.Fatalf("%s not shown:\n%s", names[i], screen)
		}
		if i > 0 && pos[i] < pos[i-1] {
			t.Fatalf("%s shown before %s:\n%s", names[i], names[i-1], screen)
		}
	}
}

func TestListFilterErrorSortSaveRecall(t *testing.T) {
	w, d := startHome(t)
	d.press("1")
	d.waitFor("5 / 5 fiches · tri : nom")
	scr := d.screen()
	screenHas(t, scr, "Nom", "Type", "Cotis.", "Section / cellule", "Commune", "Mobile",
		"▸ BENALI Samira", "adh.", "à jour", "-11 m", "Sud-Gr. / Échirol.", "06 12 34 56 78",
		"DUPONT-MARTIN Émilie", "Sud-Grenoblois / —", "MOREL Sophie", "cont.", "comp.")
	inOrder(t, scr, "BENALI", "DUPONT-MARTIN", "LEFÈVRE", "MOREL", "ROUX")
	screenHas(t, scr, "entrée ouvrir · ^e modifier · ^n nouvelle · ^u effacer · esc retour · ? aide")
	appCheckFits(t, scr, 80, 24)

	// Filter: results on every keystroke.
	d.press("/")
	d.typeText("type:adh")
	d.waitFor("3 / 5 fiches")
	scr = d.screen()
	screenHas(t, scr, "Fiches · /type:adh", "BENALI Samira", "DUPONT-MARTIN Ém", "ROUX Marc")
	screenLacks(t, scr, "MOREL", "LEFÈVRE")
	appCheckFits(t, scr, 80, 24)

	// A bad field: the error with its column, the typed text and the last
	// good results stay.
	d.paste(" quartié:x")
	d.waitFor("champ inconnu « quartié » (col. 10)")
	scr = d.screen()
	screenHas(t, scr, "type:adh quartié:x", "vouliez-vous quartier", "3 / 5 fiches", "BENALI Samira", "ROUX Marc")
	screenLacks(t, scr, "MOREL")
	appCheckFits(t, scr, 80, 24)
	for range len([]rune(" quartié:x")) {
		d.press("backspace")
	}
	d.typeText(" commune:eyb")
	d.waitFor("1 / 5 fiches")
	screenLacks(t, d.screen(), "champ inconnu")
	for range len([]rune(" commune:eyb")) {
		d.press("backspace")
	}
	d.waitFor("3 / 5 fiches")
	d.press("enter") // leaves the filter bar, keeps the query
	d.press("down")
	d.waitFor("▸ DUPONT-MARTIN")

	// Sort cycling: nom → section → commune → dernière modification → nom.
	d.press("ctrl+t")
	d.waitFor("tri : section")
	d.press("ctrl+t")
	d.waitFor("tri : commune")
	inOrder(t, d.screen(), "BENALI", "DUPONT-MARTIN", "ROUX") // Échirolles, Eybens, Grenoble
	d.press("ctrl+t")
	d.waitFor("tri : dernière modification")
	d.press("ctrl+t")
	d.waitFor("tri : nom")

	// Save the query, clear the filter, recall it.
	d.press("ctrl+s")
	d.waitFor("Enregistrer la recherche", "/type:adh")
	d.typeText("mes adhérents")
	d.press("enter")
	d.waitFor("Recherche « mes adhérents » enregistrée")
	saved, err := w.st.SavedQueries(d.app.c.Session)
	if err != nil || len(saved) != 1 || saved[0].Name != "mes adhérents" || saved[0].Query != "type:adh" {
		t.Fatalf("saved queries = %+v, %v", saved, err)
	}
	d.press("ctrl+u") // clears the filter
	d.waitFor("5 / 5 fiches")
	d.press("ctrl+o")
	d.waitFor("Recherches enregistrées", "mes adhérents")
	d.press("enter")
	d.waitFor("3 / 5 fiches")
	screenHas(t, d.screen(), "Fiches · /type:adh")
	d.quit()
}

func TestKeysArrivingTogetherAreSplit(t *testing.T) {
	_, d := startList(t)
	// The terminal reader reports "/type:adh" read at once as one message.
	d.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/type:adh")})
	d.waitFor("3 / 5 fiches")
	screenHas(t, d.screen(), "/ type:adh")
	d.press("esc", "ctrl+u")
	d.waitFor("5 / 5 fiches")
	// Out of the bar, a burst of letters is a search too (type-to-search).
	d.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("roux")})
	d.waitFor("1 / 5 fiches")
	screenHas(t, d.screen(), "/ roux", "▸ ROUX")
	d.quit()
}

func TestListKeysOpenEditNew(t *testing.T) {
	_, d := startList(t)
	d.press("end")
	d.waitFor("▸ ROUX")
	d.press("home")
	d.waitFor("▸ BENALI")
	d.press("enter")
	d.waitFor("Fiche")
	d.press("esc")
	d.waitFor("Fiches")
	d.press("ctrl+e")
	d.waitFor("iche") // the form (placeholder or real) opens
	d.press("esc")
	d.waitFor("Fiches")
	d.quit()
}

func TestListReadOnlyCannotEdit(t *testing.T) {
	w := newAppWorld(t, true)
	if _, _, err := w.st.CreateUser(w.sys, store.UserSpec{FirstName: "Luc", LastName: "Lecteur", Scope: w.fed.Path, Rights: model.ReadOnly, Password: "Lecture-Seule-Pomme-88"}); err != nil {
		t.Fatal(err)
	}
	sess, err := w.st.LocalSession("llecteur")
	if err != nil {
		t.Fatal(err)
	}
	d := startApp(t, w.st, sess, 80, 24)
	d.waitFor("llecteur · lecture seule", "Le fichier de la fédération", "fichier · Isère")
	d.press("1")
	d.waitFor("5 / 5 fiches")
	d.press("ctrl+n")
	d.waitFor("lecture seule : votre compte")
	d.quit()
}

// newTestList builds a list screen outside a program.
func newTestList(t *testing.T) (*appWorld, *listScreen) {
	w := newAppWorld(t, true)
	l := newListScreen(sessionCommon(t, w.st, w.session(t)), "", false)
	l.SetSize(80, 24-Chrome)
	return w, l
}

func TestListDropsStaleResults(t *testing.T) {
	_, l := newTestList(t)
	l.Update(runOnce(l.search("")))
	if len(l.ids) != 5 {
		t.Fatalf("%d ids", len(l.ids))
	}
	l.focus()
	// Two keystrokes; the second search's result arrives first.
	_, c1 := l.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("m")})
	_, c2 := l.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")})
	m1, m2 := runOnce(c1), runOnce(c2)
	l.Update(findMsg[reply[searchResult]](m2))
	if l.query != "mo" || len(l.ids) != 1 {
		t.Fatalf("after newer result: query %q, %d ids", l.query, len(l.ids))
	}
	l.Update(findMsg[reply[searchResult]](m1))
	if l.query != "mo" || len(l.ids) != 1 {
		t.Fatalf("the stale result was shown: query %q, %d ids", l.query, len(l.ids))
	}
}

func TestListStripsControlSequencesFromData(t *testing.T) {
	_, l := newTestList(t)
	p := model.Person{ID: 9, Kind: model.KindContact, LastName: "Evil\x1b[2J\x1b]0;pwned\x07", FirstName: "Bob\r\nX",
		Address: model.Address{Commune: "Ville\u009b31m"}}
	row := l.row(&p, model.DuesStatus{})
	if strings.ContainsAny(row, "\x1b\x07\r\n\u009b") {
		t.Fatalf("control characters in %q", row)
	}
	if !strings.Contains(row, "EVIL") {
		t.Fatalf("name lost: %q", row)
	}
}

func TestLayoutColumnsFitEveryWidth(t *testing.T) {
	_, l := newTestList(t)
	l.Update(runOnce(l.search("")))
	for w := 20; w <= 200; w++ {
		l.SetSize(w, 19)
		appCheckFits(t, l.View(), w, 19)
	}
}

func TestOrgPairStaysRecognisable(t *testing.T) {
	for _, c := range []struct {
		sect, cell string
		w          int
		want       string
	}{
		{"Sud-Grenoblois", "Eybens", 30, "Sud-Grenoblois / Eybens"},
		{"Saint-Martin-d'Hères", "Portail Rouge", 22, "St-Marti. / Portail R."},
		{"Saint-Martin-d'Hères", "Portail Rouge", 26, "St-Martin. / Portail Rouge"},
		{"Fontaine", "Saint-Égrève centre", 22, "Fontaine / St-Égrève."},
	} {
		got := orgPair(c.sect, c.cell, c.w)
		if got != c.want || ansi.StringWidth(got) > c.w {
			t.Errorf("orgPair(%q, %q, %d) = %q, want %q", c.sect, c.cell, c.w, got, c.want)
		}
	}
}

func TestShortUnit(t *testing.T) {
	for _, c := range []struct {
		in   string
		w    int
		want string
	}{
		{"Sud-Grenoblois", 20, "Sud-Grenoblois"},
		{"Sud-Grenoblois", 9, "Sud-Gren."},
		{"Sud-Grenoblois", 5, "Sud."},
		{"Échirolles", 4, "Éch."},
	} {
		if got := shortUnit(c.in, c.w); got != c.want {
			t.Errorf("shortUnit(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
	}
}

func TestFormatCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1305: "1 305", 48210: "48 210", 1000000: "1 000 000", -1234: "-1 234"} {
		if got := FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", n, got, want)
		}
	}
}

// A keystroke's text is parsed once: checking, searching and refreshing the
// same text reuse that parse.
func TestListParsesEachTextOnce(t *testing.T) {
	l := &listScreen{}
	q1, err1 := l.parse("type:adh gre")
	q2, err2 := l.parse("type:adh gre")
	if err1 != nil || err2 != nil || q1 != q2 {
		t.Fatalf("the same text was parsed again: %p %p %v %v", q1, q2, err1, err2)
	}
	if q3, _ := l.parse("type:adh gren"); q3 == q1 {
		t.Fatal("a new text must be parsed")
	}
	if _, err := l.parse("quartié:x"); err == nil {
		t.Fatal("a parse error must be kept too")
	}
}
