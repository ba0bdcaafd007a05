package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"fichier/model"
	"fichier/store"
)

func newMutationCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "mutation",
		Short: "Mutations entre fichiers : importer un fichier de transfert, lire l'empreinte de la clé du fichier",
	}
	var user, fed string
	imp := &cobra.Command{
		Use:   "importer --user IDENTIFIANT FICHIER",
		Short: "Importe un fichier de transfert de mutation : la fiche devient une arrivée à traiter",
		Long: "Lit un fichier de transfert écrit par « Mutation (départ) » dans un autre fichier, vérifie sa\n" +
			"somme de contrôle et sa signature, et crée la fiche comme arrivée à traiter dans la fédération\n" +
			"dont le numéro est celui de la destination (ou celle de --federation). Un fichier modifié,\n" +
			"tronqué ou illisible est refusé et rien ne change ; un transfert déjà importé ne crée rien.\n" +
			"Comparez l'empreinte affichée avec celle que la fédération d'origine vous lit au téléphone\n" +
			"(« fichier mutation empreinte » chez elle) : c'est ce qui prouve d'où vient le fichier.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMutationImport(cmd, g, user, fed, args[0])
		},
	}
	actingAs(imp, &user)
	imp.Flags().StringVar(&fed, "federation", "", "numéro ou nom de la fédération d'arrivée (par défaut : celle du département de destination)")
	fp := &cobra.Command{
		Use:   "empreinte",
		Short: "Affiche l'empreinte de la clé qui signe les fichiers de transfert de ce fichier",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := g.openExisting(store.Options{})
			if err != nil {
				return err
			}
			defer st.Close()
			f, err := st.TransferFingerprint()
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "empreinte de la clé des fichiers de transfert :", f)
			return nil
		},
	}
	cmd.AddCommand(imp, fp)
	return cmd
}

func runMutationImport(cmd *cobra.Command, g *globals, user, fed, path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("impossible de lire %s : fichier introuvable ou illisible", model.StripControl(path))
	}
	if info.Size() > model.MaxTransferSize {
		return model.ErrTransferTooBig
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("impossible de lire %s : %v", model.StripControl(path), err)
	}
	// Checked before opening the store: a bad file changes nothing.
	if _, _, err := store.ReadTransfer(data); err != nil {
		return err
	}
	return asResponsable(cmd, g, user, func(st *store.Store, sess *store.Session) error {
		var fedID model.UnitID
		if fed != "" {
			for _, f := range st.Federations() {
				if f.Code == strings.TrimSpace(fed) || model.Fold(f.Name) == model.Fold(fed) {
					fedID = f.ID
				}
			}
			if fedID == 0 {
				return fmt.Errorf("aucune fédération « %s » dans ce fichier", model.StripControl(fed))
			}
		}
		res, err := st.ImportTransfer(sess, data, fedID)
		if err != nil {
			return err
		}
		w := cmd.OutOrStdout()
		m := res.Mutation
		if res.Already {
			fmt.Fprintf(w, "ce transfert a déjà été importé le %s par %s : rien n'a été changé\n", m.At.Format("02/01/2006"), model.StripControl(m.By))
			return nil
		}
		fmt.Fprintf(w, "arrivée à traiter : %s, de %s, mutation du %s", model.StripControl(m.Name), model.StripControl(m.FromDept.String()), m.Date)
		if m.OldNumber != "" {
			fmt.Fprintf(w, " (ancien numéro %s)", model.StripControl(m.OldNumber))
		}
		fmt.Fprintf(w, "\nfédération d'arrivée : %s — attribuez-lui une section dans l'écran Mutations\n", model.StripControl(m.ToDept.String()))
		fmt.Fprintf(w, "empreinte de la clé de l'origine : %s (comparez-la avec celle que l'origine vous lit)\n", res.Fingerprint)
		for _, d := range res.Matches {
			fmt.Fprintf(w, "même personne probable : fiche %d %s (%s) — fusionnez-les dans l'écran Doublons\n",
				d.Person.ID, model.StripControl(d.Person.SortName()), d.Reason)
		}
		return nil
	})
}
