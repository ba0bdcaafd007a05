package model

import (
	"strings"
	"testing"
)

func TestUsername(t *testing.T) {
	cases := []struct{ first, last, want string }{
		{"Émilie", "Dupont-Martin", "edupont-martin"},
		{"Jean-Luc", "Le Floch", "jlefloch"},
		{"Zoé", "D'Aubigné", "zdaubigne"},
		{"Zoé", "D’Aubigné", "zdaubigne"},
		{"Œdipe", "Lœwenbruck", "oloewenbruck"},
		{"Ángel", "Núñez", "anunez"},
		{"Søren", "Kierkegaard", "skierkegaard"},
		{"Lech", "Wałęsa", "lwalesa"},
		{"  marie ", "  CURIE  ", "mcurie"},
		{"-Anne", "-Dupont--Martin-", "adupont-martin"},
		{"", "Dupont", "dupont"},
		{"Jean", "", "j"},
		{"", "", DefaultUsername},
		{"李", "王", DefaultUsername},
		{"Jean", "Dupont\x1b[31m", "jdupont"},
		{"Louis", "XIV 2", "lxiv2"},
		{"A", strings.Repeat("b", 50), "a" + strings.Repeat("b", 31)},
	}
	for _, c := range cases {
		got := Username(c.first, c.last, nil)
		if got != c.want {
			t.Errorf("Username(%q, %q) = %q, want %q", c.first, c.last, got, c.want)
		}
		for _, r := range got {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Errorf("Username(%q, %q) = %q holds %q", c.first, c.last, got, r)
			}
		}
	}
}

func TestUsernameCollisions(t *testing.T) {
	used := map[string]bool{}
	taken := func(s string) bool { return used[s] }
	want := []string{"edupont-martin", "edupont-martin2", "edupont-martin3", "edupont-martin4"}
	for _, w := range want {
		got := Username("Émilie", "Dupont-Martin", taken)
		if got != w {
			t.Fatalf("Username = %q, want %q", got, w)
		}
		used[got] = true
	}
	// A namesake with a different first name but the same initial collides too.
	if got := Username("Étienne", "Dupont-Martin", taken); got != "edupont-martin5" {
		t.Errorf("Username(Étienne) = %q, want edupont-martin5", got)
	}
	used["responsable"] = true
	if got := Username("", "", taken); got != "responsable2" {
		t.Errorf("Username('', '') = %q, want responsable2", got)
	}
}

func FuzzUsername(f *testing.F) {
	f.Add("Émilie", "Dupont-Martin")
	f.Add("", "")
	f.Add("-", "--")
	f.Add("Zoé", "D'Aubigné\x1b[31m")
	f.Fuzz(func(t *testing.T, first, last string) {
		u := Username(first, last, nil)
		if u == "" || len(u) > MaxUsernameLen || strings.HasPrefix(u, "-") || strings.HasSuffix(u, "-") || strings.Contains(u, "--") {
			t.Fatalf("Username(%q, %q) = %q", first, last, u)
		}
		for _, r := range u {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Fatalf("Username(%q, %q) = %q holds %q", first, last, u, r)
			}
		}
	})
}
