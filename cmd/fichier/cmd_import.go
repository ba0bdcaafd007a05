package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"fichier/export"
	"fichier/model"
	"fichier/store"
)

type importFlags struct {
	user, source, unit, consent, channels, rejects string
	dryRun                                         bool
}

func newImportCmd(g *globals) *cobra.Command {
	f := &importFlags{}
	cmd := &cobra.Command{
		Use:   "import --user IDENTIFIANT --source \"Pétition …\" FICHIER",
		Short: "Importe un tableur (CSV ou xlsx) : nouvelles fiches, doublons complétés, rejets expliqués",
		Long: "Lit un tableur CSV (séparateur ; , ou tabulation ; UTF-8 ou Windows-1252) ou xlsx, reconnaît\n" +
			"les colonnes par leur titre (Nom, Prénom, Tél., Portable, Courriel, CP, Ville …), vérifie\n" +
			"chaque ligne, complète les fiches existantes qui sont la même personne (même courriel, même\n" +
			"téléphone, ou mêmes nom et date de naissance) sans rien écraser, et crée les autres avec la\n" +
			"source et la date de consentement de l'import, dans le périmètre du responsable.\n" +
			"Tout est écrit d'un coup, ou rien ; les lignes rejetées sont écrites, avec leur motif, dans\n" +
			"un fichier à côté du tableur. --dry-run montre ce qui serait fait sans rien écrire.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runImport(cmd, g, f, args[0]) },
	}
	actingAs(cmd, &f.user)
	cmd.Flags().StringVar(&f.source, "source", "", "d'où viennent ces personnes (inscrit sur chaque fiche créée)")
	cmd.Flags().StringVar(&f.unit, "unite", "", "unité des fiches sans fédération ni section, ex. « Isère/Sud-Grenoblois » (par défaut : votre section ou cellule)")
	cmd.Flags().StringVar(&f.consent, "consentement", "", "`date` du consentement jj/mm/aaaa (par défaut : aujourd'hui)")
	cmd.Flags().StringVar(&f.channels, "canaux", "", "canaux consentis, ex. « courriel,téléphone » (par défaut : ceux dont la ligne donne les coordonnées)")
	cmd.Flags().StringVar(&f.rejects, "rejets", "", "`fichier` des lignes rejetées (par défaut : FICHIER-rejets.csv)")
	cmd.Flags().BoolVar(&f.dryRun, "dry-run", false, "simulation : montrer ce qui serait fait, sans rien écrire")
	return cmd
}

func runImport(cmd *cobra.Command, g *globals, f *importFlags, path string) error {
	if strings.TrimSpace(f.source) == "" {
		return store.ErrImportSource
	}
	consent, err := model.ParseDate(f.consent)
	if err != nil {
		return fmt.Errorf("--consentement : %w", err)
	}
	var channels model.Channels
	if f.channels != "" {
		if channels, err = parseChannelsFlag(f.channels); err != nil {
			return err
		}
	}
	// Read the file before opening the store: a bad file changes nothing.
	in, err := export.Load(path)
	if err != nil {
		return err
	}
	return asResponsable(cmd, g, f.user, func(st *store.Store, sess *store.Session) error {
		var unit model.Org
		if f.unit != "" {
			if unit, err = findUnit(st, sess, f.unit); err != nil {
				return err
			}
		}
		w := cmd.OutOrStdout()
		describeInput(w, in)
		opt := export.Options{Source: f.source, ConsentDate: consent, Channels: channels, Unit: unit, DryRun: f.dryRun}
		rep, err := export.Apply(st, sess, in, opt)
		if err != nil {
			return err
		}
		if f.dryRun {
			fmt.Fprintf(w, "simulation (rien n'est écrit) : %s\n", rep.Summary())
		} else {
			fmt.Fprintf(w, "import : %s\n", rep.Summary())
		}
		printReport(w, rep)
		if !f.dryRun && rep.Rejected > 0 {
			out := f.rejects
			if out == "" {
				out = export.RejectedPath(path)
			}
			n, err := export.WriteRejected(out, in, rep)
			if err != nil {
				return fmt.Errorf("import fait (%s), mais %w", rep.Summary(), err)
			}
			fmt.Fprintf(w, "lignes rejetées (%d), avec leur motif : %s\n", n, out)
		}
		return nil
	})
}

func describeInput(w io.Writer, in *export.Input) {
	t := in.Table
	what := t.Format.String()
	if t.Format == export.CSV {
		what += ", " + t.Encoding + ", séparateur " + t.SeparatorName()
	} else {
		what += ", feuille « " + t.Sheet + " »"
	}
	fmt.Fprintf(w, "%s (%s) : %d lignes", t.Name, what, len(in.Rows))
	if in.Blank > 0 {
		fmt.Fprintf(w, " (%d vides ignorées)", in.Blank)
	}
	fmt.Fprintln(w)
	var cols []string
	for i, field := range in.Mapping.Fields {
		if field != "" && field != "-" {
			cols = append(cols, t.Header[i]+" → "+export.FieldName(field))
		}
	}
	fmt.Fprintf(w, "colonnes lues : %s\n", strings.Join(cols, " ; "))
	for _, u := range in.Mapping.Unmapped {
		h := u.Header
		if h == "" {
			h = fmt.Sprintf("colonne %d", u.Column+1)
		}
		fmt.Fprintf(w, "colonne non importée : %s (%s)\n", h, u.Why)
	}
}

func printReport(w io.Writer, rep store.ImportReport) {
	const most = 200
	shown := 0
	for _, l := range rep.Lines {
		switch {
		case l.Outcome == store.ImportRejected:
			shown++
			if shown <= most {
				fmt.Fprintf(w, "ligne %d rejetée (%s) : %s\n", l.Line, l.Name, l.Reason)
			}
		case l.Outcome == store.ImportMerged || len(l.Conflicts) > 0:
			shown++
			if shown > most {
				continue
			}
			line := fmt.Sprintf("ligne %d %s → %s", l.Line, l.Outcome, l.Reason)
			if len(l.Filled) > 0 {
				line += " ; complété : " + strings.Join(l.Filled, ", ")
			}
			fmt.Fprintln(w, line)
			for _, c := range l.Conflicts {
				fmt.Fprintf(w, "    différent : %s — gardé « %s », non repris « %s »\n", c.Field, c.Old, c.New)
			}
		}
	}
	if shown > most {
		fmt.Fprintf(w, "… et %d autres lignes (voir le fichier des rejets et le journal)\n", shown-most)
	}
}

// findUnit finds a unit of the session's scope by its path ("Isère ›
// Sud-Grenoblois", "Isère/Sud-Grenoblois") or its name when unique.
func findUnit(st *store.Store, sess *store.Session, spec string) (model.Org, error) {
	norm := func(s string) string {
		s = strings.NewReplacer("›", "/", ">", "/").Replace(s)
		parts := strings.Split(s, "/")
		for i, p := range parts {
			parts[i] = model.Fold(strings.TrimSpace(p))
		}
		return strings.Join(parts, "/")
	}
	want := norm(spec)
	units, err := st.Units(sess)
	if err != nil {
		return model.Org{}, err
	}
	u, err := sess.User()
	if err != nil {
		return model.Org{}, err
	}
	var byName []model.Unit
	for _, unit := range units {
		if !u.Scope.Contains(unit.Path) {
			continue
		}
		if norm(st.Describe(unit.Path)) == want {
			return unit.Path, nil
		}
		if model.Fold(strings.TrimSpace(unit.Name)) == want {
			byName = append(byName, unit)
		}
	}
	switch len(byName) {
	case 1:
		return byName[0].Path, nil
	case 0:
		return model.Org{}, fmt.Errorf("--unite : aucune unité « %s » dans votre périmètre", spec)
	}
	var names []string
	for _, unit := range byName {
		names = append(names, st.Describe(unit.Path))
	}
	return model.Org{}, fmt.Errorf("--unite : plusieurs unités s'appellent « %s » : %s ; donnez le chemin", spec, strings.Join(names, ", "))
}

func parseChannelsFlag(s string) (model.Channels, error) {
	var c model.Channels
	for _, part := range strings.Split(s, ",") {
		switch model.Fold(strings.TrimSpace(part)) {
		case "courrier", "poste":
			c |= model.ChannelCourrier
		case "courriel", "email", "mail":
			c |= model.ChannelCourriel
		case "telephone", "tel":
			c |= model.ChannelTelephone
		case "sms":
			c |= model.ChannelSMS
		default:
			return 0, errors.New("--canaux : « " + part + " » inconnu (courrier, courriel, téléphone, sms)")
		}
	}
	return c, nil
}
