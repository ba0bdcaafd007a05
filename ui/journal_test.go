package ui

import (
	"strings"
	"testing"
	"time"

	"fichier/model"
	"fichier/store"
)

func TestJournalFilterParsing(t *testing.T) {
	now := appNow
	type filterCase struct {
		in   string
		want func(f store.JournalFilter, acct string) bool
		err  string
	}
	cases := []filterCase{
		{"", func(f store.JournalFilter, a string) bool { return f == store.JournalFilter{} && a == "" }, ""},
		{"par:AMartin", func(f store.JournalFilter, a string) bool { return f.Actor == "amartin" }, ""},
		{"mroux", func(f store.JournalFilter, a string) bool { return f.Actor == "mroux" }, ""},
		{"compte:mroux", func(f store.JournalFilter, a string) bool { return a == "mroux" }, ""},
		{"fiche:18342", func(f store.JournalFilter, a string) bool { return f.PersonID == 18342 }, ""},
		{"18342", func(f store.JournalFilter, a string) bool { return f.PersonID == 18342 }, ""},
		{"type:conn", func(f store.JournalFilter, a string) bool { return f.Kind == model.KindLogin }, ""},
		{"type:échec", func(f store.JournalFilter, a string) bool { return f.Action == model.ActionLoginFail }, ""},
		{"type:resp", func(f store.JournalFilter, a string) bool { return f.Kind == model.KindResponsable }, ""},
		{"type:import", func(f store.JournalFilter, a string) bool { return f.Kind == model.KindImport }, ""},
		{"du:01/11/2026 au:30/11/2026", func(f store.JournalFilter, a string) bool {
			return f.Since.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, now.Location())) && f.Until.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, now.Location()))
		}, ""},
		{"type:zzz", nil, "inconnu"},
		{"type:zzz", nil, "import"}, // the error lists the kinds
		{"fiche:abc", nil, "un nombre"},
		{"du:32/13/2026", nil, "date attendue"},
		{"du:02/11/2026 au:01/11/2026", nil, "précède"},
		{"quand:hier", nil, "inconnu"},
	}
	for _, k := range model.ActionKinds { // every kind by its whole name
		cases = append(cases, filterCase{"type:" + string(k), func(f store.JournalFilter, a string) bool { return f.Kind == k }, ""})
	}
	for _, c := range cases {
		f, acct, err := parseJournalFilter(c.in, now)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: err %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || !c.want(f, acct) {
			t.Errorf("%q: %+v %q %v", c.in, f, acct, err)
		}
	}
}

// The journal loads by pages as one scrolls: 600 entries scroll like 6,
// and only the visible rows are drawn.
func TestJournalPagesAndDetails(t *testing.T) {
	w := newAppWorld(t, true)
	for i := range 600 {
		w.addPerson(t, model.Person{Kind: model.KindContact, FirstName: "Page", LastName: "Contact" + strings.Repeat("x", i%3), Org: w.sec.Path})
	}
	d := startLoggedIn(t, w.st, w.session(t), 80, 24)
	d.open("9", "200+ entrées")
	scr := d.screen()
	appCheckFits(t, scr, 80, 24)
	if n := strings.Count(scr, "fiche créée"); n > 19 {
		t.Errorf("%d rows drawn", n)
	}
	for range 4 {
		d.press("G")
	}
	d.waitFor("entrées · les plus récentes")
	d.pressUntil("G", "614 entrées")
	// 605 fiches, 4 units, 3 payments, the first responsable and their login: all loaded, by pages.
	d.press("G")
	d.waitScreen("614 entrées", "▸ 25/11/26 09:00 test           unité créée            fédération « Isère »")
	d.press("g")
	d.filter("type:fiche")
	d.press("enter")
	d.waitFor("Journal · /type:fiche")
	d.press("enter")
	d.waitFor("Changements", "Nom", "— → Contact")
	d.quit()
}
