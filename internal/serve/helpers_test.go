package serve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"fichier/model"
	"fichier/model/demo"
	"fichier/store"
)

// fixture is a served demo file with two responsables: amartin (national,
// every right) and broux (one section, création et modification), each
// with an SSH key.
type fixture struct {
	st      *store.Store
	srv     *Server
	addr    string
	path    string
	log     *syncBuffer
	keys    map[string]gossh.Signer
	section model.Unit
	bruno   model.User
}

const (
	adminPassword = "correct-horse-battery"
	brunoPassword = "bonne-clef-de-bruno"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newFixture(t testing.TB, people int, cfg Config) *fixture {
	t.Helper()
	f := &fixture{path: filepath.Join(t.TempDir(), "fichier.db"), log: &syncBuffer{}, keys: map[string]gossh.Signer{}}
	st, err := store.Open(f.path, store.Options{NoSync: true, PasswordCost: 1024, Sleep: func(time.Duration) {}})
	if err != nil {
		t.Fatal(err)
	}
	f.st = st
	sys := st.SystemSession("test")
	gen := demo.New(demo.Config{People: people, Seed: 7})
	units := gen.Units()
	if _, err := st.LoadDemo(sys, units, gen.Next, nil); err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Level == model.LevelSection {
			f.section = u
			break
		}
	}
	admin, err := st.CreateFirstUser(store.UserSpec{FirstName: "Anne", LastName: "Martin", Password: adminPassword})
	if err != nil {
		t.Fatal(err)
	}
	bruno, _, err := st.CreateUser(sys, store.UserSpec{FirstName: "Bruno", LastName: "Roux", Scope: f.section.Path, Rights: model.RightWrite, Password: "provisoire-123456"})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := st.Login(bruno.Username, "provisoire-123456")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ChangePassword(sess, "provisoire-123456", brunoPassword); err != nil {
		t.Fatal(err)
	}
	f.bruno = bruno
	for _, u := range []model.User{admin, bruno} {
		k := newSigner(t)
		f.keys[u.Username] = k
		if _, err := st.AddSSHKey(sys, u.ID, string(gossh.MarshalAuthorizedKey(k.PublicKey()))); err != nil {
			t.Fatal(err)
		}
	}
	if cfg.Grace == 0 {
		cfg.Grace = 3 * time.Second
	}
	cfg.HostKeyPath = filepath.Join(t.TempDir(), "hostkey")
	cfg.Log = f.log
	f.srv, err = New(st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr = ln.Addr().String()
	served := make(chan struct{})
	go func() { defer close(served); _ = f.srv.Serve(ln) }()
	t.Cleanup(func() {
		f.srv.Shutdown()
		<-served
		st.Close()
	})
	return f
}

func (f *fixture) dial(user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", f.addr, &gossh.ClientConfig{
		User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
	})
}

func password(pw string) gossh.AuthMethod {
	return gossh.KeyboardInteractive(func(user, instruction string, questions []string, echos []bool) ([]string, error) {
		out := make([]string, len(questions))
		for i := range out {
			out[i] = pw
		}
		return out, nil
	})
}

// term is an SSH session with a terminal, whose output is kept for reading.
type term struct {
	t    testing.TB
	cl   *gossh.Client
	sess *gossh.Session
	in   io.WriteCloser

	mu      sync.Mutex
	out     bytes.Buffer
	mark    int // waitFor reads from here on
	arrived chan struct{}
	closed  bool
}

func (f *fixture) open(t testing.TB, user string, auth ...gossh.AuthMethod) *term {
	t.Helper()
	if len(auth) == 0 {
		auth = []gossh.AuthMethod{gossh.PublicKeys(f.keys[user])}
	}
	cl, err := f.dial(user, auth...)
	if err != nil {
		t.Fatalf("dial %s: %v", user, err)
	}
	tm, err := startTerm(t, cl)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func startTerm(t testing.TB, cl *gossh.Client) (*term, error) {
	sess, err := cl.NewSession()
	if err != nil {
		return nil, err
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		return nil, err
	}
	in, err := sess.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		return nil, err
	}
	tm := &term{t: t, cl: cl, sess: sess, in: in, arrived: make(chan struct{}, 1)}
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			if bytes.Contains(buf[:n], []byte("\x1b[c")) {
				// Answer the terminal queries as a terminal does (dark
				// background, primary device attributes).
				_, _ = in.Write([]byte("\x1b]11;rgb:0000/0000/0000\x07\x1b[?62;22c"))
			}
			tm.mu.Lock()
			tm.out.Write(buf[:n])
			if err != nil {
				tm.closed = true
			}
			tm.mu.Unlock()
			select {
			case tm.arrived <- struct{}{}:
			default:
			}
			if err != nil {
				return
			}
		}
	}()
	if err := sess.Shell(); err != nil {
		return nil, err
	}
	t.Cleanup(func() { cl.Close() })
	return tm, nil
}

func (tm *term) send(s string) {
	tm.t.Helper()
	if _, err := tm.in.Write([]byte(s)); err != nil {
		tm.t.Errorf("send %q: %v", s, err)
	}
}

// text is what arrived since the last mark, without escape sequences.
func (tm *term) text() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return ansi.Strip(string(tm.out.Bytes()[tm.mark:]))
}

// markNow makes later waits look only at what arrives from now on.
func (tm *term) markNow() {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	tm.mark = tm.out.Len()
}

// waitFor waits until s arrives (after the mark); it returns false after timeout.
func (tm *term) waitFor(s string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		if strings.Contains(tm.text(), s) {
			return true
		}
		tm.mu.Lock()
		closed := tm.closed
		tm.mu.Unlock()
		if closed || time.Now().After(deadline) {
			return strings.Contains(tm.text(), s)
		}
		select {
		case <-tm.arrived:
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// waitAny waits for the first of texts to arrive; "" after timeout.
func (tm *term) waitAny(timeout time.Duration, texts ...string) string {
	deadline := time.Now().Add(timeout)
	for {
		txt := tm.text()
		for _, s := range texts {
			if strings.Contains(txt, s) {
				return s
			}
		}
		if time.Now().After(deadline) {
			return ""
		}
		select {
		case <-tm.arrived:
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (tm *term) expect(s string) {
	tm.t.Helper()
	if !tm.waitFor(s, 10*time.Second) {
		tm.t.Fatalf("waiting for %q; got:\n%s", s, lastChars(tm.text(), 1500))
	}
}

// waitClosed waits for the server to end the session.
func (tm *term) waitClosed(timeout time.Duration) bool {
	done := make(chan struct{})
	go func() { _ = tm.sess.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(timeout):
		return false
	}
}

func lastChars(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
