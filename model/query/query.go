// Package query is the filter language of the list (docs/QUERY.md): it
// parses what is typed in the filter bar, binds unit names, and matches the
// index rows (Row) the store keeps of each fiche. Its field table is built
// from the fiche registry (model.Fields).
package query

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"fichier/model"
)

// The filter language (see docs/QUERY.md for the user's guide, in French).
//
//	query  = { space } [ term { space { space } term } ] { space }
//	term   = [ "-" ] ( quoted | word | field ":" [ values ] )
//	values = value { "," value }
//	value  = quoted | bare
//	quoted = `"` { any rune but `"` and `\` | `\"` | `\\` } `"`
//
// Terms are ANDed; the values of one field are alternatives (ORed). A field
// with nothing after the colon means "the field is empty"; "-" negates a term.
// Parse checks everything that does not depend on the data (field names,
// enumerations, ranges, numbers); Bind resolves organisation units by name.

// Error is a parse or bind error, in French, with the 1-based column
// (in runes) of the offending text so that the filter bar can point at it.
type Error struct {
	Pos        int    // 1-based column in runes of the offending text; 0 if none
	Len        int    // length in runes of the offending text (≥ 1 when Pos > 0)
	Msg        string // what is wrong, e.g. `champ inconnu « quartié »`
	Hint       string // what was expected, e.g. `attendu âge:30-45, âge:<30 ou âge:>60`
	Suggestion string // a close correct spelling, e.g. `quartier`
}

// Error renders the error as shown under the filter bar, e.g.
// `champ inconnu « quartié » (col. 1) — vouliez-vous quartier ?`.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Msg)
	if e.Pos > 0 {
		fmt.Fprintf(&b, " (col. %d)", e.Pos)
	}
	if e.Hint != "" {
		b.WriteString(" : ")
		b.WriteString(e.Hint)
	}
	if e.Suggestion != "" {
		b.WriteString(" — vouliez-vous ")
		b.WriteString(e.Suggestion)
		b.WriteString(" ?")
	}
	return b.String()
}

// Query is a parsed filter. Treat it as read-only; it may be shared and bound
// many times (Bind does not modify it).
type Query struct {
	Terms []Term
}

// Term is one space-separated element of a query.
type Term struct {
	Pos    int    // 1-based column (runes) where the term starts, "-" included
	Neg    bool   // "-" before the term
	Field  string // canonical field name ("quartier", "intérêt" …); "" for a free word or phrase
	Values []Value
	// Values is nil for the "field is empty" form `champ:`; a free word has
	// exactly one value.

	field *queryField
}

// Value is one value of a term, as typed, with its parsed form.
type Value struct {
	Pos int    // 1-based column (runes) where the value starts (its opening quote if quoted)
	Raw string // as typed, quotes and escapes removed

	n     int            // length in runes as typed
	text  string         // normalised search text (text, list, unit, prefix, phone, free)
	enum  uint8          // enumeration value (or channel index for consent:)
	rng   qRange         // ranges
	id    model.PersonID // id:
	canon string         // canonical form when it differs from Raw ("" otherwise)
}

// Parse parses a filter typed in the filter bar. The error, if any, is
// a *Error. The empty (or blank) query is valid: it matches every
// non-archived fiche.
func Parse(input string) (*Query, error) {
	p := qParser{rs: []rune(input)}
	q, err := p.parse()
	if err != nil {
		return nil, err
	}
	return q, nil
}

// Empty reports whether the query has no term.
func (q *Query) Empty() bool { return q == nil || len(q.Terms) == 0 }

// String is the canonical form of the query: one space between terms,
// canonical field names (intérêt, tél …), canonical enumeration values
// (type:adhérent), ranges without spaces, and quotes only where needed.
// Parse(q.String()) gives back the same query.
func (q *Query) String() string {
	if q == nil {
		return ""
	}
	var b strings.Builder
	for i := range q.Terms {
		if i > 0 {
			b.WriteByte(' ')
		}
		q.Terms[i].write(&b)
	}
	return b.String()
}

// String is the canonical form of the term.
func (t *Term) String() string {
	var b strings.Builder
	t.write(&b)
	return b.String()
}

func (t *Term) write(b *strings.Builder) {
	if t.Neg {
		b.WriteByte('-')
	}
	if t.field == nil {
		if len(t.Values) > 0 {
			qWriteQuoted(b, t.Values[0].Raw, true)
		}
		return
	}
	b.WriteString(t.field.name)
	b.WriteByte(':')
	for i := range t.Values {
		if i > 0 {
			b.WriteByte(',')
		}
		v := &t.Values[i]
		if v.canon != "" {
			qWriteQuoted(b, v.canon, false)
		} else {
			qWriteQuoted(b, v.Raw, false)
		}
	}
}

// qWriteQuoted writes s, between quotes if it could not be read back bare.
func qWriteQuoted(b *strings.Builder, s string, free bool) {
	need := s == "" || strings.HasPrefix(s, "-") && free
	if !need {
		for _, r := range s {
			if unicode.IsSpace(r) || r == '"' || r == ',' || r == ':' || r == utf8.RuneError {
				need = true
				break
			}
		}
	}
	if !need {
		b.WriteString(s)
		return
	}
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
}

// ---------------------------------------------------------------------------
// Lexer and parser

type qParser struct {
	rs []rune
	i  int
}

func qErr(pos, n int, msg, hint string) *Error {
	if n < 1 {
		n = 1
	}
	return &Error{Pos: pos, Len: n, Msg: msg, Hint: hint}
}

func (p *qParser) atEnd() bool { return p.i >= len(p.rs) || unicode.IsSpace(p.rs[p.i]) }

func (p *qParser) parse() (*Query, *Error) {
	q := &Query{}
	for {
		for p.i < len(p.rs) && unicode.IsSpace(p.rs[p.i]) {
			p.i++
		}
		if p.i >= len(p.rs) {
			return q, nil
		}
		t, err := p.term()
		if err != nil {
			return nil, err
		}
		q.Terms = append(q.Terms, t)
	}
}

func (p *qParser) term() (Term, *Error) {
	start := p.i
	t := Term{Pos: start + 1}
	if p.rs[p.i] == '-' {
		t.Neg = true
		p.i++
		if p.atEnd() {
			return t, qErr(start+1, 1, "« - » seul", `attendu -mot ou -champ:valeur, par ex. -courriel:`)
		}
	}
	if p.rs[p.i] == '"' {
		v, err := p.quoted()
		if err != nil {
			return t, err
		}
		if !p.atEnd() {
			return t, qErr(p.i+1, 1, "texte collé au guillemet fermant", "ajoutez une espace après le guillemet")
		}
		return t, qParseFree(&t, v)
	}
	j := p.i
	for j < len(p.rs) && !unicode.IsSpace(p.rs[j]) && p.rs[j] != ':' && p.rs[j] != '"' {
		j++
	}
	if j < len(p.rs) && p.rs[j] == '"' {
		return t, qErrMidQuote(j)
	}
	if j < len(p.rs) && p.rs[j] == ':' {
		name := string(p.rs[p.i:j])
		namePos, nameLen := p.i+1, j-p.i
		if name == "" {
			return t, qErr(j+1, 1, "nom de champ manquant avant « : »", "attendu champ:valeur, par ex. quartier:villeneuve")
		}
		f := qLookupField(name)
		if f == nil {
			e := qErr(namePos, nameLen, "champ inconnu « "+name+" »", "")
			e.Suggestion = qSuggestField(name)
			return t, e
		}
		if f.reserved != "" {
			return t, qErr(namePos, nameLen, "champ « "+f.name+" » pas encore disponible", f.reserved)
		}
		t.Field, t.field = f.name, f
		p.i = j + 1
		vals, err := p.values()
		if err != nil {
			return t, err
		}
		if len(vals) == 0 {
			if f.noEmpty != "" {
				return t, qErr(namePos, nameLen+1, "valeur manquante après « "+name+": »", f.noEmpty)
			}
			return t, nil
		}
		for i := range vals {
			if err := f.parse(f, &vals[i]); err != nil {
				return t, err
			}
		}
		t.Values = vals
		return t, nil
	}
	v := Value{Pos: p.i + 1, Raw: string(p.rs[p.i:j]), n: j - p.i}
	p.i = j
	return t, qParseFree(&t, v)
}

func qErrMidQuote(j int) *Error {
	return qErr(j+1, 1, "guillemet au milieu d'un mot",
		`mettez toute la valeur entre guillemets, par ex. commune:"Saint-Martin-d'Hères"`)
}

func qParseFree(t *Term, v Value) *Error {
	v.text = SearchFold(v.Raw)
	if v.text == "" {
		if v.Raw == "" {
			return qErr(v.Pos, v.n, "guillemets vides", `attendu un nom entre les guillemets, par ex. "Émilie Dupont"`)
		}
		return qErr(v.Pos, v.n, "mot sans lettre ni chiffre « "+v.Raw+" »", "")
	}
	t.Values = []Value{v}
	return nil
}

// quoted reads a quoted string at p.i (on the opening quote).
func (p *qParser) quoted() (Value, *Error) {
	open := p.i
	var b strings.Builder
	for p.i++; p.i < len(p.rs); p.i++ {
		r := p.rs[p.i]
		switch {
		case r == '"':
			p.i++
			return Value{Pos: open + 1, Raw: b.String(), n: p.i - open}, nil
		case r == '\\' && p.i+1 < len(p.rs) && (p.rs[p.i+1] == '"' || p.rs[p.i+1] == '\\'):
			p.i++
			b.WriteRune(p.rs[p.i])
		default:
			b.WriteRune(r)
		}
	}
	return Value{}, qErr(open+1, len(p.rs)-open, "guillemet non fermé", `ajoutez " à la fin de la valeur`)
}

// values reads the comma-separated values after "field:".
func (p *qParser) values() ([]Value, *Error) {
	if p.atEnd() {
		return nil, nil
	}
	var vals []Value
	for {
		var v Value
		if p.rs[p.i] == '"' {
			var err *Error
			if v, err = p.quoted(); err != nil {
				return nil, err
			}
			if !p.atEnd() && p.rs[p.i] != ',' {
				return nil, qErr(p.i+1, 1, "texte collé au guillemet fermant", "ajoutez une espace ou une virgule après le guillemet")
			}
		} else {
			j := p.i
			for j < len(p.rs) && !unicode.IsSpace(p.rs[j]) && p.rs[j] != ',' && p.rs[j] != '"' {
				j++
			}
			if j < len(p.rs) && p.rs[j] == '"' {
				return nil, qErrMidQuote(j)
			}
			if j == p.i { // a comma right after ":"
				return nil, qErr(p.i+1, 1, "valeur manquante avant la virgule", "attendu champ:valeur1,valeur2")
			}
			v = Value{Pos: p.i + 1, Raw: string(p.rs[p.i:j]), n: j - p.i}
			p.i = j
		}
		vals = append(vals, v)
		if p.atEnd() {
			break
		}
		comma := p.i // on ','
		p.i++
		if p.atEnd() || p.rs[p.i] == ',' {
			return nil, qErr(comma+1, 1, "valeur manquante après la virgule", "attendu champ:valeur1,valeur2")
		}
	}
	if len(vals) == 1 && vals[0].Raw == "" {
		return nil, nil // champ:"" is champ:
	}
	for _, v := range vals {
		if v.Raw == "" {
			return nil, qErr(v.Pos, v.n, "valeur vide entre guillemets", "")
		}
	}
	return vals, nil
}

// ---------------------------------------------------------------------------
// Field table

// FieldInfo describes a field of the filter language, for help screens and
// completion in the UI.
type FieldInfo struct {
	Key     string   // the fiche attribute it matches (model.Field…), "" for âge, tél …
	Name    string   // canonical name, e.g. "intérêt"
	Aliases []string // other accepted spellings, e.g. "interet", "interets"
	Help    string   // one line in French
	Values  []string // the words it accepts, for a field of fixed values (type: adhérent …)
	Unit    model.Level
	IsUnit  bool // its values are names of units of level Unit
	IsList  bool // its values are free words of a list (intérêts, syndicats …)
}

// Fields lists the fields of the filter language in documentation order
// (reserved fields excluded).
func Fields() []FieldInfo {
	var out []FieldInfo
	for _, f := range qFields {
		if f.reserved == "" {
			info := FieldInfo{Key: f.key, Name: f.name, Aliases: append([]string(nil), f.aliases...), Help: f.help,
				Unit: f.level, IsUnit: f.level != 0, IsList: f.list != nil}
			if f.enum != nil {
				for _, v := range f.enum.vals {
					info.Values = append(info.Values, v.canon)
				}
			}
			out = append(out, info)
		}
	}
	return out
}

// queryField is one row of the field table. Each row carries its parse
// function (checks and normalises one value at parse time), its compile
// function (builds the predicate at Bind time), its cost and the accessor
// its kind needs; the row constructors (qTextRow, qEnumRow …) set them for
// the usual kinds. A row for an attribute of a fiche takes its names and
// help from the registry (qOf).
type queryField struct {
	name     string
	aliases  []string
	help     string
	reserved string // non-empty: the name is kept for a later feature; the error's hint
	noEmpty  string // non-empty: "champ:" is refused, with this hint

	parse   func(f *queryField, v *Value) *Error
	compile func(f *queryField, t *Term, env *Env) (qPred, *Error)
	cost    int // rough evaluation cost, to test cheap predicates first

	// accessors, depending on the kind
	text  func(f *Row) string
	list  func(f *Row) []string
	enum  *qEnum
	num   func(f *Row) uint8
	date  func(f *Row) model.Date
	level model.Level
	hint  string // expected form, for error messages

	key string // the registry key (model.Field…) for a fiche attribute, "" otherwise
	// few: a text or list field whose values repeat across fiches (communes,
	// interests …): the store's index keeps a posting list per value
	// (plan.go). Names, emails, numbers are nearly unique: not indexed.
	few bool
}

var (
	qFields      []*queryField
	qFieldByName map[string]*queryField
)

// The kinds of rows: each sets its own parse, compile and cost.

func qTextRow(acc func(f *Row) string) queryField {
	return queryField{text: acc, parse: qParseText, compile: qCompileText, cost: 3}
}

func qListRow(acc func(f *Row) []string) queryField {
	return queryField{list: acc, parse: qParseText, compile: qCompileList, cost: 4, few: true}
}

// qFew marks a text row whose values repeat across fiches (see queryField.few).
func qFew(row queryField) queryField {
	row.few = true
	return row
}

func qDateRow(acc func(f *Row) model.Date, hint string) queryField {
	return queryField{date: acc, hint: hint, parse: qParseDateRange, compile: qCompileDate, cost: 1}
}

func qEnumRow(e *qEnum, num func(f *Row) uint8) queryField {
	return queryField{enum: e, num: num, parse: qParseEnum, compile: qCompileEnum, cost: 1}
}

func qYesNoRow(e *qEnum, num func(f *Row) uint8, noEmpty string) queryField {
	r := qEnumRow(e, num)
	r.noEmpty = noEmpty
	return r
}

func qUnitRow(level model.Level) queryField {
	return queryField{level: level, parse: qParseText, compile: qCompileUnit, cost: 1}
}

func qPhoneRow(hint string) queryField {
	return queryField{hint: hint, parse: qParsePhone, compile: qCompilePhone, cost: 2}
}

// qOf is the row of the fiche attribute key: its names and help come from
// the registry (model.Fields), what it matches from row.
func qOf(key string, row queryField) *queryField {
	f := model.FieldFor(key)
	if f == nil || len(f.Query) == 0 {
		panic("query: no query names for field " + key)
	}
	row.name, row.aliases, row.help = f.Query[0], f.Query[1:], f.QueryHelp
	row.key = key
	return &row
}

// qOwn is a row that is no single attribute of a fiche (âge, tél, id …).
func qOwn(name string, aliases []string, help string, row queryField) *queryField {
	row.name, row.aliases, row.help = name, aliases, help
	return &row
}

func init() {
	qFields = []*queryField{
		qOf(model.FieldKind, qEnumRow(qKindEnum, func(f *Row) uint8 { return uint8(f.Kind) })),
		qOf(model.FieldStatus, queryField{enum: qStatusEnum, num: func(f *Row) uint8 { return uint8(f.Status) },
			parse: qParseEnum, compile: qCompileStatus, cost: 1}), // retard: the computed dues status (dues.go)
		qOf(model.FieldFederation, qUnitRow(model.LevelFederation)),
		qOf(model.FieldSection, qUnitRow(model.LevelSection)),
		qOf(model.FieldCell, qUnitRow(model.LevelCell)),
		qOf(model.FieldCommune, qFew(qTextRow(func(f *Row) string { return f.Commune }))),
		qOf(model.FieldPostalCode, queryField{text: func(f *Row) string { return f.PostalCode },
			parse: qParseCompact(false), compile: qCompilePrefix, cost: 2, few: true}),
		qOf(model.FieldQuartier, qFew(qTextRow(func(f *Row) string { return f.Quartier }))),
		qOf(model.FieldCirco, queryField{text: func(f *Row) string { return f.Circo }, parse: qParseText, compile: qCompileCirco, cost: 3, few: true}),
		qOf(model.FieldLastName, qTextRow(func(f *Row) string { return f.LastName })),
		qOf(model.FieldFirstName, qTextRow(func(f *Row) string { return f.FirstName })),
		qOf(model.FieldGender, qEnumRow(qGenderEnum, func(f *Row) uint8 { return uint8(f.Gender) })),
		qOwn("âge", []string{"age", "ages"}, "âge en années : âge:40, âge:30-45, âge:<30, âge:>=60 ; vide : date de naissance inconnue",
			queryField{date: func(f *Row) model.Date { return f.BirthDate }, hint: "attendu âge:30-45, âge:<30 ou âge:>60",
				parse: qParseAgeRange, compile: qCompileDate, cost: 1}),
		qOf(model.FieldBirthDate, qDateRow(func(f *Row) model.Date { return f.BirthDate },
			"attendu naissance:1960-1970, naissance:<1960 ou naissance:>=01/06/1980")),
		qOf(model.FieldProfession, qFew(qTextRow(func(f *Row) string { return f.Profession }))),
		qOf(model.FieldPCS, qEnumRow(qPCSEnum, func(f *Row) uint8 { return uint8(f.PCS) })),
		qOf(model.FieldEmployer, qFew(qTextRow(func(f *Row) string { return f.Employer }))),
		qOf(model.FieldInterests, qListRow(func(f *Row) []string { return f.Interests })),
		qOf(model.FieldOffices, qListRow(func(f *Row) []string { return f.Offices })),
		qOf(model.FieldUnions, qListRow(func(f *Row) []string { return f.Unions })),
		qOf(model.FieldAssociations, qListRow(func(f *Row) []string { return f.Associations })),
		qOwn("tél", []string{"tel", "tels", "telephone", "telephones", "phone"}, "chiffres du mobile ou du fixe (tél:0612) ; vide : aucun numéro",
			qPhoneRow("attendu des chiffres, par ex. tél:0612 ou tél:5678")),
		qOf(model.FieldMobile, qPhoneRow("attendu des chiffres, par ex. mobile:06")),
		qOf(model.FieldLandline, qPhoneRow("attendu des chiffres, par ex. fixe:0476")),
		qOf(model.FieldEmail, queryField{text: func(f *Row) string { return f.Email }, parse: qParseEmail, compile: qCompileText, cost: 3}),
		qOf(model.FieldJoinDate, qDateRow(func(f *Row) model.Date { return f.JoinDate },
			"attendu adhésion:2010-2015, adhésion:<2015 ou adhésion:>=2020")),
		qOf(model.FieldMemberNumber, queryField{text: func(f *Row) string { return f.Number },
			parse: qParseCompact(true), compile: qCompileNumber, cost: 2}),
		qOwn("id", []string{"identifiant", "ids", "fiche"}, "identifiant unique de la fiche (id:18342)",
			queryField{noEmpty: "attendu un identifiant de fiche, par ex. id:18342", parse: qParseID, compile: qCompileID, cost: 1}),
		qOf(model.FieldSource, qFew(qTextRow(func(f *Row) string { return f.Source }))),
		qOf(model.FieldChannels, queryField{enum: qChannelEnum, parse: qParseEnum, compile: qCompileConsent, cost: 1}),
		qOf(model.FieldPaperLetter, qYesNoRow(qBoolEnum, func(f *Row) uint8 { return model.YesNoValue(f.Preferences.LetterOnPaper) },
			"attendu courrier:oui ou courrier:non")),
		qOf(model.FieldDoNotCall, qYesNoRow(qBoolEnum, func(f *Row) uint8 { return model.YesNoValue(f.Preferences.DoNotCall) },
			"attendu nepasappeler:oui ou nepasappeler:non")),
		qOf(model.FieldNPAI, qYesNoRow(qBoolEnum, func(f *Row) uint8 { return model.YesNoValue(f.Preferences.NPAI) },
			"attendu npai:oui ou npai:non")),
		qOwn("maj", []string{"misajour", "miseajour", "modif", "modifie", "modification"}, "année (ou date) de dernière modification : maj:<2025, maj:>=01/11/2025",
			qDateRow(func(f *Row) model.Date { return f.Updated }, "attendu maj:<2025, maj:2024 ou maj:>=01/11/2025")),
		qOf(model.FieldArchived, qYesNoRow(qArchivedEnum, func(f *Row) uint8 { return model.YesNoValue(f.Archived) },
			"attendu archivé:oui, archivé:non ou archivé:tous")),
	}
	qFields = append(qFields, qDuesRows()...)
	qFields = append(qFields, qCallFields...) // appel:, rappel: (rappel.go)
	qFieldByName = map[string]*queryField{}
	for _, f := range qFields {
		for _, n := range append([]string{f.name}, f.aliases...) {
			k := qFieldKey(n)
			if g, dup := qFieldByName[k]; dup && g != f {
				panic("query: duplicate field name " + n)
			}
			qFieldByName[k] = f
		}
	}
}

// qFieldKey normalises a field name: SearchFold, without - _ . ' and spaces.
func qFieldKey(name string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '_' || r == '.' {
			return -1
		}
		return r
	}, SearchFold(name))
}

func qLookupField(name string) *queryField {
	return qFieldByName[qFieldKey(name)]
}

// qSuggestField returns the canonical name of the field closest to name
// (at most 2 edits, and fewer than half the name), or "".
func qSuggestField(name string) string {
	k := qFieldKey(name)
	if k == "" {
		return ""
	}
	best, bestD := "", 3
	for _, f := range qFields {
		for _, n := range append([]string{f.name}, f.aliases...) {
			if d := qDistance(k, qFieldKey(n)); d < bestD {
				best, bestD = f.name, d
			}
		}
	}
	if best == "" || 2*bestD > utf8.RuneCountInString(k) {
		return ""
	}
	return best
}

// qDistance is the optimal-string-alignment edit distance (insertions,
// deletions, substitutions and transpositions of adjacent runes).
func qDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		if a == b {
			return 0
		}
		return 99
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// ---------------------------------------------------------------------------
// Value parsers

func (v *Value) setCanon(s string) {
	if s != v.Raw {
		v.canon = s
	}
}

func qParseText(f *queryField, v *Value) *Error {
	v.text = SearchFold(v.Raw)
	if v.text == "" {
		return qErr(v.Pos, v.n, "valeur sans lettre ni chiffre « "+v.Raw+" »", "")
	}
	return nil
}

func qParseEmail(f *queryField, v *Value) *Error {
	v.text = qFoldEmail(v.Raw)
	if v.text == "" {
		return qErr(v.Pos, v.n, "valeur vide", "")
	}
	return nil
}

func qParseCompact(alnumOnly bool) func(f *queryField, v *Value) *Error {
	return func(f *queryField, v *Value) *Error {
		v.text = qFoldCompact(v.Raw, alnumOnly)
		if v.text == "" {
			return qErr(v.Pos, v.n, "valeur sans lettre ni chiffre « "+v.Raw+" »", "")
		}
		v.setCanon(v.text)
		return nil
	}
}

func qParsePhone(f *queryField, v *Value) *Error {
	s := strings.TrimSpace(v.Raw)
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9', r == ' ', r == '.', r == '-', r == '/', r == '(', r == ')', r == '\u00a0':
		case r == '+' && i == 0:
		default:
			return qErr(v.Pos, v.n, "numéro invalide « "+v.Raw+" »", f.hint)
		}
	}
	v.text = qPhoneDigits(s)
	if v.text == "" {
		return qErr(v.Pos, v.n, "numéro invalide « "+v.Raw+" »", f.hint)
	}
	v.setCanon(v.text)
	return nil
}

func qParseID(f *queryField, v *Value) *Error {
	s := strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, v.Raw)
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return qErr(v.Pos, v.n, "identifiant invalide « "+v.Raw+" »", "attendu un numéro de fiche, par ex. id:18342")
	}
	v.id = model.PersonID(n)
	v.setCanon(strconv.FormatUint(n, 10))
	return nil
}

// ---------------------------------------------------------------------------
// Enumerations

// qEnum is a closed list of values typed by (a prefix of) their French name.
type qEnum struct {
	vals []qEnumVal
	what string // "type", "statut" … for messages
}

type qEnumVal struct {
	v     uint8
	canon string   // canonical spelling, printed by String
	names []string // every accepted spelling (SearchFold form), canon first
}

func qNewEnum(what string, vals ...qEnumVal) *qEnum {
	e := &qEnum{what: what, vals: vals}
	for i := range e.vals {
		ev := &e.vals[i]
		names := []string{SearchFold(ev.canon)}
		for _, n := range ev.names {
			names = append(names, SearchFold(n))
		}
		ev.names = names
	}
	return e
}

func qEV(v uint8, canon string, names ...string) qEnumVal {
	return qEnumVal{v: v, canon: canon, names: names}
}

// qVocabEnum is the query's view of a vocabulary: the words it prints
// (Word.Canon) and every spelling it accepts.
func qVocabEnum(what string, vc *model.Vocab, extra ...qEnumVal) *qEnum {
	var vals []qEnumVal
	for _, w := range vc.Words {
		vals = append(vals, qEV(w.Value, w.Canon(), w.Names()...))
	}
	return qNewEnum(what, append(vals, extra...)...)
}

var (
	qKindEnum     = qVocabEnum("type", model.KindWords)
	qStatusEnum   = qVocabEnum("statut", model.StatusWords)
	qGenderEnum   = qVocabEnum("genre", model.GenderWords)
	qPCSEnum      = qVocabEnum("pcs", model.PCSWords)
	qChannelEnum  = qVocabEnum("consent", model.ChannelWords)
	qBoolEnum     = qVocabEnum("", model.YesNoWords)
	qArchivedEnum = qVocabEnum("archivé", model.YesNoWords, qEV(qAll, "tous", "toutes", "tout"))
)

const (
	qNo  = model.No
	qYes = model.Yes
	qAll = 3
)

// lookup finds the value named s (SearchFold form): an exact name, else the
// only value one of whose names starts with s, else the only value one of
// whose names has a word starting with s; failing that, the same again
// without a plural or feminine ending (adhérentes → adhérent).
func (e *qEnum) lookup(s string) (v qEnumVal, candidates []string) {
	try := func(s string) (qEnumVal, []string) {
		for _, ev := range e.vals {
			for _, n := range ev.names {
				if n == s {
					return ev, nil
				}
			}
		}
		for _, match := range []func(n string) bool{
			func(n string) bool { return strings.HasPrefix(n, s) },
			func(n string) bool { return qHasWordPrefix(n, s) },
		} {
			var found []qEnumVal
			for _, ev := range e.vals {
				for _, n := range ev.names {
					if match(n) {
						found = append(found, ev)
						break
					}
				}
			}
			if len(found) == 1 {
				return found[0], nil
			}
			if len(found) > 1 {
				var names []string
				for _, ev := range found {
					names = append(names, ev.canon)
				}
				return qEnumVal{}, names
			}
		}
		return qEnumVal{}, nil
	}
	v, candidates = try(s)
	if v.canon != "" || candidates != nil {
		return v, candidates
	}
	for _, suffix := range []string{"s", "e", "es"} {
		if t, ok := strings.CutSuffix(s, suffix); ok && t != "" {
			if v, candidates = try(t); v.canon != "" || candidates != nil {
				return v, candidates
			}
		}
	}
	return qEnumVal{}, nil
}

// expected lists the canonical values: "contact, compagnon ou adhérent".
func (e *qEnum) expected() string {
	var names []string
	for _, ev := range e.vals {
		names = append(names, ev.canon)
	}
	return qOrList(names)
}

func qOrList(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " ou " + names[len(names)-1]
}

func qParseEnum(f *queryField, v *Value) *Error {
	s := SearchFold(v.Raw)
	if f.enum == qPCSEnum && len(s) == 1 && s[0] >= '1' && s[0] <= '8' {
		ev := f.enum.vals[s[0]-'1']
		v.enum = ev.v
		v.setCanon(ev.canon)
		return nil
	}
	ev, candidates := f.enum.lookup(s)
	if candidates != nil {
		return qErr(v.Pos, v.n, "valeur ambiguë « "+v.Raw+" » pour "+f.name, qOrList(candidates)+" ?")
	}
	if ev.canon == "" {
		e := qErr(v.Pos, v.n, "valeur inconnue « "+v.Raw+" » pour "+f.name, "attendu "+f.enum.expected())
		if f.enum == qPCSEnum {
			e.Hint = "attendu 1 à 8 ou " + f.enum.expected()
		}
		best, bestD := "", 3
		for _, ev := range f.enum.vals {
			for _, n := range ev.names {
				if d := qDistance(s, n); d < bestD {
					best, bestD = ev.canon, d
				}
			}
		}
		if best != "" && 2*bestD <= utf8.RuneCountInString(s) {
			e.Suggestion = f.name + ":" + best
		}
		return e
	}
	v.enum = ev.v
	v.setCanon(ev.canon)
	return nil
}

// ---------------------------------------------------------------------------
// Ranges

// qRange is a range of ages (numbers) or of dates (years, months or days).
type qRange struct {
	op   byte // '=' one bound, '-' between a and b, '<' '>' 'l' (<=) 'g' (>=)
	a, b qBound
}

// qBound is a number (age) or a date at the precision it was typed.
type qBound struct {
	n    int  // age, or year
	m, d int  // month and day; 0 when not typed
	prec byte // 'n' number/year, 'm' month, 'd' day
}

// start and end are the first and last Date covered by a date bound; they
// are plain yyyymmdd integers, valid for comparisons (end may be day 31).
func (b qBound) start() model.Date { return b.date(1, 1) }

func (b qBound) end() model.Date { return b.date(12, 31) }

// date is the bound's date, month and day taken from m and d where they
// were not typed.
func (b qBound) date(m, d int) model.Date {
	switch b.prec {
	case 'm':
		return model.NewDate(b.n, b.m, d)
	case 'd':
		return model.NewDate(b.n, b.m, b.d)
	}
	return model.NewDate(b.n, m, d)
}

func (b qBound) String() string {
	switch b.prec {
	case 'm':
		return fmt.Sprintf("%02d/%04d", b.m, b.n)
	case 'd':
		return fmt.Sprintf("%02d/%02d/%04d", b.d, b.m, b.n)
	}
	return strconv.Itoa(b.n)
}

func (r qRange) String() string {
	switch r.op {
	case '-':
		return r.a.String() + "-" + r.b.String()
	case '<', '>':
		return string(r.op) + r.a.String()
	case 'l':
		return "<=" + r.a.String()
	case 'g':
		return ">=" + r.a.String()
	}
	return r.a.String()
}

// qParseRange reads "a", "a-b", "<a", ">a", "<=a", ">=a" (≤ ≥ too); bound
// reads one bound.
func qParseRange(s string, bound func(string) (qBound, bool)) (qRange, bool) {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	var r qRange
	switch {
	case strings.HasPrefix(s, "<="), strings.HasPrefix(s, "=<"):
		r.op, s = 'l', s[2:]
	case strings.HasPrefix(s, ">="), strings.HasPrefix(s, "=>"):
		r.op, s = 'g', s[2:]
	case strings.HasPrefix(s, "≤"):
		r.op, s = 'l', s[len("≤"):]
	case strings.HasPrefix(s, "≥"):
		r.op, s = 'g', s[len("≥"):]
	case strings.HasPrefix(s, "<"):
		r.op, s = '<', s[1:]
	case strings.HasPrefix(s, ">"):
		r.op, s = '>', s[1:]
	case strings.HasPrefix(s, "="):
		r.op, s = '=', s[1:]
	default:
		if i := strings.IndexByte(s, '-'); i > 0 {
			a, okA := bound(s[:i])
			b, okB := bound(s[i+1:])
			if !okA || !okB {
				return r, false
			}
			if b.end() < a.start() || (a.prec == 'n' && b.prec == 'n' && b.n < a.n) {
				a, b = b, a // typed backwards: take it the right way round
			}
			return qRange{op: '-', a: a, b: b}, true
		}
		r.op = '='
	}
	a, ok := bound(s)
	r.a = a
	return r, ok
}

func qAtoi(s string, maxDigits int) (int, bool) {
	if s == "" || len(s) > maxDigits {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func qAgeBound(s string) (qBound, bool) {
	n, ok := qAtoi(s, 3)
	if !ok || n > 150 {
		return qBound{}, false
	}
	return qBound{n: n, prec: 'n'}, true
}

// qDateBound reads aaaa, mm/aaaa or jj/mm/aaaa ("." also accepted).
func qDateBound(s string) (qBound, bool) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' })
	if len(parts) == 0 || len(parts) > 3 || strings.Count(s, "/")+strings.Count(s, ".") != len(parts)-1 {
		return qBound{}, false
	}
	y, ok := qAtoi(parts[len(parts)-1], 4)
	if !ok || len(parts[len(parts)-1]) != 4 || y < 1000 {
		return qBound{}, false
	}
	switch len(parts) {
	case 1:
		return qBound{n: y, prec: 'n'}, true
	case 2:
		m, ok := qAtoi(parts[0], 2)
		if !ok || m < 1 || m > 12 {
			return qBound{}, false
		}
		return qBound{n: y, m: m, prec: 'm'}, true
	}
	d, okD := qAtoi(parts[0], 2)
	m, okM := qAtoi(parts[1], 2)
	if !okD || !okM || d < 1 || !model.NewDate(y, m, d).Valid() {
		return qBound{}, false
	}
	return qBound{n: y, m: m, d: d, prec: 'd'}, true
}

// qParseAgeRange and qParseDateRange read a range of ages (âge:30-40) or
// of dates (naissance:1960-1970).
var (
	qParseAgeRange  = qParseRangeOf(qAgeBound)
	qParseDateRange = qParseRangeOf(qDateBound)
)

func qParseRangeOf(bound func(string) (qBound, bool)) func(f *queryField, v *Value) *Error {
	return func(f *queryField, v *Value) *Error {
		r, ok := qParseRange(v.Raw, bound)
		if !ok {
			return qErr(v.Pos, v.n, "plage invalide « "+v.Raw+" »", f.hint)
		}
		v.rng = r
		v.setCanon(r.String())
		return nil
	}
}

// Narrows reports whether every fiche matching q also matches prev, judging
// from the terms alone: q keeps prev's terms and may add more (AND only
// narrows), and prev's last term may have grown if it is a free word typed
// further ("dup" → "dupo": a longer word prefix matches fewer names). Used to
// search only within the previous results while someone types.
func (q *Query) Narrows(prev *Query) bool {
	if q == nil || prev == nil || len(q.Terms) < len(prev.Terms) {
		return false
	}
	for i := range prev.Terms {
		a, b := &prev.Terms[i], &q.Terms[i]
		if a.String() == b.String() {
			continue
		}
		last := i == len(prev.Terms)-1
		grownWord := a.Field == "" && b.Field == "" && !a.Neg && !b.Neg &&
			len(a.Values) == 1 && len(b.Values) == 1 && strings.HasPrefix(b.Values[0].text, a.Values[0].text)
		if !last || !grownWord {
			return false
		}
	}
	// An added archivé: term can bring archived fiches back.
	for _, t := range q.Terms[len(prev.Terms):] {
		if t.field != nil && t.field.enum == qArchivedEnum {
			return false
		}
	}
	return true
}
