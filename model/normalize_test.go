package model

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// normCase is an input of a normaliser and the value it must give.
type normCase[T any] struct {
	in   string
	want T
}

// refusal is an input a normaliser must refuse, and what its error says.
type refusal struct{ in, msg string }

// checkRefused fails where norm accepts a case, gives a value with its
// error, or words the error otherwise than says(err, case's message).
func checkRefused[T comparable](t *testing.T, name string, norm func(string) (T, error), cases []refusal, says func(err, msg string) bool) {
	t.Helper()
	var zero T
	for _, c := range cases {
		got, err := norm(c.in)
		switch {
		case err == nil:
			t.Errorf("%s(%q) = %#v, want an error saying %q", name, c.in, got, c.msg)
		case !says(err.Error(), c.msg):
			t.Errorf("%s(%q) error %q, want one saying %q", name, c.in, err, c.msg)
		case got != zero:
			t.Errorf("%s(%q) returned %#v with an error", name, c.in, got)
		}
	}
}

// exactly is an error that is the message itself.
func exactly(err, msg string) bool { return err == msg }

// after is an error that starts with prefix and contains the message.
func after(prefix string) func(err, msg string) bool {
	return func(err, msg string) bool { return strings.HasPrefix(err, prefix) && strings.Contains(err, msg) }
}

// checkNormalized fails where norm does not give a case's value without error.
func checkNormalized[T comparable](t *testing.T, name string, norm func(string) (T, error), cases []normCase[T]) {
	t.Helper()
	for _, c := range cases {
		got, err := norm(c.in)
		if err != nil || got != c.want {
			t.Errorf("%s(%q) = %#v, %v; want %#v", name, c.in, got, err, c.want)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	ok := []normCase[string]{
		{"06 12 34 56 78", "+33612345678"},
		{"0612345678", "+33612345678"},
		{"06.12.34.56.78", "+33612345678"},
		{"06-12-34-56-78", "+33612345678"},
		{"06/12/34/56/78", "+33612345678"},
		{"+33 6 12 34 56 78", "+33612345678"},
		{"+33612345678", "+33612345678"},
		{"+33 (0)6 12 34 56 78", "+33612345678"},
		{"0033612345678", "+33612345678"},
		{"00 33 6 12 34 56 78", "+33612345678"},
		{"  06 12 34 56 78  ", "+33612345678"},
		{"06\u00a012\u00a034\u00a056\u00a078", "+33612345678"}, // no-break spaces
		{"06 12 34 56 78\x1b[0m", "+33612345678"},
		{"612345678", "+33612345678"}, // leading 0 eaten by a spreadsheet
		{"07 81 23 45 67", "+33781234567"},
		{"01 23 45 67 89", "+33123456789"},
		{"04 76 12 34 56", "+33476123456"},
		{"09 51 23 45 67", "+33951234567"},
		{"0692 12 34 56", "+262692123456"}, // Réunion mobile
		{"0590 27 12 34", "+590590271234"}, // Guadeloupe
		{"+262 692 12 34 56", "+262692123456"},
		{"+41 22 123 45 67", "+41221234567"},
		{"+44 20 7946 0958", "+442079460958"},
		{"+1 650 253 0000", "+16502530000"},
		{"+508 41 23 45", "+508412345"},    // Saint-Pierre-et-Miquelon: own plan
		{"0639 01 23 45", "+262639012345"}, // Mayotte mobile
		{"0041 22 123 45 67", "+41221234567"},
		{"", ""},
		{"   ", ""},
	}
	checkNormalized(t, "NormalizePhone", NormalizePhone, ok)

	bad := []refusal{
		{"06 12 AB 56 78", "il contient des lettres"},
		{"tél 06 12 34 56 78", "il contient des lettres"},
		{"O6 12 34 56 78", "il contient des lettres"}, // letter O for zero
		{"06 12 34 56 78 poste 12", "il contient des lettres"},
		{"06 12 34 56 7", "pas assez de chiffres"},
		{"06 12 34 56 78 9", "trop de chiffres"},
		{"061234567890123456789", "trop de chiffres"},
		{"+33 6 12 34 56", "pas assez de chiffres"},
		{"06 12 34 56 78#", "caractère « # » inattendu"},
		{"06+12345678", "le + doit être au début"},
		{"+", "aucun chiffre"},
		{"--", "aucun chiffre"},
		{"+999 123 456 789", "indicatif de pays inconnu"},
		{"00 00 00 00 00", "numéro de téléphone invalide"},
	}
	checkRefused(t, "NormalizePhone", NormalizePhone, bad, after("numéro de téléphone invalide"))
}

func TestFormatPhone(t *testing.T) {
	cases := []struct{ in, want string }{
		{"+33612345678", "06 12 34 56 78"},
		{"+33123456789", "01 23 45 67 89"},
		{"+262692123456", "0692 12 34 56"},
		{"+508412345", "+508 41 23 45"},
		{"+41221234567", "+41 22 123 45 67"},
		{"+442079460958", "+44 20 7946 0958"},
		{"", ""},
		{"n'importe quoi", "n'importe quoi"},
		{"+3361234", "+3361234"}, // invalid: unchanged
	}
	for _, c := range cases {
		if got := FormatPhone(c.in); got != c.want {
			t.Errorf("FormatPhone(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestIsMobile(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"+33612345678", true},
		{"+33781234567", true},
		{"+262692123456", true},
		{"+262639012345", true},
		{"+590690001234", true},
		{"+262262123456", false},
		{"+33123456789", false},
		{"+33951234567", false},
		{"+447400123456", false}, // a British mobile is not a French one
		{"", false},
		{"0612345678x", false},
	}
	for _, c := range cases {
		if got := IsMobile(c.in); got != c.want {
			t.Errorf("IsMobile(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	ok := []normCase[string]{
		{"jean.dupont@exemple.fr", "jean.dupont@exemple.fr"},
		{"  Jean.Dupont@Exemple.FR ", "jean.dupont@exemple.fr"},
		{"j+tag@sub.exemple.org", "j+tag@sub.exemple.org"},
		{"o'neil@exemple.ie", "o'neil@exemple.ie"},
		{"élodie@exemple.fr", "élodie@exemple.fr"},
		{"a-b_c@mon-domaine.fr", "a-b_c@mon-domaine.fr"},
		{"", ""},
		{"  ", ""},
	}
	checkNormalized(t, "NormalizeEmail", NormalizeEmail, ok)
	bad := []refusal{
		{"Bob <bob@exemple.fr>", "sans nom"},
		{"<bob@exemple.fr>", "sans nom"},
		{"bob@localhost", "point"},
		{"bob@exemple", "point"},
		{"bob", "@"},
		{"bob@", "domaine"},
		{"@exemple.fr", "attendu"},
		{"bob dupont@exemple.fr", "espaces"},
		{"bob@exem ple.fr", "espaces"},
		{"bob@@exemple.fr", "attendu"},
		{"a@b@exemple.fr", "attendu"},
		{"bob@exemple..fr", "domaine"},
		{"bob@.exemple.fr", "domaine"},
		{"bob@exemple.fr.", "domaine"},
		{"bob@-exemple.fr", "domaine"},
		{"bob@exemple.f", "domaine"},
		{"bob@1.2.3.4", "domaine"},
		{"bob@[1.2.3.4]", "domaine"},
		{"bob.@exemple.fr", "attendu"},
		{".bob@exemple.fr", "attendu"},
		{"bo..b@exemple.fr", "attendu"},
		{`"bob"@exemple.fr`, "attendu"},
		{"bob(comment)@exemple.fr", "attendu"},
		{"bob@exemple.fr\x1b[31m", "caractère"},
		{"bob@exemple.fr, alice@exemple.fr", "espaces"},
		{"bob@exemple.fr,alice@exemple.fr", "attendu"},
		{strings.Repeat("a", 65) + "@exemple.fr", "trop longue"},
		{"a@" + strings.Repeat("b", 250) + ".fr", "trop longue"},
	}
	checkRefused(t, "NormalizeEmail", NormalizeEmail, bad, after("courriel invalide : "))
}

func TestNormalizePostalCode(t *testing.T) {
	ok := []normCase[string]{
		{"38000", "38000"},
		{" 38000 ", "38000"},
		{"38 000", "38000"},
		{"01000", "01000"},
		{"97400", "97400"},
		{"20000", "20000"},
		{"", ""},
		{" ", ""},
	}
	checkNormalized(t, "NormalizePostalCode", NormalizePostalCode, ok)
	bad := []refusal{
		{"3800", "code postal invalide : 5 chiffres attendus (03800 ?)"},
		{"1000", "code postal invalide : 5 chiffres attendus (01000 ?)"},
		{"0100", "code postal invalide : 5 chiffres attendus"},
		{"380000", "code postal invalide : 5 chiffres attendus"},
		{"38OOO", "code postal invalide : 5 chiffres attendus"},
		{"2A004", "code postal invalide : 5 chiffres attendus"},
		{"00100", "code postal invalide : aucun code ne commence par 00"},
		{"38000 Grenoble", "code postal invalide : 5 chiffres attendus"},
	}
	checkRefused(t, "NormalizePostalCode", NormalizePostalCode, bad, exactly)
}

func TestParseDate(t *testing.T) {
	ok := []normCase[Date]{
		{"12/03/2020", NewDate(2020, 3, 12)},
		{"1/3/2020", NewDate(2020, 3, 1)},
		{"01/3/2020", NewDate(2020, 3, 1)},
		{"12-03-2020", NewDate(2020, 3, 12)},
		{"12.03.2020", NewDate(2020, 3, 12)},
		{"2020-03-12", NewDate(2020, 3, 12)},
		{"2020-3-2", NewDate(2020, 3, 2)},
		{"29/02/2020", NewDate(2020, 2, 29)},
		{"29/02/2000", NewDate(2000, 2, 29)},
		{"31/12/1899", NewDate(1899, 12, 31)},
		{" 14/07/1989 ", NewDate(1989, 7, 14)},
		{"", 0},
		{"   ", 0},
	}
	checkNormalized(t, "ParseDate", ParseDate, ok)

	bad := []refusal{
		{"31/02/2020", "date invalide : le 31/02/2020 n'existe pas"},
		{"29/02/2019", "date invalide : le 29/02/2019 n'existe pas"},
		{"29/02/1900", "date invalide : le 29/02/1900 n'existe pas"},
		{"00/01/2000", "date invalide : le 00/01/2000 n'existe pas"},
		{"01/00/2000", "date invalide : le 01/00/2000 n'existe pas"},
		{"12/13/2020", "date invalide : le 12/13/2020 n'existe pas"},
		{"32/01/2020", "date invalide : le 32/01/2020 n'existe pas"},
		{"12/03/20", "date invalide : année sur 4 chiffres attendue (jj/mm/aaaa)"},
		{"12/03/020", "date invalide : jj/mm/aaaa attendu"},
		{"12/03/20200", "date invalide : jj/mm/aaaa attendu"},
		{"14/07/1789", "date invalide : année 1789 hors limites"},
		{"01/01/0000", "date invalide : année 0000 hors limites"},
		{"01/01/9999", "date invalide : année 9999 hors limites"},
		{"12/03-2020", "date invalide : jj/mm/aaaa attendu"},
		{"12 03 2020", "date invalide : jj/mm/aaaa attendu"},
		{"12032020", "date invalide : jj/mm/aaaa attendu"},
		{"12/03", "date invalide : jj/mm/aaaa attendu"},
		{"12/03/2020/1", "date invalide : jj/mm/aaaa attendu"},
		{"/03/2020", "date invalide : jj/mm/aaaa attendu"},
		{"12//2020", "date invalide : jj/mm/aaaa attendu"},
		{"012/03/2020", "date invalide : jj/mm/aaaa attendu"},
		{"hier", "date invalide : jj/mm/aaaa attendu"},
		{"12 mars 2020", "date invalide : jj/mm/aaaa attendu"},
		{"2020-03-12T10:00:00", "date invalide : jj/mm/aaaa attendu"},
		{"-1/-1/2020", "date invalide : jj/mm/aaaa attendu"},
		{"１２/03/2020", "date invalide : jj/mm/aaaa attendu"}, // full-width digits
	}
	checkRefused(t, "ParseDate", ParseDate, bad, exactly)
}

func TestStripControl(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Dupont", "Dupont"},
		{"Dupont\x1b[31m", "Dupont"},
		{"\x1b[1;31mDupont\x1b[0m", "Dupont"},
		{"Du\x1b[2Jpont", "Dupont"},
		{"Dupont\x1b]0;titre piégé\x07", "Dupont"},
		{"Dupont\x1b]8;;http://x\x1b\\lien\x1b]8;;\x1b\\", "Dupontlien"},
		{"Dupont\x1bPq#0;1;2\x1b\\", "Dupont"},
		{"Dupont\x1bc", "Dupont"},
		{"Dupont\x1b(B", "Dupont"},
		{"Dupont\x1b", "Dupont"},
		{"Dupont\u009b31m", "Dupont"},           // 8-bit CSI
		{"Dupont\u009d0;titre\u009c", "Dupont"}, // 8-bit OSC … ST
		{"Du\x00p\x07o\x08n\x7ft\u0085", "Dupont "},
		{"Jean\tDupont", "Jean Dupont"},
		{"Jean\nDupont", "Jean Dupont"},
		{"Jean\r\nDupont", "Jean Dupont"},
		{"Jean\u00a0Dupont", "Jean Dupont"},
		{"\ufeffDupont", "Dupont"},
		{"Dupont\u202egnp.exe", "Dupontgnp.exe"},
		{"Dupont\u200b", "Dupont"},
		{"Émilie Noël-Çağlar", "Émilie Noël-Çağlar"},
		{"E\u0301milie", "E\u0301milie"}, // combining accent kept
		{"Zoé 👩‍👩‍👧", "Zoé 👩‍👩‍👧"},       // ZWJ kept in emoji
		{"Andr\xe9", "Andr\ufffd"},       // Latin-1 byte: visible, not lost
		{"", ""},
	}
	for _, c := range cases {
		got := StripControl(c.in)
		if got != c.want {
			t.Errorf("StripControl(%q) = %q, want %q", c.in, got, c.want)
		}
		if again := StripControl(got); again != got {
			t.Errorf("StripControl not idempotent on %q: %q then %q", c.in, got, again)
		}
	}

	multi := []struct{ in, want string }{
		{"ligne 1\nligne 2", "ligne 1\nligne 2"},
		{"ligne 1\r\nligne 2\rligne 3", "ligne 1\nligne 2\nligne 3"},
		{"a\tb\x1b[31m\n", "a b\n"},
		{"a\u2028b", "a\nb"},
	}
	for _, c := range multi {
		if got := StripControlMultiline(c.in); got != c.want {
			t.Errorf("StripControlMultiline(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStripControlLinear(t *testing.T) {
	// Unterminated control strings must not make stripping quadratic.
	s := strings.Repeat("\x1b]x", 300000)
	if got := StripControl(s); got != strings.Repeat("x", 300000) {
		t.Errorf("StripControl of unterminated OSCs: got %d bytes", len(got))
	}
}

// checkNoControl fails when s holds anything StripControl removes.
func checkNoControl(t *testing.T, s string) {
	t.Helper()
	for _, r := range s {
		if r == '\n' {
			continue
		}
		if unicode.IsControl(r) || isInvisible(r) {
			t.Fatalf("control character %U left in %q", r, s)
		}
	}
	if !utf8.ValidString(s) {
		t.Fatalf("invalid UTF-8 left in %q", s)
	}
}

func FuzzStripControl(f *testing.F) {
	for _, s := range []string{"Dupont\x1b[31m", "\x1b]0;x\x07y", "\u009b1m", "a\r\nb", "Andr\xe9", "\x1b\x1b[[", "\xc2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, multi := range []bool{false, true} {
			out := stripControl(s, multi)
			checkNoControl(t, out)
			if !multi && strings.Contains(out, "\n") {
				t.Fatalf("newline left in %q", out)
			}
			if again := stripControl(out, multi); again != out {
				t.Fatalf("not idempotent: %q → %q → %q", s, out, again)
			}
		}
	})
}

// fuzzNormalizer fuzzes a normaliser from seeds: an error gives the zero
// value; a value reads back (through text) to itself; check looks further.
func fuzzNormalizer[T comparable](f *testing.F, name string, norm func(string) (T, error), text func(T) string, check func(t *testing.T, in string, out T), seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var zero T
		out, err := norm(s)
		if err != nil {
			if out != zero {
				t.Fatalf("%s(%q) = %v with error %v", name, s, out, err)
			}
			return
		}
		again, err := norm(text(out))
		if err != nil || again != out {
			t.Fatalf("%s not idempotent: %q → %v → %v, %v", name, s, out, again, err)
		}
		check(t, s, out)
	})
}

func same(s string) string { return s }

func FuzzNormalizePhone(f *testing.F) {
	fuzzNormalizer(f, "NormalizePhone", NormalizePhone, same, func(t *testing.T, s, out string) {
		if out != "" && !strings.HasPrefix(out, "+") {
			t.Fatalf("NormalizePhone(%q) = %q, not E.164", s, out)
		}
		// Display form must read back to the same number.
		if back, err := NormalizePhone(FormatPhone(out)); err != nil || back != out {
			t.Fatalf("FormatPhone(%q) = %q reads back as %q, %v", out, FormatPhone(out), back, err)
		}
	},
		"06 12 34 56 78", "0612345678", "06.12.34.56.78", "06-12-34-56-78",
		"+33 6 12 34 56 78", "+33 (0)6 12 34 56 78", "0033612345678",
		"+41 22 123 45 67", "0692 12 34 56", "06 12 AB 56 78", "", "+", "612345678",
		"+1 650 253 0000", "(((0)))", "+33 (0) (0) 6", "0000000000000000000",
		"00508200000", "0639 01 23 45",
	)
}

func FuzzParseDate(f *testing.F) {
	fuzzNormalizer(f, "ParseDate", ParseDate, Date.String, func(t *testing.T, s string, d Date) {
		if !d.Valid() {
			t.Fatalf("ParseDate(%q) = %d, not a valid date", s, d)
		}
	},
		"12/03/2020", "1/3/2020", "12-03-2020", "12.03.2020", "2020-03-12",
		"31/02/2020", "00/01/2000", "12/03/20", "", "//", "9999-99-99", "1/1/1",
		"29/02/2000", "-/-/-", "2020-03-12T00:00",
	)
}

func FuzzNormalizeEmail(f *testing.F) {
	fuzzNormalizer(f, "NormalizeEmail", NormalizeEmail, same, func(t *testing.T, s, out string) {
		if strings.ContainsFunc(out, unicode.IsSpace) {
			t.Fatalf("NormalizeEmail(%q) = %q contains a space", s, out)
		}
	},
		"jean.dupont@exemple.fr", " Jean.Dupont@Exemple.FR ", "Bob <b@x.fr>", "b@x",
		"", "@", "a@b.c", `"a"@b.fr`, "élodie@exemple.fr", "ǅ@x.fr", "a@İ.fr",
	)
}
