package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"fichier/model"
	"fichier/model/demo"
	"fichier/store"
	"fichier/ui"
)

type demoFlags struct {
	people int
	seed   int64
	noUI   bool
}

// The demo's national responsable.
const (
	demoFirstName = "Annie"
	demoLastName  = "Martin"
)

func newDemoCmd(g *globals) *cobra.Command {
	f := &demoFlags{}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Crée un fichier de démonstration réaliste (si absent) et l'ouvre",
		Long: "Crée un fichier de démonstration (noms français, vraies communes de l'Isère et du Rhône,\n" +
			"sections et cellules) de la taille voulue, toujours le même pour une même graine, puis\n" +
			"l'ouvre connecté en tant que responsable national de démonstration. Le mot de passe est\n" +
			"$FICHIER_PASSWORD s'il est défini, sinon il est généré et affiché.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDemo(cmd, g, f)
		},
	}
	cmd.Flags().IntVar(&f.people, "people", 2000, "nombre de fiches à générer")
	cmd.Flags().Int64Var(&f.seed, "seed", 1, "graine du générateur (même graine, même fichier)")
	cmd.Flags().BoolVar(&f.noUI, "no-ui", false, "créer le fichier sans ouvrir l'application")
	return cmd
}

func runDemo(cmd *cobra.Command, g *globals, f *demoFlags) error {
	out := cmd.OutOrStdout()
	path, err := g.dbPath()
	if err != nil {
		return err
	}
	if f.people < 0 {
		return errors.New("--people doit être positif")
	}
	st, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer func() { st.Close() }()
	username := model.Username(demoFirstName, demoLastName, func(string) bool { return false })
	password := "celui affiché à la création du fichier (sinon « fichier reset-password »)"
	demoFile, blank := st.IsDemo(), st.IsBlank()
	switch {
	case !demoFile && !blank:
		return fmt.Errorf("%s n'a pas été créé par « fichier demo » : la démonstration ne s'ouvre que sur ses propres fichiers "+
			"(sans mot de passe) ; ouvrez ce fichier avec « fichier --db %s », ou choisissez un nouveau fichier pour la démonstration",
			path, path)
	case demoFile && !st.HasUsers():
		// A demo whose creation was cut short (killed): it is regenerated,
		// not repaired (bulk loading skips the per-chunk sync).
		fmt.Fprintln(out, "Fichier de démonstration inachevé : il est recréé.")
		st.Close()
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("impossible de recréer %s : %w", path, err)
		}
		if st, err = store.Open(path, store.Options{}); err != nil {
			return err
		}
		fallthrough
	case blank:
		if err := st.MarkDemo(); err != nil {
			return err
		}
		if password, err = createDemo(st, f, out); err != nil {
			return err
		}
	default:
		fmt.Fprintf(out, "Fichier de démonstration existant : %s\nutilisateur: %s\n", path, username)
		fmt.Fprintln(out, "(mot de passe affiché à sa création ; sinon « fichier reset-password » ou supprimez le fichier)")
	}
	if f.noUI {
		return nil
	}
	sess, err := st.LocalSession(username)
	if err != nil {
		return err
	}
	// The password printed above is hidden by the full-screen app until it
	// ends: the home screen says it too.
	note := fmt.Sprintf("Démonstration — pour revenir : fichier demo --db %s · sinon identifiant %s, mot de passe %s",
		path, username, password)
	return ui.RunWithHomeNote(st, sess, note)
}

// createDemo generates the people and the demo responsable.
func createDemo(st *store.Store, f *demoFlags, out io.Writer) (password string, err error) {
	start := time.Now()
	gen := demo.New(demo.Config{People: f.people, Seed: f.seed, Today: model.DateOf(time.Now())})
	sys := st.SystemSession("démo")
	fmt.Fprintf(out, "Création du fichier de démonstration : %d fiches…\n", f.people)
	n, err := st.LoadDemo(sys, gen.Units(), gen.Next, nil)
	if err != nil {
		return "", err
	}
	if _, err := st.LoadDemoDues(sys, gen.Payments); err != nil {
		return "", err
	}
	pw := os.Getenv("FICHIER_PASSWORD")
	if pw == "" {
		pw = store.GeneratePassword()
	}
	u, err := st.CreateFirstUser(store.UserSpec{FirstName: demoFirstName, LastName: demoLastName, Password: pw})
	if err != nil {
		return "", err
	}
	fmt.Fprintf(out, "%s : %d fiches en %.1f s\n", model.StripControl(st.Path()), n, time.Since(start).Seconds())
	fmt.Fprintf(out, "utilisateur: %s\nmot de passe: %s\n", u.Username, pw)
	return pw, nil
}
