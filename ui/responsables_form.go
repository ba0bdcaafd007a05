package ui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// The responsable form: appointing a responsable, or changing one's level
// and rights.

type respFormStep int

const (
	respStepFind respFormStep = iota // find the adherent
	respStepForm                     // level, unit, rights
	respStepDone                     // the password, once
)

// Fields of the form, in order.
const (
	respFieldLevel = iota
	respFieldUnit
	respFieldRights // four of them
	respFieldTOTP   = respFieldRights + 4
	respFieldCount  = respFieldTOTP + 1
)

type respFormScreen struct {
	c      *Common
	width  int
	height int
	keys   respFormKeys
	edit   *model.User // nil: an appointment
	step   respFormStep

	me     model.User
	units  []model.Unit
	ready  bool // me and units loaded
	person model.Person

	// find
	query   textinput.Model
	seq     uint64
	ids     []model.PersonID
	rows    map[model.PersonID]model.Person
	tab     table // over ids
	loading bool
	checked bool // a search answered for the current text
	pickAll bool // enter was pressed while searching: pick a single result

	// form
	levels   []model.Level
	level    int
	choices  []model.Unit // units of the chosen level (Path only for the national level)
	unit     int
	rights   model.Rights
	totp     bool
	focus    int
	username string

	busy    bool
	err     string
	created *shownPassword
}

type respFormKeys struct {
	Up, Down, Change, Submit, Back, Done key.Binding
	step                                 respFormStep
	edit                                 bool
}

func (k respFormKeys) ShortHelp() []key.Binding {
	switch k.step {
	case respStepFind:
		return []key.Binding{k.Submit, arrowsHelp, k.Back}
	case respStepDone:
		return []key.Binding{k.Done}
	}
	return []key.Binding{k.Submit, k.Change, arrowsHelp, k.Back}
}

func (k respFormKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Change}, {k.Submit, k.Back}}
}

type (
	// respFormLoaded is the granter and the units of their scope.
	respFormLoaded struct {
		me    model.User
		units []model.Unit
	}
	// respFound is the fiches found by search seq.
	respFound struct {
		seq uint64
		ids []model.PersonID
	}
	// respPicked is the adherent chosen and the username proposed.
	respPicked struct {
		p        model.Person
		username string
	}
	// respSaved is the account saved; for an appointment, its password and
	// its scope described.
	respSaved struct {
		u        model.User
		password string
		scope    string
	}
)

func newRespFormScreen(c *Common, edit *model.User) *respFormScreen {
	f := &respFormScreen{c: c, edit: edit, width: defaultWidth, height: defaultHeight - Chrome, rows: map[model.PersonID]model.Person{}}
	f.keys = respFormKeys{
		Up:     binding([]string{"up", "shift+tab"}, "↑", "champ précédent"),
		Down:   binding([]string{"down", "tab"}, "↓/tab", "champ suivant"),
		Change: binding([]string{"left", "right", " "}, "←→/espace", "changer"),
		Submit: binding([]string{"enter", "ctrl+s"}, "entrée", "nommer"),
		Back:   binding([]string{"esc"}, "esc", "annuler"),
		Done:   binding([]string{"enter"}, "entrée", "c'est noté"),
	}
	f.query = newInput(c.Styles, "ID identifiant unique, ou nom (et filtres : commune:…)", 200)
	f.query.Focus()
	if edit != nil {
		f.step = respStepForm
		f.keys.Submit = binding([]string{"enter", "ctrl+s"}, "entrée", "enregistrer")
		f.keys.edit = true
	} else {
		f.keys.Submit = binding([]string{"enter"}, "entrée", "choisir")
	}
	f.tab = newTable(newListKeys().arrowsOnly())
	return f
}

func (f *respFormScreen) Init() tea.Cmd {
	st, sess := f.c.Store, f.c.Session
	return ask(f, func() (v respFormLoaded, err error) {
		if v.me, err = sess.User(); err != nil {
			return v, err
		}
		v.units, err = st.Units(sess)
		return v, err
	})
}

func (f *respFormScreen) SetSize(w, h int) {
	f.width, f.height = w, h
	f.query.Width = max(w-8, 10)
}

func (f *respFormScreen) Title() string {
	if f.edit != nil {
		return "Responsables · modifier " + model.StripControl(f.edit.Username)
	}
	return "Responsables · nommer"
}

func (f *respFormScreen) Status() string {
	switch {
	case f.busy:
		return "enregistrement…"
	case f.step == respStepFind && f.loading:
		return "recherche…"
	case f.step == respStepFind && f.checked:
		return FormatCount(len(f.ids)) + " " + plural(len(f.ids), "fiche trouvée", "fiches trouvées")
	}
	return ""
}

func (f *respFormScreen) Keys() help.KeyMap { f.keys.step = f.step; return f.keys }
func (f *respFormScreen) Capturing() bool   { return f.step == respStepFind }
func (f *respFormScreen) Dirty() bool       { return false }

func (f *respFormScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[respFormLoaded]:
		if msg.err != nil {
			return f, reportErr(msg.err)
		}
		f.me, f.units, f.ready = msg.val.me, msg.val.units, true
		if f.edit != nil {
			f.setupForm(f.edit.Scope, f.edit.Rights, f.edit.TOTPRequired)
		}
		return f, nil
	case reply[respFound]:
		if msg.val.seq != f.seq {
			return f, nil // stale
		}
		f.loading = false
		if msg.err != nil {
			return f, keepErr(&f.err, msg.err)
		}
		f.checked = true
		f.setIDs(msg.val.ids)
		f.loadRows()
		if f.pickAll {
			f.pickAll = false
			if len(f.ids) == 1 {
				return f, f.pick(f.ids[0])
			}
		}
		return f, nil
	case reply[respPicked]:
		f.busy = false
		if msg.err != nil {
			if errors.Is(msg.err, store.ErrNotFound) {
				f.err = "cette fiche n'est pas dans votre périmètre"
			} else {
				f.err = msg.err.Error()
			}
			return f, errCmd(msg.err)
		}
		f.person, f.username, f.err = msg.val.p, msg.val.username, ""
		f.step = respStepForm
		f.keys.Submit = binding([]string{"enter", "ctrl+s"}, "entrée", "nommer")
		f.query.Blur()
		f.setupForm(model.Org{}, model.ReadOnly, false)
		return f, nil
	case reply[respSaved]:
		f.busy = false
		if msg.err != nil {
			return f, keepErr(&f.err, msg.err)
		}
		u := msg.val.u
		if f.edit != nil {
			return f, closeSaying(f, "Compte de "+personName(u)+" modifié : "+u.Level().String()+", "+u.Rights.String())
		}
		f.created = &shownPassword{user: u, password: msg.val.password, created: true, scope: msg.val.scope}
		f.step = respStepDone
		return f, nil
	case tea.KeyMsg:
		return f, f.key(msg)
	}
	return f, nil
}

// ---- find

// setIDs shows the fiches found, the cursor on the first.
func (f *respFormScreen) setIDs(ids []model.PersonID) {
	f.ids = ids
	f.tab.SetLen(len(ids))
	f.tab.SetCursor(0)
}

func (f *respFormScreen) search() tea.Cmd {
	text := strings.TrimSpace(f.query.Value())
	f.seq++
	f.err, f.checked, f.pickAll = "", false, false
	if text == "" {
		f.loading = false
		f.setIDs(nil)
		return nil
	}
	if _, err := strconv.ParseUint(strings.ReplaceAll(text, " ", ""), 10, 64); err == nil {
		text = "id:" + strings.ReplaceAll(text, " ", "")
	}
	// Only adhérents can be appointed: only they are offered.
	q, err := query.Parse("type:adhérent " + text)
	if err != nil {
		f.err = err.Error()
		return nil
	}
	f.loading = true
	seq, st, sess := f.seq, f.c.Store, f.c.Session
	return ask(f, func() (respFound, error) {
		res, err := st.Search(sess, q, store.SortName)
		return respFound{seq: seq, ids: res.IDs}, err
	})
}

func (f *respFormScreen) findRows() int { return max(f.height-8, 1) }

// loadRows fetches the visible results from the index (in memory), as the list does.
func (f *respFormScreen) loadRows() {
	f.tab.SetHeight(f.findRows())
	var ids []model.PersonID
	for _, i := range f.tab.Window() {
		ids = append(ids, f.ids[i])
	}
	if len(ids) == 0 {
		return
	}
	people, err := f.c.Store.Peek(f.c.Session, ids)
	if err != nil {
		return
	}
	clear(f.rows)
	for _, p := range people {
		f.rows[p.ID] = p
	}
}

// pick checks that the fiche id may be appointed (the store says why not).
func (f *respFormScreen) pick(id model.PersonID) tea.Cmd {
	f.busy, f.err = true, ""
	st, sess := f.c.Store, f.c.Session
	return ask(f, func() (respPicked, error) {
		p, err := st.CheckAppointee(sess, id)
		if err != nil {
			return respPicked{}, err
		}
		return respPicked{p: p, username: st.ProposeUsername(p.FirstName, p.LastName)}, nil
	})
}

func (f *respFormScreen) key(msg tea.KeyMsg) tea.Cmd {
	if f.busy {
		return nil
	}
	switch f.step {
	case respStepDone:
		if key.Matches(msg, f.keys.Done) {
			f.created = nil // forgotten
			return closeScreen(f)
		}
		return nil
	case respStepFind:
		switch msg.String() {
		case "esc":
			return closeScreen(f)
		case "up", "down", "pgup", "pgdown":
			if f.tab.Move(msg) {
				f.loadRows()
			}
			return nil
		case "enter":
			if f.loading {
				f.pickAll = true
				return nil
			}
			i := f.tab.Selected()
			if i < 0 {
				return nil
			}
			return f.pick(f.ids[i])
		}
		before := f.query.Value()
		var cmd tea.Cmd
		f.query, cmd = f.query.Update(msg)
		if f.query.Value() != before {
			return tea.Batch(cmd, f.search())
		}
		return cmd
	}
	// The form.
	if !f.ready {
		return nil
	}
	switch {
	case key.Matches(msg, f.keys.Back):
		if f.edit == nil {
			f.step = respStepFind
			f.keys.Submit = binding([]string{"enter"}, "entrée", "choisir")
			f.query.Focus()
			f.err = ""
			return nil
		}
		return closeScreen(f)
	case key.Matches(msg, f.keys.Submit):
		return f.save()
	case key.Matches(msg, f.keys.Up):
		f.moveFocus(-1)
	case key.Matches(msg, f.keys.Down):
		f.moveFocus(1)
	case msg.String() == "left":
		f.change(-1)
	case msg.String() == "right", msg.String() == " ":
		f.change(1)
	}
	return nil
}

// ---- form

// levelsOffered: the granter's own level and the one just below (and, for a
// change, the account's current level).
func (f *respFormScreen) levelsOffered() []model.Level {
	own := f.me.Scope.Level()
	out := []model.Level{own}
	if own < model.LevelCell {
		out = append(out, own+1)
	}
	if f.edit != nil && !slices.Contains(out, f.edit.Level()) {
		out = append(out, f.edit.Level())
		slices.Sort(out)
	}
	return out
}

// unitsAt lists the open units of level l in the granter's scope (the
// granter's own unit at their own level).
func (f *respFormScreen) unitsAt(l model.Level) []model.Unit {
	if l == f.me.Scope.Level() {
		if l == model.LevelNational {
			return []model.Unit{{Name: "national"}}
		}
		for _, u := range f.units {
			if u.Path == f.me.Scope {
				return []model.Unit{u}
			}
		}
		return nil
	}
	var out []model.Unit
	for _, u := range f.units {
		if u.Level == l && !u.Closed && f.me.Scope.Contains(u.Path) {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b model.Unit) int { return strings.Compare(model.Fold(a.Name), model.Fold(b.Name)) })
	return out
}

// setupForm fills the choices: for a change, the account's current values;
// for an appointment, read-only at the deepest level offered where a unit
// holds the adherent (a section responsable appointing someone of a cell
// gets that cell).
func (f *respFormScreen) setupForm(scope model.Org, rights model.Rights, totp bool) {
	f.levels = f.levelsOffered()
	f.rights, f.totp, f.focus = rights, totp, respFieldLevel
	if f.edit != nil {
		f.level = max(slices.Index(f.levels, scope.Level()), 0)
		f.setLevel(f.level, scope)
		return
	}
	f.level = len(f.levels) - 1
	for i := len(f.levels) - 1; i >= 0; i-- {
		for _, u := range f.unitsAt(f.levels[i]) {
			if u.Path.Contains(f.person.Org) && (u.ID != 0 || f.levels[i] == model.LevelNational) {
				f.setLevel(i, u.Path)
				return
			}
		}
	}
	f.setLevel(f.level, model.Org{})
}

// setLevel chooses level i and, in it, the unit at path if offered.
func (f *respFormScreen) setLevel(i int, path model.Org) {
	f.level = clamp(i, 0, len(f.levels)-1)
	f.choices = f.unitsAt(f.levels[f.level])
	f.unit = 0
	for j, u := range f.choices {
		if u.Path == path {
			f.unit = j
		}
	}
}

func (f *respFormScreen) scope() (model.Org, bool) {
	if f.unit >= len(f.choices) {
		return model.Org{}, false
	}
	return f.choices[f.unit].Path, true
}

func (f *respFormScreen) moveFocus(d int) {
	for i := 0; i < respFieldCount; i++ {
		f.focus = (f.focus + d + respFieldCount) % respFieldCount
		if f.focusable(f.focus) {
			return
		}
	}
}

// focusable: a right the granter lacks cannot be given, so it is skipped.
func (f *respFormScreen) focusable(field int) bool {
	if field >= respFieldRights && field < respFieldTOTP {
		return f.me.Rights.Has(model.AllRightsList[field-respFieldRights])
	}
	return true
}

func (f *respFormScreen) change(d int) {
	f.err = ""
	switch {
	case f.focus == respFieldLevel:
		if len(f.levels) > 1 {
			f.setLevel((f.level+d+len(f.levels))%len(f.levels), model.Org{})
		}
	case f.focus == respFieldUnit:
		if len(f.choices) > 0 {
			f.unit = (f.unit + d + len(f.choices)) % len(f.choices)
		}
	case f.focus >= respFieldRights && f.focus < respFieldTOTP:
		r := model.AllRightsList[f.focus-respFieldRights]
		if f.me.Rights.Has(r) {
			f.rights ^= r
		}
	case f.focus == respFieldTOTP:
		f.totp = !f.totp
	}
}

func (f *respFormScreen) save() tea.Cmd {
	scope, ok := f.scope()
	if !ok {
		f.err = "aucune unité ouverte à ce niveau : créez-en une dans l'écran Structure (7)"
		return nil
	}
	f.busy, f.err = true, ""
	st, sess, rights, totp := f.c.Store, f.c.Session, f.rights, f.totp
	if f.edit != nil {
		id := f.edit.ID
		return ask(f, func() (v respSaved, err error) {
			v.u, err = st.UpdateUser(sess, id, store.UserChange{Scope: scope, Rights: rights, RequireTOTP: totp})
			return v, err
		})
	}
	pid := f.person.ID
	return ask(f, func() (v respSaved, err error) {
		v.u, v.password, err = st.CreateUser(sess, store.UserSpec{PersonID: pid, Scope: scope, Rights: rights, RequireTOTP: totp})
		v.scope = st.Describe(v.u.Scope)
		return v, err
	})
}

// ---- drawing

func (f *respFormScreen) View() string {
	s := f.c.Styles
	switch f.step {
	case respStepDone:
		if f.created == nil {
			return "" // noted and forgotten; the screen is closing
		}
		return passwordView(s, f.created, f.width)
	case respStepFind:
		return f.findView()
	}
	var b []string
	add := func(l ...string) { b = append(b, l...) }
	const labelW = 14
	label := func(i int, text string) string { return fieldLabel(s, text, labelW, i == f.focus) }
	add("")
	if f.edit != nil {
		add("  " + s.Title.Render("Modifier le compte de "+personName(*f.edit)))
		add(infoRow(s, "Identifiant", labelW, model.StripControl(f.edit.Username)))
	} else {
		add("  " + s.Title.Render("Nommer un responsable"))
		p := f.person
		who := strings.ToUpper(model.StripControl(p.LastName)) + " " + model.StripControl(p.FirstName) + " · ID " + FormatCount(int(p.ID))
		if p.MemberNumber != "" {
			who += " · n° " + model.StripControl(p.MemberNumber)
		}
		add(infoRow(s, "Adhérent", labelW, who))
		add(infoRow(s, "Identifiant", labelW, s.Key.Render(model.StripControl(f.username))+s.Muted.Render("  (première lettre du prénom + nom)")))
	}
	if !f.ready {
		add("", "  "+s.Muted.Render("chargement…"))
		return strings.Join(b, "\n")
	}
	add("")
	lv := f.levels[f.level].String()
	if len(f.levels) > 1 {
		lv = "◂ " + lv + " ▸"
	}
	add(label(respFieldLevel, "Niveau") + " " + lv)
	if f.focus == respFieldLevel || len(f.levels) > 1 {
		// Why these levels only: the party's rule (model.CanDelegate).
		add(wrapIndent(s.Muted.Render("règle du parti : votre niveau ou celui juste en dessous"), f.width, strings.Repeat(" ", 17), strings.Repeat(" ", 17))...)
	}
	unit := s.Warning.Render("aucune unité ouverte à ce niveau")
	if len(f.choices) > 0 {
		unit = model.StripControl(f.choices[f.unit].Name)
		if len(f.choices) > 1 {
			unit = "◂ " + unit + " ▸" + s.Muted.Render(fmt.Sprintf("  (%d/%d)", f.unit+1, len(f.choices)))
		}
	}
	add(label(respFieldUnit, "Unité") + " " + unit)
	for i, r := range model.AllRightsList {
		field := respFieldRights + i
		text := "Droits"
		if i > 0 {
			text = ""
		}
		box := "[ ]"
		if f.rights.Has(r) {
			box = "[x]"
		}
		name := r.String()
		if r == model.RightManage {
			name = "gestion des responsables"
		}
		line := label(field, text) + " " + box + " " + name
		if !f.me.Rights.Has(r) {
			line = infoRow(s, text, labelW, s.Muted.Render("[-] "+name+" (vous ne l'avez pas)"))
		}
		add(line)
	}
	add(infoRow(s, "", labelW, s.Muted.Render("= "+f.rights.String())))
	box := "[ ]"
	if f.totp {
		box = "[x]"
	}
	add(label(respFieldTOTP, "Double auth.") + " " + box + " exigée (code du téléphone en plus du mot de passe)")
	add("")
	if status := formStatus(s, f.busy, "enregistrement…", f.err, f.width); len(status) > 0 {
		add(status...)
	} else {
		hint := "entrée : nommer · ↑↓ champ · ←→ ou espace : changer · esc : autre adhérent"
		if f.edit != nil {
			hint = "entrée : enregistrer · ↑↓ champ · ←→ ou espace : changer · esc : annuler"
		}
		add("  " + s.Muted.Render(hint))
	}
	return strings.Join(b, "\n")
}

// unitName names the deepest unit of a path ("Échirolles"), "—" for none.
func (f *respFormScreen) unitName(o model.Org) string {
	id := o.Leaf()
	if id == 0 {
		return "—"
	}
	for _, u := range f.units {
		if u.ID == id {
			return model.StripControl(u.Name)
		}
	}
	return "?"
}

func (f *respFormScreen) findView() string {
	s := f.c.Styles
	var b []string
	add := func(l ...string) { b = append(b, l...) }
	add("", "  "+s.Title.Render("Nommer un responsable : quel adhérent ?"))
	add("  " + s.Muted.Render(fit("Son ID (identifiant unique, sur sa fiche), son nom ou une recherche.", f.width-4)))
	add("▸ " + f.query.View())
	switch {
	case f.err != "":
		add("  " + s.Error.Render(fit(model.StripControl(f.err), f.width-4)))
	case f.checked && len(f.ids) == 0:
		add(wrapIndent(s.Muted.Render("aucun adhérent ne correspond (seuls les adhérents peuvent être nommés)"), f.width, "  ", "  ")...)
	default:
		add("")
	}
	add("  " + s.Label.Render(cell("ID", 8)+" "+cell("Nom", 30)+" "+cell("Type", 6)+" Où"))
	f.tab.SetHeight(f.findRows())
	b = append(b, f.tab.Marked(func(i int, selected bool) string {
		p, ok := f.rows[f.ids[i]]
		line := cell(FormatCount(int(f.ids[i])), 8) + " "
		if ok {
			where := f.unitName(p.Org)
			line += cell(strings.ToUpper(model.StripControl(p.LastName))+" "+model.StripControl(p.FirstName), 30) + " " + cell(p.Kind.Short(), 6) + " " + where
		}
		line = fit(line, f.width-3)
		switch {
		case selected:
			return s.Selected.Render(line)
		case ok && p.Kind != model.KindAdherent:
			return s.Muted.Render(line)
		}
		return line
	})...)
	return strings.Join(b, "\n")
}
