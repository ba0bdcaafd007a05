//go:build !windows

package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
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

// TestServeOverSSH: `fichier serve` with the real OpenSSH client in tmux —
// two organisers by key, a fiche edited in one appears in the other's
// list; a wrong key and a wrong password are refused; a key offered for
// another account then a password logs in as the password's owner only;
// a local open is told to use ssh; SIGTERM, then `fichier check`.
func TestServeOverSSH(t *testing.T) {
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Fatal("the OpenSSH client is required for this test (.ci/run installs it)")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "section.db")
	if out, ok := run(t, []string{"FICHIER_PASSWORD=demo-secret-123"}, "demo", "--db", db, "--people", "2000", "--no-ui"); !ok {
		t.Fatal(out)
	}
	// A section responsable, keys for both.
	annePub, brunoPub := sshKeygen(t, filepath.Join(dir, "anne")), sshKeygen(t, filepath.Join(dir, "bruno"))
	sshKeygen(t, filepath.Join(dir, "inconnue"))
	const brunoPw = "bonne-clef-de-bruno"
	var section model.Unit
	var target model.Person
	func() {
		st, err := store.Open(db, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		sys := st.SystemSession("test")
		units, _ := st.Units(sys)
		for _, u := range units {
			if u.Level == model.LevelSection {
				section = u
				break
			}
		}
		bruno, _, err := st.CreateUser(sys, store.UserSpec{FirstName: "Bruno", LastName: "Roux", Scope: section.Path, Rights: model.RightWrite, Password: "provisoire-123456"})
		if err != nil {
			t.Fatal(err)
		}
		sess, err := st.Login(bruno.Username, "provisoire-123456")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.ChangePassword(sess, "provisoire-123456", brunoPw); err != nil {
			t.Fatal(err)
		}
		anne, _ := st.Users(sys)
		for _, u := range anne {
			pub := annePub
			if u.Username == "broux" {
				pub = brunoPub
			}
			if _, err := st.AddSSHKey(sys, u.ID, pub); err != nil {
				t.Fatal(err)
			}
		}
		// A fiche of Bruno's section with a name found once.
		q, _ := query.Parse(`section:"` + section.Name + `" type:contact`)
		res, _ := st.Search(sys, q, store.SortName)
		for _, id := range res.IDs {
			p, _ := st.Get(sys, id)
			q2, _ := query.Parse(p.FirstName + " " + p.LastName)
			if r2, _ := st.Search(sys, q2, store.SortName); len(r2.IDs) == 1 {
				target = p
				break
			}
		}
		if target.ID == 0 {
			t.Fatal("no fiche with a unique name in the section")
		}
	}()

	port := freePort(t)
	srvOut, srvErr := &lockedBuffer{}, &lockedBuffer{}
	srv := exec.Command(binary, "serve", "--db", db, "--listen", fmt.Sprintf("127.0.0.1:%d", port))
	srv.Env = append(os.Environ(), "FICHIER_DB=")
	srv.Stdout, srv.Stderr = srvOut, srvErr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Process.Kill() })
	sshLine := fmt.Sprintf("ssh -p %d VOTRE-IDENTIFIANT@127.0.0.1", port)
	for deadline := time.Now().Add(15 * time.Second); !strings.Contains(srvOut.String(), sshLine); {
		if time.Now().After(deadline) {
			t.Fatalf("server did not start:\n%s\n%s", srvOut.String(), srvErr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(srvOut.String(), "SHA256:") {
		t.Errorf("no host key fingerprint:\n%s", srvOut.String())
	}
	if fi, err := os.Stat(db + ".ssh_host_ed25519_key"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("host key: %v %v", fi, err)
	}

	// A local open of the served file says so, with the ssh line.
	out, ok := run(t, nil, "check", "--db", db)
	if ok || !strings.Contains(out, "fichier serve") || !strings.Contains(out, sshLine) {
		t.Errorf("check while serving:\n%s", out)
	}

	sshArgs := func(key, user string, extra ...string) string {
		args := []string{"ssh", "-p", fmt.Sprint(port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
			"-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-i", filepath.Join(dir, key)}
		args = append(args, extra...)
		return strings.Join(append(args, user+"@127.0.0.1"), " ")
	}
	env := []string{"TERM=xterm-256color"}

	// Refused: an unknown key; a wrong password.
	wrongKey := exec.Command("sh", "-c", sshArgs("inconnue", "amartin", "-o", "BatchMode=yes", "-o", "PreferredAuthentications=publickey")+" true")
	if out, err := wrongKey.CombinedOutput(); err == nil || !strings.Contains(string(out), "Permission denied") {
		t.Errorf("unknown key: %v %s", err, out)
	}
	bad := newTmuxShell(t, env, sshArgs("inconnue", "amartin", "-o", "PreferredAuthentications=keyboard-interactive", "-o", "NumberOfPasswordPrompts=1"))
	bad.waitText("Mot de passe")
	bad.text("pas-le-bon-mot-de-passe")
	bad.keys("Enter")
	bad.waitText("Permission denied")

	// Bruno by key watches for a name that does not exist yet.
	bruno := newTmuxShell(t, env, sshArgs("bruno", "broux"))
	bruno.waitText("broux")
	bruno.keys("1")
	bruno.waitText("fiches")
	bruno.keys("/")
	bruno.text("zebulon")
	bruno.waitFor("no result", func(s string) bool { return strings.Contains(s, "0 / ") })

	// Anne by key renames the fiche of Bruno's section.
	anne := newTmuxShell(t, env, sshArgs("anne", "amartin"))
	anne.waitText("amartin")
	anne.keys("1")
	anne.waitText("fiches")
	anne.keys("/")
	anne.text(model.Fold(target.FirstName + " " + target.LastName))
	anne.waitFor("one result", func(s string) bool { return strings.Contains(s, "1 / ") })
	anne.keys("Enter")
	anne.keys("Enter")
	anne.waitText("e modifier")
	anne.keys("e")
	anne.waitText("▸ Type de fiche")
	for i := 2; i < 20 && !strings.Contains(anne.screen(), "▸ Nom "); i++ {
		anne.keys("Tab")
		anne.waitText(fmt.Sprintf("champ %d/", i))
	}
	anne.keys("C-u")
	anne.text("Zébulon")
	anne.keys("C-s")
	anne.waitText("Fiche enregistrée")

	// Bruno sees it without pressing anything.
	bruno.waitText("ZÉBULON")

	// A key of Anne's offered for Bruno's account, then Bruno's password:
	// the session is Bruno's only.
	mixed := newTmuxShell(t, env, sshArgs("anne", "broux", "-o", "PreferredAuthentications=publickey,keyboard-interactive"))
	mixed.waitText("Mot de passe")
	mixed.text(brunoPw)
	mixed.keys("Enter")
	s := mixed.waitText("broux · écriture")
	if strings.Contains(s, "amartin") {
		t.Errorf("Anne's identity in Bruno's password session:\n%s", s)
	}

	// SIGTERM: sessions are told, the server stops, the file is sound.
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	bruno.waitText("le serveur fichier s'arrête")
	done := make(chan error, 1)
	go func() { done <- srv.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("server exit: %v\n%s", err, srvErr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop")
	}
	log := srvErr.String()
	for _, want := range []string{"connexion : broux depuis 127.0.0.1", "connexion : amartin", "échec de connexion : amartin", "déconnexion : broux"} {
		if !strings.Contains(log, want) {
			t.Errorf("server log lacks %q:\n%s", want, log)
		}
	}
	if _, err := os.Stat(store.ServeInfoPath(db)); !os.IsNotExist(err) {
		t.Errorf("serve note left behind: %v", err)
	}
	if out, ok := run(t, nil, "check", "--db", db); !ok {
		t.Fatalf("check after the server:\n%s", out)
	}
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := st.Get(st.SystemSession("test"), target.ID)
	if err != nil || !strings.EqualFold(p.LastName, "Zébulon") {
		t.Errorf("the rename is not in the file: %q %v", p.LastName, err)
	}
}
