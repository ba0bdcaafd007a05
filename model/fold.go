package model

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// latinFold maps the accented letters of French (and neighbours) to their
// folded form without going through Unicode normalisation: Fold runs for
// every fiche when the index is built, so the common case must not allocate
// more than the result.
var latinFold = map[rune]string{
	'à': "a", 'â': "a", 'ä': "a", 'á': "a", 'ã': "a", 'å': "a",
	'ç': "c", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'î': "i", 'ï': "i", 'í': "i", 'ì': "i",
	'ô': "o", 'ö': "o", 'ó': "o", 'ò': "o", 'õ': "o", 'ø': "o",
	'ù': "u", 'û': "u", 'ü': "u", 'ú': "u",
	'ÿ': "y", 'ý': "y", 'ñ': "n",
	'œ': "oe", 'æ': "ae", 'ß': "ss",
	'’': "'", '‘': "'",
}

// slowFold builds a fresh chain each time: transformers keep state, so one
// shared chain would race between sessions. It only runs for rare letters.
func slowFold() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// Fold lower-cases s and strips accents ("Échirolles" → "echirolles") so that
// searches are accent- and case-insensitive. Typographic apostrophes become '.
func Fold(s string) string {
	if IsLowerASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
		default:
			lr := unicode.ToLower(r)
			if f, ok := latinFold[lr]; ok {
				b.WriteString(f)
			} else {
				// Rarer letters (Vietnamese, Greek …): full decomposition.
				out, _, err := transform.String(slowFold(), string(lr))
				if err != nil {
					out = string(lr)
				}
				b.WriteString(out)
			}
		}
	}
	return b.String()
}

// IsLowerASCII reports whether s is ASCII without capitals: Fold leaves it as it is.
func IsLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

func upper(s string) string { return strings.ToUpper(s) }

func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
