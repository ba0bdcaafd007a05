package main

import (
	"errors"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
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
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Options communes :
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

« {{.CommandPath}} [commande] --help » en dit plus sur une commande.{{end}}
`

func init() {
	cobra.AddTemplateFunc("useLineFR", func(c *cobra.Command) string {
		return strings.Replace(c.UseLine(), "[flags]", "[options]", 1)
	})
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
