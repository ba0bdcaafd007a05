package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"fichier/export"
	"fichier/model"
	"fichier/model/query"
	"fichier/store"
	"fichier/ui"
)

type statsFlags struct {
	user, query, xlsx string
	bands             int
}

func newStatsCmd(g *globals) *cobra.Command {
	f := &statsFlags{}
	cmd := &cobra.Command{
		Use:   "stats --user IDENTIFIANT [--requete \"…\"] [--xlsx FICHIER]",
		Short: "Statistiques : effectifs, âges, composition sociale, qualité du fichier, cotisations, mutations",
		Long: "Écrit en texte les chiffres de l'écran Statistiques (8) pour le périmètre du responsable,\n" +
			"éventuellement restreint par une recherche (le langage de filtre de la liste, docs/QUERY.md).\n" +
			"Les mutations (départs et arrivées de l'année et de la précédente) portent sur tout le périmètre.\n" +
			"Avec --xlsx, les chiffres sont aussi écrits dans un classeur (une feuille par bloc) : il faut\n" +
			"le droit d'export, et l'export est inscrit au journal.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runStats(cmd, g, f) },
	}
	actingAs(cmd, &f.user)
	cmd.Flags().StringVar(&f.query, "requete", "", "`recherche` (vide : toutes les fiches du périmètre)")
	cmd.Flags().StringVar(&f.query, "query", "", "comme --requete")
	cmd.Flags().IntVar(&f.bands, "tranches", 10, "largeur des tranches d'âge : 5 ou 10 ans")
	cmd.Flags().StringVar(&f.xlsx, "xlsx", "", "écrire aussi les chiffres dans ce `fichier` xlsx")
	_ = cmd.Flags().MarkHidden("query")
	return cmd
}

func runStats(cmd *cobra.Command, g *globals, f *statsFlags) error {
	if f.bands != 5 && f.bands != 10 {
		return fmt.Errorf("--tranches %d : 5 ou 10", f.bands)
	}
	q, err := query.Parse(f.query)
	if err != nil {
		return err
	}
	return asResponsable(cmd, g, f.user, func(st *store.Store, sess *store.Session) error {
		s, err := st.Stats(sess, q, f.bands)
		if err != nil {
			return err
		}
		w := cmd.OutOrStdout()
		if _, err := io.WriteString(w, model.StripControlMultiline(ui.StatsText(&s, 80))); err != nil {
			return err
		}
		if f.xlsx != "" {
			path, err := export.WriteStats(st, sess, &s, f.xlsx)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "\nstatistiques écrites → %s\n", path)
		}
		return nil
	})
}
