package store

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"fichier/model"
)

func testKey(t *testing.T) (ssh.PublicKey, string) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pk, strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))) + " portable\x1b[2J"
}

func TestSSHKeys(t *testing.T) {
	w := newWorld(t)
	fedAdmin := w.user(t, "Anne", "Martin", w.fed.Path, model.AllRights)
	marc := w.user(t, "Marc", "Roux", w.secA.Path, model.RightWrite)
	other := w.user(t, "Léa", "Petit", w.fed2.Path, model.AllRights)
	mu, _ := marc.User()

	// Marc registers his own key; the comment is cleaned.
	pk, line := testKey(t)
	k, err := w.st.AddSSHKey(marc, mu.ID, line)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsRune(k.Name, 0x1b) || !strings.HasPrefix(k.Name, "portable") {
		t.Errorf("control sequence kept in the key's name: %q", k.Name)
	}
	if !w.st.SSHKeyAllowed("mroux", pk) || w.st.SSHKeyAllowed("amartin", pk) {
		t.Error("key not tied to its account")
	}
	// The same key for another account is refused; so is a private key.
	au, _ := fedAdmin.User()
	if _, err := w.st.AddSSHKey(fedAdmin, au.ID, line); err == nil {
		t.Error("one key registered for two accounts")
	}
	if _, err := w.st.AddSSHKey(marc, mu.ID, "-----BEGIN OPENSSH PRIVATE KEY-----\nabc"); err == nil || !strings.Contains(err.Error(), "privée") {
		t.Errorf("private key: %v", err)
	}
	// A federation manager adds a key for Marc; one of another federation may not.
	_, line2 := testKey(t)
	if _, err := w.st.AddSSHKey(fedAdmin, mu.ID, line2); err != nil {
		t.Errorf("manager adding a key: %v", err)
	}
	_, line3 := testKey(t)
	if _, err := w.st.AddSSHKey(other, mu.ID, line3); err == nil {
		t.Errorf("out-of-scope manager adding a key: %v", err)
	}
	// Marc may not add a key to Anne's account.
	if _, err := w.st.AddSSHKey(marc, au.ID, line3); err == nil {
		t.Error("a responsable added a key to another's account without the right")
	}
	// Key login; disabled account refused; removal.
	if _, err := w.st.KeyLogin("mroux", pk, "test"); err != nil {
		t.Fatal(err)
	}
	if err := w.st.RemoveSSHKey(marc, mu.ID, k.Fingerprint); err != nil {
		t.Fatal(err)
	}
	if _, err := w.st.KeyLogin("mroux", pk, "test"); !errors.Is(err, ErrBadLogin) {
		t.Errorf("removed key still logs in: %v", err)
	}
	j, _ := w.st.Journal(w.sys, JournalFilter{Action: model.ActionUserUpdate})
	if len(j) < 3 {
		t.Errorf("key changes not journaled: %d", len(j))
	}
}

// A key whose name (its line's comment) is too long is refused with the
// limit, never stored cut short.
func TestSSHKeyNameTooLongIsRefused(t *testing.T) {
	_, line := testKey(t)
	line = strings.TrimSuffix(line, " portable\x1b[2J") + " " + strings.Repeat("é", maxKeyName+1)
	if _, _, err := ParseSSHKey(line); err == nil || !strings.Contains(err.Error(), "80 caractères au plus (81 collés)") {
		t.Fatalf("err = %v", err)
	}
	if k, _, err := ParseSSHKey(strings.TrimSuffix(line, "é")); err != nil || k.Name != strings.Repeat("é", maxKeyName) {
		t.Fatalf("a name of %d characters: %v, %q", maxKeyName, err, k.Name)
	}
}
