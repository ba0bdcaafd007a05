package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
	"fichier/store"
)

// formFieldIndex is the position of a field in the form.
func formFieldIndex(t *testing.T, key string) int {
	t.Helper()
	for i, s := range formSpecs() {
		if s.key == key {
			return i
		}
	}
	t.Fatalf("no field %q", key)
	return -1
}

// focusField tabs forward to the field key.
func (d *appDriver) focusField(key string) {
	d.t.Helper()
	p := d.probe()
	if p.kind != "form" {
		d.t.Fatalf("top screen is %q, not a form", p.kind)
	}
	from, to := formFieldIndex(d.t, p.focusKey), formFieldIndex(d.t, key)
	n := len(formSpecs())
	d.pressN("tab", ((to-from)%n+n)%n)
	d.until("focus on "+key, func(p screenProbe) bool { return p.focusKey == key })
}

// openForm opens the form of the fiche on screen (e).
func (d *appDriver) openForm() {
	d.t.Helper()
	d.typeText("e")
	d.waitScreen("Modifier la fiche")
}

// setField types v in place of the value of the field key.
func (d *appDriver) setField(key, v string) {
	d.t.Helper()
	d.focusField(key)
	d.replace(v)
}

// replace empties the focused text field and types v.
func (d *appDriver) replace(v string) {
	d.press("ctrl+e")
	d.press("ctrl+u")
	d.typeText(v)
}

func TestFormInvalidThenValidPhone(t *testing.T) {
	w := newFicheWorld(t)
	p, d := w.openFiche(t, w.emilie(model.KindContact))

	d.typeText("e")
	d.waitScreen("Modifier la fiche 1 · Émilie DUPONT-MARTIN", "── Organisation", "Type de fiche")
	if pr := d.probe(); !pr.capturing || pr.dirty {
		t.Fatalf("a fresh form captures keys and is not dirty: %+v", pr)
	}

	d.setField(model.FieldMobile, "06 12 AB 56 78")
	d.press("tab") // leaving the field checks it
	d.waitScreen("numéro de téléphone invalide : il contient des lettres")

	d.press("ctrl+s")
	d.waitScreen("Enregistrement impossible : 1 champ à corriger (Mobile)")
	pr := d.until("focus back on the invalid field", func(p screenProbe) bool { return p.focusKey == model.FieldMobile })
	if !pr.dirty || pr.depth != 2 {
		t.Fatalf("the form must stay open and dirty: %+v", pr)
	}
	if got := w.get(t, p.ID); got.Mobile != "+33612345678" || got.Version != p.Version {
		t.Fatalf("nothing may be stored: mobile %q version %d", got.Mobile, got.Version)
	}

	d.replace("07 98 76 54 32")
	d.press("ctrl+s")
	d.waitScreen("Fiche enregistrée")
	d.until("back on the fiche", func(p screenProbe) bool { return p.kind == "fiche" && p.depth == 1 })

	got := w.get(t, p.ID)
	if got.Mobile != "+33798765432" {
		t.Fatalf("mobile stored %q", got.Mobile)
	}
	hist, err := w.st.History(w.sess, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) < 2 || hist[0].Action != model.ActionPersonUpdate {
		t.Fatalf("journal: %+v", hist)
	}
	var found bool
	for _, ch := range hist[0].Changes {
		if ch.Field == "Mobile" {
			found = ch.Old == "+33612345678" && ch.New == "+33798765432"
		} else {
			t.Errorf("unexpected change recorded: %+v", ch)
		}
	}
	if !found {
		t.Fatalf("the journal must show the mobile's old and new values: %+v", hist[0].Changes)
	}

	// The fiche's history tab shows it too.
	d.press("left")
	d.waitScreen("[Historique]", "modification", "Mobile : 06 12 34 56 78 → 07 98 76 54 32")
}

func TestFormEscAsksBeforeDiscarding(t *testing.T) {
	w := newFicheWorld(t)
	p, d := w.openFiche(t, w.emilie(model.KindContact))

	// Without changes esc just closes the form.
	d.openForm()
	d.press("esc")
	d.until("form closed", func(p screenProbe) bool { return p.kind == "fiche" })

	d.openForm()
	d.focusField(model.FieldFirstName)
	d.typeText("-Anne")
	d.until("dirty", func(p screenProbe) bool { return p.dirty })
	d.press("esc")
	d.waitScreen("Abandonner les modifications ? (o/n)")
	d.typeText("n")
	pr := d.until("still editing", func(p screenProbe) bool { return p.kind == "form" && !strings.Contains(p.view, "Abandonner") })
	if !pr.dirty || pr.focusVal != "Émilie-Anne" {
		t.Fatalf("declining must keep the typed values: %+v", pr)
	}
	d.press("esc")
	d.waitScreen("Abandonner les modifications ? (o/n)")
	d.typeText("o")
	d.until("form discarded", func(p screenProbe) bool { return p.kind == "fiche" && p.depth == 1 })
	if got := w.get(t, p.ID); got.FirstName != "Émilie" || got.Version != p.Version {
		t.Fatalf("discarding stored something: %q v%d", got.FirstName, got.Version)
	}
}

func TestFormNewFicheDefaultsAndDuplicates(t *testing.T) {
	w := newFicheWorld(t)
	existing := w.create(t, w.emilie(model.KindAdherent))
	d := w.open(t, NewFormScreen(w.c, nil))

	d.waitScreen("Nouvelle fiche", "contact", "actif", "Isère (38)", "Sud-Grenoblois", "— sans cellule")
	if pr := d.probe(); pr.focusKey != model.FieldFirstName || pr.dirty {
		t.Fatalf("a new form starts on the first name, clean: %+v", pr)
	}

	d.typeText("Jean")
	d.press("tab")
	d.typeText("Durand")
	d.focusField(model.FieldEmail)
	d.typeText("Emilie.Dupont@Exemple.FR")
	d.press("ctrl+s")
	d.waitScreen("Fiches semblables déjà dans le fichier (1)", "DUPONT-MARTIN Émilie · Eybens · même courriel",
		"c créer quand même")

	// enter opens the existing fiche instead; nothing is created.
	d.press("enter")
	d.waitScreen("Fiche 1 · Émilie DUPONT-MARTIN")
	d.until("the existing fiche replaces the form", func(p screenProbe) bool { return p.kind == "fiche" && p.depth == 1 })
	if n := ficheCount(t, w); n != 1 {
		t.Fatalf("%d fiches, want 1", n)
	}
	_ = existing
}

func TestFormNewFicheCreateAnyway(t *testing.T) {
	w := newFicheWorld(t)
	w.create(t, w.emilie(model.KindAdherent))
	d := w.open(t, NewFormScreen(w.c, nil))
	d.waitScreen("Nouvelle fiche")

	// Nothing typed: the name is required.
	d.press("ctrl+s")
	d.waitScreen("le nom est obligatoire")
	d.until("focus on the name", func(p screenProbe) bool { return p.focusKey == model.FieldLastName })
	d.typeText("Durand")
	d.press("shift+tab")
	d.typeText("Jean")
	d.focusField(model.FieldMobile)
	d.typeText("0612345678")
	d.focusField(model.FieldCell)
	d.press("right") // — sans cellule → Échirolles
	d.focusField(model.FieldChannels)
	d.press("space") // courrier
	d.press("right") // courriel
	d.press("right") // téléphone
	d.press("space")
	d.focusField(model.FieldInterests)
	d.typeText("santé, logement ; transports")
	d.press("ctrl+s")
	d.waitScreen("même téléphone")
	d.press("esc")
	d.waitScreen("Création suspendue")
	d.press("ctrl+s")
	d.waitScreen("même téléphone")
	d.typeText("c")
	d.waitScreen("Fiche créée : Jean DURAND (contact)")
	// Back where the form was opened from (here, nothing below it).
	d.until("the form is closed", func(p screenProbe) bool { return p.kind == "home" })

	if n := ficheCount(t, w); n != 2 {
		t.Fatalf("%d fiches, want 2", n)
	}
	got := w.get(t, 2)
	want := model.Org{Federation: w.fed.ID, Section: w.sec.ID, Cell: w.cell.ID}
	if got.Kind != model.KindContact || got.Status != model.StatusActif || got.Org != want ||
		got.Mobile != "+33612345678" || got.Consent.Date != w.today ||
		got.Consent.Channels != model.ChannelCourrier|model.ChannelTelephone ||
		strings.Join(got.Interests, "|") != "santé|logement|transports" {
		t.Fatalf("created fiche: %+v", got)
	}
}

func ficheCount(t *testing.T, w *ficheWorld) int {
	t.Helper()
	c, err := w.st.Count(w.sys)
	if err != nil {
		t.Fatal(err)
	}
	return c.Total() + c.Archived
}

func TestFormStaleEdit(t *testing.T) {
	w := newFicheWorld(t)
	p, d := w.openFiche(t, w.emilie(model.KindContact))
	d.openForm()

	// Someone else saves the fiche meanwhile.
	other := w.get(t, p.ID)
	other.Address.Commune = "Échirolles"
	other.Mobile = "06 00 00 00 01"
	if _, err := w.st.Update(w.sys, other); err != nil {
		t.Fatal(err)
	}

	d.setField(model.FieldMobile, "07 98 76 54 32")
	d.setField(model.FieldProfession, "cadre de santé")
	d.press("ctrl+s")
	d.waitScreen("modifiée entre-temps par test", "rien n'est enregistré", "conservées", "ctrl+r reprend",
		"Commune : Eybens → Échirolles", "+33600000001") // what the other one changed
	pr := d.until("form kept", func(p screenProbe) bool { return p.kind == "form" })
	if !pr.dirty || pr.focusVal != "cadre de santé" {
		t.Fatalf("the typed values must be kept: %+v", pr)
	}
	got := w.get(t, p.ID)
	if got.Mobile != "+33600000001" || got.Profession != "infirmière" || got.Address.Commune != "Échirolles" {
		t.Fatalf("a stale save must write nothing: %+v", got)
	}

	// ctrl+r takes the current version and carries our changes over.
	d.press("ctrl+r")
	d.waitScreen("Version actuelle reprise", "modifié aussi par test")
	d.press("ctrl+s")
	d.waitScreen("Fiche enregistrée")
	got = w.get(t, p.ID)
	if got.Mobile != "+33798765432" || got.Profession != "cadre de santé" || got.Address.Commune != "Échirolles" {
		t.Fatalf("after the merge: mobile %q profession %q commune %q", got.Mobile, got.Profession, got.Address.Commune)
	}
}

func TestFormStoreValidationErrorsMapToFields(t *testing.T) {
	w := newFicheWorld(t)
	p := w.create(t, w.emilie(model.KindContact))
	fm := NewFormScreen(w.c, &p).(*formScreen)
	fm.SetSize(80, 19)
	fm.Update(reply[formSaved]{to: fm, err: model.ValidationErrors{
		{Field: model.FieldSection, Message: "unité 99 inconnue"},
		{Field: "inconnu", Message: "autre chose"},
	}})
	if f := fm.field(model.FieldSection); f.err != "unité 99 inconnue" || fm.fields[fm.focus] != f {
		t.Fatalf("section error %q, focus %s", f.err, fm.fields[fm.focus].key)
	}
	if !strings.Contains(fm.msg, "autre chose") {
		t.Fatalf("message %q", fm.msg)
	}
	if !strings.Contains(fm.View(), "unité 99 inconnue") {
		t.Fatalf("error not drawn:\n%s", fm.View())
	}
	// A message for another screen is ignored: the app delivers a reply
	// only to the screen that asked, when it is still open.
	other := NewFormScreen(w.c, &p).(*formScreen)
	(&App{stack: []Screen{fm}}).Update(reply[formSaved]{to: other, err: store.ErrStale})
	if fm.stale {
		t.Fatal("a reply meant for another form was applied")
	}
}

func TestFormPickersFollowScope(t *testing.T) {
	w := newFicheWorld(t)
	s := NewFormScreen(w.c, nil)
	s = runCmds(s, s.Init())
	fm := s.(*formScreen)
	labels := func(key string) string {
		var out []string
		for _, c := range fm.field(key).choices {
			out = append(out, c.label)
		}
		return strings.Join(out, "|")
	}
	// A section responsable: their federation and section only; cells of it.
	if got := labels(model.FieldFederation); got != "Isère (38)" {
		t.Errorf("federations %q", got)
	}
	if got := labels(model.FieldSection); got != "Sud-Grenoblois" {
		t.Errorf("sections %q", got)
	}
	if got := labels(model.FieldCell); got != "— sans cellule|Échirolles" {
		t.Errorf("cells %q", got)
	}
	if fm.Dirty() {
		t.Error("defaults are not changes")
	}
	if got := fm.field(model.FieldConsentDate).value(); got != w.today.String() {
		t.Errorf("consent date %q, want today", got)
	}
	if k, st := fm.field(model.FieldKind).choiceLabel(), fm.field(model.FieldStatus).choiceLabel(); k != "contact" || st != "actif" {
		t.Errorf("kind %q status %q", k, st)
	}

	// A national responsable sees both sections, and the cells follow the section.
	sys := w.systemCommon()
	s = NewFormScreen(sys, nil)
	s = runCmds(s, s.Init())
	fm = s.(*formScreen)
	if got := labels(model.FieldSection); got != "— sans section|Sud-Grenoblois|Grenoble" {
		t.Errorf("national sections %q", got)
	}
	fm.focus = formFieldIndex(t, model.FieldSection)
	fm.Update(tea.KeyMsg{Type: tea.KeyRight})
	if got := labels(model.FieldCell); got != "— sans cellule|Échirolles" {
		t.Errorf("cells of Sud-Grenoblois %q", got)
	}
	fm.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("g")}) // jump to Grenoble
	if got := labels(model.FieldCell); got != "— sans cellule" || fm.field(model.FieldSection).val != int(w.sec2.ID) {
		t.Errorf("cells of Grenoble %q (section %d)", got, fm.field(model.FieldSection).val)
	}
}

func TestFormWarnsWhenTheFicheChangesMeanwhile(t *testing.T) {
	w := newFicheWorld(t)
	p := w.create(t, w.emilie(model.KindContact))
	fm := NewFormScreen(w.c, &p).(*formScreen)
	fm.SetSize(80, 19)
	fm.Update(StoreEventMsg{Event: store.Event{What: model.ActionPersonUpdate, Persons: []model.PersonID{p.ID + 1}, By: "b.roux"}})
	if fm.stale || fm.msg != "" {
		t.Fatal("another fiche's change must not concern this form")
	}
	fm.Update(StoreEventMsg{Event: store.Event{What: model.ActionPersonUpdate, Persons: []model.PersonID{p.ID}, By: "b.roux"}})
	if !fm.stale || !strings.Contains(fm.View(), "vient d'être modifiée par b.roux") {
		t.Fatalf("no warning:\n%s", fm.View())
	}
	found := false
	for _, b := range fm.Keys().ShortHelp() {
		found = found || b.Help().Key == "ctrl+r"
	}
	if !found {
		t.Error("ctrl+r must be offered once the fiche is stale")
	}
}

func TestFicheReadOnlyResponsable(t *testing.T) {
	w := newFicheWorld(t)
	p := w.create(t, w.emilie(model.KindContact))
	u, pw, err := w.st.CreateUser(w.sys, store.UserSpec{FirstName: "Léa", LastName: "Lecture", Scope: w.fed.Path, Rights: model.ReadOnly})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := w.st.Login(u.Username, pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.st.ChangePassword(sess, pw, "Lecture-Seule-Pomme-88"); err != nil { // provisional
		t.Fatal(err)
	}
	c := *w.c
	c.Session, c.User = sess, u
	var s Screen = NewFicheScreen(&c, p.ID)
	s.SetSize(80, 19)
	s = runCmds(s, s.Init())
	for _, k := range []string{"e", "p", "a", "E"} {
		s, _ = s.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)})
		if s.Capturing() || !strings.Contains(s.View(), "que la lecture") {
			t.Fatalf("%s on a read-only fiche:\n%s", k, s.View())
		}
	}
	// Reading still works: every tab draws.
	for i := 0; i < ficheTabCount; i++ {
		s, _ = s.Update(tea.KeyMsg{Type: tea.KeyRight})
	}
	if !strings.Contains(s.Title(), "Émilie DUPONT-MARTIN") {
		t.Fatalf("title %q", s.Title())
	}
}

// A note grown over years of calls (5 372 characters, imported) was cut to
// 4 000 by the next save for another reason: untouched values must be
// stored unchanged. (A stored value over its limit: store's
// TestUpdateKeepsStoredValuesOverTheLimit.)
func TestFormSaveKeepsLongUntouchedValues(t *testing.T) {
	w := newFicheWorld(t)
	p := w.emilie(model.KindContact)
	p.Notes = strings.Repeat("Appel du 12/03 : rappeler en avril.\n", 150)[:5372]
	p.FirstName = strings.Repeat("é", model.MaxName) // 400 bytes
	p, d := w.openFiche(t, p)
	d.openForm()
	d.focusField(model.FieldNotes)
	d.press("tab")
	d.setField(model.FieldMobile, "07 98 76 54 32")
	d.press("ctrl+s")
	d.waitScreen("Fiche enregistrée")

	got := w.get(t, p.ID)
	if got.Mobile != "+33798765432" {
		t.Fatalf("mobile stored %q", got.Mobile)
	}
	if got.Notes != p.Notes {
		t.Fatalf("notes changed by a save that did not touch them: %d chars, want %d", len(got.Notes), len(p.Notes))
	}
	if got.FirstName != p.FirstName {
		t.Fatalf("name changed by a save that did not touch it: %d bytes, want %d", len(got.FirstName), len(p.FirstName))
	}
}

// A value typed over its field's limit is refused where it is typed, with a
// French message; nothing is cut.
func TestFormRefusesTooLongValue(t *testing.T) {
	w := newFicheWorld(t)
	p, d := w.openFiche(t, w.emilie(model.KindContact))
	d.openForm()
	d.setField(model.FieldProfession, strings.Repeat("x", model.MaxName+1))
	d.press("tab")
	d.waitScreen("texte trop long : 200 caractères au plus (201 saisis)")
	d.press("ctrl+s")
	d.waitScreen("Enregistrement impossible : 1 champ à corriger (Profession)")
	if got := w.get(t, p.ID); got.Profession != p.Profession || got.Version != p.Version {
		t.Fatalf("nothing may be stored: %q", got.Profession)
	}
}

// A unit is found by typing part of its name (real key presses): enter
// keeps it, esc puts back the one from before.
func TestFormUnitFoundByTyping(t *testing.T) {
	w := newFicheWorld(t)
	sys := w.systemCommon()
	d := w.open(t, NewFormScreen(sys, nil))
	d.waitScreen("Nouvelle fiche", "Section")
	d.focusField(model.FieldSection)
	d.typeText("sud")
	d.waitScreen("Recherche : sud", "▸ Sud-Grenoblois", "‹ Sud-Grenoblois ›")
	d.press("enter")
	p := d.until("search closed", func(p screenProbe) bool { return !strings.Contains(p.view, "Recherche") })
	if p.focusKey != model.FieldSection || !strings.Contains(p.view, "‹ Sud-Grenoblois ›") {
		t.Errorf("enter must keep Sud-Grenoblois on the Section field (focus %s):\n%s", p.focusKey, p.view)
	}
	d.typeText("greno")
	d.waitScreen("Recherche : greno", "‹ Grenoble ›")
	d.press("esc")
	p = d.until("search cancelled", func(p screenProbe) bool { return !strings.Contains(p.view, "Recherche") })
	if p.kind != "form" || !strings.Contains(p.view, "‹ Sud-Grenoblois ›") {
		t.Errorf("esc must put back Sud-Grenoblois and stay in the form:\n%s", p.view)
	}
}

func TestFormInvalidFieldsMessageFollowsTheCorrections(t *testing.T) {
	w := newFicheWorld(t)
	p := w.create(t, w.emilie(model.KindContact))
	d := w.open(t, NewFormScreen(w.c, &p))
	d.waitScreen("Modifier la fiche")
	d.setField(model.FieldMobile, "06 12 AB 56 78")
	d.setField(model.FieldEmail, "pas-un-courriel")
	d.press("ctrl+s")
	d.waitScreen("Enregistrement impossible : 2 champs à corriger (Mobile, Courriel)")
	d.setField(model.FieldMobile, "07 98 76 54 32")
	d.waitScreen("Enregistrement impossible : 1 champ à corriger (Courriel)")
	d.setField(model.FieldEmail, "emilie@exemple.fr")
	d.press("tab")
	d.until("the message is gone", func(p screenProbe) bool { return !strings.Contains(p.view, "Enregistrement impossible") })
}
