package main

import (
	"fmt"
	"os"
	"path/filepath"
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
			exportHelp,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runCotisations(cmd, g, f) },
	}
	actingAs(cmd, &f.user)
	cmd.Flags().IntVar(&f.year, "annee", 0, "année (par défaut : l'année en cours)")
	cmd.Flags().StringVar(&f.from, "du", "", "`date` de début de la période (jj/mm/aaaa), à la place de --annee")
	cmd.Flags().StringVar(&f.to, "au", "", "`date` de fin de la période (jj/mm/aaaa)")
	cmd.Flags().StringVar(&f.out, "out", "", "`fichier` à écrire (par défaut : cotisations-ANNÉE.xlsx dans le dossier courant)")
	cmd.AddCommand(newAttestationsCmd(g))
	return cmd
}

type attestationsFlags struct {
	user, out string
	year      int
	batch     bool
	csv       bool
}

func newAttestationsCmd(g *globals) *cobra.Command {
	f := &attestationsFlags{}
	cmd := &cobra.Command{
		Use:   "attestations --user IDENTIFIANT --annee 2026 --out DOSSIER",
		Short: "Attestations annuelles de cotisations (PDF) et liste pour l'association de financement",
		Long: "Écrit dans DOSSIER, pour une année et le périmètre du responsable :\n" +
			"  - la liste pour l'association de financement (recapitulatif-ANNÉE.xlsx, ou .csv avec --csv) :\n" +
			"    civilité, nom, adresse, numéro d'adhérent, total de l'année par mode de paiement, total\n" +
			"    ouvrant droit au reçu fiscal ; une feuille des adresses incomplètes ;\n" +
			"  - l'attestation annuelle de cotisations de chaque adhérent ayant cotisé cette année-là\n" +
			"    (attestation-ANNÉE-NUMÉRO.pdf), ou un seul fichier de toutes les pages avec --un-fichier.\n" +
			"Un versement compte pour l'année de sa date de réception. Le droit d'export est nécessaire ;\n" +
			"chaque attestation est inscrite au journal de l'adhérent avec son total.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runAttestations(cmd, g, f) },
	}
	actingAs(cmd, &f.user)
	cmd.Flags().IntVar(&f.year, "annee", 0, "année (par défaut : l'année précédente)")
	cmd.Flags().StringVar(&f.out, "out", "", "`dossier` où écrire (il doit exister)")
	cmd.Flags().BoolVar(&f.batch, "un-fichier", false, "toutes les attestations dans un seul PDF (une page par adhérent)")
	cmd.Flags().BoolVar(&f.csv, "csv", false, "la liste en CSV plutôt qu'en xlsx")
	return cmd
}

func runAttestations(cmd *cobra.Command, g *globals, f *attestationsFlags) error {
	year := f.year
	if year == 0 {
		year = time.Now().Year() - 1
	}
	if year < 1990 || year > 9999 {
		return fmt.Errorf("année %d invalide", year)
	}
	if f.out == "" {
		return fmt.Errorf("indiquez le dossier où écrire : --out DOSSIER")
	}
	if fi, err := os.Stat(f.out); err != nil || !fi.IsDir() {
		return fmt.Errorf("--out : le dossier %s n'existe pas", model.StripControl(f.out))
	}
	return asExporter(cmd, g, f.user, func(st *store.Store, sess *store.Session) error {
		lines, err := st.Statements(sess, year)
		if err != nil {
			return err
		}
		ext := ".xlsx"
		if f.csv {
			ext = ".csv"
		}
		list, err := export.WriteStatementsList(st, sess, year, lines, filepath.Join(f.out, fmt.Sprintf("recapitulatif-%d%s", year, ext)))
		if err != nil {
			return err
		}
		w := cmd.OutOrStdout()
		fmt.Fprintf(w, "liste %d → %s\n", year, model.StripControl(list))
		if len(lines) == 0 {
			fmt.Fprintf(w, "aucun versement en %d dans votre périmètre : pas d'attestation\n", year)
			return nil
		}
		files, err := export.WriteAttestations(st, sess, lines, f.out, f.batch, time.Now())
		if err != nil {
			return err
		}
		var total, eligible model.Cents
		missing, changed := 0, 0
		for i := range lines {
			total += lines[i].Total
			eligible += lines[i].Eligible
			if lines[i].AddressMissing {
				missing++
			}
			if lines[i].Changed() {
				changed++
			}
		}
		fmt.Fprintf(w, "%d attestations (%d fichiers) → %s\n", len(lines), len(files), model.StripControl(f.out))
		fmt.Fprintf(w, "total %s, ouvrant droit au reçu %s\n", model.FormatCents(total), model.FormatCents(eligible))
		if missing > 0 {
			fmt.Fprintf(w, "%d adhérents sans adresse complète : le reçu ne peut leur être envoyé (feuille « Adresses incomplètes »)\n", missing)
		}
		if changed > 0 {
			fmt.Fprintf(w, "%d attestations remplacent une attestation déjà délivrée (correction depuis)\n", changed)
		}
		return nil
	})
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
	return asExporter(cmd, g, f.user, func(st *store.Store, sess *store.Session) error {
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
			fmt.Fprintf(w, "  %-30s %5d cotisants %16s · cartes remises : %d / %d\n", model.StripControl(s.Name), s.Cotisants, model.FormatCents(s.Total), s.Cards, s.Members)
		}
		fmt.Fprintf(w, "  %-30s %5d cotisants %16s (N-1 : %s) · cartes remises : %d / %d\n", "Total", r.Total.Cotisants, model.FormatCents(r.Total.Total), model.FormatCents(r.Total.PrevTotal), r.Total.Cards, r.Total.Members)
		return nil
	})
}
