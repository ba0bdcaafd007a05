package query

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"fichier/model"
)

// Env is what binding a query needs besides the query itself.
type Env struct {
	Today model.Date   // for âge: (today's date when zero)
	Units []model.Unit // the units section:/cellule:/fédération: may name
	// Dues is the dues rule (today, grace period) of a fiche's federation,
	// for cotisation:, retard: and statut:retard; nil: the default grace.
	Dues func(org model.Org) model.DuesRule
	// Rounds are the phone rounds rappel: may name.
	Rounds []model.Round
}

// Matcher is a query bound to an Env, ready to test people. It is immutable
// and safe for concurrent use.
type Matcher struct {
	preds []qTermPred
	// withArchived: an archivé: term decides about archived fiches; without
	// one, archived fiches never match.
	withArchived bool
}

type qTermPred struct {
	qPred
	neg   bool
	cost  int
	field *queryField // nil for a free word
}

// qPred is a compiled term (without its negation).
type qPred interface {
	match(f *Row) bool
}

// Bind resolves what depends on the data (unit names, today's date for
// ages) and returns a Matcher. An unknown unit name is an error
// (« section inconnue « xyz » »), so results are never silently empty.
// The error, if any, is a *Error. A nil query matches every
// non-archived fiche.
func (q *Query) Bind(env Env) (*Matcher, error) {
	if env.Today == 0 {
		env.Today = model.DateOf(time.Now())
	}
	m := &Matcher{}
	if q == nil {
		return m, nil
	}
	for i := range q.Terms {
		t := &q.Terms[i]
		tp := qTermPred{neg: t.Neg, cost: 5}
		if t.field == nil {
			w := t.Values[0].text
			tp.qPred = &qFreePred{w: w, phrase: strings.IndexByte(w, ' ') >= 0}
		} else {
			pred, err := t.field.compile(t.field, t, &env)
			if err != nil {
				return nil, err
			}
			tp.qPred, tp.cost, tp.field = pred, t.field.cost, t.field
			if t.field.enum == qArchivedEnum {
				m.withArchived = true
			}
		}
		m.preds = append(m.preds, tp)
	}
	// AND is commutative: test the cheap predicates first.
	slices.SortStableFunc(m.preds, func(a, b qTermPred) int { return a.cost - b.cost })
	return m, nil
}

// Match reports whether the person matches every term. f must be
// NewRow(p) (possibly interned).
func (m *Matcher) Match(f *Row) bool {
	if f.Archived && !m.withArchived {
		return false
	}
	for i := range m.preds {
		if m.preds[i].match(f) == m.preds[i].neg {
			return false
		}
	}
	return true
}

// ---------------------------------------------------------------------------
// Free words

// qHasWordPrefix reports whether w occurs in s at the start of a word (at the
// start of s or after a character that is neither an ASCII letter or digit
// nor part of a multi-byte character).
func qHasWordPrefix(s, w string) bool {
	for i := 0; len(s)-i >= len(w); {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		if j == 0 || qIsBoundary(s[j-1]) {
			return true
		}
		// Found inside a word: resume at the end of that word, not one byte
		// further (a short w like "t" occurs inside most names).
		for j < len(s) && !qIsBoundary(s[j]) {
			j++
		}
		i = j
	}
	return false
}

func qIsBoundary(c byte) bool {
	return c < utf8.RuneSelf && !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z')
}

// qFreePred: a free word is a prefix of a word of the name or the commune; a
// phrase (with spaces) may also match the name in "first last" order.
type qFreePred struct {
	w      string
	phrase bool
}

func (q *qFreePred) match(f *Row) bool {
	// Row.Initials says which letters start a word of the name or the
	// commune: most rows are ruled out (or, for one letter, in) without
	// looking at the text. NameFL has the same words as Name.
	if c := q.w[0]; 'a' <= c && c <= 'z' {
		if f.Initials&(1<<(c-'a')) == 0 {
			return false
		}
		if len(q.w) == 1 {
			return true
		}
	}
	return qHasWordPrefix(f.Name, q.w) || qHasWordPrefix(f.Commune, q.w) ||
		q.phrase && qHasWordPrefix(f.NameFL, q.w)
}

// qInitials gives the set of letters a–z that start a word of the strings,
// words as qHasWordPrefix sees them.
func qInitials(ss ...string) uint32 {
	var set uint32
	for _, s := range ss {
		for i := 0; i < len(s); i++ {
			if (i == 0 || qIsBoundary(s[i-1])) && 'a' <= s[i] && s[i] <= 'z' {
				set |= 1 << (s[i] - 'a')
			}
		}
	}
	return set
}

// ---------------------------------------------------------------------------
// Text fields

func qTexts(t *Term) []string {
	if len(t.Values) == 0 {
		return nil
	}
	out := make([]string, len(t.Values))
	for i := range t.Values {
		out[i] = t.Values[i].text
	}
	return out
}

// qTextPred: the field contains one of the values (with prefix, starts
// with one); with no value, the field is empty.
type qTextPred struct {
	get    func(f *Row) string
	vals   []string
	prefix bool
}

func (q *qTextPred) match(f *Row) bool { return q.matchText(q.get(f)) }

func (q *qTextPred) matchText(s string) bool {
	if q.vals == nil {
		return s == ""
	}
	// One loop per kind, so that the search inlines (it runs per fiche).
	if q.prefix {
		for _, v := range q.vals {
			if strings.HasPrefix(s, v) {
				return true
			}
		}
		return false
	}
	for _, v := range q.vals {
		if strings.Contains(s, v) {
			return true
		}
	}
	return false
}

func qCompileText(f *queryField, t *Term, _ *Env) (qPred, *Error) {
	return &qTextPred{get: f.text, vals: qTexts(t)}, nil
}

func qCompilePrefix(f *queryField, t *Term, _ *Env) (qPred, *Error) {
	return &qTextPred{get: f.text, vals: qTexts(t), prefix: true}, nil
}

// qCompileNumber: the membership number starts with one of the values, or
// one of the numbers held before a mutation does (numéro:38-000125 still
// finds the fiche now numbered 69-…).
func qCompileNumber(f *queryField, t *Term, _ *Env) (qPred, *Error) {
	return &qNumberPred{qTextPred{get: f.text, vals: qTexts(t), prefix: true}}, nil
}

type qNumberPred struct{ qTextPred }

func (q *qNumberPred) match(f *Row) bool {
	if q.qTextPred.match(f) {
		return true
	}
	for _, n := range f.OldNumbers {
		for _, v := range q.vals {
			if v != "" && strings.HasPrefix(n, v) {
				return true
			}
		}
	}
	return false
}

// qListPred: one element of the list contains one of the values; with no
// value, the list is empty.
type qListPred struct {
	list func(f *Row) []string
	// qTextPred tests one element (matchText); "" stands for the empty list.
	qTextPred
}

func (q *qListPred) match(f *Row) bool {
	list := q.list(f)
	if q.vals == nil {
		return len(list) == 0
	}
	for _, s := range list {
		if q.matchText(s) {
			return true
		}
	}
	return false
}

func qCompileList(f *queryField, t *Term, _ *Env) (qPred, *Error) {
	return &qListPred{list: f.list, qTextPred: qTextPred{vals: qTexts(t)}}, nil
}

// qCircoPred: like a text field, but a value made of digits matches a number
// written in the circonscription ("circo:3" matches "3e circonscription" and
// "Isère 03", not "13e").
type qCircoPred struct {
	vals []string
	nums []string // digits without leading zeros, "" when the value is not a number
}

func (q *qCircoPred) match(f *Row) bool { return q.matchText(f.Circo) }

func (q *qCircoPred) matchText(s string) bool {
	if q.vals == nil {
		return s == ""
	}
	for i, v := range q.vals {
		if q.nums[i] != "" {
			if qHasNumber(s, q.nums[i]) {
				return true
			}
		} else if strings.Contains(s, v) {
			return true
		}
	}
	return false
}

// qHasNumber reports whether s contains a run of digits equal to n (leading
// zeros ignored).
func qHasNumber(s, n string) bool {
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		k := i
		for k < j-1 && s[k] == '0' {
			k++
		}
		if s[k:j] == n {
			return true
		}
		i = j
	}
	return false
}

func qCompileCirco(f *queryField, t *Term, _ *Env) (qPred, *Error) {
	q := &qCircoPred{vals: qTexts(t)}
	q.nums = make([]string, len(q.vals))
	for i, v := range q.vals {
		if _, ok := qAtoi(v, len(v)); ok {
			n := strings.TrimLeft(v, "0")
			if n == "" {
				n = "0"
			}
			q.nums[i] = n
		}
	}
	return q, nil
}

// ---------------------------------------------------------------------------
// Phones

type qPhonePred struct {
	mobile, landline bool
	vals             []string
}

func qPhoneHas(s, v string) bool {
	if v[0] == '0' {
		return strings.HasPrefix(s, v)
	}
	return strings.Contains(s, v)
}

func (q *qPhonePred) match(f *Row) bool {
	if q.vals == nil {
		return (!q.mobile || f.Mobile == "") && (!q.landline || f.Landline == "")
	}
	for _, v := range q.vals {
		if q.mobile && qPhoneHas(f.Mobile, v) || q.landline && qPhoneHas(f.Landline, v) {
			return true
		}
	}
	return false
}

func qCompilePhone(f *queryField, t *Term, _ *Env) (qPred, *Error) {
	return &qPhonePred{
		mobile:   f.name != "fixe",
		landline: f.name != "mobile",
		vals:     qTexts(t),
	}, nil
}

// ---------------------------------------------------------------------------
// Identifiers

type qIDPred struct{ ids []model.PersonID }

func (q *qIDPred) match(f *Row) bool {
	return slices.Contains(q.ids, f.ID)
}

func qCompileID(_ *queryField, t *Term, _ *Env) (qPred, *Error) {
	q := &qIDPred{}
	for _, v := range t.Values {
		q.ids = append(q.ids, v.id)
	}
	return q, nil
}

// ---------------------------------------------------------------------------
// Enumerations and booleans

// qEnumPred: the value is in the set (bit 0 = not set).
type qEnumPred struct {
	get func(f *Row) uint8
	set uint32
}

func (q *qEnumPred) match(f *Row) bool { return q.matchNum(uint64(q.get(f))) }

func (q *qEnumPred) matchNum(v uint64) bool {
	return v < 32 && q.set&(1<<v) != 0
}

func qCompileEnum(f *queryField, t *Term, _ *Env) (qPred, *Error) {
	q := &qEnumPred{get: f.num}
	if len(t.Values) == 0 {
		q.set = 1
	}
	for _, v := range t.Values {
		if f.enum == qArchivedEnum && v.enum == qAll {
			q.set |= 1<<qNo | 1<<qYes
			continue
		}
		q.set |= 1 << v.enum
	}
	return q, nil
}

// qConsentPred: the person consented to one of the channels; with no
// value, to none.
type qConsentPred struct{ any model.Channels }

func (q *qConsentPred) match(f *Row) bool { return q.matchNum(uint64(f.Consent.Channels)) }

func (q *qConsentPred) matchNum(ch uint64) bool {
	if q.any == 0 {
		return ch == 0
	}
	return model.Channels(ch)&q.any != 0
}

func qCompileConsent(_ *queryField, t *Term, _ *Env) (qPred, *Error) {
	q := &qConsentPred{}
	for _, v := range t.Values {
		q.any |= model.Channels(v.enum)
	}
	return q, nil
}

// ---------------------------------------------------------------------------
// Dates and ages

// qDatePred: the date lies in one of the inclusive intervals; with none, the
// date is unset. An unset date never lies in an interval.
type qDatePred struct {
	get   func(f *Row) model.Date
	ivals [][2]model.Date
	empty bool
}

func (q *qDatePred) match(f *Row) bool { return q.matchNum(uint64(q.get(f))) }

func (q *qDatePred) matchNum(v uint64) bool {
	d := model.Date(v)
	if q.empty {
		return d == 0
	}
	if d == 0 {
		return false
	}
	for _, iv := range q.ivals {
		if iv[0] <= d && d <= iv[1] {
			return true
		}
	}
	return false
}

const qMaxDate = model.Date(99991231)

// qDateInterval turns a date range into [lo, hi] on yyyymmdd integers.
func qDateInterval(r qRange) [2]model.Date {
	switch r.op {
	case '-':
		return [2]model.Date{r.a.start(), r.b.end()}
	case '<':
		return [2]model.Date{1, r.a.start() - 1}
	case 'l':
		return [2]model.Date{1, r.a.end()}
	case '>':
		return [2]model.Date{r.a.end() + 1, qMaxDate}
	case 'g':
		return [2]model.Date{r.a.start(), qMaxDate}
	}
	return [2]model.Date{r.a.start(), r.a.end()}
}

// qAgeInterval turns an age range into an interval of birth dates: age ≥ a
// exactly when born on or before today minus a years, which on yyyymmdd
// integers is (Y-a)·10000 + mmdd (whatever the calendar says of 29 February).
func qAgeInterval(r qRange, today model.Date) [2]model.Date {
	lo, hi := 0, 1<<30 // ages
	switch r.op {
	case '-':
		lo, hi = r.a.n, r.b.n
	case '<':
		hi = r.a.n - 1
	case 'l':
		hi = r.a.n
	case '>':
		lo = r.a.n + 1
	case 'g':
		lo = r.a.n
	default:
		lo, hi = r.a.n, r.a.n
	}
	if hi < lo || hi < 0 {
		return [2]model.Date{1, 0} // empty
	}
	md := int(today) % 10000
	bornBy := func(age int) int { return (today.Year()-age)*10000 + md } // age ≥ age ⇔ birth ≤ bornBy(age)
	iv := [2]model.Date{1, model.Date(max(bornBy(lo), 0))}
	if hi < 1<<30 {
		// age ≤ hi ⇔ not (age ≥ hi+1) ⇔ birth > bornBy(hi+1)
		iv[0] = model.Date(max(bornBy(hi+1)+1, 1))
	}
	return iv
}

func qCompileDate(f *queryField, t *Term, env *Env) (qPred, *Error) {
	q := &qDatePred{get: f.date, empty: len(t.Values) == 0}
	for _, v := range t.Values {
		if f.name == "âge" {
			q.ivals = append(q.ivals, qAgeInterval(v.rng, env.Today))
		} else {
			q.ivals = append(q.ivals, qDateInterval(v.rng))
		}
	}
	return q, nil
}

// ---------------------------------------------------------------------------
// Organisation units

// qUnitPred: the person's unit at one level is one of a set; with
// empty, the person has no unit at that level.
type qUnitPred struct {
	level model.Level
	empty bool
	bits  []uint64              // set of IDs when they are small
	ids   map[model.UnitID]bool // otherwise
}

func (q *qUnitPred) match(f *Row) bool { return q.matchNum(uint64(qUnitAt(f, q.level))) }

// qUnitAt is the row's unit at level.
func qUnitAt(f *Row, level model.Level) model.UnitID {
	switch level {
	case model.LevelFederation:
		return f.Org.Federation
	case model.LevelSection:
		return f.Org.Section
	}
	return f.Org.Cell
}

func (q *qUnitPred) matchNum(v uint64) bool {
	id := model.UnitID(v)
	if q.empty {
		return id == 0
	}
	if q.ids != nil {
		return q.ids[id]
	}
	w := int(id >> 6)
	return w < len(q.bits) && q.bits[w]&(1<<(id&63)) != 0
}

func (q *qUnitPred) add(ids []model.UnitID) {
	for _, id := range ids {
		if q.ids == nil && id >= 1<<20 {
			q.ids = map[model.UnitID]bool{}
			for w, b := range q.bits {
				for k := 0; k < 64; k++ {
					if b&(1<<k) != 0 {
						q.ids[model.UnitID(w*64+k)] = true
					}
				}
			}
			q.bits = nil
		}
		if q.ids != nil {
			q.ids[id] = true
			continue
		}
		w := int(id >> 6)
		if w >= len(q.bits) {
			q.bits = append(q.bits, make([]uint64, w+1-len(q.bits))...)
		}
		q.bits[w] |= 1 << (id & 63)
	}
}

func qCompileUnit(f *queryField, t *Term, env *Env) (qPred, *Error) {
	q := &qUnitPred{level: f.level, empty: len(t.Values) == 0}
	for i := range t.Values {
		ids, err := qResolveUnits(f, &t.Values[i], env)
		if err != nil {
			return nil, err
		}
		q.add(ids)
	}
	return q, nil
}

// qResolveUnits finds the units of f's level named by v: those whose name or
// code is exactly v (accents and case aside), else those whose name contains v.
func qResolveUnits(f *queryField, v *Value, env *Env) ([]model.UnitID, *Error) {
	var exact, partial []model.UnitID
	best, bestD := "", 3
	for i := range env.Units {
		u := &env.Units[i]
		if u.Level != f.level {
			continue
		}
		name := SearchFold(u.Name)
		switch {
		case name == v.text || (u.Code != "" && SearchFold(u.Code) == v.text):
			exact = append(exact, u.ID)
		case strings.Contains(name, v.text):
			partial = append(partial, u.ID)
		}
		if d := qDistance(v.text, name); d < bestD {
			best, bestD = u.Name, d
		}
	}
	if len(exact) > 0 {
		return exact, nil
	}
	if len(partial) > 0 {
		return partial, nil
	}
	e := qErr(v.Pos, v.n, f.level.String()+" inconnue « "+v.Raw+" »", "")
	if best != "" && 2*bestD <= utf8.RuneCountInString(v.text) {
		e.Suggestion = f.name + ":" + qQuoteIfNeeded(best)
	}
	return nil, e
}

func qQuoteIfNeeded(s string) string {
	var b strings.Builder
	qWriteQuoted(&b, s, false)
	return b.String()
}

// QuoteValue writes a value as the filter language reads it back: in
// quotes when it holds spaces, commas or quotes (for completion).
func QuoteValue(s string) string { return qQuoteIfNeeded(s) }
