// Command fichier keeps the membership file of a party's local structures:
// the terminal app (default), serve (the same app to many organisers over
// SSH), and the tools for scripts: demo, init, check, recuperer, backup,
// compact, reset-password, export, import, stats, cotisations (and its
// attestations), mutation (importer, empreinte), version.
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/adrg/xdg"
	"github.com/spf13/cobra"

	"fichier/model"
	"fichier/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	if err := newRoot().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "fichier :", model.StripControlMultiline(frenchError(err).Error()))
		os.Exit(1)
	}
}

// cleanOutput is where every command prints: file names, column headers,
// fiche values and messages quoting them come from outside, so everything
// goes through the same control-sequence stripping as stored data (one
// function, model.StripControlMultiline) before it reaches a terminal.
type cleanOutput struct{ w io.Writer }

func (c cleanOutput) Write(p []byte) (int, error) {
	s := string(p)
	if strings.IndexFunc(s, isControl) >= 0 {
		// Only then: the stripping also turns no-break spaces into
		// spaces, which our own messages use (amounts, « quotes »).
		s = model.StripControlMultiline(s)
	}
	if _, err := io.WriteString(c.w, s); err != nil {
		return 0, err
	}
	return len(p), nil
}

// isControl reports a rune a terminal may act on or hide: C0 controls but
// newline and tab, DEL and C1 controls, invisible format characters.
func isControl(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r < 0xa0 || unicode.Is(unicode.Cf, r) || r == utf8.RuneError
}

// globals holds the flags every subcommand shares.
type globals struct {
	db string
}

func newRoot() *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   "fichier",
		Short: "Le fichier militant : fiches, recherches, export routage, cotisations",
		Long: "fichier tient le fichier militant d'une fédération, de ses sections et de ses cellules.\n" +
			"Sans sous-commande, il ouvre l'application dans le terminal.",
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runApp(cmd, g)
		},
	}
	root.SetOut(cleanOutput{os.Stdout})
	root.SetErr(cleanOutput{os.Stderr})
	root.PersistentFlags().StringVar(&g.db, "db", "", "`chemin` du fichier (par défaut : $FICHIER_DB, sinon le dossier de données de l'utilisateur)")
	frenchCobra(root)
	root.AddCommand(newDemoCmd(g), newInitCmd(g), newCheckCmd(g), newBackupCmd(g), newResetPasswordCmd(g), newCompactCmd(g), newRecupererCmd(g), newExportCmd(g), newImportCmd(g), newMutationCmd(g), newStatsCmd(g), newCotisationsCmd(g), newServeCmd(g), newVersionCmd())
	return root
}

// dbPath resolves --db, then $FICHIER_DB, then $XDG_DATA_HOME/fichier/fichier.db.
func (g *globals) dbPath() (string, error) {
	if g.db != "" {
		return g.db, nil
	}
	if env := os.Getenv("FICHIER_DB"); env != "" {
		return env, nil
	}
	p, err := xdg.DataFile(filepath.Join("fichier", "fichier.db"))
	if err != nil {
		return "", fmt.Errorf("dossier de données introuvable (%v) : indiquez --db", err)
	}
	return p, nil
}

// open opens the file for a subcommand.
func (g *globals) open(opt store.Options) (*store.Store, error) {
	path, err := g.dbPath()
	if err != nil {
		return nil, err
	}
	return store.Open(path, opt)
}

// openExisting is open for commands that make no sense on a missing or
// empty file: only init, demo and the first-run screen create one.
func (g *globals) openExisting(opt store.Options) (*store.Store, error) {
	path, err := g.dbPath()
	if err != nil {
		return nil, err
	}
	opt.Existing = true
	return store.Open(path, opt)
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Affiche la version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, args []string) {
			fmt.Fprintf(cmd.OutOrStdout(), "fichier %s (schéma %d)\n", version, store.SchemaVersion)
		},
	}
}
