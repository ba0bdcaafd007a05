package ui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
	"fichier/store"
)

// loginStep is what the login screen is asking for.
type loginStep int

const (
	stepLogin    loginStep = iota // username and password
	stepFirstRun                  // the file has no responsable yet: create the first one
	stepCreated                   // first responsable created: show the username to note
	stepChange                    // the password must be changed before going on
	stepCode                      // two-factor authentication: the code of the app (or a recovery code)
	stepEnroll                    // two-factor authentication required but not set up: enrol now
	stepRecovery                  // enrolled: the recovery codes, shown once
)

// loginScreen is the login, the first-run and the change-password screen:
// one screen with steps, because each leads to the next.
type loginScreen struct {
	c      *Common
	step   loginStep
	form   dialogForm // the step's fields
	width  int
	height int
	keys   loginKeys

	sess     *store.Session // logged in, waiting for the password change
	oldPw    string
	username string // created by the first-run step

	challenge *store.LoginChallenge // password right, waiting for the second factor
	enroll    *totpEnroll           // stepEnroll
	codes     []string              // stepRecovery
}

type loginKeys struct {
	Next, Prev, Submit, Back key.Binding
}

func (k loginKeys) ShortHelp() []key.Binding { return []key.Binding{k.Next, k.Submit, k.Back} }
func (k loginKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev, k.Submit, k.Back}}
}

// The answers of the store to the login screen.
type (
	// loginChecked is a username and password checked: a session, or a
	// challenge for the second factor.
	loginChecked struct {
		sess      *store.Session
		challenge *store.LoginChallenge
	}
	// firstUserCreated is the first responsable, created and logged in.
	firstUserCreated struct {
		sess *store.Session
		user model.User
	}
	passwordChanged struct{}
	codeChecked     struct{ sess *store.Session } // the second factor checked
)

// newLoginScreen starts on the first-run step when the file has no
// responsable, on the login otherwise; why (may be empty) says why the
// user is here (session ended …).
func newLoginScreen(c *Common, why string) *loginScreen {
	l := &loginScreen{c: c, width: defaultWidth, height: defaultHeight - Chrome}
	l.keys = loginKeys{Next: fieldNext, Prev: fieldPrev, Submit: formEnter, Back: binding([]string{"esc"}, "esc", "retour")}
	if c.Store.HasUsers() {
		l.setStep(stepLogin)
	} else {
		l.setStep(stepFirstRun)
	}
	l.form.err = why
	return l
}

func (l *loginScreen) setStep(step loginStep) {
	s := l.c.Styles
	l.step = step
	text := func(label, placeholder string, limit int) dialogField {
		return dialogField{label: label, input: newInput(s, placeholder, limit)}
	}
	var fields []dialogField
	switch step {
	case stepLogin:
		fields = []dialogField{text("Identifiant", "ex. amartin", 64), {label: "Mot de passe", input: newPasswordInput(s, "")}}
	case stepFirstRun:
		fields = []dialogField{text("Prénom", "", 80), text("Nom", "", 80),
			newPasswordField(s, "Mot de passe"),
			{label: "Encore une fois", input: newPasswordInput(s, "")},
			text("Fédération", "facultatif, ex. Isère", 80), text("N° de département", "ex. 38", 3),
			text("Section", "facultatif, ex. Sud-Grenoblois", 80), text("Niveau", "national, fédération ou section (national)", 12)}
	case stepChange:
		fields = []dialogField{newPasswordField(s, "Nouveau mot de passe"),
			{label: "Encore une fois", input: newPasswordInput(s, "")}}
	case stepCode:
		fields = []dialogField{text("Code", "6 chiffres, ou un code de secours", 24)}
	}
	l.form = newDialogForm(22, fields...)
	l.form.sticky = true // why the user is here stays while they type
	l.keys.Back.SetEnabled(step == stepChange || step == stepCode || step == stepEnroll)
	l.keys.Next.SetEnabled(len(fields) > 1)
	l.keys.Prev.SetEnabled(len(fields) > 1)
	l.SetSize(l.width, l.height)
}

func (l *loginScreen) Init() tea.Cmd { return nil }

func (l *loginScreen) SetSize(w, h int) {
	l.width, l.height = w, h
	l.form.setWidth(clamp(w-30, 10, 40))
}

func (l *loginScreen) Title() string {
	switch l.step {
	case stepFirstRun, stepCreated:
		return "Premier responsable"
	case stepChange:
		return "Nouveau mot de passe"
	case stepCode:
		return "Connexion · code"
	case stepEnroll, stepRecovery:
		return "Double authentification"
	}
	return "Connexion"
}

func (l *loginScreen) Status() string {
	if l.form.busy {
		return "vérification…"
	}
	return ""
}

func (l *loginScreen) Keys() help.KeyMap {
	switch l.step {
	case stepCreated:
		return keyMap{short: []key.Binding{binding([]string{"enter"}, "entrée", "continuer")}}
	case stepRecovery:
		return keyMap{short: []key.Binding{binding([]string{"enter"}, "entrée", "c'est noté")}}
	case stepEnroll:
		return keyMap{short: []key.Binding{l.keys.Submit, l.keys.Back}}
	}
	return l.form.keys(l.keys)
}

func (l *loginScreen) Capturing() bool { return true }
func (l *loginScreen) Dirty() bool     { return false }

func (l *loginScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if l.step == stepEnroll && l.enroll != nil {
		switch msg.(type) {
		case reply[totpKeyDrawn], reply[totpEnabled]:
			codes, cmd := l.enroll.update(msg)
			if codes != nil {
				l.enroll, l.codes = nil, codes
				l.setStep(stepRecovery)
			}
			return l, cmd
		}
	}
	switch msg := msg.(type) {
	case reply[codeChecked]:
		l.form.busy = false
		if msg.err != nil {
			if errors.Is(msg.err, store.ErrLoginExpired) || errors.Is(msg.err, store.ErrDisabled) {
				l.challenge, l.oldPw = nil, ""
				l.setStep(stepLogin)
				l.form.err = msg.err.Error()
				return l, nil
			}
			l.form.err = msg.err.Error()
			if errors.Is(msg.err, store.ErrBadCode) {
				l.form.err = "code incorrect : tapez le code affiché maintenant (ou un code de secours)"
			}
			l.form.setValue(0, "")
			return l, nil
		}
		l.challenge, l.form.err = nil, ""
		return l, l.authenticated(msg.val.sess)
	case reply[loginChecked]:
		return l, l.loginResult(msg)
	case reply[firstUserCreated]:
		l.form.busy = false
		if msg.err != nil {
			l.form.err = msg.err.Error()
			return l, nil
		}
		l.sess, l.username = msg.val.sess, msg.val.user.Username
		l.setStep(stepCreated)
		return l, nil
	case reply[passwordChanged]:
		l.form.busy = false
		if msg.err != nil {
			l.form.setValue(1, "")
			l.form.refuse(msg.err.Error(), 0)
			return l, nil
		}
		return l, l.authenticated(l.sess)
	case tea.KeyMsg:
		return l, l.key(msg)
	}
	return l, nil
}

// authenticated goes on once the password (and code) were right: the
// provisional password to change, then the required second factor to
// enrol, then in.
func (l *loginScreen) authenticated(sess *store.Session) tea.Cmd {
	pw, totp := sess.NeedsSetup()
	l.sess = sess
	switch {
	case pw:
		l.setStep(stepChange)
		return nil
	case totp:
		l.oldPw = ""
		l.setStep(stepEnroll)
		l.enroll = newTOTPEnroll(l.c, l, sess)
		return l.enroll.init()
	}
	l.oldPw = ""
	return func() tea.Msg { return LoggedInMsg{Session: sess} }
}

func (l *loginScreen) loginResult(msg reply[loginChecked]) tea.Cmd {
	l.form.busy = false
	if msg.err != nil {
		l.form.err = msg.err.Error()
		if errors.Is(msg.err, store.ErrBadLogin) || errors.Is(msg.err, store.ErrDisabled) {
			l.form.setValue(1, "")
			l.form.setFocus(1)
		}
		return nil
	}
	l.form.err = ""
	l.oldPw = l.form.value(1) // for a provisional password, changed next
	if msg.val.challenge != nil {
		l.challenge = msg.val.challenge
		l.setStep(stepCode)
		return nil
	}
	return l.authenticated(msg.val.sess)
}

func (l *loginScreen) key(msg tea.KeyMsg) tea.Cmd {
	if l.form.busy {
		return nil // the store is checking: typing waits
	}
	switch l.step {
	case stepCreated, stepRecovery:
		if msg.String() == "enter" {
			sess := l.sess
			l.codes = nil // shown once
			return func() tea.Msg { return LoggedInMsg{Session: sess} }
		}
		return nil
	case stepEnroll:
		if key.Matches(msg, l.keys.Back) {
			l.back()
			return nil
		}
		if l.enroll != nil {
			_, cmd := l.enroll.update(msg)
			return cmd
		}
		return nil
	}
	if l.step == stepChange || l.step == stepCode {
		if leave, used := l.form.escape(msg); used {
			if leave {
				l.back()
			}
			return nil
		}
	}
	cmd, submit := l.form.key(msg)
	if submit {
		return l.submit()
	}
	return cmd
}

// back abandons a login half-way (code, password change, enrolment).
func (l *loginScreen) back() {
	l.sess, l.oldPw, l.challenge, l.enroll = nil, "", nil, nil
	l.setStep(stepLogin)
}

func (l *loginScreen) submit() tea.Cmd {
	st := l.c.Store
	switch l.step {
	case stepCode:
		code := strings.TrimSpace(l.form.value(0))
		if code == "" {
			l.form.refuse("tapez le code", 0)
			return nil
		}
		l.form.submitting()
		ch := l.challenge
		return ask(l, func() (codeChecked, error) {
			sess, err := st.LoginCode(ch, code)
			return codeChecked{sess}, err
		})
	case stepLogin:
		name, pw := strings.TrimSpace(l.form.value(0)), l.form.value(1)
		if name == "" {
			l.form.refuse("tapez votre identifiant", 0)
			return nil
		}
		l.form.submitting()
		return ask(l, func() (loginChecked, error) {
			sess, ch, err := st.LoginStart(name, pw)
			if err == nil && sess != nil {
				_, err = sess.User()
			}
			return loginChecked{sess: sess, challenge: ch}, err
		})
	case stepFirstRun:
		clean := func(i int) string { return strings.TrimSpace(model.StripControl(l.form.value(i))) }
		pw := l.form.value(2)
		spec := store.InitSpec{FirstName: clean(0), LastName: clean(1), Password: pw,
			Federation: clean(4), FederationCode: clean(5), Section: clean(6), Level: clean(7)}
		if spec.LastName == "" {
			l.form.refuse("le nom est obligatoire", 1)
			return nil
		}
		if !checkNewPassword(&l.form, 2) {
			return nil
		}
		l.form.submitting()
		return ask(l, func() (firstUserCreated, error) {
			u, err := st.InitFile(spec)
			if err != nil {
				return firstUserCreated{}, err
			}
			sess, err := st.Login(u.Username, pw)
			return firstUserCreated{sess: sess, user: u}, err
		})
	case stepChange:
		pw := l.form.value(0)
		if !checkNewPassword(&l.form, 0) {
			return nil
		}
		l.form.submitting()
		sess, old := l.sess, l.oldPw
		return ask(l, func() (passwordChanged, error) {
			return passwordChanged{}, st.ChangePassword(sess, old, pw)
		})
	}
	return nil
}

func (l *loginScreen) View() string {
	s := l.c.Styles
	var title, intro string
	switch l.step {
	case stepLogin:
		title, intro = "Connexion au fichier", s.Muted.Render(model.StripControl(l.c.Store.Path()))
	case stepFirstRun:
		title = "Bienvenue : ce fichier n'a pas encore de responsable"
		intro = "Créez le premier, avec tous les droits à son niveau, et si vous voulez sa fédération et sa section (comme « fichier init »)."
	case stepChange:
		title, intro = "Choisissez votre mot de passe", "Ce mot de passe est provisoire : choisissez le vôtre."
	case stepCode:
		title, intro = "Double authentification", "Tapez le code à 6 chiffres de votre application, ou un code de secours."
	case stepEnroll:
		if l.enroll == nil {
			return ""
		}
		return l.enroll.view(l.width, l.height, "Double authentification exigée")
	case stepRecovery:
		return recoveryView(s, l.codes, l.width)
	case stepCreated:
		b := []string{"", "  " + s.Title.Render("Premier responsable créé"), ""}
		b = append(b, "  Votre identifiant : "+s.Key.Render(model.StripControl(l.username)))
		b = append(b, wrapIndent("Notez-le : il vous servira à chaque connexion, avec votre mot de passe.", l.width, "  ", "  ")...)
		b = append(b, "", "  "+s.Muted.Render("entrée pour continuer"))
		return strings.Join(b, "\n")
	}
	form := append(append(l.form.lines(s), ""), l.form.status(s, "vérification…", l.width)...)
	head := []string{"", "  " + s.Title.Render(title)}
	// In a small terminal the introduction gives way to the fields.
	if lines := wrapIndent(intro, l.width, "  ", "  "); len(head)+len(lines)+1+len(form) <= l.height {
		head = append(head, lines...)
	}
	return strings.Join(append(append(head, ""), form...), "\n")
}
