//go:build !windows

package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// TestServeOverSSH: `fichier serve` with the real OpenSSH client in tmux —
// two organisers by key, a fiche edited in one appears in the other's
// list; a wrong key and a wrong password are refused; a key offered for
// another account then a password logs in as the password's owner only;
// a local open is told to use ssh; SIGTERM, then `fichier check`.
func TestServeOverSSH(t *testing.T) {
	var target model.Person
	w := newSSHWorld(t, func(w *sshWorld, st *store.Store, sys, _ *store.Session) {
		// A fiche of Bruno's section with a name found once.
		q, _ := query.Parse(`section:"` + w.section.Name + `" type:contact`)
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
	})
	db := w.db
	srv := w.serve(t)
	if !strings.Contains(srv.out(), "SHA256:") {
		t.Errorf("no host key fingerprint:\n%s", srv.out())
	}
	if fi, err := os.Stat(db + ".ssh_host_ed25519_key"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("host key: %v %v", fi, err)
	}

	// A local open of the served file says so, with the ssh line.
	out, ok := run(t, nil, "check", "--db", db)
	if ok || !strings.Contains(out, "fichier serve") || !strings.Contains(out, srv.sshLine()) {
		t.Errorf("check while serving:\n%s", out)
	}

	// Refused: an unknown key; a wrong password.
	wrongKey := exec.Command("sh", "-c", srv.ssh("inconnue", "amartin", "-o", "BatchMode=yes", "-o", "PreferredAuthentications=publickey")+" true")
	if out, err := wrongKey.CombinedOutput(); err == nil || !strings.Contains(string(out), "Permission denied") {
		t.Errorf("unknown key: %v %s", err, out)
	}
	bad := newTmuxShell(t, srv.ssh("inconnue", "amartin", "-o", "PreferredAuthentications=keyboard-interactive", "-o", "NumberOfPasswordPrompts=1"))
	bad.waitText("Mot de passe")
	bad.text("pas-le-bon-mot-de-passe")
	bad.keys("Enter")
	bad.waitText("Permission denied")

	// Bruno by key watches for a name that does not exist yet.
	bruno := newTmuxShell(t, srv.ssh("bruno", "broux"))
	bruno.waitText("broux")
	bruno.keys("1")
	bruno.waitText("fiches")
	bruno.keys("/")
	bruno.text("zebulon")
	bruno.waitFor("no result", func(s string) bool { return strings.Contains(s, "0 / ") })

	// Anne by key renames the fiche of Bruno's section.
	anne := newTmuxShell(t, srv.ssh("anne", "amartin"))
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
	anne.tabTo("▸ Nom ")
	anne.keys("C-u")
	anne.text("Zébulon")
	anne.keys("C-s")
	anne.waitText("Fiche enregistrée")

	// Bruno sees it without pressing anything.
	bruno.waitText("ZÉBULON")

	// A key of Anne's offered for Bruno's account, then Bruno's password:
	// the session is Bruno's only.
	mixed := newTmuxShell(t, srv.ssh("anne", "broux", "-o", "PreferredAuthentications=publickey,keyboard-interactive"))
	mixed.waitText("Mot de passe")
	mixed.text(brunoPassword)
	mixed.keys("Enter")
	s := mixed.waitText("broux · écriture")
	if strings.Contains(s, "amartin") {
		t.Errorf("Anne's identity in Bruno's password session:\n%s", s)
	}

	// SIGTERM: sessions are told, the server stops, the file is sound.
	srv.terminate()
	bruno.waitText("le serveur fichier s'arrête")
	srv.wait()
	log := srv.log()
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
	st, sys := openFile(t, db, store.Options{ReadOnly: true})
	defer st.Close()
	p, err := st.Get(sys, target.ID)
	if err != nil || !strings.EqualFold(p.LastName, "Zébulon") {
		t.Errorf("the rename is not in the file: %q %v", p.LastName, err)
	}
}
