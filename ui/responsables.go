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
	"github.com/charmbracelet/x/ansi"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// respScreen is « Responsables »: the accounts in the viewer's scope, and —
// for who holds the right to manage responsables — appointing, changing,
// disabling them and resetting their passwords. The store checks every
// action again (model.CanDelegate, CanManage, CanReassign).
type respScreen struct {
	c      *Common
	width  int
	height int
	keys   respKeys

	users   []model.User
	desc    map[model.UserID]string // each account's scope, described
	me      model.User
	loaded  bool
	loading bool
	pending bool
	cursor  int
	offset  int

	dialog *ConfirmDialog
	act    respAction
	target model.User
	busy   bool
	shown  *shownPassword // a new password, shown once
	err    string         // why the last action was refused (wrapped under the table)
}

type respAction int

const (
	respActNone respAction = iota
	respActDisable
	respActEnable
	respActPassword
	respActTOTP
)

// shownPassword is a generated password on screen until the granter has
// noted it; then it is forgotten.
type shownPassword struct {
	user     model.User
	password string
	created  bool   // an appointment (else a reset)
	scope    string // the new account's scope, described
}

type respKeys struct {
	list                                       listKeys
	New, Edit, Toggle, Password, TOTP, Account key.Binding
	Open, Back, Done                           key.Binding
	manage, shown, dialog                      bool
	dialogKeys                                 help.KeyMap
}

func (k respKeys) ShortHelp() []key.Binding {
	switch {
	case k.dialog:
		return k.dialogKeys.ShortHelp()
	case k.shown:
		return []key.Binding{k.Done}
	case !k.manage:
		return []key.Binding{k.Account, k.Open, arrowsHelp, k.Back}
	}
	return []key.Binding{k.New, k.Edit, k.Toggle, k.Account, k.Password}
}

func (k respKeys) FullHelp() [][]key.Binding {
	if k.dialog || k.shown {
		return [][]key.Binding{k.ShortHelp()}
	}
	moves := []key.Binding{k.list.Up, k.list.Down, k.list.PageUp, k.list.PageDown, k.list.Top, k.list.Bottom}
	if !k.manage {
		return [][]key.Binding{moves, {k.Open, k.Account, k.Back}}
	}
	return [][]key.Binding{moves, {k.New, k.Edit, k.Toggle, k.Password, k.TOTP}, {k.Open, k.Account, k.Back}}
}

type (
	respLoadedMsg struct {
		s     *respScreen
		users []model.User
		desc  map[model.UserID]string
		me    model.User
		err   error
	}
	respDoneMsg struct {
		s        *respScreen
		act      respAction
		target   model.User
		password string
		err      error
	}
)

func (m respLoadedMsg) ForScreen() Screen { return m.s }
func (m respDoneMsg) ForScreen() Screen   { return m.s }

// NewResponsablesScreen is « 6 Responsables ».
func NewResponsablesScreen(c *Common) Screen { return newRespScreen(c) }

func newRespScreen(c *Common) *respScreen {
	r := &respScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome}
	r.keys = respKeys{
		list:     newListKeys(),
		New:      binding([]string{"n"}, "n", "nommer"),
		Edit:     binding([]string{"m"}, "m", "modifier"),
		Toggle:   binding([]string{"d"}, "d", "désactiver/réactiver"),
		Password: binding([]string{"p"}, "p", "nouveau mot de passe"),
		TOTP:     binding([]string{"a"}, "a", "retirer sa double authentification"),
		Account:  binding([]string{"c"}, "c", "mon compte"),
		Open:     binding([]string{"enter"}, "entrée", "sa fiche"),
		Back:     binding([]string{"esc"}, "esc", "retour"),
		Done:     binding([]string{"enter"}, "entrée", "c'est noté"),
	}
	r.keys.manage = c.User.Rights.Has(model.RightManage)
	return r
}

func (r *respScreen) screenKey() string { return "6" }

func (r *respScreen) Init() tea.Cmd { return r.load() }

func (r *respScreen) load() tea.Cmd {
	if r.loading {
		r.pending = true
		return nil
	}
	r.loading, r.pending = true, false
	st, sess, s := r.c.Store, r.c.Session, r
	return func() tea.Msg {
		me, err := sess.User()
		if err != nil {
			return respLoadedMsg{s: s, err: err}
		}
		users, err := st.Users(sess)
		if err != nil {
			return respLoadedMsg{s: s, err: err}
		}
		desc := make(map[model.UserID]string, len(users))
		for _, u := range users {
			desc[u.ID] = st.Describe(u.Scope)
		}
		return respLoadedMsg{s: s, users: users, desc: desc, me: me}
	}
}

func (r *respScreen) SetSize(w, h int) { r.width, r.height = w, h }
func (r *respScreen) Title() string    { return "Responsables" }
func (r *respScreen) Capturing() bool  { return r.dialog != nil && r.dialog.Typed() }
func (r *respScreen) Dirty() bool      { return false }

func (r *respScreen) Keys() help.KeyMap {
	r.keys.shown, r.keys.dialog = r.shown != nil, r.dialog != nil
	if u, ok := r.selected(); ok && u.Disabled {
		r.keys.Toggle.SetHelp("d", "réactiver")
	} else {
		r.keys.Toggle.SetHelp("d", "désactiver")
	}
	if r.dialog != nil {
		r.keys.dialogKeys = r.dialog.Keys()
	}
	return r.keys
}

func (r *respScreen) Status() string {
	if !r.loaded {
		return "chargement…"
	}
	active := 0
	for _, u := range r.users {
		if !u.Disabled {
			active++
		}
	}
	return FormatCount(len(r.users)) + " " + plural(len(r.users), "responsable", "responsables") + " · " + FormatCount(active) + " " + plural(active, "actif", "actifs")
}

// Commands adds the screen's actions to the palette.
func (r *respScreen) Commands() []Command {
	c := r.c
	out := []Command{{Name: "Mon compte (mot de passe, double authentification)", Key: "c", Run: func() tea.Cmd { return Push(newAccountScreen(c)) }}}
	if r.keys.manage {
		out = append(out, Command{Name: "Ajouter un nouveau responsable", Key: "n", Run: func() tea.Cmd { return Push(newRespFormScreen(c, nil)) }})
	}
	return out
}

func (r *respScreen) selected() (model.User, bool) {
	if r.cursor < 0 || r.cursor >= len(r.users) {
		return model.User{}, false
	}
	return r.users[r.cursor], true
}

func (r *respScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case respLoadedMsg:
		r.loading = false
		if msg.err != nil {
			return r, func() tea.Msg { return ErrMsg{msg.err} }
		}
		var keep model.UserID
		if u, ok := r.selected(); ok {
			keep = u.ID
		}
		r.users, r.desc, r.me, r.loaded = msg.users, msg.desc, msg.me, true
		r.keys.manage = msg.me.Rights.Has(model.RightManage)
		for i, u := range r.users {
			if u.ID == keep {
				r.cursor = i
			}
		}
		r.cursor = clamp(r.cursor, 0, len(r.users)-1)
		if r.pending {
			return r, r.load()
		}
		return r, nil
	case respDoneMsg:
		r.busy = false
		if msg.err != nil {
			if SessionEnded(msg.err) {
				return r, func() tea.Msg { return ErrMsg{msg.err} }
			}
			r.err = msg.err.Error()
			return r, r.load()
		}
		name := personName(msg.target)
		switch msg.act {
		case respActDisable:
			return r, tea.Batch(r.load(), Flash("Compte de "+name+" désactivé", false))
		case respActEnable:
			return r, tea.Batch(r.load(), Flash("Compte de "+name+" réactivé", false))
		case respActTOTP:
			return r, tea.Batch(r.load(), Flash("Double authentification de "+name+" retirée", false))
		case respActPassword:
			r.shown = &shownPassword{user: msg.target, password: msg.password, scope: r.desc[msg.target.ID]}
		}
		return r, r.load()
	case StoreEventMsg:
		return r, r.load()
	case tea.KeyMsg:
		return r, r.key(msg)
	}
	return r, nil
}

func (r *respScreen) notAllowed() tea.Cmd {
	return Flash("vous n'avez pas le droit de gérer les responsables", true)
}

func (r *respScreen) key(msg tea.KeyMsg) tea.Cmd {
	if r.dialog != nil {
		res, cmd := r.dialog.Update(msg)
		switch res {
		case ConfirmYes:
			r.dialog = nil
			return r.run(r.act, r.target)
		case ConfirmNo:
			r.dialog, r.act = nil, respActNone
		}
		return cmd
	}
	if r.shown != nil {
		if key.Matches(msg, r.keys.Done) {
			r.shown = nil // forgotten
		}
		return nil
	}
	if r.busy {
		return nil
	}
	r.err = ""
	k := r.keys
	if k.list.move(msg, &r.cursor, len(r.users), r.rowsHeight()) {
		return nil
	}
	target, ok := r.selected()
	switch {
	case key.Matches(msg, k.Back):
		return closeScreen(r)
	case key.Matches(msg, k.Account):
		return Push(newAccountScreen(r.c))
	case key.Matches(msg, k.Open):
		if ok && target.PersonID != 0 {
			return Push(NewFicheScreen(r.c, target.PersonID))
		}
	case key.Matches(msg, k.New):
		if !k.manage {
			return r.notAllowed()
		}
		return Push(newRespFormScreen(r.c, nil))
	case key.Matches(msg, k.Edit), key.Matches(msg, k.Toggle), key.Matches(msg, k.Password), key.Matches(msg, k.TOTP):
		if !k.manage {
			return r.notAllowed()
		}
		if !ok {
			return nil
		}
		if !model.CanManage(&r.me, &target) {
			return Flash("vous ne pouvez pas gérer le compte de "+personName(target)+" : il a des droits que vous n'avez pas", true)
		}
		return r.action(msg, target)
	}
	return nil
}

// action asks to confirm an action on target (or opens the form).
func (r *respScreen) action(msg tea.KeyMsg, target model.User) tea.Cmd {
	k, s, name := r.keys, r.c.Styles, personName(target)
	self := target.ID == r.me.ID
	switch {
	case key.Matches(msg, k.Edit):
		t := target
		return Push(newRespFormScreen(r.c, &t))
	case key.Matches(msg, k.Toggle):
		if target.Disabled {
			r.ask(NewConfirm(s, "Réactiver le compte de "+name+" ("+target.Username+") ?",
				"Il pourra de nouveau se connecter, avec ses droits : "+target.Rights.String()+"."), respActEnable, target)
			return nil
		}
		lines := []string{"Il ne pourra plus se connecter ; sa session ouverte se fermera à sa prochaine action. Le compte reste au journal et peut être réactivé."}
		if self {
			lines = []string{"Vous serez déconnecté et ne pourrez plus vous connecter : un autre responsable devra vous réactiver."}
		}
		r.ask(NewConfirm(s, "Désactiver le compte de "+name+" ("+target.Username+") ?", lines...), respActDisable, target)
	case key.Matches(msg, k.Password):
		if self {
			return Push(newAccountScreen(r.c))
		}
		r.ask(NewConfirm(s, "Donner un nouveau mot de passe à "+name+" ("+target.Username+") ?",
			"L'ancien ne marchera plus et ses sessions ouvertes se fermeront. Le nouveau, affiché une seule fois, devra être changé à sa première connexion."), respActPassword, target)
	case key.Matches(msg, k.TOTP):
		if !target.TOTPEnabled() {
			return Flash(name+" n'a pas de double authentification", true)
		}
		if self {
			return Push(newAccountScreen(r.c))
		}
		r.ask(NewConfirm(s, "Retirer la double authentification de "+name+" ?",
			"Pour un téléphone perdu avec ses codes de secours. Ses sessions ouvertes se fermeront ; si elle est exigée, il la remettra en place à sa prochaine connexion."), respActTOTP, target)
	}
	return nil
}

func (r *respScreen) ask(d *ConfirmDialog, act respAction, target model.User) {
	r.dialog, r.act, r.target = d, act, target
}

func (r *respScreen) run(act respAction, target model.User) tea.Cmd {
	r.busy = true
	st, sess, s := r.c.Store, r.c.Session, r
	return func() tea.Msg {
		out := respDoneMsg{s: s, act: act, target: target}
		switch act {
		case respActDisable:
			_, out.err = st.SetUserDisabled(sess, target.ID, true)
		case respActEnable:
			_, out.err = st.SetUserDisabled(sess, target.ID, false)
		case respActPassword:
			out.password, out.err = st.ResetUserPassword(sess, target.ID)
		case respActTOTP:
			out.err = st.ResetUserTOTP(sess, target.ID)
		}
		return out
	}
}

// ---------------------------------------------------------------------------
// Drawing

// detailHeight is the lines under the table about the selected account.
const respDetailHeight = 3

func (r *respScreen) rowsHeight() int { return max(r.height-3-respDetailHeight, 1) }

type respColumns struct{ name, user, unit, rights, state int }

func (r *respScreen) columns() respColumns {
	c := respColumns{user: 14, rights: 11, state: 10}
	avail := r.width - 2 - 4 // cursor mark, gaps
	if avail < 60 {
		c.rights, c.state = 0, 10
		avail += 2
	}
	rest := avail - c.user - c.rights - c.state
	c.name = max(rest*55/100, 8)
	c.unit = max(rest-c.name, 6)
	return c
}

// rightsShort abbreviates rights for the table.
func rightsShort(r model.Rights) string {
	switch r {
	case model.ReadOnly:
		return "lecture"
	case model.AllRights:
		return "tous"
	}
	var parts []string
	for _, x := range model.AllRightsList {
		if r.Has(x) {
			parts = append(parts, map[model.Rights]string{model.RightWrite: "modif", model.RightCotisations: "cotis",
				model.RightExport: "export", model.RightManage: "resp"}[x])
		}
	}
	return strings.Join(parts, "+")
}

// levelShort abbreviates a level for narrow columns.
func levelShort(l model.Level) string {
	switch l {
	case model.LevelFederation:
		return "féd."
	case model.LevelSection:
		return "sect."
	case model.LevelCell:
		return "cell."
	}
	return "national"
}

// leafName is the last part of a described scope ("Isère › Sud › Échirolles" → "Échirolles").
func leafName(desc string) string {
	if i := strings.LastIndex(desc, " › "); i >= 0 {
		return desc[i+len(" › "):]
	}
	return desc
}

func personName(u model.User) string {
	name := strings.TrimSpace(model.StripControl(u.FirstName + " " + u.LastName))
	if name == "" {
		return model.StripControl(u.Username)
	}
	return name
}

func userState(u model.User) string {
	switch {
	case u.Disabled:
		return "désactivé"
	case u.MustChangePassword:
		return "provisoire"
	}
	return "actif"
}

func (r *respScreen) row(u model.User, c respColumns) string {
	unit := levelShort(u.Level())
	if u.Level() != model.LevelNational {
		unit += " " + model.StripControl(leafName(r.desc[u.ID]))
	}
	name := model.StripControl(u.LastName)
	if u.FirstName != "" {
		name = strings.ToUpper(name) + " " + model.StripControl(u.FirstName)
	}
	parts := []string{cell(name, c.name), cell(model.StripControl(u.Username), c.user), cell(unit, c.unit)}
	if c.rights > 0 {
		parts = append(parts, cell(rightsShort(u.Rights), c.rights))
	}
	parts = append(parts, cell(userState(u), c.state))
	return strings.Join(parts, " ")
}

func (r *respScreen) View() string {
	s := r.c.Styles
	if r.shown != nil {
		return passwordView(s, r.shown, r.width)
	}
	if r.dialog != nil {
		lines := strings.Split(r.dialog.View(r.width-2), "\n")
		return "\n" + strings.Join(indentLines(lines, " "), "\n")
	}
	c := r.columns()
	var b []string
	title := "Responsables"
	if r.loaded {
		title += " · " + model.StripControl(scopeLabel(r.me.Scope, r.c.Store))
	}
	b = append(b, " "+s.Title.Render(fit(title, r.width-2)))
	head := []string{cell("Nom", c.name), cell("Identifiant", c.user), cell("Niveau · unité", c.unit)}
	if c.rights > 0 {
		head = append(head, cell("Droits", c.rights))
	}
	head = append(head, cell("État", c.state))
	b = append(b, "  "+s.Label.Render(strings.Join(head, " ")))
	h := r.rowsHeight()
	r.offset = scrollWindow(r.offset, r.cursor, h, len(r.users))
	if !r.loaded {
		b = append(b, "  "+s.Muted.Render("chargement…"))
	}
	for i := r.offset; i < len(r.users) && i < r.offset+h; i++ {
		u := r.users[i]
		line := r.row(u, c)
		switch {
		case i == r.cursor:
			b = append(b, "▸ "+s.Selected.Render(line))
		case u.Disabled:
			b = append(b, "  "+s.Muted.Render(line))
		default:
			b = append(b, "  "+line)
		}
	}
	for len(b) < h+2 {
		b = append(b, "")
	}
	b = append(b, "")
	b = append(b, r.detail()...)
	return strings.Join(b, "\n")
}

// scopeLabel describes a scope with its level: "section Sud-Grenoblois".
func scopeLabel(o model.Org, st *store.Store) string {
	if o.Level() == model.LevelNational {
		return "national"
	}
	return o.Level().String() + " " + leafName(st.Describe(o))
}

// detail is two lines about the selected account (or why an action was refused).
func (r *respScreen) detail() []string {
	s := r.c.Styles
	if r.err != "" {
		var out []string
		for _, l := range strings.Split(ansi.Wordwrap(model.StripControl(r.err), max(r.width-4, 10), " "), "\n") {
			out = append(out, "  "+s.Error.Render(l))
		}
		return out[:min(len(out), respDetailHeight)]
	}
	u, ok := r.selected()
	if !ok {
		if r.loaded && r.keys.manage {
			return []string{"  " + s.Muted.Render("n : nommer un adhérent responsable")}
		}
		return nil
	}
	last := "jamais connecté"
	if !u.LastLogin.IsZero() {
		last = "dernière connexion " + ficheDateTime(u.LastLogin)
	}
	tfa := "sans double authentification"
	switch {
	case u.TOTPEnabled():
		tfa = "double authentification"
	case u.TOTPRequired:
		tfa = "double authentification exigée, pas encore en place"
	}
	where := "national"
	if u.Level() != model.LevelNational {
		where = u.Level().String() + " " + model.StripControl(r.desc[u.ID])
	}
	line1 := personName(u) + " (" + model.StripControl(u.Username) + ") · " + where
	line2 := "Droits : " + u.Rights.String() + " · " + last + " · " + tfa
	if u.CreatedBy != "" {
		line2 += " · nommé par " + model.StripControl(u.CreatedBy)
	}
	var out []string
	for _, l := range strings.Split(ansi.Wordwrap(line1, max(r.width-4, 10), " "), "\n") {
		out = append(out, "  "+s.Key.Render(l))
	}
	for _, l := range strings.Split(ansi.Wordwrap(line2, max(r.width-4, 10), " "), "\n") {
		out = append(out, "  "+s.Muted.Render(l))
	}
	if len(out) > respDetailHeight {
		out = out[:respDetailHeight]
	}
	return out
}

// passwordView shows a generated password, once, with the note to hand it
// over in person.
func passwordView(s *Styles, p *shownPassword, w int) string {
	wrap := func(str string) []string { return strings.Split(ansi.Wordwrap(str, max(w-4, 20), " "), "\n") }
	var lines []string
	lines = append(lines, "")
	name := personName(p.user)
	if p.created {
		where := "national"
		if p.user.Level() != model.LevelNational {
			where = p.user.Level().String() + " " + leafName(p.scope)
		}
		lines = append(lines, indentLines(wrap(s.Title.Render(name+" est responsable : "+where+" ("+p.user.Rights.String()+")")), "  ")...)
	} else {
		lines = append(lines, "  "+s.Title.Render("Nouveau mot de passe de "+name))
	}
	lines = append(lines, "",
		"  "+s.Label.Render(padRight("Identifiant", 16))+" "+s.Key.Render(model.StripControl(p.user.Username)),
		"  "+s.Label.Render(padRight("Mot de passe", 16))+" "+s.Key.Render(p.password),
		"")
	lines = append(lines, indentLines(wrap("Remettez-le en main propre (pas par courriel ni par SMS) : il ne sera plus jamais affiché. Il est provisoire : "+name+" devra le changer à sa première connexion."), "  ")...)
	if p.user.TOTPRequired {
		lines = append(lines, indentLines(wrap("La double authentification est exigée : qu'il ait son téléphone avec une application d'authentification."), "  ")...)
	}
	lines = append(lines, "", "  "+s.Muted.Render("entrée : c'est noté"))
	return strings.Join(lines, "\n")
}

// ---------------------------------------------------------------------------
// Appointing a responsable, or changing one's level and rights.

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
	cursor  int
	offset  int
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
	respFormInitMsg struct {
		s     *respFormScreen
		me    model.User
		units []model.Unit
		err   error
	}
	respSearchMsg struct {
		s   *respFormScreen
		seq uint64
		ids []model.PersonID
		err error
	}
	respPickedMsg struct {
		s        *respFormScreen
		p        model.Person
		username string
		err      error
	}
	respSavedMsg struct {
		s        *respFormScreen
		u        model.User
		password string
		scope    string
		err      error
	}
)

func (m respFormInitMsg) ForScreen() Screen { return m.s }
func (m respSearchMsg) ForScreen() Screen   { return m.s }
func (m respPickedMsg) ForScreen() Screen   { return m.s }
func (m respSavedMsg) ForScreen() Screen    { return m.s }

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
	return f
}

func (f *respFormScreen) Init() tea.Cmd {
	st, sess, s := f.c.Store, f.c.Session, f
	return func() tea.Msg {
		me, err := sess.User()
		if err != nil {
			return respFormInitMsg{s: s, err: err}
		}
		units, err := st.Units(sess)
		return respFormInitMsg{s: s, me: me, units: units, err: err}
	}
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
	case respFormInitMsg:
		if msg.err != nil {
			return f, func() tea.Msg { return ErrMsg{msg.err} }
		}
		f.me, f.units, f.ready = msg.me, msg.units, true
		if f.edit != nil {
			f.setupForm(f.edit.Scope, f.edit.Rights, f.edit.TOTPRequired)
		}
		return f, nil
	case respSearchMsg:
		if msg.seq != f.seq {
			return f, nil // stale
		}
		f.loading = false
		if msg.err != nil {
			if SessionEnded(msg.err) {
				return f, func() tea.Msg { return ErrMsg{msg.err} }
			}
			f.err = msg.err.Error()
			return f, nil
		}
		f.ids, f.checked, f.cursor, f.offset = msg.ids, true, 0, 0
		f.loadRows()
		if f.pickAll {
			f.pickAll = false
			if len(f.ids) == 1 {
				return f, f.pick(f.ids[0])
			}
		}
		return f, nil
	case respPickedMsg:
		f.busy = false
		if msg.err != nil {
			if SessionEnded(msg.err) {
				return f, func() tea.Msg { return ErrMsg{msg.err} }
			}
			if errors.Is(msg.err, store.ErrNotFound) {
				f.err = "cette fiche n'est pas dans votre périmètre"
			} else {
				f.err = msg.err.Error()
			}
			return f, nil
		}
		f.person, f.username, f.err = msg.p, msg.username, ""
		f.step = respStepForm
		f.keys.Submit = binding([]string{"enter", "ctrl+s"}, "entrée", "nommer")
		f.query.Blur()
		f.setupForm(model.Org{}, model.ReadOnly, false)
		return f, nil
	case respSavedMsg:
		f.busy = false
		if msg.err != nil {
			if SessionEnded(msg.err) {
				return f, func() tea.Msg { return ErrMsg{msg.err} }
			}
			f.err = msg.err.Error()
			return f, nil
		}
		if f.edit != nil {
			return f, tea.Batch(closeScreen(f), Flash("Compte de "+personName(msg.u)+" modifié : "+msg.u.Level().String()+", "+msg.u.Rights.String(), false))
		}
		f.created = &shownPassword{user: msg.u, password: msg.password, created: true, scope: msg.scope}
		f.step = respStepDone
		return f, nil
	case tea.KeyMsg:
		return f, f.key(msg)
	}
	return f, nil
}

// ---- find

func (f *respFormScreen) search() tea.Cmd {
	text := strings.TrimSpace(f.query.Value())
	f.seq++
	f.err, f.checked, f.pickAll = "", false, false
	if text == "" {
		f.ids, f.loading = nil, false
		return nil
	}
	if _, err := strconv.ParseUint(strings.ReplaceAll(text, " ", ""), 10, 64); err == nil {
		text = "id:" + strings.ReplaceAll(text, " ", "")
	}
	q, err := query.Parse(text)
	if err != nil {
		f.err = err.Error()
		return nil
	}
	f.loading = true
	seq, st, sess, s := f.seq, f.c.Store, f.c.Session, f
	return func() tea.Msg {
		res, err := st.Search(sess, q, store.SortName)
		return respSearchMsg{s: s, seq: seq, ids: res.IDs, err: err}
	}
}

func (f *respFormScreen) findRows() int { return max(f.height-8, 1) }

// loadRows fetches the visible results from the index (in memory), as the list does.
func (f *respFormScreen) loadRows() {
	h := f.findRows()
	f.offset = keepVisible(f.offset, f.cursor, h)
	lo, hi := f.offset, min(f.offset+h, len(f.ids))
	if lo >= hi {
		return
	}
	people, err := f.c.Store.Peek(f.c.Session, f.ids[lo:hi])
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
	st, sess, s := f.c.Store, f.c.Session, f
	return func() tea.Msg {
		p, err := st.CheckAppointee(sess, id)
		if err != nil {
			return respPickedMsg{s: s, err: err}
		}
		return respPickedMsg{s: s, p: p, username: st.ProposeUsername(p.FirstName, p.LastName)}
	}
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
			moves := newListKeys().arrowsOnly()
			if moves.move(msg, &f.cursor, len(f.ids), f.findRows()) {
				f.loadRows()
			}
			return nil
		case "enter":
			if f.loading {
				f.pickAll = true
				return nil
			}
			if f.cursor >= len(f.ids) {
				return nil
			}
			return f.pick(f.ids[f.cursor])
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
	st, sess, s, rights, totp := f.c.Store, f.c.Session, f, f.rights, f.totp
	if f.edit != nil {
		id := f.edit.ID
		return func() tea.Msg {
			u, err := st.UpdateUser(sess, id, store.UserChange{Scope: scope, Rights: rights, RequireTOTP: totp})
			return respSavedMsg{s: s, u: u, err: err}
		}
	}
	pid := f.person.ID
	return func() tea.Msg {
		u, pw, err := st.CreateUser(sess, store.UserSpec{PersonID: pid, Scope: scope, Rights: rights, RequireTOTP: totp})
		return respSavedMsg{s: s, u: u, password: pw, scope: st.Describe(u.Scope), err: err}
	}
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
	label := func(i int, text string) string {
		if i == f.focus {
			return "▸ " + s.Key.Render(padRight(text, 14))
		}
		return "  " + s.Label.Render(padRight(text, 14))
	}
	add("")
	if f.edit != nil {
		add("  " + s.Title.Render("Modifier le compte de "+personName(*f.edit)))
		add("  " + s.Label.Render(padRight("Identifiant", 14)) + " " + model.StripControl(f.edit.Username))
	} else {
		add("  " + s.Title.Render("Nommer un responsable"))
		p := f.person
		who := strings.ToUpper(model.StripControl(p.LastName)) + " " + model.StripControl(p.FirstName) + " · ID " + FormatCount(int(p.ID))
		if p.MemberNumber != "" {
			who += " · n° " + model.StripControl(p.MemberNumber)
		}
		add("  " + s.Label.Render(padRight("Adhérent", 14)) + " " + who)
		add("  " + s.Label.Render(padRight("Identifiant", 14)) + " " + s.Key.Render(model.StripControl(f.username)) + s.Muted.Render("  (première lettre du prénom + nom)"))
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
			line = "  " + padRight("", 14) + " " + s.Muted.Render("[-] "+name+" (vous ne l'avez pas)")
			if i == 0 {
				line = "  " + s.Label.Render(padRight(text, 14)) + " " + s.Muted.Render("[-] "+name+" (vous ne l'avez pas)")
			}
		}
		add(line)
	}
	summary := "= " + f.rights.String()
	add("  " + padRight("", 14) + " " + s.Muted.Render(summary))
	box := "[ ]"
	if f.totp {
		box = "[x]"
	}
	add(label(respFieldTOTP, "Double auth.") + " " + box + " exigée (code du téléphone en plus du mot de passe)")
	add("")
	switch {
	case f.busy:
		add("  " + s.Warning.Render("enregistrement…"))
	case f.err != "":
		for _, l := range strings.Split(ansi.Wordwrap(model.StripControl(f.err), max(f.width-4, 20), " "), "\n") {
			add("  " + s.Error.Render(l))
		}
	default:
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
		add("  " + s.Muted.Render("aucune fiche dans votre périmètre ne correspond"))
	default:
		add("")
	}
	add("  " + s.Label.Render(cell("ID", 8)+" "+cell("Nom", 30)+" "+cell("Type", 6)+" Où"))
	h := f.findRows()
	for i := f.offset; i < len(f.ids) && i < f.offset+h; i++ {
		p, ok := f.rows[f.ids[i]]
		line := cell(FormatCount(int(f.ids[i])), 8) + " "
		if ok {
			where := f.unitName(p.Org)
			line += cell(strings.ToUpper(model.StripControl(p.LastName))+" "+model.StripControl(p.FirstName), 30) + " " + cell(p.Kind.Short(), 6) + " " + where
		}
		line = fit(line, f.width-3)
		if i == f.cursor {
			add("▸ " + s.Selected.Render(line))
		} else if ok && p.Kind != model.KindAdherent {
			add("  " + s.Muted.Render(line))
		} else {
			add("  " + line)
		}
	}
	return strings.Join(b, "\n")
}
