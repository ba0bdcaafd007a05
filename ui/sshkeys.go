package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"fichier/model"
)

// « Clés SSH »: the public keys that log in to `fichier serve` as an
// account. From « Mon compte » (s) for one's own; from the palette for the
// responsables one may manage (the store checks it: model.CanManage).

type sshKeysScreen struct {
	c             *Common
	width, height int
	target        model.UserID // 0: choose the responsable first
	users         []model.User // to choose from
	user          model.User
	loaded        bool
	err, info     string
	tbl           table
	adding        bool
	input         textinput.Model
	confirm       *ConfirmDialog

	keys                           listKeys
	add, remove, open, back, paste key.Binding
}

type (
	sshKeysLoaded []model.User // the accounts whose keys one may see
	sshKeysDone   string       // what was done, for the notice
)

// NewSSHKeysScreen shows the SSH keys of account target (0: choose one).
func NewSSHKeysScreen(c *Common, target model.UserID) Screen {
	s := &sshKeysScreen{c: c, target: target, width: defaultWidth, height: defaultHeight - Chrome, keys: newListKeys(), tbl: newTable(newListKeys()),
		add:    binding([]string{"a"}, "a", "ajouter une clé"),
		remove: binding([]string{"d", "delete"}, "d", "retirer la clé"),
		open:   binding([]string{"enter"}, "entrée", "voir ses clés"),
		back:   binding([]string{"esc"}, "esc", "retour"),
		paste:  binding([]string{"enter"}, "entrée", "enregistrer la clé"),
	}
	s.input = newInput(c.Styles, "ssh-ed25519 AAAA… (contenu du fichier .pub)", 8192)
	return s
}

func (s *sshKeysScreen) Init() tea.Cmd { return s.load() }

func (s *sshKeysScreen) load() tea.Cmd {
	st, sess := s.c.Store, s.c.Session
	return ask(s, func() (sshKeysLoaded, error) {
		users, err := st.Users(sess)
		if err == nil && len(users) == 0 {
			u, e := sess.User()
			users, err = []model.User{u}, e
		}
		return users, err
	})
}

func (s *sshKeysScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.input.Width = max(w-6, 10)
}

func (s *sshKeysScreen) Title() string {
	if s.target == 0 {
		return "Clés SSH · choisir un responsable"
	}
	return "Clés SSH · " + model.StripControl(s.user.Username)
}

func (s *sshKeysScreen) Status() string  { return "" }
func (s *sshKeysScreen) Capturing() bool { return s.adding || s.confirm != nil }
func (s *sshKeysScreen) Dirty() bool     { return s.adding && s.input.Value() != "" }
func (s *sshKeysScreen) Keys() help.KeyMap {
	switch {
	case s.confirm != nil:
		return s.confirm.Keys()
	case s.adding:
		return keyMap{short: []key.Binding{s.paste, s.back}}
	case s.target == 0:
		return keyMap{short: []key.Binding{s.keys.Up, s.keys.Down, s.open, s.back}}
	}
	return keyMap{short: []key.Binding{s.add, s.remove, s.back}, full: [][]key.Binding{{s.keys.Up, s.keys.Down, s.add, s.remove, s.back}}}
}

func (s *sshKeysScreen) count() int {
	if s.target == 0 {
		return len(s.users)
	}
	return len(s.user.SSHKeys)
}

func (s *sshKeysScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case reply[sshKeysLoaded]:
		s.loaded = true
		if msg.err != nil {
			return s, keepErr(&s.err, msg.err)
		}
		s.users = msg.val
		for _, u := range msg.val {
			if u.ID == s.target {
				s.user = u
			}
		}
		s.tbl.SetLen(s.count())
	case reply[sshKeysDone]:
		if msg.err != nil {
			return s, keepErr(&s.err, msg.err)
		}
		s.err, s.info, s.adding = "", string(msg.val), false
		s.input.SetValue("")
		return s, s.load()
	case StoreEventMsg:
		return s, s.load()
	case tea.KeyMsg:
		return s, s.key(msg)
	}
	return s, nil
}

// removeKey removes the selected key (confirmed).
func (s *sshKeysScreen) removeKey() tea.Cmd {
	st, sess := s.c.Store, s.c.Session
	k, id := s.user.SSHKeys[s.tbl.Selected()], s.user.ID
	return ask(s, func() (sshKeysDone, error) {
		return sshKeysDone("Clé retirée : " + k.Fingerprint), st.RemoveSSHKey(sess, id, k.Fingerprint)
	})
}

func (s *sshKeysScreen) key(msg tea.KeyMsg) tea.Cmd {
	st, sess := s.c.Store, s.c.Session
	if s.confirm != nil {
		return confirmKey(&s.confirm, msg, s.removeKey, nil)
	}
	if s.adding {
		switch msg.String() {
		case "esc":
			s.adding, s.err = false, ""
			s.input.Blur()
			return nil
		case "enter":
			line, id := s.input.Value(), s.user.ID
			return ask(s, func() (sshKeysDone, error) {
				k, err := st.AddSSHKey(sess, id, line)
				return sshKeysDone("Clé ajoutée : " + k.Fingerprint), err
			})
		}
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(msg)
		s.err = ""
		return cmd
	}
	switch {
	case key.Matches(msg, s.back):
		if s.target != 0 && len(s.users) > 1 {
			s.target, s.info, s.err = 0, "", ""
			s.tbl.SetLen(s.count())
			return nil
		}
		return closeScreen(s)
	case s.target == 0 && key.Matches(msg, s.open) && s.tbl.Selected() >= 0:
		s.user = s.users[s.tbl.Selected()]
		s.target = s.user.ID
		s.tbl.SetLen(s.count())
		s.tbl.SetCursor(0)
	case s.target != 0 && key.Matches(msg, s.add):
		s.adding, s.info, s.err = true, "", ""
		return s.input.Focus()
	case s.target != 0 && key.Matches(msg, s.remove) && s.tbl.Selected() >= 0:
		k := s.user.SSHKeys[s.tbl.Selected()]
		s.confirm = NewConfirm(s.c.Styles, "Retirer cette clé ? (o/n)", k.Fingerprint+keyLabel(k), "Elle ne permettra plus de se connecter.")
	default:
		s.tbl.Move(msg)
	}
	return nil
}

func keyLabel(k model.SSHKey) string {
	if k.Name == "" {
		return ""
	}
	return " · " + model.StripControl(k.Name)
}

func (s *sshKeysScreen) View() string {
	st := s.c.Styles
	if s.confirm != nil {
		return s.confirm.View(s.width)
	}
	lines := []string{""}
	if !s.loaded {
		return strings.Join(append(lines, "  "+st.Muted.Render("chargement…")), "\n")
	}
	if s.target == 0 {
		lines = append(lines, "  "+st.Title.Render("Clés SSH : choisissez le responsable"), "")
		s.tbl.SetHeight(max(s.height-len(lines)-1, 1))
		for _, i := range s.tbl.Window() {
			u := s.users[i]
			line := fit(fmt.Sprintf("%-14s %s %s · %d clé(s)", model.StripControl(u.Username), model.StripControl(u.FirstName), model.StripControl(u.LastName), len(u.SSHKeys)), max(s.width-4, 1))
			if i == s.tbl.Selected() {
				line = st.Selected.Render(line)
			}
			lines = append(lines, "  "+line)
		}
		return strings.Join(lines, "\n")
	}
	lines = append(lines, "  "+st.Title.Render("Clés SSH de "+model.StripControl(s.user.Username)),
		"  "+st.Muted.Render(fit("Elles ouvrent une session de « fichier serve » sans mot de passe.", max(s.width-4, 1))), "")
	if len(s.user.SSHKeys) == 0 {
		lines = append(lines, "  "+st.Muted.Render("Aucune clé : a pour en ajouter une."))
	}
	for i, k := range s.user.SSHKeys {
		line := fit(k.Fingerprint+keyLabel(k)+" · ajoutée le "+dateTime(k.AddedAt)+" par "+model.StripControl(k.AddedBy), max(s.width-4, 1))
		if i == s.tbl.Selected() && !s.adding {
			line = st.Selected.Render(line)
		}
		lines = append(lines, "  "+line)
	}
	if s.adding {
		lines = append(lines, "", "  "+st.Label.Render("Collez la clé publique (fichier .pub), puis entrée :"), "  "+s.input.View())
	}
	if s.err != "" {
		lines = append(lines, "", "  "+st.Error.Render(fit(s.err, max(s.width-4, 1))))
	} else if s.info != "" {
		lines = append(lines, "", "  "+st.Success.Render(fit(s.info, max(s.width-4, 1))))
	}
	return strings.Join(lines, "\n")
}
