package ui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
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
	inputs []textinput.Model
	labels []string
	focus  int
	busy   bool
	err    string
	info   string
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
	l := &loginScreen{c: c, err: why, width: defaultWidth, height: defaultHeight - Chrome}
	l.keys = loginKeys{
		Next:   binding([]string{"tab", "down"}, "tab", "champ suivant"),
		Prev:   binding([]string{"shift+tab", "up"}, "maj+tab", "champ précédent"),
		Submit: binding([]string{"enter"}, "entrée", "valider"),
		Back:   binding([]string{"esc"}, "esc", "retour"),
	}
	if c.Store.HasUsers() {
		l.setStep(stepLogin)
	} else {
		l.setStep(stepFirstRun)
	}
	return l
}

func (l *loginScreen) setStep(step loginStep) {
	s := l.c.Styles
	l.step, l.focus, l.busy = step, 0, false
	switch step {
	case stepLogin:
		l.labels = []string{"Identifiant", "Mot de passe"}
		l.inputs = []textinput.Model{newInput(s, "ex. amartin", 64), newPasswordInput(s, "")}
	case stepFirstRun:
		l.labels = []string{"Prénom", "Nom", "Mot de passe", "Encore une fois", "Fédération", "N° de département", "Section", "Niveau"}
		l.inputs = []textinput.Model{newInput(s, "", 80), newInput(s, "", 80), newPasswordInput(s, "10 caractères au moins"), newPasswordInput(s, ""),
			newInput(s, "facultatif, ex. Isère", 80), newInput(s, "ex. 38", 3), newInput(s, "facultatif, ex. Sud-Grenoblois", 80),
			newInput(s, "national, fédération ou section (national)", 12)}
	case stepChange:
		l.labels = []string{"Nouveau mot de passe", "Encore une fois"}
		l.inputs = []textinput.Model{newPasswordInput(s, "10 caractères au moins"), newPasswordInput(s, "")}
	case stepCode:
		l.labels = []string{"Code"}
		l.inputs = []textinput.Model{newInput(s, "6 chiffres, ou un code de secours", 24)}
	case stepCreated, stepEnroll, stepRecovery:
		l.labels, l.inputs = nil, nil
	}
	l.keys.Back.SetEnabled(step == stepChange || step == stepCode || step == stepEnroll)
	l.keys.Next.SetEnabled(len(l.inputs) > 1)
	l.keys.Prev.SetEnabled(len(l.inputs) > 1)
	l.setFocus(0)
	l.SetSize(l.width, l.height)
}

func (l *loginScreen) setFocus(i int) {
	if len(l.inputs) == 0 {
		return
	}
	l.focus = clamp(i, 0, len(l.inputs)-1)
	for j := range l.inputs {
		if j == l.focus {
			l.inputs[j].Focus()
		} else {
			l.inputs[j].Blur()
		}
	}
}

func (l *loginScreen) Init() tea.Cmd { return nil }

func (l *loginScreen) SetSize(w, h int) {
	l.width, l.height = w, h
	iw := clamp(w-30, 10, 40)
	for i := range l.inputs {
		l.inputs[i].Width = iw
	}
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
	if l.busy {
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
	return l.keys
}

func (l *loginScreen) Capturing() bool { return true }
func (l *loginScreen) Dirty() bool     { return false }

func (l *loginScreen) value(i int) string {
	if i < len(l.inputs) {
		return l.inputs[i].Value()
	}
	return ""
}

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
		l.busy = false
		if msg.err != nil {
			if errors.Is(msg.err, store.ErrLoginExpired) || errors.Is(msg.err, store.ErrDisabled) {
				l.challenge, l.oldPw = nil, ""
				l.setStep(stepLogin)
				l.err = msg.err.Error()
				return l, nil
			}
			l.err = msg.err.Error()
			if errors.Is(msg.err, store.ErrBadCode) {
				l.err = "code incorrect : tapez le code affiché maintenant (ou un code de secours)"
			}
			l.inputs[0].SetValue("")
			return l, nil
		}
		l.challenge, l.err = nil, ""
		return l, l.authenticated(msg.val.sess)
	case reply[loginChecked]:
		return l, l.loginResult(msg)
	case reply[firstUserCreated]:
		l.busy = false
		if msg.err != nil {
			l.err = msg.err.Error()
			return l, nil
		}
		l.sess, l.username, l.err = msg.val.sess, msg.val.user.Username, ""
		l.setStep(stepCreated)
		return l, nil
	case reply[passwordChanged]:
		l.busy = false
		if msg.err != nil {
			l.err = msg.err.Error()
			l.inputs[1].SetValue("")
			l.setFocus(0)
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
		l.info = "Ce mot de passe est provisoire : choisissez le vôtre."
		return nil
	case totp:
		l.oldPw = ""
		l.setStep(stepEnroll)
		l.info = "Votre compte exige la double authentification : mettez-la en place maintenant."
		l.enroll = newTOTPEnroll(l.c, l, sess)
		return l.enroll.init()
	}
	l.oldPw = ""
	return func() tea.Msg { return LoggedInMsg{Session: sess} }
}

func (l *loginScreen) loginResult(msg reply[loginChecked]) tea.Cmd {
	l.busy = false
	if msg.err != nil {
		l.err = msg.err.Error()
		if errors.Is(msg.err, store.ErrBadLogin) || errors.Is(msg.err, store.ErrDisabled) {
			l.inputs[1].SetValue("")
			l.setFocus(1)
		}
		return nil
	}
	l.err = ""
	l.oldPw = l.value(1) // for a provisional password, changed next
	if msg.val.challenge != nil {
		l.challenge = msg.val.challenge
		l.setStep(stepCode)
		l.info = "Tapez le code à 6 chiffres de votre application, ou un code de secours."
		return nil
	}
	return l.authenticated(msg.val.sess)
}

func (l *loginScreen) key(msg tea.KeyMsg) tea.Cmd {
	if l.busy {
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
	switch {
	case key.Matches(msg, l.keys.Back) && (l.step == stepChange || l.step == stepCode):
		l.back()
		return nil
	case key.Matches(msg, l.keys.Next):
		l.setFocus((l.focus + 1) % len(l.inputs))
		return nil
	case key.Matches(msg, l.keys.Prev):
		l.setFocus((l.focus + len(l.inputs) - 1) % len(l.inputs))
		return nil
	case key.Matches(msg, l.keys.Submit):
		if l.focus < len(l.inputs)-1 {
			l.setFocus(l.focus + 1)
			return nil
		}
		return l.submit()
	}
	var cmd tea.Cmd
	l.inputs[l.focus], cmd = l.inputs[l.focus].Update(msg)
	return cmd
}

// back abandons a login half-way (code, password change, enrolment).
func (l *loginScreen) back() {
	l.sess, l.oldPw, l.info, l.challenge, l.enroll = nil, "", "", nil, nil
	l.setStep(stepLogin)
}

func (l *loginScreen) submit() tea.Cmd {
	st := l.c.Store
	switch l.step {
	case stepCode:
		code := strings.TrimSpace(l.value(0))
		if code == "" {
			l.err = "tapez le code"
			return nil
		}
		l.busy, l.err = true, ""
		ch := l.challenge
		return ask(l, func() (codeChecked, error) {
			sess, err := st.LoginCode(ch, code)
			return codeChecked{sess}, err
		})
	case stepLogin:
		name, pw := strings.TrimSpace(l.value(0)), l.value(1)
		if name == "" {
			l.err = "tapez votre identifiant"
			l.setFocus(0)
			return nil
		}
		l.busy, l.err = true, ""
		return ask(l, func() (loginChecked, error) {
			sess, ch, err := st.LoginStart(name, pw)
			if err == nil && sess != nil {
				_, err = sess.User()
			}
			return loginChecked{sess: sess, challenge: ch}, err
		})
	case stepFirstRun:
		first, last, pw := strings.TrimSpace(model.StripControl(l.value(0))), strings.TrimSpace(model.StripControl(l.value(1))), l.value(2)
		if last == "" {
			l.err = "le nom est obligatoire"
			l.setFocus(1)
			return nil
		}
		if msg, focus := checkNewPassword(l.inputs, 2); msg != "" {
			l.err = msg
			l.setFocus(focus)
			return nil
		}
		l.busy, l.err = true, ""
		clean := func(i int) string { return strings.TrimSpace(model.StripControl(l.value(i))) }
		spec := store.InitSpec{FirstName: first, LastName: last, Password: pw,
			Federation: clean(4), FederationCode: clean(5), Section: clean(6), Level: clean(7)}
		return ask(l, func() (firstUserCreated, error) {
			u, err := st.InitFile(spec)
			if err != nil {
				return firstUserCreated{}, err
			}
			sess, err := st.Login(u.Username, pw)
			return firstUserCreated{sess: sess, user: u}, err
		})
	case stepChange:
		pw := l.value(0)
		if msg, focus := checkNewPassword(l.inputs, 0); msg != "" {
			l.err = msg
			l.setFocus(focus)
			return nil
		}
		l.busy, l.err = true, ""
		sess, old := l.sess, l.oldPw
		return ask(l, func() (passwordChanged, error) {
			return passwordChanged{}, st.ChangePassword(sess, old, pw)
		})
	}
	return nil
}

func (l *loginScreen) View() string {
	s := l.c.Styles
	var b []string
	add := func(line string) { b = append(b, line) }
	add("")
	switch l.step {
	case stepLogin:
		add("  " + s.Title.Render("Connexion au fichier"))
		add("  " + s.Muted.Render(model.StripControl(l.c.Store.Path())))
	case stepFirstRun:
		add("  " + s.Title.Render("Bienvenue : ce fichier n'a pas encore de responsable"))
		add("  Créez le premier, avec tous les droits à son niveau, et si vous voulez sa")
		add("  fédération et sa section (comme « fichier init »).")
	case stepChange:
		add("  " + s.Title.Render("Choisissez votre mot de passe"))
		add("  " + l.info)
	case stepCode:
		add("  " + s.Title.Render("Double authentification"))
		add("  " + l.info)
	case stepEnroll:
		if l.enroll == nil {
			return ""
		}
		return l.enroll.view(l.width, l.height, "Double authentification exigée")
	case stepRecovery:
		return recoveryView(s, l.codes, l.width)
	case stepCreated:
		add("  " + s.Title.Render("Premier responsable créé"))
		add("")
		add("  Votre identifiant : " + s.Key.Render(model.StripControl(l.username)))
		add("  Notez-le : il vous servira à chaque connexion, avec votre mot de passe.")
		add("")
		add("  " + s.Muted.Render("entrée pour continuer"))
		return strings.Join(b, "\n")
	}
	add("")
	for i, in := range l.inputs {
		mark := "  "
		if i == l.focus {
			mark = "▸ "
		}
		label := padRight(l.labels[i], 22)
		line := mark + s.Label.Render(label)
		if i == l.focus {
			line = mark + s.Key.Render(label)
		}
		add(line + " " + in.View())
		// The strength shows under the first of the two password fields.
		if l.step != stepLogin && in.EchoMode == textinput.EchoPassword && i+1 < len(l.inputs) && l.inputs[i+1].EchoMode == textinput.EchoPassword {
			add(strings.Repeat(" ", 25) + passwordStrength(s, in.Value(), "10 caractères au moins ; une phrase de plusieurs mots est idéale"))
		}
	}
	add("")
	switch {
	case l.busy:
		add("  " + s.Warning.Render("vérification…"))
	case l.err != "":
		add("  " + s.Error.Render(model.StripControl(l.err)))
	default:
		add("")
	}
	return strings.Join(b, "\n")
}
