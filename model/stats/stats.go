// Package stats computes the figures of the "Statistiques" screen — counts,
// age pyramid, social composition, how complete the file is — from the
// store's index rows. It is pure: the same rows and day give the same
// figures, and nothing here reads a file or the clock.
//
// Each block is one function over the rows (Counts, AgePyramid,
// Composition, Quality); Compute runs them all. A new block (dues, mutations)
// is one more function, one more field of Stats and one more line in
// Compute.
package stats

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"fichier/model"
)

// Input is what the figures are computed over.
type Input struct {
	// Rows are the fiches counted: the viewer's scope, narrowed by Query.
	// They are read, never modified.
	Rows []*model.Row
	// Env is today and the units the viewer sees (names, and binding the
	// queries of the quality block).
	Env model.Env
	// Query is the search that gave Rows ("" = every fiche of the scope).
	// The quality block's "missing" searches start with it.
	Query string
	// BandYears is the width of the age pyramid's bands: 5 or 10 (default).
	BandYears int
}

// Stats holds every block of figures.
type Stats struct {
	Today   model.Date
	Query   string
	Counts  Counts
	Pyramid Pyramid
	Social  Social
	Quality Quality
}

// Compute runs every block over in.Rows.
func Compute(in Input) (Stats, error) {
	if in.Env.Today == 0 {
		return Stats{}, errNoToday
	}
	q, err := QualityOf(in)
	if err != nil {
		return Stats{}, err
	}
	return Stats{
		Today:   in.Env.Today,
		Query:   strings.TrimSpace(in.Query),
		Counts:  CountsOf(in.Rows, in.Env),
		Pyramid: AgePyramid(in.Rows, in.Env.Today, in.BandYears),
		Social:  Composition(in.Rows),
		Quality: q,
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

// CountsOf counts rows by kind, section and cell.
func CountsOf(rows []*model.Row, env model.Env) Counts {
	c := Counts{Year: env.Today.Year()}
	type key struct{ section, cell model.UnitID }
	sections := map[model.UnitID]*KindCounts{}
	cells := map[key]*KindCounts{}
	get := func(m map[key]*KindCounts, k key) *KindCounts {
		if v := m[k]; v != nil {
			return v
		}
		v := &KindCounts{}
		m[k] = v
		return v
	}
	for _, r := range rows {
		c.add(r.Kind)
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
		s := sections[r.Org.Section]
		if s == nil {
			s = &KindCounts{}
			sections[r.Org.Section] = s
		}
		s.add(r.Kind)
		if r.Org.Section != 0 {
			get(cells, key{r.Org.Section, r.Org.Cell}).add(r.Kind)
		}
	}
	names := unitNames(env.Units)
	for id, k := range sections {
		u := UnitCount{Unit: id, Name: names[id], KindCounts: *k}
		for ck, v := range cells {
			if ck.section == id {
				u.Cells = append(u.Cells, UnitCount{Unit: ck.cell, Name: names[ck.cell], KindCounts: *v})
			}
		}
		sortUnits(u.Cells)
		c.Sections = append(c.Sections, u)
	}
	sortUnits(c.Sections)
	return c
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
func AgePyramid(rows []*model.Row, today model.Date, bandYears int) Pyramid {
	if bandYears != 5 {
		bandYears = 10
	}
	p := Pyramid{BandYears: bandYears}
	p.Bands = append(p.Bands, Band{Lo: 0, Hi: youngest - 1})
	for lo := youngest; lo < oldest; lo += bandYears {
		p.Bands = append(p.Bands, Band{Lo: lo, Hi: lo + bandYears - 1})
	}
	p.Bands = append(p.Bands, Band{Lo: oldest, Hi: -1})
	for _, r := range rows {
		if r.BirthDate == 0 {
			p.NoBirthDate++
			continue
		}
		p.WithDate++
		age, i := r.BirthDate.AgeAt(today), 0
		switch {
		case age >= oldest:
			i = len(p.Bands) - 1
		case age >= youngest:
			i = 1 + (age-youngest)/bandYears
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
	return p
}

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
func Composition(rows []*model.Row) Social {
	var s Social
	for _, r := range rows {
		s.Total++
		if r.PCS >= model.PCSAgriculteurs && r.PCS <= model.PCSSansActivite {
			s.Groups[r.PCS-1]++
		} else {
			s.Unknown++
		}
	}
	return s
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
