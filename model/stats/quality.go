package stats

import (
	"strings"

	"fichier/model"
	"fichier/model/query"
)

// Field is one attribute whose completeness the quality block measures.
// Missing is the search term of the fiches without it: the figure is
// computed with that very term, so the share shown and the list opened
// always agree.
type Field struct {
	Label   string // column heading
	Short   string // narrow heading (≤ 5 characters)
	Missing string // search term: fiches without it
}

// Fields are those the organisers' work needs: reaching people (mobile,
// courriel, postal address — a postal code is what routing needs first),
// the pyramid (birth date), the composition (profession) and the right to
// contact them (consent).
var Fields = []Field{
	{Label: "Mobile", Short: "Mob.", Missing: "mobile:"},
	{Label: "Courriel", Short: "Cour.", Missing: "courriel:"},
	{Label: "Adresse postale", Short: "Adr.", Missing: "cp:"},
	{Label: "Date de naissance", Short: "Naiss", Missing: "naissance:"},
	{Label: "Profession", Short: "Prof.", Missing: "profession:"},
	{Label: "Consentement", Short: "Cons.", Missing: "consent:"},
}

// Populations index QualityLine's arrays: 0 is every fiche, then one per
// kind (model.Kind values).
const Populations = 4

// populations are the search term and the French name (plural) of each
// population, by index.
var populations = [Populations]struct{ term, name string }{
	{"", "toutes les fiches"},
	{"type:contact", "contacts"},
	{"type:compagnon", "compagnons de route"},
	{"type:adhérent", "adhérents"},
}

// PopulationTerm is the search term of population i ("" for every fiche).
func PopulationTerm(i int) string { return populations[i].term }

// PopulationName is the French name of population i, plural.
func PopulationName(i int) string { return populations[i].name }

// QualityLine is one line of the quality table: a section (or the whole
// scope), how many fiches and how many miss each field, per population.
type QualityLine struct {
	Section model.UnitID // 0 with All: the whole scope; without: no section
	All     bool
	Name    string
	Count   [Populations]int
	Missing [Populations][]int // by Fields order
}

// Filled is the share (%) of population pop that has field f.
func (l *QualityLine) Filled(pop, f int) float64 {
	return Percent(l.Count[pop]-l.Missing[pop][f], l.Count[pop])
}

// Query is the search listing the fiches of population pop in this line
// that miss field f, after the base search: « type:adhérent
// section:Sud-Grenoblois mobile: ».
func (l *QualityLine) Query(base string, pop, f int) string {
	parts := []string{strings.TrimSpace(base), PopulationTerm(pop)}
	if !l.All {
		parts = append(parts, "section:"+Quote(l.Name))
	}
	parts = append(parts, Fields[f].Missing)
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// Quality is the "Qualité du fichier" block: the whole scope, then each
// section by name ("no section" last).
type Quality struct {
	Total    QualityLine
	Sections []QualityLine
}

func newQualityLine() QualityLine {
	var l QualityLine
	for i := range l.Missing {
		l.Missing[i] = make([]int, len(Fields))
	}
	return l
}

// QualityOf counts, per section and population, the rows that miss each
// field. Archived fiches are judged like the others (the terms are bound
// with archivé:tous): whether they are counted at all is in.Rows' business.
func QualityOf(in Input) (Quality, error) {
	q, err := newQualityAcc(in.Env)
	if err != nil {
		return Quality{}, err
	}
	return accumulate(q, in.Rows), nil
}

// qualityAcc accumulates Quality.
type qualityAcc struct {
	env       query.Env
	matchers  []*query.Matcher
	total     QualityLine
	bySection map[model.UnitID]*QualityLine
	last      *QualityLine // the section of the previous row
}

func newQualityAcc(env query.Env) (*qualityAcc, error) {
	q := &qualityAcc{env: env, matchers: make([]*query.Matcher, len(Fields)), total: newQualityLine(),
		bySection: map[model.UnitID]*QualityLine{}}
	q.total.All = true
	for i, f := range Fields {
		parsed, err := query.Parse("archivé:tous " + f.Missing)
		if err != nil {
			return nil, err
		}
		if q.matchers[i], err = parsed.Bind(query.Env{Today: env.Today}); err != nil {
			return nil, err
		}
	}
	return q, nil
}

func (q *qualityAcc) add(r *query.Row) {
	s := q.last
	if s == nil || s.Section != r.Org.Section {
		if s = q.bySection[r.Org.Section]; s == nil {
			l := newQualityLine()
			l.Section = r.Org.Section
			s = &l
			q.bySection[r.Org.Section] = s
		}
		q.last = s
	}
	pop := int(r.Kind)
	if pop <= 0 || pop >= Populations {
		pop = int(model.KindContact)
	}
	q.total.Count[0]++
	q.total.Count[pop]++
	s.Count[0]++
	s.Count[pop]++
	for i, m := range q.matchers {
		if m.Match(r) {
			q.total.Missing[0][i]++
			q.total.Missing[pop][i]++
			s.Missing[0][i]++
			s.Missing[pop][i]++
		}
	}
}

func (q *qualityAcc) finish() Quality {
	out := Quality{Total: q.total}
	names := unitNames(q.env.Units)
	units := make([]UnitCount, 0, len(q.bySection))
	for id := range q.bySection {
		units = append(units, UnitCount{Unit: id, Name: names[id]})
	}
	sortUnits(units)
	for _, u := range units {
		l := q.bySection[u.Unit]
		l.Name = u.Name
		out.Sections = append(out.Sections, *l)
	}
	return out
}

// Quote writes a value as the query language reads it: bare when it can
// be, else in double quotes with \" and \\ escaped. An empty value stays
// empty (« section: » = no section).
func Quote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t,\":\\") {
		return s
	}
	if s == "" {
		return ""
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}
