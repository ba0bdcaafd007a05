package main

import (
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// French for cobra: its usage template, its help flag and command, and its
// error messages (which it only writes in English).

const usageFR = `Utilisation :{{if .Runnable}}
  {{useLineFR .}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [commande]{{end}}{{if gt (len .Aliases) 0}}

Autres noms :
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Exemples :
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Commandes :{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Options :
{{flagsFR .LocalFlags}}{{end}}{{if .HasAvailableInheritedFlags}}

Options communes :
{{flagsFR .InheritedFlags}}{{end}}{{if .HasAvailableSubCommands}}

« {{.CommandPath}} [commande] --help » en dit plus sur une commande.{{end}}
`

func init() {
	cobra.AddTemplateFunc("useLineFR", func(c *cobra.Command) string {
		return strings.Replace(c.UseLine(), "[flags]", "[options]", 1)
	})
	cobra.AddTemplateFunc("flagsFR", func(fs *pflag.FlagSet) string { return flagUsagesFR(fs, helpWidth) })
}

// helpWidth is the terminal width --help is laid out for.
const helpWidth = 80

// valueWordsFR names, in French, the kind of value an option takes, by
// pflag's type name. A word in `backquotes` in the usage (pflag's own
// convention) names it better: « `date` du consentement ».
var valueWordsFR = map[string]string{
	"string": "texte", "int": "nombre", "int64": "nombre", "uint": "nombre", "float": "nombre", "duration": "durée",
}

// flagUsagesFR is pflag's FlagUsagesWrapped in French: « (par défaut : 2000) »,
// French value words, and the descriptions wrapped (counting characters,
// not bytes) to fit width columns.
func flagUsagesFR(fs *pflag.FlagSet, width int) string {
	type row struct{ left, usage string }
	var rows []row
	leftWidth := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden || f.Deprecated != "" {
			return
		}
		left := "      --" + f.Name
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		name, usage := pflag.UnquoteUsage(f)
		if !strings.Contains(f.Usage, "`") && name != "" {
			name = valueWordsFR[name]
			if name == "" {
				name = "valeur"
			}
		}
		if name != "" {
			left += " " + name
		}
		if def := defaultFR(f); def != "" {
			usage += " (par défaut : " + def + ")"
		}
		rows = append(rows, row{left, usage})
		leftWidth = max(leftWidth, utf8.RuneCountInString(left))
	})
	var b strings.Builder
	indent := leftWidth + 3
	for i, r := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(r.left)
		b.WriteString(strings.Repeat(" ", indent-utf8.RuneCountInString(r.left)))
		b.WriteString(strings.Join(wrapWords(r.usage, width-indent), "\n"+strings.Repeat(" ", indent)))
	}
	return b.String()
}

// defaultFR is a flag's default as the user would type it, or "" when it
// is the zero value (nothing worth saying).
func defaultFR(f *pflag.Flag) string {
	switch f.DefValue {
	case "", "0", "0s", "false", "[]":
		return ""
	}
	if d, err := time.ParseDuration(f.DefValue); err == nil && f.Value.Type() == "duration" {
		// 30m0s → 30m, 1h0m0s → 1h: what one types after --inactivite.
		s := d.String()
		if strings.HasSuffix(s, "m0s") {
			s = strings.TrimSuffix(s, "0s")
		}
		if strings.HasSuffix(s, "h0m") {
			s = strings.TrimSuffix(s, "0m")
		}
		return s
	}
	return f.DefValue
}

// wrapWords cuts text into lines of at most width characters, at spaces
// (a single longer word stays whole), never inside French punctuation: a
// « : », « ; », « ? », « ! » or « » » stays with the word before, a « « »
// with the word after.
func wrapWords(text string, width int) []string {
	var words []string
	glueNext := false
	// Split at plain spaces only: a no-break space already binds.
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' }) {
		switch {
		case glueNext || len(words) > 0 && strings.IndexAny(w, ":;?!»") == 0:
			words[len(words)-1] += " " + w
		default:
			words = append(words, w)
		}
		glueNext = w == "«"
	}
	var lines []string
	line := ""
	for _, w := range words {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return append(lines, line)
}

// frenchCobra sets the French usage, help flag and help command on root
// (its subcommands inherit them).
func frenchCobra(root *cobra.Command) {
	root.SetUsageTemplate(usageFR)
	root.PersistentFlags().BoolP("help", "h", false, "affiche l'aide")
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [commande]",
		Short: "Aide sur une commande",
		RunE: func(c *cobra.Command, args []string) error {
			cmd, _, err := root.Find(args)
			if err != nil || cmd == nil {
				return frenchError(err)
			}
			cmd.InitDefaultHelpFlag()
			return cmd.Help()
		},
	})
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return frenchError(err) })
}

// cobraErrorsFR translates cobra's and pflag's messages.
var cobraErrorsFR = []struct {
	re *regexp.Regexp
	fr string
}{
	{regexp.MustCompile(`^unknown command "(.*)" for "(.*)"`), "commande inconnue « $1 » pour « $2 » (« $2 --help » liste les commandes)"},
	{regexp.MustCompile(`^unknown flag: (.*)`), "option inconnue : $1"},
	{regexp.MustCompile(`^unknown shorthand flag: '(.)' in (.*)`), "option inconnue : -$1"},
	{regexp.MustCompile(`^flag needs an argument: '?(.)'? in -(.*)`), "l'option -$1 attend une valeur"},
	{regexp.MustCompile(`^flag needs an argument: (.*)`), "l'option $1 attend une valeur"},
	{regexp.MustCompile(`^invalid argument "(.*)" for "(.*)" flag: (.*)`), "valeur « $1 » invalide pour l'option $2 : $3"},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)`), "attend $1 argument(s), en a reçu $2"},
	{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)`), "attend au plus $1 argument(s), en a reçu $2"},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)`), "attend au moins $1 argument(s), en a reçu $2"},
	{regexp.MustCompile(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)`), "attend de $1 à $2 arguments, en a reçu $3"},
	{regexp.MustCompile(`^required flag\(s\) (.*) not set`), "option(s) obligatoire(s) manquante(s) : $1"},
	{regexp.MustCompile(`(?s)\n\nDid you mean this\?\n(.*)`), "\n\nVouliez-vous dire :\n$1"},
}

// frenchError returns err with cobra's English message in French (other
// errors, already French, unchanged).
func frenchError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	out := msg
	for _, t := range cobraErrorsFR {
		out = t.re.ReplaceAllString(out, t.fr)
	}
	if out == msg {
		return err
	}
	return errors.New(strings.TrimRight(out, "\n"))
}
