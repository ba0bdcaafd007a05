package model

import (
	"strconv"
	"strings"
)

// DefaultUsername is the login given when a name yields no usable letter.
const DefaultUsername = "responsable"

// MaxUsernameLen caps the length of a generated login, suffix excluded.
const MaxUsernameLen = 32

// letters Fold leaves alone because they have no decomposition.
var usernameTranslit = strings.NewReplacer("ø", "o", "ł", "l", "đ", "d", "ð", "d", "þ", "th", "ı", "i", "ħ", "h", "ŀ", "l")

// Username proposes a login for a responsable: the first letter of the first
// name followed by the whole last name, in lower case without accents,
// spaces or apostrophes, hyphens kept ("Émilie Dupont-Martin" →
// "edupont-martin", "Zoé D'Aubigné" → "zdaubigne"). The result only holds
// [a-z0-9-]. While taken reports the login as used, 2, 3 … is appended
// ("edupont-martin2"). taken may be nil.
func Username(first, last string, taken func(string) bool) string {
	base := usernameBase(first, last)
	if taken == nil || !taken(base) {
		return base
	}
	for i := 2; ; i++ {
		candidate := base + strconv.Itoa(i)
		if !taken(candidate) {
			return candidate
		}
	}
}

func usernameBase(first, last string) string {
	var b strings.Builder
	f := usernameChars(first)
	for _, c := range f {
		if c != '-' {
			b.WriteRune(c)
			break
		}
	}
	b.WriteString(strings.Trim(usernameChars(last), "-"))

	// Collapse hyphen runs and trim them from the ends.
	parts := strings.FieldsFunc(b.String(), func(r rune) bool { return r == '-' })
	s := strings.Join(parts, "-")
	if len(s) > MaxUsernameLen {
		s = strings.TrimRight(s[:MaxUsernameLen], "-")
	}
	if s == "" {
		return DefaultUsername
	}
	return s
}

// usernameChars folds s and keeps only [a-z0-9-].
func usernameChars(s string) string {
	s = usernameTranslit.Replace(Fold(StripControl(s)))
	var b strings.Builder
	for _, c := range s {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' {
			b.WriteRune(c)
		}
	}
	return b.String()
}
