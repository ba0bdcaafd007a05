package export

import (
	"slices"
	"testing"

	"fichier/internal/storetest"
	"fichier/model"
	"fichier/store"
)

// testNow is the tests' clock: Wednesday 25/11/2026 10:00 in Paris.
var testNow = storetest.Now

// world is a small federation: section Sud-Grenoblois (cells Échirolles
// and Eybens) and section Grenoble (cell Villeneuve), and a handful of
// fiches chosen for the presets' rules.
type world struct {
	st                 *store.Store
	sys                *store.Session
	fed, sud, gre      model.Unit
	cellE, cellEy, vil model.Unit
	p                  map[string]model.Person // by last name
}

func newWorld(t testing.TB) *world {
	t.Helper()
	base := storetest.NewWorld(t)
	st := base.St
	w := &world{st: st, sys: base.Sys, p: map[string]model.Person{}}
	w.fed = base.Unit(model.Org{}, "Isère", "38")
	w.sud = base.Unit(w.fed.Path, "Sud-Grenoblois", "")
	w.gre = base.Unit(w.fed.Path, "Grenoble", "")
	w.cellE = base.Unit(w.sud.Path, "Échirolles", "")
	w.cellEy = base.Unit(w.sud.Path, "Eybens", "")
	w.vil = base.Unit(w.gre.Path, "Villeneuve", "")
	all := model.ChannelCourrier | model.ChannelCourriel | model.ChannelTelephone
	for _, p := range []model.Person{
		{Kind: model.KindAdherent, Civility: model.CivilityMme, FirstName: "Samira", LastName: "Benali", Org: w.cellE.Path,
			BirthDate: model.NewDate(1985, 6, 14), Mobile: "06 12 34 56 78", Email: "samira.benali@exemple.fr",
			Address:   model.Address{Street: "12 avenue des Îles", PostalCode: "38130", Commune: "Échirolles"},
			Interests: []string{"santé", "logement"}, Source: "Fête de l'Huma 2024", Consent: model.Consent{Date: model.NewDate(2024, 9, 14), Channels: all},
			Notes: "Ligne 1\nLigne 2 ; avec « guillemets » et \"doubles\""},
		{Kind: model.KindAdherent, Civility: model.CivilityMme, FirstName: "Émilie", LastName: "Dupont-Martin", Org: w.sud.Path,
			Address:  model.Address{Street: "3 rue Jean Jaurès", PostalCode: "38320", Commune: "Eybens"},
			Landline: "04 76 12 34 56", Consent: model.Consent{Date: model.NewDate(2020, 1, 31), Channels: model.ChannelCourrier | model.ChannelTelephone}},
		{Kind: model.KindAdherent, Civility: model.CivilityM, FirstName: "Marc", LastName: "Roux", Org: w.cellEy.Path, Status: model.StatusEnRetard,
			Email: "marc.roux@exemple.fr", Mobile: "07 81 22 33 44", Preferences: model.Preferences{LetterOnPaper: true, DoNotCall: true},
			Address: model.Address{Street: "5 place de la Mairie", PostalCode: "38000", Commune: "Grenoble"}, Consent: model.Consent{Channels: all}},
		{Kind: model.KindCompagnon, FirstName: "Françoise", LastName: "Lefèvre", Org: w.cellE.Path, Email: "f.lefevre@exemple.fr",
			Address:     model.Address{Street: "8 rue Victor Hugo", PostalCode: "38130", Commune: "Échirolles"},
			Preferences: model.Preferences{NPAI: true}, Consent: model.Consent{Channels: all}},
		{Kind: model.KindContact, FirstName: "Sophie", LastName: "Morel", Org: w.sud.Path, Landline: "04 74 00 00 01",
			Email: "sophie.morel@exemple.fr", Address: model.Address{Street: "1 rue Bichat", PostalCode: "01000", Commune: "Bourg-en-Bresse"},
			Consent: model.Consent{Date: model.NewDate(2026, 3, 8), Channels: model.ChannelCourriel}, Source: "Pétition hôpital"},
		{Kind: model.KindAdherent, FirstName: "Paul", LastName: "Ancien", Org: w.sud.Path, Status: model.StatusDecede, Mobile: "06 99 88 77 66",
			Email: "paul.ancien@exemple.fr", Consent: model.Consent{Channels: all}},
		{Kind: model.KindAdherent, Civility: model.CivilityM, FirstName: "Karim", LastName: "Haddad", Org: w.vil.Path, Quartier: "Villeneuve",
			Mobile: "06 55 44 33 22", Email: "karim.haddad@exemple.fr", BirthDate: model.NewDate(1970, 1, 1),
			Address: model.Address{Street: "40 galerie de l'Arlequin", PostalCode: "38100", Commune: "Grenoble"}, Consent: model.Consent{Channels: all}},
	} {
		w.p[p.LastName] = base.Create(p)
	}
	return w
}

// user appoints a responsable and logs in: at national or federation level
// by the system session (first and last name given); lower down by a
// federation responsable, with the adherent fiche person as appointee.
func (w *world) user(t testing.TB, first, last string, scope model.Org, rights model.Rights, person ...model.PersonID) *store.Session {
	t.Helper()
	const pw = "Cerise-Abricot-92!"
	login := func(u model.User) *store.Session {
		sess, err := w.st.LocalSession(u.Username) // no first-login setup in tests
		if err != nil {
			t.Fatal(err)
		}
		return sess
	}
	granter := w.sys
	spec := store.UserSpec{FirstName: first, LastName: last, Scope: scope, Rights: rights, Password: pw}
	if scope.Level() > model.LevelFederation {
		fed, _, err := w.st.CreateUser(w.sys, store.UserSpec{FirstName: "Fédé", LastName: "Ration" + last, Scope: model.Org{Federation: scope.Federation}, Rights: model.AllRights, Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		granter = login(fed)
		if len(person) == 0 {
			t.Fatal("a section responsable is an adherent: give their fiche")
		}
	}
	if len(person) > 0 {
		spec.PersonID = person[0]
	}
	u, _, err := w.st.CreateUser(granter, spec)
	if err != nil {
		t.Fatal(err)
	}
	return login(u)
}

// names lists the last names of fiches, sorted.
func names(people []model.Person) []string {
	out := make([]string, len(people))
	for i, p := range people {
		out[i] = p.LastName
	}
	slices.Sort(out)
	return out
}

// journal returns the export entries of the file.
func exportEntries(t testing.TB, w *world) []model.AuditEntry {
	t.Helper()
	e, err := w.st.Journal(w.sys, store.JournalFilter{Action: model.ActionExport})
	if err != nil {
		t.Fatal(err)
	}
	return e
}
