package stats

import (
	"slices"

	"fichier/model"
	"fichier/model/query"
)

// KindChange is one step of a fiche on the path contact → compagnon de
// route → adhérent, as the journal records it: From is 0 when the fiche
// was created with kind To.
type KindChange struct {
	Person   model.PersonID
	Day      model.Date
	From, To model.Kind
}

// Progression is the path's movement over one calendar year, for the
// fiches counted (those the journal still knows: an erased fiche's steps
// are gone with it).
type Progression struct {
	Year int
	// New fiches created in the year, by their kind at creation.
	NewContacts, NewCompagnons, NewAdherents int
	// Steps taken in the year (a fiche promoted twice counts in both).
	ContactToCompagnon, CompagnonToAdherent, ContactToAdherent int
	// Backwards counts kind changes down the path (corrections).
	Backwards int
}

// ProgressionOf counts the changes of year made to the fiches of rows.
func ProgressionOf(changes []KindChange, rows []*query.Row, year int) Progression {
	p := Progression{Year: year}
	if len(changes) == 0 {
		return p
	}
	ids := make([]model.PersonID, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	slices.Sort(ids)
	for _, c := range changes {
		if c.Day.Year() != year {
			continue
		}
		if _, ok := slices.BinarySearch(ids, c.Person); !ok {
			continue
		}
		switch {
		case c.From == 0 && c.To == model.KindContact:
			p.NewContacts++
		case c.From == 0 && c.To == model.KindCompagnon:
			p.NewCompagnons++
		case c.From == 0 && c.To == model.KindAdherent:
			p.NewAdherents++
		case c.From == model.KindContact && c.To == model.KindCompagnon:
			p.ContactToCompagnon++
		case c.From == model.KindCompagnon && c.To == model.KindAdherent:
			p.CompagnonToAdherent++
		case c.From == model.KindContact && c.To == model.KindAdherent:
			p.ContactToAdherent++
		case c.From > c.To:
			p.Backwards++
		}
	}
	return p
}
