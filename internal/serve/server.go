// Package serve is `fichier serve`: one process holds the file and serves
// the terminal app to every organiser over SSH (charmbracelet/wish). Each
// SSH session gets its own app (screens, size, colour profile, scope) on the
// one shared store, whose events keep every session's lists live.
//
// Who logs in is decided only once SSH authentication has completed: from
// the public key the completed authentication used, or from the session our
// own password check opened (never from a key merely offered during the
// probe — CVE-2023-43809).
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"fichier/store"
)

// Config tunes the server. The zero value serves on 127.0.0.1:2222.
type Config struct {
	Listen      string        // address; default 127.0.0.1:2222
	HostKeyPath string        // default: beside the file, PATH.ssh_host_ed25519_key
	Idle        time.Duration // close a session idle this long; default 30 min
	IdleWarning time.Duration // warn this long before; default 1 min (at most Idle/2)
	Grace       time.Duration // on shutdown, time given to unsaved forms; default 10 s
	Log         io.Writer     // connections log; default os.Stderr
	Now         func() time.Time
}

// DefaultListen is where the server listens unless told otherwise.
const DefaultListen = "127.0.0.1:2222"

// Server serves one store over SSH.
type Server struct {
	st  *store.Store
	cfg Config
	srv *ssh.Server
	fp  string // host key fingerprint

	logMu sync.Mutex

	mu      sync.Mutex
	conns   map[*conn]struct{}
	closing atomic.Bool
	wg      sync.WaitGroup // running session handlers

	pending sync.Map // token → pendingLogin: password logins awaiting their session

	stopEvents func()
}

// New prepares a server for st: loads (or creates, 0600) the host key.
func New(st *store.Store, cfg Config) (*Server, error) {
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.HostKeyPath == "" {
		cfg.HostKeyPath = st.Path() + ".ssh_host_ed25519_key"
	}
	if cfg.Idle <= 0 {
		cfg.Idle = 30 * time.Minute
	}
	if cfg.IdleWarning <= 0 {
		cfg.IdleWarning = time.Minute
	}
	cfg.IdleWarning = min(cfg.IdleWarning, cfg.Idle/2)
	if cfg.Grace <= 0 {
		cfg.Grace = 10 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = os.Stderr
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{st: st, cfg: cfg, conns: map[*conn]struct{}{}}
	srv, err := wish.NewServer(
		wish.WithAddress(cfg.Listen),
		wish.WithHostKeyPath(cfg.HostKeyPath),
		wish.WithPublicKeyAuth(s.publicKeyProbe),
		wish.WithKeyboardInteractiveAuth(s.keyboardInteractive),
		// The last runs first: identify, then a command or a terminal, then the app.
		wish.WithMiddleware(bm.MiddlewareWithProgramHandler(s.program, termenv.Ascii), s.commandOrTerminal, s.identify),
	)
	if err != nil {
		return nil, fmt.Errorf("clé d'hôte SSH %s : %w", cfg.HostKeyPath, err)
	}
	_ = os.Chmod(cfg.HostKeyPath, 0o600)
	_ = os.Chmod(cfg.HostKeyPath+".pub", 0o600)
	key, err := os.ReadFile(cfg.HostKeyPath)
	if err != nil {
		return nil, fmt.Errorf("clé d'hôte SSH illisible : %w", err)
	}
	signer, err := gossh.ParsePrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("clé d'hôte SSH %s illisible : %w", cfg.HostKeyPath, err)
	}
	s.fp = gossh.FingerprintSHA256(signer.PublicKey())
	s.srv = srv
	events, stop := st.Subscribe(nil)
	s.stopEvents = stop
	go s.watchAccounts(events)
	return s, nil
}

// Fingerprint is the host key's SHA256 fingerprint, to give organisers so
// they can check it on their first connection.
func (s *Server) Fingerprint() string { return s.fp }

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	err := s.srv.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) || s.closing.Load() {
		return nil
	}
	return err
}

// watchAccounts ends at once the sessions of an account disabled, reset or
// changed so that it may no longer work (the store says so).
func (s *Server) watchAccounts(events <-chan store.Event) {
	for range events {
		for _, c := range s.connections() {
			if _, err := c.sess.User(); err != nil {
				c.end(endedWhy(err))
			}
		}
	}
}

// endedWhy is the last line a responsable reads when the store no longer
// accepts their session (err from Session.User).
func endedWhy(err error) string {
	switch {
	case errors.Is(err, store.ErrDisabled):
		return "Session fermée : votre compte de responsable a été désactivé."
	case errors.Is(err, store.ErrAccessReset):
		return "Session fermée : " + store.ErrAccessReset.Error() + " ; reconnectez-vous."
	}
	return "Session fermée : " + err.Error() + "."
}

// Shutdown stops the server: no new connections; every session is told;
// sessions with unsaved changes get cfg.Grace to save; then every
// connection is closed. The caller closes the store afterwards.
func (s *Server) Shutdown() {
	if !s.closing.CompareAndSwap(false, true) {
		return
	}
	deadline := s.cfg.Now().Add(s.cfg.Grace)
	for _, c := range s.connections() {
		c.send(shutdownMsg{deadline: deadline})
	}
	limit := time.Now().Add(s.cfg.Grace + 3*time.Second)
	for time.Now().Before(limit) && len(s.connections()) > 0 {
		time.Sleep(50 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
	_ = s.srv.Close()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
	}
	s.stopEvents()
}

func (s *Server) connections() []*conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		out = append(out, c)
	}
	return out
}

// logf writes one line to the connections log.
func (s *Server) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.cfg.Log, "%s %s\n", s.cfg.Now().Format("2006-01-02 15:04:05"), fmt.Sprintf(format, args...))
}
