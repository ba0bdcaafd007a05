package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"fichier/store"
)

func newCheckCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Vérifie le fichier et compte les fiches",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := g.dbPath()
			if err != nil {
				return err
			}
			r, err := store.CheckFile(path)
			if err != nil {
				return err
			}
			fmt.Fprint(cmd.OutOrStdout(), r.String())
			if !r.OK() {
				return fmt.Errorf("le fichier est endommagé : %d problème(s) dans %s — n'y écrivez plus ; "+
					"« fichier recuperer --out NOUVEAU » sauve dans un nouveau fichier tout ce qui est lisible "+
					"(ou reprenez la dernière sauvegarde)", r.Total, path)
			}
			return nil
		},
	}
}

func newBackupCmd(g *globals) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "backup --out FICHIER",
		Short: "Sauvegarde le fichier (copie cohérente, même s'il est en cours d'utilisation par cette commande)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return errors.New("indiquez où écrire la sauvegarde : --out FICHIER")
			}
			st, err := g.openExisting(store.Options{})
			if err != nil {
				return err
			}
			defer st.Close()
			n, err := st.BackupFile(st.SystemSession("sauvegarde"), out)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "sauvegarde écrite : %s (%d octets)\n", out, n)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "`fichier` de sauvegarde à écrire")
	return cmd
}

func newResetPasswordCmd(g *globals) *cobra.Command {
	var generate, keepTOTP, enable, fromEnv bool
	cmd := &cobra.Command{
		Use:   "reset-password IDENTIFIANT",
		Short: "Donne un nouveau mot de passe à un responsable (pour qui détient le fichier)",
		Long: "Quand plus personne ne peut se connecter : la personne qui a le fichier sur son disque\n" +
			"donne un nouveau mot de passe (ou en fait générer un), à changer à la prochaine connexion.\n" +
			"Les sessions ouvertes de ce compte se ferment. La double authentification du compte est\n" +
			"retirée (téléphone perdu) sauf avec --garder-2fa ; si elle est exigée, il la remettra en\n" +
			"place à sa prochaine connexion. L'opération est inscrite au journal.\n" +
			"Le nouveau mot de passe est demandé au clavier (sans écho) ; $FICHIER_PASSWORD n'est pris\n" +
			"que si --mot-de-passe-env est donné (pour un script), jamais sans le dire.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := g.openExisting(store.Options{})
			if err != nil {
				return err
			}
			defer st.Close()
			if !st.UserExists(args[0]) {
				return fmt.Errorf("aucun responsable « %s » dans ce fichier", args[0])
			}
			pw := ""
			env := os.Getenv("FICHIER_PASSWORD")
			switch {
			case fromEnv && generate:
				return errors.New("--generer et --mot-de-passe-env s'excluent : choisissez")
			case fromEnv && env == "":
				return errors.New("--mot-de-passe-env : $FICHIER_PASSWORD est vide")
			case fromEnv:
				pw = env
				fmt.Fprintln(cmd.ErrOrStderr(), "Nouveau mot de passe pris dans $FICHIER_PASSWORD (--mot-de-passe-env).")
			case !generate:
				if env != "" {
					fmt.Fprintln(cmd.ErrOrStderr(), "$FICHIER_PASSWORD n'est pas utilisé ici (--mot-de-passe-env pour le prendre).")
				}
				if pw, err = newPrompter(cmd.OutOrStdout()).secret("Nouveau mot de passe (vide : en générer un) : "); err != nil {
					return err
				}
			}
			generated := pw == ""
			if generated {
				pw = store.GeneratePassword()
			}
			u, err := st.RecoverAccount(args[0], pw, store.RecoverOptions{KeepTOTP: keepTOTP, Enable: enable})
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "utilisateur: %s\n", u.Username)
			if generated {
				fmt.Fprintf(out, "mot de passe: %s\n", pw)
			}
			fmt.Fprintln(out, "Il devra être changé à la prochaine connexion.")
			switch {
			case u.TOTPEnabled():
				fmt.Fprintln(out, "La double authentification est gardée : le code du téléphone sera demandé.")
			case u.TOTPRequired:
				fmt.Fprintln(out, "La double authentification est retirée ; exigée pour ce compte, elle sera remise en place à la prochaine connexion.")
			}
			if u.Disabled {
				fmt.Fprintln(out, "Attention : ce compte est désactivé et ne peut pas se connecter (--reactiver pour le réactiver).")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&generate, "generer", false, "générer le mot de passe sans le demander")
	cmd.Flags().BoolVar(&keepTOTP, "garder-2fa", false, "garder la double authentification du compte")
	cmd.Flags().BoolVar(&enable, "reactiver", false, "réactiver le compte s'il est désactivé")
	cmd.Flags().BoolVar(&fromEnv, "mot-de-passe-env", false, "prendre le nouveau mot de passe dans $FICHIER_PASSWORD (scripts)")
	return cmd
}

func newCompactCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "compact",
		Short: "Réécrit le fichier sans les pages libérées (à faire après un effacement de fiche)",
		Long: "Un effacement retire la fiche, mais ses anciens octets restent dans les pages libérées du\n" +
			"fichier jusqu'à leur réemploi. « fichier compact » réécrit le fichier avec ses seules données\n" +
			"vivantes : l'effacement devient définitif, et le fichier rétrécit. Le fichier ne doit être\n" +
			"ouvert par personne d'autre ; pensez aussi à remplacer les anciennes sauvegardes.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := g.dbPath()
			if err != nil {
				return err
			}
			before, after, err := store.Compact(path)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "fichier compacté : %s (%d → %d octets)\n", path, before, after)
			return nil
		},
	}
}
