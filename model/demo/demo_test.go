package demo

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"fichier/model"
)

var testToday = model.NewDate(2026, 1, 15)

func generate(t testing.TB, cfg Config) []model.Person {
	t.Helper()
	g := New(cfg)
	var out []model.Person
	for {
		p, ok := g.Next()
		if !ok {
			break
		}
		out = append(out, p)
	}
	if len(out) != cfg.People {
		t.Fatalf("got %d people, want %d", len(out), cfg.People)
	}
	return out
}

func TestDeterminism(t *testing.T) {
	a := generate(t, Config{People: 1000, Seed: 42, Today: testToday})
	b := generate(t, Config{People: 1000, Seed: 42, Today: testToday})
	for i := range a {
		if !reflect.DeepEqual(a[i], b[i]) {
			t.Fatalf("person %d differs with the same seed:\n%+v\n%+v", i, a[i], b[i])
		}
	}
	if !reflect.DeepEqual(New(Config{Seed: 1}).Units(), New(Config{Seed: 2}).Units()) {
		t.Fatal("units depend on the seed")
	}
	c := generate(t, Config{People: 1000, Seed: 43, Today: testToday})
	same := 0
	for i := range a {
		if reflect.DeepEqual(a[i], c[i]) {
			same++
		}
	}
	if same > 0 {
		t.Fatalf("%d identical people with different seeds", same)
	}
	// A longer run gives the same first people.
	d := generate(t, Config{People: 2000, Seed: 42, Today: testToday})
	if !reflect.DeepEqual(a, d[:1000]) {
		t.Fatal("the first people depend on the number asked for")
	}
}

func TestUnits(t *testing.T) {
	units := New(Config{}).Units()
	byID := map[model.UnitID]model.Unit{}
	level := model.LevelFederation
	for i, u := range units {
		if u.ID != model.UnitID(i+1) {
			t.Fatalf("unit %d has ID %d", i, u.ID)
		}
		if u.Level < level {
			t.Fatalf("unit %s (%s) after a lower level", u.Name, u.Level)
		}
		level = u.Level
		if u.Path.Level() != u.Level || u.Path.Leaf() != u.ID {
			t.Fatalf("unit %s: path %+v does not end with itself at its level", u.Name, u.Path)
		}
		if parent := u.Path.Parent(); parent.Level() != model.LevelNational {
			pu, ok := byID[parent.Leaf()]
			if !ok || pu.Path != parent {
				t.Fatalf("unit %s: parent %+v unknown", u.Name, parent)
			}
		}
		if u.Name == "" {
			t.Fatalf("unit %d has no name", u.ID)
		}
		byID[u.ID] = u
	}
	if units[0].Name != "Isère" || units[0].Code != "38" || units[1].Name != "Rhône" || units[1].Code != "69" {
		t.Fatalf("federations: %+v %+v", units[0], units[1])
	}
	cells := map[string]int{}
	for _, u := range units {
		if u.Level == model.LevelCell {
			cells[byID[u.Path.Section].Name]++
		}
	}
	if cells["Sud-Grenoblois"] != 2 {
		t.Fatalf("Sud-Grenoblois has %d cells, want 2", cells["Sud-Grenoblois"])
	}
	units[0].Name = "changed"
	if New(Config{}).Units()[0].Name != "Isère" {
		t.Fatal("Units shares its slice")
	}
}

func TestGeography(t *testing.T) {
	w := getWorld()
	inSection := map[string]bool{}
	for _, s := range w.sections {
		for _, pl := range s.places {
			inSection[pl.c.dept+"/"+pl.c.name] = true
		}
		if s.name == "Sud-Grenoblois" && len(s.places) != 22 {
			t.Errorf("Sud-Grenoblois covers %d communes, want 22", len(s.places))
		}
	}
	n := 0
	for _, r := range parseCommunes() {
		if r.dept == "38" {
			n++
			if !inSection[r.dept+"/"+r.name] {
				t.Errorf("%s is in no section", r.name)
			}
		}
	}
	if n < 500 {
		t.Fatalf("only %d communes of Isère in the embedded file", n)
	}
	if got := deOf("Le Pont-de-Claix"); got != "du Pont-de-Claix" {
		t.Errorf("deOf = %q", got)
	}
	if got := deOf("Échirolles"); got != "d'Échirolles" {
		t.Errorf("deOf = %q", got)
	}
}

var (
	reMember   = regexp.MustCompile(`^(38|69)-[0-9]{6}$`)
	reMobile   = regexp.MustCompile(`^\+33[67][0-9]{8}$`)
	reLandline = regexp.MustCompile(`^\+334[0-9]{8}$`)
	rePostal   = regexp.MustCompile(`^[0-9]{5}$`)
	reEmail    = regexp.MustCompile(`^[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]{2,}$`)
)

// TestPeople checks a sizeable sample for plain common sense and for the
// proportions the demo promises.
func TestPeople(t *testing.T) {
	const n = 20000
	people := generate(t, Config{People: n, Seed: 7, Today: testToday})
	w := getWorld()
	units := map[model.UnitID]model.Unit{}
	for _, u := range New(Config{}).Units() {
		units[u.ID] = u
	}
	sectionOf := map[string]model.UnitID{} // commune → section
	postals := map[string][]string{}
	for _, r := range parseCommunes() {
		postals[r.dept+"/"+r.name] = r.postal
	}
	quartiers := map[string]bool{}
	for _, s := range w.sections {
		for _, pl := range s.places {
			sectionOf[pl.c.name] = s.id
			for _, q := range pl.quartiers {
				quartiers[pl.c.name+"/"+q.name] = true
			}
		}
	}
	femaleNames, maleNames := map[string]bool{}, map[string]bool{}
	for _, c := range w.french {
		for _, id := range c.byG[0].ids {
			maleNames[w.names[id]] = true
		}
		for _, id := range c.byG[1].ids {
			femaleNames[w.names[id]] = true
		}
	}
	for o := range w.originFN {
		for _, c := range w.originFN[o] {
			for _, id := range c.byG[0].ids {
				maleNames[w.names[id]] = true
			}
			for _, id := range c.byG[1].ids {
				femaleNames[w.names[id]] = true
			}
		}
	}

	todayMidnight := testToday.Time()
	kinds := map[model.Kind]int{}
	var isere, noJob, mobiles, landlines, emails, npai int
	members := map[string]bool{}
	seenEmail := map[string]bool{}
	circo := map[string]string{}
	mayors := map[string]bool{}
	var ageSum [4]float64
	var adhWithCellSections, adhWithCell, sgAdh, sgAdhCell, sgAdhNoCell int
	sgID := sectionOf["Échirolles"]
	for i, p := range people {
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("person %d (%s): "+format+"\n%+v", append([]any{i, p.FullName()}, append(args, p)...)...)
		}
		kinds[p.Kind]++
		if p.ID != 0 || p.Version != 0 {
			fail("ID/version set")
		}
		// Organisation.
		f, s := units[p.Org.Federation], units[p.Org.Section]
		if f.Level != model.LevelFederation || s.Level != model.LevelSection || s.Path.Federation != f.ID {
			fail("bad org %+v", p.Org)
		}
		if p.Org.Cell != 0 {
			c := units[p.Org.Cell]
			if c.Level != model.LevelCell || c.Path.Section != s.ID {
				fail("bad cell %+v", p.Org)
			}
		}
		if sectionOf[p.Address.Commune] != s.ID {
			fail("commune %s not in section %s", p.Address.Commune, s.Name)
		}
		if f.Code == "38" {
			isere++
		}
		codes := postals[f.Code+"/"+p.Address.Commune]
		if !rePostal.MatchString(p.Address.PostalCode) || !contains(codes, p.Address.PostalCode) {
			fail("postal code %q not of %s %v", p.Address.PostalCode, p.Address.Commune, codes)
		}
		if p.Quartier != "" && p.Quartier != "Centre" && !quartiers[p.Address.Commune+"/"+p.Quartier] {
			fail("unknown quartier")
		}
		if prev, ok := circo[p.Address.Commune]; ok && prev != p.Circonscription {
			fail("commune in two circonscriptions: %s, %s", prev, p.Circonscription)
		}
		circo[p.Address.Commune] = p.Circonscription
		if !strings.HasSuffix(p.Circonscription, "circonscription "+map[string]string{"38": "de l'Isère", "69": "du Rhône"}[f.Code]) {
			fail("circonscription %q", p.Circonscription)
		}

		// Identity.
		if p.FirstName == "" || p.LastName == "" {
			fail("no name")
		}
		switch p.Gender {
		case model.GenderFemale:
			if p.Civility != model.CivilityMme || !femaleNames[p.FirstName] {
				fail("female inconsistent")
			}
		case model.GenderMale:
			if p.Civility != model.CivilityM || !maleNames[p.FirstName] {
				fail("male inconsistent")
			}
		case model.GenderUnknown:
			if p.Civility != model.CivilityNone {
				fail("civility without gender")
			}
		}
		if !p.BirthDate.Valid() || p.BirthDate.IsZero() {
			fail("birth date")
		}
		age := p.BirthDate.AgeAt(testToday)
		if age < 16 || age > 100 {
			fail("age %d", age)
		}
		ageSum[p.Kind] += float64(age)

		// Membership.
		if p.Kind == model.KindAdherent {
			if !reMember.MatchString(p.MemberNumber) || p.MemberNumber[:2] != f.Code {
				fail("member number %q", p.MemberNumber)
			}
			if members[p.MemberNumber] {
				fail("duplicate member number")
			}
			members[p.MemberNumber] = true
			j := p.JoinDate
			if j.IsZero() || !j.Valid() || j > testToday || j < model.NewDate(1965, 1, 1) || p.BirthDate.AgeAt(j) < 16 {
				fail("join date %s", j)
			}
			if p.Email == "" && !p.Preferences.LetterOnPaper {
				fail("adherent without e-mail nor paper letter")
			}
			if len(units[p.Org.Section].Name) > 0 && sectionHasCells(units, p.Org.Section) {
				adhWithCellSections++
				if p.Org.Cell != 0 {
					adhWithCell++
				}
			}
			if p.Org.Section == sgID {
				sgAdh++
				if p.Org.Cell != 0 {
					sgAdhCell++
				} else {
					sgAdhNoCell++
				}
			}
		} else {
			if p.MemberNumber != "" || !p.JoinDate.IsZero() {
				fail("member number or join date on a non-adherent")
			}
			if p.Status != model.StatusActif {
				fail("status %s", p.Status)
			}
			if p.Kind == model.KindContact && p.Org.Cell != 0 {
				fail("contact in a cell")
			}
		}

		// Contact details.
		if p.Mobile != "" {
			mobiles++
			if !reMobile.MatchString(p.Mobile) || !model.IsMobile(p.Mobile) {
				fail("mobile %q", p.Mobile)
			}
		}
		if p.Landline != "" {
			landlines++
			if !reLandline.MatchString(p.Landline) {
				fail("landline %q", p.Landline)
			}
		}
		if p.Email != "" {
			emails++
			if !reEmail.MatchString(p.Email) || strings.Contains(p.Email, "..") {
				fail("e-mail %q", p.Email)
			}
			if seenEmail[p.Email] {
				fail("duplicate e-mail")
			}
			seenEmail[p.Email] = true
		}
		if p.Preferences.NPAI {
			npai++
		}
		ch := p.Consent.Channels
		if ch.Has(model.ChannelCourriel) && p.Email == "" || ch.Has(model.ChannelSMS) && p.Mobile == "" ||
			ch.Has(model.ChannelTelephone) && p.Mobile == "" && p.Landline == "" || ch.Has(model.ChannelCourrier) && p.Address.Street == "" {
			fail("consent channels %s without the detail", ch)
		}
		if p.Consent.Date.IsZero() || !p.Consent.Date.Valid() || p.Consent.Date > testToday {
			fail("consent date %s", p.Consent.Date)
		}

		// Profession.
		if p.Profession == "" {
			noJob++
			if p.PCS != model.PCSUnknown || p.Employer != "" {
				fail("PCS or employer without profession")
			}
		} else if p.PCS == model.PCSUnknown {
			fail("profession without PCS")
		}
		if p.PCS == model.PCSRetraites && age < 55 {
			fail("retired at %d", age)
		}

		// Offices.
		for _, o := range p.ElectedOffices {
			if p.Kind == model.KindContact {
				fail("elected contact")
			}
			if strings.HasPrefix(o, "maire ") {
				if mayors[o] {
					fail("two mayors: %s", o)
				}
				mayors[o] = true
			}
		}

		// History.
		if p.CreatedBy != CreatedBy || p.UpdatedBy != CreatedBy {
			fail("author")
		}
		if p.CreatedAt.IsZero() || !p.CreatedAt.Before(todayMidnight) || p.UpdatedAt.Before(p.CreatedAt) || !p.UpdatedAt.Before(todayMidnight) {
			fail("created %s updated %s", p.CreatedAt, p.UpdatedAt)
		}

		// The store's own normalisation accepts it and changes nothing.
		q := p.Clone()
		if errs := model.NormalizePerson(&q, testToday); len(errs) > 0 {
			fail("NormalizePerson: %v", errs)
		}
		if !reflect.DeepEqual(p, q) {
			fail("NormalizePerson changed it:\n%+v", q)
		}
	}

	share := func(k int) float64 { return float64(k) / n }
	within := func(what string, got, lo, hi float64) {
		t.Helper()
		t.Logf("%s: %.3f", what, got)
		if got < lo || got > hi {
			t.Errorf("%s: %.3f, want %.2f–%.2f", what, got, lo, hi)
		}
	}
	within("adhérents", share(kinds[model.KindAdherent]), 0.23, 0.27)
	within("compagnons", share(kinds[model.KindCompagnon]), 0.13, 0.17)
	within("contacts", share(kinds[model.KindContact]), 0.57, 0.63)
	within("Isère", share(isere), 0.83, 0.87)
	within("no profession", share(noJob), 0.11, 0.19)
	within("mobile", share(mobiles), 0.75, 0.86)
	within("landline", share(landlines), 0.28, 0.42)
	within("e-mail", share(emails), 0.64, 0.76)
	within("NPAI", share(npai), 0.03, 0.07)
	within("adherents with a cell (sections with cells)", float64(adhWithCell)/float64(adhWithCellSections), 0.52, 0.68)
	within("Sud-Grenoblois adherents with a cell", float64(sgAdhCell)/float64(sgAdh), 0.22, 0.38)
	if sgAdhNoCell == 0 {
		t.Error("no Sud-Grenoblois adherent without a cell")
	}
	meanAdh := ageSum[model.KindAdherent] / float64(kinds[model.KindAdherent])
	meanContact := ageSum[model.KindContact] / float64(kinds[model.KindContact])
	t.Logf("mean ages: adherents %.1f, contacts %.1f, compagnons %.1f", meanAdh, meanContact, ageSum[model.KindCompagnon]/float64(kinds[model.KindCompagnon]))
	if meanAdh < meanContact+8 || meanAdh < 52 || meanAdh > 65 {
		t.Errorf("mean ages: adherents %.1f, contacts %.1f", meanAdh, meanContact)
	}
	if len(mayors) == 0 {
		t.Error("no mayor at all")
	}
}

func sectionHasCells(units map[model.UnitID]model.Unit, section model.UnitID) bool {
	for _, u := range units {
		if u.Level == model.LevelCell && u.Path.Section == section {
			return true
		}
	}
	return false
}

func TestEdges(t *testing.T) {
	if _, ok := New(Config{}).Next(); ok {
		t.Fatal("a zero Config yields people")
	}
	// Today on 29 February, people of every age still get valid dates.
	for _, p := range generate(t, Config{People: 3000, Seed: 3, Today: model.NewDate(2028, 2, 29)}) {
		age := p.BirthDate.AgeAt(model.NewDate(2028, 2, 29))
		if !p.BirthDate.Valid() || age < 16 || age > 100 || p.JoinDate > model.NewDate(2028, 2, 29) {
			t.Fatalf("%+v", p)
		}
	}
	// An early Today drops the campaigns that had not happened yet.
	for _, p := range generate(t, Config{People: 2000, Seed: 3, Today: model.NewDate(2020, 3, 1)}) {
		if strings.Contains(p.Source, "2025") || p.Consent.Date > model.NewDate(2020, 3, 1) {
			t.Fatalf("%+v", p)
		}
	}
}

func TestHundredThousand(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	start := time.Now()
	g := New(Config{People: 100_000, Seed: 11, Today: testToday})
	count := 0
	for {
		if _, ok := g.Next(); !ok {
			break
		}
		count++
	}
	if count != 100_000 {
		t.Fatalf("%d people", count)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("100k people took %s", d)
	}
}

// BenchmarkGenerate measures one person; s/1M is the time for a million.
func BenchmarkGenerate(b *testing.B) {
	g := New(Config{People: b.N, Seed: 1, Today: testToday})
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, ok := g.Next(); !ok {
			b.Fatal("stream ended early")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)*1e6/1e9, "s/1M")
}
