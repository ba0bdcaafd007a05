package model

import (
	"errors"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinPasswordScore is the lowest PasswordStrength score CheckPassword accepts.
const MinPasswordScore = 2

// MinPasswordLen is the shortest password CheckPassword accepts, in characters.
const MinPasswordLen = 10

var passwordLabels = [5]string{"très faible", "faible", "moyen", "bon", "excellent"}

// commonPasswords are refused outright, even decorated ("Azerty2024!",
// "M0tdep@sse"). Entries are folded (lower case, no accents).
var commonPasswords = map[string]bool{}

func init() {
	for _, p := range strings.Fields(`
		motdepasse motdepass mdp password passw0rd passe secret
		azerty azertyuiop azerty123 qwerty qwertyuiop qwertz
		123456 1234567 12345678 123456789 1234567890 0123456789
		000000 111111 123123 654321 112233 121212 abc123 abcdef
		soleil bonjour bonsoir salut coucou doudou loulou chouchou
		nounours jetaime iloveyou amour marseille paris lyon france
		football chocolat princesse camille nicolas julien thomas
		admin administrateur utilisateur root toor test bienvenue
		welcome letmein dragon monkey master sunshine
		fichier responsable militant militante camarade adherent
		adherente liberte egalite fraternite solidarite revolution
		socialisme communisme republique
	`) {
		commonPasswords[p] = true
	}
}

var leet = strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s", "€", "e", "!", "i")

// PasswordStrength rates pw from 0 to 4 with a French label (« très faible »,
// « faible », « moyen », « bon », « excellent »). The estimate counts the
// character classes used and the length, discounts repeated and sequential
// characters ("aaaa", "1234"), and caps passwords built on a common one.
func PasswordStrength(pw string) (score int, label string) {
	score = passwordScore(pw)
	return score, passwordLabels[score]
}

func passwordScore(pw string) int {
	if pw == "" {
		return 0
	}
	switch commonLevel(pw) {
	case 2:
		return 0
	case 1:
		return min(1, entropyScore(pw))
	}
	return entropyScore(pw)
}

// commonLevel is 2 when pw is a common password, 1 when it is one with a few
// changes (case, leetspeak, digits or symbols around it), 0 otherwise.
func commonLevel(pw string) int {
	f := Fold(pw)
	if commonPasswords[f] {
		return 2
	}
	core := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) })
	if core == "" {
		return 0
	}
	for _, c := range []string{core, leet.Replace(core), leet.Replace(f)} {
		if commonPasswords[c] {
			return 1
		}
		// the same word repeated: "azertyazerty"
		for w := range commonPasswords {
			if len(c) > len(w) && len(c)%len(w) == 0 && strings.HasPrefix(c, w) && strings.Repeat(w, len(c)/len(w)) == c {
				return 1
			}
		}
	}
	return 0
}

// entropyScore estimates the bits of pw from its character pool and its
// effective length.
func entropyScore(pw string) int {
	var lower, upper, digit, symbol, other bool
	unique := map[rune]bool{}
	var eff float64
	prev := rune(-10)
	for _, r := range pw {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		case r < utf8.RuneSelf:
			symbol = true
		default:
			other = true
		}
		unique[r] = true
		if d := r - prev; d >= -1 && d <= 1 {
			eff += 0.25 // "aaaa", "abcd", "4321" add little
		} else {
			eff++
		}
		prev = r
	}
	// Few distinct characters ("abababab") make a weak password however long.
	eff = math.Min(eff, 2*float64(len(unique)))

	pool := 0
	if lower {
		pool += 26
	}
	if upper {
		pool += 26
	}
	if digit {
		pool += 10
	}
	if symbol {
		pool += 33
	}
	if other {
		pool += 100
	}
	bits := eff * math.Log2(float64(pool))
	switch {
	case bits < 28:
		return 0
	case bits < 40:
		return 1
	case bits < 60:
		return 2
	case bits < 80:
		return 3
	}
	return 4
}

// CheckPassword refuses, with a French message, a password shorter than
// MinPasswordLen characters or scoring below MinPasswordScore.
func CheckPassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return errors.New("mot de passe trop court : 10 caractères minimum")
	}
	if commonLevel(pw) > 0 {
		return errors.New("mot de passe trop courant : choisissez-en un moins prévisible")
	}
	if score, _ := PasswordStrength(pw); score < MinPasswordScore {
		return errors.New("mot de passe trop faible : allongez-le ou mêlez majuscules, minuscules, chiffres et symboles")
	}
	return nil
}
