package model

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// ---------------------------------------------------------------------------
// Control characters

// StripControl removes from s everything a terminal could interpret: C0 and
// C1 control characters, ANSI/ECMA-48 escape sequences (CSI, OSC, DCS …, in
// their 7-bit and 8-bit forms), bidirectional overrides and zero-width
// characters such as a byte-order mark. Tabs, newlines and other Unicode
// spaces become a plain space; letters, accents (including combining marks),
// digits, punctuation and emoji are kept. Invalid UTF-8 bytes become U+FFFD.
// The result is stable: StripControl(StripControl(s)) == StripControl(s).
func StripControl(s string) string { return stripControl(s, false) }

// StripControlMultiline is StripControl for multi-line text (notes): line
// breaks (\n, \r\n, \r, U+2028 …) are kept as \n.
func StripControlMultiline(s string) string { return stripControl(s, true) }

func stripControl(s string, keepNewlines bool) string {
	if isPrintableASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	newline := func() {
		if keepNewlines {
			b.WriteByte('\n')
		} else {
			b.WriteByte(' ')
		}
	}
	// noST is the earliest index from which no string terminator was found:
	// later control strings have none either, so each byte is scanned once.
	noST := len(s) + 1
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		next := i + size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x1b: // ESC
			next = skipEscape(s, next, &noST)
		case r == 0x9b: // 8-bit CSI
			next = skipCSI(s, next)
		case r == 0x90 || r == 0x98 || r == 0x9d || r == 0x9e || r == 0x9f: // 8-bit DCS, SOS, OSC, PM, APC
			next = skipControlString(s, next, &noST)
		case r == '\r':
			if next < len(s) && s[next] == '\n' {
				next++
			}
			newline()
		case r == '\n' || r == 0x85 || r == 0x2028 || r == 0x2029:
			newline()
		case unicode.IsSpace(r): // tab, VT, FF, NBSP, thin spaces …
			b.WriteByte(' ')
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			// other C0/C1 controls: dropped
		case isInvisible(r):
			// dropped
		default:
			b.WriteString(s[i:next])
		}
		i = next
	}
	return b.String()
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// isInvisible reports format characters that only reorder or hide text:
// bidirectional embeddings, overrides and isolates, zero-width space and the
// byte-order mark (often left at the start of a spreadsheet export). Zero-width
// joiners are kept: emoji need them.
func isInvisible(r rune) bool {
	switch {
	case r == 0x200b, r == 0x200e, r == 0x200f, r == 0x061c, r == 0xfeff:
		return true
	case r >= 0x202a && r <= 0x202e:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// skipEscape returns the index just after the escape sequence whose ESC
// precedes s[i].
func skipEscape(s string, i int, noST *int) int {
	if i >= len(s) {
		return i
	}
	c := s[i]
	switch {
	case c == '[':
		return skipCSI(s, i+1)
	case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
		return skipControlString(s, i+1, noST)
	case c >= 0x20 && c <= 0x2f: // intermediates, then one final byte
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
		if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
			i++
		}
		return i
	case c >= 0x30 && c <= 0x7e: // two-character sequence (ESC c, ESC 7 …)
		return i + 1
	}
	return i // lone ESC: only the ESC goes
}

// skipCSI skips the body of a control sequence: parameter bytes, intermediate
// bytes and the final byte. A byte outside those ranges ends it early.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x30 && s[i] <= 0x3f {
		i++
	}
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipControlString skips an OSC/DCS/SOS/PM/APC payload up to and including
// its terminator (BEL, ESC \ or 8-bit ST). When there is no terminator only
// the introducer is dropped, so that the rest of the text is not lost.
// *noST records where a search for a terminator already failed.
func skipControlString(s string, i int, noST *int) int {
	if i >= *noST {
		return i
	}
	for j := i; j < len(s); j++ {
		switch {
		case s[j] == 0x07:
			return j + 1
		case s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\':
			return j + 2
		case s[j] == 0xc2 && j+1 < len(s) && s[j+1] == 0x9c: // U+009C ST
			return j + 2
		}
	}
	*noST = i
	return i
}

// cleanLine prepares a one-line text field: controls stripped, blanks
// collapsed, ends trimmed.
func cleanLine(s string) string {
	return strings.Join(strings.Fields(StripControl(s)), " ")
}

// cleanText prepares multi-line text: controls stripped, line breaks kept,
// trailing blanks of each line and blank lines at both ends removed.
func cleanText(s string) string {
	lines := strings.Split(StripControlMultiline(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n ")
}

// ---------------------------------------------------------------------------
// Phone numbers

const phonePrefix = "numéro de téléphone invalide : "

// frenchCallingCodes are metropolitan France and the overseas départements
// and collectivités whose numbers belong to the French ten-digit plan (dialled
// 0… from France): Réunion and Mayotte (262), Guadeloupe, Saint-Martin and
// Saint-Barthélemy (590), Guyane (594), Martinique (596). Saint-Pierre-et-
// Miquelon (508) and the Pacific territories have their own plans.
var frenchCallingCodes = map[int32]bool{33: true, 262: true, 590: true, 594: true, 596: true}

// overseasRegions are tried, in order, for a national number (0…) that is not
// a valid metropolitan number: 0692 12 34 56 is a Réunion mobile.
var overseasRegions = []string{"RE", "GP", "MQ", "GF"}

// NormalizePhone turns a phone number typed in any usual French spelling
// (06 12 34 56 78, 06.12.34.56.78, +33 (0)6 12 34 56 78, 0033 6 …) or an
// international number with a + prefix into its canonical E.164 form
// (+33612345678). A blank input gives "" and no error.
func NormalizePhone(s string) (string, error) {
	if isCanonicalFrench(s) {
		return s, nil // already stored form: skip the costly parse (bulk loads, re-saves)
	}
	s = strings.TrimSpace(StripControl(s))
	if s == "" {
		return "", nil
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case unicode.IsLetter(r):
			return "", errors.New(phonePrefix + "il contient des lettres")
		case r == '+':
			if i != 0 {
				return "", errors.New(phonePrefix + "le + doit être au début")
			}
		case r == ' ' || r == '.' || r == '-' || r == '/' || r == '(' || r == ')':
		default:
			return "", fmt.Errorf(phonePrefix+"caractère « %c » inattendu", r)
		}
	}
	switch {
	case digits == 0:
		return "", errors.New(phonePrefix + "il ne contient aucun chiffre")
	case digits > 17 || len(s) > 64:
		return "", errors.New(phonePrefix + "trop de chiffres")
	case isNationalSpelling(s) && digits < 10:
		return "", errors.New(phonePrefix + "pas assez de chiffres (10 attendus)")
	case isNationalSpelling(s) && digits > 10:
		return "", errors.New(phonePrefix + "trop de chiffres (10 attendus)")
	}

	num, err := phonenumbers.Parse(s, "FR")
	if err != nil {
		switch {
		case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
			return "", errors.New(phonePrefix + "indicatif de pays inconnu")
		case errors.Is(err, phonenumbers.ErrTooShortNSN), errors.Is(err, phonenumbers.ErrTooShortAfterIDD):
			return "", errors.New(phonePrefix + "pas assez de chiffres")
		case errors.Is(err, phonenumbers.ErrNumTooLong):
			return "", errors.New(phonePrefix + "trop de chiffres")
		}
		return "", errors.New(phonePrefix + "format non reconnu")
	}
	if !phonenumbers.IsValidNumber(num) && num.GetCountryCode() == 33 && isNationalSpelling(s) {
		for _, region := range overseasRegions {
			if n, err := phonenumbers.Parse(s, region); err == nil && phonenumbers.IsValidNumber(n) {
				num = n
				break
			}
		}
	}
	if !phonenumbers.IsValidNumber(num) {
		return "", phoneError(num)
	}
	return phonenumbers.Format(num, phonenumbers.E164), nil
}

// isNationalSpelling reports whether s is written the French national way
// (0 then the number), not with an international prefix.
func isNationalSpelling(s string) bool {
	return !strings.HasPrefix(s, "+") && !strings.HasPrefix(s, "00") && strings.HasPrefix(s, "0")
}

func phoneError(num *phonenumbers.PhoneNumber) error {
	french := num.GetCountryCode() == 33
	switch phonenumbers.IsPossibleNumberWithReason(num) {
	case phonenumbers.INVALID_COUNTRY_CODE:
		return errors.New(phonePrefix + "indicatif de pays inconnu")
	case phonenumbers.TOO_SHORT:
		if french {
			return errors.New(phonePrefix + "pas assez de chiffres (10 attendus)")
		}
		return errors.New(phonePrefix + "pas assez de chiffres")
	case phonenumbers.TOO_LONG:
		if french {
			return errors.New(phonePrefix + "trop de chiffres (10 attendus)")
		}
		return errors.New(phonePrefix + "trop de chiffres")
	case phonenumbers.INVALID_LENGTH:
		return errors.New(phonePrefix + "nombre de chiffres incorrect")
	}
	if french {
		return errors.New(phonePrefix + "ce numéro n'existe pas en France")
	}
	return errors.New(phonePrefix + "ce numéro n'existe pas")
}

// parseCanonical parses a number stored by NormalizePhone; nil when it is not
// a number NormalizePhone would accept.
func parseCanonical(canonical string) *phonenumbers.PhoneNumber {
	e164, err := NormalizePhone(canonical)
	if err != nil || e164 == "" {
		return nil
	}
	num, err := phonenumbers.Parse(e164, "FR")
	if err != nil {
		return nil
	}
	return num
}

// FormatPhone shows a canonical number the way people read it: French
// numbers (overseas included) in national form "06 12 34 56 78", foreign ones
// in international form "+41 22 123 45 67". Anything it cannot parse is
// returned unchanged.
func FormatPhone(canonical string) string {
	num := parseCanonical(canonical)
	if num == nil {
		return canonical
	}
	if frenchCallingCodes[num.GetCountryCode()] {
		return phonenumbers.Format(num, phonenumbers.NATIONAL)
	}
	return phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
}

// IsMobile reports whether canonical is a French mobile number (06, 07, and
// the overseas mobiles such as 0692 or 0690), i.e. one that can receive SMS
// through a French operator.
func IsMobile(canonical string) bool {
	num := parseCanonical(canonical)
	return num != nil && frenchCallingCodes[num.GetCountryCode()] &&
		phonenumbers.GetNumberType(num) == phonenumbers.MOBILE
}

// ---------------------------------------------------------------------------
// Email

const emailPrefix = "courriel invalide : "

// NormalizeEmail trims and lower-cases an email address and checks it is a
// bare address (no display name, no comment) with a dotted domain.
// A blank input gives "" and no error.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	if len(s) > 254 {
		return "", errors.New(emailPrefix + "adresse trop longue")
	}
	if strings.ContainsAny(s, "<>") {
		return "", errors.New(emailPrefix + "indiquez l'adresse seule, sans nom (prenom.nom@exemple.fr)")
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			return "", errors.New(emailPrefix + "elle contient des espaces")
		}
		if unicode.IsControl(r) || isInvisible(r) || r == utf8.RuneError {
			return "", errors.New(emailPrefix + "caractère inattendu")
		}
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", errors.New(emailPrefix + "il manque le @ (prenom.nom@exemple.fr)")
	}
	local, domain := s[:at], s[at+1:]
	if local == "" || strings.Contains(local, "@") {
		return "", errors.New(emailPrefix + "prenom.nom@exemple.fr attendu")
	}
	if len(local) > 64 {
		return "", errors.New(emailPrefix + "partie avant le @ trop longue")
	}
	if err := checkEmailDomain(domain); err != nil {
		return "", err
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return "", errors.New(emailPrefix + "prenom.nom@exemple.fr attendu")
	}
	return s, nil
}

func checkEmailDomain(domain string) error {
	if domain == "" {
		return errors.New(emailPrefix + "il manque le domaine après le @")
	}
	if !strings.Contains(domain, ".") {
		return errors.New(emailPrefix + "le domaine doit contenir un point (exemple.fr)")
	}
	labels := strings.Split(domain, ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return errors.New(emailPrefix + "domaine « " + domain + " » incorrect")
		}
		for _, r := range l {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
				return errors.New(emailPrefix + "domaine « " + domain + " » incorrect")
			}
		}
	}
	tld := labels[len(labels)-1]
	if utf8.RuneCountInString(tld) < 2 || strings.Trim(tld, "0123456789") == "" {
		return errors.New(emailPrefix + "domaine « " + domain + " » incorrect")
	}
	return nil
}

// ---------------------------------------------------------------------------
// Postal code

// NormalizePostalCode checks a French postal code: five digits, spaces
// ignored ("38 000" → "38000"). A code that lost its leading zero in a
// spreadsheet is refused with a hint. A blank input gives "" and no error.
func NormalizePostalCode(s string) (string, error) {
	s = strings.Join(strings.Fields(StripControl(s)), "")
	if s == "" {
		return "", nil
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", errors.New("code postal invalide : 5 chiffres attendus")
		}
	}
	switch {
	case len(s) == 4 && s[0] != '0':
		return "", fmt.Errorf("code postal invalide : 5 chiffres attendus (0%s ?)", s)
	case len(s) != 5:
		return "", errors.New("code postal invalide : 5 chiffres attendus")
	case strings.HasPrefix(s, "00"):
		return "", errors.New("code postal invalide : aucun code ne commence par 00")
	}
	return s, nil
}

// ---------------------------------------------------------------------------
// Dates

// Years outside this range are taken for typing mistakes.
const (
	minDateYear = 1800
	maxDateYear = 2999
)

var errDateForm = errors.New("date invalide : jj/mm/aaaa attendu")

// ParseDate reads a date typed jj/mm/aaaa (also j/m/aaaa, jj-mm-aaaa,
// jj.mm.aaaa) or, for imports, aaaa-mm-jj. A blank input gives 0 and no
// error. Two-digit years and dates absent from the calendar are refused.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if len(s) > 10 {
		return 0, errDateForm
	}
	var parts [3]string
	var sep byte
	n, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			continue
		}
		if n == 3 {
			return 0, errDateForm
		}
		parts[n] = s[start:i]
		n++
		start = i + 1
		if i == len(s) {
			break
		}
		c := s[i]
		if c != '/' && c != '-' && c != '.' {
			return 0, errDateForm
		}
		if sep == 0 {
			sep = c
		} else if c != sep {
			return 0, errDateForm
		}
	}
	if n != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return 0, errDateForm
	}
	ys, ms, ds := parts[2], parts[1], parts[0]
	if len(parts[0]) == 4 { // aaaa-mm-jj
		ys, ms, ds = parts[0], parts[1], parts[2]
	}
	if len(ms) > 2 || len(ds) > 2 {
		return 0, errDateForm
	}
	if len(ys) == 2 {
		return 0, errors.New("date invalide : année sur 4 chiffres attendue (jj/mm/aaaa)")
	}
	if len(ys) != 4 {
		return 0, errDateForm
	}
	y, m, d := atoiDigits(ys), atoiDigits(ms), atoiDigits(ds)
	if y < minDateYear || y > maxDateYear {
		return 0, fmt.Errorf("date invalide : année %s hors limites", ys)
	}
	date := NewDate(y, m, d)
	if m < 1 || m > 12 || d < 1 || d > 31 || !date.Valid() {
		return 0, fmt.Errorf("date invalide : le %02d/%02d/%04d n'existe pas", d, m, y)
	}
	return date, nil
}

// atoiDigits converts a short string of ASCII digits (already checked).
func atoiDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// isCanonicalFrench reports whether s has the exact shape NormalizePhone
// gives a metropolitan French number (+33 then 9 digits). Such a value was
// normalised before (it is how fiches are stored), so the numbering-plan
// check is not redone: it costs ~10 µs a number and bulk loads do millions.
func isCanonicalFrench(s string) bool {
	if len(s) != 12 || !strings.HasPrefix(s, "+33") || s[3] < '1' || s[3] > '9' {
		return false
	}
	for i := 4; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
