package main

import (
	"strings"
	"testing"

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
	var acting [][]string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Flags().Lookup("user") != nil {
			acting = append(acting, strings.Fields(c.CommandPath())[1:])
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRoot())
	if len(acting) < 6 {
		t.Fatalf("commands taking --user: %v", acting)
	}
	for _, args := range acting {
		out, ok := run(t, nil, append(args, "--help")...)
		if !ok || strings.Count(out, "$FICHIER_PASSWORD") != 1 || !strings.Contains(out, "$FICHIER_CODE") {
			t.Errorf("fichier %s --help does not say how to log in:\n%s", strings.Join(args, " "), out)
		}
	}
}
