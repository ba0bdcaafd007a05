package demo

import (
	"sort"
	"strings"
	"sync"

	"fichier/model"
)

// world is everything the generator derives from its tables, independent of
// the configuration: built once per process and only read afterwards, so that
// generators can share it.
type world struct {
	feds     []*fed
	fedT     weighted
	sections []*section // in unit-ID order
	communes []*commune // every commune of a section, by index
	units    []model.Unit

	names      []string // every first and last name, interned
	folded     []string // their ASCII e-mail forms
	french     []cohort // French first names by cohort
	originFN   [nOrigins][]originCohort
	lastByOrig [nOrigins]ranked

	ageT [4]weighted // by Kind

	streets        []string
	streetIndex    map[string]int32
	urbanStreets   ranked
	villageStreets ranked

	interests      []string
	interestWeight []float64
	interestIdx    map[string]int

	unions map[unionProfile]struct {
		names []string
		t     weighted
	}

	jobs                                   []*jobInfo
	retired                                []*jobInfo
	appr                                   []*jobInfo
	student, pupil, jobless, home, invalid *jobInfo
	// job tables by federation index, gender (0 male, 1 female) and rural (0/1)
	jobT     [2][2][2]weighted
	jobTIdx  [2][2][2][]int
	retT     [2][2]weighted
	retTIdx  [2][2][]int
	apprT    [2]weighted
	domYoung weighted
	domOld   weighted
}

type ranked struct {
	ids []int32 // indices into world.names
	t   weighted
}

func (l *ranked) pick(g *Generator) int32 { return l.ids[l.t.pick(g.r)] }

type cohort struct {
	until int
	byG   [2]ranked // 0 male, 1 female
}

type originCohort struct {
	until int
	share float64
	byG   [2]ranked
}

type fed struct {
	idx      int
	code     string
	name     string
	of       string // "de l'Isère"
	id       model.UnitID
	sections []*section
	st       weighted
	univs    []string
	dep      string // employer "$dep"
	caf      string
	cpam     string
	sdis     string
	deptOff  [2]string // conseiller départemental, by gender (empty for Lyon's Métropole)
}

type section struct {
	idx       int // in world.sections
	name      string
	fed       *fed
	id        model.UnitID
	cells     []string
	cellIDs   []model.UnitID
	places    []place
	pt        weighted
	cellProb  float64
	coverage  float64
	rural     int // 0/1
	originT   weighted
	landline  []string
	hospital  string
	transport string
	area      area
}

type place struct {
	c         *commune
	postal    string
	quartiers []quartier
	qt        weighted
	cell      int // for a commune without quartiers; -1 none
}

type quartier struct {
	name    string
	postal  string
	cell    int
	key     string // "Commune/Quartier"
	streets []int32
}

type commune struct {
	idx      int
	name     string
	dept     string
	epci     string
	pop      int
	postal   string
	circo    string
	townHall string
	council  int
	grenoble bool // Grenoble-Alpes-Métropole
	lyon     bool // Métropole de Lyon
	section  *section

	offMuni  [2]string // conseiller/conseillère municipal(e) de …
	offAdj   [2]string
	offMaire string
	offEPCI  [2]string
}

// jobInfo is a job with what the generator derives from it.
type jobInfo struct {
	job
	hint int // interest index, -1 none
	emp  [2][]empOpt
	ok   [2]bool // available in the federation
}

type empOpt struct {
	lit string
	ph  placeholder
}

type placeholder uint8

const (
	phNone placeholder = iota
	phVille
	phHop
	phUniv
	phTransport
	phDep
	phMetro
	phCAF
	phCPAM
	phSDIS
)

var placeholders = map[string]placeholder{
	"$ville": phVille, "$hop": phHop, "$univ": phUniv, "$transport": phTransport, "$dep": phDep,
	"$metro": phMetro, "$caf": phCAF, "$cpam": phCPAM, "$sdis": phSDIS,
}

var (
	worldOnce sync.Once
	theWorld  *world
)

func getWorld() *world {
	worldOnce.Do(func() { theWorld = buildWorld() })
	return theWorld
}

func buildWorld() *world {
	w := &world{interestIdx: map[string]int{}}
	w.buildNames()
	w.buildStreets()
	w.buildOrg()
	w.buildAges()
	w.buildEngagements()
	w.buildJobs()
	w.buildDomains()
	return w
}

// ---------------------------------------------------------------------------
// Names

func (w *world) intern(name string, seen map[string]int32) int32 {
	if id, ok := seen[name]; ok {
		return id
	}
	id := int32(len(w.names))
	w.names = append(w.names, name)
	w.folded = append(w.folded, emailFold(name))
	seen[name] = id
	return id
}

func (w *world) rankedNames(list []string, offset float64, seen map[string]int32) ranked {
	ids := make([]int32, len(list))
	for i, n := range list {
		ids[i] = w.intern(n, seen)
	}
	return ranked{ids: ids, t: newWeighted(zipf(len(list), offset))}
}

func (w *world) buildNames() {
	seen := map[string]int32{}
	for _, c := range frenchFirstNames {
		w.french = append(w.french, cohort{until: c.until, byG: [2]ranked{
			w.rankedNames(strings.Fields(c.male), 3, seen),
			w.rankedNames(strings.Fields(c.female), 3, seen),
		}})
	}
	for o := range originFirstNames {
		for _, c := range originFirstNames[o] {
			w.originFN[o] = append(w.originFN[o], originCohort{until: c.until, share: c.share, byG: [2]ranked{
				w.rankedNames(strings.Fields(c.male), 3, seen),
				w.rankedNames(strings.Fields(c.female), 3, seen),
			}})
		}
	}
	for o := range lastNames {
		var list []string
		if origin(o) == originVietnamese {
			list = strings.Fields(lastNames[o])
		} else {
			list = splitNames(lastNames[o])
		}
		offset := 12.0
		switch origin(o) {
		case originFrench:
			offset = 25
		case originMaghreb:
			offset = 20
		}
		w.lastByOrig[o] = w.rankedNames(list, offset, seen)
	}
}

// emailFold turns a name into what goes in an e-mail address: ASCII lower
// case, no accents, no spaces nor apostrophes ("D'Aubigné" → "daubigne").
func emailFold(s string) string {
	s = model.Fold(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		case r == 'ı':
			b.WriteByte('i')
		}
	}
	return b.String()
}

// ---------------------------------------------------------------------------
// Streets

func (w *world) buildStreets() {
	seen := map[string]int32{}
	id := func(s string) int32 {
		if i, ok := seen[s]; ok {
			return i
		}
		i := int32(len(w.streets))
		w.streets = append(w.streets, s)
		seen[s] = i
		return i
	}
	mk := func(list []string, offset float64) ranked {
		ids := make([]int32, len(list))
		for i, s := range list {
			ids[i] = id(s)
		}
		return ranked{ids: ids, t: newWeighted(zipf(len(list), offset))}
	}
	w.urbanStreets = mk(urbanStreets, 10)
	w.villageStreets = mk(villageStreets, 6)
	for _, key := range sortedKeys(quartierStreets) {
		for _, s := range quartierStreets[key] {
			id(s)
		}
	}
	w.streetIndex = seen
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
