package model

import (
	"strings"
	"testing"
)

func TestPasswordStrength(t *testing.T) {
	cases := []struct {
		pw    string
		score int
	}{
		{"", 0},
		{"a", 0},
		{"motdepasse", 0},
		{"MotDePasse", 0},
		{"azerty", 0},
		{"123456", 0},
		{"password", 0},
		{"soleil", 0},
		{"1234567890", 0},
		{"aaaaaaaaaaaaaaaaaaaa", 0},
		{"abcdefghijklmnopqrst", 0},
		{"abababababababab", 0},
		{"Azerty2024!", 1},      // common word, decorated
		{"M0tDeP@sse1", 1},      // leetspeak
		{"P@ssw0rd", 1},         //
		{"azertyazerty", 1},     // repeated
		{"bonjour", 0},          // common
		{"kqzvmrt", 1},          // short
		{"kqzvmrtplw", 2},       // 10 random lower-case letters
		{"Kqzv4mrt!", 2},        // 9 mixed
		{"Tr0ub4dour&3", 3},     // 12 mixed
		{"kqzvmrtplwxjhgfd", 3}, // 16 lower-case
		{"correct cheval agrafe batterie", 4},
		{"J'aime les pommes vertes !", 4},
		{"Ma-Section-De-Grenoble-1920", 4},
	}
	labels := []string{"très faible", "faible", "moyen", "bon", "excellent"}
	for _, c := range cases {
		score, label := PasswordStrength(c.pw)
		if score != c.score {
			t.Errorf("PasswordStrength(%q) = %d (%s), want %d", c.pw, score, label, c.score)
		}
		if label != labels[score] {
			t.Errorf("PasswordStrength(%q) label %q for score %d", c.pw, label, score)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	cases := []struct{ pw, msg string }{
		{"", "mot de passe trop court : 10 caractères minimum"},
		{"Tr0ub4d&3", "mot de passe trop court : 10 caractères minimum"},
		{"éèàùçôîâêû", ""}, // 10 characters, more than 10 bytes
		{"éèàùçôîâê", "mot de passe trop court : 10 caractères minimum"},
		{"motdepasse", "mot de passe trop courant : choisissez-en un moins prévisible"},
		{"Motdepasse2025!", "mot de passe trop courant : choisissez-en un moins prévisible"},
		{"aaaaaaaaaaaa", "mot de passe trop faible : allongez-le ou mêlez majuscules, minuscules, chiffres et symboles"},
		{"0123401234", "mot de passe trop faible : allongez-le ou mêlez majuscules, minuscules, chiffres et symboles"},
		{"kqzvmrtplw", ""},
		{"Tr0ub4dour&3", ""},
		{"J'aime les pommes vertes !", ""},
		{strings.Repeat("xK9!", 40), ""},
	}
	for _, c := range cases {
		err := CheckPassword(c.pw)
		switch {
		case c.msg == "" && err != nil:
			t.Errorf("CheckPassword(%q) = %v, want nil", c.pw, err)
		case c.msg != "" && (err == nil || err.Error() != c.msg):
			t.Errorf("CheckPassword(%q) = %v, want %q", c.pw, err, c.msg)
		}
	}
	if MinPasswordScore != 2 {
		t.Errorf("MinPasswordScore = %d", MinPasswordScore)
	}
}
