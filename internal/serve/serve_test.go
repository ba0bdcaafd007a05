package serve

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// Two sessions by key: each its own scope; a fiche saved in one appears in
// the other's list without any action.
func TestKeySessionsSeeEachOthersSaves(t *testing.T) {
	f := newFixture(t, 300, Config{})
	anne := f.open(t, "amartin")
	anne.expect("amartin")
	bruno := f.open(t, "broux")
	bruno.expect("broux")
	bruno.expect(f.section.Name) // his scope in the header

	// Bruno lists his section; Anne changes a fiche of it.
	bruno.send("1")
	bruno.expect("fiches")
	sys := f.st.SystemSession("test")
	q, _ := query.Parse("section:" + `"` + f.section.Name + `"`)
	res, err := f.st.Search(sys, q, store.SortName)
	if err != nil || len(res.IDs) == 0 {
		t.Fatalf("no fiche in the section: %v", err)
	}
	anne.send("1")
	anne.expect("fiches")
	p, _ := f.st.Get(sys, res.IDs[0])
	bruno.markNow()
	p.LastName = "Zzyzx-Enregistre"
	if _, err := f.st.Update(sys, p); err != nil {
		t.Fatal(err)
	}
	bruno.send("/zzyzx")
	bruno.expect("ZZYZX")
	if !strings.Contains(f.log.String(), "connexion : broux depuis 127.0.0.1") {
		t.Errorf("connection not logged:\n%s", f.log.String())
	}
	// « Connectés » on Anne's screen (palette).
	anne.send("\x1b")
	time.Sleep(100 * time.Millisecond)
	anne.markNow()
	anne.send("\x10")
	anne.expect("Commande")
	anne.send("Connect")
	time.Sleep(100 * time.Millisecond)
	anne.send("\r")
	anne.expect("broux")
	anne.expect("clé SSH")
	// « Clés SSH des responsables »: Bruno's key is listed.
	anne.send("\x1b")
	time.Sleep(100 * time.Millisecond)
	anne.markNow()
	anne.send("\x10")
	anne.send("Clés SSH des")
	time.Sleep(100 * time.Millisecond)
	anne.send("\r")
	anne.expect("1 clé(s)")

	// Connectés lists both for Anne (responsables right), not for Bruno.
	conns, err := f.st.Connected(mustLogin(t, f.st, "amartin", adminPassword))
	if err != nil || len(conns) != 2 {
		t.Errorf("Connected: %v %v", conns, err)
	}
	if _, err := f.st.Connected(mustLogin(t, f.st, "broux", brunoPassword)); !errors.Is(err, store.ErrForbidden) {
		t.Errorf("Connected without the responsables right: %v", err)
	}
}

func mustLogin(t *testing.T, st *store.Store, user, pw string) *store.Session {
	t.Helper()
	s, err := st.Login(user, pw)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Unknown keys and users, wrong passwords: refused before any UI.
func TestRefusedBeforeAnyUI(t *testing.T) {
	f := newFixture(t, 50, Config{})
	if _, err := f.dial("amartin", gossh.PublicKeys(newSigner(t))); err == nil {
		t.Error("an unknown key logged in")
	}
	if _, err := f.dial("amartin", gossh.PublicKeys(f.keys["broux"])); err == nil {
		t.Error("broux's key logged in as amartin")
	}
	if _, err := f.dial("personne", gossh.PublicKeys(f.keys["broux"])); err == nil {
		t.Error("unknown user logged in")
	}
	if _, err := f.dial("amartin", password("mauvais mot de passe")); err == nil {
		t.Error("wrong password logged in")
	}
	if !strings.Contains(f.log.String(), "échec de connexion : amartin") {
		t.Errorf("failed password not logged:\n%s", f.log.String())
	}
	j, _ := f.st.Journal(f.st.SystemSession("test"), store.JournalFilter{Action: model.ActionLoginFail})
	if len(j) == 0 {
		t.Error("failed password not journaled")
	}
}

// A key offered for another account, then a password: the session is the
// password owner's, never the key's (CVE-2023-43809).
func TestKeyOfferedThenPasswordOfAnother(t *testing.T) {
	f := newFixture(t, 50, Config{})
	cl, err := f.dial("broux", gossh.PublicKeys(f.keys["amartin"]), password(brunoPassword))
	if err != nil {
		t.Fatal(err)
	}
	tm, err := startTerm(t, cl)
	if err != nil {
		t.Fatal(err)
	}
	tm.expect("broux")
	if strings.Contains(tm.text(), "amartin") {
		t.Error("amartin's identity leaked into broux's session")
	}
	conns, _ := f.st.Connected(f.st.SystemSession("test"))
	if len(conns) != 1 || conns[0].Username != "broux" || conns[0].Method != "mot de passe" {
		t.Errorf("connected as %+v", conns)
	}
}

// No terminal: one line, then closed.
func TestNoTerminal(t *testing.T) {
	f := newFixture(t, 50, Config{})
	out, err := f.command(t, "amartin", "", true)
	if err == nil || !strings.Contains(string(out), "besoin d'un terminal") {
		t.Errorf("no-PTY session: %q %v", out, err)
	}
}

// command runs cmd without a terminal as user (by key); with stderr, its
// output includes the error stream.
func (f *fixture) command(t *testing.T, user, cmd string, stderr bool) ([]byte, error) {
	t.Helper()
	cl, err := f.dial(user, gossh.PublicKeys(f.keys[user]))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	s, err := cl.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if stderr {
		return s.CombinedOutput(cmd)
	}
	return s.Output(cmd)
}

// Disabling a responsable ends their open session at once.
func TestDisableEndsSession(t *testing.T) {
	f := newFixture(t, 50, Config{})
	bruno := f.open(t, "broux")
	bruno.expect("broux")
	if _, err := f.st.SetUserDisabled(f.st.SystemSession("test"), f.bruno.ID, true); err != nil {
		t.Fatal(err)
	}
	bruno.expect("désactivé")
	if !bruno.waitClosed(5 * time.Second) {
		t.Error("the disabled responsable's session is still open")
	}
}

// Idle sessions are warned, then closed.
func TestIdleTimeout(t *testing.T) {
	f := newFixture(t, 50, Config{Idle: 2 * time.Second, IdleWarning: time.Second})
	tm := f.open(t, "amartin")
	tm.expect("Inactif")
	tm.expect("sans activité")
	if !tm.waitClosed(5 * time.Second) {
		t.Error("idle session not closed")
	}
}

// Shutdown: a form with unsaved changes is told and may still save; the
// save is in the file.
func TestShutdownGivesUnsavedFormsALastChance(t *testing.T) {
	f := newFixture(t, 50, Config{Grace: 5 * time.Second})
	tm := f.open(t, "amartin")
	tm.expect("amartin")
	tm.send("1")
	tm.expect("fiches")
	time.Sleep(200 * time.Millisecond)
	tm.send("\r") // open the first fiche
	tm.expect("Fiche ")
	tm.send("e")
	tm.expect("Type de fiche")
	tm.send("\x1b[Z") // shift+tab: to the notes
	tm.expect("Notes")
	tm.send("dernier-mot")
	time.Sleep(200 * time.Millisecond)
	done := make(chan struct{})
	go func() { f.srv.Shutdown(); close(done) }()
	tm.expect("Le serveur s'arrête")
	tm.send("\x13") // ctrl+s
	tm.expect("enregistrées")
	<-done
	sys := f.st.SystemSession("test")
	q, _ := query.Parse("")
	res, _ := f.st.Search(sys, q, store.SortName)
	found := false
	for _, id := range res.IDs {
		p, _ := f.st.Get(sys, id)
		found = found || strings.Contains(p.Notes, "dernier-mot")
	}
	if !found {
		t.Error("the save made during the shutdown is not in the file")
	}
}

// « sauvegarde »: a hot backup over SSH for a national responsable, refused
// to a section one; journaled.
func TestBackupCommand(t *testing.T) {
	f := newFixture(t, 50, Config{})
	out, err := f.command(t, "amartin", "sauvegarde", false)
	if err != nil || len(out) < 4096 {
		t.Fatalf("backup: %d bytes, %v", len(out), err)
	}
	path := filepath.Join(t.TempDir(), "copie.db")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	cp, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	cp.Close()
	if out, err := f.command(t, "broux", "sauvegarde", true); err == nil || !strings.Contains(string(out), "accès refusé") {
		t.Errorf("section responsable's backup: %v %.200q", err, out)
	}
	j, _ := f.st.Journal(f.st.SystemSession("test"), store.JournalFilter{Action: model.ActionBackup})
	if len(j) != 1 {
		t.Errorf("%d backups journaled", len(j))
	}
}
