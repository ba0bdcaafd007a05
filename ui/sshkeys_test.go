package ui

import "testing"

// testPublicKey is a public key (whose private half was thrown away), as
// pasted from a .pub file.
const testPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDTgNuQ87yrWPTMw5+IcybypCgut5PaBmToNzOu1ZdAe portable"

// From « Mon compte », s: a key pasted is added (a line that is no key is
// refused, saying why), then removed after a confirmation.
func TestSSHKeysAddAndRemove(t *testing.T) {
	w := newAppWorld(t, true)
	keys := func() int {
		u, err := w.st.Users(w.sys)
		if err != nil {
			t.Fatal(err)
		}
		return len(u[0].SSHKeys)
	}
	d := startApp(t, w.st, w.session(t), 80, 24)
	d.waitFor("Écrans")
	d.press("6")
	d.waitFor("MARTIN Annie")
	d.press("c")
	d.waitFor("Dernière connexion")
	d.press("s")
	d.waitFor("Clés SSH de amartin", "Aucune clé")
	d.press("a")
	d.typeText("pas une clé")
	d.press("enter")
	d.waitFor("clé publique SSH illisible")
	if keys() != 0 {
		t.Fatal("a line that is no key was added")
	}
	d.press("ctrl+u")
	d.typeText(testPublicKey)
	d.press("enter")
	d.waitFor("Clé ajoutée : SHA256:", "· portable · ajoutée le")
	if keys() != 1 {
		t.Fatalf("%d keys after adding one", keys())
	}
	d.press("d")
	d.waitFor("Retirer cette clé ?")
	d.press("o")
	d.waitFor("Clé retirée : SHA256:", "Aucune clé")
	if keys() != 0 {
		t.Fatalf("%d keys after removing the only one", keys())
	}
	d.quit()
}
