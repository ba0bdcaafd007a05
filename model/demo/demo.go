// Package demo generates a realistic, deterministic demo membership file:
// the federations of Isère and Rhône with sections built from real communes
// (embedded from the official divisions), their cells, and people streamed
// one at a time — contacts, compagnons de route and adhérents with French
// names of every generation and origin, addresses, phones, e-mails,
// professions, engagements and consent.
//
// The same Config always yields the same units and the same people, in the
// same order. Generation does no I/O; a Generator is not safe for concurrent
// use. People are produced one at a time and never kept: a million of them
// take about a second and a few megabytes.
//
// Organisation: Isère (code 38, ~85 % of the people) and Rhône (69), IDs
// federations first, then sections, then cells (see fedDefs in geo.go). The
// "Sud-Grenoblois" section is the article's: 22 communes south of Grenoble
// with only two cells, so most of its adherents have none.
//
// Communes, postal codes, populations and intercommunalities come from
// communes-38-69.csv, extracted from Etalab's @etalab/decoupage-administratif
// 6.0.0 (data under the Licence Ouverte / Open Licence). Circonscriptions are
// assigned per commune, approximately (a commune split between two is given
// one of them).
package demo

import (
	"math/rand/v2"
	"time"

	"fichier/model"
)

// Config sets the size, seed and reference day of a demo file.
type Config struct {
	People int        // number of people Next yields
	Seed   int64      // same seed, same file
	Today  model.Date // the day the file is generated as of; zero means DefaultToday
}

// DefaultToday is the reference day used when Config.Today is zero, so that
// a zero Config stays deterministic.
var DefaultToday = model.NewDate(2026, 1, 15)

// CreatedBy is the author recorded on every generated fiche.
const CreatedBy = "démo"

// Generator streams the people of a demo file.
type Generator struct {
	cfg   Config
	w     *world
	r     *rand.Rand
	n     int
	today int // day number of cfg.Today

	seq [2]int // membership number sequence by federation

	// sources by section and kind (0 contact, 1 compagnon): section-wide
	// ones in a table, local ones (a commune or a quartier) by key.
	srcBase  [][2]srcTable
	srcLocal map[string][]int
	sources  []source
	joinSrc  joinSources

	streetCache   map[uint32]string
	compoundCache map[uint32]compound
	emails        bloom
	buf           []byte

	// elected offices already handed out
	muni, adj []int16
	mayor     []bool
	epciCount map[string]int
	deptCount [2]int
	regional  int
}

type source struct {
	name     string
	from, to int // day numbers, inclusive
	hint     int
	w        [2]float64
}

type srcTable struct {
	ids []int
	t   weighted
	tot float64
}

type compound struct{ name, folded string }

// New prepares a generator. It panics only if the embedded tables are
// inconsistent (a programming error caught by the tests).
func New(cfg Config) *Generator {
	if cfg.Today == 0 || !cfg.Today.Valid() {
		cfg.Today = DefaultToday
	}
	if cfg.People < 0 {
		cfg.People = 0
	}
	w := getWorld()
	g := &Generator{
		cfg:           cfg,
		w:             w,
		r:             rand.New(rand.NewPCG(uint64(cfg.Seed), 0x9e3779b97f4a7c15^uint64(cfg.Seed)*0x2545f4914f6cdd1d)),
		today:         dayOf(cfg.Today),
		streetCache:   make(map[uint32]string),
		compoundCache: make(map[uint32]compound),
		emails:        newBloom(cfg.People),
		buf:           make([]byte, 0, 128),
		muni:          make([]int16, len(w.communes)),
		adj:           make([]int16, len(w.communes)),
		mayor:         make([]bool, len(w.communes)),
		epciCount:     make(map[string]int),
	}
	g.buildSources()
	g.joinSrc = newJoinSources(g.today)
	return g
}

// Units returns every federation, section and cell of the demo file, with
// IDs 1..n: federations first, then their sections, then the cells. The
// slice is the caller's.
func (g *Generator) Units() []model.Unit {
	return append([]model.Unit(nil), g.w.units...)
}

// Next returns the next person, or false once Config.People have been
// produced. ID is left 0 for the store to assign.
func (g *Generator) Next() (model.Person, bool) {
	if g.n >= g.cfg.People {
		return model.Person{}, false
	}
	g.n++
	return g.person(), true
}

// ---------------------------------------------------------------------------

func (g *Generator) buildSources() {
	w := g.w
	g.srcLocal = map[string][]int{}
	g.srcBase = make([][2]srcTable, len(w.sections))
	sectionByName := map[string]*section{}
	for _, s := range w.sections {
		sectionByName[s.name] = s
	}
	base := make([][2][]int, len(w.sections)) // per section, per kind: source indices
	last := g.today - 1
	defs := append([]sourceDef(nil), sourceDefs...)
	// The Fête du Travailleur alpin, the Isère federation's own, at the
	// parc de la Poya in Fontaine: the last weekend of June.
	for y := 2022; y <= 2026; y++ {
		for d := 24; d <= 30; d++ {
			if weekday(daysFromCivil(y, 6, d)) == time.Friday {
				defs = append(defs, sourceDef{name: "Fête du Travailleur alpin " + itoa(y), from: model.NewDate(y, 6, d),
					to: dateOfDay(daysFromCivil(y, 6, d) + 2), feds: []string{"38"}, wContact: 1.5, wCompagnon: 2.5})
				break
			}
		}
	}
	for _, sd := range defs {
		from := dayOf(sd.from)
		to := last
		if sd.to != 0 {
			to = min(dayOf(sd.to), last)
		}
		if from > to {
			continue // not yet happened
		}
		si := len(g.sources)
		g.sources = append(g.sources, source{name: sd.name, from: from, to: to, hint: w.hintIndex(sd.hint), w: [2]float64{sd.wContact, sd.wCompagnon}})
		if len(sd.where) == 0 {
			for _, s := range w.sections {
				if len(sd.feds) == 0 || contains(sd.feds, s.fed.code) {
					base[s.idx][0] = append(base[s.idx][0], si)
					base[s.idx][1] = append(base[s.idx][1], si)
				}
			}
			continue
		}
		for _, where := range sd.where {
			if s, ok := sectionByName[where]; ok {
				base[s.idx][0] = append(base[s.idx][0], si)
				base[s.idx][1] = append(base[s.idx][1], si)
				continue
			}
			c, q, hasQ := cutSlash(where)
			found := false
			for _, s := range w.sections {
				if pl := s.place(c); pl != nil && (!hasQ || pl.quartier(q) != nil) {
					found = true
				}
			}
			if !found {
				panic("demo: source " + sd.name + ": unknown place " + where)
			}
			g.srcLocal[where] = append(g.srcLocal[where], si)
		}
	}
	for i := range base {
		for k := range 2 {
			ids := base[i][k]
			if len(ids) == 0 {
				continue
			}
			ws := make([]float64, len(ids))
			for j, si := range ids {
				ws[j] = g.sources[si].w[k]
			}
			t := newWeighted(ws)
			g.srcBase[i][k] = srcTable{ids: ids, t: t, tot: t.total()}
		}
	}
}

func cutSlash(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '/' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// joinSources are the ways adherents joined, by period.
type joinSources struct {
	fetes []struct {
		name     string
		from, to int
	}
	online int // first day of online membership
}

func newJoinSources(today int) joinSources {
	var js joinSources
	for y := 2010; y <= 2030; y++ {
		// The Fête de l'Humanité: the weekend whose Saturday falls between
		// 13 and 19 September (close enough for a demo).
		for d := 13; d <= 19; d++ {
			day := daysFromCivil(y, 9, d)
			if weekday(day) == time.Saturday {
				if day+1 < today {
					js.fetes = append(js.fetes, struct {
						name     string
						from, to int
					}{"Fête de l'Humanité " + itoa(y), day - 1, day + 1})
				}
				break
			}
		}
	}
	js.online = daysFromCivil(2015, 1, 1)
	return js
}

func weekday(day int) time.Weekday {
	// 1970-01-01 was a Thursday.
	return time.Weekday(((day % 7) + 7 + 4) % 7)
}

func itoa(n int) string { return string(appendInt(nil, n)) }
