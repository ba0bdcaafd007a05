package ui

import (
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"fichier/model"
	"fichier/model/query"
	"fichier/store"
)

// The filter bar's guide to the search language (ctrl+g) and its Tab
// completion of field names and values. Both read the query package's
// field table (query.Fields): the language is described once.

// langExamples are the first lines of the guide.
var langExamples = []string{
	"Des mots cherchent dans les noms : dupont · \"émilie dupont\"",
	"champ:valeur filtre : type:adh commune:échirolles section:\"sud grenoblois\"",
	"-champ: veut dire « sans » : -tél: (sans téléphone) · -cellule:",
	"Plusieurs valeurs : type:adh,comp · des bornes : âge:30-45, adhésion:<2015",
	"Tab complète le champ ou la valeur · ↑↓ : recherches précédentes",
}

// langGuide is the guide's lines for a width: examples, then each field
// with its other names, its values and its help.
func langGuide(st *Styles, w int) []string {
	var out []string
	out = append(out, st.Title.Render("La recherche"))
	for _, e := range langExamples {
		out = append(out, wrapIndent(e, w, "  ", "    ")...)
	}
	out = append(out, "", st.Title.Render("Les champs"))
	for _, f := range query.Fields() {
		text := f.Help
		if len(f.Values) > 0 {
			text += " — valeurs : " + strings.Join(f.Values, ", ")
		}
		out = append(out, wrapIndent(st.Key.Render(f.Name+":")+" "+text, w, "  ", "      ")...)
	}
	return out
}

// wrapIndent wraps text to w cells, the first line indented by first, the
// others by rest.
func wrapIndent(text string, w int, first, rest string) []string {
	var out []string
	lines := strings.Split(ansi.Wordwrap(text, max(w-len(rest), 10), " "), "\n")
	for i, l := range lines {
		if i == 0 {
			out = append(out, fit(first+l, w))
		} else {
			out = append(out, fit(rest+l, w))
		}
	}
	return out
}

// completion is what Tab can put in the bar.
type completion struct {
	units map[model.Level][]string // unit names by level
	vocab store.Vocabulary
	// A Tab pressed again goes to the next candidate.
	base  string   // the text before the word being completed
	cands []string // the candidates offered
	next  int
}

// loadCompletion reads the unit names and the list words of the scope.
func (l *listScreen) loadCompletion() tea.Cmd {
	st, sess := l.c.Store, l.c.Session
	if sess == nil {
		return nil
	}
	return ask(l, func() (completion, error) {
		out := completion{units: map[model.Level][]string{}}
		if units, err := st.Units(sess); err == nil {
			for _, u := range units {
				lv := u.Path.Level()
				out.units[lv] = append(out.units[lv], model.StripControl(u.Name))
			}
		}
		out.vocab, _ = st.Vocabulary(sess)
		return out, nil
	})
}

// complete handles Tab in the bar: the word before the cursor is completed
// (a field name, or a value after "champ:"); again, the next candidate.
func (l *listScreen) complete() tea.Cmd {
	text := l.filter.Value()
	c := &l.compl
	if len(c.cands) > 1 && slices.ContainsFunc(c.cands, func(x string) bool { return text == c.base+x }) {
		c.next = (c.next + 1) % len(c.cands)
		return l.completeTo(c.base + c.cands[c.next])
	}
	base, word := "", text
	if i := strings.LastIndexAny(text, " "); i >= 0 {
		base, word = text[:i+1], text[i+1:]
	}
	if strings.HasPrefix(word, "-") {
		base, word = base+"-", word[1:]
	}
	var cands []string
	if name, val, ok := strings.Cut(word, ":"); ok {
		f, found := fieldNamed(name)
		if !found {
			return nil
		}
		// Several values: complete the last one.
		prefix := name + ":"
		if i := strings.LastIndex(val, ","); i >= 0 {
			prefix, val = prefix+val[:i+1], val[i+1:]
		}
		base += prefix
		for _, v := range l.valuesOf(f) {
			if strings.HasPrefix(query.SearchFold(v), query.SearchFold(strings.Trim(val, `"`))) {
				cands = append(cands, query.QuoteValue(v))
			}
		}
	} else {
		for _, f := range query.Fields() {
			for _, n := range append([]string{f.Name}, f.Aliases...) {
				if strings.HasPrefix(query.SearchFold(n), query.SearchFold(word)) {
					cands = append(cands, f.Name+":")
					break
				}
			}
		}
	}
	cands = slicesCompact(cands)
	if len(cands) == 0 {
		return nil
	}
	*c = completion{units: c.units, vocab: c.vocab, base: base, cands: cands}
	return l.completeTo(base + cands[0])
}

func (l *listScreen) completeTo(text string) tea.Cmd {
	l.setFilter(text)
	l.hist = -1
	return l.search(text)
}

// valuesOf lists what a field accepts: its fixed words, the unit names of
// its level, or the words found in the fiches.
func (l *listScreen) valuesOf(f query.FieldInfo) []string {
	switch {
	case len(f.Values) > 0:
		return f.Values
	case f.IsUnit:
		return l.compl.units[f.Unit]
	case f.IsList:
		return l.compl.vocab[f.Key]
	}
	return nil
}

func fieldNamed(name string) (query.FieldInfo, bool) {
	k := query.SearchFold(name)
	for _, f := range query.Fields() {
		for _, n := range append([]string{f.Name}, f.Aliases...) {
			if query.SearchFold(n) == k {
				return f, true
			}
		}
	}
	return query.FieldInfo{}, false
}

// slicesCompact drops repeated candidates, keeping the first.
func slicesCompact(in []string) []string {
	seen := map[string]bool{}
	out := in[:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// complHint is the hint line while candidates are offered.
func (l *listScreen) complHint() string {
	c := l.compl
	if len(c.cands) < 2 || !strings.HasPrefix(l.filter.Value(), c.base) {
		return ""
	}
	return "   tab : " + strings.Join(c.cands, " · ")
}
