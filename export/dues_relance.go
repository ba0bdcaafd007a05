package export

import (
	"context"
	"time"

	"fichier/model"
	"fichier/store"
)

// RelanceQuery is who a reminder goes to: the adherents behind (computed
// status).
const RelanceQuery = "cotisation:retard,jamais"

// RelancePreset is the reminder of dues (« relance ») to the adherents
// behind: like the lettre, by courriel to those who accept it and have an
// address, else by courrier; neutral columns (civility, name, address or
// courriel) plus the amount due and the period — never the political
// columns, as the file may go to a mailing contractor. arrears holds the
// adherents behind; the others are left out.
func RelancePreset(arrears map[model.PersonID]model.Arrears) *Preset {
	due := Column{Header: "Montant dû", Width: 12, Get: func(p *model.Person, _ Units) Value {
		if a := arrears[p.ID]; a.Due > 0 {
			return Value{Text: model.FormatCents(a.Due)}
		}
		return Value{}
	}}
	since := Column{Header: "Période", Width: 22, Get: func(p *model.Person, _ Units) Value {
		return Value{Text: arrears[p.ID].PeriodText()}
	}}
	return &Preset{
		Name:    "relance",
		Label:   "Relance de cotisation",
		Help:    "les adhérents en retard ou n'ayant jamais cotisé : par courriel à qui l'accepte, sinon par courrier ; nom, adresse ou courriel, montant dû et période ; rien d'autre (fichier neutre)",
		Neutral: true,
		Stem:    "relance",
		Sheets: []Sheet{
			{Name: "Par courriel", Columns: []Column{colCivility, colLastName, colFirstName, colEmail, due, since}},
			{Name: "Par courrier", Columns: []Column{colCivility, colLastName, colFirstName, colStreet, colPostalCode, colCommune, due, since}},
		},
		Route: func(p *model.Person) (int, string) {
			if _, ok := arrears[p.ID]; !ok {
				return -1, OutUpToDate
			}
			if sheet, _ := presetCourriel.Route(p); sheet == 0 && !p.Preferences.LetterOnPaper {
				return 0, ""
			}
			if sheet, why := presetCourrier.Route(p); sheet < 0 {
				return -1, why
			}
			return 1, ""
		},
	}
}

// OutUpToDate: a reminder leaves out those up to date.
const OutUpToDate = "à jour de cotisation"

// WriteRelance writes the reminder file of the session's adherents behind
// at path (xlsx or CSV): the export right, journaled like every export.
func WriteRelance(ctx context.Context, st *store.Store, sess *store.Session, f Format, path string) (Result, *Plan, error) {
	behind, err := st.DuesBehind(sess)
	if err != nil {
		return Result{}, nil, err
	}
	arrears := make(map[model.PersonID]model.Arrears, len(behind))
	for _, b := range behind {
		arrears[b.Person.ID] = b.Arrears
	}
	plan, err := Prepare(st, sess, Request{Query: RelanceQuery, Preset: RelancePreset(arrears), Format: f, Path: path})
	if err != nil {
		return Result{}, nil, err
	}
	res, err := Write(ctx, st, sess, plan, nil)
	return res, plan, err
}

// RelanceDefaultPath is the neutral default file name in dir.
func RelanceDefaultPath(dir string, f Format, now time.Time) string {
	return DefaultPath(dir, RelancePreset(nil), f, RelanceQuery, now)
}
