package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"fichier/model"
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

	users  []model.User
	desc   map[model.UserID]string // each account's scope, described
	me     model.User
	loaded bool
	loads  loader[respLoaded]
	tab    table // over users

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
	moves := k.list.moves()
	if !k.manage {
		return [][]key.Binding{moves, {k.Open, k.Account, k.Back}}
	}
	return [][]key.Binding{moves, {k.New, k.Edit, k.Toggle, k.Password, k.TOTP}, {k.Open, k.Account, k.Back}}
}

type (
	// respLoaded is the accounts in scope, each scope described, and me.
	respLoaded struct {
		users []model.User
		desc  map[model.UserID]string
		me    model.User
	}
	// respDone is an action done on target (password: the new one).
	respDone struct {
		act      respAction
		target   model.User
		password string
	}
)

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
	r.tab = newTable(r.keys.list)
	r.tab.SetHeight(r.rowsHeight())
	return r
}

func (r *respScreen) screenKey() string { return "6" }

func (r *respScreen) Init() tea.Cmd { return r.load() }

func (r *respScreen) load() tea.Cmd {
	st, sess := r.c.Store, r.c.Session
	return r.loads.ask(r, func() (v respLoaded, err error) {
		if v.me, err = sess.User(); err != nil {
			return v, err
		}
		if v.users, err = st.Users(sess); err != nil {
			return v, err
		}
		v.desc = make(map[model.UserID]string, len(v.users))
		for _, u := range v.users {
			v.desc[u.ID] = st.Describe(u.Scope)
		}
		return v, nil
	})
}

// show takes a load's answer, the cursor staying on the same account.
func (r *respScreen) show(v respLoaded) {
	var keep model.UserID
	if u, ok := r.selected(); ok {
		keep = u.ID
	}
	r.users, r.desc, r.me, r.loaded = v.users, v.desc, v.me, true
	r.keys.manage = r.me.Rights.Has(model.RightManage)
	r.tab.SetLen(len(r.users))
	for i, u := range r.users {
		if u.ID == keep {
			r.tab.Select(i)
		}
	}
}

func (r *respScreen) SetSize(w, h int) { r.width, r.height = w, h; r.tab.SetHeight(r.rowsHeight()) }
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
	out := []Command{{Name: accountEntryName, Key: "c", Run: func() tea.Cmd { return Push(newAccountScreen(c)) }}}
	if r.keys.manage {
		out = append(out, Command{Name: "Ajouter un nouveau responsable", Key: "n", Run: func() tea.Cmd { return Push(newRespFormScreen(c, nil)) }})
	}
	return out
}

func (r *respScreen) selected() (model.User, bool) {
	i := r.tab.Selected()
	if i < 0 || i >= len(r.users) {
		return model.User{}, false
	}
	return r.users[i], true
}

func (r *respScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[respLoaded]:
		return r, r.loads.answer(msg, r.show, r.load)
	case reply[respDone]:
		r.busy = false
		if msg.err != nil {
			if SessionEnded(msg.err) {
				return r, errCmd(msg.err)
			}
			r.err = msg.err.Error()
			return r, r.load()
		}
		done := msg.val
		name := personName(done.target)
		switch done.act {
		case respActDisable:
			return r, tea.Batch(r.load(), Flash("Compte de "+name+" désactivé", false))
		case respActEnable:
			return r, tea.Batch(r.load(), Flash("Compte de "+name+" réactivé", false))
		case respActTOTP:
			return r, tea.Batch(r.load(), Flash("Double authentification de "+name+" retirée", false))
		case respActPassword:
			r.shown = &shownPassword{user: done.target, password: done.password, scope: r.desc[done.target.ID]}
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
		return confirmKey(&r.dialog, msg,
			func() tea.Cmd { return r.run(r.act, r.target) },
			func() { r.act = respActNone })
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
	if r.tab.Move(msg) {
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
	account := name + " (" + model.StripControl(target.Username) + ")"
	self := target.ID == r.me.ID
	switch {
	case key.Matches(msg, k.Edit):
		t := target
		return Push(newRespFormScreen(r.c, &t))
	case key.Matches(msg, k.Toggle):
		if target.Disabled {
			r.confirm(NewConfirm(s, "Réactiver le compte de "+account+" ?",
				"Il pourra de nouveau se connecter, avec ses droits : "+target.Rights.String()+"."), respActEnable, target)
			return nil
		}
		lines := []string{"Il ne pourra plus se connecter ; sa session ouverte se fermera à sa prochaine action. Le compte reste au journal et peut être réactivé."}
		if self {
			lines = []string{"Vous serez déconnecté et ne pourrez plus vous connecter : un autre responsable devra vous réactiver."}
		}
		r.confirm(NewConfirm(s, "Désactiver le compte de "+account+" ?", lines...), respActDisable, target)
	case key.Matches(msg, k.Password):
		if self {
			return Push(newAccountScreen(r.c))
		}
		r.confirm(NewConfirm(s, "Donner un nouveau mot de passe à "+account+" ?",
			"L'ancien ne marchera plus et ses sessions ouvertes se fermeront. Le nouveau, affiché une seule fois, devra être changé à sa première connexion."), respActPassword, target)
	case key.Matches(msg, k.TOTP):
		if !target.TOTPEnabled() {
			return Flash(name+" n'a pas de double authentification", true)
		}
		if self {
			return Push(newAccountScreen(r.c))
		}
		r.confirm(NewConfirm(s, "Retirer la double authentification de "+name+" ?",
			"Pour un téléphone perdu avec ses codes de secours. Ses sessions ouvertes se fermeront ; si elle est exigée, il la remettra en place à sa prochaine connexion."), respActTOTP, target)
	}
	return nil
}

func (r *respScreen) confirm(d *ConfirmDialog, act respAction, target model.User) {
	r.dialog, r.act, r.target = d, act, target
}

func (r *respScreen) run(act respAction, target model.User) tea.Cmd {
	r.busy = true
	st, sess := r.c.Store, r.c.Session
	return ask(r, func() (out respDone, err error) {
		out = respDone{act: act, target: target}
		switch act {
		case respActDisable:
			_, err = st.SetUserDisabled(sess, target.ID, true)
		case respActEnable:
			_, err = st.SetUserDisabled(sess, target.ID, false)
		case respActPassword:
			out.password, err = st.ResetUserPassword(sess, target.ID)
		case respActTOTP:
			err = st.ResetUserTOTP(sess, target.ID)
		}
		return out, err
	})
}

// ---------------------------------------------------------------------------
// Drawing

// detailHeight is the lines under the table about the selected account.
const respDetailHeight = 4 // the detail of a responsable: name and place, rights, last login, 2FA, who appointed (wrapped, read whole at 60 columns)

func (r *respScreen) rowsHeight() int { return max(r.height-3-respDetailHeight, 1) }

type respColumns struct{ name, user, unit, rights, state int }

func (r *respScreen) columns() respColumns {
	c := respColumns{user: 14, rights: 11, state: 10}
	avail := r.width - 2 - 4 // cursor mark, gaps
	if avail < 60 {
		c.rights, c.state = 0, 10
		avail++ // one gap less
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
		return strings.Join(dialogBody(r.dialog, r.width), "\n")
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
	if !r.loaded {
		b = append(b, "  "+s.Muted.Render("chargement…"))
	}
	b = append(b, r.tab.Marked(func(i int, selected bool) string {
		u := r.users[i]
		line := r.row(u, c)
		switch {
		case selected:
			return s.Selected.Render(line)
		case u.Disabled:
			return s.Muted.Render(line)
		}
		return line
	})...)
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
		last = "dernière connexion " + dateTime(u.LastLogin)
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
		infoRow(s, "Identifiant", 16, s.Key.Render(model.StripControl(p.user.Username))),
		infoRow(s, "Mot de passe", 16, s.Key.Render(p.password)),
		"")
	lines = append(lines, indentLines(wrap("Remettez-le en main propre (pas par courriel ni par SMS) : il ne sera plus jamais affiché. Il est provisoire : "+name+" devra le changer à sa première connexion."), "  ")...)
	if p.user.TOTPRequired {
		lines = append(lines, indentLines(wrap("La double authentification est exigée : qu'il ait son téléphone avec une application d'authentification."), "  ")...)
	}
	lines = append(lines, "", "  "+s.Muted.Render("entrée : c'est noté"))
	return strings.Join(lines, "\n")
}
