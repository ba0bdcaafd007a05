package main

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/cobra"
)

// TestUsageAndErrorsInFrench: --help, cobra's usage and its error messages
// speak French like the rest of the app.
func TestUsageAndErrorsInFrench(t *testing.T) {
	english := []string{"Usage:", "Flags:", "Available Commands", "Global Flags", "[flags]", "for more information", "help for", "unknown", "accepts", "received", "Did you mean", "completion"}
	for _, c := range []struct {
		args []string
		ok   bool
		want []string
	}{
		{[]string{"--help"}, true, []string{"Utilisation", "Commandes", "Options", "affiche l'aide", "demo", "fichier [commande] --help"}},
		{[]string{"help", "import"}, true, []string{"Utilisation", "fichier import", "[options]"}},
		{[]string{"import", "--help"}, true, []string{"Utilisation", "Options communes", "--db"}},
		{[]string{"exprot"}, false, []string{"commande inconnue « exprot »", "Vouliez-vous dire", "export"}},
		{[]string{"--nimporte"}, false, []string{"option inconnue : --nimporte"}},
		{[]string{"check", "-z"}, false, []string{"option inconnue : -z"}},
		{[]string{"version", "en-trop"}, false, []string{"commande inconnue « en-trop »"}},
		{[]string{"import"}, false, []string{"attend 1 argument", "en a reçu 0"}},
		{[]string{"check", "--db"}, false, []string{"l'option --db attend une valeur"}},
	} {
		out, ok := run(t, nil, c.args...)
		if ok != c.ok {
			t.Errorf("fichier %v: success %v, want %v:\n%s", c.args, ok, c.ok, out)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("fichier %v lacks %q:\n%s", c.args, w, out)
			}
		}
		for _, e := range english {
			if strings.Contains(out, e) {
				t.Errorf("fichier %v says %q:\n%s", c.args, e, out)
			}
		}
	}
}

// TestHelpSaysHowToLogIn: the help of every command that acts as a
// responsable (it takes --user) says once how they log in, two-factor code
// included.
func TestHelpSaysHowToLogIn(t *testing.T) {
	acting := commandPaths(func(c *cobra.Command) bool { return c.Flags().Lookup("user") != nil })
	if len(acting) < 6 {
		t.Fatalf("commands taking --user: %v", acting)
	}
	for _, args := range acting {
		out, ok := helpOf(args)
		if !ok || strings.Count(out, "$FICHIER_PASSWORD") != 1 || !strings.Contains(out, "$FICHIER_CODE") {
			t.Errorf("fichier %s --help does not say how to log in:\n%s", strings.Join(args, " "), out)
		}
	}
}

// TestFlagHelpInFrench: in every command's --help, the option lines say
// their defaults and value kinds in French (no cobra « default », no Go
// type names) and fit 80 columns.
func TestFlagHelpInFrench(t *testing.T) {
	english := regexp.MustCompile(`\b(default|string|strings|int|int64|uint|float|duration|bool)\b`)
	sawDefault := false
	for _, args := range commandPaths(func(*cobra.Command) bool { return true }) {
		out, ok := helpOf(args)
		if !ok {
			t.Errorf("fichier %s --help:\n%s", strings.Join(args, " "), out)
			continue
		}
		for _, line := range optionLines(out) {
			if w := english.FindString(line); w != "" {
				t.Errorf("fichier %s --help says %q:\n%s", strings.Join(args, " "), w, line)
			}
			if n := utf8.RuneCountInString(line); n > 80 {
				t.Errorf("fichier %s --help: %d columns:\n%s", strings.Join(args, " "), n, line)
			}
			if s := strings.TrimSpace(line); strings.HasSuffix(s, "«") || strings.IndexAny(s, ":;»") == 0 {
				t.Errorf("fichier %s --help cuts a line at French punctuation:\n%s", strings.Join(args, " "), line)
			}
			sawDefault = sawDefault || strings.Contains(line, "(par défaut : ")
		}
	}
	if !sawDefault {
		t.Error("no option line says « (par défaut : … ) »")
	}
	out, _ := run(t, nil, "export", "--help")
	if !strings.Contains(out, "(par défaut : complet)") {
		t.Errorf("export --help:\n%s", out)
	}
}

// TestWrapWordsKeepsFrenchPunctuation: a line never starts with « : », « ; »,
// « ? », « ! » or « » », nor ends with « « » — even where the plain cut
// would fall there.
func TestWrapWordsKeepsFrenchPunctuation(t *testing.T) {
	for _, c := range []struct {
		text  string
		width int
		want  []string
	}{
		{"aaaa « bbbb » cc", 11, []string{"aaaa", "« bbbb » cc"}},
		{"aaaa bbbbbb : cc", 11, []string{"aaaa", "bbbbbb : cc"}},
		{"aaaa bbbbbb ! cc", 11, []string{"aaaa", "bbbbbb ! cc"}},
		{"aa « bb cc", 4, []string{"aa", "« bb", "cc"}},
	} {
		if got := wrapWords(c.text, c.width); !slices.Equal(got, c.want) {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", c.text, c.width, got, c.want)
		}
	}
}

// commandPaths lists the arguments that name each command keep accepts
// (the root is none), walking every subcommand.
func commandPaths(keep func(*cobra.Command) bool) [][]string {
	var paths [][]string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if keep(c) {
			paths = append(paths, strings.Fields(c.CommandPath())[1:])
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRoot())
	return paths
}

// helpOf is what « fichier ARGS --help » prints and whether it succeeded,
// in process: the binary run thirty times would cost half a minute.
func helpOf(args []string) (string, bool) {
	var buf bytes.Buffer
	root := newRoot()
	root.SetOut(&buf)
	root.SetErr(&buf)
	root.SetArgs(append(slices.Clone(args), "--help"))
	err := root.Execute()
	return buf.String(), err == nil
}

// optionLines returns the lines of the « Options » sections of a --help.
func optionLines(help string) []string {
	var lines []string
	in := false
	for _, line := range strings.Split(help, "\n") {
		switch {
		case strings.HasPrefix(line, "Options"):
			in = true
		case line == "" || !strings.HasPrefix(line, " "):
			in = false
		case in:
			lines = append(lines, line)
		}
	}
	return lines
}
