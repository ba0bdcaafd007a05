package stats

import (
	"fmt"
	"testing"

	"fichier/model"
	"fichier/model/query"
)

var today = model.NewDate(2026, 11, 25)

// Units of the hand-made file: one federation, two sections, a cell in the first.
var (
	fed   = model.Unit{ID: 1, Level: model.LevelFederation, Path: model.Org{Federation: 1}, Name: "Isère", Code: "38"}
	secA  = model.Unit{ID: 2, Level: model.LevelSection, Path: model.Org{Federation: 1, Section: 2}, Name: "Sud-Grenoblois"}
	secB  = model.Unit{ID: 3, Level: model.LevelSection, Path: model.Org{Federation: 1, Section: 3}, Name: "Bas Dauphiné"}
	cellA = model.Unit{ID: 4, Level: model.LevelCell, Path: model.Org{Federation: 1, Section: 2, Cell: 4}, Name: "Villeneuve"}
	units = []model.Unit{fed, secA, secB, cellA}
)

func rows(people ...model.Person) []*query.Row {
	out := make([]*query.Row, len(people))
	for i := range people {
		people[i].ID = model.PersonID(i + 1)
		if people[i].Kind == 0 {
			people[i].Kind = model.KindAdherent
		}
		r := query.NewRow(&people[i])
		out[i] = &r
	}
	return out
}

func born(y, m, d int, g model.Gender) model.Person {
	return model.Person{BirthDate: model.NewDate(y, m, d), Gender: g}
}

func bandOf(t *testing.T, p Pyramid, label string) Band {
	t.Helper()
	for _, b := range p.Bands {
		if b.Label() == label {
			return b
		}
	}
	t.Fatalf("no band %q in %+v", label, p.Bands)
	return Band{}
}

func TestAgePyramidBandEdges(t *testing.T) {
	rs := rows(
		born(2006, 11, 26, model.GenderFemale), // 19 tomorrow-20: still 19
		born(2006, 11, 25, model.GenderFemale), // 20 today
		born(1996, 11, 26, model.GenderMale),   // 29
		born(1996, 11, 25, model.GenderMale),   // 30 today
		born(1936, 11, 26, model.GenderOther),  // 89
		born(1936, 11, 25, model.GenderUnknown),
		born(1920, 1, 1, model.GenderFemale),     // 106
		born(2027, 1, 1, model.GenderFemale),     // after today: a typing error, youngest band
		model.Person{Gender: model.GenderFemale}, // no birth date
		model.Person{},                           // nothing at all
	)
	p := AgePyramid(rs, today, 10)
	if len(p.Bands) != 9 || p.BandYears != 10 {
		t.Fatalf("bands %d (%d years)", len(p.Bands), p.BandYears)
	}
	check := func(label string, women, men, other, unknown int) {
		t.Helper()
		b := bandOf(t, p, label)
		if b.Women != women || b.Men != men || b.Other != other || b.Unknown != unknown {
			t.Errorf("%s: %+v, want F%d H%d A%d ?%d", label, b, women, men, other, unknown)
		}
	}
	check("< 20", 2, 0, 0, 0)
	check("20-29", 1, 1, 0, 0)
	check("30-39", 0, 1, 0, 0)
	check("80-89", 0, 0, 1, 0)
	check("90 +", 1, 0, 0, 1)
	if p.NoBirthDate != 2 || p.WithDate != 8 || p.NoGender != 1 {
		t.Errorf("no date %d, with %d, no gender %d", p.NoBirthDate, p.WithDate, p.NoGender)
	}

	p5 := AgePyramid(rows(born(2001, 11, 25, 0), born(2001, 11, 26, 0), born(1937, 1, 1, 0)), today, 5)
	if len(p5.Bands) != 16 {
		t.Fatalf("5-year bands: %d", len(p5.Bands))
	}
	if bandOf(t, p5, "25-29").Unknown != 1 || bandOf(t, p5, "20-24").Unknown != 1 || bandOf(t, p5, "85-89").Unknown != 1 {
		t.Errorf("5-year edges: %+v", p5.Bands)
	}
	if AgePyramid(nil, today, 7).BandYears != 10 {
		t.Error("a band width other than 5 must mean 10")
	}
}

func TestAgePyramidTwentyNinthOfFebruary(t *testing.T) {
	rs := rows(born(2007, 2, 29-1, model.GenderFemale), born(2008, 2, 29, model.GenderMale)) // 28/02/2007, 29/02/2008
	cases := []struct {
		day        model.Date
		young, old int // in "< 20", in "20-29"
	}{
		{model.NewDate(2027, 2, 27), 2, 0},
		{model.NewDate(2027, 2, 28), 1, 1}, // the one born 28/02/2007 turns 20
		{model.NewDate(2028, 2, 28), 1, 1}, // 2028 is leap: the 29/02 one is still 19
		{model.NewDate(2028, 2, 29), 0, 2}, // … and 20 on the day
		{model.NewDate(2029, 2, 28), 0, 2},
	}
	rs29 := rows(born(2009, 2, 28, 0), model.Person{BirthDate: model.NewDate(2008, 2, 29)})
	for _, c := range cases {
		p := AgePyramid(rs, c.day, 10)
		if got := bandOf(t, p, "< 20").Total(); got != c.young {
			t.Errorf("%v: %d under 20, want %d", c.day, got, c.young)
		}
		if got := bandOf(t, p, "20-29").Total(); got != c.old {
			t.Errorf("%v: %d aged 20-29, want %d", c.day, got, c.old)
		}
	}
	// In a common year, someone born on 29 February is a year older on 1 March, not on 28 February.
	p := AgePyramid(rs29[1:], model.NewDate(2027, 2, 28), 5)
	if bandOf(t, p, "< 20").Total() != 1 {
		t.Errorf("29/02/2008 on 28/02/2027 is 18: %+v", p.Bands)
	}
	p = AgePyramid(rows(model.Person{BirthDate: model.NewDate(2006, 2, 28)}, model.Person{BirthDate: model.NewDate(2006, 3, 1)}), model.NewDate(2026, 3, 1), 5)
	if bandOf(t, p, "20-24").Total() != 2 {
		t.Errorf("turning 20 on 28/02 and 01/03: %+v", p.Bands)
	}
}

// The bands and the query language agree: searching a band's term finds
// exactly the fiches of that band, 29 February birthdays included.
func TestAgePyramidBandsAgreeWithTheirSearch(t *testing.T) {
	var people []model.Person
	for y := 1925; y <= 2012; y++ {
		for _, md := range [][2]int{{1, 1}, {2, 28}, {2, 29}, {3, 1}, {11, 24}, {11, 25}, {11, 26}, {12, 31}} {
			d := model.NewDate(y, md[0], md[1])
			if !d.Valid() {
				continue
			}
			people = append(people, model.Person{BirthDate: d})
		}
	}
	rs := rows(people...)
	for _, day := range []model.Date{today, model.NewDate(2027, 2, 28), model.NewDate(2028, 2, 29), model.NewDate(2027, 3, 1)} {
		for _, width := range []int{5, 10} {
			for _, b := range AgePyramid(rs, day, width).Bands {
				if n := count(t, rs, b.Term(), query.Env{Today: day}); n != b.Total() {
					t.Errorf("%v, %s: pyramid %d, search %d", day, b.Term(), b.Total(), n)
				}
			}
		}
	}
}

func count(t *testing.T, rs []*query.Row, text string, env query.Env) int {
	t.Helper()
	q, err := query.Parse(text)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	m, err := q.Bind(env)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	n := 0
	for _, r := range rs {
		if m.Match(r) {
			n++
		}
	}
	return n
}

func TestComposition(t *testing.T) {
	rs := rows(
		model.Person{PCS: model.PCSOuvriers}, model.Person{PCS: model.PCSOuvriers}, model.Person{PCS: model.PCSEmployes},
		model.Person{PCS: model.PCSAgriculteurs}, model.Person{PCS: model.PCSSansActivite}, model.Person{},
	)
	s := Composition(rs)
	want := [8]int{1, 0, 0, 0, 1, 2, 0, 1}
	if s.Groups != want || s.Unknown != 1 || s.Total != 6 || s.Known() != 5 {
		t.Errorf("%+v", s)
	}
	if Percent(s.Groups[5], s.Total) != 100*2.0/6 || Percent(1, 0) != 0 {
		t.Error("percent")
	}
	for _, g := range model.PCSGroups {
		if n := count(t, rs, PCSTerm(g), query.Env{Today: today}); n != s.Groups[g-1] {
			t.Errorf("%s: %d, search %d", PCSTerm(g), s.Groups[g-1], n)
		}
	}
	if n := count(t, rs, PCSTerm(model.PCSUnknown), query.Env{Today: today}); n != s.Unknown {
		t.Errorf("pcs: %d", n)
	}
}

func TestCounts(t *testing.T) {
	rs := rows(
		model.Person{Kind: model.KindAdherent, Org: cellA.Path, JoinDate: model.NewDate(2026, 1, 1)},
		model.Person{Kind: model.KindAdherent, Org: secA.Path, JoinDate: model.NewDate(2025, 12, 31)},
		model.Person{Kind: model.KindAdherent, Org: secB.Path, JoinDate: model.NewDate(2024, 6, 1)},
		model.Person{Kind: model.KindAdherent, Org: secB.Path},
		model.Person{Kind: model.KindCompagnon, Org: cellA.Path},
		model.Person{Kind: model.KindContact, Org: fed.Path},
		model.Person{Kind: model.KindContact, Org: secA.Path},
	)
	c := CountsOf(rs, query.Env{Today: today, Units: units})
	if c.Adherents != 4 || c.Compagnons != 1 || c.Contacts != 2 || c.Total() != 7 || c.AdherentsNoCell != 3 {
		t.Errorf("counts %+v", c)
	}
	if c.Year != 2026 || c.NewThisYear != 1 || c.NewLastYear != 1 {
		t.Errorf("new adherents: %d %d %d", c.Year, c.NewThisYear, c.NewLastYear)
	}
	got := fmt.Sprint(c.Sections)
	want := "[{3 Bas Dauphiné {2 0 0} [{0  {2 0 0} []}]} " +
		"{2 Sud-Grenoblois {2 1 1} [{4 Villeneuve {1 1 0} []} {0  {1 0 1} []}]} " +
		"{0  {0 0 1} []}]"
	if got != want {
		t.Errorf("sections\n got %s\nwant %s", got, want)
	}
}

func TestQuality(t *testing.T) {
	full := func(p model.Person) model.Person {
		p.Mobile, p.Email = "+33612345678", "a@b.fr"
		p.Address = model.Address{Street: "1 rue", PostalCode: "38000", Commune: "Grenoble"}
		p.BirthDate, p.Profession = model.NewDate(1980, 1, 1), "infirmière"
		p.Consent = model.Consent{Date: today, Channels: model.ChannelCourriel}
		return p
	}
	noMobile := full(model.Person{Kind: model.KindAdherent, Org: secA.Path})
	noMobile.Mobile = ""
	bare := model.Person{Kind: model.KindAdherent, Org: secB.Path, Address: model.Address{Commune: "Vienne"}}
	rs := rows(
		full(model.Person{Kind: model.KindAdherent, Org: cellA.Path}),
		noMobile,
		bare,
		full(model.Person{Kind: model.KindContact, Org: secB.Path}),
		model.Person{Kind: model.KindContact, Org: fed.Path, Archived: true},
	)
	env := query.Env{Today: today, Units: units}
	q, err := QualityOf(Input{Rows: rs, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	adh := int(model.KindAdherent)
	if q.Total.Count != [4]int{5, 2, 0, 3} {
		t.Errorf("total counts %v", q.Total.Count)
	}
	if fmt.Sprint(q.Total.Missing[adh]) != "[2 1 1 1 1 1]" || fmt.Sprint(q.Total.Missing[0]) != "[3 2 2 2 2 2]" {
		t.Errorf("missing %v", q.Total.Missing)
	}
	if f := q.Total.Filled(adh, 0); f != 100.0/3 {
		t.Errorf("mobile filled %v", f)
	}
	var names []string
	for _, s := range q.Sections {
		names = append(names, s.Name)
	}
	if fmt.Sprint(names) != "[Bas Dauphiné Sud-Grenoblois ]" {
		t.Errorf("sections %q", names)
	}
	if got := q.Sections[0].Query("", adh, 0); got != `type:adhérent section:"Bas Dauphiné" mobile:` {
		t.Errorf("query %s", got)
	}
	if got := q.Sections[2].Query("commune:vienne", 0, 5); got != "commune:vienne section: consent:" {
		t.Errorf("query %s", got)
	}
	if got := q.Total.Query(" archivé:tous ", adh, 2); got != "archivé:tous type:adhérent cp:" {
		t.Errorf("query %s", got)
	}
	// Every figure is what its search finds (archived fiches included when
	// the base search includes them).
	for _, l := range append([]QualityLine{q.Total}, q.Sections...) {
		for pop := range Populations {
			for f := range Fields {
				text := l.Query("archivé:tous", pop, f)
				if n := count(t, rs, text, env); n != l.Missing[pop][f] {
					t.Errorf("%s: %d missing, search finds %d", text, l.Missing[pop][f], n)
				}
			}
		}
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{"Sud": "Sud", "Bas Dauphiné": `"Bas Dauphiné"`, `a"b`: `"a\"b"`, "": "", "a,b": `"a,b"`} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestComputeNeedsToday(t *testing.T) {
	if _, err := Compute(Input{}); err == nil {
		t.Error("no error without today")
	}
	s, err := Compute(Input{Rows: rows(model.Person{}), Env: query.Env{Today: today, Units: units}, Query: " x "})
	if err != nil || s.Counts.Total() != 1 || s.Query != "x" || s.Pyramid.NoBirthDate != 1 || s.Social.Unknown != 1 {
		t.Errorf("%+v %v", s, err)
	}
}

func TestProgression(t *testing.T) {
	rs := rows(model.Person{}, model.Person{}, model.Person{}) // IDs 1, 2, 3
	d := func(y int) model.Date { return model.NewDate(y, 6, 1) }
	changes := []KindChange{
		{Person: 1, Day: d(2026), To: model.KindContact},
		{Person: 1, Day: d(2026), From: model.KindContact, To: model.KindCompagnon},
		{Person: 1, Day: d(2026), From: model.KindCompagnon, To: model.KindAdherent},
		{Person: 2, Day: d(2026), From: model.KindContact, To: model.KindAdherent},
		{Person: 2, Day: d(2025), From: model.KindContact, To: model.KindCompagnon}, // last year
		{Person: 3, Day: d(2026), From: model.KindAdherent, To: model.KindContact},
		{Person: 3, Day: d(2026), To: model.KindCompagnon},
		{Person: 9, Day: d(2026), To: model.KindAdherent}, // not counted: not among the rows
	}
	got := ProgressionOf(changes, rs, 2026)
	want := Progression{Year: 2026, NewContacts: 1, NewCompagnons: 1, ContactToCompagnon: 1, CompagnonToAdherent: 1, ContactToAdherent: 1, Backwards: 1}
	if got != want {
		t.Errorf("%+v\nwant %+v", got, want)
	}
}
