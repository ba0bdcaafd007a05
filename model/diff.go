package model

import (
	"strconv"
	"strings"
)

// personFields lists, in display order, each field shown in the journal with
// a function giving its display value. Diff compares through it.
var personFields = []struct {
	label string
	get   func(p *Person) string
}{
	{"Type", func(p *Person) string { return kindName(p.Kind) }},
	{"Statut", func(p *Person) string { return statusName(p.Status) }},
	{"Archivée", func(p *Person) string { return yesNo(p.Archived) }},
	{"N° d'adhérent", func(p *Person) string { return p.MemberNumber }},
	{"Anciens numéros", func(p *Person) string { return strings.Join(p.PreviousNumbers, ", ") }},
	{"Arrivée à traiter", func(p *Person) string { return yesNo(p.Arrival) }},
	{"Civilité", func(p *Person) string { return p.Civility.String() }},
	{"Prénom", func(p *Person) string { return p.FirstName }},
	{"Nom", func(p *Person) string { return p.LastName }},
	{"Date de naissance", func(p *Person) string { return p.BirthDate.String() }},
	{"Genre", func(p *Person) string { return genderName(p.Gender) }},
	{"Adresse", func(p *Person) string { return p.Address.Street }},
	{"Code postal", func(p *Person) string { return p.Address.PostalCode }},
	{"Commune", func(p *Person) string { return p.Address.Commune }},
	{"Quartier", func(p *Person) string { return p.Quartier }},
	{"Circonscription", func(p *Person) string { return p.Circonscription }},
	{"Mobile", func(p *Person) string { return p.Mobile }},
	{"Fixe", func(p *Person) string { return p.Landline }},
	{"Courriel", func(p *Person) string { return p.Email }},
	{"Profession", func(p *Person) string { return p.Profession }},
	{"PCS", func(p *Person) string { return pcsName(p.PCS) }},
	{"Employeur / secteur", func(p *Person) string { return p.Employer }},
	{"Date d'adhésion", func(p *Person) string { return p.JoinDate.String() }},
	{"Fédération", func(p *Person) string { return unitRef(p.Org.Federation) }},
	{"Section", func(p *Person) string { return unitRef(p.Org.Section) }},
	{"Cellule", func(p *Person) string { return unitRef(p.Org.Cell) }},
	{"Centres d'intérêt", func(p *Person) string { return strings.Join(p.Interests, ", ") }},
	{"Mandats électifs", func(p *Person) string { return strings.Join(p.ElectedOffices, ", ") }},
	{"Syndicats", func(p *Person) string { return strings.Join(p.Unions, ", ") }},
	{"Associations", func(p *Person) string { return strings.Join(p.Associations, ", ") }},
	{"Source", func(p *Person) string { return p.Source }},
	{"Date de consentement", func(p *Person) string { return p.Consent.Date.String() }},
	{"Canaux consentis", func(p *Person) string { return p.Consent.Channels.String() }},
	{"Lettre sur papier", func(p *Person) string { return yesNo(p.Preferences.LetterOnPaper) }},
	{"Ne pas appeler", func(p *Person) string { return yesNo(p.Preferences.DoNotCall) }},
	{"NPAI", func(p *Person) string { return yesNo(p.Preferences.NPAI) }},
	{"Notes", func(p *Person) string { return p.Notes }},
}

// Diff lists the fields whose displayed value differs between old and new,
// with both values: the journal's "what changed". Units appear as #id; the
// UI names them.
func Diff(old, new *Person) []Change {
	var out []Change
	for _, f := range personFields {
		o, n := f.get(old), f.get(new)
		if o != n {
			out = append(out, Change{Field: f.label, Old: o, New: n})
		}
	}
	return out
}

func kindName(k Kind) string {
	if k == 0 {
		return ""
	}
	return k.String()
}

func statusName(s Status) string {
	if s == 0 {
		return ""
	}
	return s.String()
}

func genderName(g Gender) string {
	if g == GenderUnknown {
		return ""
	}
	return g.String()
}

func pcsName(p PCS) string {
	if p == PCSUnknown {
		return ""
	}
	return p.String()
}

func unitRef(id UnitID) string {
	if id == 0 {
		return ""
	}
	return "#" + strconv.FormatUint(uint64(id), 10)
}

func yesNo(b bool) string {
	if b {
		return "oui"
	}
	return ""
}
