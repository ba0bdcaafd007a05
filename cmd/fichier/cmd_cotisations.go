package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"fichier/export"
	"fichier/model"
	"fichier/store"
)

type cotisationsFlags struct {
	user, from, to, out string
	year                int
}

func newCotisationsCmd(g *globals) *cobra.Command {
	f := &cotisationsFlags{}
	cmd := &cobra.Command{
		Use:   "cotisations --user IDENTIFIANT --annee 2026 --out FICHIER.xlsx",
		Short: "Cotisations détaillées : l'état des cotisations perçues par section et cellule (xlsx)",
		Long: "Écrit l'état des cotisations perçues sur une période (une année, ou --du/--au) dans le\n" +
			"périmètre du responsable : par section et cellule, le nombre de cotisants, le total, le total\n" +
			"par mode de paiement et par mois, les adhérents qui ne sont pas à jour, et la même période\n" +
			"de l'année précédente. Un classeur xlsx : une feuille de synthèse et une feuille par section.\n" +
			"Le responsable se connecte avec son mot de passe ($FICHIER_PASSWORD, sinon il est demandé)\n" +
			"et doit avoir le droit d'export ; l'export est inscrit au journal avant que le fichier soit écrit.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runCotisations(cmd, g, f) },
	}
	cmd.Flags().StringVar(&f.user, "user", "", "identifiant du responsable")
	cmd.Flags().IntVar(&f.year, "annee", 0, "année (défaut : l'année en cours)")
	cmd.Flags().StringVar(&f.from, "du", "", "début de la période (jj/mm/aaaa), à la place de --annee")
	cmd.Flags().StringVar(&f.to, "au", "", "fin de la période (jj/mm/aaaa)")
	cmd.Flags().StringVar(&f.out, "out", "", "fichier à écrire (défaut : cotisations-ANNÉE.xlsx dans le dossier courant)")
	return cmd
}

// duesPeriod reads the period flags.
func duesPeriod(f *cotisationsFlags, today time.Time) (model.Date, model.Date, error) {
	if f.from == "" && f.to == "" {
		y := f.year
		if y == 0 {
			y = today.Year()
		}
		if y < 1990 || y > 9999 {
			return 0, 0, fmt.Errorf("année %d invalide", y)
		}
		from, to := store.YearPeriod(y)
		return from, to, nil
	}
	if f.year != 0 {
		return 0, 0, fmt.Errorf("choisissez --annee ou --du/--au, pas les deux")
	}
	from, err := model.ParseDate(f.from)
	if err != nil || from == 0 {
		return 0, 0, fmt.Errorf("--du : date attendue jj/mm/aaaa")
	}
	to, err := model.ParseDate(f.to)
	if err != nil || to == 0 {
		return 0, 0, fmt.Errorf("--au : date attendue jj/mm/aaaa")
	}
	return from, to, nil
}

func runCotisations(cmd *cobra.Command, g *globals, f *cotisationsFlags) error {
	from, to, err := duesPeriod(f, time.Now())
	if err != nil {
		return err
	}
	st, sess, err := openAsUser(cmd, g, f.user)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.CanExport(sess); err != nil {
		return fmt.Errorf("droit d'export nécessaire : %w", err)
	}
	r, err := st.DuesReport(sess, from, to)
	if err != nil {
		return err
	}
	out := f.out
	if out == "" {
		dir, _ := os.Getwd()
		out = export.DuesDefaultPath(dir, from, to)
	}
	path, err := export.WriteDuesReport(st, sess, r, out)
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "cotisations du %s au %s → %s\n", from, to, model.StripControl(path))
	for _, s := range r.Sections {
		fmt.Fprintf(w, "  %-30s %5d cotisants %16s\n", model.StripControl(s.Name), s.Cotisants, model.FormatCents(s.Total))
	}
	fmt.Fprintf(w, "  %-30s %5d cotisants %16s (N-1 : %s)\n", "Total", r.Total.Cotisants, model.FormatCents(r.Total.Total), model.FormatCents(r.Total.PrevTotal))
	return nil
}
