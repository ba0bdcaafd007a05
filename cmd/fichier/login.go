package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"fichier/store"
)

// loginHelp ends the help of every command that acts as a responsable: how
// cliLogin logs them in, said once.
const loginHelp = "Le responsable se connecte avec son mot de passe ($FICHIER_PASSWORD, sinon il est demandé)\n" +
	"et, s'il l'a activée, le code de double authentification ($FICHIER_CODE, sinon il est demandé) ;\n" +
	"mêmes droits et même journal que dans l'application."

// exportHelp is what the commands that write fiches to a file add: the
// right they need and the journal entry they leave.
const exportHelp = "Il faut le droit d'export ; l'export est inscrit au journal avant que le fichier soit écrit.\n"

// actingAs makes cmd a command that acts as a responsable (export, import,
// stats, cotisations …): the --user flag, kept in user, and loginHelp at
// the end of its help. Its run goes through asResponsable.
func actingAs(cmd *cobra.Command, user *string) *cobra.Command {
	cmd.Long = strings.TrimRight(cmd.Long, "\n") + "\n" + loginHelp
	cmd.Flags().StringVar(user, "user", "", "`identifiant` du responsable")
	return cmd
}

// asResponsable opens the existing file, logs user in (cliLogin), runs act
// as that responsable and closes the file. Checks that need no file come
// before it, so that a bad argument changes nothing.
func asResponsable(cmd *cobra.Command, g *globals, user string, act func(*store.Store, *store.Session) error) error {
	st, err := g.openExisting(store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	sess, err := cliLogin(cmd, st, user)
	if err != nil {
		return err
	}
	return act(st, sess)
}

// asExporter is asResponsable for a command that may only run with the
// export right: it is checked before anything is read.
func asExporter(cmd *cobra.Command, g *globals, user string, act func(*store.Store, *store.Session) error) error {
	return asResponsable(cmd, g, user, func(st *store.Store, sess *store.Session) error {
		if err := st.CanExport(sess); err != nil {
			return fmt.Errorf("droit d'export nécessaire : %w", err)
		}
		return act(st, sess)
	})
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
