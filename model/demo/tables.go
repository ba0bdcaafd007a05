package demo

import (
	"strings"

	"fichier/model"
)

// Age pyramids (ages 16 to 100) by kind: band start age and weight per year
// of age within the band. Adherents are older (many of 55-80), contacts
// younger.
type ageBand struct {
	from   int
	weight float64
}

var agePyramids = map[model.Kind][]ageBand{
	model.KindAdherent: {
		{16, 0.4}, {20, 0.6}, {25, 0.8}, {30, 1.0}, {40, 1.3}, {50, 1.8}, {55, 2.2}, {60, 2.4},
		{65, 2.4}, {70, 2.2}, {75, 1.6}, {80, 0.8}, {85, 0.3}, {90, 0.08}, {95, 0.02},
	},
	model.KindCompagnon: {
		{16, 0.8}, {20, 1.0}, {25, 1.4}, {30, 1.6}, {40, 1.6}, {50, 1.8}, {60, 1.6}, {70, 1.2},
		{80, 0.5}, {85, 0.2}, {90, 0.05}, {95, 0.01},
	},
	model.KindContact: {
		{16, 1.4}, {20, 2.0}, {25, 2.2}, {30, 2.0}, {40, 1.8}, {50, 1.6}, {60, 1.3}, {70, 0.9},
		{80, 0.45}, {85, 0.2}, {90, 0.05}, {95, 0.01},
	},
}

const (
	minAge = 16
	maxAge = 100
)

func (w *world) buildAges() {
	for kind, bands := range agePyramids {
		weights := make([]float64, maxAge-minAge+1)
		for i, b := range bands {
			end := maxAge
			if i+1 < len(bands) {
				end = bands[i+1].from - 1
			}
			for a := b.from; a <= end; a++ {
				weights[a-minAge] = b.weight
			}
		}
		w.ageT[kind] = newWeighted(weights)
	}
}

func (w *world) buildEngagements() {
	for i, d := range interestDefs {
		w.interests = append(w.interests, d.name)
		w.interestWeight = append(w.interestWeight, d.weight)
		w.interestIdx[d.name] = i
	}
	for _, s := range sourceDefs {
		if s.hint != "" {
			w.hintIndex(s.hint)
		}
	}
	w.unions = map[unionProfile]struct {
		names []string
		t     weighted
	}{}
	for p, list := range unionDefs {
		var names []string
		var ws []float64
		for _, u := range list {
			names = append(names, u.name)
			ws = append(ws, u.weight)
		}
		w.unions[p] = struct {
			names []string
			t     weighted
		}{names, newWeighted(ws)}
	}
}

func (w *world) hintIndex(h string) int {
	if h == "" {
		return -1
	}
	i, ok := w.interestIdx[h]
	if !ok {
		panic("demo: unknown interest " + h)
	}
	return i
}

func (w *world) info(j job) *jobInfo {
	ji := &jobInfo{job: j, hint: w.hintIndex(j.hint)}
	for fi, f := range w.feds {
		if j.emp == "" {
			ji.ok[fi] = true
			continue
		}
		for _, e := range strings.Split(j.emp, "|") {
			if code, rest, ok := strings.Cut(e, ":"); ok && len(code) == 2 {
				if code != f.code {
					continue
				}
				e = rest
			}
			ji.ok[fi] = true
			if e == "" {
				continue
			}
			if ph, ok := placeholders[e]; ok {
				ji.emp[fi] = append(ji.emp[fi], empOpt{ph: ph})
			} else if strings.HasPrefix(e, "$") {
				panic("demo: unknown placeholder " + e)
			} else {
				ji.emp[fi] = append(ji.emp[fi], empOpt{lit: e})
			}
		}
	}
	return ji
}

// pcsBoost tilts the social composition towards the party's: more workers.
var pcsBoost = map[model.PCS]float64{
	model.PCSAgriculteurs: 1, model.PCSArtisans: 1, model.PCSCadres: 0.85, model.PCSIntermediaires: 1,
	model.PCSEmployes: 1.1, model.PCSOuvriers: 1.5,
}

func (w *world) buildJobs() {
	for _, j := range jobs {
		w.jobs = append(w.jobs, w.info(j))
	}
	for _, j := range retiredJobs {
		w.retired = append(w.retired, w.info(j))
	}
	for _, j := range apprentices {
		w.appr = append(w.appr, w.info(j))
	}
	w.student, w.pupil, w.jobless = w.info(jobStudent), w.info(jobPupil), w.info(jobJobless)
	w.home, w.invalid = w.info(jobHome), w.info(jobInvalidity)
	for fi := range w.feds {
		for g := range 2 {
			for rural := range 2 {
				var ws []float64
				var idx []int
				for i, j := range w.jobs {
					if !j.ok[fi] {
						continue
					}
					x := j.wm
					if g == 1 {
						x = j.wf
					}
					x *= pcsBoost[j.pcs]
					if j.farm {
						x *= 0.3
						if rural == 1 {
							x *= 15
						}
					}
					ws = append(ws, x)
					idx = append(idx, i)
				}
				w.jobT[fi][g][rural] = newWeighted(ws)
				w.jobTIdx[fi][g][rural] = idx
			}
			var ws []float64
			var idx []int
			for i, j := range w.retired {
				if !j.ok[fi] {
					continue
				}
				if g == 1 {
					ws = append(ws, j.wf)
				} else {
					ws = append(ws, j.wm)
				}
				idx = append(idx, i)
			}
			w.retT[fi][g] = newWeighted(ws)
			w.retTIdx[fi][g] = idx
		}
	}
	for g := range 2 {
		var ws []float64
		for _, j := range w.appr {
			if g == 1 {
				ws = append(ws, j.wf)
			} else {
				ws = append(ws, j.wm)
			}
		}
		w.apprT[g] = newWeighted(ws)
	}
}

var (
	domainsYoung = []weightedName{{"gmail.com", 45}, {"hotmail.fr", 12}, {"outlook.fr", 8}, {"yahoo.fr", 6}, {"orange.fr", 8},
		{"free.fr", 8}, {"laposte.net", 5}, {"sfr.fr", 4}, {"icloud.com", 4}}
	domainsOld = []weightedName{{"orange.fr", 28}, {"free.fr", 16}, {"gmail.com", 18}, {"wanadoo.fr", 10}, {"laposte.net", 10},
		{"yahoo.fr", 6}, {"sfr.fr", 6}, {"hotmail.fr", 6}}
)

func (w *world) buildDomains() {
	mk := func(list []weightedName) weighted {
		var ws []float64
		for _, d := range list {
			ws = append(ws, d.weight)
		}
		return newWeighted(ws)
	}
	w.domYoung, w.domOld = mk(domainsYoung), mk(domainsOld)
}
