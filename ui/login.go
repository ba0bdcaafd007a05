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
}

type loginKeys struct {
	Next, Prev, Submit, Back key.Binding
}

func (k loginKeys) ShortHelp() []key.Binding { return []key.Binding{k.Next, k.Submit, k.Back} }
func (k loginKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev, k.Submit, k.Back}}
}

// Messages of the login screen's commands.
type (
	loginResultMsg struct {
		s    *loginScreen
		sess *store.Session
		user model.User
		err  error
	}
	firstUserMsg struct {
		s    *loginScreen
		sess *store.Session
		user model.User
		err  error
	}
	passwordChangedMsg struct {
		s   *loginScreen
		err error
	}
)

func (m loginResultMsg) ForScreen() Screen     { return m.s }
func (m firstUserMsg) ForScreen() Screen       { return m.s }
func (m passwordChangedMsg) ForScreen() Screen { return m.s }

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
		l.labels = []string{"Prénom", "Nom", "Mot de passe", "Encore une fois"}
		l.inputs = []textinput.Model{newInput(s, "", 80), newInput(s, "", 80), newPasswordInput(s, "10 caractères au moins"), newPasswordInput(s, "")}
	case stepChange:
		l.labels = []string{"Nouveau mot de passe", "Encore une fois"}
		l.inputs = []textinput.Model{newPasswordInput(s, "10 caractères au moins"), newPasswordInput(s, "")}
	case stepCreated:
		l.labels, l.inputs = nil, nil
	}
	l.keys.Back.SetEnabled(step == stepChange)
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
	if l.step == stepCreated {
		return keyMap{short: []key.Binding{binding([]string{"enter"}, "entrée", "continuer")}}
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
	switch msg := msg.(type) {
	case loginResultMsg:
		return l, l.loginResult(msg)
	case firstUserMsg:
		l.busy = false
		if msg.err != nil {
			l.err = msg.err.Error()
			return l, nil
		}
		l.sess, l.username, l.err = msg.sess, msg.user.Username, ""
		l.setStep(stepCreated)
		return l, nil
	case passwordChangedMsg:
		l.busy = false
		if msg.err != nil {
			l.err = msg.err.Error()
			l.inputs[1].SetValue("")
			l.setFocus(0)
			return l, nil
		}
		sess := l.sess
		return l, func() tea.Msg { return LoggedInMsg{Session: sess} }
	case tea.KeyMsg:
		return l, l.key(msg)
	}
	return l, nil
}

func (l *loginScreen) loginResult(msg loginResultMsg) tea.Cmd {
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
	if msg.user.MustChangePassword {
		l.sess, l.oldPw = msg.sess, l.value(1)
		l.setStep(stepChange)
		l.info = "Ce mot de passe est provisoire : choisissez le vôtre."
		return nil
	}
	sess := msg.sess
	return func() tea.Msg { return LoggedInMsg{Session: sess} }
}

func (l *loginScreen) key(msg tea.KeyMsg) tea.Cmd {
	if l.busy {
		return nil // the store is checking: typing waits
	}
	if l.step == stepCreated {
		if msg.String() == "enter" {
			sess := l.sess
			return func() tea.Msg { return LoggedInMsg{Session: sess} }
		}
		return nil
	}
	switch {
	case key.Matches(msg, l.keys.Back) && l.step == stepChange:
		l.sess, l.oldPw, l.info = nil, "", ""
		l.setStep(stepLogin)
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

func (l *loginScreen) submit() tea.Cmd {
	st := l.c.Store
	switch l.step {
	case stepLogin:
		name, pw := strings.TrimSpace(l.value(0)), l.value(1)
		if name == "" {
			l.err = "tapez votre identifiant"
			l.setFocus(0)
			return nil
		}
		l.busy, l.err = true, ""
		s := l
		return func() tea.Msg {
			sess, err := st.Login(name, pw)
			var u model.User
			if err == nil {
				u, err = sess.User()
			}
			return loginResultMsg{s: s, sess: sess, user: u, err: err}
		}
	case stepFirstRun:
		first, last, pw := strings.TrimSpace(model.StripControl(l.value(0))), strings.TrimSpace(model.StripControl(l.value(1))), l.value(2)
		switch {
		case last == "":
			l.err = "le nom est obligatoire"
			l.setFocus(1)
			return nil
		case model.CheckPassword(pw) != nil:
			l.err = model.CheckPassword(pw).Error()
			l.setFocus(2)
			return nil
		case pw != l.value(3):
			l.err = "les deux saisies du mot de passe diffèrent"
			l.inputs[3].SetValue("")
			l.setFocus(3)
			return nil
		}
		l.busy, l.err = true, ""
		s := l
		return func() tea.Msg {
			u, err := st.CreateFirstUser(store.UserSpec{FirstName: first, LastName: last, Password: pw})
			if err != nil {
				return firstUserMsg{s: s, err: err}
			}
			sess, err := st.Login(u.Username, pw)
			return firstUserMsg{s: s, sess: sess, user: u, err: err}
		}
	case stepChange:
		pw := l.value(0)
		switch {
		case model.CheckPassword(pw) != nil:
			l.err = model.CheckPassword(pw).Error()
			l.setFocus(0)
			return nil
		case pw != l.value(1):
			l.err = "les deux saisies du mot de passe diffèrent"
			l.inputs[1].SetValue("")
			l.setFocus(1)
			return nil
		}
		l.busy, l.err = true, ""
		s, sess, old := l, l.sess, l.oldPw
		return func() tea.Msg {
			return passwordChangedMsg{s: s, err: st.ChangePassword(sess, old, pw)}
		}
	}
	return nil
}

// strength draws a password's strength: "force : ■■■□□ bon".
func (l *loginScreen) strength(pw string) string {
	s := l.c.Styles
	if pw == "" {
		return s.Muted.Render("10 caractères au moins ; une phrase de plusieurs mots est idéale")
	}
	score, label := model.PasswordStrength(pw)
	bar := strings.Repeat("■", score+1) + strings.Repeat("□", 4-score)
	st := s.Error
	switch {
	case score >= 3:
		st = s.Success
	case score >= model.MinPasswordScore:
		st = s.Warning
	}
	return s.Label.Render("force : ") + st.Render(bar+" "+label)
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
		add("  Créez le premier, responsable national avec tous les droits (comme « fichier init »).")
	case stepChange:
		add("  " + s.Title.Render("Choisissez votre mot de passe"))
		add("  " + l.info)
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
		if l.step != stepLogin && in.EchoMode == textinput.EchoPassword && i == len(l.inputs)-2 {
			add(strings.Repeat(" ", 25) + l.strength(in.Value()))
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
