//go:build !windows

package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"fichier/model"
	"fichier/store"
)

// The end-to-end tests' drivers: the built binary in a real terminal
// (tmux), and `fichier serve` reached with the real OpenSSH client.

// tmuxTerm drives a program in a real terminal: tmux at 80×24, send-keys to
// type, capture-pane to read the screen.
type tmuxTerm struct {
	t      *testing.T
	socket string
}

// newApp runs the built binary with args in a fresh tmux at 80×24.
func newApp(t *testing.T, args ...string) *tmuxTerm {
	t.Helper()
	cmdline := binary
	for _, a := range args {
		cmdline += " '" + a + "'"
	}
	return newTmuxShell(t, cmdline)
}

// newTmuxShell runs a shell command line in a fresh tmux at 80×24, with a
// colour terminal told not to use colours.
func newTmuxShell(t *testing.T, cmdline string) *tmuxTerm {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is required for the end-to-end test (.ci/run installs it)")
	}
	// A socket of its own in a fresh directory: no clash with another tmux.
	sock, err := os.MkdirTemp("", "tmux-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(sock) })
	tm := &tmuxTerm{t: t, socket: filepath.Join(sock, "s")}
	// Keep the pane open after the program exits, to read its last words.
	tm.run("new-session", "-d", "-s", "e2e", "-x", "80", "-y", "24", "-e", "NO_COLOR=1", "-e", "TERM=xterm-256color",
		cmdline+"; echo FIN-DU-PROGRAMME; sleep 30")
	t.Cleanup(func() { exec.Command("tmux", "-S", tm.socket, "kill-server").Run() })
	return tm
}

func (tm *tmuxTerm) run(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (tm *tmuxTerm) screen() string { return tm.run("capture-pane", "-t", "e2e", "-p") }

// keys sends tmux key names (Enter, Tab, BTab, C-s, Escape …).
func (tm *tmuxTerm) keys(keys ...string) {
	tm.run(append([]string{"send-keys", "-t", "e2e"}, keys...)...)
}

// text types literal text.
func (tm *tmuxTerm) text(s string) { tm.run("send-keys", "-t", "e2e", "-l", s) }

// waitFor polls the screen until it matches, failing after 10 s.
func (tm *tmuxTerm) waitFor(what string, ok func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := tm.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("waiting for %s; screen:\n%s", what, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (tm *tmuxTerm) waitText(s string) string {
	tm.t.Helper()
	return tm.waitFor(fmt.Sprintf("%q", s), func(screen string) bool { return strings.Contains(screen, s) })
}

// quitWith presses key and waits for the program to end.
func (tm *tmuxTerm) quitWith(key string) {
	tm.t.Helper()
	tm.keys(key)
	tm.waitText("FIN-DU-PROGRAMME")
}

// tabTo moves the open form's focus to field ("▸ Mobile"), one tab at a
// time: after each, the field counter must move before the next.
func (tm *tmuxTerm) tabTo(field string) {
	tm.t.Helper()
	for i := 2; i < 40 && !strings.Contains(tm.screen(), field); i++ {
		tm.keys("Tab")
		tm.waitText(fmt.Sprintf("champ %d/", i))
	}
	tm.waitText(field)
}

// sshWorld is the file the SSH tests serve: a demo of 2 000 fiches
// (amartin, national, every right) with a section responsable, Bruno Roux
// (broux, write right on the first section, password brunoPassword), and
// in dir the key pairs "anne" (registered for every account but broux),
// "bruno" (for broux) and "inconnue" (for nobody).
type sshWorld struct {
	dir, db string
	section model.Unit
}

const brunoPassword = "bonne-clef-de-bruno"

// newSSHWorld makes the sshWorld; prepare, if set, adds what one test needs
// while the file is open (sys acts with every right, bruno as Bruno).
func newSSHWorld(t *testing.T, prepare func(w *sshWorld, st *store.Store, sys, bruno *store.Session)) *sshWorld {
	t.Helper()
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Fatal("the OpenSSH client is required for this test (.ci/run installs it)")
	}
	w := &sshWorld{dir: t.TempDir(), db: demoDB(t, 2000)}
	annePub, brunoPub := sshKeygen(t, filepath.Join(w.dir, "anne")), sshKeygen(t, filepath.Join(w.dir, "bruno"))
	sshKeygen(t, filepath.Join(w.dir, "inconnue"))
	st, sys := openFile(t, w.db, store.Options{})
	defer st.Close()
	units, _ := st.Units(sys)
	for _, u := range units {
		if u.Level == model.LevelSection {
			w.section = u
			break
		}
	}
	bruno, brunoSess := newResponsable(t, st, store.UserSpec{FirstName: "Bruno", LastName: "Roux", Scope: w.section.Path, Rights: model.RightWrite}, brunoPassword)
	users, _ := st.Users(sys)
	for _, u := range users {
		pub := annePub
		if u.Username == bruno.Username {
			pub = brunoPub
		}
		if _, err := st.AddSSHKey(sys, u.ID, pub); err != nil {
			t.Fatal(err)
		}
	}
	if prepare != nil {
		prepare(w, st, sys, brunoSess)
	}
	return w
}

// servedFile is `fichier serve` running on a file, on a free local port.
type servedFile struct {
	t    *testing.T
	w    *sshWorld
	cmd  *exec.Cmd
	port int
	// Its stdout and stderr (the connection log) go to these files, read
	// while it runs.
	outPath, logPath string
}

// serve starts `fichier serve` on the world's file and waits until it says
// how to connect.
func (w *sshWorld) serve(t *testing.T) *servedFile {
	t.Helper()
	dir := t.TempDir()
	s := &servedFile{t: t, w: w, port: freePort(t), outPath: filepath.Join(dir, "serve.out"), logPath: filepath.Join(dir, "serve.log")}
	s.cmd = exec.Command(binary, "serve", "--db", w.db, "--listen", fmt.Sprintf("127.0.0.1:%d", s.port))
	s.cmd.Env = append(os.Environ(), "FICHIER_DB=")
	s.cmd.Stdout, s.cmd.Stderr = createFile(t, s.outPath), createFile(t, s.logPath)
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.cmd.Process.Kill() })
	for deadline := time.Now().Add(15 * time.Second); !strings.Contains(s.out(), s.sshLine()); {
		if time.Now().After(deadline) {
			t.Fatalf("server did not start:\n%s\n%s", s.out(), s.log())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return s
}

// out is what the server has printed so far.
func (s *servedFile) out() string { return readFile(s.outPath) }

// log is the server's connection log so far.
func (s *servedFile) log() string { return readFile(s.logPath) }

// sshLine is the line the server prints for organisers to connect.
func (s *servedFile) sshLine() string {
	return fmt.Sprintf("ssh -p %d VOTRE-IDENTIFIANT@127.0.0.1", s.port)
}

// ssh is the OpenSSH command line that connects as user with the world's
// key pair named key (and only it), with extra options. These come first:
// OpenSSH keeps the first value given for an option (-o LogLevel=INFO
// shows what the server says beside its prompts).
func (s *servedFile) ssh(key, user string, extra ...string) string {
	args := append([]string{"ssh", "-p", fmt.Sprint(s.port)}, extra...)
	args = append(args, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-i", filepath.Join(s.w.dir, key))
	return strings.Join(append(args, user+"@127.0.0.1"), " ")
}

// terminate asks the server to stop, as systemd or ctrl+c would.
func (s *servedFile) terminate() {
	s.t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		s.t.Fatal(err)
	}
}

// wait waits up to 30 s for the server to end, and fails unless it ends well.
func (s *servedFile) wait() {
	s.t.Helper()
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			s.t.Fatalf("server exit: %v\n%s", err, s.log())
		}
	case <-time.After(30 * time.Second):
		s.t.Fatal("server did not stop")
	}
}

// createFile creates path for a process to write to, closed when the test
// ends.
func createFile(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func readFile(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func sshKeygen(t *testing.T, path string) string {
	t.Helper()
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", filepath.Base(path), "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	pub, err := os.ReadFile(path + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	return string(pub)
}
