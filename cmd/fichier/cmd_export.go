package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"fichier/export"
	"fichier/store"
)

type exportFlags struct {
	user, query, preset, out, format string
	force                            bool
}

func newExportCmd(g *globals) *cobra.Command {
	f := &exportFlags{}
	cmd := &cobra.Command{
		Use:   "export --user IDENTIFIANT --query \"…\" --preset rappel --out FICHIER",
		Short: "Export routage : les fiches d'une recherche dans un tableur (xlsx ou CSV)",
		Long: "Écrit les fiches d'une recherche (le langage de filtre de la liste, docs/QUERY.md) dans un\n" +
			"tableur, avec un préréglage : " + export.PresetNames() + ".\n" +
			exportHelp,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runExport(cmd, g, f) },
	}
	actingAs(cmd, &f.user)
	cmd.Flags().StringVar(&f.query, "query", "", "`recherche` (vide : toutes les fiches du périmètre)")
	cmd.Flags().StringVar(&f.preset, "preset", "complet", "préréglage : "+export.PresetNames())
	cmd.Flags().StringVar(&f.out, "out", "", "`fichier` à écrire (par défaut : un nom daté dans le dossier courant)")
	cmd.Flags().StringVar(&f.format, "format", "", "xlsx ou csv (par défaut : selon l'extension de --out, sinon xlsx)")
	cmd.Flags().BoolVar(&f.force, "forcer-xlsx", false, "écrire un xlsx même au-delà de la taille conseillée (beaucoup de mémoire)")
	return cmd
}

func runExport(cmd *cobra.Command, g *globals, f *exportFlags) error {
	preset, ok := export.PresetByName(f.preset)
	if !ok {
		return fmt.Errorf("préréglage inconnu « %s » : %s", f.preset, export.PresetNames())
	}
	format := export.XLSX
	if ext, ok := export.FormatOf(f.out); ok {
		format = ext
	}
	if f.format != "" {
		var err error
		if format, err = export.ParseFormat(f.format); err != nil {
			return err
		}
	}
	return asResponsable(cmd, g, f.user, func(st *store.Store, sess *store.Session) error {
		out := f.out
		if out == "" {
			dir, _ := os.Getwd()
			out = export.DefaultPath(dir, preset, format, f.query, time.Now())
		}
		plan, err := export.Prepare(st, sess, export.Request{Query: f.query, Preset: preset, Format: format, Path: out, Force: f.force})
		if err != nil {
			return err
		}
		if format == export.XLSX && plan.TooBigForXLSX() && !f.force {
			return fmt.Errorf("%d lignes : au-delà de %d, un xlsx tiendrait mal en mémoire ; exportez en CSV (--format csv) ou forcez (--forcer-xlsx)", plan.Rows(), export.XLSXMaxRows(preset))
		}
		res, err := export.Write(context.Background(), st, sess, plan, nil)
		if err != nil {
			return err
		}
		w := cmd.OutOrStdout()
		lines := "lignes"
		if res.Rows <= 1 {
			lines = "ligne"
		}
		fmt.Fprintf(w, "export %s : %d %s → %s\n", preset.Name, res.Rows, lines, res.Path)
		if len(preset.Sheets) > 1 {
			for i, s := range preset.Sheets {
				fmt.Fprintf(w, "  « %s » : %d\n", s.Name, res.PerSheet[i])
			}
		}
		if ex := plan.ExclusionText(); ex != "" {
			fmt.Fprintf(w, "laissées de côté : %s\n", ex)
		}
		return nil
	})
}
