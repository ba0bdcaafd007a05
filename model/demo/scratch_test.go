package demo

import (
	"fmt"
	"sort"
	"testing"

	"fichier/model"
)

func top(m map[string]int, n int) string {
	type kv struct {
		k string
		v int
	}
	var l []kv
	for k, v := range m {
		l = append(l, kv{k, v})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v || l[i].v == l[j].v && l[i].k < l[j].k })
	if len(l) > n {
		l = l[:n]
	}
	s := ""
	for _, x := range l {
		s += fmt.Sprintf("%s=%d, ", x.k, x.v)
	}
	return s
}

func TestScratch(t *testing.T) {
	g := New(Config{People: 100000, Seed: 5, Today: testToday})
	ages := map[model.Kind]map[string]int{}
	c := map[string]map[string]int{}
	inc := func(cat, k string) {
		if c[cat] == nil {
			c[cat] = map[string]int{}
		}
		c[cat][k]++
	}
	for {
		p, ok := g.Next()
		if !ok {
			break
		}
		a := p.BirthDate.AgeAt(testToday)
		if ages[p.Kind] == nil {
			ages[p.Kind] = map[string]int{}
		}
		ages[p.Kind][fmt.Sprintf("%02d", a/10*10)]++
		inc("pcs", p.PCS.String())
		inc("status", p.Status.String())
		inc("source", p.Source)
		for _, u := range p.Unions {
			inc("union", u)
		}
		for _, u := range p.Associations {
			inc("assoc", u)
		}
		for _, u := range p.Interests {
			inc("interest", u)
		}
		for _, u := range p.ElectedOffices {
			inc("office", u)
		}
		inc("notes", p.Notes)
		inc("employer", p.Employer)
		inc("profession", p.Profession)
		inc("last", p.LastName)
		if p.BirthDate.Year() >= 1945 && p.BirthDate.Year() < 1955 {
			inc("first4555", p.FirstName)
		}
		if p.BirthDate.Year() >= 2000 {
			inc("first2000", p.FirstName)
		}
		inc("domain", p.Email[max(0, len(p.Email)-12):])
		inc("street", p.Address.Street)
		inc("quartier", p.Address.Commune+"/"+p.Quartier)
		if p.Kind == model.KindAdherent {
			inc("joinyear", fmt.Sprint(p.JoinDate.Year()/5*5))
		}
		if p.Org.Cell != 0 {
			inc("cell", fmt.Sprint(p.Org.Cell))
		}
	}
	for _, k := range model.Kinds {
		fmt.Println(k, top(ages[k], 20))
	}
	for _, cat := range []string{"pcs", "status", "source", "union", "assoc", "interest", "office", "notes", "employer", "profession", "last", "first4555", "first2000", "domain", "street", "quartier", "joinyear", "cell"} {
		fmt.Printf("%s: %s\n\n", cat, top(c[cat], 40))
	}
}
