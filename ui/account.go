package ui

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/mdp/qrterminal/v3"
	"rsc.io/qr"

	"fichier/model"
	"fichier/store"
)

// ---------------------------------------------------------------------------
// Two-factor enrolment, shared by « Mon compte » and the login screen (a
// granter may require it at first login).

// totpEnroll shows a new TOTP secret as a QR code drawn in the terminal
// (half blocks: two rows of modules per line, so it fits 80×24) and as text,
// and turns two-factor authentication on once a first code proves the phone
// holds it. The recovery codes it returns are shown once by recoveryView.
type totpEnroll struct {
	c     *Common
	host  Screen
	sess  *store.Session
	key   store.TOTPKey
	qr    []string
	qrErr error
	form  dialogForm // the first code of the app
	ready bool
}

// The enrolment's answers, to its host screen; e tells which enrolment
// asked (the host may have started another since).
type (
	totpKeyDrawn struct {
		e   *totpEnroll
		key store.TOTPKey
	}
	totpEnabled struct {
		e     *totpEnroll
		codes []string // the recovery codes
	}
)

func newTOTPEnroll(c *Common, host Screen, sess *store.Session) *totpEnroll {
	e := &totpEnroll{c: c, host: host, sess: sess}
	e.form = newDialogForm(4, dialogField{label: "Code", input: newInput(c.Styles, "123456", 12)})
	e.form.setWidth(10)
	return e
}

// init draws a new secret (in a command: the store generates it).
func (e *totpEnroll) init() tea.Cmd {
	st, sess := e.c.Store, e.sess
	return ask(e.host, func() (totpKeyDrawn, error) {
		k, err := st.NewTOTPKey(sess)
		return totpKeyDrawn{e: e, key: k}, err
	})
}

// update handles the component's messages and keys; done is true with the
// recovery codes once enabled.
func (e *totpEnroll) update(msg tea.Msg) (codes []string, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case reply[totpKeyDrawn]:
		if msg.val.e != e {
			return nil, nil
		}
		if msg.err != nil {
			return nil, keepErr(&e.form.err, msg.err)
		}
		e.key, e.ready = msg.val.key, true
		e.qr, e.qrErr = qrLines(e.key.URL)
	case reply[totpEnabled]:
		if msg.val.e != e {
			return nil, nil
		}
		e.form.busy = false
		if msg.err != nil {
			e.form.setValue(0, "")
			e.form.refuse(msg.err.Error(), 0)
			return nil, errCmd(msg.err)
		}
		return msg.val.codes, nil
	case tea.KeyMsg:
		if e.form.busy || !e.ready {
			return nil, nil
		}
		cmd, submit := e.form.key(msg)
		if !submit {
			return nil, cmd
		}
		code := strings.TrimSpace(e.form.value(0))
		if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
			e.form.refuse("tapez les 6 chiffres affichés par l'application", 0)
			return nil, nil
		}
		e.form.submitting()
		st, sess, secret := e.c.Store, e.sess, e.key.Secret
		return nil, ask(e.host, func() (totpEnabled, error) {
			codes, err := st.EnableTOTP(sess, secret, code)
			return totpEnabled{e: e, codes: codes}, err
		})
	}
	return nil, nil
}

// qrLines draws url as a QR code in half blocks, with a one-module quiet zone.
func qrLines(url string) ([]string, error) {
	if _, err := qr.Encode(url, qr.L); err != nil { // qrterminal ignores this error
		return nil, err
	}
	var b bytes.Buffer
	qrterminal.GenerateWithConfig(url, qrterminal.Config{
		Level: qrterminal.L, Writer: &b, HalfBlocks: true, QuietZone: 1,
		BlackChar: qrterminal.BLACK_BLACK, WhiteBlackChar: qrterminal.WHITE_BLACK,
		WhiteChar: qrterminal.WHITE_WHITE, BlackWhiteChar: qrterminal.BLACK_WHITE,
	})
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n"), nil
}

// groupSecret writes a base32 secret in groups of four: "ABCD EFGH …".
func groupSecret(s string) string {
	var parts []string
	for len(s) > 4 {
		parts = append(parts, s[:4])
		s = s[4:]
	}
	return strings.Join(append(parts, s), " ")
}

// view lays the QR code beside the instructions when the body is wide and
// high enough, the instructions alone otherwise.
func (e *totpEnroll) view(w, h int, title string) string {
	s := e.c.Styles
	if !e.ready {
		if e.form.err != "" {
			return "\n  " + s.Error.Render(model.StripControl(e.form.err))
		}
		return "\n  " + s.Muted.Render("préparation de la clé…")
	}
	qrW := 0
	if len(e.qr) > 0 {
		qrW = ansi.StringWidth(e.qr[0])
	}
	side := len(e.qr) > 0 && len(e.qr) <= h && w >= qrW+36
	textW := w - 4
	if side {
		textW = w - qrW - 3
	}
	var text []string
	add := func(lines ...string) { text = append(text, lines...) }
	wrap := func(str string) []string { return strings.Split(ansi.Wordwrap(str, max(textW, 10), " "), "\n") }
	add(s.Title.Render(title), "")
	if side {
		add(wrap("1. Dans une application d'authentification (Aegis, FreeOTP, Google Authenticator…), scannez ce code ou tapez la clé :")...)
	} else {
		add(wrap("1. Dans une application d'authentification (Aegis, FreeOTP, Google Authenticator…), tapez cette clé :")...)
	}
	secret := groupSecret(e.key.Secret)
	for _, l := range wrap(secret) {
		add("   " + s.Key.Render(l))
	}
	add("")
	add(wrap("2. Tapez le code à 6 chiffres qu'elle affiche :")...)
	add(e.form.lines(s)...)
	switch {
	case e.form.busy:
		add(s.Warning.Render("vérification…"))
	case e.form.err != "":
		add(wrap(s.Error.Render(model.StripControl(e.form.err)))...)
	case !side && len(e.qr) > 0:
		add(s.Muted.Render("(agrandissez la fenêtre pour voir le QR code)"))
	case e.qrErr != nil:
		add(s.Muted.Render("(QR code impossible : tapez la clé)"))
	}
	if !side {
		return strings.Join(append([]string{""}, indentLines(text, "  ")...), "\n")
	}
	var out []string
	for i := 0; i < max(len(e.qr), len(text)); i++ {
		left := strings.Repeat(" ", qrW)
		if i < len(e.qr) {
			left = e.qr[i]
		}
		right := ""
		if i < len(text) {
			right = text[i]
		}
		out = append(out, " "+left+"  "+right)
	}
	return strings.Join(out, "\n")
}

func indentLines(lines []string, prefix string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = prefix + l
	}
	return out
}

// recoveryView shows the recovery codes, once.
func recoveryView(s *Styles, codes []string, w int) string {
	wrap := func(str string) []string { return strings.Split(ansi.Wordwrap(str, max(w-4, 20), " "), "\n") }
	lines := []string{"", "  " + s.Title.Render("Double authentification activée : vos codes de secours"), ""}
	lines = append(lines, indentLines(wrap("Notez-les maintenant, sur papier, et gardez-les à part du téléphone : ils ne seront plus jamais affichés. Chacun remplace une fois le code de l'application (téléphone perdu ou changé)."), "  ")...)
	lines = append(lines, "")
	for i := 0; i < len(codes); i += 2 {
		line := "    " + s.Key.Render(codes[i])
		if i+1 < len(codes) {
			line += "      " + s.Key.Render(codes[i+1])
		}
		lines = append(lines, line)
	}
	lines = append(lines, "", "  "+s.Muted.Render("entrée : c'est noté"))
	return strings.Join(lines, "\n")
}

// ---------------------------------------------------------------------------
// « Mon compte »

type accountMode int

const (
	accountView     accountMode = iota
	accountPassword             // change my password
	accountEnroll               // turn two-factor on (or a new phone)
	accountCodes                // the new recovery codes, shown once
	accountDisable              // turn two-factor off: password required
	accountNewCodes             // new recovery codes: a code of the app required
)

// accountScreen is « Mon compte »: who I am, my password, my second factor.
type accountScreen struct {
	c      *Common
	width  int
	height int
	mode   accountMode
	user   model.User
	loaded bool
	scope  string

	form   dialogForm // the fields of the mode (password, code)
	enroll *totpEnroll
	codes  []string

	keys accountKeys
}

type accountKeys struct {
	Password, TOTP, Disable, Codes, Back key.Binding
	SSHKeys                              key.Binding
	Submit, Cancel, Done                 key.Binding
	mode                                 accountMode
	has2FA, required                     bool
}

func (k accountKeys) ShortHelp() []key.Binding {
	switch k.mode {
	case accountView:
		out := []key.Binding{k.Password, k.TOTP, k.SSHKeys}
		if k.has2FA {
			out = append(out, k.Codes)
			if !k.required {
				out = append(out, k.Disable)
			}
		}
		return append(out, k.Back)
	case accountCodes:
		return []key.Binding{k.Done}
	case accountEnroll:
		return []key.Binding{k.Submit, k.Cancel}
	}
	return []key.Binding{fieldNext, k.Submit, k.Cancel}
}

func (k accountKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

type (
	// accountLoaded is my account and its scope described.
	accountLoaded struct {
		u     model.User
		scope string
	}
	// accountDone is a change done: what to flash, or new recovery codes to show.
	accountDone struct {
		what  string
		codes []string
	}
)

// NewAccountScreen is « Mon compte ».
func NewAccountScreen(c *Common) Screen { return newAccountScreen(c) }

func newAccountScreen(c *Common) *accountScreen {
	a := &accountScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome}
	a.keys = accountKeys{
		Password: binding([]string{"p"}, "p", "changer mon mot de passe"),
		TOTP:     binding([]string{"t"}, "t", "double authentification"),
		Codes:    binding([]string{"c"}, "c", "nouveaux codes de secours"),
		Disable:  binding([]string{"r"}, "r", "retirer la double authentification"),
		SSHKeys:  binding([]string{"s"}, "s", "clés SSH"),
		Back:     binding([]string{"esc"}, "esc", "retour"),
		Submit:   binding([]string{"enter"}, "entrée", "valider"),
		Cancel:   binding([]string{"esc"}, "esc", "annuler"),
		Done:     binding([]string{"enter"}, "entrée", "c'est noté"),
	}
	return a
}

func (a *accountScreen) Init() tea.Cmd { return a.load() }

func (a *accountScreen) load() tea.Cmd {
	st, sess := a.c.Store, a.c.Session
	return ask(a, func() (accountLoaded, error) {
		u, err := sess.User()
		return accountLoaded{u: u, scope: st.Describe(u.Scope)}, err
	})
}

func (a *accountScreen) SetSize(w, h int) {
	a.width, a.height = w, h
	a.form.setWidth(clamp(w-30, 10, 40))
}

func (a *accountScreen) Title() string     { return "Mon compte" }
func (a *accountScreen) Keys() help.KeyMap { a.keys.mode = a.mode; return a.form.keys(a.keys) }
func (a *accountScreen) Capturing() bool   { return a.mode != accountView && a.mode != accountCodes }
func (a *accountScreen) Dirty() bool       { return a.form.changed() }

func (a *accountScreen) Status() string {
	if a.form.busy {
		return "vérification…"
	}
	return ""
}

func (a *accountScreen) setMode(m accountMode) {
	s := a.c.Styles
	a.mode = m
	var fields []dialogField
	switch m {
	case accountPassword:
		fields = []dialogField{
			{label: "Mot de passe actuel", input: newPasswordInput(s, "")},
			newPasswordField(s, "Nouveau mot de passe"),
			{label: "Encore une fois", input: newPasswordInput(s, "")}}
	case accountDisable:
		fields = []dialogField{{label: "Mot de passe", input: newPasswordInput(s, "")}}
	case accountNewCodes:
		fields = []dialogField{{label: "Code de l'application", input: newInput(s, "123456", 12)}}
	}
	a.form = newDialogForm(24, fields...)
	a.SetSize(a.width, a.height) // the new fields take the screen's width
}

func (a *accountScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if a.enroll != nil && a.mode == accountEnroll {
		switch msg.(type) {
		case reply[totpKeyDrawn], reply[totpEnabled]:
			codes, cmd := a.enroll.update(msg)
			if codes != nil {
				a.enroll, a.codes = nil, codes
				a.setMode(accountCodes)
				return a, tea.Batch(cmd, a.load())
			}
			return a, cmd
		}
	}
	switch msg := msg.(type) {
	case reply[accountLoaded]:
		if msg.err != nil {
			return a, reportErr(msg.err)
		}
		a.user, a.scope, a.loaded = msg.val.u, msg.val.scope, true
		a.keys.has2FA, a.keys.required = a.user.TOTPEnabled(), a.user.TOTPRequired
		return a, nil
	case reply[accountDone]:
		a.form.busy = false
		if msg.err != nil {
			if SessionEnded(msg.err) {
				return a, errCmd(msg.err)
			}
			a.form.setValue(0, "") // the old password, or the code: typed again
			a.form.refuse(msg.err.Error(), 0)
			return a, nil
		}
		if msg.val.codes != nil {
			a.codes = msg.val.codes
			a.setMode(accountCodes)
			return a, a.load()
		}
		a.setMode(accountView)
		return a, tea.Batch(a.load(), Flash(msg.val.what, false))
	case StoreEventMsg:
		if a.mode == accountView {
			return a, a.load()
		}
	case tea.KeyMsg:
		return a, a.key(msg)
	}
	return a, nil
}

func (a *accountScreen) key(msg tea.KeyMsg) tea.Cmd {
	if a.form.busy {
		return nil
	}
	k := a.keys
	switch a.mode {
	case accountView:
		switch {
		case key.Matches(msg, k.Back):
			return closeScreen(a)
		case key.Matches(msg, k.Password):
			a.setMode(accountPassword)
		case key.Matches(msg, k.SSHKeys):
			return Push(NewSSHKeysScreen(a.c, a.user.ID))
		case key.Matches(msg, k.TOTP):
			a.setMode(accountEnroll)
			a.enroll = newTOTPEnroll(a.c, a, a.c.Session)
			return a.enroll.init()
		case key.Matches(msg, k.Codes) && k.has2FA:
			a.setMode(accountNewCodes)
		case key.Matches(msg, k.Disable) && k.has2FA:
			if k.required {
				return Flash("la double authentification est exigée pour votre compte : vous pouvez changer d'appareil (t), pas la retirer", true)
			}
			a.setMode(accountDisable)
		}
		return nil
	case accountCodes:
		if msg.String() == "enter" {
			a.codes = nil // shown once: forgotten now
			a.setMode(accountView)
		}
		return nil
	case accountEnroll:
		if key.Matches(msg, k.Cancel) {
			a.enroll = nil
			a.setMode(accountView)
			return nil
		}
		_, cmd := a.enroll.update(msg)
		return cmd
	}
	if leave, used := a.form.escape(msg); used {
		if leave {
			a.setMode(accountView)
		}
		return nil
	}
	cmd, submit := a.form.key(msg)
	if submit {
		return a.submit()
	}
	return cmd
}

func (a *accountScreen) submit() tea.Cmd {
	st, sess := a.c.Store, a.c.Session
	switch a.mode {
	case accountPassword:
		old, pw := a.form.value(0), a.form.value(1)
		if old == "" {
			a.form.refuse("tapez votre mot de passe actuel", 0)
			return nil
		}
		if !checkNewPassword(&a.form, 1) {
			return nil
		}
		a.form.submitting()
		return ask(a, func() (accountDone, error) {
			return accountDone{what: "Mot de passe changé"}, st.ChangePassword(sess, old, pw)
		})
	case accountDisable:
		pw := a.form.value(0)
		a.form.submitting()
		return ask(a, func() (accountDone, error) {
			return accountDone{what: "Double authentification retirée"}, st.DisableTOTP(sess, pw)
		})
	case accountNewCodes:
		code := strings.TrimSpace(a.form.value(0))
		a.form.submitting()
		return ask(a, func() (accountDone, error) {
			codes, err := st.NewRecoveryCodes(sess, code)
			if errors.Is(err, store.ErrBadCode) {
				err = errors.New("code incorrect : tapez le code affiché maintenant par l'application")
			}
			return accountDone{codes: codes}, err
		})
	}
	return nil
}

func (a *accountScreen) View() string {
	s := a.c.Styles
	switch a.mode {
	case accountEnroll:
		title := "Activer la double authentification"
		if a.user.TOTPEnabled() {
			title = "Double authentification : nouvel appareil"
		}
		return a.enroll.view(a.width, a.height, title)
	case accountCodes:
		return recoveryView(s, a.codes, a.width)
	}
	lines := []string{"", "  " + s.Title.Render("Mon compte"), ""}
	if !a.loaded {
		lines = append(lines, "  "+s.Muted.Render("chargement…"))
		return strings.Join(lines, "\n")
	}
	name, rest := a.rows()
	var sheet []string
	switch a.mode {
	case accountPassword, accountDisable, accountNewCodes:
		title := map[accountMode]string{
			accountPassword: "Changer mon mot de passe",
			accountDisable:  "Retirer la double authentification (mot de passe requis)",
			accountNewCodes: "Nouveaux codes de secours (les anciens ne serviront plus)",
		}[a.mode]
		sheet = append([]string{"  " + s.Title.Render(title)}, a.form.lines(s)...)
		sheet = append(sheet, a.form.status(s, "vérification…", a.width)...)
		// In a small terminal the open form keeps its fields and its
		// error in view: of the account, only whose it is stays.
		if len(lines)+len(name)+len(rest)+1+len(sheet) > a.height {
			rest = nil
		}
	default:
		if !a.user.TOTPEnabled() {
			sheet = wrapIndent(s.Muted.Render("t : protégez votre compte par un code du téléphone en plus du mot de passe."), a.width, "  ", "  ")
		}
	}
	lines = append(append(append(lines, name...), rest...), "")
	return strings.Join(append(lines, sheet...), "\n")
}

// rows are the account's lines: its name, then the rest (level, rights,
// last login, SSH keys, second factor), each value wrapped beside its label.
func (a *accountScreen) rows() (name, rest []string) {
	s, u := a.c.Styles, a.user
	row := func(label, value string) []string {
		return wrapIndent(value, a.width-2, infoRow(s, label, 24, ""), strings.Repeat(" ", 27))
	}
	name = row("Nom", strings.TrimSpace(model.StripControl(u.FirstName+" "+u.LastName))+"  ("+model.StripControl(u.Username)+")")
	level := "national"
	if u.Level() != model.LevelNational {
		level = u.Level().String() + " · " + model.StripControl(a.scope)
	}
	last := "—"
	if !u.LastLogin.IsZero() {
		last = dateTime(u.LastLogin)
	}
	tfa := s.Warning.Render("non activée")
	if u.TOTPEnabled() {
		tfa = s.Success.Render("activée") + fmt.Sprintf(" · %d %s", len(u.RecoveryCodes), plural(len(u.RecoveryCodes), "code de secours restant", "codes de secours restants"))
	}
	if u.TOTPRequired {
		tfa += s.Muted.Render(" · exigée")
	}
	for _, r := range [][2]string{
		{"Niveau", level},
		{"Droits", u.Rights.String()},
		{"Dernière connexion", last},
		{"Clés SSH", fmt.Sprintf("%d (s : les gérer)", len(u.SSHKeys))},
		{"Double authentification", tfa},
	} {
		rest = append(rest, row(r[0], r[1])...)
	}
	return name, rest
}
