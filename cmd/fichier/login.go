package main

import (
	"errors"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"fichier/store"
)

// openAsUser opens an existing file and logs user in (cliLogin), for the
// commands that act as a responsable (export, import). The caller closes
// the store; on an error it is already closed.
func openAsUser(cmd *cobra.Command, g *globals, user string) (*store.Store, *store.Session, error) {
	st, err := g.openExisting(store.Options{})
	if err != nil {
		return nil, nil, err
	}
	sess, err := cliLogin(cmd, st, user)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, sess, nil
}

// cliLogin logs a responsable in for a command: the password from
// $FICHIER_PASSWORD or asked on the terminal (prompts go to stderr so that
// stdout stays for the results), then the two-factor code if the account
// has one ($FICHIER_CODE or asked). Rights and journal apply as in the app.
func cliLogin(cmd *cobra.Command, st *store.Store, user string) (*store.Session, error) {
	user = strings.TrimSpace(user)
	if user == "" {
		return nil, errors.New("indiquez le responsable qui agit : --user IDENTIFIANT")
	}
	p := newPrompter(cmd.ErrOrStderr())
	pw, err := p.password("Mot de passe de " + user + " : ")
	if err != nil {
		return nil, err
	}
	sess, ch, err := st.LoginStart(user, pw)
	if err != nil {
		return nil, err
	}
	if ch != nil {
		code := os.Getenv("FICHIER_CODE")
		if code == "" {
			if code, err = p.line("Code de double authentification : "); err != nil {
				return nil, err
			}
		}
		if sess, err = st.LoginCode(ch, code); err != nil {
			return nil, err
		}
	}
	if _, err := sess.User(); err != nil {
		return nil, err
	}
	return sess, nil
}
