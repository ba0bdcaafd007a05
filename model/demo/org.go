package demo

import (
	"strings"

	"fichier/model"
)

func (w *world) buildOrg() {
	rows := parseCommunes()
	row := map[string]*communeRow{}
	for i := range rows {
		row[rows[i].dept+"/"+rows[i].name] = &rows[i]
	}
	explicit := map[string]bool{}
	for _, fd := range fedDefs {
		for _, sd := range fd.sections {
			for _, c := range sd.communes {
				if !strings.HasPrefix(c, "@") {
					explicit[fd.code+"/"+c] = true
				}
			}
		}
	}
	claimed := map[string]string{}
	var fedShares []float64
	for fi, fd := range fedDefs {
		f := &fed{idx: fi, code: fd.code, name: fd.name, of: fd.of}
		switch fd.code {
		case "38":
			f.univs = []string{"Université Grenoble Alpes"}
			f.dep, f.caf, f.cpam, f.sdis = "Département de l'Isère", "CAF de l'Isère", "CPAM de l'Isère", "SDIS de l'Isère"
			f.deptOff = [2]string{"conseiller départemental de l'Isère", "conseillère départementale de l'Isère"}
		case "69":
			f.univs = []string{"Université Lumière Lyon 2", "Université Claude Bernard Lyon 1", "Université Jean Moulin Lyon 3"}
			f.dep, f.caf, f.cpam, f.sdis = "Métropole de Lyon", "CAF du Rhône", "CPAM du Rhône", "SDMIS du Rhône"
		}
		w.feds = append(w.feds, f)
		fedShares = append(fedShares, fd.share)
		var secShares []float64
		for _, sd := range fd.sections {
			s := &section{idx: len(w.sections), name: sd.name, fed: f, landline: sd.landline, hospital: sd.hospital, area: sd.area}
			if sd.rural {
				s.rural = 1
			}
			switch sd.area {
			case areaGrenoble:
				s.transport = "TAG"
			case areaLyon:
				s.transport = "TCL (Keolis Lyon)"
			default:
				s.transport = "Cars Région Isère"
			}
			var ow []float64
			for o := range originWeights {
				ow = append(ow, originWeights[o][0]*(1-sd.diverse)+originWeights[o][1]*sd.diverse)
			}
			s.originT = newWeighted(ow)
			var members []*communeRow
			for _, entry := range sd.communes {
				if epci, ok := strings.CutPrefix(entry, "@"); ok {
					n := 0
					for i := range rows {
						if rows[i].dept == fd.code && rows[i].epci == epci && !explicit[fd.code+"/"+rows[i].name] {
							members = append(members, &rows[i])
							n++
						}
					}
					if n == 0 {
						panic("demo: no commune in EPCI " + epci)
					}
					continue
				}
				r, ok := row[fd.code+"/"+entry]
				if !ok {
					panic("demo: unknown commune " + entry)
				}
				members = append(members, r)
			}
			var popw []float64
			for _, r := range members {
				key := fd.code + "/" + r.name
				if other, dup := claimed[key]; dup {
					panic("demo: " + r.name + " in both " + other + " and " + sd.name)
				}
				claimed[key] = sd.name
				c := w.newCommune(r, s)
				pl := place{c: c, postal: c.postal, cell: -1}
				if qs, ok := quartierDefs[r.name]; ok {
					var qw []float64
					for _, qd := range qs {
						q := quartier{name: qd.name, postal: c.postal, cell: -1, key: r.name + "/" + qd.name}
						if qd.postal != "" {
							if !contains(r.postal, qd.postal) {
								panic("demo: postal code " + qd.postal + " not of " + r.name)
							}
							q.postal = qd.postal
						}
						for _, st := range quartierStreets[q.key] {
							q.streets = append(q.streets, w.streetIndex[st])
						}
						pl.quartiers = append(pl.quartiers, q)
						qw = append(qw, qd.weight)
					}
					pl.qt = newWeighted(qw)
				}
				s.places = append(s.places, pl)
				popw = append(popw, float64(r.pop))
			}
			s.pt = newWeighted(popw)
			w.assignCells(s, sd)
			w.sections = append(w.sections, s)
			f.sections = append(f.sections, s)
			secShares = append(secShares, sd.share)
		}
		f.st = newWeighted(secShares)
	}
	for k := range quartierStreets {
		c, q, _ := strings.Cut(k, "/")
		if !w.hasQuartier(c, q) {
			panic("demo: streets for unknown quartier " + k)
		}
	}
	w.fedT = newWeighted(fedShares)
	w.buildUnits()
}

func (w *world) hasQuartier(commune, name string) bool {
	for _, s := range w.sections {
		for _, pl := range s.places {
			if pl.c.name != commune {
				continue
			}
			for _, q := range pl.quartiers {
				if q.name == name {
					return true
				}
			}
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (w *world) newCommune(r *communeRow, s *section) *commune {
	c := &commune{idx: len(w.communes), name: r.name, dept: r.dept, epci: r.epci, pop: r.pop, postal: r.postal[0], section: s}
	c.grenoble = r.epci == "Grenoble-Alpes-Métropole"
	c.lyon = r.epci == "Métropole de Lyon"
	n, ok := communeCirco[r.name]
	if !ok && r.dept == "38" {
		n, ok = isereEPCICirco[r.epci]
	}
	if !ok {
		panic("demo: no circonscription for " + r.name)
	}
	of := "de l'Isère"
	if r.dept == "69" {
		of = "du Rhône"
	}
	c.circo = ordinal(n) + " circonscription " + of
	de := deOf(r.name)
	if r.pop >= 5000 {
		c.townHall = "Ville " + de
	} else {
		c.townHall = "Mairie " + de
	}
	c.council = councilSize(r.pop)
	c.offMuni = [2]string{"conseiller municipal " + de, "conseillère municipale " + de}
	c.offAdj = [2]string{"adjoint au maire " + de, "adjointe au maire " + de}
	c.offMaire = "maire " + de
	switch {
	case c.grenoble:
		c.offEPCI = [2]string{"conseiller métropolitain (Grenoble-Alpes-Métropole)", "conseillère métropolitaine (Grenoble-Alpes-Métropole)"}
	case c.lyon:
		c.offEPCI = [2]string{"conseiller de la Métropole de Lyon", "conseillère de la Métropole de Lyon"}
	default:
		c.offEPCI = [2]string{"conseiller communautaire (" + r.epci + ")", "conseillère communautaire (" + r.epci + ")"}
	}
	w.communes = append(w.communes, c)
	return c
}

// deOf is "de Grenoble", "d'Échirolles", "du Pont-de-Claix", "des Avenières …".
func deOf(name string) string {
	switch {
	case strings.HasPrefix(name, "Le "):
		return "du " + name[3:]
	case strings.HasPrefix(name, "Les "):
		return "des " + name[4:]
	}
	for _, v := range []string{"A", "E", "I", "O", "U", "Y", "H", "É", "È", "Ê", "Â", "Î", "Ô"} {
		if strings.HasPrefix(name, v) {
			return "d'" + name
		}
	}
	return "de " + name
}

// councilSize is the number of municipal councillors by population (Code
// général des collectivités territoriales, art. L2121-2).
func councilSize(pop int) int {
	steps := []struct{ upTo, n int }{
		{99, 7}, {499, 11}, {1499, 15}, {2499, 19}, {3499, 23}, {4999, 27}, {9999, 29}, {19999, 33},
		{29999, 35}, {39999, 39}, {49999, 43}, {59999, 45}, {79999, 49}, {99999, 53}, {149999, 55},
		{199999, 59}, {249999, 61}, {299999, 65},
	}
	for _, s := range steps {
		if pop <= s.upTo {
			return s.n
		}
	}
	return 69
}

func (w *world) assignCells(s *section, sd sectionDef) {
	for ci, cd := range sd.cells {
		s.cells = append(s.cells, cd.name)
		for _, where := range cd.where {
			cname, qname, hasQ := strings.Cut(where, "/")
			pl := s.place(cname)
			if pl == nil {
				panic("demo: cell " + cd.name + ": " + cname + " is not in section " + s.name)
			}
			switch {
			case hasQ:
				q := pl.quartier(qname)
				if q == nil {
					panic("demo: cell " + cd.name + ": unknown quartier " + where)
				}
				if q.cell >= 0 {
					panic("demo: " + where + " in two cells")
				}
				q.cell = ci
			case len(pl.quartiers) > 0:
				for i := range pl.quartiers {
					if pl.quartiers[i].cell >= 0 {
						panic("demo: " + where + " in two cells")
					}
					pl.quartiers[i].cell = ci
				}
			default:
				if pl.cell >= 0 {
					panic("demo: " + where + " in two cells")
				}
				pl.cell = ci
			}
		}
	}
	if len(s.cells) == 0 {
		return
	}
	covered := 0.0
	for i := range s.places {
		pl := &s.places[i]
		share := s.pt.weight(i) / s.pt.total()
		switch {
		case len(pl.quartiers) > 0:
			for qi, q := range pl.quartiers {
				if q.cell >= 0 {
					covered += share * pl.qt.weight(qi) / pl.qt.total()
				}
			}
		case pl.cell >= 0:
			covered += share
		}
	}
	s.coverage = covered
	s.cellProb = min(0.97, sd.cellRate/covered)
}

func (s *section) place(name string) *place {
	for i := range s.places {
		if s.places[i].c.name == name {
			return &s.places[i]
		}
	}
	return nil
}

func (pl *place) quartier(name string) *quartier {
	for i := range pl.quartiers {
		if pl.quartiers[i].name == name {
			return &pl.quartiers[i]
		}
	}
	return nil
}

func (w *world) buildUnits() {
	id := model.UnitID(0)
	for _, f := range w.feds {
		id++
		f.id = id
		w.units = append(w.units, model.Unit{ID: id, Level: model.LevelFederation, Path: model.Org{Federation: id}, Name: f.name, Code: f.code})
	}
	for _, s := range w.sections {
		id++
		s.id = id
		w.units = append(w.units, model.Unit{ID: id, Level: model.LevelSection, Path: model.Org{Federation: s.fed.id, Section: id}, Name: s.name})
	}
	for _, s := range w.sections {
		for _, name := range s.cells {
			id++
			s.cellIDs = append(s.cellIDs, id)
			w.units = append(w.units, model.Unit{ID: id, Level: model.LevelCell, Path: model.Org{Federation: s.fed.id, Section: s.id, Cell: id}, Name: name})
		}
	}
}
