package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"fichier/internal/storetest"
	"fichier/model"
	"fichier/store"
)

// ---------------------------------------------------------------------------
// Fixtures: a temp store with a small organisation and a responsable.

type ficheWorld struct {
	st    *store.Store
	sys   *store.Session
	sess  *store.Session
	c     *Common
	fed   model.Unit
	sec   model.Unit // the responsable's section
	cell  model.Unit // a cell of sec
	sec2  model.Unit // another section of the federation (out of the responsable's scope)
	today model.Date
}

func newFicheWorld(t *testing.T) *ficheWorld {
	t.Helper()
	base := storetest.NewWorld(t)
	st := base.St
	w := &ficheWorld{st: st, sys: base.Sys, today: model.DateOf(appNow)}
	mk := base.Unit
	w.fed = mk(model.Org{}, "Isère", "38")
	w.sec = mk(w.fed.Path, "Sud-Grenoblois", "")
	w.cell = mk(w.sec.Path, "Échirolles", "")
	w.sec2 = mk(w.fed.Path, "Grenoble", "")
	const pw = "correct-horse-battery-staple-42"
	u, err := st.CreateFirstUser(store.UserSpec{FirstName: "Anne", LastName: "Martin", Scope: w.sec.Path, Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	if w.sess, err = st.Login(u.Username, pw); err != nil {
		t.Fatal(err)
	}
	w.c = sessionCommon(t, st, w.sess)
	return w
}

// systemCommon is w.c for the system session: a national responsable with
// every right.
func (w *ficheWorld) systemCommon() *Common {
	sys := *w.c
	sys.Session = w.sys
	sys.User = model.User{Username: "test", Rights: model.AllRights}
	return &sys
}

// emilie is a complete fiche in the responsable's section, without a cell.
func (w *ficheWorld) emilie(kind model.Kind) model.Person {
	return model.Person{
		Kind: kind, Civility: model.CivilityMme, FirstName: "Émilie", LastName: "Dupont-Martin",
		BirthDate: model.NewDate(1980, 3, 14), Gender: model.GenderFemale,
		Address:  model.Address{Street: "12 avenue Jean Jaurès", PostalCode: "38320", Commune: "Eybens"},
		Quartier: "Le Bourg", Circonscription: "2e circonscription",
		Mobile: "06 12 34 56 78", Landline: "04 76 00 00 00", Email: "emilie.dupont@exemple.fr",
		Profession: "infirmière", PCS: model.PCSIntermediaires, Employer: "CHU Grenoble Alpes",
		Org:       model.Org{Federation: w.fed.ID, Section: w.sec.ID},
		Interests: []string{"santé", "logement"}, Unions: []string{"CGT"},
		Source:      "Pétition Hôpital Sud 2026",
		Consent:     model.Consent{Date: model.NewDate(2026, 3, 12), Channels: model.ChannelCourrier | model.ChannelCourriel},
		Preferences: model.Preferences{LetterOnPaper: true},
		Notes:       "Préfère être appelée après 18 h.\nVient aux réunions de quartier.",
	}
}

// create creates a fiche as the system and returns it as stored.
func (w *ficheWorld) create(t *testing.T, p model.Person) model.Person {
	t.Helper()
	return (&storetest.World{T: t, St: w.st, Sys: w.sys}).Create(p)
}

func (w *ficheWorld) get(t *testing.T, id model.PersonID) model.Person {
	t.Helper()
	p, err := w.st.Get(w.sess, id)
	if err != nil {
		t.Fatalf("get %d: %v", id, err)
	}
	return p
}

// openFiche files p and opens its fiche in the app, loaded (its keys
// act only then).
func (w *ficheWorld) openFiche(t *testing.T, p model.Person) (model.Person, *appDriver) {
	t.Helper()
	p = w.create(t, p)
	d := w.open(t, NewFicheScreen(w.c, p.ID))
	d.waitScreen("ID unique") // the Organisation tab, drawn once loaded
	return p, d
}

// open runs the app, logged in as the world's responsable, with s open
// over the home screen.
func (w *ficheWorld) open(t *testing.T, s Screen) *appDriver {
	t.Helper()
	d := startAppWith(t, NewApp(w.st, w.sess, w.c.Styles), 80, 24)
	d.tm.Send(PushMsg{s})
	return d
}

// ---------------------------------------------------------------------------
// Fiche view

func TestFicheShowsAttributesAndTabs(t *testing.T) {
	w := newFicheWorld(t)
	_, d := w.openFiche(t, w.emilie(model.KindAdherent))
	d.waitScreen("Fiche 1 · Émilie DUPONT-MARTIN · adhérente n° 38-000001",
		"[Organisation]", "État civil", "Engagements", "Consentement & source", "Notes", "Historique",
		"Isère (38)", "Sud-Grenoblois", "— (sans cellule)", "38-000001", "actif", "adhérente", "ID unique")

	d.press("right")
	d.waitScreen("[État civil]", "Mme", "DUPONT-MARTIN", "Émilie", "14/03/1980 ·", "ans", "12 avenue Jean Jaurès",
		"38320", "Eybens", "Le Bourg", "2e circonscription", "06 12 34 56 78", "04 76 00 00 00",
		"emilie.dupont@exemple.fr", "infirmière", "Professions intermédiaires", "CHU Grenoble Alpes")

	d.press("tab")
	d.waitScreen("[Engagements]", "santé, logement", "CGT", "Mandats")

	d.press("right")
	d.waitScreen("[Consentement & source]", "Pétition Hôpital Sud 2026", "12/03/2026", "courrier, courriel", "sur papier", "Ne pas appeler")

	d.press("right")
	d.waitScreen("[Notes]", "Préfère être appelée après 18 h.", "Vient aux réunions de quartier.")

	d.press("right")
	d.waitScreen("[Historique]", "création de la fiche", "test", "Nom : — → Dupont-Martin")

	d.press("shift+tab")
	d.waitScreen("[Notes]")
	d.press("esc")
	d.until("esc closes the fiche", func(p screenProbe) bool { return p.depth == 0 })
}

func TestFicheReloadsOnStoreEvent(t *testing.T) {
	w := newFicheWorld(t)
	p, d := w.openFiche(t, w.emilie(model.KindContact))
	d.press("right")
	d.waitScreen("[État civil]", "Eybens")

	q := w.get(t, p.ID)
	q.Address.Commune = "Échirolles"
	if _, err := w.st.Update(w.sys, q); err != nil {
		t.Fatal(err)
	}
	// The app hears of the change (another session's): the fiche reloads.
	d.waitScreen("Échirolles")

	if err := w.st.Erase(w.sys, p.ID); err != nil {
		t.Fatal(err)
	}
	d.waitScreen("vient d'être effacée définitivement par test")
}

func TestFichePromoteGivesMembershipNumber(t *testing.T) {
	w := newFicheWorld(t)
	p, d := w.openFiche(t, w.emilie(model.KindContact))

	d.typeText("p")
	d.waitScreen("Faire avancer cette fiche ? (o/n)", "contact → compagnon de route")
	if !d.probe().capturing {
		t.Error("a dialog must capture the keys")
	}
	d.typeText("o")
	d.waitScreen("Fiche passée en « compagnon de route »")
	if got := w.get(t, p.ID); got.Kind != model.KindCompagnon || got.MemberNumber != "" {
		t.Fatalf("after one step: kind %v, number %q", got.Kind, got.MemberNumber)
	}
	d.until("title follows", func(p screenProbe) bool { return strings.Contains(p.title, "compagne de route") })

	// Declining changes nothing.
	d.typeText("p")
	d.waitScreen("compagnon de route → adhérent", "numéro d'adhérent")
	d.typeText("n")
	d.until("dialog closed", func(p screenProbe) bool { return !p.capturing })
	if got := w.get(t, p.ID); got.Kind != model.KindCompagnon {
		t.Fatalf("declined promotion changed the kind to %v", got.Kind)
	}

	d.typeText("p")
	d.waitScreen("compagnon de route → adhérent")
	d.typeText("o")
	d.waitScreen("Adhésion enregistrée : n° 38-000001")
	got := w.get(t, p.ID)
	if got.Kind != model.KindAdherent || got.MemberNumber != "38-000001" || got.JoinDate == 0 {
		t.Fatalf("after two steps: kind %v, number %q, join date %v", got.Kind, got.MemberNumber, got.JoinDate)
	}
	d.until("title shows the number", func(p screenProbe) bool {
		return strings.Contains(p.title, "adhérente n° 38-000001")
	})

	d.typeText("p")
	d.waitScreen("rien à faire avancer")
}

func ficheInSearch(t *testing.T, w *ficheWorld, id model.PersonID) bool {
	t.Helper()
	res, err := w.st.Search(w.sess, nil, store.SortName)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range res.IDs {
		if x == id {
			return true
		}
	}
	return false
}

func TestFicheArchiveAndRestore(t *testing.T) {
	w := newFicheWorld(t)
	p, d := w.openFiche(t, w.emilie(model.KindCompagnon))
	if !ficheInSearch(t, w, p.ID) {
		t.Fatal("a new fiche must be found")
	}

	d.typeText("a")
	d.waitScreen("Archiver cette fiche ? (o/n)", "reste conservée")
	d.typeText("o")
	d.waitScreen("Fiche archivée")
	if ficheInSearch(t, w, p.ID) {
		t.Fatal("an archived fiche must be hidden from the search")
	}
	if got := w.get(t, p.ID); !got.Archived {
		t.Fatal("not archived")
	}
	d.until("title says archived", func(p screenProbe) bool { return strings.HasSuffix(p.title, "· archivée") })
	d.waitScreen("a restaurer · E effacer") // the help line follows

	d.typeText("a")
	d.waitScreen("Restaurer cette fiche ? (o/n)")
	d.typeText("o")
	d.waitScreen("Fiche restaurée")
	if !ficheInSearch(t, w, p.ID) {
		t.Fatal("a restored fiche must be found again")
	}
}

func TestFicheEraseNeedsTheTypedName(t *testing.T) {
	w := newFicheWorld(t)
	p, d := w.openFiche(t, w.emilie(model.KindAdherent))

	d.typeText("E")
	d.waitScreen("Effacer définitivement cette fiche ?", "irréversible", "journal", "tapez son nom de famille")

	// o, n and enter alone do nothing: the name must be typed.
	d.press("enter")
	d.typeText("MARTIN")
	d.press("enter")
	d.waitScreen("Ce n'est pas le texte attendu")
	if _, err := w.st.Get(w.sess, p.ID); err != nil {
		t.Fatalf("a wrong name erased the fiche: %v", err)
	}

	// esc cancels.
	d.press("esc")
	d.until("dialog closed", func(p screenProbe) bool { return !p.capturing && p.depth == 1 })

	d.typeText("E")
	d.waitScreen("Effacer définitivement cette fiche ?")
	d.typeText("dupont-martin") // case does not matter
	d.press("enter")
	d.waitScreen("Fiche effacée. Traces : « fichier compact » (fermé), puis sauvegardez à neuf.")
	d.until("the fiche closes", func(p screenProbe) bool { return p.depth == 0 })

	if _, err := w.st.Get(w.sess, p.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get after erasure: %v, want ErrNotFound", err)
	}
	entries, err := w.st.Journal(w.sys, store.JournalFilter{PersonID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 || entries[0].Action != model.ActionPersonErase {
		t.Fatalf("the journal must record the erasure: %+v", entries)
	}
	for _, e := range entries {
		for _, ch := range e.Changes {
			if ch.Old != "" || ch.New != "" {
				t.Fatalf("the journal kept a value of the erased fiche: %+v", ch)
			}
		}
	}
}

func TestFicheStripsControlSequences(t *testing.T) {
	w := newFicheWorld(t)
	f := NewFicheScreen(w.c, 7).(*ficheScreen)
	f.SetSize(80, 19)
	p := model.Person{ID: 7, Kind: model.KindContact, FirstName: "Eve\x1b[2J", LastName: "Nuit\x1b]0;titre\x07",
		Notes: "ligne\x1b[31m rouge\u009b1m", Org: model.Org{Federation: w.fed.ID}}
	f.Update(reply[ficheLoaded]{to: f, val: ficheLoaded{seq: f.seq, p: p}})
	for _, s := range []string{f.Title(), ficheViewAllTabs(f)} {
		if strings.ContainsAny(s, "\x1b\x07\u009b") {
			t.Fatalf("control sequence drawn: %q", s)
		}
	}
	if !strings.Contains(f.Title(), "Eve NUIT") {
		t.Fatalf("title %q", f.Title())
	}
}

func ficheViewAllTabs(f *ficheScreen) string {
	var b strings.Builder
	for i := 0; i < ficheTabCount; i++ {
		f.tab = i
		b.WriteString(f.View())
	}
	f.tab = 0
	return b.String()
}

// ---------------------------------------------------------------------------
// Layout: at 80×24 nothing is wider than 80 cells or taller than the body.

// longFiche has values longer than any line.
func (w *ficheWorld) longFiche() model.Person {
	p := w.emilie(model.KindAdherent)
	p.FirstName = "Marie-Thérèse-Gabrielle-Eugénie"
	p.LastName = "de La Tour d'Auvergne-Lauraguais-Montmorency-Laval"
	p.Address.Street = strings.Repeat("résidence des Glycines bâtiment C escalier 4 ", 4)
	p.Employer = strings.Repeat("Centre hospitalier universitaire ", 5)
	p.Interests = []string{"santé", "logement", "transports en commun", "éducation populaire", "culture", "sport", "écologie", "services publics", "jeunesse"}
	p.Associations = []string{strings.Repeat("Association-sans-espaces-", 8)}
	p.Notes = strings.Repeat("Une note très longue sans retour à la ligne. ", 20) + "\n" + strings.Repeat("x", 200)
	p.Org.Cell = w.cell.ID
	return p
}

func TestFicheAndFormFit80x24(t *testing.T) {
	w := newFicheWorld(t)
	p := w.create(t, w.longFiche())
	for i := 0; i < 12; i++ { // a long journal
		q := w.get(t, p.ID)
		q.Quartier = fmt.Sprintf("Quartier numéro %d avec un nom assez long pour déborder", i)
		if _, err := w.st.Update(w.sys, q); err != nil {
			t.Fatal(err)
		}
	}
	const width, body = 80, 24 - Chrome

	f := NewFicheScreen(w.c, p.ID)
	f.SetSize(width, body)
	f = runCmds(f, f.Init())
	fs := f.(*ficheScreen)
	if !fs.loaded {
		t.Fatal("fiche not loaded")
	}
	for tab := 0; tab < ficheTabCount; tab++ {
		for scroll := 0; scroll < 40; scroll++ {
			checkFits(t, fmt.Sprintf("fiche tab %d scroll %d", tab, scroll), f.View(), width, body)
			f, _ = f.Update(tea.KeyMsg{Type: tea.KeyDown})
		}
		f, _ = f.Update(tea.KeyMsg{Type: tea.KeyRight})
	}
	for _, k := range []string{"p", "a", "E"} {
		f, _ = f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
		checkFits(t, "fiche dialog "+k, f.View(), width, body)
		f, _ = f.Update(tea.KeyMsg{Type: tea.KeyEnter})
		checkFits(t, "fiche dialog after enter "+k, f.View(), width, body)
		f, _ = f.Update(tea.KeyMsg{Type: tea.KeyEsc})
	}
	fs.setNotice(strings.Repeat("Un message très long qui ne tient pas sur une ligne. ", 3), true)
	checkFits(t, "fiche with notice", f.View(), width, body)
	if fs.Title() == "" || ansi.StringWidth(fs.Title()) > width {
		t.Errorf("title %q", fs.Title())
	}

	q := w.get(t, p.ID)
	for _, form := range []Screen{NewFormScreen(w.c, &q), NewFormScreen(w.c, nil)} {
		form.SetSize(width, body)
		form = runCmds(form, form.Init())
		fm := form.(*formScreen)
		// Make errors appear on several fields, then walk every field.
		set := func(key, v string) {
			f := fm.field(key)
			f.input.SetValue(v)
		}
		set(model.FieldMobile, "06 12 AB 56 78")
		set(model.FieldBirthDate, "31/02/1980")
		set(model.FieldEmail, "pas une adresse")
		set(model.FieldPostalCode, "3800")
		form, _ = form.Update(tea.KeyMsg{Type: tea.KeyCtrlS})
		if fm.invalidCount() < 4 {
			t.Errorf("expected at least 4 invalid fields, got %d", fm.invalidCount())
		}
		for i := 0; i < len(fm.fields)+3; i++ {
			checkFits(t, fmt.Sprintf("form field %d (%s)", fm.focus, fm.fields[fm.focus].key), form.View(), width, body)
			// The focused field is on screen.
			if !strings.Contains(form.View(), "▸ ") {
				t.Errorf("focused field %s not visible:\n%s", fm.fields[fm.focus].key, form.View())
			}
			form, _ = form.Update(tea.KeyMsg{Type: tea.KeyTab})
		}
		form, _ = form.Update(tea.KeyMsg{Type: tea.KeyEsc})
		checkFits(t, "form discard dialog", form.View(), width, body)
		form, _ = form.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("n")})
		fm.dups = []store.Duplicate{{Person: p, Reason: "même courriel"}, {Person: q, Reason: "même téléphone"}}
		checkFits(t, "form duplicates", form.View(), width, body)
		fm.dups = nil
		fm.setMsg(strings.Repeat("Un message d'erreur très long. ", 10), true)
		checkFits(t, "form message", form.View(), width, body)
		if ansi.StringWidth(form.Title()) > width {
			t.Errorf("form title %q", form.Title())
		}
	}

	// Small and odd sizes: no panic, still within bounds.
	for _, sz := range [][2]int{{40, 10}, {20, 4}, {1, 1}, {200, 60}} {
		f.SetSize(sz[0], sz[1])
		for tab := 0; tab < ficheTabCount; tab++ {
			checkFits(t, fmt.Sprintf("fiche %dx%d tab %d", sz[0], sz[1], tab), f.View(), sz[0], sz[1])
			f, _ = f.Update(tea.KeyMsg{Type: tea.KeyRight})
		}
		form := NewFormScreen(w.c, &q)
		form.SetSize(sz[0], sz[1])
		for i := 0; i < 40; i++ {
			checkFits(t, fmt.Sprintf("form %dx%d", sz[0], sz[1]), form.View(), sz[0], sz[1])
			form, _ = form.Update(tea.KeyMsg{Type: tea.KeyTab})
		}
	}
}

// Odd input never panics: every key the screens know, and some they don't,
// in every state.
func TestFicheAndFormOddKeys(t *testing.T) {
	w := newFicheWorld(t)
	p := w.create(t, w.emilie(model.KindContact))
	keys := []tea.KeyMsg{
		{Type: tea.KeyTab}, {Type: tea.KeyShiftTab}, {Type: tea.KeyUp}, {Type: tea.KeyDown},
		{Type: tea.KeyLeft}, {Type: tea.KeyRight}, {Type: tea.KeySpace, Runes: []rune{' '}},
		{Type: tea.KeyPgDown}, {Type: tea.KeyPgUp}, {Type: tea.KeyHome}, {Type: tea.KeyEnd},
		{Type: tea.KeyBackspace}, {Type: tea.KeyDelete}, {Type: tea.KeyCtrlU}, {Type: tea.KeyEnter},
		{Type: tea.KeyRunes, Runes: []rune("é")}, {Type: tea.KeyRunes, Runes: []rune("\x1b[31m")},
		{Type: tea.KeyRunes, Runes: []rune("collé\ndepuis\tailleurs"), Paste: true},
		{Type: tea.KeyRunes, Runes: []rune("x"), Alt: true}, {Type: tea.KeyF5},
	}
	screens := []Screen{NewFicheScreen(w.c, p.ID), NewFicheScreen(w.c, 9999), NewFormScreen(w.c, &p), NewFormScreen(w.c, nil)}
	for _, s := range screens {
		s.SetSize(80, 19)
		s = runCmds(s, s.Init())
		for round := 0; round < 3; round++ {
			for _, k := range keys {
				s, _ = s.Update(k)
				_ = s.View()
				_ = s.Keys().ShortHelp()
				_ = s.Status()
			}
		}
		s.Update(tea.WindowSizeMsg{Width: 10, Height: 3})
		s.Update(nil)
		s.Update(struct{}{})
	}
	// Help bindings have texts (the help line and the palette read them).
	for _, s := range screens {
		for _, group := range s.Keys().FullHelp() {
			for _, b := range group {
				if b.Help().Desc == "" || len(b.Keys()) == 0 {
					t.Errorf("binding without help or key: %+v", b)
				}
				_ = key.Matches(tea.KeyMsg{}, b)
			}
		}
	}
}

func TestFicheHistoryKeepsTheLinesOfNotes(t *testing.T) {
	w := newFicheWorld(t)
	p := w.emilie(model.KindContact)
	p.Notes = "appel du 3/11 : absente\nrappeler le soir"
	p = w.create(t, p)
	p.Notes += "\nappel du 5/11 : d'accord pour tracter"
	if _, err := w.st.Update(w.sess, p); err != nil {
		t.Fatal(err)
	}
	d := w.open(t, NewFicheScreen(w.c, p.ID))
	d.waitScreen("Émilie DUPONT-MARTIN")
	d.press("left")
	pr := d.until("the history with the notes line by line", func(p screenProbe) bool {
		return strings.Contains(p.view, "[Historique]") && strings.Contains(p.view, "appel du 5/11")
	})
	lines := strings.Split(pr.view, "\n")
	found := 0
	for _, l := range lines {
		for _, want := range []string{"rappeler le soir", "appel du 5/11 : d'accord pour tracter"} {
			if strings.HasSuffix(strings.TrimRight(l, " "), want) && !strings.Contains(l, "absente") {
				found++
			}
		}
	}
	if found < 3 { // before: 1 line of its own; after: 2
		t.Fatalf("the notes' lines are not kept (%d found):\n%s", found, pr.view)
	}
}

// The fiche shows every attribute of the form's layout with the registry's
// short label (model.Fields): a new attribute needs no edit in fiche.go.
func TestFicheLabelsComeFromTheRegistry(t *testing.T) {
	w := newFicheWorld(t)
	p := w.create(t, w.emilie(model.KindAdherent))
	f := NewFicheScreen(w.c, p.ID).(*ficheScreen)
	f.SetSize(200, 60)
	runCmds(f, f.Init())
	all := ficheViewAllTabs(f)
	for _, s := range formSpecs() {
		if s.field.Type == model.TypeNotes {
			continue // the Notes tab shows the text alone
		}
		if !strings.Contains(all, "  "+s.field.Short+" ") {
			t.Errorf("the fiche lacks the label %q of %s", s.field.Short, s.key)
		}
	}
	if !strings.Contains(all, "Fixe ") || !strings.Contains(all, "04 76 00 00 00") {
		t.Errorf("mobile not shown:\n%s", all)
	}
}
