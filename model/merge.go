package model

import (
	"slices"
	"strings"
)

// MergeField is one field of a fiche as merging sees it: when two fiches
// are found to be the same person (doublons) or an imported row matches an
// existing fiche. Fields that only make sense together are one MergeField:
// the postal address (street, postal code, commune and NPAI) is taken whole
// from one side, never stitched from both.
type MergeField struct {
	Key   string // a Field* constant ("adresse" stands for the whole address)
	Label string // French, as shown
	// Union fields (lists, consent channels, yes-flags, notes) are merged
	// by adding what the other side has: they never conflict.
	Union bool
	// Get is the field's value as compared and shown ("" = empty). Units
	// appear as #id (the store names them); phones in canonical form.
	Get func(p *Person) string
	// Take copies the field from src into dst (for Union fields: adds src's
	// values to dst's).
	Take func(dst, src *Person)
}

// FieldAddress, FieldOrg, FieldLists … name the merge fields that are not
// single form fields.
const (
	FieldOrg          = "structure"
	FieldInterests    = "interets"
	FieldOffices      = "mandats"
	FieldUnions       = "syndicats"
	FieldAssociations = "associations"
	FieldChannels     = "canaux"
	FieldPaperLetter  = "lettrepapier"
	FieldDoNotCall    = "nepasappeler"
	FieldNPAI         = "npai"
	FieldArchived     = "archivee"
)

// MergeFields lists every field of a fiche in form order.
var MergeFields = []MergeField{
	{Key: FieldKind, Label: "Type", Get: func(p *Person) string { return kindName(p.Kind) }, Take: func(d, s *Person) { d.Kind = s.Kind }},
	{Key: FieldStatus, Label: "Statut", Get: func(p *Person) string { return statusName(p.Status) }, Take: func(d, s *Person) { d.Status = s.Status }},
	{Key: FieldMemberNumber, Label: "N° d'adhérent", Get: func(p *Person) string { return p.MemberNumber }, Take: func(d, s *Person) { d.MemberNumber = s.MemberNumber }},
	{Key: FieldCivility, Label: "Civilité", Get: func(p *Person) string { return p.Civility.String() }, Take: func(d, s *Person) { d.Civility = s.Civility }},
	{Key: FieldLastName, Label: "Nom", Get: func(p *Person) string { return p.LastName }, Take: func(d, s *Person) { d.LastName = s.LastName }},
	{Key: FieldFirstName, Label: "Prénom", Get: func(p *Person) string { return p.FirstName }, Take: func(d, s *Person) { d.FirstName = s.FirstName }},
	{Key: FieldBirthDate, Label: "Date de naissance", Get: func(p *Person) string { return p.BirthDate.String() }, Take: func(d, s *Person) { d.BirthDate = s.BirthDate }},
	{Key: FieldGender, Label: "Genre", Get: func(p *Person) string { return genderName(p.Gender) }, Take: func(d, s *Person) { d.Gender = s.Gender }},
	{Key: FieldStreet, Label: "Adresse", Get: addressText, Take: func(d, s *Person) { d.Address = s.Address; d.Preferences.NPAI = s.Preferences.NPAI }},
	{Key: FieldQuartier, Label: "Quartier", Get: func(p *Person) string { return p.Quartier }, Take: func(d, s *Person) { d.Quartier = s.Quartier }},
	{Key: FieldCirco, Label: "Circonscription", Get: func(p *Person) string { return p.Circonscription }, Take: func(d, s *Person) { d.Circonscription = s.Circonscription }},
	{Key: FieldMobile, Label: "Mobile", Get: func(p *Person) string { return p.Mobile }, Take: func(d, s *Person) { d.Mobile = s.Mobile }},
	{Key: FieldLandline, Label: "Fixe", Get: func(p *Person) string { return p.Landline }, Take: func(d, s *Person) { d.Landline = s.Landline }},
	{Key: FieldEmail, Label: "Courriel", Get: func(p *Person) string { return p.Email }, Take: func(d, s *Person) { d.Email = s.Email }},
	{Key: FieldProfession, Label: "Profession", Get: func(p *Person) string { return p.Profession }, Take: func(d, s *Person) { d.Profession = s.Profession }},
	{Key: FieldPCS, Label: "PCS", Get: func(p *Person) string { return pcsName(p.PCS) }, Take: func(d, s *Person) { d.PCS = s.PCS }},
	{Key: FieldEmployer, Label: "Employeur / secteur", Get: func(p *Person) string { return p.Employer }, Take: func(d, s *Person) { d.Employer = s.Employer }},
	{Key: FieldJoinDate, Label: "Date d'adhésion", Get: func(p *Person) string { return p.JoinDate.String() }, Take: func(d, s *Person) { d.JoinDate = s.JoinDate }},
	{Key: FieldOrg, Label: "Structure", Get: orgRef, Take: func(d, s *Person) { d.Org = s.Org }},
	{Key: FieldInterests, Label: "Centres d'intérêt", Union: true, Get: func(p *Person) string { return strings.Join(p.Interests, ", ") },
		Take: func(d, s *Person) { d.Interests = unionList(d.Interests, s.Interests) }},
	{Key: FieldOffices, Label: "Mandats électifs", Union: true, Get: func(p *Person) string { return strings.Join(p.ElectedOffices, ", ") },
		Take: func(d, s *Person) { d.ElectedOffices = unionList(d.ElectedOffices, s.ElectedOffices) }},
	{Key: FieldUnions, Label: "Syndicats", Union: true, Get: func(p *Person) string { return strings.Join(p.Unions, ", ") },
		Take: func(d, s *Person) { d.Unions = unionList(d.Unions, s.Unions) }},
	{Key: FieldAssociations, Label: "Associations", Union: true, Get: func(p *Person) string { return strings.Join(p.Associations, ", ") },
		Take: func(d, s *Person) { d.Associations = unionList(d.Associations, s.Associations) }},
	{Key: FieldSource, Label: "Source", Get: func(p *Person) string { return p.Source }, Take: func(d, s *Person) { d.Source = s.Source }},
	{Key: FieldConsentDate, Label: "Date du consentement", Get: func(p *Person) string { return p.Consent.Date.String() }, Take: func(d, s *Person) { d.Consent.Date = s.Consent.Date }},
	{Key: FieldChannels, Label: "Canaux consentis", Union: true, Get: func(p *Person) string { return p.Consent.Channels.String() },
		Take: func(d, s *Person) { d.Consent.Channels |= s.Consent.Channels }},
	{Key: FieldPaperLetter, Label: "Lettre sur papier", Union: true, Get: func(p *Person) string { return yesNo(p.Preferences.LetterOnPaper) },
		Take: func(d, s *Person) {
			d.Preferences.LetterOnPaper = d.Preferences.LetterOnPaper || s.Preferences.LetterOnPaper
		}},
	{Key: FieldDoNotCall, Label: "Ne pas appeler", Union: true, Get: func(p *Person) string { return yesNo(p.Preferences.DoNotCall) },
		Take: func(d, s *Person) { d.Preferences.DoNotCall = d.Preferences.DoNotCall || s.Preferences.DoNotCall }},
	{Key: FieldNotes, Label: "Notes", Union: true, Get: func(p *Person) string { return p.Notes }, Take: func(d, s *Person) { d.Notes = unionNotes(d.Notes, s.Notes) }},
}

// MergeFieldFor returns the merge field with that key.
func MergeFieldFor(key string) (MergeField, bool) {
	for _, f := range MergeFields {
		if f.Key == key {
			return f, true
		}
	}
	return MergeField{}, false
}

// FillEmpty completes dst with src: each field empty in dst and set in src
// is copied, union fields get src's values added, and nothing set in dst is
// ever replaced. It returns the keys of the fields it changed and, for each
// field set on both sides with different values, the conflict (Old = dst's
// value, kept; New = src's, not taken). consider, when not nil, limits the
// fields looked at (an import only compares the columns its file has).
func FillEmpty(dst, src *Person, consider func(key string) bool) (filled []string, conflicts []Change) {
	for _, f := range MergeFields {
		if consider != nil && !consider(f.Key) {
			continue
		}
		dv, sv := f.Get(dst), f.Get(src)
		if sv == "" || dv == sv {
			continue
		}
		if f.Union {
			f.Take(dst, src)
			if f.Get(dst) != dv {
				filled = append(filled, f.Key)
			}
			continue
		}
		if dv == "" {
			f.Take(dst, src)
			filled = append(filled, f.Key)
			continue
		}
		if f.Key == FieldLastName || f.Key == FieldFirstName {
			// The same name typed differently (case, accents) is no conflict.
			if Fold(dv) == Fold(sv) {
				continue
			}
		}
		if f.Key == FieldStreet && addressCovers(dst, src) {
			continue
		}
		conflicts = append(conflicts, Change{Field: f.Label, Old: dv, New: sv})
	}
	return filled, conflicts
}

// ConflictKeys lists the keys of the fields set on both sides with
// different values (those a merge of two fiches must choose).
func ConflictKeys(a, b *Person) []string {
	var out []string
	for _, f := range MergeFields {
		if f.Union {
			continue
		}
		av, bv := f.Get(a), f.Get(b)
		if av != "" && bv != "" && av != bv {
			out = append(out, f.Key)
		}
	}
	return out
}

// addressCovers reports whether src's address says nothing dst's does not:
// only the postcode and/or town of dst's address (a spreadsheet without a
// street column), nor a new NPAI mark.
func addressCovers(dst, src *Person) bool {
	a, b := dst.Address, src.Address
	return b.Street == "" &&
		(b.PostalCode == "" || b.PostalCode == a.PostalCode) &&
		(b.Commune == "" || Fold(b.Commune) == Fold(a.Commune)) &&
		(!src.Preferences.NPAI || dst.Preferences.NPAI)
}

func addressText(p *Person) string {
	a := p.Address
	s := joinNonEmpty(", ", a.Street, joinNonEmpty(" ", a.PostalCode, a.Commune))
	if s != "" && p.Preferences.NPAI {
		s += " (NPAI)"
	}
	return s
}

func orgRef(p *Person) string {
	if p.Org == (Org{}) {
		return ""
	}
	return joinNonEmpty(" › ", unitRef(p.Org.Federation), unitRef(p.Org.Section), unitRef(p.Org.Cell))
}

// unionList adds to a the entries of b it lacks (ignoring case and accents).
func unionList(a, b []string) []string {
	seen := make(map[string]bool, len(a))
	for _, s := range a {
		seen[Fold(s)] = true
	}
	out := slices.Clone(a)
	for _, s := range b {
		if k := Fold(s); !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// unionNotes appends b to a unless a already contains it.
func unionNotes(a, b string) string {
	switch {
	case b == "" || strings.Contains(a, b):
		return a
	case a == "" || strings.Contains(b, a):
		return b
	}
	return a + "\n" + b
}
