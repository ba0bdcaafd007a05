//go:build !windows

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"fichier/store"
)

// TestServeResetAndSecondFactorOverSSH: with the real OpenSSH client in
// tmux. The file's holder resets Bruno's password keeping his second
// factor (`fichier reset-password --garder-2fa`); over SSH his key is no
// longer enough, so ssh asks the password: the provisional one, then his
// code, then his own password twice, and the app opens. Then Anne, from
// her session, gives him a new password: his session ends at once, saying
// why.
func TestServeResetAndSecondFactorOverSSH(t *testing.T) {
	var secret string
	w := newSSHWorld(t, func(w *sshWorld, st *store.Store, _, bruno *store.Session) {
		key, err := st.NewTOTPKey(bruno)
		if err != nil {
			t.Fatal(err)
		}
		code, _ := totp.GenerateCode(key.Secret, time.Now())
		if _, err := st.EnableTOTP(bruno, key.Secret, code); err != nil {
			t.Fatal(err)
		}
		secret = key.Secret
	})
	const given, mine = "Provisoire-Donne-2026", "Cerises-Rouges-Juin-2026"
	out, ok := run(t, []string{"FICHIER_PASSWORD=" + given}, "reset-password", "--db", w.db, "--garder-2fa", "--mot-de-passe-env", "broux")
	if !ok || !strings.Contains(out, "code du téléphone sera demandé") {
		t.Fatalf("reset-password: %s", out)
	}
	srv := w.serve(t)

	bruno := newTmuxShell(t, srv.ssh("bruno", "broux", "-o", "LogLevel=INFO"))
	bruno.waitText("Mot de passe :")
	bruno.text(given)
	bruno.keys("Enter")
	bruno.waitText("Code à 6 chiffres")
	// The code the app shows next: the enrolment used the current one.
	code, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
	bruno.text(code)
	bruno.keys("Enter")
	bruno.waitText("Votre mot de passe est provisoire")
	bruno.waitText("Nouveau mot de passe :")
	bruno.text(mine)
	bruno.keys("Enter")
	bruno.waitText("Encore une fois :")
	bruno.text(mine)
	bruno.keys("Enter")
	bruno.waitText("broux · écriture")

	anne := newTmuxShell(t, srv.ssh("anne", "amartin"))
	anne.waitText("amartin")
	anne.keys("6")
	anne.waitText("ROUX Bruno")
	anne.keys("Down")
	anne.waitText("▸ ROUX Bruno")
	anne.keys("p")
	anne.waitText("Donner un nouveau mot de passe à Bruno Roux")
	anne.keys("o")
	anne.waitText("Remettez-le en main propre")
	s := bruno.waitText("FIN-DU-PROGRAMME")
	if !strings.Contains(s, "Session fermée : accès réinitialisé par un responsable ; reconnectez-vous.") {
		t.Errorf("Bruno is not told why his session ended:\n%s", s)
	}
	srv.terminate()
	srv.wait()
	for _, want := range []string{"connexion : broux depuis 127.0.0.1", "(mot de passe)", "déconnexion : broux"} {
		if !strings.Contains(srv.log(), want) {
			t.Errorf("server log lacks %q:\n%s", want, srv.log())
		}
	}
	st, _ := openFile(t, w.db, store.Options{ReadOnly: true})
	defer st.Close()
	if _, ch, err := st.LoginStart("broux", mine); err == nil || ch != nil {
		t.Errorf("Bruno's own password still works after Anne's reset: %v", err)
	}
}
