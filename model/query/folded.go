package query

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fichier/model"
)

// Row is what the in-memory index keeps of one fiche: the attributes that
// queries match, sort and list lines need, and the accent- and case-folded
// searchable text, computed once when the index is built so that matching a
// query never folds. It is a fraction of a Person's size: the full fiche is
// read from the file when it is opened.
//
// Text is folded with SearchFold: lower case, no accents, and hyphens,
// apostrophes and runs of spaces all become one plain space, so that
// "Saint-Martin-d'Hères" is stored as "saint martin d heres" and matches both
// commune:saint-martin and commune:"saint martin".
//
// The store may intern these strings; Row values are never modified after
// NewRow returns them (other than by such interning).
type Row struct {
	// Name is "last first", e.g. "dupont martin emilie" for
	// DUPONT-MARTIN Émilie: every word of both names, for free words.
	Name string
	// NameFL is "first last", e.g. "emilie dupont martin", so that a quoted
	// phrase "emilie dupont" matches too. It shares Name's memory.
	NameFL string
	// LastName and FirstName are the two parts of Name (sharing its memory).
	LastName, FirstName string

	Commune, Quartier, Circo, Profession, Employer, Source string
	// Email is the lower-cased, accent-folded address (punctuation kept).
	Email string
	// PostalCode is the postal code without spaces ("38000").
	PostalCode string
	// Mobile and Landline are the digits of each number in French national
	// form ("0612345678"; overseas departments too), foreign numbers with the
	// international prefix 00 ("0041221234567").
	Mobile, Landline string
	// Number is the membership number, letters and digits only ("38004512").
	Number string
	// OldNumbers are the numbers held before mutations, folded like Number.
	OldNumbers []string

	Interests, Offices, Unions, Associations []string

	// Updated is the civil date (local time) of the last update, 0 if never.
	Updated model.Date
	// Initials has bit c-'a' set when a word of Name or Commune starts with
	// letter c: free words are tested against it first.
	Initials uint32

	// Attributes matched as they are.
	ID          model.PersonID
	Kind        model.Kind
	Status      model.Status
	Gender      model.Gender
	PCS         model.PCS
	Civility    model.Civility
	Archived    bool
	Arrival     bool // arrival of mutation to process
	Preferences model.Preferences
	Consent     model.Consent
	Org         model.Org
	BirthDate   model.Date
	JoinDate    model.Date
	UpdatedAt   int64 // Unix nanoseconds of the last update, for sorting
	// Dues summarises the adherent's payments (kept by the store, not
	// computed from the fiche): the dues status follows from it and today.
	Dues model.DuesSummary
	// Calls summarises the person's phone calls (set by the store, not by NewRow).
	Calls CallSummary

	// Display holds the list line's text as typed (not folded).
	Display RowDisplay
}

// RowDisplay is the text a list line shows.
type RowDisplay struct {
	FirstName, LastName, Commune string
	Mobile                       string // canonical (E.164); FormatPhone to show
}

// Person returns the part of a fiche that a Row holds (for list lines); the
// other fields are empty.
func (r *Row) Person() model.Person {
	p := model.Person{
		ID: r.ID, Kind: r.Kind, Status: r.Status, Gender: r.Gender, PCS: r.PCS, Civility: r.Civility,
		Archived: r.Archived, Arrival: r.Arrival, Preferences: r.Preferences, Consent: r.Consent, Org: r.Org,
		BirthDate: r.BirthDate, JoinDate: r.JoinDate,
		FirstName: r.Display.FirstName, LastName: r.Display.LastName, Mobile: r.Display.Mobile,
		Address: model.Address{Commune: r.Display.Commune},
	}
	if r.UpdatedAt != 0 {
		p.UpdatedAt = time.Unix(0, r.UpdatedAt)
	}
	return p
}

// NewRow computes the index row of p.
func NewRow(p *model.Person) Row {
	var f Row
	(*RowBuilder)(nil).Fill(&f, p)
	return f
}

// RowBuilder makes the rows of many fiches, as the store does when it
// builds its index: each value that repeats from fiche to fiche (names,
// communes, professions, interests …) is folded once, and the rows share its
// folded text. The zero value is ready; a nil RowBuilder folds every value.
// Not safe for concurrent use.
type RowBuilder struct {
	folded map[string]string // value as typed → SearchFold of it
}

// Fill sets *f to p's row (NewRow(p)); *f must be the zero Row.
func (b *RowBuilder) Fill(f *Row, p *model.Person) {
	last, first := b.fold(p.LastName), b.fold(p.FirstName)
	switch {
	case last == "":
		f.Name, f.NameFL, f.FirstName = first, first, first
	case first == "":
		f.Name, f.NameFL, f.LastName = last, last, last
	default:
		// One allocation "last first last" holds both orders.
		s := last + " " + first + " " + last
		n := len(last) + 1 + len(first)
		f.Name = s[:n]
		f.NameFL = s[len(last)+1:]
		f.LastName = s[:len(last)]
		f.FirstName = s[len(last)+1 : n]
	}
	f.Commune = b.fold(p.Address.Commune)
	f.Quartier = b.fold(p.Quartier)
	f.Circo = b.fold(p.Circonscription)
	f.Profession = b.fold(p.Profession)
	f.Employer = b.fold(p.Employer)
	f.Source = b.fold(p.Source)
	f.Email = qFoldEmail(p.Email)
	f.PostalCode = qFoldCompact(p.Address.PostalCode, false)
	f.Mobile = qPhoneDigits(p.Mobile)
	f.Landline = qPhoneDigits(p.Landline)
	f.Number = qFoldCompact(p.MemberNumber, true)
	for _, n := range p.PreviousNumbers {
		f.OldNumbers = append(f.OldNumbers, qFoldCompact(n, true))
	}
	f.Interests = b.foldList(p.Interests)
	f.Offices = b.foldList(p.ElectedOffices)
	f.Unions = b.foldList(p.Unions)
	f.Associations = b.foldList(p.Associations)
	if !p.UpdatedAt.IsZero() {
		f.Updated = model.DateOf(p.UpdatedAt.In(time.Local))
		f.UpdatedAt = p.UpdatedAt.UnixNano()
	}
	f.ID, f.Kind, f.Status, f.Gender, f.PCS, f.Civility = p.ID, p.Kind, p.Status, p.Gender, p.PCS, p.Civility
	f.Archived, f.Preferences, f.Consent, f.Org = p.Archived, p.Preferences, p.Consent, p.Org
	f.Arrival = p.Arrival
	f.BirthDate, f.JoinDate = p.BirthDate, p.JoinDate
	f.Initials = qInitials(f.Name, f.Commune)
	f.Display = RowDisplay{FirstName: p.FirstName, LastName: p.LastName, Commune: p.Address.Commune, Mobile: p.Mobile}
}

// fold is SearchFold(s), remembered.
func (b *RowBuilder) fold(s string) string {
	if b == nil || s == "" {
		return SearchFold(s)
	}
	if f, ok := b.folded[s]; ok {
		return f
	}
	if b.folded == nil {
		b.folded = map[string]string{}
	}
	f := SearchFold(s)
	b.folded[s] = f
	return f
}

// foldList folds each value of list, dropping those that fold to nothing.
func (b *RowBuilder) foldList(list []string) []string {
	var out []string
	for _, s := range list {
		if s = b.fold(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// SearchFold folds s for searching: Fold (lower case, no accents), then
// hyphens, apostrophes and whitespace become single spaces, trimmed at both
// ends. "  Saint-Martin-d’Hères " → "saint martin d heres".
func SearchFold(s string) string {
	if qIsSearchFolded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if qIsSep(r) {
			pending = b.Len() > 0
			continue
		}
		if r >= qFoldTableEnd {
			// Rare scripts and combining marks: fold the whole string the slow way.
			return qSearchFoldSlow(s)
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		switch {
		case 'A' <= r && r <= 'Z':
			b.WriteByte(byte(r) + 'a' - 'A')
		case r < utf8.RuneSelf:
			b.WriteByte(byte(r))
		default:
			b.WriteString(qFoldTable[r])
		}
	}
	return b.String()
}

// qFoldTable holds Fold of each rune below qFoldTableEnd (Latin-1 and Latin
// Extended-A: every letter of French and its neighbours), so that SearchFold
// gives exactly Fold's result without its per-call cost.
const qFoldTableEnd = 0x180

var qFoldTable = func() (t [qFoldTableEnd]string) {
	for r := rune(0); r < qFoldTableEnd; r++ {
		t[r] = model.Fold(string(r))
	}
	return t
}()

func qSearchFoldSlow(s string) string {
	s = model.Fold(s)
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if qIsSep(r) {
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// qIsSearchFolded reports whether s is already in SearchFold form (the common
// case of lower-case ASCII words), so that no copy is made.
func qIsSearchFolded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80 || ('A' <= c && c <= 'Z') || c == '-' || c == '\'' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			return false
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' '):
			return false
		}
	}
	return true
}

// qIsSep reports whether r separates words in folded text.
func qIsSep(r rune) bool {
	switch r {
	case ' ', '-', '\'', '’', '‘', '‐', '‑', '‒', '–', '—', '−':
		return true
	}
	return unicode.IsSpace(r)
}

func qFoldEmail(s string) string {
	s = strings.TrimSpace(s)
	if model.IsLowerASCII(s) {
		return s
	}
	return strings.TrimSpace(qFoldKeep(s))
}

// qFoldKeep is Fold, through the same fast table as SearchFold.
func qFoldKeep(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= qFoldTableEnd:
			if r == '’' || r == '‘' {
				b.WriteByte('\'')
				continue
			}
			return model.Fold(s)
		case 'A' <= r && r <= 'Z':
			b.WriteByte(byte(r) + 'a' - 'A')
		case r < utf8.RuneSelf:
			b.WriteByte(byte(r))
		default:
			b.WriteString(qFoldTable[r])
		}
	}
	return b.String()
}

// qFoldCompact folds s and drops spaces (and, with alnumOnly, everything but
// letters and digits): "38 000" → "38000", "38-004 512" → "38004512".
func qFoldCompact(s string, alnumOnly bool) string {
	if !model.IsLowerASCII(s) {
		s = qFoldKeep(s)
	}
	keep := func(r rune) bool {
		if alnumOnly {
			return unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		return !unicode.IsSpace(r)
	}
	for _, r := range s {
		if !keep(r) {
			return strings.Map(func(r rune) rune {
				if keep(r) {
					return r
				}
				return -1
			}, s)
		}
	}
	return s
}

// qFrenchCodes are the calling codes whose numbers are written nationally
// with a leading 0 (metropolitan France and the overseas departments).
var qFrenchCodes = []string{"33", "262", "508", "590", "594", "596"}

// qPhoneDigits turns a stored number (canonical E.164, or anything else) into
// the digits people type: "+33612345678" → "0612345678", "+41 22…" → "004122…".
func qPhoneDigits(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	intl := strings.HasPrefix(s, "+")
	d := qDigits(s)
	if !intl && strings.HasPrefix(d, "00") {
		intl, d = true, d[2:]
	}
	if !intl || d == "" {
		return d
	}
	for _, cc := range qFrenchCodes {
		if strings.HasPrefix(d, cc) {
			return "0" + d[len(cc):]
		}
	}
	return "00" + d
}

// qDigits keeps the ASCII digits of s.
func qDigits(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// CompareNames orders rows by name as a directory does: by the whole last
// name first, then the first name — so "BERNARD Véronique" comes before
// "BERNARD-GUYOT Stéphane" (comparing "bernard veronique" with "bernard
// guyot stephane" would not). A fiche without a last name sorts by its
// first name.
func CompareNames(a, b *Row) int {
	al, af := a.SortNames()
	bl, bf := b.SortNames()
	if c := strings.Compare(al, bl); c != 0 {
		return c
	}
	return strings.Compare(af, bf)
}

// SortNames are the two strings CompareNames compares, in that order.
func (r *Row) SortNames() (last, first string) {
	if r.LastName == "" {
		return r.Name, ""
	}
	return r.LastName, r.FirstName
}
