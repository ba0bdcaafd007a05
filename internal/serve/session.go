package serve

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"fichier/model"
	"fichier/store"
	"fichier/ui"
)

// conn is one logged-in SSH session.
type conn struct {
	ss     ssh.Session
	sess   *store.Session
	user   string
	from   string
	method string
	since  time.Time

	mu      sync.Mutex
	program *tea.Program
	app     *ui.App
	why     string // why the session ended, told to the user at the end
	ended   bool
}

type connKey struct{}

func (c *conn) setProgram(p *tea.Program, app *ui.App) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.program, c.app = p, app
}

// send delivers msg to the session's program without blocking the caller.
func (c *conn) send(msg tea.Msg) {
	c.mu.Lock()
	p := c.program
	c.mu.Unlock()
	if p != nil {
		go p.Send(msg)
	}
}

// end closes the session now, saying why; the connection is cut a little
// later if the program does not stop by itself.
func (c *conn) end(why string) {
	c.mu.Lock()
	if c.ended {
		c.mu.Unlock()
		return
	}
	c.ended = true
	c.mu.Unlock()
	c.send(endMsg{why: why})
	time.AfterFunc(3*time.Second, func() { _ = c.ss.Close() })
}

func (c *conn) setWhy(why string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.why == "" {
		c.why = why
	}
}

func (c *conn) reason() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.why
}

// identify decides who the completed authentication logged in, refuses
// anyone else before anything is drawn, registers the session (Connectés,
// journal, log) for its whole life, and says at the end why it ended.
func (s *Server) identify(next ssh.Handler) ssh.Handler {
	return func(ss ssh.Session) {
		s.wg.Add(1)
		defer s.wg.Done()
		from := ss.RemoteAddr().String()
		if s.closing.Load() {
			wish.Fatalln(ss, "fichier : le serveur s'arrête, reconnectez-vous plus tard.")
			return
		}
		sess, method, err := s.authenticated(ss)
		if err != nil {
			s.logf("refus : %s depuis %s (%s)", s.knownName(ss.User()), from, err)
			wish.Fatalln(ss, "fichier : accès refusé ("+err.Error()+").")
			return
		}
		u, _ := sess.User()
		c := &conn{ss: ss, sess: sess, user: u.Username, from: from, method: method, since: s.cfg.Now()}
		ss.Context().SetValue(connKey{}, c)
		_, release := s.st.Connect(sess, from, method)
		s.mu.Lock()
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		s.logf("connexion : %s depuis %s (%s)", c.user, from, method)

		next(ss)

		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.mu.Lock()
		app := c.app
		c.mu.Unlock()
		if app != nil {
			app.Close()
		}
		release()
		s.logf("déconnexion : %s depuis %s, après %s", c.user, from, s.cfg.Now().Sub(c.since).Round(time.Second))
		if why := c.reason(); why != "" {
			_, _ = fmt.Fprintf(ss, "%s\r\n", why)
		}
		_ = ss.Exit(0)
	}
}

// commandOrTerminal runs the one command the server knows (« sauvegarde »:
// a hot backup written to the SSH output, with the user's rights), and
// closes a session without a terminal with one line.
func (s *Server) commandOrTerminal(next ssh.Handler) ssh.Handler {
	return func(ss ssh.Session) {
		if cmd := ss.Command(); len(cmd) > 0 {
			c, _ := ss.Context().Value(connKey{}).(*conn)
			if len(cmd) != 1 || cmd[0] != "sauvegarde" || c == nil {
				wish.Fatalln(ss, "fichier serve : commande inconnue ; « sauvegarde » (ssh … sauvegarde > copie.db), ou aucune pour l'application.")
				return
			}
			n, err := s.st.BackupTo(c.sess, ss, "ssh sauvegarde, "+c.user+" depuis "+c.from)
			if err != nil {
				wish.Fatalln(ss, "fichier serve : "+err.Error())
				return
			}
			s.logf("sauvegarde : %s depuis %s, %d octets", c.user, c.from, n)
			return
		}
		if _, _, ok := ss.Pty(); !ok {
			wish.Fatalln(ss, "fichier a besoin d'un terminal : connectez-vous avec « ssh -t » et sans commande.")
			return
		}
		next(ss)
	}
}

// program builds the session's own app: its renderer (colour profile of
// the client's terminal), its styles, its screens, on the shared store.
func (s *Server) program(ss ssh.Session) *tea.Program {
	c, _ := ss.Context().Value(connKey{}).(*conn)
	if c == nil {
		return nil
	}
	r := bm.MakeRenderer(ss)
	for _, e := range ss.Environ() {
		if strings.HasPrefix(e, "NO_COLOR=") {
			r.SetColorProfile(termenv.Ascii)
		}
	}
	start := c.sess
	if _, totp := c.sess.NeedsSetup(); totp {
		// A required second factor to enrol: the app's login screen walks
		// through it (password again, then the QR code); identity is
		// checked by the session model.
		start = nil
	}
	app := ui.NewApp(s.st, start, ui.NewStyles(r))
	m := newSessionModel(app, c, s.cfg)
	p := tea.NewProgram(m, append([]tea.ProgramOption{tea.WithAltScreen(), tea.WithoutSignalHandler()}, bm.MakeOptions(ss)...)...)
	c.setProgram(p, app)
	return p
}

// Messages the server sends to a session.
type (
	shutdownMsg struct{ deadline time.Time }
	endMsg      struct{ why string }
	tickMsg     struct{}
)

// sessionModel wraps one session's app with what only the server knows:
// idle time, shutdown, and the end of the session (a logout ends the SSH
// connection: logging in again goes through SSH).
type sessionModel struct {
	app *ui.App
	c   *conn
	cfg Config

	width     int
	lastInput time.Time
	deadline  time.Time // shutdown: quit by then
	notice    string    // warning drawn over the help line
	quitting  bool
}

func newSessionModel(app *ui.App, c *conn, cfg Config) *sessionModel {
	return &sessionModel{app: app, c: c, cfg: cfg, width: 80, lastInput: cfg.Now()}
}

func (m *sessionModel) tickEvery() time.Duration {
	return min(max(m.cfg.IdleWarning/4, 100*time.Millisecond), 5*time.Second)
}

func (m *sessionModel) tick(d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return tickMsg{} })
}

func (m *sessionModel) Init() tea.Cmd { return tea.Batch(m.app.Init(), m.tick(m.tickEvery())) }

func (m *sessionModel) quit(why string) (tea.Model, tea.Cmd) {
	m.c.setWhy(why)
	m.quitting = true
	return m, tea.Quit
}

func (m *sessionModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.quitting {
		return m, nil
	}
	now := m.cfg.Now()
	if k, ok := msg.(tea.KeyMsg); ok && len(k.Runes) > 0 {
		// bubbletea hands every program the same rune slices for some keys
		// and bubbles' text fields sanitize them in place: with several
		// programs in one process, each gets its own copy.
		k.Runes = slices.Clone(k.Runes)
		msg = k
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width = msg.Width
	case tea.KeyMsg, tea.MouseMsg:
		m.lastInput = now
		if m.deadline.IsZero() {
			m.notice = ""
		}
	case endMsg:
		return m.quit(msg.why)
	case shutdownMsg:
		if !m.app.Unsaved() {
			return m.quit("Session fermée : le serveur fichier s'arrête. Rien de ce qui était enregistré n'est perdu.")
		}
		m.deadline = msg.deadline
		m.noticeShutdown(now)
		return m, m.tick(200 * time.Millisecond)
	case tickMsg:
		return m.ticked(now)
	}
	wasIn := m.app.LoggedIn()
	_, cmd := m.app.Update(msg)
	if !wasIn && m.app.LoggedIn() {
		if u, err := m.app.Common().Session.User(); err != nil || u.Username != m.c.user {
			return m.quit("Session fermée : connectez-vous ici avec le compte de votre connexion SSH (" + m.c.user + ").")
		}
	}
	if wasIn && !m.app.LoggedIn() {
		why := "Vous êtes déconnecté."
		if _, err := m.c.sess.User(); err != nil {
			why = endedWhy(err)
		}
		return m.quit(why)
	}
	if !m.deadline.IsZero() && !m.app.Unsaved() {
		return m.quit("Session fermée : le serveur fichier s'arrête ; vos modifications sont enregistrées.")
	}
	return m, cmd
}

func (m *sessionModel) noticeShutdown(now time.Time) {
	left := max(m.deadline.Sub(now).Round(time.Second), 0)
	m.notice = fmt.Sprintf(" Le serveur s'arrête dans %s : enregistrez maintenant (ctrl+s) — sinon vos modifications seront perdues.", left)
}

func (m *sessionModel) ticked(now time.Time) (tea.Model, tea.Cmd) {
	if !m.deadline.IsZero() {
		if !now.Before(m.deadline) || !m.app.Unsaved() {
			return m.quit("Session fermée : le serveur fichier s'arrête.")
		}
		m.noticeShutdown(now)
		return m, m.tick(200 * time.Millisecond)
	}
	if _, err := m.c.sess.User(); err != nil {
		// The account was reset or disabled and the store's event did not
		// reach us (a busy subscriber misses events): end now anyway.
		return m.quit(endedWhy(err))
	}
	idle := now.Sub(m.lastInput)
	switch {
	case idle >= m.cfg.Idle:
		return m.quit(fmt.Sprintf("Session fermée après %s sans activité.", m.cfg.Idle))
	case idle >= m.cfg.Idle-m.cfg.IdleWarning:
		left := (m.cfg.Idle - idle).Round(time.Second)
		m.notice = fmt.Sprintf(" Inactif : session fermée dans %s — appuyez sur une touche pour rester.", left)
	}
	return m, m.tick(m.tickEvery())
}

func (m *sessionModel) View() string {
	if m.quitting {
		return ""
	}
	v := m.app.View()
	if m.notice == "" {
		return v
	}
	i := strings.LastIndexByte(v, '\n')
	styles := m.app.Common().Styles
	line := styles.Warning.Render(fitWidth(m.notice, m.width))
	if i < 0 {
		return line
	}
	return v[:i+1] + line
}

// cleanName is a username as typed, safe for the log and the prompts.
func cleanName(s string) string {
	s = model.StripControl(s)
	if len(s) > 64 {
		s = s[:64]
	}
	return s
}

// fitWidth cuts a line to width cells.
func fitWidth(s string, width int) string {
	return ansi.Truncate(s, max(width, 1), "…")
}
