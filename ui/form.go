package ui

// The fiche form: edit a fiche (e) or create one (n). Fields are checked
// when the focus leaves them and again on save (model.NormalizePerson); the
// save is a command calling store.Update or store.Create. A stale edit is
// refused by the store and the typed values are kept; ctrl+r then takes the
// current version and carries the user's changes over onto it. A new fiche
// is first compared with the file (store.FindDuplicates).

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"fichier/model"
	"fichier/store"
)

// The form's background answers (reply[T]).
type (
	// formUnits are the units the pickers offer.
	formUnits []model.Unit
	// formSaved is a save's outcome: the fiche stored, or the fiches that
	// look like a new one (nothing stored yet).
	formSaved struct {
		p    model.Person
		dups []store.Duplicate
		// current is the fiche as saved meanwhile by someone else (after
		// ErrStale), to show what they changed.
		current *model.Person
	}
	// formReloaded is the fiche's current version (ctrl+r after a stale save).
	formReloaded struct{ p model.Person }
)

type formKeyMap struct {
	Next, Prev, Choose, Save, Cancel, Reload key.Binding
	Notes                                    key.Binding
	DupMove, DupOpen, DupCreate, DupBack     key.Binding
	stale, dups, choosing                    bool
}

func newFormKeyMap() formKeyMap {
	b := binding
	return formKeyMap{
		Next:      b([]string{"tab", "down", "enter"}, "tab/↓", "champ suivant"),
		Prev:      b([]string{"shift+tab", "up"}, "⇧tab/↑", "champ précédent"),
		Choose:    b([]string{"left", "right", " "}, "←→/espace", "choisir"),
		Save:      b([]string{"ctrl+s"}, "ctrl+s", "enregistrer"),
		Cancel:    b([]string{"esc"}, "esc", "annuler"),
		Reload:    b([]string{"ctrl+r"}, "ctrl+r", "reprendre la version actuelle"),
		Notes:     b([]string{"ctrl+n"}, "^n", "notes"),
		DupMove:   b([]string{"up", "down"}, "↑↓", "choisir"),
		DupOpen:   b([]string{"enter"}, "entrée", "ouvrir la fiche existante"),
		DupCreate: b([]string{"c"}, "c", "créer quand même"),
		DupBack:   b([]string{"esc"}, "esc", "revenir au formulaire"),
	}
}

func (k formKeyMap) ShortHelp() []key.Binding {
	if k.dups {
		return []key.Binding{k.DupMove, k.DupOpen, k.DupCreate, k.DupBack}
	}
	out := []key.Binding{k.Next}
	if k.choosing {
		out = append(out, k.Choose)
	}
	out = append(out, k.Save, k.Cancel, k.Notes)
	if k.stale {
		out = append(out, k.Reload)
	}
	return out
}

func (k formKeyMap) FullHelp() [][]key.Binding {
	if k.dups {
		return [][]key.Binding{k.ShortHelp()}
	}
	return [][]key.Binding{{k.Next, k.Prev, k.Choose, k.Notes}, {k.Save, k.Cancel, k.Reload}}
}

// formScreen edits one fiche, or creates one.
type formScreen struct {
	c    *Common
	st   *Styles
	keys formKeyMap

	isNew  bool
	base   model.Person // the version being edited (its Version guards the save)
	fields []*formField
	byKey  map[string]int
	focus  int
	offset int
	w, h   int

	units       []model.Unit
	unitsLoaded bool

	dialog    *ConfirmDialog
	pick      *picker // the search typed on a unit field, while open
	pickVal   int     // that field's value before the search
	saving    bool
	stale     bool
	dups      []store.Duplicate
	dupCursor int
	done      bool // saved or abandoned: nothing left to lose

	msg    string
	msgErr bool
	// msgFields is set while msg only lists invalid fields: it goes away
	// once they are all corrected.
	msgFields bool
}

// NewFormScreen edits p, or creates a new fiche when p is nil.
func NewFormScreen(c *Common, p *model.Person) Screen {
	st := c.Styles
	if st == nil {
		st = NewStyles(nil)
	}
	fm := &formScreen{c: c, st: st, keys: newFormKeyMap(), byKey: map[string]int{}, w: 80, h: 19}
	if p == nil {
		fm.isNew = true
		fm.base = newFicheTemplate(c)
	} else {
		fm.base = p.Clone()
	}
	for i, spec := range formSpecs() {
		f := newFormField(spec, st)
		f.load(&fm.base)
		fm.fields = append(fm.fields, f)
		fm.byKey[spec.key] = i
	}
	if fm.isNew {
		fm.focus = fm.byKey[model.FieldFirstName]
	}
	fm.fields[fm.focus].focus()
	fm.refreshOrg("")
	fm.SetSize(fm.w, fm.h)
	return fm
}

// newFicheTemplate is a new fiche's starting values: a contact, active,
// where the responsable works (as deep as their scope goes), consenting today.
func newFicheTemplate(c *Common) model.Person {
	p := model.Person{Kind: model.KindContact, Status: model.StatusActif}
	p.Org = c.User.Scope
	p.Consent.Date = ficheToday(c)
	return p
}

func (fm *formScreen) Init() tea.Cmd {
	c := fm.c
	return ask(fm, func() (formUnits, error) {
		if c == nil || c.Store == nil {
			return nil, errors.New("aucun fichier ouvert")
		}
		return c.Store.Units(c.Session)
	})
}

func (fm *formScreen) field(key string) *formField {
	if i, ok := fm.byKey[key]; ok {
		return fm.fields[i]
	}
	return nil
}

func (fm *formScreen) SetSize(w, h int) {
	fm.w, fm.h = max(w, 1), max(h, 1)
	_, valueW := fm.columns()
	for _, f := range fm.fields {
		f.setWidth(valueW)
	}
	fm.scrollToFocus()
}

// columns gives the label and value widths.
func (fm *formScreen) columns() (labelW, valueW int) {
	labelW = 22
	if fm.w < 64 {
		labelW = max(fm.w/3, 8)
	}
	return labelW, max(fm.w-2-labelW, 6)
}

func (fm *formScreen) Title() string {
	if fm.isNew {
		return "Nouvelle fiche"
	}
	t := "Modifier la fiche " + FormatCount(int(fm.base.ID))
	if name := ficheClean(fm.base.FullName()); name != "" {
		t += " · " + name
	}
	return ansi.Truncate(t, 72, "…")
}

func (fm *formScreen) Status() string {
	switch {
	case fm.saving:
		return "enregistrement…"
	case len(fm.dups) > 0:
		return fmt.Sprintf("%d fiche(s) semblable(s)", len(fm.dups))
	}
	if n := fm.invalidCount(); n > 0 {
		return fmt.Sprintf("%d champ(s) à corriger", n)
	}
	s := fmt.Sprintf("champ %d/%d", fm.focus+1, len(fm.fields))
	if fm.Dirty() {
		s += " · modifiée"
	}
	return s
}

func (fm *formScreen) Keys() help.KeyMap {
	if fm.dialog != nil {
		return fm.dialog.Keys()
	}
	k := fm.keys
	k.stale, k.dups = fm.stale, len(fm.dups) > 0
	k.choosing = !fm.fields[fm.focus].isText()
	return k
}

// Capturing is always true: the form is all typing, and a stray q or digit
// must never leave it.
func (fm *formScreen) Capturing() bool { return true }

func (fm *formScreen) Dirty() bool {
	if fm.done {
		return false
	}
	for _, f := range fm.fields {
		if f.changed() {
			return true
		}
	}
	return false
}

func (fm *formScreen) invalidCount() int {
	n := 0
	for _, f := range fm.fields {
		if f.err != "" {
			n++
		}
	}
	return n
}

func (fm *formScreen) setMsg(text string, isErr bool) {
	fm.msg, fm.msgErr, fm.msgFields = text, isErr, false
}

// forgetFixedMsg keeps the list of invalid fields up to date as they are
// corrected, and clears it once none is left.
func (fm *formScreen) forgetFixedMsg() {
	if !fm.msgFields {
		return
	}
	if bad := fm.invalidCount(); bad > 0 {
		fm.setInvalidMsg(bad)
	} else {
		fm.setMsg("", false)
	}
}

// setInvalidMsg says how many fields, and which, stop the save.
func (fm *formScreen) setInvalidMsg(bad int) {
	fm.setMsg(fmt.Sprintf("Enregistrement impossible : %d %s à corriger (%s).", bad, plural(bad, "champ", "champs"), fm.invalidLabels()), true)
	fm.msgFields = true
}

// ---------------------------------------------------------------------------
// Update

func (fm *formScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[formUnits]:
		if msg.err != nil {
			fm.setMsg("Structure illisible : "+ficheErrText(msg.err), true)
			return fm, errCmd(msg.err)
		}
		fm.units, fm.unitsLoaded = msg.val, true
		fm.unitsArrived()
		return fm, nil
	case reply[formSaved]:
		return fm, fm.saved(msg.val, msg.err)
	case reply[formReloaded]:
		return fm, fm.reloaded(msg.val.p, msg.err)
	case StoreEventMsg:
		fm.storeEvent(msg.Event)
		return fm, nil
	case tea.KeyMsg:
		return fm, fm.handleKey(msg)
	}
	// Anything else (paste, cursor …) goes to the focused editor.
	return fm, fm.updateField(msg)
}

func (fm *formScreen) handleKey(msg tea.KeyMsg) tea.Cmd {
	if fm.done {
		return nil // closing: keys still queued for this screen are dropped
	}
	if fm.dialog != nil {
		res, cmd := fm.dialog.Update(msg)
		switch res {
		case ConfirmYes:
			fm.dialog, fm.done = nil, true
			return closeScreen(fm)
		case ConfirmNo:
			fm.dialog = nil
		}
		return cmd
	}
	if len(fm.dups) > 0 {
		return fm.handleDupKey(msg)
	}
	if fm.saving {
		return nil // a few milliseconds: keys are not queued into a form being saved
	}
	f := fm.fields[fm.focus]
	if fm.pick != nil {
		open, used := fm.pick.Key(msg)
		fm.setChoice(f, fm.pick.Chosen())
		if !open {
			fm.pick = nil
		}
		if used {
			return nil
		}
	}
	if f.key == model.FieldFederation && !fm.isNew && msg.String() == "m" {
		return fm.startMutation()
	}
	switch msg.String() {
	case "ctrl+s":
		return fm.save(false)
	case "esc":
		if fm.Dirty() {
			fm.dialog = NewConfirm(fm.st, "Abandonner les modifications ? (o/n)",
				"Les modifications non enregistrées de cette fiche seront perdues.")
			return nil
		}
		fm.done = true
		return closeScreen(fm)
	case "ctrl+n":
		return fm.focusNotes()
	case "ctrl+r":
		if fm.stale && !fm.isNew {
			return fm.reload()
		}
		return nil
	case "tab":
		return fm.move(1)
	case "shift+tab":
		return fm.move(-1)
	case "enter":
		if f.kind == fkNotes {
			break
		}
		return fm.move(1)
	case "down":
		if f.kind != fkNotes || f.area.Line() >= f.area.LineCount()-1 {
			return fm.move(1)
		}
	case "up":
		if f.kind != fkNotes || f.area.Line() == 0 {
			return fm.move(-1)
		}
	}
	switch f.kind {
	case fkChoice:
		changed := false
		switch msg.String() {
		case "left":
			changed = f.cycle(-1)
		case "right", " ":
			changed = f.cycle(1)
		default:
			switch {
			case isTyping(msg) && isUnitField(f):
				fm.openPicker(f, msg)
			case msg.Type == tea.KeyRunes && len(msg.Runes) == 1 && !msg.Alt:
				changed = f.jump(msg.Runes[0])
			}
		}
		if changed {
			f.err = ""
			fm.choiceChanged(f)
			fm.forgetFixedMsg()
		}
		return nil
	case fkToggle:
		switch msg.String() {
		case "left", "right", " ":
			f.val = 1 - f.val
		case "o", "O", "y", "Y":
			f.val = 1
		case "n", "N":
			f.val = 0
		}
		return nil
	case fkChannels:
		n := len(model.AllChannels)
		switch msg.String() {
		case "left":
			f.chanPos = (f.chanPos + n - 1) % n
		case "right":
			f.chanPos = (f.chanPos + 1) % n
		case " ", "x":
			f.val ^= int(model.AllChannels[f.chanPos])
		}
		return nil
	}
	return fm.updateField(msg)
}

// updateField gives msg to the focused text editor; a field showing an
// error is re-checked as it is corrected.
func (fm *formScreen) updateField(msg tea.Msg) tea.Cmd {
	f := fm.fields[fm.focus]
	var cmd tea.Cmd
	switch {
	case f.kind == fkNotes:
		f.area, cmd = f.area.Update(msg)
	case f.isText():
		f.input, cmd = f.input.Update(msg)
	default:
		return nil
	}
	if f.err != "" {
		f.check(false)
		fm.forgetFixedMsg()
	}
	return cmd
}

// focusNotes jumps to the Notes field, the cursor at the end of them.
func (fm *formScreen) focusNotes() tea.Cmd {
	for i, f := range fm.fields {
		if f.kind == fkNotes {
			cmd := fm.setFocus(i)
			f.area.CursorEnd()
			for f.area.Line() < f.area.LineCount()-1 {
				f.area.CursorDown()
			}
			f.area.CursorEnd()
			return cmd
		}
	}
	return nil
}

// move leaves the focused field (checking it) for the one delta away.
func (fm *formScreen) move(delta int) tea.Cmd {
	n := len(fm.fields)
	return fm.setFocus(((fm.focus+delta)%n + n) % n)
}

func (fm *formScreen) setFocus(i int) tea.Cmd {
	cur := fm.fields[fm.focus]
	if i != fm.focus {
		cur.check(true)
		cur.blur()
		fm.forgetFixedMsg()
	}
	fm.focus = i
	cmd := fm.fields[i].focus()
	fm.scrollToFocus()
	return cmd
}

// storeEvent warns, before the save is refused, that the fiche being
// edited was changed or erased meanwhile.
func (fm *formScreen) storeEvent(ev store.Event) {
	if fm.isNew || fm.done || fm.saving || !slices.Contains(ev.Persons, fm.base.ID) {
		return
	}
	by := ficheClean(ev.By)
	if by == "" {
		by = "quelqu'un d'autre"
	}
	if ev.What == model.ActionPersonErase {
		fm.setMsg("Cette fiche vient d'être effacée par "+by+" : elle ne peut plus être enregistrée (esc pour quitter).", true)
		return
	}
	fm.stale = true
	fm.setMsg("Cette fiche vient d'être modifiée par "+by+". Vos saisies sont conservées : ctrl+r reprend la version actuelle en y reportant vos modifications.", true)
}

// ---------------------------------------------------------------------------
// Organisation pickers

// unitsArrived fills the organisation pickers once the units are known.
// Defaults that this fills in for a new fiche do not count as changes.
func (fm *formScreen) unitsArrived() {
	keys := []string{model.FieldFederation, model.FieldSection, model.FieldCell}
	untouched := map[string]bool{}
	for _, k := range keys {
		untouched[k] = !fm.field(k).changed()
	}
	fed := fm.field(model.FieldFederation)
	if fm.isNew && fed.val == 0 {
		var feds []int
		for _, u := range fm.units {
			if u.Level == model.LevelFederation && !u.Closed && fm.inReach(u.Path) {
				feds = append(feds, int(u.ID))
			}
		}
		if len(feds) == 1 {
			fed.val = feds[0]
			fm.refreshOrg(model.FieldFederation)
		}
	}
	fm.refreshOrg("")
	if fm.isNew {
		for _, k := range keys {
			if f := fm.field(k); untouched[k] {
				f.initial = f.value()
			}
		}
	}
}

// inReach reports whether a unit is inside the responsable's scope or on
// the way to it.
func (fm *formScreen) inReach(path model.Org) bool {
	scope := fm.c.User.Scope
	return scope.Contains(path) || path.Contains(scope)
}

// refreshOrg rebuilds the federation, section and cell choices from the
// units in scope. changed names the picker the user just moved: the levels
// under it are reset.
func (fm *formScreen) refreshOrg(changed string) {
	fed, sec, cell := fm.field(model.FieldFederation), fm.field(model.FieldSection), fm.field(model.FieldCell)
	scope := fm.c.User.Scope
	byID := map[int]model.Unit{}
	for _, u := range fm.units {
		byID[int(u.ID)] = u
	}
	// settle puts a picker on its first choice when the level above it
	// changed; a unit no longer offered (closed, out of reach) stays
	// offered while it is the fiche's.
	settle := func(f *formField, reset bool) {
		if reset {
			f.val = 0
			if len(f.choices) > 0 {
				f.val = f.choices[0].value
			}
		}
		if fm.unitsLoaded && f.val != 0 && f.choiceIndex() < 0 {
			label := "#" + strconv.Itoa(f.val)
			if u, ok := byID[f.val]; ok {
				label = unitLabel(u)
			}
			f.choices = append(f.choices, formChoice{label, f.val})
		}
	}

	fed.choices = nil
	for _, u := range fm.units {
		// An existing fiche changes federation only by a mutation (issue 13).
		if !fm.isNew && int(u.ID) != fed.val {
			continue
		}
		if u.Level == model.LevelFederation && (!u.Closed || int(u.ID) == fed.val) && fm.inReach(u.Path) {
			fed.choices = append(fed.choices, formChoice{unitLabel(u), int(u.ID)})
		}
	}
	if !fm.isNew {
		fed.hint = formFederationHint
	}
	settle(fed, false)
	fedOrg := model.Org{Federation: model.UnitID(fed.val)}

	sectionChoices := func() []formChoice {
		var out []formChoice
		if fed.val != 0 && scope.Contains(fedOrg) {
			out = append(out, formChoice{"— sans section", 0})
		}
		for _, u := range fm.units {
			if u.Level == model.LevelSection && int(u.Path.Federation) == fed.val &&
				(!u.Closed || int(u.ID) == sec.val) && fm.inReach(u.Path) {
				out = append(out, formChoice{unitLabel(u), int(u.ID)})
			}
		}
		return out
	}
	sec.choices = sectionChoices()
	settle(sec, changed == model.FieldFederation)
	secOrg := model.Org{Federation: fedOrg.Federation, Section: model.UnitID(sec.val)}

	cell.choices = nil
	if sec.val == 0 || scope.Contains(secOrg) {
		cell.choices = append(cell.choices, formChoice{"— sans cellule", 0})
	}
	if sec.val != 0 {
		for _, u := range fm.units {
			if u.Level == model.LevelCell && int(u.Path.Section) == sec.val &&
				(!u.Closed || int(u.ID) == cell.val) && scope.Contains(u.Path) {
				cell.choices = append(cell.choices, formChoice{unitLabel(u), int(u.ID)})
			}
		}
	}
	settle(cell, changed == model.FieldFederation || changed == model.FieldSection)
}

// choiceChanged follows a picker change (the organisation's levels depend
// on each other).
func (fm *formScreen) choiceChanged(f *formField) {
	switch f.key {
	case model.FieldFederation, model.FieldSection:
		fm.refreshOrg(f.key)
		fm.field(model.FieldSection).err = ""
		fm.field(model.FieldCell).err = ""
	case model.FieldKind:
		// Leaving adhérent makes the number and join date meaningless;
		// NormalizePerson says so on save, next to those fields.
		fm.field(model.FieldMemberNumber).err = ""
		fm.field(model.FieldJoinDate).err = ""
	}
}

// ---------------------------------------------------------------------------
// Save

// build reads every field into a copy of the fiche and checks it. It
// returns the normalised fiche and the number of invalid fields (each
// field's message is set).
func (fm *formScreen) build() (model.Person, int) {
	// Of a stored fiche, only the fields the user changed are read back: an
	// untouched value is stored exactly as it was, however long. A new
	// fiche takes every field (its defaults are set in the fields).
	p := fm.base.Clone()
	for _, f := range fm.fields {
		f.err = ""
		if fm.isNew || f.changed() {
			f.err = f.apply(&p)
		}
		if f.err == "" && f.changed() {
			f.err = f.tooLong()
		}
	}
	q := p.Clone()
	verrs := model.NormalizePerson(&q, ficheToday(fm.c))
	fm.mapErrors(verrs)
	if f := fm.field(model.FieldLastName); f.err == "" && ficheClean(q.LastName) == "" {
		f.err = "le nom est obligatoire"
	}
	return q, fm.invalidCount()
}

// mapErrors puts validation messages next to their fields; the ones that
// belong to no field are returned joined.
func (fm *formScreen) mapErrors(verrs model.ValidationErrors) string {
	var rest []string
	for _, e := range verrs {
		f := fm.field(e.Field)
		if f == nil {
			rest = append(rest, e.Error())
			continue
		}
		if f.err == "" {
			f.err = e.Message
		}
	}
	return strings.Join(rest, " ; ")
}

func (fm *formScreen) focusFirstInvalid() tea.Cmd {
	for i, f := range fm.fields {
		if f.err != "" {
			return fm.setFocus(i)
		}
	}
	return nil
}

func (fm *formScreen) invalidLabels() string {
	var labels []string
	for _, f := range fm.fields {
		if f.err != "" {
			labels = append(labels, f.label)
		}
	}
	if len(labels) > 4 {
		labels = append(labels[:4], "…")
	}
	return strings.Join(labels, ", ")
}

// save checks the form and starts the save. force skips the duplicate
// check of a new fiche (« créer quand même »).
func (fm *formScreen) save(force bool) tea.Cmd {
	if fm.saving {
		return nil
	}
	fm.fields[fm.focus].check(true)
	p, bad := fm.build()
	if bad > 0 {
		fm.setInvalidMsg(bad)
		return fm.focusFirstInvalid()
	}
	fm.saving = true
	fm.setMsg("Enregistrement…", false)
	c, isNew := fm.c, fm.isNew
	return ask(fm, func() (formSaved, error) {
		var out formSaved
		var err error
		if isNew {
			if !force {
				if out.dups, err = c.Store.FindDuplicates(c.Session, p); err != nil || len(out.dups) > 0 {
					return out, err
				}
			}
			out.p, err = c.Store.Create(c.Session, p)
			return out, err
		}
		out.p, err = c.Store.Update(c.Session, p)
		if errors.Is(err, store.ErrStale) {
			if cur, err := c.Store.Get(c.Session, p.ID); err == nil {
				out.current = &cur
			}
		}
		return out, err
	})
}

func (fm *formScreen) saved(msg formSaved, err error) tea.Cmd {
	fm.saving = false
	if err != nil {
		var verrs model.ValidationErrors
		switch {
		case SessionEnded(err):
			fm.setMsg(ficheErrText(err), true)
			return reportErr(err)
		case errors.Is(err, store.ErrStale):
			fm.stale = true
			by := "quelqu'un d'autre"
			const marker = "(dernière modification par "
			if text := err.Error(); strings.Contains(text, marker) {
				_, after, _ := strings.Cut(text, marker)
				if who := ficheClean(strings.TrimSuffix(after, ")")); who != "" {
					by = who
				}
			}
			fm.setMsg("La fiche a été modifiée entre-temps par "+by+staleChanges(&fm.base, msg.current)+" : rien n'est enregistré. Vos saisies sont conservées : ctrl+r reprend la version actuelle en y reportant vos modifications, puis ctrl+s.", true)
			return nil
		case errors.As(err, &verrs):
			rest := fm.mapErrors(verrs)
			text := "Le fichier refuse l'enregistrement : corrigez les champs signalés."
			if rest != "" {
				text = "Le fichier refuse l'enregistrement : " + rest
			}
			fm.setMsg(text, true)
			return fm.focusFirstInvalid()
		case errors.Is(err, store.ErrNotFound):
			fm.setMsg("Cette fiche n'existe plus (effacée entre-temps, ou hors de votre périmètre) : rien n'est enregistré.", true)
			return nil
		}
		fm.setMsg(ficheErrText(err), true)
		return nil
	}
	if len(msg.dups) > 0 {
		fm.dups, fm.dupCursor = msg.dups, 0
		fm.setMsg("", false)
		return nil
	}
	fm.done = true
	p := msg.p
	// Back where the form was opened from, always; the screen there
	// hears of the fiche saved (the list puts its cursor on it).
	if fm.isNew {
		return tea.Sequence(closeScreen(fm), func() tea.Msg { return ficheSavedMsg{p: p} },
			Flash("Fiche créée : "+ficheClean(p.FullName())+" ("+ficheKindLabel(&p)+").", false))
	}
	return tea.Sequence(closeScreen(fm), func() tea.Msg { return ficheSavedMsg{p: p} },
		Flash("Fiche enregistrée : "+ficheClean(p.FullName())+".", false))
}

func (fm *formScreen) handleDupKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "up", "k", "shift+tab":
		fm.dupCursor = max(fm.dupCursor-1, 0)
	case "down", "j", "tab":
		fm.dupCursor = min(fm.dupCursor+1, len(fm.dups)-1)
	case "enter":
		id := fm.dups[fm.dupCursor].Person.ID
		fm.done = true
		return tea.Sequence(closeScreen(fm), Push(NewFicheScreen(fm.c, id)))
	case "c", "C":
		fm.dups = nil
		return fm.save(true)
	case "esc":
		fm.dups = nil
		fm.setMsg("Création suspendue : complétez la fiche, ou ctrl+s puis c pour la créer quand même.", false)
	}
	return nil
}

// staleChanges says what someone else changed between the version the form
// was opened on and the current one: " (Mobile : 06 12 … → 07 …, Notes)".
func staleChanges(base, current *model.Person) string {
	if current == nil {
		return ""
	}
	var parts []string
	for _, ch := range model.Diff(base, current) {
		short := func(v string) string {
			if v = ficheClean(v); v == "" {
				return "—"
			}
			return ansi.Truncate(v, 24, "…")
		}
		parts = append(parts, ch.Field+" : "+short(ch.Old)+" → "+short(ch.New))
	}
	if len(parts) == 0 {
		return ""
	}
	if len(parts) > 4 {
		parts = append(parts[:4], fmt.Sprintf("et %d autre(s)", len(parts)-4))
	}
	return " (" + strings.Join(parts, " ; ") + ")"
}

// reload reads the current version after a stale save.
func (fm *formScreen) reload() tea.Cmd {
	c, id := fm.c, fm.base.ID
	fm.setMsg("Lecture de la version actuelle…", false)
	return ask(fm, func() (formReloaded, error) {
		p, err := c.Store.Get(c.Session, id)
		return formReloaded{p}, err
	})
}

// reloaded takes the current version as the base and carries the user's
// changes over onto it; a field changed on both sides keeps the user's
// value and says what the other version holds.
func (fm *formScreen) reloaded(fresh model.Person, err error) tea.Cmd {
	if err != nil {
		fm.setMsg(ficheErrText(err), true)
		return errCmd(err)
	}
	by := ficheClean(fresh.UpdatedBy)
	if by == "" {
		by = "quelqu'un d'autre"
	}
	for _, f := range fm.fields {
		changed, mine, oldInitial := f.changed(), f.value(), f.initial
		f.load(&fresh)
		if !changed {
			continue
		}
		if f.initial != oldInitial && f.initial != mine {
			f.warn = "modifié aussi par " + by + " (valeur enregistrée : « " + fm.display(f) + " ») ; votre saisie est gardée"
		}
		f.setValue(mine)
		f.check(false)
	}
	fm.base = fresh
	fm.stale = false
	fm.refreshOrg("")
	fm.setMsg("Version actuelle reprise, vos modifications y sont reportées : vérifiez, puis ctrl+s.", false)
	return nil
}

// display is a field's current value as text (for messages).
func (fm *formScreen) display(f *formField) string {
	switch f.kind {
	case fkChoice:
		return f.choiceLabel()
	case fkToggle:
		return model.YesNo(f.val == 1)
	case fkChannels:
		return model.Channels(f.val).String()
	}
	return ansi.Truncate(ficheClean(f.value()), 30, "…")
}

// ---------------------------------------------------------------------------
// Drawing

// fieldLines renders field i (with its messages), one string per line.
func (fm *formScreen) fieldLines(i int) []string {
	f := fm.fields[i]
	labelW, valueW := fm.columns()
	focused := i == fm.focus
	gutter := "  "
	labelStyle := fm.st.Label
	if focused {
		gutter = "▸ "
		labelStyle = fm.st.Key
	}
	indent := strings.Repeat(" ", 2+labelW)
	var value []string
	switch f.kind {
	case fkNotes:
		value = strings.Split(f.area.View(), "\n")
	case fkChoice:
		label := ansi.Truncate(f.choiceLabel(), max(valueW-4, 1), "…")
		if focused {
			value = []string{fm.st.Input.Render("‹ " + label + " ›")}
		} else {
			value = []string{fm.st.Value.Render(label)}
		}
	case fkToggle:
		v := "[ ] non"
		if f.val == 1 {
			v = "[x] oui"
		}
		value = []string{v}
	case fkChannels:
		var parts []string
		for j, ch := range model.AllChannels {
			box := "[ ] "
			if model.Channels(f.val).Has(ch) {
				box = "[x] "
			}
			item := box + ch.String()
			if focused && j == f.chanPos {
				item = fm.st.Input.Render("‹" + item + "›")
			} else {
				item = " " + item + " "
			}
			parts = append(parts, item)
		}
		value = []string{strings.Join(parts, "")}
	default:
		value = []string{f.input.View()}
	}
	var out []string
	for j, v := range value {
		if j == 0 {
			out = append(out, gutter+labelStyle.Render(labelCell(f.label, labelW))+v)
		} else {
			out = append(out, indent+v)
		}
	}
	if focused && fm.pick != nil {
		out = append(out, fm.pick.View(fm.st, indent, func(i int) string { return model.StripControl(f.choices[i].label) })...)
	}
	out = append(out, noteLines(indent, "! ", f.err, fm.st.Error, valueW)...)
	return append(out, noteLines(indent, "↺ ", f.warn, fm.st.Warning, valueW)...)
}

// noteLines are a field's note (its error, or a warning) under its value,
// wrapped to w after mark; none for an empty note.
func noteLines(indent, mark, note string, style lipgloss.Style, w int) []string {
	if note == "" {
		return nil
	}
	var out []string
	for _, l := range wrapText(mark+note, w) {
		out = append(out, indent+style.Render(l))
	}
	return out
}

// layout renders every field, with group headings, and where each field's
// lines start and end.
func (fm *formScreen) layout() (lines []string, spans [][2]int) {
	group := ""
	spans = make([][2]int, len(fm.fields))
	for i, f := range fm.fields {
		if f.group != group {
			group = f.group
			head := "── " + group + " "
			head += strings.Repeat("─", max(fm.w-2-ansi.StringWidth(head), 0))
			lines = append(lines, fm.st.Title.Render(head))
		}
		start := len(lines)
		lines = append(lines, fm.fieldLines(i)...)
		spans[i] = [2]int{start, len(lines)}
	}
	return lines, spans
}

// bottom is the message (or the focused field's hint) under the fields.
func (fm *formScreen) bottom() []string {
	if fm.msg != "" {
		style := fm.st.Success
		if fm.msgErr {
			style = fm.st.Error
		}
		var out []string
		for _, l := range wrapText(fm.msg, fm.w-2) {
			out = append(out, " "+style.Render(l))
		}
		if len(out) > 4 {
			out = out[:4]
		}
		return out
	}
	f := fm.fields[fm.focus]
	hint := f.hint
	switch {
	case fm.pick != nil:
		hint = "↑↓ parmi les unités trouvées · entrée : garder · esc : annuler"
	case isUnitField(f):
		hint = "tapez une partie du nom pour chercher, ou " + hint
	case hint == "":
		hint = "tab : champ suivant"
	}
	return []string{" " + fm.st.Muted.Render(ansi.Truncate(f.label+" — "+hint+" · ctrl+s enregistre", max(fm.w-2, 1), "…"))}
}

func (fm *formScreen) scrollToFocus() {
	lines, spans := fm.layout()
	fm.scrollWithin(lines, spans)
}

// scrollWithin moves the window over the laid-out lines so that the
// focused field is visible.
func (fm *formScreen) scrollWithin(lines []string, spans [][2]int) {
	avail := max(fm.h-len(fm.bottom()), 1)
	s := spans[fm.focus]
	start := s[0]
	if start > 0 && (fm.focus == 0 || fm.fields[fm.focus-1].group != fm.fields[fm.focus].group) {
		start-- // show the group's heading with its first field
	}
	if start < fm.offset {
		fm.offset = start
	}
	if s[1] > fm.offset+avail {
		fm.offset = s[1] - avail
	}
	fm.offset = max(min(fm.offset, len(lines)-avail), 0)
}

func (fm *formScreen) View() string {
	if fm.dialog != nil {
		return fitBlock(fm.indent(fm.dialog.View(fm.w-2)), fm.w, fm.h)
	}
	if len(fm.dups) > 0 {
		return fitBlock(fm.dupView(), fm.w, fm.h)
	}
	lines, spans := fm.layout()
	fm.scrollWithin(lines, spans)
	bottom := fm.bottom()
	avail := max(fm.h-len(bottom), 0)
	end := min(fm.offset+avail, len(lines))
	visible := append([]string(nil), lines[fm.offset:end]...)
	for len(visible) < avail {
		visible = append(visible, "")
	}
	return fitBlock(strings.Join(append(visible, bottom...), "\n"), fm.w, fm.h)
}

func (fm *formScreen) indent(block string) string {
	lines := strings.Split(block, "\n")
	for i := range lines {
		lines[i] = " " + lines[i]
	}
	return strings.Join(lines, "\n")
}

func (fm *formScreen) dupView() string {
	var out []string
	out = append(out, " "+fm.st.Title.Render(ansi.Truncate(
		fmt.Sprintf("Fiches semblables déjà dans le fichier (%d) :", len(fm.dups)), fm.w-2, "…")))
	out = append(out, " "+fm.st.Muted.Render(ansi.Truncate("Avant de créer cette fiche, vérifiez qu'il ne s'agit pas de la même personne.", fm.w-2, "…")))
	out = append(out, "")
	footer := []string{"", " " + fm.st.Help.Render(ansi.Truncate("entrée ouvrir la fiche existante · c créer quand même · esc revenir", fm.w-2, "…"))}
	avail := max(fm.h-len(out)-len(footer), 1)
	first := 0
	if fm.dupCursor >= avail {
		first = fm.dupCursor - avail + 1
	}
	for i := first; i < len(fm.dups) && i < first+avail; i++ {
		d := fm.dups[i]
		p := d.Person
		where := ficheClean(p.Address.Commune)
		if where == "" {
			where = "commune inconnue"
		}
		text := ficheClean(p.SortName()) + " · " + where + " · " + ficheClean(d.Reason) + " · " + ficheKindLabel(&p)
		if p.Archived {
			text += " (archivée)"
		}
		text = ansi.Truncate(text, fm.w-4, "…")
		if i == fm.dupCursor {
			out = append(out, " ▸ "+fm.st.Selected.Render(text))
		} else {
			out = append(out, "   "+text)
		}
	}
	return strings.Join(append(out, footer...), "\n")
}

// isUnitField reports whether f chooses a unit (federation, section,
// cell): long lists, searched by typing part of a name.
func isUnitField(f *formField) bool {
	return f.key == model.FieldFederation || f.key == model.FieldSection || f.key == model.FieldCell
}

// openPicker starts a search among f's choices with the key typed.
func (fm *formScreen) openPicker(f *formField, msg tea.KeyMsg) {
	names := make([]string, len(f.choices))
	for i, c := range f.choices {
		names[i] = c.label
	}
	fm.pickVal = f.val
	fm.pick = openPicker(names, f.choiceIndex(), msg)
	fm.setChoice(f, fm.pick.Chosen())
}

// setChoice makes choice i f's value (-1: the value from before the
// search) and follows the change.
func (fm *formScreen) setChoice(f *formField, i int) {
	v := fm.pickVal
	if i >= 0 && i < len(f.choices) {
		v = f.choices[i].value
	}
	if v == f.val {
		return
	}
	f.val = v
	f.err = ""
	fm.choiceChanged(f)
	fm.forgetFixedMsg()
}
