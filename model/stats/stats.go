// Package stats computes the figures of the "Statistiques" screen — counts,
// age pyramid, social composition, how complete the file is — from the
// store's index rows. It is pure: the same rows and day give the same
// figures, and nothing here reads a file or the clock.
//
// Each block is a small accumulator (add one row, then finish) with a
// function over a slice of rows for tests and callers that want one block;
// Compute feeds every block in a single pass over the rows, so that each
// row is read from memory once. A new block is one more accumulator, one
// more field of Stats and one more line in Compute.
package stats

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"fichier/model"
	"fichier/model/query"
)

// Input is what the figures are computed over.
type Input struct {
	// Rows are the fiches counted: the viewer's scope, narrowed by Query.
	// They are read, never modified.
	Rows []*query.Row
	// Env is today and the units the viewer sees (names, and binding the
	// queries of the quality block).
	Env query.Env
	// Query is the search that gave Rows ("" = every fiche of the scope).
	// The quality block's "missing" searches start with it.
	Query string
	// BandYears is the width of the age pyramid's bands: 5 or 10 (default).
	BandYears int
	// KindChanges are the journal's steps on the path since 1 January
	// (ProgressionOf keeps those of Rows' fiches).
	KindChanges []KindChange
	// Mutations are the mutation records (kind, date, origin, destination
	// and Processed suffice) and Viewer whose scope they are counted in
	// (nil: no mutation block). They are not narrowed by Query: a departed
	// fiche is no longer in the rows.
	Mutations []model.Mutation
	Viewer    *model.User
}

// Stats holds every block of figures.
type Stats struct {
	Today   model.Date
	Query   string
	Counts  Counts
	Pyramid Pyramid
	Social  Social
	Quality Quality
	// Progression is this year's movement on the path, from the journal.
	Progression Progression
	// Dues is the adherents' dues status; Moves the mutations of the scope.
	Dues  Dues
	Moves Moves
}

// Compute runs every block over in.Rows, in one pass.
func Compute(in Input) (Stats, error) {
	if in.Env.Today == 0 {
		return Stats{}, errNoToday
	}
	quality, err := newQualityAcc(in.Env)
	if err != nil {
		return Stats{}, err
	}
	counts := newCountsAcc(in.Env)
	pyramid := newPyramid(in.Env.Today, in.BandYears)
	var social Social
	dues := newDuesAcc(in.Env)
	for _, r := range in.Rows {
		dues.add(r)
		counts.add(r)
		pyramid.add(r)
		social.add(r)
		quality.add(r)
	}
	return Stats{
		Today:       in.Env.Today,
		Query:       strings.TrimSpace(in.Query),
		Counts:      counts.finish(),
		Pyramid:     pyramid.finish(),
		Social:      social,
		Quality:     quality.finish(),
		Progression: ProgressionOf(in.KindChanges, in.Rows, in.Env.Today.Year()),
		Dues:        dues.finish(),
		Moves:       MovesOf(in.Mutations, in.Viewer, in.Env.Today.Year()),
	}, nil
}

type statsError string

func (e statsError) Error() string { return string(e) }

const errNoToday = statsError("statistiques : date du jour manquante")

// Percent is 100·n/total, 0 when total is 0.
func Percent(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return 100 * float64(n) / float64(total)
}

// ---------------------------------------------------------------------------
// Counts

// KindCounts counts fiches by kind.
type KindCounts struct {
	Adherents, Compagnons, Contacts int
}

// Total is the number of fiches counted.
func (k KindCounts) Total() int { return k.Adherents + k.Compagnons + k.Contacts }

func (k *KindCounts) add(kind model.Kind) {
	switch kind {
	case model.KindAdherent:
		k.Adherents++
	case model.KindCompagnon:
		k.Compagnons++
	default:
		k.Contacts++
	}
}

// UnitCount is the count of one section (or one cell of it). Unit 0 is
// "no section" (fiches held at federation level) or "no cell".
type UnitCount struct {
	Unit model.UnitID
	Name string
	KindCounts
	Cells []UnitCount // sections only: their cells, then "no cell" last
}

// Counts is the "Effectifs" block.
type Counts struct {
	KindCounts
	AdherentsNoCell int
	// Year is today's year; NewThisYear and NewLastYear count the
	// adherents whose date of adhesion falls in Year and Year-1.
	Year                     int
	NewThisYear, NewLastYear int
	Sections                 []UnitCount // by name, "no section" last
}

// accumulator is one of the figures, counted in one pass over the rows:
// Stats feeds them all at once; each also has its own function.
type accumulator[T any] interface {
	add(r *query.Row)
	finish() T
}

// accumulate feeds rows to acc and returns its figure.
func accumulate[T any](acc accumulator[T], rows []*query.Row) T {
	for _, r := range rows {
		acc.add(r)
	}
	return acc.finish()
}

// CountsOf counts rows by kind, section and cell.
func CountsOf(rows []*query.Row, env query.Env) Counts {
	return accumulate(newCountsAcc(env), rows)
}

type cellKey struct{ section, cell model.UnitID }

// countsAcc accumulates Counts.
type countsAcc struct {
	Counts
	env      query.Env
	sections map[model.UnitID]*KindCounts
	cells    map[cellKey]*KindCounts
	// last avoids the map lookups for a run of rows of one cell.
	lastKey      cellKey
	lastS, lastC *KindCounts
}

func newCountsAcc(env query.Env) *countsAcc {
	return &countsAcc{Counts: Counts{Year: env.Today.Year()}, env: env,
		sections: map[model.UnitID]*KindCounts{}, cells: map[cellKey]*KindCounts{}}
}

func (c *countsAcc) add(r *query.Row) {
	c.KindCounts.add(r.Kind)
	if r.Kind == model.KindAdherent {
		if r.Org.Cell == 0 {
			c.AdherentsNoCell++
		}
		switch r.JoinDate.Year() {
		case c.Year:
			c.NewThisYear++
		case c.Year - 1:
			c.NewLastYear++
		}
	}
	k := cellKey{r.Org.Section, r.Org.Cell}
	if c.lastS == nil || k != c.lastKey {
		c.lastKey = k
		if c.lastS = c.sections[k.section]; c.lastS == nil {
			c.lastS = &KindCounts{}
			c.sections[k.section] = c.lastS
		}
		if c.lastC = c.cells[k]; c.lastC == nil {
			c.lastC = &KindCounts{}
			c.cells[k] = c.lastC
		}
	}
	c.lastS.add(r.Kind)
	c.lastC.add(r.Kind)
}

func (c *countsAcc) finish() Counts {
	out := c.Counts
	names := unitNames(c.env.Units)
	for id, k := range c.sections {
		u := UnitCount{Unit: id, Name: names[id], KindCounts: *k}
		if id != 0 {
			for ck, v := range c.cells {
				if ck.section == id {
					u.Cells = append(u.Cells, UnitCount{Unit: ck.cell, Name: names[ck.cell], KindCounts: *v})
				}
			}
			sortUnits(u.Cells)
		}
		out.Sections = append(out.Sections, u)
	}
	sortUnits(out.Sections)
	return out
}

func unitNames(units []model.Unit) map[model.UnitID]string {
	m := make(map[model.UnitID]string, len(units))
	for _, u := range units {
		m[u.ID] = u.Name
	}
	return m
}

// sortUnits orders by name (folded), unit 0 last.
func sortUnits(us []UnitCount) {
	slices.SortFunc(us, func(a, b UnitCount) int {
		if (a.Unit == 0) != (b.Unit == 0) {
			if a.Unit == 0 {
				return 1
			}
			return -1
		}
		return cmp.Or(strings.Compare(model.Fold(a.Name), model.Fold(b.Name)), cmp.Compare(a.Unit, b.Unit))
	})
}

// ---------------------------------------------------------------------------
// Age pyramid

// youngest and oldest bound the pyramid: one band below youngest, one from
// oldest up.
const (
	youngest = 20
	oldest   = 90
)

// Band is one age band of the pyramid: ages Lo to Hi included (Hi < 0: Lo
// and over), by gender.
type Band struct {
	Lo, Hi                     int
	Women, Men, Other, Unknown int // Unknown: gender not recorded
}

// Total is everyone in the band.
func (b Band) Total() int { return b.Women + b.Men + b.Other + b.Unknown }

// Label is "< 20", "20-29" or "90 +".
func (b Band) Label() string {
	switch {
	case b.Lo == 0:
		return "< " + itoa(b.Hi+1)
	case b.Hi < 0:
		return itoa(b.Lo) + " +"
	}
	return itoa(b.Lo) + "-" + itoa(b.Hi)
}

// Term is the search term of the band: "âge:20-29", "âge:<20", "âge:>=90".
func (b Band) Term() string {
	switch {
	case b.Lo == 0:
		return "âge:<" + itoa(b.Hi+1)
	case b.Hi < 0:
		return "âge:>=" + itoa(b.Lo)
	}
	return "âge:" + itoa(b.Lo) + "-" + itoa(b.Hi)
}

// Pyramid is the "Âges" block: bands from the youngest up.
type Pyramid struct {
	BandYears   int
	Bands       []Band
	WithDate    int // fiches with a birth date (in the bands)
	NoBirthDate int // fiches without one
	NoGender    int // fiches in the bands without a recorded gender
}

// AgePyramid sorts rows with a birth date into bands of bandYears (5 or
// 10; anything else means 10) by their age on today: under 20, then
// 20-24 … or 20-29 …, then 90 and over. Age is counted as the query
// language counts it (model.Date.AgeAt): someone born on 29 February turns
// a year older on 1 March in other years. A birth date after today (a
// typing error) counts in the youngest band.
func AgePyramid(rows []*query.Row, today model.Date, bandYears int) Pyramid {
	return accumulate(newPyramid(today, bandYears), rows)
}

// pyramidAcc accumulates a Pyramid.
type pyramidAcc struct {
	Pyramid
	today model.Date
}

func newPyramid(today model.Date, bandYears int) *pyramidAcc {
	if bandYears != 5 {
		bandYears = 10
	}
	p := &pyramidAcc{Pyramid: Pyramid{BandYears: bandYears}, today: today}
	p.Bands = append(p.Bands, Band{Lo: 0, Hi: youngest - 1})
	for lo := youngest; lo < oldest; lo += bandYears {
		p.Bands = append(p.Bands, Band{Lo: lo, Hi: lo + bandYears - 1})
	}
	p.Bands = append(p.Bands, Band{Lo: oldest, Hi: -1})
	return p
}

func (p *pyramidAcc) add(r *query.Row) {
	if r.BirthDate == 0 {
		p.NoBirthDate++
		return
	}
	p.WithDate++
	age, i := r.BirthDate.AgeAt(p.today), 0
	switch {
	case age >= oldest:
		i = len(p.Bands) - 1
	case age >= youngest:
		i = 1 + (age-youngest)/p.BandYears
	}
	b := &p.Bands[i]
	switch r.Gender {
	case model.GenderFemale:
		b.Women++
	case model.GenderMale:
		b.Men++
	case model.GenderOther:
		b.Other++
	default:
		b.Unknown++
		p.NoGender++
	}
}

func (p *pyramidAcc) finish() Pyramid { return p.Pyramid }

// ---------------------------------------------------------------------------
// Social composition

// Social is the "Composition sociale" block: the eight PCS groups.
type Social struct {
	Groups  [8]int // by model.PCSGroups order (PCS 1 to 8)
	Unknown int    // PCS not recorded
	Total   int
}

// Known is the number of fiches with a PCS.
func (s Social) Known() int { return s.Total - s.Unknown }

// Composition counts rows by PCS group.
func Composition(rows []*query.Row) Social {
	var s Social
	for _, r := range rows {
		s.add(r)
	}
	return s
}

func (s *Social) add(r *query.Row) {
	s.Total++
	if r.PCS >= model.PCSAgriculteurs && r.PCS <= model.PCSSansActivite {
		s.Groups[r.PCS-1]++
	} else {
		s.Unknown++
	}
}

// PCSTerm is the search term of a PCS group ("pcs:3"), or of the unknown
// ones ("pcs:") for model.PCSUnknown.
func PCSTerm(p model.PCS) string {
	if p == model.PCSUnknown {
		return "pcs:"
	}
	return "pcs:" + itoa(int(p))
}

func itoa(n int) string { return strconv.Itoa(n) }
