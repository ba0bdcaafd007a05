package query

import (
	"sync"

	"fichier/model"
)

// What an index needs from the filter language. The store's inverted index
// (store/textindex.go) keeps posting lists — sets of rows — for:
//
//   - free words: every word of a row's FreeWords and its prefixes (a free
//     word matches a row exactly when one of those words starts with it);
//   - dimensions (Dims): the structured fields whose values repeat — kind,
//     status, units, consent, commune, interests … —, one list per value.
//
// It answers a bound query's IndexTerms with them, then runs the Residual
// matcher (what it could not decide: dates, ages, emails, phrases …) on its
// candidates only. The query decides what matches; the index only finds it
// faster, so results are the scan's.

// Dim is a structured field for which an index keeps one posting list per
// value: a numeric key (NumKey) for enumerations, units and consent, text
// keys (TextKeys) for text and list fields whose values repeat.
type Dim struct {
	// Key is the registry key (model.Field…) of the fiche attribute.
	Key string
	f   *queryField
	num bool
	// emptyOnly: a text field whose values are nearly unique (email,
	// names …): only its emptiness is a value ("" for an empty field, no key
	// otherwise), for courriel: and -courriel:.
	emptyOnly bool
	// column: a date (âge:, naissance:, adhésion:, maj:): nearly every value
	// differs, so no posting lists; the index keeps the dates in a dense
	// array and tests its candidates' values (NumKey, MatchNum).
	column bool
}

// qDimTable holds the dimensions, built from the field table (after its init).
var qDimTable = sync.OnceValue(func() (t struct {
	dims  []*Dim
	byKey map[string]*Dim
	of    map[*queryField]*Dim
}) {
	t.byKey, t.of = map[string]*Dim{}, map[*queryField]*Dim{}
	for _, f := range qFields {
		if f.reserved != "" {
			continue
		}
		d := &Dim{Key: f.key, f: f}
		switch {
		case f.date != nil:
			// âge: reads the birth date: it shares naissance:'s column.
			d.column, d.num = true, true
			if d.Key == "" {
				d.Key = f.name
				if f.name == "âge" {
					d.Key = model.FieldBirthDate
				}
			}
		case f.key == "":
			continue
		case f.num != nil || f.level != 0 || f.enum == qChannelEnum:
			d.num = true
		case (f.text != nil || f.list != nil) && f.few:
		case f.text != nil:
			d.emptyOnly = true
		default:
			continue
		}
		t.dims = append(t.dims, d)
		if f.key != "" {
			t.byKey[f.key] = d
		}
		t.of[f] = d
	}
	return t
})

// Dims lists the dimensions of the filter language.
func Dims() []*Dim { return qDimTable().dims }

// DimFor is the dimension of the fiche attribute key (model.FieldSection …),
// or nil if that attribute is not one.
func DimFor(key string) *Dim { return qDimTable().byKey[key] }

// Column reports whether the dimension is a column of dates: Key names the
// column (âge: and naissance: share one), and a term is tested value by
// value (MatchNum) rather than by posting lists.
func (d *Dim) Column() bool { return d.column }

// Numeric reports whether the dimension's values are numbers (NumKey)
// rather than text (TextKeys).
func (d *Dim) Numeric() bool { return d.num }

// NumKey is the row's value in a numeric dimension.
func (d *Dim) NumKey(r *Row) uint64 {
	switch f := d.f; {
	case f.date != nil:
		return uint64(f.date(r))
	case f.num != nil:
		return uint64(f.num(r))
	case f.level != 0:
		return uint64(qUnitAt(r, f.level))
	}
	return uint64(r.Consent.Channels)
}

// TextKeys appends the row's values in a text dimension to dst: the field's
// value, or the list's elements; "" for an empty value or list.
func (d *Dim) TextKeys(dst []string, r *Row) []string {
	if d.f.text != nil {
		s := d.f.text(r)
		if d.emptyOnly && s != "" {
			return dst
		}
		return append(dst, s)
	}
	list := d.f.list(r)
	if len(list) == 0 {
		return append(dst, "")
	}
	return append(dst, list...)
}

// FreeWords calls fn with each word free words are matched against: the
// words of the name and of the commune, as qHasWordPrefix sees them (runs of
// bytes that are not boundaries), repeats included.
func (r *Row) FreeWords(fn func(w string)) {
	Words(r.Name, fn)
	Words(r.Commune, fn)
}

// Words calls fn with each word of folded text s, as free words see words.
func Words(s string, fn func(w string)) {
	for i := 0; i < len(s); {
		if qIsBoundary(s[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && !qIsBoundary(s[j]) {
			j++
		}
		fn(s[i:j])
		i = j
	}
}

// IndexTerm is one term of a bound query, as an index sees it. A term is
// either a free word (Word set), a structured term (Dim set), or neither:
// the index cannot help with it.
type IndexTerm struct {
	Neg bool
	// Word is the first word of a free word's text: the term matches only
	// rows with a word starting with it. Exact reports that this is the
	// whole condition (a single word); otherwise (a phrase "émilie dupont",
	// "o.brien") those rows are candidates for the matcher.
	Word  string
	Exact bool
	// Dim: the term matches a row exactly when it accepts one of the row's
	// keys in Dim (MatchNum or MatchText).
	Dim  *Dim
	pred qPred
}

// MatchNum reports whether a structured term in a numeric dimension accepts
// the value v.
func (t *IndexTerm) MatchNum(v uint64) bool {
	return t.pred.(interface{ matchNum(uint64) bool }).matchNum(v)
}

// MatchText reports whether a structured term in a text dimension accepts the
// value s ("" = empty value or list).
func (t *IndexTerm) MatchText(s string) bool {
	return t.pred.(interface{ matchText(string) bool }).matchText(s)
}

// WithArchived reports whether the query decides about archived fiches (an
// archivé: term); without one, archived fiches never match.
func (m *Matcher) WithArchived() bool { return m.withArchived }

// IndexTerms describes m's terms for an index, in m's order (the order
// Residual's keep refers to).
func (m *Matcher) IndexTerms() []IndexTerm {
	out := make([]IndexTerm, len(m.preds))
	for i := range m.preds {
		p := &m.preds[i]
		t := IndexTerm{Neg: p.neg, pred: p.qPred}
		switch q := p.qPred.(type) {
		case *qFreePred:
			if !qIsBoundary(q.w[0]) {
				j := 1
				for j < len(q.w) && !qIsBoundary(q.w[j]) {
					j++
				}
				t.Word, t.Exact = q.w[:j], j == len(q.w)
			}
		default:
			if p.field != nil {
				t.Dim = qDimTable().of[p.field]
			}
			if t.Dim != nil && t.Dim.emptyOnly && !qEmptyForm(p.qPred) {
				t.Dim = nil
			}
			// A predicate that reads more than its field (statut:retard
			// also reads the dues) has no value test: the matcher decides.
			_, byNum := p.qPred.(interface{ matchNum(uint64) bool })
			_, byText := p.qPred.(interface{ matchText(string) bool })
			if t.Dim != nil && !(t.Dim.num && byNum || !t.Dim.num && byText) {
				t.Dim = nil
			}
		}
		out[i] = t
	}
	return out
}

// Residual is the matcher of the terms i with keep[i] (the archived rule
// unchanged): what remains to test once an index has decided the others.
func (m *Matcher) Residual(keep []bool) *Matcher {
	r := &Matcher{withArchived: m.withArchived}
	for i := range m.preds {
		if keep[i] {
			r.preds = append(r.preds, m.preds[i])
		}
	}
	return r
}

// Trivial reports whether m tests nothing beyond the archived rule.
func (m *Matcher) Trivial() bool { return len(m.preds) == 0 }

// qEmptyForm reports whether a text predicate is the "field is empty" form
// (champ: without a value).
func qEmptyForm(p qPred) bool {
	q, ok := p.(*qTextPred)
	return ok && q.vals == nil
}
