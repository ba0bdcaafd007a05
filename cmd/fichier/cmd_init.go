package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"fichier/model"
	"fichier/store"
)

type initFlags struct {
	first, last      string
	federation, code string
	section          string
	level            string
}

func newInitCmd(g *globals) *cobra.Command {
	f := &initFlags{}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Crée un nouveau fichier et son premier responsable",
		Long: "Crée le premier responsable d'un fichier vide (et, si demandé, sa fédération et sa section).\n" +
			"Sans options, les questions sont posées une à une ; pour un script, donnez les options\n" +
			"et le mot de passe dans $FICHIER_PASSWORD.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInit(cmd, g, f)
		},
	}
	cmd.Flags().StringVar(&f.first, "prenom", "", "prénom du premier responsable")
	cmd.Flags().StringVar(&f.last, "nom", "", "nom du premier responsable")
	cmd.Flags().StringVar(&f.federation, "federation", "", "nom de la fédération à créer (ex. Isère)")
	cmd.Flags().StringVar(&f.code, "code", "", "numéro de département de la fédération (ex. 38)")
	cmd.Flags().StringVar(&f.section, "section", "", "nom d'une première section à créer")
	cmd.Flags().StringVar(&f.level, "niveau", "national", "niveau du responsable : national, fédération ou section")
	return cmd
}

func runInit(cmd *cobra.Command, g *globals, f *initFlags) error {
	out := cmd.OutOrStdout()
	st, err := g.open(store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if st.HasUsers() {
		return errors.New("ce fichier a déjà des responsables : utilisez « fichier » pour vous connecter, ou « fichier reset-password »")
	}
	p := newPrompter(out)
	ask := func(v *string, q string) error {
		for *v == "" {
			s, err := p.line(q)
			if err != nil {
				return err
			}
			*v = s
		}
		return nil
	}
	if err := ask(&f.first, "Prénom du premier responsable : "); err != nil {
		return err
	}
	if err := ask(&f.last, "Nom : "); err != nil {
		return err
	}
	pw, err := choosePassword(p)
	if err != nil {
		return err
	}
	u, err := st.InitFile(store.InitSpec{FirstName: f.first, LastName: f.last, Password: pw,
		Federation: f.federation, FederationCode: f.code, Section: f.section, Level: f.level})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Fichier %s prêt.\nutilisateur: %s\nniveau: %s (%s)\n", st.Path(), u.Username, st.Describe(u.Scope), u.Rights)
	return nil
}

// choosePassword takes $FICHIER_PASSWORD, or asks twice and checks strength.
func choosePassword(p *prompter) (string, error) {
	if pw := os.Getenv("FICHIER_PASSWORD"); pw != "" {
		return pw, model.CheckPassword(pw)
	}
	for tries := 0; tries < 3; tries++ {
		pw, err := p.secret("Mot de passe (10 caractères au moins) : ")
		if err != nil {
			return "", err
		}
		if err := model.CheckPassword(pw); err != nil {
			fmt.Fprintln(p.out, err)
			continue
		}
		again, err := p.secret("Encore une fois : ")
		if err != nil {
			return "", err
		}
		if again != pw {
			fmt.Fprintln(p.out, "Les deux saisies diffèrent.")
			continue
		}
		return pw, nil
	}
	return "", errors.New("mot de passe non choisi")
}
