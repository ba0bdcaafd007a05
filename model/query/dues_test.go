package query

import (
	"slices"
	"testing"

	"fichier/model"
)

func TestDuesFields(t *testing.T) {
	today := model.NewDate(2026, 11, 25)
	paid := func(from, to model.Month) model.DuesSummary {
		var s model.DuesSummary
		s.Add(model.Period{From: from, To: to})
		return s
	}
	adh := func(id model.PersonID, fed model.UnitID, s model.DuesSummary) *Row {
		return &Row{ID: id, Kind: model.KindAdherent, Status: model.StatusActif, Org: model.Org{Federation: fed}, Dues: s}
	}
	rows := []*Row{
		adh(1, 1, paid(model.NewMonth(2026, 1), model.NewMonth(2026, 12))), // à jour
		adh(2, 1, paid(model.NewMonth(2025, 1), model.NewMonth(2025, 12))), // 11 months late
		adh(3, 1, model.DuesSummary{}),                                     // jamais
		adh(4, 1, paid(model.NewMonth(2026, 1), model.NewMonth(2026, 9))),  // 2 months: within the grace
		adh(5, 2, paid(model.NewMonth(2026, 1), model.NewMonth(2026, 9))),  // federation 2 has no grace: 2 months late
		{ID: 6, Kind: model.KindContact, Status: model.StatusActif, Org: model.Org{Federation: 1}},
		{ID: 7, Kind: model.KindAdherent, Status: model.StatusDecede, Org: model.Org{Federation: 1}},
	}
	rows[0].Dues.SetCard(2026, true)
	rows[1].Dues.SetCard(2025, true)
	rows[3].Dues.SetCard(2026, true)
	env := Env{Today: today, Dues: func(org model.Org) model.DuesRule {
		if org.Federation == 2 {
			return model.NewDuesRule(today, 0)
		}
		return model.NewDuesRule(today, -1)
	}}
	for q, want := range map[string][]model.PersonID{
		"cotisation:à-jour":           {1, 4},
		"cotisation:retard":           {2, 5},
		"cotisation:jamais":           {3},
		"cotisation:retard,jamais":    {2, 3, 5},
		"statut:retard":               {2, 5},
		"statut:actif":                {1, 2, 3, 4, 5, 6},
		"statut:retard,décédé":        {2, 5, 7},
		"-cotisation:à-jour type:adh": {2, 3, 5, 7},
		"retard:>3":                   {2},
		"retard:<=2":                  {5},
		"retard:2-11":                 {2, 5},
		"cotisé:2025":                 {2},
		"cotisé:2026":                 {1, 4, 5},
		"cotisé:2024,2025":            {2},
		"carte:2026":                  {1, 4},
		"carte:2025,2026":             {1, 2, 4},
		"-carte:2026 type:adh":        {2, 3, 5, 7},
		"-carte:2026 cotisé:2026":     {5},
	} {
		parsed, err := Parse(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		m, err := parsed.Bind(env)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var got []model.PersonID
		for _, r := range rows {
			if m.Match(r) {
				got = append(got, r.ID)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", q, got, want)
		}
	}
}
