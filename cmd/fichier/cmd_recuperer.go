package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"fichier/store"
)

func newRecupererCmd(g *globals) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "recuperer --db ABIME --out NOUVEAU",
		Short: "Sauve dans un nouveau fichier tout ce qui est lisible d'un fichier endommagé",
		Long: "Lit le fichier endommagé sans jamais y écrire, et copie dans un nouveau fichier toutes les\n" +
			"fiches, unités, comptes de responsables, recherches enregistrées et entrées du journal\n" +
			"encore lisibles. Dit ensuite ce qui n'a pas pu être lu (combien, et quelles fiches).\n" +
			"Vérifiez le nouveau fichier (« fichier check --db NOUVEAU »), puis remplacez l'ancien par\n" +
			"lui ; gardez la copie abîmée tant que tout n'est pas vérifié.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return errors.New("indiquez le nouveau fichier à écrire : --out NOUVEAU")
			}
			path, err := g.dbPath()
			if err != nil {
				return err
			}
			rep, err := store.Salvage(path, out)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			fmt.Fprint(w, rep.String())
			fmt.Fprintf(w, "nouveau fichier : %s (vérifiez-le avec « fichier check --db %s »)\n",
				out, out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "nouveau `fichier` à écrire (ne doit pas exister)")
	return cmd
}
